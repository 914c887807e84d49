// One subscriber's stream: offered values in order, only the newest few kept for a slow consumer (sliding-stream.ts).
import { describe, expect, it } from 'vitest';
import { SlidingStream } from '../src/sliding-stream.js';

function stream(keep: number, start: () => Promise<void> = async () => {}) {
  const calls: string[] = [];
  const value = new SlidingStream<number>(keep, {
    start: async () => {
      calls.push('start');
      await start();
    },
    end: () => calls.push('end'),
  });
  return { value, calls };
}

describe('SlidingStream', () => {
  it('starts on the first next, hands an offer to a waiting consumer, and keeps only the newest `keep` for a slow one', async () => {
    const { value: s, calls } = stream(2);
    expect(calls).toEqual([]);
    const first = s.next();
    expect(calls).toEqual(['start']);
    await Promise.resolve();
    s.offer(1);
    expect(await first).toEqual({ done: false, value: 1 });
    for (const n of [2, 3, 4, 5]) s.offer(n);
    expect([(await s.next()).value, (await s.next()).value]).toEqual([4, 5]);
    expect(calls).toEqual(['start']);
  });

  it('ends once when returned: a waiting next is done, later offers are dropped, later nexts are done', async () => {
    const { value: s, calls } = stream(1);
    await Promise.resolve();
    const waiting = s.next();
    await s.return();
    await s.return();
    s.offer(1);
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(await s.next()).toEqual({ done: true, value: undefined });
    expect(calls).toEqual(['start', 'end']);
  });

  it('rejects the first next and ends when starting fails', async () => {
    const { value: s, calls } = stream(1, () => Promise.reject(new Error('the change log could not be read')));
    await expect(s.next()).rejects.toThrow('the change log could not be read');
    expect(calls).toEqual(['start', 'end']);
    expect(await s.next()).toEqual({ done: true, value: undefined });
  });

  it('keeps values offered while it starts, for the first next', async () => {
    const { value: s } = stream(3, async () => s.offer(7));
    expect(await s.next()).toEqual({ done: false, value: 7 });
  });

  it('ends when thrown into, passing the error on', async () => {
    const { value: s, calls } = stream(1);
    await expect(s.throw(new Error('consumer failed'))).rejects.toThrow('consumer failed');
    expect(calls).toEqual(['end']);
  });
});

describe('SlidingStream asked again while it starts', () => {
  it('answers the calls in the order they were made', async () => {
    let release!: () => void;
    const s: SlidingStream<number> = new SlidingStream<number>(5, {
      start: () =>
        new Promise<void>((resolve) => {
          release = () => {
            s.offer(1);
            s.offer(2);
            resolve();
          };
        }),
      end: () => {},
    });
    const first = s.next();
    const second = s.next();
    release();
    expect([(await first).value, (await second).value]).toEqual([1, 2]);
  });
});
