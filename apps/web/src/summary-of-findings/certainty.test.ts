import { describe, expect, it } from 'vitest';
import { certaintyText, gradeDomainName, ratingChoices, ratingText } from './certainty';

describe('GRADE words', () => {
  it('writes a level with its symbols', () => {
    expect(certaintyText('MODERATE')).toBe('⊕⊕⊕◯ Moderate');
    expect(certaintyText('VERY_LOW')).toBe('⊕◯◯◯ Very low');
  });

  it('rates downgrade domains down and upgrade domains up', () => {
    expect(ratingText('IMPRECISION', -1)).toBe('−1 (serious)');
    expect(ratingText('RISK_OF_BIAS', -2)).toBe('−2 (very serious)');
    expect(ratingText('INCONSISTENCY', 0)).toBe('0 (not serious)');
    expect(ratingText('LARGE_EFFECT', 2)).toBe('+2');
    expect(ratingChoices('INDIRECTNESS').map((c) => c.value)).toEqual(['0', '-1', '-2']);
    expect(ratingChoices('DOSE_RESPONSE').map((c) => c.value)).toEqual(['0', '1', '2']);
    expect(gradeDomainName('PUBLICATION_BIAS')).toBe('Publication bias');
  });
});
