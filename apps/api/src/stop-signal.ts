// Waiting for a stream's next value or for a signal that ends it, whichever comes first, for as long as a subscription
// lives. Not with Promise.race against the signal's promise: each race leaves a reaction on that promise, which stays
// pending while the subscription lives, so a subscriber held one more reaction (and what it reaches) for every event it
// received: half a kilobyte per event and subscriber through the event bus and the access check, gigabytes for a
// thousand dashboards after a few thousand changes.

/** A signal raised at most once, with a value; `or` waits for a promise or for it. Nothing stays behind a settled wait. */
export class StopSignal<S> {
  private raised: { value: S } | null = null;
  private readonly waiting = new Set<(value: S) => void>();

  /** Raises the signal: every wait under way ends with `value`, and every later one at once. */
  raise(value: S): void {
    if (this.raised) return;
    this.raised = { value };
    for (const wake of this.waiting) wake(value);
    this.waiting.clear();
  }

  /** `promise`'s value, or the signal's when it is raised first (or was already). */
  or<T>(promise: Promise<T>): Promise<T | S> {
    if (this.raised) return Promise.resolve(this.raised.value);
    return new Promise<T | S>((resolve, reject) => {
      this.waiting.add(resolve);
      promise.then(
        (value) => {
          this.waiting.delete(resolve);
          resolve(value);
        },
        (error: unknown) => {
          this.waiting.delete(resolve);
          reject(error);
        },
      );
    });
  }
}
