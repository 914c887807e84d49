// GRADE imprecision and inconsistency against thresholds of an important effect (GRADE guidance 34 and 35, J Clin
// Epidemiol 2022; Core GRADE 2 and 3, BMJ 2025): the thresholds from the settings, the target from the point estimate,
// one to three levels from the CI and the optimal information size, and the reasons naming the numbers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseFile } from '../src/conformance/case-file.js';
import { StatsInputError } from '../src/errors.js';
import {
  analyzeOutcome,
  assessCertainty,
  buildSummaryOfFindings,
  resolveThresholds,
  type BinaryStudy,
  type CertaintyInput,
  type CertaintyStudy,
  type CertaintyThresholds,
  type DomainAssessment,
} from '../src/index.js';
import { magnesium } from './magnesium.js';

const tenPercent: CertaintyThresholds = { lower: Math.log(0.9), upper: -Math.log(0.9), source: 'a 10% relative risk reduction' };

/** Five consistent, low-risk randomised trials; the pooled RR, its CI and the participants are set per test. */
function rated(rr: number, lower: number, upper: number, overrides: Partial<CertaintyInput> = {}): CertaintyInput {
  const studies: CertaintyStudy[] = Array.from({ length: 5 }, (_, i) => ({ id: `S${i + 1}`, design: 'randomised', weight: 20, yi: Math.log(rr), vi: 0.01, rob2: 'low' }));
  return {
    studies,
    scale: 'log',
    measure: 'RR',
    pooled: { estimate: Math.log(rr), ciLower: Math.log(lower), ciUpper: Math.log(upper) },
    I2: 0,
    I2CI: [0, 50],
    participants: 5000,
    optimalInformationSize: 3000,
    thresholds: tenPercent,
    ...overrides,
  };
}

function domain(input: CertaintyInput, name: 'imprecision' | 'inconsistency'): DomainAssessment {
  return assessCertainty(input).domains.find((d) => d.domain === name)!;
}

describe('resolveThresholds: MIDs on the analysis scale', () => {
  it('takes a 10% relative risk reduction as OR 0.90 and its mirror 1.11', () => {
    const t = resolveThresholds({ benefit: { on: 'relative-risk-reduction', value: 0.1 } }, 'OR', 0.07)!;
    expect(Math.exp(t.lower)).toBeCloseTo(0.9, 12);
    expect(Math.exp(t.upper)).toBeCloseTo(1 / 0.9, 12);
    expect(t.source).toBe('a 10% relative risk reduction');
  });

  it('converts 20 fewer per 1000 at a control risk of 100 per 1000: RR 0.80 and, mirrored, 20 more (RR 1.20); OR and RD alike', () => {
    const rr = resolveThresholds({ benefit: { on: 'per-1000', value: -20 } }, 'RR', 0.1)!;
    expect([Math.exp(rr.lower), Math.exp(rr.upper)].map((x) => Number(x.toFixed(12)))).toEqual([0.8, 1.2]);
    const or = resolveThresholds({ benefit: { on: 'per-1000', value: -20 } }, 'OR', 0.1)!;
    expect(Math.exp(or.lower)).toBeCloseTo((0.08 / 0.92) / (0.1 / 0.9), 12);
    expect(Math.exp(or.upper)).toBeCloseTo((0.12 / 0.88) / (0.1 / 0.9), 12);
    const rd = resolveThresholds({ benefit: { on: 'per-1000', value: -20 } }, 'RD', 0.1)!;
    expect([rd.lower, rd.upper].map((x) => Number(x.toFixed(12)))).toEqual([-0.02, 0.02]);
    expect(rd.source).toBe('20 fewer per 1000');
  });

  it('keeps asymmetric thresholds when both are given, and refuses two on one side', () => {
    const t = resolveThresholds({ benefit: { on: 'outcome-scale', value: 0.75 }, harm: { on: 'outcome-scale', value: 1.1 } }, 'RR', null)!;
    expect([Math.exp(t.lower), Math.exp(t.upper)].map((x) => Number(x.toFixed(12)))).toEqual([0.75, 1.1]);
    expect(() => resolveThresholds({ benefit: { on: 'outcome-scale', value: 0.75 }, harm: { on: 'outcome-scale', value: 0.9 } }, 'RR', null)).toThrow(/opposite sides/);
  });

  it('takes a mean difference as given and mirrors it; refuses a per-1000 threshold for a mean difference', () => {
    const t = resolveThresholds({ benefit: { on: 'outcome-scale', value: -5 } }, 'MD', null)!;
    expect([t.lower, t.upper]).toEqual([-5, 5]);
    expect(() => resolveThresholds({ benefit: { on: 'per-1000', value: -20 } }, 'MD', null)).toThrow(StatsInputError);
    expect(resolveThresholds({}, 'MD', null)).toBeNull();
  });
});

