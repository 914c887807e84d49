// One queue for every request a client sends, so requests start at least minIntervalMs apart wherever they come from.

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RequestQueue {
  /** Runs `task` when its turn comes: after every earlier task has started and minIntervalMs has passed since the last. */
  schedule<T>(task: () => Promise<T>): Promise<T>;
}

export function createRequestQueue(minIntervalMs: number, sleep: Sleep, now: () => number): RequestQueue {
  let lastStart = Number.NEGATIVE_INFINITY;
  let turn: Promise<void> = Promise.resolve();
  return {
    schedule<T>(task: () => Promise<T>): Promise<T> {
      const mine = turn.then(async () => {
        const wait = lastStart + minIntervalMs - now();
        if (wait > 0) await sleep(wait);
        lastStart = now();
      });
      // A failed wait must not stop the queue for every later request.
      turn = mine.catch(() => undefined);
      return mine.then(task);
    },
  };
}
