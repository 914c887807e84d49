import { describe, expect, it } from 'vitest';
import { analyzeOutcome, assessCertainty, NOS_HIGH_RISK_BELOW, type CertaintyInput, type GenericStudy, type StudyRiskOfBias } from '../src/index.js';

const rob2 = (overall: 'low' | 'some-concerns' | 'high'): StudyRiskOfBias => ({
  tool: 'rob2',
  overall,
  domains: [
    { domain: 'randomisation', judgement: 'low' },
    { domain: 'deviations', judgement: overall },
    { domain: 'missing-data', judgement: 'low' },
    { domain: 'measurement', judgement: 'some-concerns' },
    { domain: 'reporting', judgement: 'low' },
  ],
});

/** Five trials on the log odds ratio scale; the two at high risk show the largest benefit. */
function trials(judgements: ('low' | 'some-concerns' | 'high' | null)[]): GenericStudy[] {
  const effects = [
    [-0.9, 0.2],
    [-0.8, 0.25],
    [-0.1, 0.15],
    [0.05, 0.2],
    [-0.05, 0.1],
  ];
  return effects.map(([yi, sei], i) => ({
    id: `T${i + 1}`,
    yi,
    sei,
    design: 'randomised',
    rob2: judgements[i],
    riskOfBias: judgements[i] ? [rob2(judgements[i]!)] : null,
  }));
}

/** Fixed-effect inverse-variance estimate of (yi, sei) pairs. */
function inverseVariance(pairs: number[][]): number {
  const w = pairs.map(([, sei]) => 1 / sei ** 2);
  return pairs.reduce((sum, [yi], i) => sum + w[i] * yi, 0) / w.reduce((a, b) => a + b, 0);
}

describe('the analysis without studies at high risk of bias (Cochrane Handbook 7.6.2)', () => {
  it('refits the outcome without the RoB 2 high-risk trials and says which were left out', () => {
    const analysis = analyzeOutcome(trials(['high', 'high', 'low', 'some-concerns', 'low']), { measure: 'OR', model: 'fixed' });
    const without = analysis.withoutHighRiskOfBias!;
    expect(without.leftOut).toBe(2);
    expect(without.studyIds).toEqual(['T1', 'T2']);
    expect(without.k).toBe(3);
    const expected = inverseVariance([
      [-0.1, 0.15],
      [0.05, 0.2],
      [-0.05, 0.1],
    ]);
    expect(without.fit!.estimate).toBeCloseTo(expected, 12);
    expect(without.summary!.estimate).toBeCloseTo(Math.exp(expected), 12);
    // The two trials at high risk carry this share of the main analysis's weight.
    const w = [0.2, 0.25, 0.15, 0.2, 0.1].map((se) => 1 / se ** 2);
    expect(without.weightLeftOut).toBeCloseTo((100 * (w[0] + w[1])) / w.reduce((a, b) => a + b, 0), 9);
  });

  it('is null when no study is at high risk, and when no study was assessed', () => {
    expect(analyzeOutcome(trials(['low', 'some-concerns', 'low', 'low', 'low']), { measure: 'OR', model: 'fixed' }).withoutHighRiskOfBias).toBeNull();
    const none = analyzeOutcome(trials([null, null, null, null, null]), { measure: 'OR', model: 'fixed' });
    expect(none.withoutHighRiskOfBias).toBeNull();
    expect(none.riskOfBias).toBeNull();
  });

  it('leaves out ROBINS-I serious and critical, and Newcastle-Ottawa below the threshold', () => {
    const studies = trials([null, null, null, null, null]).map((s, i) => ({
      ...s,
      design: 'non-randomised' as const,
      robinsI: (['critical', 'moderate', 'serious', 'low', null] as const)[i],
      nosScore: i === 4 ? NOS_HIGH_RISK_BELOW - 1 : null,
    }));
    const without = analyzeOutcome(studies, { measure: 'OR', model: 'fixed' }).withoutHighRiskOfBias!;
    expect(without.studyIds).toEqual(['T1', 'T3', 'T5']);
    expect(without.fit!.estimate).toBeCloseTo(inverseVariance([[-0.8, 0.25], [0.05, 0.2]]), 12);
  });

  it('has no fit when every study is at high risk', () => {
    const without = analyzeOutcome(trials(['high', 'high', 'high', 'high', 'high']), { measure: 'OR', model: 'random' }).withoutHighRiskOfBias!;
    expect(without.leftOut).toBe(5);
    expect(without.fit).toBeNull();
  });
});