describe('imprecision against the thresholds (Core GRADE 2; GRADE guidance 34 and 35)', () => {
  it('is not serious when the CI lies within the region of an important effect: RR 0.60 (0.50 to 0.72)', () => {
    const result = assessCertainty(rated(0.6, 0.5, 0.72));
    expect(result.target).toBe('an important effect');
    expect(domain(rated(0.6, 0.5, 0.72), 'imprecision')).toMatchObject({ suggested: 0 });
    expect(domain(rated(0.6, 0.5, 0.72), 'imprecision').reason).toMatch(/95% CI 0\.50 to 0\.72 lies within the region of an important effect/);
  });

  it('rates down one level when the CI crosses one threshold: RR 0.80 (0.70 to 0.95) crosses 0.90', () => {
    const result = domain(rated(0.8, 0.7, 0.95), 'imprecision');
    expect(result.suggested).toBe(-1);
    expect(result.reason).toMatch(/95% CI 0\.70 to 0\.95 crosses the threshold 0\.90.*serious imprecision, rated down one level/);
  });

  it('rates down two levels when the CI crosses the threshold appreciably: RR 0.80 (0.62 to 1.03) reaches no effect', () => {
    const result = domain(rated(0.8, 0.62, 1.03), 'imprecision');
    expect(result.suggested).toBe(-2);
    expect(result.reason).toMatch(/crosses the threshold 0\.90 appreciably, down to no effect/);
  });

  it('for little or no effect: one level for RR 1.00 (0.85 to 1.10), two when the CI reaches beyond twice the MID, RR 0.98 (0.75 to 1.08)', () => {
    expect(assessCertainty(rated(1, 0.85, 1.1)).target).toBe('little or no effect');
    expect(domain(rated(1, 0.85, 1.1), 'imprecision').suggested).toBe(-1);
    expect(domain(rated(0.98, 0.75, 1.08), 'imprecision').suggested).toBe(-2);
  });

  it('rates down two levels when the CI crosses both MIDs, three when the OIS is also far from met: RR 1.00 (0.80 to 1.25)', () => {
    const both = domain(rated(1, 0.8, 1.25), 'imprecision');
    expect(both.suggested).toBe(-2);
    expect(both.reason).toMatch(/crosses both thresholds \(0\.90 and 1\.11\): it includes important benefit and important harm/);
    const extreme = domain(rated(1, 0.8, 1.25, { participants: 1000 }), 'imprecision');
    expect(extreme.suggested).toBe(-3);
    expect(extreme.reason).toMatch(/far from met\): extremely serious imprecision, rated down three levels/);
  });

  it('applies the OIS criterion when the CI crosses no threshold: one level short of it, two far from it', () => {
    expect(domain(rated(0.6, 0.5, 0.72, { participants: 2000 }), 'imprecision').suggested).toBe(-1);
    expect(domain(rated(0.6, 0.5, 0.72, { participants: 1000 }), 'imprecision').suggested).toBe(-2);
    expect(domain(rated(0.6, 0.5, 0.72, { participants: 1500 }), 'imprecision').suggested).toBe(-1);
  });

  it('GRADE 34 and Core GRADE 2: the OIS criterion applies to a large effect only (a change of more than 30%); RR 0.85 (0.82 to 0.88) short of the OIS is not rated down', () => {
    const tight = rated(0.85, 0.82, 0.88, { participants: 1000, thresholds: null });
    expect(domain(tight, 'imprecision').suggested).toBe(0);
    expect(domain(tight, 'imprecision').reason).toMatch(/but the effect is not large \(ratio 0\.850, not a change of more than 30%\), so GRADE 34 does not rate down for it/);
    expect(domain(rated(0.72, 0.66, 0.79, { participants: 1000, thresholds: null }), 'imprecision').suggested).toBe(0);
    // Beyond 30% either way the OIS applies: far from it (under half), two levels; short of it, one.
    expect(domain(rated(0.68, 0.6, 0.77, { participants: 1000, thresholds: null }), 'imprecision').suggested).toBe(-2);
    expect(domain(rated(1.5, 1.3, 1.73, { participants: 2000, thresholds: null }), 'imprecision').suggested).toBe(-1);
  });

  it('with no effect as the only threshold, the target is an effect and crossing the null is one level', () => {
    const input = rated(0.9, 0.8, 1.02, { thresholds: null });
    expect(assessCertainty(input).target).toBe('an effect');
    const result = domain(input, 'imprecision');
    expect(result.suggested).toBe(-1);
    expect(result.reason).toMatch(/the threshold is no effect \(RR 1\).*95% CI 0\.80 to 1\.02 crosses the threshold 1\.00/);
  });

  it('says three levels in the Summary of Findings footnote', () => {
    const mortality = analyzeOutcome(magnesium.slice(0, 3), { measure: 'OR', model: 'fixed' });
    const input = rated(1, 0.8, 1.25, { participants: 1000 });
    const certainty = assessCertainty(input);
    const table = buildSummaryOfFindings([{ name: 'Mortality', analysis: { ...mortality, certainty } }]);
    expect(table.footnotes.find((f) => f.domain === 'imprecision')!.text).toMatch(/^Downgraded three levels for imprecision: Target: little or no effect/);
  });
});

