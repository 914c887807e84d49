export { alphaSpending, betaSpending, normalUpperQuantile, obrienFlemingSpent, type Sides, type SpendingFunction } from './alpha-spending.js';
export {
  groupSequentialBoundaries,
  groupSequentialProbabilities,
  INFINITE_BOUNDARY,
  type GroupSequentialBoundaries,
  type GroupSequentialOptions,
  type Integration,
} from './group-sequential-boundaries.js';
export {
  trialSequentialAnalysis,
  type CumulativeResult,
  type TrialSequentialAnalysis,
  type TrialSequentialLook,
  type TrialSequentialOptions,
  type TrialSequentialVerdict,
} from './trial-sequential-analysis.js';
