import { computeEffects, measureScale, type EffectOptions } from './effect-sizes/index.js';
import { StatsInputError } from './errors.js';
import { fitModel } from './fit.js';
import { metaRegressionOfOutcome } from './meta-regression/of-outcome.js';
import { chooseModel } from './model-choice.js';
import { riskOfBiasTables, withoutHighRiskOfBias } from './risk-of-bias.js';
import { normalQuantileOf } from './numeric/distributions.js';
import { chronological, cumulative, leaveOneOut, rowsByStudy } from './sensitivity.js';
import { beggTest } from './small-study/begg.js';
import { eggerTest } from './small-study/egger.js';
import { funnelData } from './small-study/funnel.js';
import { trimAndFill } from './small-study/trim-and-fill.js';
import { subgroupAnalysisOfRows } from './subgroups.js';
import { unitOfAnalysis } from './unit-of-analysis.js';
import { absoluteEffectsFor, certaintyFor, informationSizeFor, participantsOf, sequentialFor } from './outcome-evidence.js';
import type { ModelKind, ModelOptions, OutcomeAnalysis, OutcomeSettings, ResolvedSettings, StudyInput } from './types.js';

/** Small-study tests and trim-and-fill are computed from this many studies on (GRADE judges them from 10). */
export const MIN_STUDIES_FOR_SMALL_STUDY_TESTS = 3;

/** Settings with every default filled in: metafor's (REML) unless the preset is RevMan 5 (DerSimonian-Laird). */
export function resolveSettings(settings: OutcomeSettings): Omit<ResolvedSettings, 'model'> & { model: ModelKind | 'rule' } {
  const preset = settings.preset ?? 'metafor';
  return {
    measure: settings.measure,
    model: settings.model,
    method: settings.method ?? 'IV',
    tau2Estimator: preset === 'revman5' ? 'DL' : (settings.tau2Estimator ?? 'REML'),
    ciMethod: preset === 'revman5' ? 'z' : (settings.ciMethod ?? 'z'),
    preset,
    prePostCorrelation: settings.prePostCorrelation ?? 0,
    prePostDirection: settings.prePostDirection ?? 'increase',
    sequential: settings.sequential ?? null,
    controlRisks: settings.controlRisks ?? null,
    totals: settings.totals ?? 'all',
    unitOfAnalysis: settings.unitOfAnalysis ?? 'flag',
  };
}

/**
 * Participants of each study counted once: its largest row (arm data, else the count the study gives). Null when a
 * study does not say, unless `unknownAsZero` (GRADE's imprecision counts the participants it knows of).
 */
function participantsOfStudies(studies: { rows: StudyInput[] }[], unknownAsZero = false): number | null {
  let total = 0;
  for (const { rows: members } of studies) {
    const counts = members.map(participantsOf);
    if (counts.some((n) => n === null) && !unknownAsZero) return null;
    total += Math.max(0, ...counts.map((n) => n ?? 0));
  }
  return total;
}

/**
 * Everything shown for one outcome, computed once per version of a review: per-row effects, the pooled fit under
 * the chosen model, subgroups (each pooled as the outcome is), leave-one-out and cumulative by study, small-study
 * tests, trim-and-fill and funnel data. Rows are the unit of the effects; studies (`studyId`) the unit of counting,
 * leaving out and accumulating. Inputs a user can get wrong throw StatsInputError naming the row and field.
 */
