// Dual extraction: two people enter the numbers of one study's row independently, and the row enters the analysis
// when they agree (or when a third person, or either of them, reconciles them). A review's setting says whether new
// rows go this way. Nothing here is deleted: a replaced extraction is marked with the version that replaced it.

import type { StudyNumberColumns } from './schema.js';

/** Where a row's dual extraction stands. */
export type DualExtractionStatus = 'awaiting' | 'conflict' | 'agreed' | 'reconciled' | 'withdrawn';

/** Whether a review's new data rows need two independent extractions. */
export interface ExtractionSettingsTable {
  review_id: string;
  /** 1: new rows are extracted by two people (submitExtraction); 0: entered directly. */
  dual_extraction: number;
  version: number;
}

/** One row of an outcome's data being extracted twice: its key (outcome, study, label, subgroup) and how it stands. */
export interface DualExtractionsTable {
  id: string;
  review_id: string;
  outcome_id: string;
  study_id: string;
  /** The row's arm or comparison, as the first extractor wrote it. */
  label: string | null;
  subgroup: string | null;
  status: DualExtractionStatus;
  /** JSON array of { field, first, second } once both extractions are in and differ; '[]' when they agree. */
  differences: string | null;
  /** The data row written by agreement or reconciliation. */
  row_id: string | null;
  /** Who reconciled (user id), when reconciled. */
  decided_by: string | null;
  decided_version: number | null;
  /** The reconciler's note. */
  note: string | null;
  created_version: number;
  updated_version: number;
  created_at: string;
}

/** One person's extraction of a row's numbers (the same number columns as study_data). */
export interface ExtractionsTable extends StudyNumberColumns {
  id: string;
  dual_extraction_id: string;
  review_id: string;
  user_id: string;
  /** Where the extractor read the numbers (free text, not compared). */
  source: string | null;
  version: number;
  /** Set when the extractor replaced it (resubmitted, or withdrew it). */
  replaced_version: number | null;
  created_at: string;
}

export interface ExtractionTables {
  extraction_settings: ExtractionSettingsTable;
  dual_extractions: DualExtractionsTable;
  extractions: ExtractionsTable;
}
