// The statistics engine, imported in one place. The write path recomputes with it; reads use only its pure
// rules over stored snapshots (what a conclusion is), never a recomputation.
export { analyzeOutcome, conclusionChanges, conclusionOf, StatsInputError } from '@cumulus/stats';
export type {
  CiMethod,
  Conclusion,
  ConclusionChange,
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