export function analyzeOutcome(rows: StudyInput[], settings: OutcomeSettings): OutcomeAnalysis {
  const resolved = resolveSettings(settings);
  const { measure, preset, totals } = resolved;
  const scale = measureScale(measure);
  const toReporting = scale === 'log' ? Math.exp : (x: number) => x;
  const remedied = unitOfAnalysis(rows, totals, resolved.unitOfAnalysis);
  const studies = remedied.rows;
  const { effects, excluded } = computeEffects(studies, measure, resolved);
  const notes: string[] = [];
  const rowCount = effects.length;
  const studyCount = rowsByStudy(studies).length;

  const empty: OutcomeAnalysis = {
    measure,
    scale,
    settings: { ...resolved, model: resolved.model === 'rule' ? 'fixed' : resolved.model },
    modelChoice: null,
    k: studyCount,
    rowCount,
    participants: null,
    studyDesigns: { randomised: 0, observational: 0, unknown: 0 },
    studies: [],
    excluded,
    unitOfAnalysis: remedied.notes,
    fit: null,
    summary: null,
    subgroups: null,
    leaveOneOut: null,
    cumulative: null,
    egger: null,
    begg: null,
    trimFill: null,
    funnel: null,
    absoluteEffects: null,
    informationSize: null,
    sequential: null,
    certainty: null,
    notes,
  };
  if (rowCount === 0) return empty;

  const base = {
    method: resolved.method,
    tau2Estimator: resolved.tau2Estimator,
    ciMethod: resolved.ciMethod,
    preset,
    prePostCorrelation: resolved.prePostCorrelation,
    prePostDirection: resolved.prePostDirection,
  };
  const modelChoice = resolved.model === 'rule' ? chooseModel(fitModel(studies, measure, { ...base, model: 'fixed' })) : null;
  const model: ModelKind = modelChoice?.chosen ?? (resolved.model as ModelKind);
  const options: ModelOptions & EffectOptions = { ...base, model };
  if (model === 'random' && options.ciMethod === 'hksj' && rowCount < 2) {
    options.ciMethod = 'z';
    notes.push('One study: the Hartung-Knapp-Sidik-Jonkman interval needs two, so the interval is z-based.');
  }
  const settingsUsed = { ...resolved, model, ciMethod: options.ciMethod ?? 'z' };
  const hasSubgroups = effects.some((e) => e.subgroup);
  const estimable = new Set(effects.map((e) => e.id));
  // The studies with an analysable row, each with its rows: counted once wherever studies or participants are counted.
  const estimableStudies = rowsByStudy(studies.filter((s) => estimable.has(s.id)));
  const subgroups = hasSubgroups && totals !== 'none' ? subgroupAnalysisOfRows(studies, measure, options, estimable) : null;
  const z = normalQuantileOf(0.975);
  const rowEffects = (weightById: Map<string, number>) =>
    effects.map((e) => ({
      id: e.id,
      studyId: e.studyId ?? e.id,
      yi: e.yi,
      vi: e.vi,
      estimate: toReporting(e.yi),
      ciLower: toReporting(e.yi - z * Math.sqrt(e.vi)),
      ciUpper: toReporting(e.yi + z * Math.sqrt(e.vi)),
      weight: weightById.get(e.id) ?? 0,
      subgroup: e.subgroup ?? null,
      year: e.year ?? null,
    }));
  if (totals !== 'all') {
    // No overall total: each row weighs within its subgroup (or not at all), and nothing that needs the overall is computed.
    const weights = new Map((subgroups?.groups ?? []).flatMap((g) => g.fit.ids.map((id, i) => [id, g.fit.weights[i]] as const)));
    notes.push(
      totals === 'subgroups'
        ? 'Subgroup totals only: no overall estimate, so sensitivity analyses, small-study tests, sequential analysis and GRADE suggestions are not computed.'
        : 'No totals: the rows are shown without pooling.',
    );
    const unpooled = rowEffects(weights);
    return { ...empty, settings: settingsUsed, modelChoice, participants: participantsOfStudies(estimableStudies), studies: unpooled, subgroups, riskOfBias: riskOfBiasTables(studies, unpooled, totals === 'subgroups') };
  }
  const fit = fitModel(studies, measure, options);
  // Follow-up analyses work on per-row effects, so they use inverse-variance weights under the same model.
  const ivOptions: ModelOptions = { ...options, method: 'IV' };
  if (options.method !== 'IV' && rowCount > 1) {
    notes.push(`Sensitivity analyses and small-study tests use inverse-variance weights; the main and subgroup estimates use ${options.method === 'MH' ? 'Mantel-Haenszel' : 'Peto'} weights.`);
  }

  const studyEffects = rowEffects(new Map(fit.ids.map((id, i) => [id, fit.weights[i]])));
  if (estimableStudies.some((study) => study.rows.length > 1)) {
    notes.push('A study with several rows is left out (leave-one-out) and added (cumulative, sequential analysis) with all of its rows at once, and counted once.');
  }

  // Follow-up analyses are optional: one the data cannot support is left out with the reason in `notes`.
  const optional = <T>(run: () => T): T | null => {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof StatsInputError)) throw error;
      notes.push(error.message.charAt(0).toUpperCase() + error.message.slice(1) + '.');
      return null;
    }
  };
  const smallStudy = rowCount >= MIN_STUDIES_FOR_SMALL_STUDY_TESTS;
  const trimFill = smallStudy ? optional(() => trimAndFill(effects, ivOptions)) : null;
  const egger = smallStudy ? optional(() => eggerTest(effects)) : null;
  const inOrder = chronological(effects);
  const summary = {
    estimate: toReporting(fit.estimate),
    ciLower: toReporting(fit.ciLower),
    ciUpper: toReporting(fit.ciUpper),
    pValue: fit.pval,
    predictionLower: fit.predLower === null ? null : toReporting(fit.predLower),
    predictionUpper: fit.predUpper === null ? null : toReporting(fit.predUpper),
  };
  const informationSize = optional(() => informationSizeFor(studies, effects, settings, fit));
  const included = estimableStudies.map((study) => study.rows[0]);
  // Under the outcome's own pooling method and model, as the main estimate (Cochrane Handbook 7.6.2).
  const withoutHighRisk = optional(() => withoutHighRiskOfBias(studies, studyEffects, measure, options, toReporting));
  return {
    ...empty,
    participants: participantsOfStudies(estimableStudies),
    studyDesigns: {
      randomised: included.filter((s) => s.design === 'randomised').length,
      observational: included.filter((s) => s.design && s.design !== 'randomised').length,
      unknown: included.filter((s) => !s.design).length,
    },
    settings: settingsUsed,
    modelChoice,
    studies: studyEffects,
    fit,
    summary,
    subgroups,
    leaveOneOut: included.length >= 3 ? leaveOneOut(effects, ivOptions) : null,
    cumulative: cumulative(inOrder, ivOptions),
    egger,
    begg: smallStudy ? optional(() => beggTest(effects)) : null,
    trimFill,
    funnel: funnelData(effects, fit.estimate, trimFill),
    absoluteEffects: optional(() => absoluteEffectsFor(studies, settings, summary)),
    informationSize,
    // Sequential monitoring runs when the maintainer has stated its assumptions (it costs milliseconds: about 6 for 13 looks).
    sequential: informationSize && settings.sequential ? optional(() => sequentialFor(inOrder, studies, ivOptions, informationSize)) : null,
    certainty: optional(() =>
      certaintyFor(studies, studyEffects, { scale, fit, egger, informationSize, k: included.length, participants: participantsOfStudies(estimableStudies, true), withoutHighRiskOfBias: withoutHighRisk }, settings),
    ),
    riskOfBias: riskOfBiasTables(studies, studyEffects, true),
    withoutHighRiskOfBias: withoutHighRisk,
    // Per row, by inverse variance under the outcome's model, τ² estimator and CI method (as metafor's rma with mods).
    ...(settings.metaRegression && settings.metaRegression.moderators.length > 0
      ? { metaRegression: metaRegressionOfOutcome(effects, studies, settings.metaRegression, { model, tau2Estimator: resolved.tau2Estimator, ciMethod: settingsUsed.ciMethod }) }
      : {}),
  };
}
