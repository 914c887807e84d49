import { chiSquareQuantileOf, chiSquareUpperTail } from './numeric/distributions.js';
import { fitAtTau2, interceptDesign, type Design } from './numeric/weighted-regression.js';
import { solveGeneralisedQ } from './tau2/paule-mandel.js';

export interface Heterogeneity {
  Q: number;
  Qdf: number;
  Qp: number;
  /** (Q - df)/Q as a percentage, truncated at 0 (Higgins and Thompson 2002), as RevMan reports it. */
  I2Q: number;
  /** Q/df. */
  H2Q: number;
}

// Cochran's Q with inverse-variance weights around `center` (the pooled estimate under those weights for IV).
export function cochranQ(yi: ArrayLike<number>, vi: ArrayLike<number>, center: number, parameters = 1): Heterogeneity {
  return heterogeneityFromQ(cochranQStatistic(yi, vi, center), yi.length - parameters);
}

/** Σ (yi - center)² / vi: Cochran's Q alone, without its P value. */
export function cochranQStatistic(yi: ArrayLike<number>, vi: ArrayLike<number>, center: number): number {
  let Q = 0;
  for (let i = 0; i < yi.length; i++) Q += (yi[i] - center) ** 2 / vi[i];
  return Q;
}

export function heterogeneityFromQ(Q: number, Qdf: number): Heterogeneity {
  if (Qdf <= 0) return { Q, Qdf, Qp: 1, I2Q: 0, H2Q: 1 };
  return { Q, Qdf, Qp: chiSquareUpperTail(Q, Qdf), I2Q: i2FromQ(Q, Qdf), H2Q: Q / Qdf };
}

/** I² from Q: (Q - df)/Q as a percentage, truncated at 0 (0 without degrees of freedom). */
export function i2FromQ(Q: number, Qdf: number): number {
  if (Qdf <= 0) return 0;
  return Q > 0 ? Math.max(0, (100 * (Q - Qdf)) / Q) : 0;
}

// The "typical" within-study variance (k - p)/tr(P) of Higgins and Thompson (2002), behind model-based I² and H².
export function typicalVariance(design: Design, vi: Float64Array): number {
  const fit = fitAtTau2(design, new Float64Array(design.k), vi, 0);
  return (design.k - design.p) / fit.trP;
}

/** typicalVariance of an intercept-only model from Σw and Σw² at τ² = 0, to the bit: (k - 1)/tr(P) with tr(P) = Σw - Σw²/Σw. */
export function interceptTypicalVariance(k: number, sumW0: number, sumW0Squared: number): number {
  return (k - 1) / (sumW0 - sumW0Squared / sumW0);
}

// Model-based I² = 100 τ²/(v̄ + τ²) and H² = (v̄ + τ²)/v̄ (metafor rma.uni).
export function i2FromTau2(tau2: number, vt: number): number {
  return (100 * tau2) / (vt + tau2);
}
export function h2FromTau2(tau2: number, vt: number): number {
  return (vt + tau2) / vt;
}

export interface Tau2ConfidenceIntervals {
  tau2CI: [number, number];
  I2CI: [number, number];
  H2CI: [number, number];
}

// Q-profile confidence interval for τ² (Viechtbauer 2007): the τ² values at which the generalised Q
// equals the chi-square quantiles; bounds are truncated at zero. I² and H² intervals follow from τ².
// Bounds are searched up to max(100, 10 τ̂²), as metafor's confint does, and reported at that limit beyond it.
export function qProfileIntervals(yi: Float64Array, vi: Float64Array, tau2: number, level = 0.95): Tau2ConfidenceIntervals {
  const design = interceptDesign(yi.length);
  const df = design.k - design.p;
  const alpha = 1 - level;
  const input = { design, yi, vi };
  const searchLimit = Math.max(100, 10 * tau2);
  const lower = Math.min(searchLimit, solveGeneralisedQ(input, chiSquareQuantileOf(1 - alpha / 2, df)));
  const upper = Math.min(searchLimit, solveGeneralisedQ(input, chiSquareQuantileOf(alpha / 2, df)));
  const vt = typicalVariance(design, vi);
  return {
    tau2CI: [lower, upper],
    I2CI: [i2FromTau2(lower, vt), i2FromTau2(upper, vt)],
    H2CI: [h2FromTau2(lower, vt), h2FromTau2(upper, vt)],
  };
}
