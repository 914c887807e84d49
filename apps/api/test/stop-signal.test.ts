// A stream's next value or the signal that ends it, whichever comes first (stop-signal.ts).
import { describe, expect, it } from 'vitest';
import { StopSignal } from '../src/stop-signal.js';

const later = <T>(value: T, ms: number) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
const never = new Promise<never>(() => {});

describe('StopSignal', () => {
  it('gives the value when it comes first, and the signal when it is raised first', async () => {
    const signal = new StopSignal<'stopped'>();
    expect(await signal.or(later('event', 5))).toBe('event');
    const waiting = signal.or(never);
    setTimeout(() => signal.raise('stopped'), 5);
    expect(await waiting).toBe('stopped');
  });

  it('ends every wait under way when raised, and every later one at once, with the first value raised', async () => {
    const signal = new StopSignal<string>();
    const waits = [signal.or(never), signal.or(never)];
    signal.raise('access lost');
    signal.raise('raised again');
    expect(await Promise.all(waits)).toEqual(['access lost', 'access lost']);
    expect(await signal.or(later('event', 5))).toBe('access lost');
  });

  it('passes a failure of the promise on', async () => {
    const signal = new StopSignal<null>();
    await expect(signal.or(Promise.reject(new Error('source failed')))).rejects.toThrow('source failed');
  });
});
