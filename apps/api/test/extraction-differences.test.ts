// Two extractions compared number by number: exactly (no rounding), a number one gave and the other did not is a
// difference, and a number neither gave is none.
import { describe, expect, it } from 'vitest';
import { differingFields, extractionDifferences } from '../src/domain/extraction/differences.js';

describe('extraction differences', () => {
  it('compares every number exactly, in the order of a row’s columns', () => {
    const first = { mean1: 0.1 + 0.2, sd1: 1.5, n1: 20, mean2: 0.4, sd2: 1.2, n2: 21 };
    const second = { mean1: 0.3, sd1: 1.5, n1: 20, mean2: 0.4, sd2: 1.2, n2: 12 };
    expect(extractionDifferences(first, second)).toEqual([
      { field: 'n2', first: 21, second: 12 },
      { field: 'mean1', first: 0.30000000000000004, second: 0.3 },
    ]);
    expect(differingFields(extractionDifferences(first, second))).toBe('n2, mean1');
  });

  it('counts a number only one extractor gave (another kind of numbers) as a difference, and left-out and null as the same', () => {
    expect(extractionDifferences({ yi: -0.5, sei: 0.2 }, { estimate: 0.61, ciLower: 0.41, ciUpper: 0.9, yi: null })).toEqual([
      { field: 'yi', first: -0.5, second: null },
      { field: 'sei', first: 0.2, second: null },
      { field: 'estimate', first: null, second: 0.61 },
      { field: 'ciLower', first: null, second: 0.41 },
      { field: 'ciUpper', first: null, second: 0.9 },
    ]);
    expect(extractionDifferences({ events1: 4, n1: 20, events2: 9, n2: 21 }, { events1: 4, n1: 20, events2: 9, n2: 21, mean1: null })).toEqual([]);
  });
});
