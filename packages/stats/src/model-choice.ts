import type { Fit, ModelChoice } from './types.js';

const I2_LIMIT = 50;
const P_LIMIT = 0.1;

// The seed review's rule (Cui et al. 2022, Methods): fixed effect if I² ≤ 50% and the heterogeneity
// P > 0.1, otherwise random effects. Decided on the fixed-effect fit's Q and I².
export function chooseModel(fixed: Fit): ModelChoice {
  const i2 = fixed.I2Q.toFixed(1);
  const p = fixed.Qp < 0.001 ? '< 0.001' : `= ${fixed.Qp.toFixed(3)}`;
  if (fixed.k < 2) {
    return { rule: 'i2-and-heterogeneity-p', chosen: 'fixed', reason: 'one study: no heterogeneity to assess, fixed effect' };
  }
  if (fixed.I2Q <= I2_LIMIT && fixed.Qp > P_LIMIT) {
    return { rule: 'i2-and-heterogeneity-p', chosen: 'fixed', reason: `I² = ${i2}% ≤ 50% and heterogeneity P ${p} > 0.1: fixed effect` };
  }
  const why = fixed.I2Q > I2_LIMIT ? `I² = ${i2}% > 50%` : `heterogeneity P ${p} ≤ 0.1`;
  return { rule: 'i2-and-heterogeneity-p', chosen: 'random', reason: `${why}: random effects` };
}
