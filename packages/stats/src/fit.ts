import { computeEffects, isBinaryStudy } from './effect-sizes/index.js';
import { StatsInputError } from './errors.js';
import { poolInverseVariance } from './pool/inverse-variance.js';
import type { BinaryStudy, EffectSize, Fit, Measure, ModelOptions, StudyInput } from './types.js';

/** Fits one meta-analysis of raw study data with the given model, pooling method and preset. */
export function fitModel(studies: StudyInput[], measure: Measure, options: ModelOptions): Fit {
  const preset = options.preset ?? 'metafor';
  const method = options.method ?? 'IV';
  const { effects } = computeEffects(studies, measure, { preset });
  if (method === 'IV') return fitEffects(effects, options);
  throw new StatsInputError(`pooling method ${method} is not available`, null, 'method');
}

/** Inverse-variance fit of effects already on the analysis scale. */
export function fitEffects(effects: EffectSize[], options: ModelOptions, withTau2Intervals = true): Fit {
  return poolInverseVariance(effects, {
    model: options.model,
    tau2Estimator: options.tau2Estimator,
    ciMethod: options.ciMethod,
    withTau2Intervals,
  });
}

export function binaryStudiesOf(studies: StudyInput[], method: string): BinaryStudy[] {
  return studies.map((s) => {
    if (!isBinaryStudy(s)) throw new StatsInputError(`${method} pooling needs events and participants per arm in study '${s.id}'`, s.id, 'events1');
    return s;
  });
}
