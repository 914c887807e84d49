import { describe, expect, it } from 'vitest';
import { effectHeader, formatCount, formatEffect, formatEffectWithCi, formatHeterogeneity, formatI2, formatP, formatPValue, formatTau2, formatWeight, isRatio, measureName, nullEffect } from './format';

describe('format', () => {
  it('gives effects two decimals and no negative zero', () => {
    expect(formatEffect(0.4746499135238253)).toBe('0.47');
    expect(formatEffect(-3.199)).toBe('-3.20');
    expect(formatEffect(-0.001)).toBe('0.00');
    expect(formatEffect(null)).toBe('–');
    expect(formatEffect(Number.NaN)).toBe('–');
  });

  it('writes an estimate with its CI the RevMan way', () => {
    expect(formatEffectWithCi(0.4746, 0.3296, 0.6835)).toBe('0.47 [0.33, 0.68]');
    expect(formatEffectWithCi(6.7, -0.22, 13.62)).toBe('6.70 [-0.22, 13.62]');
  });

  it('says P < 0.001 for tiny P values and never rounds onto 0.05', () => {
    expect(formatPValue(0.00006182598717848464)).toBe('P < 0.001');
    expect(formatPValue(1.19e-28)).toBe('P < 0.001');
    expect(formatPValue(0.0034)).toBe('P = 0.003');
    expect(formatPValue(0.0461)).toBe('P = 0.046');
    expect(formatPValue(0.0539)).toBe('P = 0.054');
    expect(formatPValue(0.324)).toBe('P = 0.32');
    expect(formatP(1)).toBe('1.00');
  });

  it('shows weights with one decimal and a percent sign, I² as a whole percent', () => {
    expect(formatWeight(9.664254176854703)).toBe('9.7%');
    expect(formatWeight(100)).toBe('100.0%');
    expect(formatI2(92.07269129326176)).toBe('92%');
  });

  it('groups the digits of participant counts', () => {
    expect(formatCount(176782)).toBe('176,782');
    expect(formatCount(62)).toBe('62');
    expect(formatCount(null)).toBe('');
  });

  it('keeps small τ² from reading as zero', () => {
    expect(formatTau2(0.33777)).toBe('0.34');
    expect(formatTau2(0)).toBe('0.00');
    expect(formatTau2(0.0042)).toBe('0.0042');
  });

  it('writes the heterogeneity line', () => {
    expect(formatHeterogeneity({ tau2: 0.3378, q: 163.1649, qDf: 12, qPValue: 1.19e-28, i2: 92.07 })).toBe(
      'Heterogeneity: τ² = 0.34; Q = 163.16, df = 12 (P < 0.001); I² = 92%',
    );
    expect(formatHeterogeneity({ tau2: null, q: null, qDf: null, qPValue: null, i2: null })).toBe('Heterogeneity: not applicable');
    expect(formatHeterogeneity({ tau2: 0, q: 9.946, qDf: 6, qPValue: 0.127, i2: 39.67, model: 'FIXED' })).toBe('Heterogeneity: Q = 9.95, df = 6 (P = 0.13); I² = 40%');
  });

  it('knows ratios from differences', () => {
    expect(isRatio('OR')).toBe(true);
    expect(isRatio('RR')).toBe(true);
    expect(isRatio('MD')).toBe(false);
    // Hazard ratios and ratios of means are drawn on a log axis around 1 too.
    expect([isRatio('HR'), isRatio('ROM'), nullEffect('HR')]).toEqual([true, true, 1]);
    expect(measureName('ROM')).toBe('Ratio of means');
    expect(nullEffect('RR')).toBe(1);
    expect(nullEffect('SMD')).toBe(0);
    expect(effectHeader('OR', 'RANDOM')).toBe('Odds ratio, random, 95% CI');
  });
});
