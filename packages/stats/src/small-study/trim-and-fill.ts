import { StatsInputError } from '../errors.js';
import { fitEffects } from '../fit.js';
import { designWithSlope, fitAtTau2 } from '../numeric/weighted-regression.js';
import { tau2Estimators } from '../tau2/index.js';
import type { EffectSize, ModelOptions, TrimFillResult } from '../types.js';

// metafor 3.8 fits the trimmed and filled data with its default τ² convergence threshold (1e-5), whatever the
// original model's control settings; the reference numbers depend on it at the 1e-6 level.
const METAFOR_DEFAULT_THRESHOLD = 1e-5;

/** The side with missing studies, from the sign of the slope of yi on sqrt(vi) under the same model (metafor trimfill). */
function missingSide(effects: EffectSize[], options: ModelOptions): 'left' | 'right' {
  // With equal standard errors there is no slope; metafor then looks on the left.
  if (effects.every((e) => e.vi === effects[0].vi)) return 'left';
  const yi = Float64Array.from(effects, (e) => e.yi);
  const vi = Float64Array.from(effects, (e) => e.vi);
  const design = designWithSlope(Array.from(vi, Math.sqrt));
  const tau2 =
    options.model === 'random' && effects.length > 2
      ? tau2Estimators[options.tau2Estimator ?? 'REML']({ design, yi, vi })
      : 0;
  const slope = fitAtTau2(design, yi, vi, tau2, false).beta[1];
  return slope < 0 ? 'right' : 'left';
}

/** Ranks 1..k of |x| with ties broken by position (R's rank(ties.method = "first")). */
function ranksFirst(values: number[]): number[] {
  const order = values.map((v, i) => ({ v: Math.abs(v), i })).sort((a, b) => a.v - b.v || a.i - b.i);
  const ranks = new Array<number>(values.length);
  order.forEach(({ i }, r) => (ranks[i] = r + 1));
  return ranks;
}

// Duval and Tweedie (2000) trim-and-fill with the L0 estimator, iterated as metafor's trimfill.rma.uni.
export function trimAndFill(effects: EffectSize[], options: ModelOptions, maxIterations = 100): TrimFillResult {
  const k = effects.length;
  if (k < 3) throw new StatsInputError(`trim-and-fill needs at least 3 studies (this analysis has ${k})`, null, 'studies');
  const side = missingSide(effects, options);
  const flip = side === 'right' ? -1 : 1;
  const sorted = effects
    .map((e, index) => ({ ...e, yi: flip * e.yi, index }))
    .sort((a, b) => a.yi - b.yi || a.index - b.index);
  let k0 = 0;
  let previous = -1;
  let center = 0;
  let centred: number[] = [];
  for (let iteration = 0; k0 !== previous; iteration++) {
    if (iteration >= maxIterations) throw new StatsInputError('trim-and-fill did not converge', null, 'studies');
    previous = k0;
    center = fitEffects(sorted.slice(0, k - k0), options, false, METAFOR_DEFAULT_THRESHOLD).estimate;
    centred = sorted.map((e) => e.yi - center);
    const ranks = ranksFirst(centred);
    const Sr = centred.reduce((s, c, i) => s + (c > 0 ? ranks[i] : 0), 0);
    k0 = Math.max(0, Math.round((4 * Sr - k * (k + 1)) / (2 * k - 1)));
  }
  const filled = { yi: [] as number[], vi: [] as number[] };
  for (let i = k - k0; i < k; i++) {
    filled.yi.push(flip * (center - centred[i]));
    filled.vi.push(sorted[i].vi);
  }
  const augmented: EffectSize[] = [
    ...effects,
    ...filled.yi.map((yi, j) => ({ id: `filled-${j + 1}`, yi, vi: filled.vi[j] })),
  ];
  // Nothing missing: the original model stands. Otherwise the filled data are refitted with a z-based CI, as metafor does.
  if (k0 === 0) return { k0, side, fit: fitEffects(effects, options, false), filled };
  const fit = fitEffects(augmented, { ...options, ciMethod: 'z' }, false, METAFOR_DEFAULT_THRESHOLD);
  return { k0, side, fit, filled };
}
