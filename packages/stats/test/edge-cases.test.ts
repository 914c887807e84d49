// Inputs a user can get wrong get a message naming the study and field; legitimate edge cases give numbers.
import { describe, expect, it } from 'vitest';
import { analyzeOutcome, fitModel, StatsInputError } from '../src/index.js';

function refusal(run: () => unknown): StatsInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof StatsInputError) return error;
    throw error;
  }
  throw new Error('expected a StatsInputError');
}

describe('inputs a user can get wrong', () => {
  it('events above participants names the study, field and arm', () => {
    const error = refusal(() => analyzeOutcome([{ id: 'Smith 2019', events1: 12, n1: 10, events2: 3, n2: 10 }], { measure: 'OR', model: 'fixed' }));
    expect(error.message).toBe("events1 (12) cannot exceed participants n1 (10) in study 'Smith 2019', arm 1");
    expect([error.studyId, error.field]).toEqual(['Smith 2019', 'events1']);
  });

  it('an SD of zero or below', () => {
    const error = refusal(() => analyzeOutcome([{ id: 'Lee 2020', mean1: 5, sd1: 2, n1: 20, mean2: 4, sd2: -1, n2: 20 }], { measure: 'MD', model: 'fixed' }));
    expect(error.message).toBe("sd2 (-1) must be greater than 0 in study 'Lee 2020', arm 2");
    expect(error.field).toBe('sd2');
  });

  it('fewer than one participant', () => {
    const error = refusal(() => analyzeOutcome([{ id: 'Ng 2001', events1: 0, n1: 0, events2: 1, n2: 10 }], { measure: 'RR', model: 'fixed' }));
    expect(error.message).toBe("n1 (0) must be at least 1 in study 'Ng 2001'");
  });

  it('a value that is not a number', () => {
    const error = refusal(() => analyzeOutcome([{ id: 'Ali 2010', yi: Number.NaN, sei: 0.2 }], { measure: 'GENERIC', model: 'fixed' }));
    expect(error.message).toBe("yi must be a number in study 'Ali 2010'");
  });

  it('data of the wrong kind for the measure', () => {
    const error = refusal(() => analyzeOutcome([{ id: 'Kim 2015', events1: 1, n1: 10, events2: 2, n2: 10 }], { measure: 'MD', model: 'fixed' }));
    expect(error.message).toMatch(/^study 'Kim 2015' needs mean, SD and participants per arm/);
  });

  it('one study for a method that needs two', () => {
    const error = refusal(() => fitModel([{ id: 'A', yi: 0.1, sei: 0.2 }], 'GENERIC', { model: 'random', ciMethod: 'hksj' }));
    expect(error.message).toBe('the Hartung-Knapp-Sidik-Jonkman method needs at least two studies');
  });

  it('a confidence interval that does not contain its estimate', () => {
    const error = refusal(() => analyzeOutcome([{ id: 'Roy 2018', estimate: 0.5, ciLower: 0.6, ciUpper: 0.9 }], { measure: 'OR', model: 'fixed' }));
    expect(error.message).toBe("the estimate (0.5) must lie inside its confidence interval (0.6 to 0.9) in study 'Roy 2018'");
  });
});

