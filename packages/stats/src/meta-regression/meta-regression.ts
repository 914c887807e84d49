// Fixed- and mixed-effects meta-regression, as R metafor's rma(yi, vi, mods = ~ ...) (Viechtbauer 2005, 2010):
// the residual τ² by any of the pooled analysis's estimators applied to the design, then weighted least squares.
import { validateEffects } from '../pool/inverse-variance.js';
import { tau2Estimators } from '../tau2/index.js';
import { moderatorDesign } from './design-matrix.js';
import { fittedLine } from './fitted-line.js';
import { testModerators } from './moderator-test.js';
import { pseudoR2, residualHeterogeneity } from './residual-heterogeneity.js';
import type { MetaRegression, MetaRegressionOptions, MetaRegressionWarning, ModeratedEffect } from './types.js';
import { fitCoefficients } from './weighted-least-squares.js';

/** Below this many studies per moderator coefficient the Cochrane Handbook (10.11.5.1) advises against meta-regression. */
export const MIN_STUDIES_PER_COEFFICIENT = 10;

export function metaRegression(effects: ModeratedEffect[], options: MetaRegressionOptions): MetaRegression {
  validateEffects(effects);
  const factors = options.factors ?? [];
  const { design, terms } = moderatorDesign(effects, options.moderators, factors);
  const { k, p } = design;
  const yi = Float64Array.from(effects, (e) => e.yi);
  const vi = Float64Array.from(effects, (e) => e.vi);
  const random = options.model === 'random';
  const tau2Estimator = random ? (options.tau2Estimator ?? 'REML') : null;
  const ciMethod = random ? (options.ciMethod ?? 'z') : 'z';

  const tau2 = tau2Estimator === null ? 0 : tau2Estimators[tau2Estimator]({ design, yi, vi });
  const { coefficients, beta, vb, df, crit } = fitCoefficients(design, yi, vi, tau2, terms, ciMethod);
  const moderatorTest = testModerators(beta, vb, df);
  const heterogeneity = residualHeterogeneity(design, yi, vi, tau2, options.model);
  const R2 = tau2Estimator !== null && p > 1 ? pseudoR2(yi, vi, tau2Estimator, tau2) : null;

  const single = options.moderators.length === 1 && !factors.includes(options.moderators[0]) ? options.moderators[0] : null;
  const warnings: MetaRegressionWarning[] = [];
  const m = p - 1;
  if (m > 0 && k < MIN_STUDIES_PER_COEFFICIENT * m) {
    warnings.push({
      code: 'few-studies-per-coefficient',
      message: `${k} studies for ${m} moderator coefficient${m === 1 ? '' : 's'} (${(k / m).toFixed(1)} per coefficient): fewer than ${MIN_STUDIES_PER_COEFFICIENT} studies per coefficient, so the estimates may be unreliable`,
    });
  }
  return {
    model: options.model,
    tau2Estimator,
    ciMethod,
    k,
    p,
    ids: effects.map((e) => e.id),
    coefficients,
    vb,
    df,
    QM: moderatorTest?.QM ?? null,
    QMdf: moderatorTest?.QMdf ?? null,
    QMp: moderatorTest?.QMp ?? null,
    ...heterogeneity,
    tau2,
    R2,
    fittedLine: single === null ? null : fittedLine(single, design.columns[1], beta, vb, crit),
    warnings,
  };
}
