// Trial registry surveillance (ClinicalTrials.gov): a review's saved registry searches and their runs, the trials the
// review knows from them, and the data rows a trial's posted results could give, waiting for a person. Runs are kept
// (a failed run too, with its error); proposals are never deleted: confirmed, dismissed or superseded by a newer
// record of the trial, each with the version that decided it.

/** A review's saved query of a trial registry, run on demand and, when `schedule_hours` is set, on a schedule. */
export interface RegistrySearchesTable {
  id: string;
  review_id: string;
  name: string;
  /** The registry's condition/disease query (ClinicalTrials.gov `query.cond`). */
  conditions: string | null;
  /** Intervention/treatment query (`query.intr`). */
  interventions: string | null;
  /** Other terms (`query.term`). */
  terms: string | null;
  /** JSON array of overall statuses to keep (RECRUITING, COMPLETED, …); empty: all. */
  statuses: string;
  /** INTERVENTIONAL, OBSERVATIONAL, EXPANDED_ACCESS, or null for all. */
  study_type: string | null;
  /** Run every this many hours; null: on demand only. */
  schedule_hours: number | null;
  /** The date (YYYY-MM-DD) the next run asks from: records updated on or after it. Null: everything. */
  updated_since: string | null;
  last_run_at: string | null;
  /** When the schedule runs it next (ISO time); null when not scheduled. */
  next_run_at: string | null;
  created_by: string | null;
  created_version: number;
  /** Set when removed: it no longer runs; its runs and the records they brought stay. */
  removed_version: number | null;
  created_at: string;
  updated_at: string;
}

/** One run of a registry search: what it asked, what came back, and what it changed. */
export interface RegistryRunsTable {
  id: string;
  registry_search_id: string;
  review_id: string;
  /** 'manual' or 'schedule'. */
  trigger: string;
  /** 'succeeded' or 'failed'. */
  status: string;
  started_at: string;
  finished_at: string;
  updated_since: string | null;
  pages: number;
  trials_seen: number;
  new_records: number;
  updated_trials: number;
  /** JSON array of the NCT ids whose results this run found newly posted. */
  results_posted: string;
  proposals: number;
  error: string | null;
  /** The review version the run made; null when it changed nothing or failed. */
  version: number | null;
  /** The search (source kind 'register') its new records belong to, when it brought any. */
  search_id: string | null;
  started_by: string | null;
}

/** A registered trial the review knows, as the registry last described it. One row per review and trial. */
export interface RegistryTrialsTable {
  id: string;
  review_id: string;
  nct_id: string;
  title: string;
  overall_status: string | null;
  enrollment: number | null;
  /** ACTUAL or ESTIMATED. */
  enrollment_type: string | null;
  start_date: string | null;
  primary_completion_date: string | null;
  completion_date: string | null;
  /** The record's LastUpdatePostDate: the version of the record this row describes. */
  last_update_posted: string | null;
  results_first_posted: string | null;
  has_results: number;
  /** The record to screen it became, when a registry search brought it in. */
  record_id: string | null;
  source_url: string;
  fetched_at: string;
  first_seen_version: number;
  updated_version: number;
}

/**
 * The rows one measure (and class and category) of a trial's posted results could give (@cumulus/registry's
 * RowProposal, as JSON): open until a person confirms them for an outcome, dismisses them, or a newer record of the
 * trial supersedes them.
 */
export interface RegistryProposalsTable {
  id: string;
  review_id: string;
  study_id: string;
  nct_id: string;
  /** measureIndex/classTitle/categoryTitle: the same measure across records of the trial. */
  proposal_key: string;
  /** 'binary' or 'continuous'. */
  kind: string;
  /** 'open', 'confirmed', 'dismissed' or 'superseded'. */
  status: string;
  /** The RowProposal as JSON: groups with numbers and arm matches, refusals, conversions, notes, provenance. */
  proposal: string;
  record_version_date: string | null;
  fetched_at: string;
  created_version: number;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_version: number | null;
  dismissed_reason: string | null;
  /** JSON array of the data row ids its confirmation wrote. */
  row_ids: string;
  created_at: string;
}

export interface RegistryTables {
  registry_searches: RegistrySearchesTable;
  registry_runs: RegistryRunsTable;
  registry_trials: RegistryTrialsTable;
  registry_proposals: RegistryProposalsTable;
}
