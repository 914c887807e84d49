// The statistics engine, imported in one place: the write path recomputes with it, nothing else calls it.
export { analyzeOutcome, StatsInputError } from '@cumulus/stats';
export type {
  CiMethod,
  Fit,
  Measure,
  ModelKind,
  OutcomeAnalysis,
  OutcomeSettings,
  PoolingMethod,
  Preset,
  SequenceOfFits,
  StudyInput,
  Tau2Estimator,
} from '@cumulus/stats';
