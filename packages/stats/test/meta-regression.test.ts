// Meta-regression: the mistakes a user can make get a StatsInputError naming the moderator; without moderators the
// model is the pooled analysis; a thin model gets a warning. (Numbers against metafor: conformance.test.ts, metareg/.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { metaRegression, poolInverseVariance, StatsInputError, type ModeratedEffect, type Tau2Estimator } from '../src/index.js';

interface FixtureStudy {
  id: string;
  yi: number;
  sei: number;
  moderators: Record<string, number | string>;
}
const bcg = (JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/metareg/bcg-metareg-ablat-year.json'), 'utf8')) as { studies: FixtureStudy[] }).studies.map(
  (s): ModeratedEffect => ({ id: s.id, yi: s.yi, vi: s.sei * s.sei, moderators: s.moderators }),
);

function refusal(run: () => unknown): StatsInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof StatsInputError) return error;
    throw error;
  }
  throw new Error('expected a StatsInputError');
}

const withModerators = (values: (Record<string, number | string | null> | undefined)[]): ModeratedEffect[] =>
  values.map((moderators, i) => ({ id: `S${i + 1}`, yi: 0.1 * ((i * 7) % 5) - 0.2, vi: 0.02 + 0.01 * (i % 3), moderators }));

describe('meta-regression inputs a user can get wrong', () => {
  it('a moderator missing for a study names the moderator and the study', () => {
    const effects = withModerators([{ dose: 1 }, { dose: 2 }, { dose: null }, { dose: 4 }, { dose: 5 }]);
    const error = refusal(() => metaRegression(effects, { model: 'random', moderators: ['dose'] }));
    expect(error.message).toBe("moderator 'dose' is missing for study 'S3'");
    expect([error.studyId, error.field]).toEqual(['S3', 'moderators']);
    const absent = withModerators([{ dose: 1 }, { dose: 2 }, undefined, { dose: 4 }, { dose: 5 }]);
    expect(refusal(() => metaRegression(absent, { model: 'random', moderators: ['dose'] })).message).toBe("moderator 'dose' is missing for study 'S3'");
  });

  it('a constant moderator, numeric or a factor', () => {
    const effects = withModerators([1, 2, 3, 4, 5].map((i) => ({ dose: 10, arm: 'drug', year: 2000 + i })));
    expect(refusal(() => metaRegression(effects, { model: 'random', moderators: ['year', 'dose'] })).message).toBe(
      "moderator 'dose' has the same value (10) in every study, so its effect cannot be estimated",
    );
    expect(refusal(() => metaRegression(effects, { model: 'fixed', moderators: ['arm'], factors: ['arm'] })).message).toBe(
      "moderator 'arm' has the same level ('drug') in every study, so its effect cannot be estimated",
    );
  });

  it('more coefficients than studies', () => {
    const effects = withModerators([{ g: 'a' }, { g: 'b' }, { g: 'c' }, { g: 'd' }]);
    const error = refusal(() => metaRegression(effects, { model: 'random', moderators: ['g'], factors: ['g'] }));
    expect(error.message).toBe("the model has 4 coefficients (the intercept and 3 for 'g') but only 4 studies; a meta-regression needs more studies than coefficients");
  });

  it('collinear moderators name the one that adds nothing', () => {
    const effects = withModerators([1, 2, 3, 4, 5, 6].map((i) => ({ weeks: i, days: 7 * i, dose: i % 2 })));
    expect(refusal(() => metaRegression(effects, { model: 'random', moderators: ['weeks', 'dose', 'days'] })).message).toBe(
      "moderator 'days' is a linear combination of the intercept and the moderators before it (collinear); leave one of them out",
    );
    const levels = withModerators([1, 2, 3, 4, 5, 6].map((i) => ({ high: i > 3 ? 1 : 0, group: i > 3 ? 'B' : 'A' })));
    expect(refusal(() => metaRegression(levels, { model: 'fixed', moderators: ['high', 'group'], factors: ['group'] })).message).toBe(
      "level 'B' of moderator 'group' is a linear combination of the intercept and the moderators before it (collinear); leave one of them out",
    );
  });

  it('a label in a numeric moderator, and a factor that is not a moderator', () => {
    const effects = withModerators([{ dose: 1 }, { dose: 2 }, { dose: 'high' }, { dose: 4 }, { dose: 5 }]);
    expect(refusal(() => metaRegression(effects, { model: 'random', moderators: ['dose'] })).message).toBe(
      `moderator 'dose' must be a finite number in study 'S3' (got "high"); list it among the factors if it is categorical`,
    );
    expect(refusal(() => metaRegression(effects, { model: 'random', moderators: [], factors: ['dose'] })).message).toBe("factor 'dose' is not among the moderators (none)");
  });
});

