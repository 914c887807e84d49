import { StatsInputError } from '../errors.js';
import type {
  BinaryStudy,
  ContinuousStudy,
  EffectSize,
  EstimateWithCiStudy,
  GenericStudy,
  Measure,
  PrePostStudy,
  Preset,
  StudyInput,
} from '../types.js';
import { checkAnalysable } from './analysable.js';
import { binaryEffect, correctedIfZero, isDoubleZero, table, validateBinaryStudy } from './binary.js';
import { meanDifference, standardisedMeanDifference, validateContinuousStudy } from './continuous.js';
import { effectFromConfidenceInterval, genericEffect, validateGenericStudy } from './generic.js';
import { meanChange, validatePrePostStudy } from './pre-post.js';

export interface EffectOptions {
  preset?: Preset;
  prePostCorrelation?: number;
  prePostDirection?: 'increase' | 'decrease';
}

export interface ComputedEffects {
  effects: EffectSize[];
  excluded: { id: string; studyId?: string; reason: string }[];
}

export const isBinaryStudy = (s: StudyInput): s is BinaryStudy => 'events1' in s;
export const isContinuousStudy = (s: StudyInput): s is ContinuousStudy => 'mean1' in s;
export const isPrePostStudy = (s: StudyInput): s is PrePostStudy => 'meanBefore' in s;
export const isGenericStudy = (s: StudyInput): s is GenericStudy => 'yi' in s && 'sei' in s;
export const isEstimateWithCiStudy = (s: StudyInput): s is EstimateWithCiStudy => 'estimate' in s && 'ciLower' in s;

/** Ratio measures are analysed on the log scale. */
export function measureScale(measure: Measure): 'log' | 'identity' {
  return measure === 'OR' || measure === 'RR' || measure === 'HR' || measure === 'ROM' ? 'log' : 'identity';
}

const expectedData: Record<Measure, string> = {
  OR: 'events and participants per arm (events1, n1, events2, n2) or an effect (yi, sei, or estimate with ciLower and ciUpper)',
  RR: 'events and participants per arm (events1, n1, events2, n2) or an effect (yi, sei, or estimate with ciLower and ciUpper)',
  RD: 'events and participants per arm (events1, n1, events2, n2) or an effect (yi, sei, or estimate with ciLower and ciUpper)',
  MD: 'mean, SD and participants per arm (mean1, sd1, n1, mean2, sd2, n2) or an effect (yi, sei)',
  SMD: 'mean, SD and participants per arm (mean1, sd1, n1, mean2, sd2, n2) or an effect (yi, sei)',
  MC: 'before and after means and SDs with participants (meanBefore, sdBefore, meanAfter, sdAfter, n) or an effect (yi, sei)',
  HR: 'a log hazard ratio with its standard error (yi, sei) or a hazard ratio with its 95% CI (estimate, ciLower, ciUpper)',
  ROM: 'a log ratio of means with its standard error (yi, sei) or a ratio of means with its 95% CI (estimate, ciLower, ciUpper)',
  GENERIC: 'an effect with its standard error (yi, sei) or an estimate with ciLower and ciUpper',
};

/**
 * Per-row effects on the analysis scale (Cochrane Handbook ch. 6; metafor escalc). Under `revman5`,
 * double-zero studies are left out of OR and RR analyses, as RevMan 5 does (metafor keeps them, corrected), and a
 * risk difference is taken from the raw counts with the variance of the corrected ones (as RevMan 5 stores them).
 */
export function computeEffects(studies: StudyInput[], measure: Measure, options: EffectOptions = {}): ComputedEffects {
  const preset = options.preset ?? 'metafor';
  const correlation = options.prePostCorrelation ?? 0;
  const direction = options.prePostDirection ?? 'increase';
  const effects: EffectSize[] = [];
  const excluded: ComputedEffects['excluded'] = [];
  const scale = measureScale(measure);
  for (const study of studies) {
    const base = { id: study.id, studyId: study.studyId ?? study.id, subgroup: study.subgroup ?? null, year: study.year ?? null };
    const add = (effect: { yi: number; vi: number }) => {
      checkAnalysable(study, effect, scale);
      effects.push({ id: base.id, studyId: base.studyId, subgroup: base.subgroup, year: base.year, yi: effect.yi, vi: effect.vi });
    };
    if (isGenericStudy(study)) {
      validateGenericStudy(study);
      add(genericEffect(study));
    } else if (isEstimateWithCiStudy(study)) {
      add(effectFromConfidenceInterval(study, scale));
    } else if ((measure === 'OR' || measure === 'RR' || measure === 'RD') && isBinaryStudy(study)) {
      validateBinaryStudy(study);
      const cells = table(study);
      if (preset === 'revman5' && measure !== 'RD' && isDoubleZero(cells)) {
        excluded.push({ id: study.id, studyId: base.studyId, reason: 'no events in either arm (or events in every participant): not estimable' });
        continue;
      }
      const effect = binaryEffect(correctedIfZero(cells), measure);
      if (preset === 'revman5' && measure === 'RD') effect.yi = binaryEffect(cells, 'RD').yi;
      add(effect);
    } else if ((measure === 'MD' || measure === 'SMD') && isContinuousStudy(study)) {
      validateContinuousStudy(study);
      add(measure === 'MD' ? meanDifference(study) : standardisedMeanDifference(study, preset));
    } else if (measure === 'MC' && isPrePostStudy(study)) {
      validatePrePostStudy(study, correlation);
      add(meanChange(study, correlation, direction));
    } else {
      throw new StatsInputError(`study '${study.id}' needs ${expectedData[measure]} for a ${measure} analysis`, study.id, 'data');
    }
  }
  return { effects, excluded };
}