describe('the traffic-light table and its summary per domain', () => {
  it('gives each study its judgements and the share at each judgement by count and by weight', () => {
    const analysis = analyzeOutcome(trials(['high', 'high', 'low', 'some-concerns', null]), { measure: 'OR', model: 'fixed' });
    const [table] = analysis.riskOfBias!;
    expect(table.tool).toBe('rob2');
    expect(table.domains).toEqual(['randomisation', 'deviations', 'missing-data', 'measurement', 'reporting']);
    expect(table.studies.map((s) => s.domains[1])).toEqual(['high', 'high', 'low', 'some-concerns', null]);
    expect(table.studies.map((s) => s.highRisk)).toEqual([true, true, false, false, false]);
    const overall = table.summary.find((d) => d.domain === 'overall')!;
    expect(overall.levels).toEqual(['low', 'some-concerns', 'high', 'not-assessed']);
    expect(overall.unweighted).toEqual([0.2, 0.2, 0.4, 0.2]);
    const w = [0.2, 0.25, 0.15, 0.2, 0.1].map((se) => 1 / se ** 2);
    const total = w.reduce((a, b) => a + b, 0);
    expect(overall.weighted![2]).toBeCloseTo((w[0] + w[1]) / total, 9);
    expect(overall.weighted![3]).toBeCloseTo(w[4] / total, 9);
  });

  it('summarises Newcastle-Ottawa stars per domain and overall against the threshold', () => {
    const studies = trials([null, null, null, null, null]).map((s, i) => ({
      ...s,
      design: 'observational' as const,
      nosScore: [9, 6, 7, 8, 5][i],
      riskOfBias: [
        {
          tool: 'nos' as const,
          totalStars: [9, 6, 7, 8, 5][i],
          domains: [
            { domain: 'selection', stars: [4, 3, 3, 4, 2][i], maxStars: 4 },
            { domain: 'comparability', stars: [2, 1, 2, 2, 1][i], maxStars: 2 },
            { domain: 'outcome', stars: [3, 2, 2, 2, 2][i], maxStars: 3 },
          ],
        },
      ],
    }));
    const [table] = analyzeOutcome(studies, { measure: 'OR', model: 'fixed' }).riskOfBias!;
    expect(table.tool).toBe('nos');
    expect(table.studies[0].stars).toEqual([4, 2, 3]);
    const selection = table.summary[0];
    expect(selection.levels).toEqual(['4 stars', '3 stars', '2 stars', '1 star', '0 stars', 'not-assessed']);
    expect(selection.unweighted).toEqual([0.4, 0.4, 0.2, 0, 0, 0]);
    const overall = table.summary[3];
    expect(overall.levels).toEqual(['7-9 stars', '0-6 stars', 'not-assessed']);
    expect(overall.unweighted).toEqual([0.6, 0.4, 0]);
  });
});

/** Five randomised trials, the first two (40% of the weight) at high risk of bias. */
function gradeInput(withoutHighRisk: CertaintyInput['withoutHighRisk'], highWeight = 20): CertaintyInput {
  return {
    studies: Array.from({ length: 5 }, (_, i) => ({
      id: `S${i + 1}`,
      design: 'randomised' as const,
      weight: i < 2 ? highWeight : (100 - 2 * highWeight) / 3,
      yi: -0.3,
      vi: 0.02,
      rob2: i < 2 ? ('high' as const) : ('low' as const),
    })),
    scale: 'log',
    measure: 'OR',
    pooled: { estimate: Math.log(0.7), ciLower: Math.log(0.6), ciUpper: Math.log(0.82) },
    I2: 0,
    participants: 5000,
    withoutHighRisk,
  };
}

const riskOfBias = (input: CertaintyInput) => assessCertainty(input).domains.find((d) => d.domain === 'risk-of-bias')!;

describe('GRADE risk of bias with the sensitivity analysis (GRADE handbook 5.2.1)', () => {
  it('rates down when the studies at high risk carry substantial weight and leaving them out changes the estimate', () => {
    const result = riskOfBias(gradeInput({ leftOut: 2, estimate: Math.log(0.95), ciLower: Math.log(0.8), ciUpper: Math.log(1.13) }));
    expect(result.suggested).toBe(-1);
    expect(result.reason).toContain('leaving out the 2 studies at high risk of bias changes the estimate from OR 0.70 (95% CI 0.60 to 0.82) to OR 0.95 (95% CI 0.80 to 1.13)');
    expect(result.reason).toMatch(/^40% of the weight/);
  });

  it('does not rate down when leaving them out does not change the result', () => {
    const result = riskOfBias(gradeInput({ leftOut: 2, estimate: Math.log(0.72), ciLower: Math.log(0.6), ciUpper: Math.log(0.86) }));
    expect(result.suggested).toBe(0);
    expect(result.reason).toContain('does not change the estimate from OR 0.70 (95% CI 0.60 to 0.82) to OR 0.72 (95% CI 0.60 to 0.86)');
  });

  it('does not rate down when the studies at high risk carry little weight, even if the estimate moves', () => {
    const result = riskOfBias(gradeInput({ leftOut: 2, estimate: Math.log(0.9), ciLower: Math.log(0.75), ciUpper: Math.log(1.08) }, 10));
    expect(result.suggested).toBe(0);
    expect(result.reason).toMatch(/20% of the weight.*changes the estimate.*too little weight/);
  });

  it('a change in the CI’s verdict on no effect counts as a change, with the estimate inside the main CI', () => {
    const result = riskOfBias(gradeInput({ leftOut: 2, estimate: Math.log(0.78), ciLower: Math.log(0.58), ciUpper: Math.log(1.04) }));
    expect(result.suggested).toBe(-1);
  });

  it('the engine passes its sensitivity analysis to the GRADE reason', () => {
    const analysis = analyzeOutcome(trials(['high', 'high', 'low', 'some-concerns', 'low']), { measure: 'OR', model: 'fixed' });
    const domain = analysis.certainty!.domains.find((d) => d.domain === 'risk-of-bias')!;
    const without = analysis.withoutHighRiskOfBias!.summary!;
    expect(domain.reason).toContain(`leaving out the 2 studies at high risk of bias changes the estimate from OR ${analysis.summary!.estimate.toFixed(2)}`);
    expect(domain.reason).toContain(`to OR ${without.estimate.toFixed(2)}`);
    // The two trials carry 19% of the weight: under a third, so not rated down.
    expect(domain.reason).toMatch(/^19% of the weight.*too little weight/);
    expect(domain.suggested).toBe(0);
  });
});
