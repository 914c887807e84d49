// The evidence summaries of an analysed outcome: absolute effects, the information size, trial sequential
// analysis and GRADE suggestions. Each works from the fitted analysis; none refits the main model.
import { isBinaryStudy, isContinuousStudy, isPrePostStudy } from './effect-sizes/index.js';
import { StatsInputError } from './errors.js';
import { poolVectors } from './pool/inverse-variance.js';
import { absoluteEffect, medianControlRisk } from './grade/absolute-effects.js';
import { assessCertainty, type CertaintyAssessment } from './grade/certainty.js';
import { diversity, requiredInformationSize } from './grade/information-size.js';
import { resolveThresholds, type ImportanceThresholdSettings } from './grade/thresholds.js';
import { rowsByStudy } from './sensitivity.js';
import { trialSequentialAnalysis, type TrialSequentialAnalysis } from './sequential/trial-sequential-analysis.js';
import type { BinaryStudy, EffectSize, Fit, ModelOptions, OutcomeAnalysis, OutcomeSettings, PooledSummary, StudyEffect, StudyInput } from './types.js';
import { vectorOf } from './numeric/vector-of.js';

export const DEFAULT_RELATIVE_RISK_REDUCTION = 0.2;

/** Participants in a study: both arms of arm data, n of a pre/post study, else the number given. */
export function participantsOf(study: StudyInput): number | null {
  if (isBinaryStudy(study) || isContinuousStudy(study)) return study.n1 + study.n2;
  if (isPrePostStudy(study)) return study.n;
  return study.participants ?? null;
}

const isRiskMeasure = (measure: string) => measure === 'OR' || measure === 'RR' || measure === 'RD';

function controlRiskOf(studies: StudyInput[]): number | null {
  const arms = studies.filter(isBinaryStudy).filter((s) => s.n2 > 0) as BinaryStudy[];
  return arms.length > 0 ? medianControlRisk(arms) : null;
}

// GRADE absolute effects per 1000 at each assumed control risk (GRADE handbook 5.2.2; Guyatt et al. 2013).
export function absoluteEffectsFor(studies: StudyInput[], settings: OutcomeSettings, summary: PooledSummary): OutcomeAnalysis['absoluteEffects'] {
  if (!isRiskMeasure(settings.measure)) return null;
  const median = controlRiskOf(studies);
  const risks = settings.controlRisks ?? (median === null ? [] : [{ label: 'Median control risk of the included studies', risk: median }]);
  if (risks.length === 0) {
    throw new StatsInputError('absolute effects need an assumed control risk: no study reports control-arm events', null, 'controlRisks');
  }
  return risks.map(({ label, risk }) => ({
    label,
    controlRisk: risk,
    ...absoluteEffect({ measure: settings.measure as 'OR' | 'RR' | 'RD', estimate: summary.estimate, ciLower: summary.ciLower, ciUpper: summary.ciUpper, controlRisk: risk }),
  }));
}

// Diversity-adjusted required information size (Wetterslev et al. 2009), under the stated assumptions.
export function informationSizeFor(studies: StudyInput[], effects: EffectSize[], settings: OutcomeSettings, fit: Fit): OutcomeAnalysis['informationSize'] {
  const a = settings.sequential ?? {};
  const alpha = a.alpha ?? 0.05;
  const beta = a.beta ?? 0.2;
  const D2 = fit.model === 'random' ? diversity(effects.map((e) => e.vi), fit.tau2) : 0;
  const levels = `alpha ${alpha}, power ${Math.round((1 - beta) * 100)}%, diversity D² ${(100 * D2).toFixed(0)}%`;
  if (isRiskMeasure(settings.measure)) {
    const controlRisk = a.controlRisk ?? controlRiskOf(studies);
    if (controlRisk === null) throw new StatsInputError('the information size needs a control risk: no study reports control-arm events', null, 'sequential.controlRisk');
    const rrr = a.relativeRiskReduction ?? DEFAULT_RELATIVE_RISK_REDUCTION;
    const size = requiredInformationSize({ outcome: 'binary', controlRisk, relativeRiskReduction: rrr, alpha, beta, diversity: D2 });
    return { ...size, assumptions: `relative risk reduction ${(100 * rrr).toFixed(0)}%, control risk ${(100 * controlRisk).toFixed(1)}%, ${levels}` };
  }
  const sd = a.sd ?? (settings.measure === 'SMD' ? 1 : undefined);
  if (a.minimalDifference === undefined || sd === undefined) {
    throw new StatsInputError('the information size of a continuous outcome needs the minimal difference worth detecting and its SD (settings.sequential)', null, 'sequential.minimalDifference');
  }
  const size = requiredInformationSize({ outcome: 'continuous', sd, minimalDifference: a.minimalDifference, alpha, beta, diversity: D2 });
  return { ...size, assumptions: `minimal difference ${a.minimalDifference}, SD ${sd}, ${levels}` };
}

