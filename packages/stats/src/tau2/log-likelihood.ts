import { fitAtTau2, invertSmall, type WeightedFit } from '../numeric/weighted-regression.js';
import { TAU2_THRESHOLD, type Tau2Input } from './types.js';

/** The (restricted) log-likelihood of the normal-normal model at τ² (metafor's ll and ll0 checks). */
export function logLikelihood({ design, yi, vi }: Tau2Input, tau2: number, kind: 'ML' | 'REML'): number {
  const { k, p } = design;
  const fit = fitAtTau2(design, yi, vi, tau2, false);
  let logV = 0;
  for (let i = 0; i < k; i++) logV += Math.log(vi[i] + tau2);
  if (kind === 'ML') return -0.5 * k * Math.log(2 * Math.PI) - 0.5 * logV - 0.5 * fit.RSS;
  const A = invertSmall(fit.vb);
  const logDetXWX = A ? Math.log(determinant(A)) : Number.NaN;
  return -0.5 * (k - p) * Math.log(2 * Math.PI) - 0.5 * logV - 0.5 * logDetXWX - 0.5 * fit.RSS;
}

/**
 * ll(0) and ll(τ²) of an intercept-only model in two passes over the data instead of six; each sum is
 * accumulated in the same order as logLikelihood's, so both numbers are the same to the bit.
 */
export function interceptLogLikelihoods({ design, yi, vi }: Tau2Input, tau2: number, kind: 'ML' | 'REML'): [number, number] {
  const k = design.k;
  let sumW0 = 0;
  let sumW0Y = 0;
  let logV0 = 0;
  let sumW = 0;
  let sumWY = 0;
  let logV = 0;
  for (let i = 0; i < k; i++) {
    const w0 = 1 / (vi[i] + 0);
    const w = 1 / (vi[i] + tau2);
    sumW0 += w0;
    sumW0Y += w0 * yi[i];
    sumW += w;
    sumWY += w * yi[i];
    logV0 += Math.log(vi[i] + 0);
    logV += Math.log(vi[i] + tau2);
  }
  const mu0 = sumW0Y / sumW0;
  const mu = sumWY / sumW;
  let RSS0 = 0;
  let RSS = 0;
  for (let i = 0; i < k; i++) {
    const w0 = 1 / (vi[i] + 0);
    const w = 1 / (vi[i] + tau2);
    const we0 = w0 * (yi[i] - mu0);
    const we = w * (yi[i] - mu);
    RSS0 += we0 * (yi[i] - mu0);
    RSS += we * (yi[i] - mu);
  }
  return [interceptLogLikelihoodFromSums(k, logV0, sumW0, RSS0, kind), interceptLogLikelihoodFromSums(k, logV, sumW, RSS, kind)];
}

/** The (restricted) log-likelihood of an intercept-only model from Σlog(vi + τ²), Σw and Σw(y - μ)² at that τ². */
export function interceptLogLikelihoodFromSums(k: number, logV: number, sumW: number, RSS: number, kind: 'ML' | 'REML'): number {
  if (kind === 'ML') return -0.5 * k * Math.log(2 * Math.PI) - 0.5 * logV - 0.5 * RSS;
  // log det(X'WX) as logLikelihood computes it: the inverse of the 1×1 matrix (X'WX)⁻¹.
  return -0.5 * (k - 1) * Math.log(2 * Math.PI) - 0.5 * logV - 0.5 * Math.log(1 / (1 / sumW)) - 0.5 * RSS;
}

/**
 * An upper bound of ll(0) - ll(τ²) for an intercept-only model without a logarithm per study: log(1 + x) ≤ x(6 + x)/(6 + 4x)
 * for x ≥ 0 (Topsøe 2007), less a margin beyond the rounding of the exact sums. Below the ll0 check's tolerance it
 * decides the check as the exact log-likelihoods would; at or above it they are computed.
 */
