import { StatsInputError } from '../errors.js';
import { fitEffects, ivPoolOptions } from '../fit.js';
import { poolVectors, validateEffects } from '../pool/inverse-variance.js';
import { designWithSlope, fitAtTau2 } from '../numeric/weighted-regression.js';
import { tau2Estimators } from '../tau2/index.js';
import type { EffectSize, ModelOptions, TrimFillResult } from '../types.js';
import { vectorOf } from '../numeric/vector-of.js';

// metafor 3.8 fits the side's regression, the trimmed and the filled data with its default τ² convergence threshold
// (1e-5), whatever the original model's control settings; the reference numbers depend on it at the 1e-6 level, and so
// does its ll0 check, which is skipped for a τ² below that threshold (see likelierAtZero).
const METAFOR_DEFAULT_THRESHOLD = 1e-5;

/** The side with missing studies, from the sign of the slope of yi on sqrt(vi) under the same model (metafor trimfill). */
function missingSide(effects: EffectSize[], options: ModelOptions): 'left' | 'right' {
  // With equal standard errors there is no slope; metafor then looks on the left.
  if (effects.every((e) => e.vi === effects[0].vi)) return 'left';
  const yi = vectorOf(effects, (e) => e.yi);
  const vi = vectorOf(effects, (e) => e.vi);
  const design = designWithSlope(Array.from(vi, Math.sqrt));
  const tau2 =
    options.model === 'random' && effects.length > 2
      ? tau2Estimators[options.tau2Estimator ?? 'REML']({ design, yi, vi, threshold: METAFOR_DEFAULT_THRESHOLD })
      : 0;
  const slope = fitAtTau2(design, yi, vi, tau2, false).beta[1];
  return slope < 0 ? 'right' : 'left';
}

/**
 * Wilcoxon's sum of the ranks of the positive values among 1..n of |c|, ties ranked by position (R's
 * rank(ties.method = "first")), for c already sorted ascending: ranking |c| merges the negatives, walked back from
 * zero, with the rest, in O(n) instead of a sort per trim-and-fill iteration.
 */
export function positiveRankSum(c: Float64Array): number {
  const n = c.length;
  let firstNonNegative = 0;
  while (firstNonNegative < n && c[firstNonNegative] < 0) firstNonNegative++;
  // The negatives by increasing |c|, equal values in their order of position.
  const negatives = new Int32Array(firstNonNegative);
  let filled = 0;
  for (let end = firstNonNegative - 1; end >= 0; ) {
    let start = end;
    while (start > 0 && c[start - 1] === c[end]) start--;
    for (let i = start; i <= end; i++) negatives[filled++] = i;
    end = start - 1;
  }
  let Sr = 0;
  let rank = 0;
  let a = 0;
  let b = firstNonNegative;
  while (a < filled || b < n) {
    const takeNegative = b >= n || (a < filled && (-c[negatives[a]] < c[b] || (-c[negatives[a]] === c[b] && negatives[a] < b)));
    rank++;
    if (takeNegative) a++;
    else if (c[b++] > 0) Sr += rank;
  }
  return Sr;
}

// Duval and Tweedie (2000) trim-and-fill with the L0 estimator, iterated as metafor's trimfill.rma.uni.
export function trimAndFill(effects: EffectSize[], options: ModelOptions, maxIterations = 100): TrimFillResult {
  const k = effects.length;
  if (k < 3) throw new StatsInputError(`trim-and-fill needs at least 3 studies (this analysis has ${k})`, null, 'studies');
  const side = missingSide(effects, options);
  validateEffects(effects);
  const flip = side === 'right' ? -1 : 1;
  // Sorted once, by effect (on the side searched) then position; each iteration fits a prefix of these arrays.
  const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => flip * effects[a].yi - flip * effects[b].yi || a - b);
  const yi = vectorOf(order, (i) => flip * effects[i].yi);
  const vi = vectorOf(order, (i) => effects[i].vi);
  const centred = new Float64Array(k);
  // Each trimmed fit starts from Hedges as metafor's does: run only to 1e-5, its τ² depends on the start (a warm start moves it by up to 0.4%).
  const trimmedOptions = { ...ivPoolOptions(options, false, METAFOR_DEFAULT_THRESHOLD), withWeights: false };
  let k0 = 0;
  let previous = -1;
  let center = 0;
  for (let iteration = 0; k0 !== previous; iteration++) {
    if (iteration >= maxIterations) throw new StatsInputError('trim-and-fill did not converge', null, 'studies');
    previous = k0;
    center = poolVectors(yi.subarray(0, k - k0), vi.subarray(0, k - k0), trimmedOptions).estimate;
    for (let i = 0; i < k; i++) centred[i] = yi[i] - center;
    const Sr = positiveRankSum(centred);
    k0 = Math.max(0, Math.round((4 * Sr - k * (k + 1)) / (2 * k - 1)));
  }
  const filled = { yi: [] as number[], vi: [] as number[] };
  for (let i = k - k0; i < k; i++) {
    filled.yi.push(flip * (center - centred[i]));
    filled.vi.push(vi[i]);
  }
  // Nothing missing: the original model stands. Otherwise the filled data are refitted with a z-based CI, as metafor does.
  if (k0 === 0) return { k0, side, fit: fitEffects(effects, options, false), filled };
  const augmented: EffectSize[] = [
    ...effects,
    ...filled.yi.map((yi, j) => ({ id: `filled-${j + 1}`, yi, vi: filled.vi[j] })),
  ];
  const fit = fitEffects(augmented, { ...options, ciMethod: 'z' }, false, METAFOR_DEFAULT_THRESHOLD);
  return { k0, side, fit, filled };
}