describe('legitimate edge cases', () => {
  it('k = 1 gives the study itself', () => {
    const analysis = analyzeOutcome([{ id: 'A', events1: 10, n1: 100, events2: 20, n2: 100 }], { measure: 'OR', model: 'random', ciMethod: 'hksj' });
    expect(analysis.k).toBe(1);
    expect(analysis.summary!.estimate).toBeCloseTo((10 * 80) / (90 * 20), 12);
    expect(analysis.fit!.tau2).toBe(0);
    expect(analysis.fit!.I2).toBe(0);
    expect(analysis.notes[0]).toMatch(/needs two/);
  });

  it('identical studies: τ² = 0, I² = 0, Q = 0', () => {
    const same = Array.from({ length: 5 }, (_, i) => ({ id: `S${i}`, yi: 0.3, sei: 0.1 }));
    for (const tau2Estimator of ['DL', 'REML', 'PM', 'SJ', 'HE', 'ML', 'EB'] as const) {
      const fit = fitModel(same, 'GENERIC', { model: 'random', tau2Estimator });
      expect([fit.tau2, fit.I2, fit.Q]).toEqual([0, 0, 0]);
      expect(fit.estimate).toBeCloseTo(0.3, 14);
      expect(fit.tau2CI).toEqual([0, 0]);
    }
  });

  it('zero events everywhere: corrected under metafor, not estimable under RevMan 5', () => {
    const none = [
      { id: 'A', events1: 0, n1: 20, events2: 0, n2: 20 },
      { id: 'B', events1: 0, n1: 30, events2: 0, n2: 25 },
    ];
    const metafor = analyzeOutcome(none, { measure: 'OR', model: 'random' });
    expect(metafor.k).toBe(2);
    expect(Number.isFinite(metafor.summary!.estimate)).toBe(true);
    const revman = analyzeOutcome(none, { measure: 'OR', model: 'random', preset: 'revman5' });
    // RevMan counts the studies (2) though none can be estimated (0 rows analysed).
    expect(revman.k).toBe(2);
    expect(revman.rowCount).toBe(0);
    expect(revman.summary).toBeNull();
    expect(revman.excluded.map((e) => e.id)).toEqual(['A', 'B']);
  });

  it('an outcome with no data yet', () => {
    const analysis = analyzeOutcome([], { measure: 'MD', model: 'random' });
    expect(analysis.k).toBe(0);
    expect(analysis.fit).toBeNull();
  });
});

describe("the seed review's model-choice rule", () => {
  it('chooses fixed effect for homogeneous studies and says why', () => {
    const homogeneous = [0.2, 0.25, 0.3].map((yi, i) => ({ id: `S${i}`, yi, sei: 0.1 }));
    const analysis = analyzeOutcome(homogeneous, { measure: 'GENERIC', model: 'rule' });
    expect(analysis.settings.model).toBe('fixed');
    expect(analysis.modelChoice!.reason).toMatch(/^I² = 0\.0% ≤ 50% and heterogeneity P = 0\.\d{3} > 0\.1: fixed effect$/);
  });

  it('chooses random effects when I² exceeds 50%', () => {
    const heterogeneous = [-0.5, 0.3, 1.2].map((yi, i) => ({ id: `S${i}`, yi, sei: 0.1 }));
    const analysis = analyzeOutcome(heterogeneous, { measure: 'GENERIC', model: 'rule' });
    expect(analysis.settings.model).toBe('random');
    expect(analysis.modelChoice!.reason).toMatch(/^I² = \d+\.\d% > 50%: random effects$/);
  });
});

describe('pre/post mean change', () => {
  const zhang = { id: 'Zhang 2017', meanBefore: 20.1, sdBefore: 3.1, meanAfter: 13.8, sdAfter: 10.2, n: 14 };
  it('r = 0 reproduces the two-independent-groups mean difference', () => {
    const change = analyzeOutcome([zhang], { measure: 'MC', model: 'fixed', prePostDirection: 'decrease' });
    const twoGroups = analyzeOutcome([{ id: 'Zhang 2017', mean1: 20.1, sd1: 3.1, n1: 14, mean2: 13.8, sd2: 10.2, n2: 14 }], { measure: 'MD', model: 'fixed' });
    expect(change.summary!.estimate).toBeCloseTo(6.3, 12);
    expect(change.fit!.se).toBeCloseTo(twoGroups.fit!.se, 12);
  });
  it('a positive correlation narrows the interval', () => {
    const r0 = analyzeOutcome([zhang], { measure: 'MC', model: 'fixed', prePostCorrelation: 0 });
    const r5 = analyzeOutcome([zhang], { measure: 'MC', model: 'fixed', prePostCorrelation: 0.5 });
    expect(r5.fit!.se ** 2).toBeCloseTo((3.1 ** 2 + 10.2 ** 2 - 2 * 0.5 * 3.1 * 10.2) / 14, 12);
    expect(r5.fit!.se).toBeLessThan(r0.fit!.se);
  });
});

