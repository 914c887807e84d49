// Dual extraction: the review's setting, the rows being extracted twice (blinded until both extractions are in),
// their conflicts side by side, and the mutations that submit, withdraw and reconcile extractions.
import { gql } from '@apollo/client/core';
import type { Measure } from './outcome';
import type { Permission } from './people';
import { STUDY_NUMBER_KEYS, type StudyNumberKey } from './study-data';

export type DualExtractionStatus = 'AWAITING' | 'CONFLICT' | 'AGREED' | 'RECONCILED' | 'WITHDRAWN';

/** The numbers a row (and an extraction) can hold, as the API names them. */
export type ExtractedNumbers = Record<StudyNumberKey, number | null>;

export interface Extraction extends ExtractedNumbers {
  extractor: string;
  source: string | null;
}

export interface ExtractionDifference {
  field: StudyNumberKey;
  first: number | null;
  second: number | null;
}

export interface DualExtraction {
  id: string;
  outcomeId: string;
  outcomeName: string;
  study: { id: string; label: string };
  label: string | null;
  subgroup: string | null;
  status: DualExtractionStatus;
  extractors: string[];
  /** The viewer's own numbers (asked for the rows awaiting a second extraction, and after submitting). */
  myExtraction?: Extraction | null;
  /** Both extractions, once both are in (asked for conflicts only). */
  extractions?: Extraction[] | null;
  differences: ExtractionDifference[] | null;
  rowId: string | null;
  reconciledBy: string | null;
  note: string | null;
  decidedVersion: number | null;
}

/** Rows extracted twice, by where they stand. */
export interface ExtractionProgress {
  awaiting: number;
  conflicts: number;
  agreed: number;
  reconciled: number;
}

export interface ExtractionPageResult {
  review: {
    id: string;
    title: string;
    version: number;
    viewerPermissions: Permission[];
    extractionSettings: { dualExtraction: boolean };
    extractionProgress: ExtractionProgress | null;
    studies: { id: string; label: string; retracted: boolean }[];
    outcomes: { id: string; name: string; measure: Measure }[];
    awaiting: DualExtraction[];
    extractionConflicts: (DualExtraction & { extractions: Extraction[] })[];
    decided: DualExtraction[];
  } | null;
}

const NUMBERS = STUDY_NUMBER_KEYS.join(' ');

/** What every list shows of a pair: where it stands (the numbers are asked only where they are shown). */
const DUAL_EXTRACTION_FIELDS = gql`
  fragment DualExtractionFields on DualExtraction {
    id
    outcomeId
    outcomeName
    study { id label }
    label
    subgroup
    status
    extractors
    differences { field first second }
    rowId
    reconciledBy
    note
    decidedVersion
  }
`;

const EXTRACTION_NUMBERS = `extractor source ${NUMBERS}`;

export const EXTRACTION_PAGE_QUERY = gql`
  query ExtractionPage($id: ID!) {
    review(id: $id) {
      id
      title
      version
      viewerPermissions
      extractionSettings { dualExtraction }
      extractionProgress { awaiting conflicts agreed reconciled }
      studies { id label retracted }
      outcomes { id version name measure }
      awaiting: dualExtractions(status: [AWAITING]) { ...DualExtractionFields myExtraction { ${EXTRACTION_NUMBERS} } }
      extractionConflicts { ...DualExtractionFields extractions { ${EXTRACTION_NUMBERS} } }
      decided: dualExtractions(status: [AGREED, RECONCILED], newestFirst: true, first: 50) { ...DualExtractionFields }
    }
  }
  ${DUAL_EXTRACTION_FIELDS}
`;

export const UPDATE_EXTRACTION_SETTINGS = gql`
  mutation UpdateExtractionSettings($input: UpdateExtractionSettingsInput!) {
    updateExtractionSettings(input: $input) { settings { dualExtraction } version errors { field message } }
  }
`;

export const SUBMIT_EXTRACTION = gql`
  mutation SubmitExtraction($input: SubmitExtractionInput!) {
    submitExtraction(input: $input) { dualExtraction { ...DualExtractionFields myExtraction { ${EXTRACTION_NUMBERS} } } version errors { field message } }
  }
  ${DUAL_EXTRACTION_FIELDS}
`;

export const RECONCILE_EXTRACTION = gql`
  mutation ReconcileExtraction($input: ReconcileExtractionInput!) {
    reconcileExtraction(input: $input) { dualExtraction { ...DualExtractionFields } version errors { field message } }
  }
  ${DUAL_EXTRACTION_FIELDS}
`;

export const WITHDRAW_EXTRACTION = gql`
  mutation WithdrawExtraction($input: DualExtractionIdInput!) {
    withdrawExtraction(input: $input) { dualExtraction { id status } version errors { field message } }
  }
`;
