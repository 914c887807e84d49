import { describe, expect, it } from 'vitest';
import { refreshInTurn } from './refresh-in-turn';

/** A page whose refetch answers when the test says, with the version committed when it was asked. */
function page() {
  let committed = 0;
  let shown: number | null = 0;
  const asked: number[] = [];
  const pending: (() => void)[] = [];
  const refresh = () =>
    new Promise<void>((resolve) => {
      const read = committed;
      asked.push(read);
      pending.push(() => {
        shown = Math.max(shown ?? 0, read);
        resolve();
      });
    });
  return {
    commit: () => ++committed,
    shown: () => shown,
    asked,
    answer: async () => {
      pending.shift()?.();
      // Let the refresher see the answer and ask again if it must.
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    refresh,
  };
}

describe('refreshInTurn', () => {
  it('asks once more after a refresh when newer events came during it, and the page ends at the newest version', async () => {
    const p = page();
    const onEvent = refreshInTurn(p.shown, p.refresh);
    onEvent({ version: p.commit() });
    onEvent({ version: p.commit() });
    onEvent({ version: p.commit() });
    // One request under way (read at version 1); the two later events wait for it, as one.
    expect(p.asked).toEqual([1]);
    await p.answer();
    expect(p.shown()).toBe(1);
    expect(p.asked).toEqual([1, 3]);
    await p.answer();
    expect(p.shown()).toBe(3);
    expect(p.asked).toEqual([1, 3]);
  });

  it('does not ask again when the refresh already shows the newer events', async () => {
    const p = page();
    const onEvent = refreshInTurn(p.shown, p.refresh);
    const first = p.commit();
    p.commit();
    onEvent({ version: first });
    // The request read version 2; its event arrives while it is under way.
    onEvent({ version: 2 });
    await p.answer();
    expect(p.shown()).toBe(2);
    expect(p.asked).toEqual([2]);
    onEvent({ version: p.commit() });
    expect(p.asked).toEqual([2, 3]);
  });

  it('goes on after a refresh fails', async () => {
    let calls = 0;
    const onEvent = refreshInTurn(
      () => 0,
      () => (++calls === 1 ? Promise.reject(new Error('network')) : Promise.resolve()),
    );
    onEvent({ version: 1 });
    onEvent({ version: 2 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls).toBe(2);
    onEvent({ version: 3 });
    expect(calls).toBe(3);
  });
});
