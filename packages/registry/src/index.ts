export { matchGroupToArm, normaliseTitle, tokenSimilarity, TOKEN_SIMILARITY_THRESHOLD, type ArmMatch, type ArmRef } from './arm-matching.js';
export {
  createRegistryClient,
  searchParameters,
  DEFAULT_BASE_URL,
  type FetchedStudy,
  type RegistryClient,
  type RegistryClientOptions,
  type SearchOptions,
  type SearchPage,
  type SearchQuery,
  type StudyType,
} from './client.js';
export { countFromPercentage, sdFromConfidenceInterval, sdFromStandardError, SMALL_SAMPLE_LIMIT, type Conversion } from './conversions.js';
export { RegistryError, RegistryFormatError, type RegistryErrorKind } from './errors.js';
export { parsePValue, parseRegistryNumber, type RegistryNumber, type RegistryPValue } from './numbers.js';
export {
  proposeRows,
  type BinaryGroupRow,
  type ContinuousGroupRow,
  type GroupRefusal,
  type MeasureNotProposed,
  type ProposeRowsOptions,
  type Provenance,
  type RowProposal,
  type StudyProposals,
} from './propose-rows.js';
export type { Sleep } from './request-queue.js';
export {
  normaliseStudy,
  type Arm,
  type Denominator,
  type Intervention,
  type Measurement,
  type MeasureAnalysis,
  type MeasureCategory,
  type MeasureClass,
  type MeasureGroup,
  type OutcomeMeasure,
  type RegistryDate,
  type Study,
  type StudyDates,
} from './study.js';
