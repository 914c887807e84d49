// @cumulus/stats: the meta-analysis engine. Pure functions over plain data; every result is JSON.
export * from './types.js';
export { StatsInputError } from './errors.js';
export { analyzeOutcome, resolveSettings, MIN_STUDIES_FOR_SMALL_STUDY_TESTS } from './analyze-outcome.js';
export { computeEffects, measureScale, type ComputedEffects, type EffectOptions } from './effect-sizes/index.js';
export { fitModel, fitEffects } from './fit.js';
export { poolInverseVariance, type PoolOptions } from './pool/inverse-variance.js';
export { poolMantelHaenszel } from './pool/mantel-haenszel.js';
export { poolPeto } from './pool/peto.js';
export { tau2Estimators } from './tau2/index.js';
export { cochranQ, qProfileIntervals } from './heterogeneity.js';
export { subgroupAnalysis } from './subgroups.js';
export * from './meta-regression/index.js';
export { leaveOneOut, cumulative, chronological } from './sensitivity.js';
export {
  HIGH_RISK_RULE,
  NOS_HIGH_RISK_BELOW,
  RISK_OF_BIAS_DOMAINS,
  RISK_OF_BIAS_SCALES,
  riskOfBiasTables,
  withoutHighRiskOfBias,
  type RiskOfBiasTable,
  type RiskOfBiasTool,
  type RobinsIJudgement,
  type StudyRiskOfBias,
  type WithoutHighRiskOfBias,
} from './risk-of-bias.js';
export { eggerTest } from './small-study/egger.js';
export { beggTest } from './small-study/begg.js';
export { trimAndFill } from './small-study/trim-and-fill.js';
export { funnelData } from './small-study/funnel.js';
export { chooseModel } from './model-choice.js';
export { runCase } from './conformance/run-case.js';
export { compareToReference } from './conformance/compare.js';
export type { CaseFile, CaseCheck } from './conformance/case-file.js';
export * from './grade/index.js';
export * from './sequential/index.js';
export { participantsOf, DEFAULT_RELATIVE_RISK_REDUCTION } from './outcome-evidence.js';
export { conclusionChanges, conclusionOf, type Conclusion, type ConclusionChange, type ConclusionChangeKind } from './conclusion-change.js';
export { cohensKappa, type CohensKappa } from './agreement/cohens-kappa.js';
