import { StatsInputError } from '../errors.js';
import { cochranQ, h2FromTau2, i2FromTau2, interceptTypicalVariance, qProfileIntervals } from '../heterogeneity.js';
import { interceptDesign } from '../numeric/weighted-regression.js';
import { tau2Estimators } from '../tau2/index.js';
import { pooledInference, studentQuantile975 } from './inference.js';
import type { CiMethod, EffectSize, Fit, Tau2Estimator } from '../types.js';
import { vectorOf } from '../numeric/vector-of.js';

export interface PoolOptions {
  model: 'fixed' | 'random';
  tau2Estimator?: Tau2Estimator;
  ciMethod?: CiMethod;
  /** Use this τ² instead of estimating it (RevMan's random effects after Mantel-Haenszel). */
  tau2?: number;
  /** Skip the Q-profile intervals (inner loops of leave-one-out and cumulative analyses). */
  withTau2Intervals?: boolean;
  /** Convergence threshold for iterative τ² estimators (see tau2/types.ts). */
  tau2Threshold?: number;
  /** Start iterative τ² estimators here (a neighbouring fit's τ² in leave-one-out and cumulative analyses); same root, fewer passes. */
  tau2Start?: number;
}

export function validateEffects(effects: EffectSize[]): void {
  if (effects.length === 0) throw new StatsInputError('there are no studies to pool', null, 'studies');
  for (const e of effects) {
    if (!Number.isFinite(e.yi)) throw new StatsInputError(`the effect of study '${e.id}' is not a finite number`, e.id, 'yi');
    if (!(e.vi > 0) || !Number.isFinite(e.vi)) {
      throw new StatsInputError(`the variance of study '${e.id}' must be a positive finite number (got ${e.vi})`, e.id, 'vi');
    }
  }
}

// Inverse-variance pooling, fixed or random effects (Cochrane Handbook 10.3; metafor rma.uni), with
// Hartung-Knapp-Sidik-Jonkman CIs (t with k - 1 df, unrestricted as in metafor) and prediction intervals.
export function poolInverseVariance(effects: EffectSize[], options: PoolOptions): Fit {
  validateEffects(effects);
  const fit = poolVectors(
    vectorOf(effects, (e) => e.yi),
    vectorOf(effects, (e) => e.vi),
    options,
  );
  return { ...fit, ids: effects.map((e) => e.id) };
}

/**
 * The inverse-variance fit of validated effects held in typed arrays (the arrays are not kept). Without
 * `withWeights` the per-study weights are left empty: leave-one-out and cumulative analyses need only the summaries.
 */
export function poolVectors(yi: Float64Array, vi: Float64Array, options: PoolOptions & { withWeights?: boolean }): Fit {
  const k = yi.length;
  const ciMethod = options.model === 'random' ? (options.ciMethod ?? 'z') : 'z';
  if (ciMethod === 'hksj' && k < 2) {
    throw new StatsInputError('the Hartung-Knapp-Sidik-Jonkman method needs at least two studies', null, 'ciMethod');
  }
  const tau2Estimator = options.model === 'random' ? (options.tau2Estimator ?? 'REML') : null;
  const design = interceptDesign(k);
  let tau2 = 0;
  if (options.model === 'random') {
    tau2 = options.tau2 ?? (k === 1 ? 0 : tau2Estimators[tau2Estimator!]({ design, yi, vi, threshold: options.tau2Threshold, start: options.tau2Start }));
  }

  let sumW = 0;
  let sumWY = 0;
  let sumW0 = 0;
  let sumW0Y = 0;
  let sumW0Squared = 0;
  // Weights are recomputed where needed rather than kept: leave-one-out at large k would allocate k of them per refit.
  for (let i = 0; i < k; i++) {
    const w = 1 / (vi[i] + tau2);
    sumW += w;
    sumWY += w * yi[i];
    const w0 = 1 / vi[i];
    sumW0 += w0;
    sumW0Y += yi[i] / vi[i];
    sumW0Squared += w0 * w0;
  }
  const estimate = sumWY / sumW;
  const heterogeneity = cochranQ(yi, vi, sumW0Y / sumW0);

  let hksjRSS: number | null = null;
  if (ciMethod === 'hksj') {
    hksjRSS = 0;
    for (let i = 0; i < k; i++) hksjRSS += (1 / (vi[i] + tau2)) * (yi[i] - estimate) ** 2;
  }
  const { se, df, crit, stat, pval, ciLower, ciUpper } = pooledInference(estimate, sumW, k, hksjRSS);

  let I2 = heterogeneity.I2Q;
  let H2 = heterogeneity.H2Q;
  let predictions: Pick<Fit, 'predLower' | 'predUpper' | 'predLowerHiggins' | 'predUpperHiggins'> = {
    predLower: null,
    predUpper: null,
    predLowerHiggins: null,
    predUpperHiggins: null,
  };
  let intervals: Pick<Fit, 'tau2CI' | 'I2CI' | 'H2CI'> = { tau2CI: null, I2CI: null, H2CI: null };
  if (options.model === 'random') {
    if (k > 1) {
      const vt = interceptTypicalVariance(k, sumW0, sumW0Squared);
      I2 = i2FromTau2(tau2, vt);
      H2 = h2FromTau2(tau2, vt);
      if (options.withTau2Intervals !== false) intervals = qProfileIntervals(yi, vi, tau2);
    }
    // Prediction interval: metafor's (z, or t with k - 1 df under HKSJ) and Higgins et al. 2009 (t with k - 2 df).
    const spread = Math.sqrt(se * se + tau2);
    predictions = {
      predLower: estimate - crit * spread,
      predUpper: estimate + crit * spread,
      predLowerHiggins: k > 2 ? estimate - studentQuantile975(k - 2) * spread : null,
      predUpperHiggins: k > 2 ? estimate + studentQuantile975(k - 2) * spread : null,
    };
  }
  return {
    model: options.model,
    method: 'IV',
    tau2Estimator,
    ciMethod,
    k,
    estimate,
    se,
    ciLower,
    ciUpper,
    stat,
    df,
    pval,
    Q: heterogeneity.Q,
    Qdf: heterogeneity.Qdf,
    Qp: heterogeneity.Qp,
    tau2,
    I2,
    H2,
    I2Q: heterogeneity.I2Q,
    weights: options.withWeights === false ? [] : Array.from(vi, (v) => (100 * (1 / (v + tau2))) / sumW),
    ids: [],
    ...predictions,
    ...intervals,
  };
}