// Trial sequential analysis: the model refitted after each study (all its rows) in chronological order, against
// the information size; each study's participants counted once (its largest row).
export function sequentialFor(
  chronologicalEffects: EffectSize[],
  studies: StudyInput[],
  options: ModelOptions,
  informationSize: NonNullable<OutcomeAnalysis['informationSize']>,
): TrialSequentialAnalysis {
  const participantsByRow = new Map(studies.map((s) => [s.id, participantsOf(s)]));
  let participants = 0;
  let end = 0;
  const results = rowsByStudy(chronologicalEffects).map(({ studyId, rows }) => {
    const counts = rows.map((row) => participantsByRow.get(row.id));
    if (counts.some((n) => n === null || n === undefined)) throw new StatsInputError(`trial sequential analysis needs the participants of study '${studyId}'`, studyId, 'participants');
    participants += Math.max(...(counts as number[]));
    end += rows.length;
    const fit = poolVectors(
      vectorOf(chronologicalEffects.slice(0, end), (x) => x.yi),
      vectorOf(chronologicalEffects.slice(0, end), (x) => x.vi),
      { model: options.model, tau2Estimator: options.tau2Estimator, ciMethod: 'z', withTau2Intervals: false, withWeights: false },
    );
    return { id: studyId, estimate: fit.estimate, se: fit.se, participants };
  });
  return trialSequentialAnalysis(results, { requiredInformationSize: informationSize.participants, alpha: informationSize.alpha, beta: informationSize.beta });
}

/**
 * The thresholds an outcome's GRADE ratings are judged against: the settings' own, else the trial sequential analysis's
 * effect worth detecting (its relative risk reduction, default 20%, or its minimal difference), else none (no effect).
 */
export function importanceThresholdsOf(settings: OutcomeSettings): ImportanceThresholdSettings | null {
  if (settings.importanceThresholds?.benefit || settings.importanceThresholds?.harm) return settings.importanceThresholds;
  const a = settings.sequential;
  if (!a) return null;
  if (isRiskMeasure(settings.measure)) return { benefit: { on: 'relative-risk-reduction', value: a.relativeRiskReduction ?? DEFAULT_RELATIVE_RISK_REDUCTION } };
  if (a.minimalDifference === undefined) return null;
  // The SMD is the difference in SD units; an MD is on the outcome's own scale.
  const value = settings.measure === 'SMD' ? a.minimalDifference / (a.sd ?? 1) : a.minimalDifference;
  return settings.measure === 'MD' || settings.measure === 'SMD' ? { benefit: { on: 'outcome-scale', value } } : null;
}

// GRADE suggestions from the data (GRADE handbook 5): needs each study's design.
export function certaintyFor(
  studies: StudyInput[],
  studyEffects: StudyEffect[],
  analysis: Pick<OutcomeAnalysis, 'scale' | 'fit' | 'egger' | 'informationSize' | 'k' | 'participants' | 'withoutHighRiskOfBias'>,
  settings: OutcomeSettings,
): CertaintyAssessment {
  const byId = new Map(studies.map((s) => [s.id, s]));
  const fit = analysis.fit!;
  const without = analysis.withoutHighRiskOfBias ?? null;
  // The assumed control risk of the absolute effects: the first one given, else the studies' median.
  const controlRisk = settings.controlRisks?.[0]?.risk ?? (isRiskMeasure(settings.measure) ? controlRiskOf(studies) : null);
  const thresholds = resolveThresholds(importanceThresholdsOf(settings), settings.measure, controlRisk);
  const certaintyStudies = studyEffects.map((e) => {
    const study = byId.get(e.id)!;
    if (!study.design) throw new StatsInputError(`GRADE suggestions need the design of study '${e.id}'`, e.id, 'design');
    return { id: e.id, design: study.design, weight: e.weight, yi: e.yi, vi: e.vi, rob2: study.rob2 ?? null, nosScore: study.nosScore ?? null, robinsI: study.robinsI ?? null };
  });
  return assessCertainty({
    studies: certaintyStudies,
    studyCount: analysis.k,
    scale: analysis.scale,
    pooled: { estimate: fit.estimate, ciLower: fit.ciLower, ciUpper: fit.ciUpper },
    I2: fit.I2,
    I2CI: fit.I2CI,
    participants: analysis.participants ?? 0,
    optimalInformationSize: analysis.informationSize?.participants ?? null,
    eggerP: analysis.egger?.pval ?? null,
    overrides: settings.certaintyOverrides ?? [],
    thresholds,
    measure: settings.measure === 'GENERIC' ? undefined : settings.measure,
    prediction: fit.predLower !== null && fit.predUpper !== null ? { lower: fit.predLower, upper: fit.predUpper } : null,
    withoutHighRisk: without?.fit ? { leftOut: without.leftOut, estimate: without.fit.estimate, ciLower: without.fit.ciLower, ciUpper: without.fit.ciUpper } : null,
  });
}
