import { heterogeneityFromQ } from '../heterogeneity.js';
import { normalQuantileOf, normalTwoSidedP } from '../numeric/distributions.js';
import type { Fit, PoolingMethod } from '../types.js';

/** A fixed-effect Fit from a pooled estimate, its SE, Cochran's Q and the weights (Mantel-Haenszel, Peto). */
export function fixedFitFrom(args: {
  method: PoolingMethod;
  estimate: number;
  se: number;
  Q: number;
  Qdf: number;
  rawWeights: number[];
  ids: string[];
}): Fit {
  const { method, estimate, se, ids } = args;
  const heterogeneity = heterogeneityFromQ(args.Q, args.Qdf);
  const crit = normalQuantileOf(0.975);
  const total = args.rawWeights.reduce((s, w) => s + w, 0);
  const stat = estimate / se;
  return {
    model: 'fixed',
    method,
    tau2Estimator: null,
    ciMethod: 'z',
    k: ids.length,
    estimate,
    se,
    ciLower: estimate - crit * se,
    ciUpper: estimate + crit * se,
    stat,
    df: null,
    pval: normalTwoSidedP(stat),
    Q: heterogeneity.Q,
    Qdf: heterogeneity.Qdf,
    Qp: heterogeneity.Qp,
    tau2: 0,
    I2: heterogeneity.I2Q,
    H2: heterogeneity.H2Q,
    I2Q: heterogeneity.I2Q,
    weights: args.rawWeights.map((w) => (total > 0 ? (100 * w) / total : 0)),
    ids,
    predLower: null,
    predUpper: null,
    predLowerHiggins: null,
    predUpperHiggins: null,
    tau2CI: null,
    I2CI: null,
    H2CI: null,
  };
}
