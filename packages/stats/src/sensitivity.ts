import { fitEffects } from './fit.js';
import type { EffectSize, Fit, ModelOptions, SequenceOfFits } from './types.js';

function sequenceOf(ids: string[], fits: Fit[], model: ModelOptions['model']): SequenceOfFits {
  return {
    ids,
    estimate: fits.map((f) => f.estimate),
    se: fits.map((f) => f.se),
    ciLower: fits.map((f) => f.ciLower),
    ciUpper: fits.map((f) => f.ciUpper),
    pval: fits.map((f) => f.pval),
    Q: fits.map((f) => f.Q),
    I2: fits.map((f) => f.I2),
    tau2: fits.map((f) => (model === 'random' ? f.tau2 : null)),
  };
}

// Leave-one-out sensitivity analysis (metafor leave1out): element i is the model refitted without study i.
export function leaveOneOut(effects: EffectSize[], options: ModelOptions): SequenceOfFits {
  if (effects.length < 2) return sequenceOf([], [], options.model);
  const fits = effects.map((_, i) => fitEffects(effects.filter((__, j) => j !== i), options, false));
  return sequenceOf(effects.map((e) => e.id), fits, options.model);
}

// Cumulative meta-analysis (Lau et al. 1992; metafor cumul): element i is the model fitted to studies 1..i in the given order.
export function cumulative(effects: EffectSize[], options: ModelOptions): SequenceOfFits {
  // The first step has one study: a t-based (HKSJ) interval needs two, so it is z-based like metafor's fixed k = 1 fit.
  const fits = effects.map((_, i) => fitEffects(effects.slice(0, i + 1), i === 0 ? { ...options, ciMethod: 'z' } : options, false));
  return sequenceOf(effects.map((e) => e.id), fits, options.model);
}

/** Studies in chronological order (by year, then as entered), the order a living review accumulates in. */
export function chronological(effects: EffectSize[]): EffectSize[] {
  return effects
    .map((e, index) => ({ e, index }))
    .sort((x, y) => (x.e.year ?? Number.POSITIVE_INFINITY) - (y.e.year ?? Number.POSITIVE_INFINITY) || x.index - y.index)
    .map(({ e }) => e);
}
