// The statistics engine, imported in one place. The write path recomputes with it; reads use only its pure
// rules over stored snapshots (what a conclusion is), never a recomputation.
export { allowedRatings, analyzeOutcome, buildSummaryOfFindings, computeEffects, conclusionChanges, conclusionOf, measureScale, resolveThresholds, StatsInputError } from '@cumulus/stats';
export type {
  CertaintyLevel,
  CiMethod,
  Conclusion,
  ConclusionChange,
  Fit,
  Measure,
  MetaRegression,
  ModelKind,
  OutcomeAnalysis,
  OutcomeMetaRegression,
  OutcomeSettings,
  PoolingMethod,
  Preset,
  SequenceOfFits,
  StudyInput,
  StudyRiskOfBias,
  RobinsIJudgement,
  RiskOfBiasTable,
  WithoutHighRiskOfBias,
  SummaryOfFindings,
  SummaryOfFindingsFootnote,
  SummaryOfFindingsRow,
  Tau2Estimator,
} from '@cumulus/stats';
