// The intake chain's tables: update rounds, searches and the records they brought, duplicates, screening votes and
// arbiters' decisions, and the reports of included studies. Every row is written by a change of the review (a new
// version); nothing here is deleted: a merge, a vote or a decision that is undone is marked with the version that
// undid it.

/** Where a search's records came from, as PRISMA 2020 names its sources. */
export type SearchSourceKind = 'database' | 'register' | 'website' | 'organisation' | 'citation';
export type ScreeningStage = 'title-abstract' | 'full-text';
export type ScreeningDecision = 'include' | 'exclude' | 'maybe';

/** An update of the review: the searches run for it and what came of their records. */
export interface UpdateRoundsTable {
  id: string;
  review_id: string;
  /** 1, 2, … in the order the rounds were opened. */
  number: number;
  label: string;
  /** The date the searches of this round ran to (ISO date), when given. */
  searched_to: string | null;
  opened_version: number;
  created_at: string;
}

/** One import of search results (or one registry query run): its source, query and records. */
export interface SearchesTable {
  id: string;
  review_id: string;
  round_id: string;
  /** The database or register searched ('MEDLINE via PubMed', 'ClinicalTrials.gov'). */
  source: string;
  source_kind: SearchSourceKind;
  /** ISO date the search ran. */
  searched_on: string;
  query: string | null;
  file_name: string | null;
  /** ris, medline, csv, or registry. */
  format: string;
  record_count: number;
  imported_by: string | null;
  version: number;
  created_at: string;
}

/** A record a search brought in. Never deleted; a duplicate points at the record it repeats. */
export interface RecordsTable {
  id: string;
  review_id: string;
  search_id: string;
  round_id: string;
  /** 1-based position in its search's file. */
  position: number;
  /** The file's own id for the record (a CSV's record_id column), when it had one. */
  source_key: string | null;
  title: string | null;
  /** JSON array of author names as given. */
  authors: string;
  year: number | null;
  journal: string | null;
  volume: string | null;
  issue: string | null;
  pages: string | null;
  doi: string | null;
  pmid: string | null;
  /** JSON array of the trial registry ids the record names. */
  nct_ids: string;
  /** Its own trial id when the record is a registry entry. */
  registry_id: string | null;
  abstract: string | null;
  /** JSON array. */
  keywords: string;
  source_format: string;
  /** The record this one repeats (the first of its group), or null. */
  duplicate_of: string | null;
  /** 'identifier' (same DOI, PMID or registry id), 'strict' (same title, year, first author and journal), 'confirmed' (a person confirmed a near match). */
  duplicate_kind: string | null;
  duplicate_reason: string | null;
  /** Removed before screening for a reason other than being a duplicate (PRISMA's "records removed for other reasons"). */
  removed_reason: string | null;
  /**
   * Where screening stands, kept by every vote and decision from the votes (screening-state.ts) so queues are a
   * query: title/abstract 'awaiting' | 'conflict' | 'include' | 'exclude' | 'not-screened' (records found by other
   * methods go straight to full text); full text null (not there yet) | 'awaiting' | 'conflict' | 'include' |
   * 'exclude' | 'not-retrieved'.
   */
  title_abstract_status: string;
  full_text_status: string | null;
  /** Votes in (not withdrawn) at each stage. */
  title_abstract_votes: number;
  full_text_votes: number;
  /** The reason a full text was excluded (agreed or decided by the arbiter). */
  full_text_reason: string | null;
  /** When included: the study it is a report of. */
  study_id: string | null;
  /** When included: 'new-study' (the record made the study) or 'report' (of a study already in the review). */
  included_as: string | null;
  created_version: number;
  updated_version: number;
  created_at: string;
}

/** A possible duplicate (similar titles) waiting for a person, or decided by one. */
export interface DuplicateCandidatesTable {
  id: string;
  review_id: string;
  /** The newer record. */
  record_id: string;
  /** The record it may repeat. */
  other_id: string;
  similarity: number;
  status: 'pending' | 'confirmed' | 'rejected';
  decided_by: string | null;
  decided_version: number | null;
  created_version: number;
  created_at: string;
}

/** One screener's vote on one record at one stage. Withdrawn votes stay, marked. */
export interface ScreeningVotesTable {
  id: string;
  review_id: string;
  record_id: string;
  stage: ScreeningStage;
  user_id: string;
  decision: ScreeningDecision;
  /** One of the review's exclusion reasons (required to exclude a full text). */
  reason: string | null;
  note: string | null;
  version: number;
  withdrawn_version: number | null;
  created_at: string;
}

/** An arbiter's decision on a record whose screeners disagreed. */
export interface ScreeningResolutionsTable {
  id: string;
  review_id: string;
  record_id: string;
  stage: ScreeningStage;
  user_id: string;
  decision: 'include' | 'exclude';
  reason: string | null;
  note: string | null;
  version: number;
  withdrawn_version: number | null;
  created_at: string;
}

/** How a review screens: screeners per record, the reasons to exclude a full text, the terms to highlight. */
export interface ScreeningSettingsTable {
  review_id: string;
  screeners_per_record: number;
  /** JSON array of reasons. */
  exclusion_reasons: string;
  /** JSON array of terms highlighted as signs of eligibility. */
  inclusion_terms: string;
  /** JSON array of terms highlighted as signs against. */
  exclusion_terms: string;
  version: number;
}

/** A report (paper, registry record, abstract) of a study: several reports can describe one study. */
export interface StudyReportsTable {
  id: string;
  review_id: string;
  study_id: string;
  /** The screened record it came from, when it did. */
  record_id: string | null;
  citation: string;
  year: number | null;
  doi: string | null;
  pmid: string | null;
  registry_id: string | null;
  kind: 'publication' | 'registry-record' | 'conference-abstract' | 'other';
  created_version: number;
  removed_version: number | null;
  created_at: string;
}

export interface IntakeTables {
  update_rounds: UpdateRoundsTable;
  searches: SearchesTable;
  records: RecordsTable;
  duplicate_candidates: DuplicateCandidatesTable;
  screening_votes: ScreeningVotesTable;
  screening_resolutions: ScreeningResolutionsTable;
  screening_settings: ScreeningSettingsTable;
  study_reports: StudyReportsTable;
}
