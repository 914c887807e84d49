import { describe, expect, it } from 'vitest';
import { prefetchOutcome, takePrefetched } from './prefetch-outcome';

const outcome = { id: 'o1', version: 34 };
let asked = 0;
const client = {
  query: async () => {
    asked += 1;
    return { data: { outcome } };
  },
} as unknown as Parameters<typeof prefetchOutcome>[0];

describe('prefetchOutcome', () => {
  it('hands the page the answer of a fresh prefetch, once, without asking again', async () => {
    asked = 0;
    prefetchOutcome(client, 'o1', 1000);
    await expect(takePrefetched('o1', 1500)).resolves.toEqual(outcome);
    expect(takePrefetched('o1', 1600)).toBeNull();
    expect(asked).toBe(1);
  });

  it('lets the page ask the network when nothing was prefetched or the prefetch is stale', () => {
    expect(takePrefetched('o2', 1000)).toBeNull();
    prefetchOutcome(client, 'o3', 1000);
    expect(takePrefetched('o3', 20_000)).toBeNull();
  });
});