describe('iterative estimators where Fisher scoring oscillates', () => {
  // metafor 3.8.1 stops here with "Fisher scoring algorithm did not converge" (magnesium, 14 trials).
  const yi = [-0.8303483020734304, -1.056052674249314, -1.2783398102850176, -0.04348511193973878, -2.4075199861725802, -1.2809338454620642, -1.1917027117341217, -0.6957479622600027, -2.2082744135228043, -2.038159882706532, -0.8501509293696101, -0.7932306391169278, -0.29933987406121754, -1.5707884646491113];
  const vi = [1.5550527903469078, 0.17145445134575568, 0.6530889950579071, 2.0434988179669027, 1.1496290861661367, 1.425, 2.759891598915989, 0.28748647186147186, 1.2313186813186814, 0.6095334685598377, 0.38247863247863245, 0.39170843776106934, 0.021483604984943113, 0.3295212782648534];
  const effects = yi.map((y, i) => ({ id: `T${i + 1}`, yi: y, sei: Math.sqrt(vi[i]) }));

  it('REML is the root of the REML score equation', () => {
    const fit = fitModel(effects, 'GENERIC', { model: 'random', tau2Estimator: 'REML' });
    const w = vi.map((v) => 1 / (v + fit.tau2));
    const sumW = w.reduce((s, x) => s + x, 0);
    const mu = w.reduce((s, x, i) => s + x * yi[i], 0) / sumW;
    const score = w.reduce((s, x, i) => s + x * x * (yi[i] - mu) ** 2, 0) - (sumW - w.reduce((s, x) => s + x * x, 0) / sumW);
    expect(fit.tau2).toBeGreaterThan(0);
    expect(Math.abs(score)).toBeLessThan(1e-9);
  });
});

describe('numbers too large or small to analyse', () => {
  it('names the number the user typed, not the variance computed from it', () => {
    const generic = (yi: number, sei: number, measure: 'GENERIC' | 'HR' = 'GENERIC') =>
      refusal(() => analyzeOutcome([{ id: 'A', yi: 0.5, sei: 0.2 }, { id: 'Big 2020', yi, sei }], { measure, model: 'random' }));
    expect(generic(1e300, 1)).toMatchObject({
      field: 'yi',
      studyId: 'Big 2020',
      message: "yi (1e+300) in study 'Big 2020' is too large for its standard error to analyse: (effect / SE)² is beyond the largest number a computer holds (about 1.8e308)",
    });
    expect(generic(1, 1e300)).toMatchObject({ field: 'sei', message: expect.stringMatching(/^sei \(1e\+300\) in study 'Big 2020' is too large to analyse: the variance/) });
    expect(generic(1, 1e-300)).toMatchObject({ field: 'sei', message: expect.stringMatching(/^sei \(1e-300\) in study 'Big 2020' is too small to analyse: the weight/) });
    // A log hazard ratio of 800 is a hazard ratio beyond any number.
    expect(generic(800, 1, 'HR')).toMatchObject({ field: 'yi', message: expect.stringMatching(/too large to report: the ratio or its 95% limits/) });
    const continuous = refusal(() => analyzeOutcome([{ id: 'Wide 2001', mean1: 1, sd1: 1e200, n1: 10, mean2: 2, sd2: 1, n2: 10 }], { measure: 'MD', model: 'fixed' }));
    expect([continuous.field, continuous.studyId]).toEqual(['sd1', 'Wide 2001']);
    const interval = refusal(() => analyzeOutcome([{ id: 'Ci 2002', estimate: 0, ciLower: -1e300, ciUpper: 1e300 }], { measure: 'GENERIC', model: 'fixed' }));
    expect(interval.field).toBe('ciLower');
  });
});