function interceptGainBoundInTwoPasses({ design, yi, vi }: Tau2Input, tau2: number, kind: 'ML' | 'REML'): number {
  const k = design.k;
  let sumW0 = 0;
  let sumW0Y = 0;
  let sumW = 0;
  let sumWY = 0;
  let logRatioBound = 0;
  for (let i = 0; i < k; i++) {
    const w0 = 1 / vi[i];
    const w = 1 / (vi[i] + tau2);
    const x = tau2 * w0;
    sumW0 += w0;
    sumW0Y += w0 * yi[i];
    sumW += w;
    sumWY += w * yi[i];
    logRatioBound += (x * (6 + x)) / (6 + 4 * x);
  }
  const mu0 = sumW0Y / sumW0;
  const mu = sumWY / sumW;
  let RSS0 = 0;
  let RSS = 0;
  for (let i = 0; i < k; i++) {
    RSS0 += (yi[i] - mu0) ** 2 / vi[i];
    RSS += (yi[i] - mu) ** 2 / (vi[i] + tau2);
  }
  const gain = 0.5 * logRatioBound + 0.5 * (RSS - RSS0) + (kind === 'REML' ? 0.5 * Math.log(sumW / sumW0) : 0);
  // The exact check sums k logarithms of up to about 700 in magnitude: its rounding stays far below this margin.
  const margin = 1e-6 + 1e-9 * (k + logRatioBound + RSS + RSS0);
  return Number.isFinite(gain) ? gain + margin : Number.POSITIVE_INFINITY;
}

/**
 * An upper bound of ll(0) - ll(τ²) for an intercept-only model from its fits at 0 and τ², without a pass over the rows:
 * Σlog(1 + x) ≤ Σx - Σx²/2 + Σx³/3 for x = τ²/vi ≥ 0 (the derivative of the difference is x³/(1 + x) ≥ 0), with
 * Σx = τ²Σw₀, Σx² = τ⁴Σw₀² and Σx³ ≤ τ²·maxW₀·Σx², where maxW₀ is at least every 1/vi, or by concavity (Jensen)
 * Σlog(1 + x) ≤ k·log(1 + Σx/k), whichever is smaller; less a margin beyond the rounding of the fits' sums (wider than
 * the two-pass bound's: these sums may come from moments about a centre).
 */
export function interceptGainBoundFromFits(k: number, fixed: WeightedFit, fit: WeightedFit, tau2: number, maxW0: number, kind: 'ML' | 'REML'): number {
  const sumX = tau2 * fixed.sumW;
  const sumX2 = tau2 * tau2 * fixed.sumW2;
  const logRatioBound = Math.min(sumX - sumX2 / 2 + (tau2 * maxW0 * sumX2) / 3, k * Math.log1p(sumX / k));
  const gain = 0.5 * logRatioBound + 0.5 * (fit.RSS - fixed.RSS) + (kind === 'REML' ? 0.5 * Math.log(fit.sumW / fixed.sumW) : 0);
  const margin = 1e-6 + 1e-8 * (k + sumX + sumX2 + fit.RSS + fixed.RSS);
  return Number.isFinite(gain) && Number.isFinite(margin) ? gain + margin : Number.POSITIVE_INFINITY;
}

function determinant(m: number[][]): number {
  if (m.length === 1) return m[0][0];
  if (m.length === 2) return m[0][0] * m[1][1] - m[0][1] * m[1][0];
  let det = 0;
  for (let j = 0; j < m.length; j++) {
    const minor = m.slice(1).map((row) => row.filter((_, c) => c !== j));
    det += (j % 2 === 0 ? 1 : -1) * m[0][j] * determinant(minor);
  }
  return det;
}

/**
 * metafor's ll0check: Fisher scoring may stop at a local maximum; τ² = 0 wins when its likelihood is clearly higher.
 * metafor checks only a τ² above its convergence threshold (rma.uni: `tau2 > con$threshold`), so a fit run to
 * metafor's default 1e-5 (trim-and-fill's refits) keeps a τ² of a few 1e-6 that a fit run to 1e-13 would set to 0.
 */
export function likelierAtZero(input: Tau2Input, tau2: number, kind: 'ML' | 'REML'): boolean {
  const tolerance = Number.EPSILON ** 0.25;
  if (!(tau2 > (input.threshold ?? TAU2_THRESHOLD))) return false;
  if (input.design.p === 1) {
    const fromSums = input.interceptLogLikelihoods?.(tau2, kind);
    if (fromSums) return fromSums[0] - fromSums[1] > tolerance;
    // Below the tolerance a bound decides the check as the exact log-likelihoods would: the caller's (no pass) first.
    if ((input.interceptGainBound?.(tau2, kind) ?? Number.POSITIVE_INFINITY) < tolerance) return false;
    if (interceptGainBoundInTwoPasses(input, tau2, kind) < tolerance) return false;
    const [atZero, atTau2] = interceptLogLikelihoods(input, tau2, kind);
    return atZero - atTau2 > tolerance;
  }
  return logLikelihood(input, 0, kind) - logLikelihood(input, tau2, kind) > tolerance;
}
