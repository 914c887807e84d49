import { ivPoolOptions } from './fit.js';
import { poolVectors, validateEffects } from './pool/inverse-variance.js';
import type { EffectSize, ModelOptions, SequenceOfFits } from './types.js';

/** Fits models to a sequence of subsets given by `subset(i, buffers)` and keeps only their summaries. */
function sequenceOfFits(
  ids: string[],
  count: number,
  options: ModelOptions,
  subset: (i: number) => { yi: Float64Array; vi: Float64Array; ciMethod: ModelOptions['ciMethod'] },
): SequenceOfFits {
  const result: SequenceOfFits = { ids, estimate: [], se: [], ciLower: [], ciUpper: [], pval: [], Q: [], I2: [], tau2: [] };
  for (let i = 0; i < count; i++) {
    const { yi, vi, ciMethod } = subset(i);
    const fit = poolVectors(yi, vi, { ...ivPoolOptions({ ...options, ciMethod }, false), withWeights: false });
    result.estimate.push(fit.estimate);
    result.se.push(fit.se);
    result.ciLower.push(fit.ciLower);
    result.ciUpper.push(fit.ciUpper);
    result.pval.push(fit.pval);
    result.Q.push(fit.Q);
    result.I2.push(fit.I2);
    result.tau2.push(options.model === 'random' ? fit.tau2 : null);
  }
  return result;
}

// Leave-one-out sensitivity analysis (metafor leave1out): element i is the model refitted without study i.
export function leaveOneOut(effects: EffectSize[], options: ModelOptions): SequenceOfFits {
  validateEffects(effects);
  const k = effects.length;
  if (k < 2) return sequenceOfFits([], 0, options, () => ({ yi: new Float64Array(0), vi: new Float64Array(0), ciMethod: options.ciMethod }));
  const yi = new Float64Array(k - 1);
  const vi = new Float64Array(k - 1);
  return sequenceOfFits(effects.map((e) => e.id), k, options, (i) => {
    let j = 0;
    for (let m = 0; m < k; m++) {
      if (m === i) continue;
      yi[j] = effects[m].yi;
      vi[j] = effects[m].vi;
      j++;
    }
    return { yi, vi, ciMethod: options.ciMethod };
  });
}

// Cumulative meta-analysis (Lau et al. 1992; metafor cumul): element i is the model fitted to studies 1..i in the given order.
export function cumulative(effects: EffectSize[], options: ModelOptions): SequenceOfFits {
  validateEffects(effects);
  const yi = Float64Array.from(effects, (e) => e.yi);
  const vi = Float64Array.from(effects, (e) => e.vi);
  // The first step has one study: a t-based (HKSJ) interval needs two, so it is z-based like a k = 1 fit.
  return sequenceOfFits(effects.map((e) => e.id), effects.length, options, (i) => ({
    yi: yi.subarray(0, i + 1),
    vi: vi.subarray(0, i + 1),
    ciMethod: i === 0 ? 'z' : options.ciMethod,
  }));
}

/** Studies in chronological order (by year, then as entered), the order a living review accumulates in. */
export function chronological(effects: EffectSize[]): EffectSize[] {
  return effects
    .map((e, index) => ({ e, index }))
    .sort((x, y) => (x.e.year ?? Number.POSITIVE_INFINITY) - (y.e.year ?? Number.POSITIVE_INFINITY) || x.index - y.index)
    .map(({ e }) => e);
}
