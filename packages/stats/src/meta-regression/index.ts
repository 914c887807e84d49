export { metaRegression, MIN_STUDIES_PER_COEFFICIENT } from './meta-regression.js';
export { moderatorDesign, sortedLevels, type ModeratorDesign } from './design-matrix.js';
export type {
  DesignTerm,
  FittedLine,
  MetaRegression,
  MetaRegressionCoefficient,
  MetaRegressionOptions,
  MetaRegressionWarning,
  ModeratedEffect,
  ModeratorValue,
} from './types.js';
export { metaRegressionOfOutcome, type MetaRegressionPoint, type MetaRegressionSettings, type OutcomeMetaRegression } from './of-outcome.js';
