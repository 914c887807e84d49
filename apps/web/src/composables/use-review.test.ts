import { describe, expect, it } from 'vitest';
import { advancedOutcomeIds } from './use-review';

describe('advancedOutcomeIds', () => {
  it('names the outcomes recomputed or added between two versions of a review, however many changes came between', () => {
    const previous = { outcomes: [{ id: 'a', version: 3 }, { id: 'b', version: 5 }, { id: 'c', version: 5 }] };
    const next = { outcomes: [{ id: 'a', version: 3 }, { id: 'b', version: 7 }, { id: 'c', version: 6 }, { id: 'd', version: 7 }] };
    expect([...advancedOutcomeIds(previous, next)]).toEqual(['b', 'c', 'd']);
    expect([...advancedOutcomeIds(next, next)]).toEqual([]);
  });
});