describe('inconsistency against the thresholds (Core GRADE 3)', () => {
  const spread = (yis: number[], vi: number, overrides: Partial<CertaintyInput> = {}): CertaintyInput =>
    rated(1, 0.95, 1.05, { studies: yis.map((y, i) => ({ id: `S${i + 1}`, design: 'randomised', weight: 100 / yis.length, yi: Math.log(y), vi, rob2: 'low' })), ...overrides });

  it('does not rate down when every estimate lies between the MIDs, whatever I²', () => {
    const result = domain(spread([0.95, 1.0, 1.05, 1.08], 0.0001, { I2: 80, I2CI: [60, 92] }), 'inconsistency');
    expect(result.suggested).toBe(0);
    expect(result.reason).toMatch(/every study's estimate lies between the thresholds of an important effect \(RR 0\.90 and 1\.11, from a 10% relative risk reduction\)/);
  });

  it('does not rate down when estimates lie on different sides but their CIs overlap and I² is low', () => {
    const result = domain(spread([0.85, 1.0, 1.05], 0.01, { I2: 20, I2CI: [0, 70] }), 'inconsistency');
    expect(result.suggested).toBe(0);
    expect(result.reason).toMatch(/\(1 below 0\.90, 2 between, 0 above 1\.11\), but the studies’ CIs all overlap/);
  });

  it('rates down one level when estimates lie on different sides and the CIs do not overlap, even at I² 40%', () => {
    const result = domain(spread([0.7, 1.0, 1.05], 0.001, { I2: 40, I2CI: [0, 80] }), 'inconsistency');
    expect(result.suggested).toBe(-1);
    expect(result.reason).toMatch(/do not all overlap \(one ends at 0\.74, another starts at 0\.99\)/);
  });

  it('rates down two levels only when estimates lie beyond both MIDs with I² above 75% (its CI above 50%); names the prediction interval', () => {
    const prediction = { lower: Math.log(0.6), upper: Math.log(1.5) };
    const benefitOnly = domain(spread([0.7, 0.75, 1.0], 0.001, { I2: 85, I2CI: [60, 95], prediction }), 'inconsistency');
    expect(benefitOnly.suggested).toBe(-1);
    const both = domain(spread([0.7, 0.75, 1.3], 0.001, { I2: 85, I2CI: [60, 95], prediction }), 'inconsistency');
    expect(both.suggested).toBe(-2);
    expect(both.reason).toMatch(/^I² is 85% \(95% CI 60% to 95%\); 95% prediction interval 0\.60 to 1\.50 \(considerable heterogeneity\)/);
  });
});

describe('magnesium after ISIS-4: OR 1.01 (0.96 to 1.08)', () => {
  const rrr10 = { benefit: { on: 'relative-risk-reduction' as const, value: 0.1 } };

  it('is precise evidence of little or no effect against a 10% relative risk reduction (not rated down for imprecision)', () => {
    const analysis = analyzeOutcome(magnesium, { measure: 'OR', model: 'fixed', importanceThresholds: rrr10 });
    expect(analysis.summary!.estimate.toFixed(2)).toBe('1.01');
    const certainty = analysis.certainty!;
    expect(certainty.target).toBe('little or no effect');
    const imprecision = certainty.domains.find((d) => d.domain === 'imprecision')!;
    expect(imprecision.suggested).toBe(0);
    expect(imprecision.reason).toMatch(
      /point estimate OR 1\.01 lies between the thresholds of an important effect \(OR 0\.90 and 1\.11, from a 10% relative risk reduction\)\. 95% CI 0\.96 to 1\.08 lies within the region of little or no effect, and 62607 participants meet the optimal information size/,
    );
  });

  it('takes the 10% from its trial sequential assumptions when the settings give no thresholds; its own thresholds win (a 2% reduction: both crossed)', () => {
    const fromTsa = analyzeOutcome(magnesium, { measure: 'OR', model: 'fixed', sequential: { relativeRiskReduction: 0.1 } }).certainty!;
    expect(fromTsa.target).toBe('little or no effect');
    expect(fromTsa.domains.find((d) => d.domain === 'imprecision')!.suggested).toBe(0);
    const own = analyzeOutcome(magnesium, { measure: 'OR', model: 'fixed', sequential: { relativeRiskReduction: 0.1 }, importanceThresholds: { benefit: { on: 'relative-risk-reduction', value: 0.02 } } }).certainty!;
    expect(Math.exp(own.thresholds!.lower)).toBeCloseTo(0.98, 12);
    // OR 0.98 and 1.02: the CI 0.96 to 1.08 crosses both.
    expect(own.domains.find((d) => d.domain === 'imprecision')!.suggested).toBe(-2);
  });

  it('with no effect as the threshold (no settings), the CI includes it: rated down one level, as before', () => {
    const certainty = analyzeOutcome(magnesium, { measure: 'OR', model: 'fixed' }).certainty!;
    expect(certainty.thresholds).toBeNull();
    expect(certainty.target).toBe('an effect');
    const imprecision = certainty.domains.find((d) => d.domain === 'imprecision')!;
    expect(imprecision.suggested).toBe(-1);
    expect(imprecision.reason).toMatch(/threshold is no effect \(OR 1\).*95% CI 0\.96 to 1\.08 crosses the threshold 1\.00/);
  });
});

describe('BCG vaccine (13 trials, RR, REML)', () => {
  const bcg = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'metafor', 'bcg-RR.json'), 'utf8')) as CaseFile;
  const trials = (bcg.studies as BinaryStudy[]).map((s) => ({ ...s, design: 'randomised' as const }));

  it('an important effect, RR 0.49 (0.34 to 0.70), precise against a 10% relative risk reduction; inconsistency very serious', () => {
    const analysis = analyzeOutcome(trials, { measure: 'RR', model: 'random', importanceThresholds: { benefit: { on: 'relative-risk-reduction', value: 0.1 } } });
    expect(`${analysis.summary!.estimate.toFixed(2)} (${analysis.summary!.ciLower.toFixed(2)} to ${analysis.summary!.ciUpper.toFixed(2)})`).toBe('0.49 (0.34 to 0.70)');
    const certainty = analysis.certainty!;
    expect(certainty.target).toBe('an important effect');
    expect(certainty.domains.find((d) => d.domain === 'imprecision')!.reason).toMatch(/95% CI 0\.34 to 0\.70 lies within the region of an important effect/);
    const inconsistency = certainty.domains.find((d) => d.domain === 'inconsistency')!;
    expect(inconsistency.reason).toMatch(/^I² is 92% \(95% CI \d+% to \d+%\); 95% prediction interval 0\.\d\d to 1\.\d\d/);
    expect(inconsistency.reason).toMatch(/\(\d+ below 0\.90, \d+ between, [1-9]\d* above 1\.11\)/);
    expect(inconsistency.suggested).toBe(-2);
  });
});
