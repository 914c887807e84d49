import { describe, expect, it } from 'vitest';
import { progressInWords } from './progress';

describe('dual extraction progress in words', () => {
  it('says how many rows were entered, how often the extractors agreed at once, and what waits', () => {
    expect(progressInWords({ awaiting: 3, conflicts: 1, agreed: 10, reconciled: 2 })).toBe(
      '12 rows entered by two extractors (10 agreed at once, 83%; 2 reconciled) · 1 conflict · 3 rows awaiting a second extraction',
    );
    expect(progressInWords({ awaiting: 1, conflicts: 0, agreed: 0, reconciled: 1 })).toBe('1 row entered by two extractors (0 agreed at once, 0%; 1 reconciled) · 1 row awaiting a second extraction');
    expect(progressInWords({ awaiting: 0, conflicts: 2, agreed: 0, reconciled: 0 })).toBe('No row entered by two extractors yet · 2 conflicts');
  });
});
