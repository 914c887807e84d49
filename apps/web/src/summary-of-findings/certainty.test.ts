import { describe, expect, it } from 'vitest';
import { certaintyText, gradeDomainName, ratingChoices, ratingText, targetText, thresholdsText } from './certainty';

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

  it('words a three-level downgrade of imprecision, the target of the rating and the thresholds (GRADE guidance 34)', () => {
    expect(ratingText('IMPRECISION', -3)).toBe('−3 (extremely serious)');
    expect(targetText('LITTLE_OR_NO_EFFECT')).toBe('Certainty that there is little or no effect');
    expect(targetText('AN_IMPORTANT_EFFECT')).toBe('Certainty that there is an important effect');
    expect(thresholdsText('OR', { lower: 0.9, upper: 1 / 0.9, source: 'a 10% relative risk reduction' })).toBe('Odds ratio 0.90 and 1.11 (from a 10% relative risk reduction)');
    expect(thresholdsText('MD', null)).toBe('no effect (Mean difference 0) alone: no minimal important difference is set');
  });
});