describe('meta-regression without moderators is the pooled analysis', () => {
  const estimators: Tau2Estimator[] = ['DL', 'REML', 'ML', 'PM', 'SJ', 'HE', 'EB'];
  for (const tau2Estimator of estimators) {
    for (const ciMethod of ['z', 'hksj'] as const) {
      it(`${tau2Estimator} ${ciMethod}`, () => {
        const pooled = poolInverseVariance(bcg, { model: 'random', tau2Estimator, ciMethod, withTau2Intervals: false });
        const fit = metaRegression(bcg, { model: 'random', tau2Estimator, ciMethod, moderators: [] });
        const [intercept] = fit.coefficients;
        expect(fit.p).toBe(1);
        expect(intercept.estimate).toBeCloseTo(pooled.estimate, 12);
        expect(intercept.se).toBeCloseTo(pooled.se, 12);
        expect(intercept.ciLower).toBeCloseTo(pooled.ciLower, 12);
        expect(intercept.ciUpper).toBeCloseTo(pooled.ciUpper, 12);
        expect(intercept.pval).toBeCloseTo(pooled.pval, 12);
        expect(fit.tau2).toBeCloseTo(pooled.tau2, 12);
        expect([fit.QE, fit.QEdf, fit.QEp]).toEqual([pooled.Q, pooled.Qdf, pooled.Qp].map((x) => expect.closeTo(x, 10)));
        expect(fit.I2).toBeCloseTo(pooled.I2, 10);
        expect(fit.H2).toBeCloseTo(pooled.H2, 10);
        expect([fit.QM, fit.R2, fit.fittedLine, fit.warnings]).toEqual([null, null, null, []]);
      });
    }
  }
});

describe('meta-regression results', () => {
  // The reference cases cover DL, REML, ML and PM; these three from R metafor 3.8.1: rma(yi, vi, mods = ~ ablat + year, method = ...).
  for (const [tau2Estimator, tau2, slope, se, R2] of [
    ['SJ', 0.253226123181886, -0.0261707016623645, 0.0144936651365172, 26.7106756624124],
    ['HE', 0.235610760816533, -0.0263236700111053, 0.0140421516199135, 28.2907248978164],
    ['EB', 0.171637115724652, -0.0270195780089683, 0.0122523118187095, 46.0376800859155],
  ] as const) {
    it(`${tau2Estimator} residual τ², ablat slope and pseudo-R² as metafor`, () => {
      const fit = metaRegression(bcg, { model: 'random', tau2Estimator, moderators: ['ablat', 'year'] });
      const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);
      expect(relative(fit.tau2, tau2)).toBeLessThan(1e-6);
      expect(relative(fit.coefficients[1].estimate, slope)).toBeLessThan(1e-6);
      expect(relative(fit.coefficients[1].se, se)).toBeLessThan(1e-6);
      expect(relative(fit.R2!, R2)).toBeLessThan(1e-6);
    });
  }

  it('warns below ten studies per moderator coefficient, naming the numbers', () => {
    const fit = metaRegression(bcg, { model: 'random', tau2Estimator: 'REML', moderators: ['ablat', 'year'] });
    expect(fit.warnings).toEqual([
      {
        code: 'few-studies-per-coefficient',
        message: '13 studies for 2 moderator coefficients (6.5 per coefficient): fewer than 10 studies per coefficient, so the estimates may be unreliable',
      },
    ]);
    expect(metaRegression(bcg, { model: 'random', tau2Estimator: 'REML', moderators: ['ablat'] }).warnings).toEqual([]);
  });

  it('the fitted line of one numeric moderator spans its observed range with the coefficients and their band', () => {
    const fit = metaRegression(bcg, { model: 'random', tau2Estimator: 'REML', moderators: ['ablat'] });
    const [intercept, slope] = fit.coefficients;
    const line = fit.fittedLine!;
    expect(line.moderator).toBe('ablat');
    expect(line.points).toHaveLength(50);
    expect(line.points[0].x).toBe(13);
    expect(line.points[49].x).toBe(55);
    // metafor: rma(yi, vi, mods = ~ ablat, data = dat.bcg) gives -0.0291 per degree of latitude.
    expect(slope.estimate).toBeCloseTo(-0.0291, 4);
    for (const point of [line.points[0], line.points[49]]) {
      expect(point.fit).toBeCloseTo(intercept.estimate + slope.estimate * point.x, 12);
      expect(point.ciUpper - point.fit).toBeCloseTo(point.fit - point.ciLower, 12);
    }
    const width = (i: number) => line.points[i].ciUpper - line.points[i].ciLower;
    expect(width(25)).toBeLessThan(width(0));
    expect(width(25)).toBeLessThan(width(49));
    expect(metaRegression(bcg, { model: 'random', moderators: ['ablat', 'year'] }).fittedLine).toBeNull();
  });

  it('factor levels are sorted and the first is the reference', () => {
    const effects = withModerators(['placebo', 'drug', 'usual care', 'drug', 'placebo', 'usual care', 'drug'].map((control) => ({ control })));
    const fit = metaRegression(effects, { model: 'fixed', moderators: ['control'], factors: ['control'] });
    expect(fit.coefficients.map((c) => c.name)).toEqual(['intercept', 'control: placebo', 'control: usual care']);
    expect(fit.QMdf).toBe(2);
  });
});
