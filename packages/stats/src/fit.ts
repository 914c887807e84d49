import { computeEffects, isBinaryStudy, type EffectOptions } from './effect-sizes/index.js';
import { StatsInputError } from './errors.js';
import { poolInverseVariance, type PoolOptions } from './pool/inverse-variance.js';
import { poolMantelHaenszel } from './pool/mantel-haenszel.js';
import { poolPeto } from './pool/peto.js';
import type { BinaryStudy, EffectSize, Fit, Measure, ModelOptions, StudyInput } from './types.js';

/** Fits one meta-analysis of raw study data with the given model, pooling method and preset. */
export function fitModel(studies: StudyInput[], measure: Measure, options: ModelOptions & EffectOptions): Fit {
  const preset = options.preset ?? 'metafor';
  const method = options.method ?? 'IV';
  const { effects } = computeEffects(studies, measure, options);
  if (method === 'IV') return fitEffects(effects, options);
  if (measure !== 'OR' && measure !== 'RR' && measure !== 'RD') {
    throw new StatsInputError(`${method} pooling applies to OR, RR and RD, not ${measure}`, null, 'method');
  }
  if (method === 'PETO' && measure !== 'OR') throw new StatsInputError(`Peto pooling gives an odds ratio; the outcome's measure is ${measure}`, null, 'method');
  const binary = binaryStudiesOf(studies, method);
  const fixed = method === 'MH' ? poolMantelHaenszel(binary, measure, preset) : poolPeto(binary, preset);
  if (options.model === 'fixed') return fixed;
  if (method === 'PETO') throw new StatsInputError('Peto pooling is a fixed-effect method; choose inverse-variance for random effects', null, 'model');
  return randomAfterMantelHaenszel(effects, fixed);
}

// RevMan 5: random effects after Mantel-Haenszel are DerSimonian-Laird with τ² from the MH analysis's Q
// and inverse-variance random-effects weights (RevMan 5 statistical methods, section on random effects).
function randomAfterMantelHaenszel(effects: EffectSize[], fixed: Fit): Fit {
  let sumW = 0;
  let sumW2 = 0;
  for (const e of effects) {
    sumW += 1 / e.vi;
    sumW2 += 1 / (e.vi * e.vi);
  }
  const tau2 = fixed.Qdf > 0 ? Math.max(0, (fixed.Q - fixed.Qdf) / (sumW - sumW2 / sumW)) : 0;
  const random = poolInverseVariance(effects, { model: 'random', tau2Estimator: 'DL', ciMethod: 'z', tau2 });
  return { ...random, method: 'MH', Q: fixed.Q, Qdf: fixed.Qdf, Qp: fixed.Qp, I2Q: fixed.I2Q, I2: fixed.I2Q, H2: fixed.H2 };
}

/** The pooling options for an inverse-variance fit under model options. */
export function ivPoolOptions(options: ModelOptions, withTau2Intervals: boolean, tau2Threshold?: number): PoolOptions {
  return { model: options.model, tau2Estimator: options.tau2Estimator, ciMethod: options.ciMethod, withTau2Intervals, tau2Threshold };
}

/** Inverse-variance fit of effects already on the analysis scale. */
export function fitEffects(effects: EffectSize[], options: ModelOptions, withTau2Intervals = true, tau2Threshold?: number): Fit {
  return poolInverseVariance(effects, ivPoolOptions(options, withTau2Intervals, tau2Threshold));
}

export function binaryStudiesOf(studies: StudyInput[], method: string): BinaryStudy[] {
  return studies.map((s) => {
    if (!isBinaryStudy(s)) throw new StatsInputError(`${method} pooling needs events and participants per arm in study '${s.id}'`, s.id, 'events1');
    return s;
  });
}
