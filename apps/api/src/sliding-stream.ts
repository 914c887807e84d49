// One subscriber's stream of events: the publisher offers, the subscriber takes, and a subscriber that falls behind
// keeps only the newest few. Made for fan-out to thousands of subscribers: an offer to a waiting subscriber is one
// promise resolution, and nothing stays behind a value once it is taken.

export interface SlidingStreamHooks {
  /** Runs on the first `next()`: the stream starts listening here. If it fails, that `next()` rejects and the stream ends. */
  start: () => Promise<void>;
  /** Runs once, when the stream ends (its consumer returned, threw, or `start` failed). */
  end: () => void;
}

/** An async iterator of offered values that keeps at most `keep` untaken ones (the oldest go first). */
export class SlidingStream<T> implements AsyncIterableIterator<T> {
  private readonly untaken: T[] = [];
  private readonly waiting: ((result: IteratorResult<T>) => void)[] = [];
  private started: Promise<void> | null = null;
  private ready = false;
  private ended = false;

  constructor(
    private readonly keep: number,
    private readonly hooks: SlidingStreamHooks,
  ) {}

  /** Hands `value` to a waiting consumer, or keeps it until asked for. */
  offer(value: T): void {
    if (this.ended) return;
    const wake = this.waiting.shift();
    if (wake) return wake({ done: false, value });
    this.untaken.push(value);
    if (this.untaken.length > this.keep) this.untaken.shift();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.ended) return Promise.resolve({ done: true, value: undefined });
    if (this.ready) return this.take();
    // Asked again while starting: in turn, after the values starting offers.
    if (this.started) return this.started.then(() => this.take());
    this.started = this.hooks.start().then(
      () => void (this.ready = true),
      (error: unknown) => {
        this.finish();
        throw error;
      },
    );
    return this.started.then(() => this.take());
  }

  return(): Promise<IteratorResult<T>> {
    this.finish();
    return Promise.resolve({ done: true, value: undefined });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    this.finish();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private take(): Promise<IteratorResult<T>> {
    if (this.untaken.length > 0) return Promise.resolve({ done: false, value: this.untaken.shift()! });
    if (this.ended) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.untaken.length = 0;
    for (const wake of this.waiting.splice(0)) wake({ done: true, value: undefined });
    this.hooks.end();
  }
}
