// The database schema as Kysely sees it: one interface per table. JSON columns hold text in every
// dialect, booleans are 0/1 integers and times ISO-8601 text, so rows look the same on SQLite and PostgreSQL.
import type { ExtractionTables } from './extraction-schema.js';
import type { IntakeTables } from './intake-schema.js';
import type { RegistryTables } from './registry-schema.js';
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type ReviewStatus = 'draft' | 'active' | 'archived';

export interface ReviewsTable {
  id: string;
  title: string;
  /** The review question in words, and its PICO parts. */
  question: string | null;
  population: string | null;
  intervention: string | null;
  comparison: string | null;
  outcomes_description: string | null;
  citation: string | null;
  registration: string | null;
  status: ReviewStatus;
  /** Grows by one with every change to the review; never goes back. */
  version: number;
  /** 1: readable without a token. */
  is_public: number;
  created_at: string;
  updated_at: string;
}

export type StudyDesign =
  | 'rct'
  | 'cluster-rct'
  | 'quasi-randomised'
  | 'non-randomised'
  | 'cohort'
  | 'case-control'
  | 'self-controlled-pre-post'
  | 'other';

export interface StudiesTable {
  id: string;
  review_id: string;
  label: string;
  year: number | null;
  design: StudyDesign | null;
  country: string | null;
  participants: number | null;
  registry_id: string | null;
  /** JSON object: the review's Table 1 (cell source, dose, route, follow-up, ...). */
  characteristics: string;
  /** JSON: { patientsWithEvents: number | null, description: string | null } or null. */
  adverse_events: string | null;
  /** The review version that added the study; orders studies as they were added. */
  created_version: number;
  /** Its place among the studies added in the same version (0 when added alone): (created_version, created_position) orders studies. */
  created_position: number;
  /** A retracted study stays in the review's history but out of every analysis. */
  retracted_version: number | null;
  retraction_reason: string | null;
  created_at: string;
  updated_at: string;
}

export type QualityTool = 'nos' | 'rob2' | 'robins-i';

export interface QualityAssessmentsTable {
  id: string;
  study_id: string;
  review_id: string;
  tool: QualityTool;
  /** JSON array of { domain, stars?, judgement?, note? }. */
  domains: string;
  /** NOS: total stars; RoB 2: null. */
  total_stars: number | null;
  /** RoB 2: 'low' | 'some-concerns' | 'high'; ROBINS-I: 'low' | 'moderate' | 'serious' | 'critical' | 'no-information'; NOS: null. */
  overall_judgement: string | null;
  assessed_by: string | null;
  /** The user who recorded it (null before accounts, and for the administrator token). */
  assessed_by_user_id: string | null;
  version: number;
  created_at: string;
}

export type OutcomeDataType = 'binary' | 'continuous' | 'pre-post' | 'generic';

/** 'all': the overall and subgroup totals; 'subgroups': subgroup totals only; 'none': study rows only. */
export type OutcomeTotals = 'all' | 'subgroups' | 'none';

/** 'flag': analyse as given and say so; 'combine-groups': merge a multi-arm trial's arms; 'split-shared-group': share the common control out among the comparisons. */
export type UnitOfAnalysisRemedy = 'flag' | 'combine-groups' | 'split-shared-group';

export interface OutcomesTable {
  id: string;
  review_id: string;
  name: string;
  description: string | null;
  data_type: OutcomeDataType;
  measure: string;
  /** 'fixed' | 'random' | 'rule' (fixed if I² ≤ 50% and heterogeneity P > 0.1, else random). */
  model: string;
  method: string;
  tau2_estimator: string;
  ci_method: string;
  preset: string;
  subgroup_variable: string | null;
  timepoint: string | null;
  pre_post_correlation: number | null;
  pre_post_direction: string | null;
  /** JSON: { sequential?, controlRisks?, certaintyOverrides? } as @cumulus/stats OutcomeSettings takes them. */
  evidence_settings: string;
  /** Which pooled totals the analysis shows (RevMan's TOTALS YES / SUB / NO). */
  totals: OutcomeTotals;
  /** What to do about a study counted more than once in one total (several rows of one study). */
  unit_of_analysis: UnitOfAnalysisRemedy;
  created_version: number;
  /** The review version at which this outcome's analysis was last recomputed. */
  version: number;
  created_at: string;
  updated_at: string;
}

/** The numbers of a data row: arm data, a pre/post summary, or an effect with its SE (study_data, extractions). */
export interface StudyNumberColumns {
  events1: number | null;
  n1: number | null;
  events2: number | null;
  n2: number | null;
  mean1: number | null;
  sd1: number | null;
  mean2: number | null;
  sd2: number | null;
  mean_before: number | null;
  sd_before: number | null;
  mean_after: number | null;
  sd_after: number | null;
  n: number | null;
  yi: number | null;
  sei: number | null;
  estimate: number | null;
  ci_lower: number | null;
  ci_upper: number | null;
}

/**
 * One row of an outcome's data: arm data, pre/post summary, or an effect with its SE, for one study. A study
 * may have several rows in one outcome (in several subgroups, or one per comparison of a multi-arm trial),
 * told apart by subgroup and label.
 */
export interface StudyDataTable extends StudyNumberColumns {
  id: string;
  outcome_id: string;
  study_id: string;
  subgroup: string | null;
  /** The row's arm or comparison ('high dose'), shown after the study's label; null for a study's only row. */
  label: string | null;
  /** The row's place in the outcome: rows are ordered by their study's (created_version, created_position), then position. */
  position: number;
  source: string | null;
  /**
   * Where the numbers came from when Cumulus knows more than `source` (JSON, kind 'registry' or 'dual-extraction');
   * null for numbers typed or imported. A correction of the numbers clears it.
   */
  provenance: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** PRISMA 2020 flow counts as of one review version. */
export interface PrismaCountsTable {
  id: string;
  review_id: string;
  version: number;
  /** JSON object of the counts. */
  counts: string;
  created_at: string;
}

/** An immutable analysis of one outcome at one review version. */
export interface AnalysisSnapshotsTable {
  id: string;
  outcome_id: string;
  review_id: string;
  version: number;
  /**
   * JSON of @cumulus/stats OutcomeAnalysis (a checkpoint), or null: for a delta, or when the outcome has no data yet.
   * Read it through rebuildAnalysis (snapshot-storage.ts), never directly.
   */
  analysis: string | null;
  /** The analysis as its difference from the analysis of `base_id` (snapshot-codec.ts), or null. */
  delta: Uint8Array | null;
  /** The snapshot of the same outcome just before this one, when `delta` is stored against it. */
  base_id: string | null;
  /** Deltas back to the nearest checkpoint: 0 for a checkpoint. */
  chain: Generated<number>;
  /** Summary columns, so a timeline of versions needs no JSON parsing. */
  k: number;
  estimate: number | null;
  ci_lower: number | null;
  ci_upper: number | null;
  p_value: number | null;
  created_at: string;
}

/** A published result kept beside the recomputed one (the seed review's Table 3). */
export interface ReferenceResultsTable {
  id: string;
  review_id: string;
  outcome_id: string | null;
  /** JSON of the published row. */
  result: string;
  position: number;
}

export interface ChangeLogTable {
  id: string;
  review_id: string;
  version: number;
  /** The user's display name (or the token's name) when the change was made, or 'administrator' / 'demo loader'. */
  actor: string;
  /** The user who made the change; null for entries older than accounts and for the administrator token. */
  actor_user_id: string | null;
  action: string;
  summary: string;
  /** JSON array of outcome ids recomputed by this change. */
  outcome_ids: string;
  /** JSON: what the change stored, for audit. */
  details: string | null;
  created_at: string;
}

/** A change of conclusion (significance, direction, GRADE level, sequential verdict) recorded with the write that caused it. */
export interface ConclusionChangesTable {
  id: string;
  review_id: string;
  outcome_id: string;
  /** The review version whose change caused it (the change log entry of that version). */
  version: number;
  /** @cumulus/stats ConclusionChangeKind: 'significance-gained', 'direction-flipped', ... */
  kind: string;
  from_value: string | null;
  to_value: string | null;
  message: string;
  /** Order within the version. */
  position: number;
  created_at: string;
}

/** An HTTP endpoint told about a review's conclusion changes. */
export interface WebhooksTable {
  id: string;
  review_id: string;
  url: string;
  /** The HMAC-SHA256 signing key; kept in clear because every delivery is signed with it. */
  secret: string;
  created_by: string;
  created_at: string;
  removed_at: string | null;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

/** One event for one webhook: stored in the write's transaction, sent after commit, retried with backoff. */
export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  review_id: string;
  version: number;
  /** 'conclusion.changed'. */
  event: string;
  /** The JSON body, exactly as signed and sent. */
  payload: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  last_error: string | null;
  last_status_code: number | null;
  /** ISO-8601: when the next attempt is due (pending deliveries). */
  next_attempt_at: string;
  /** ISO-8601: an instance sending it holds it until then, so two instances never send one delivery at once. */
  locked_until: string | null;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}

export type TokenRole = 'admin' | 'maintainer' | 'reader';

export interface ApiTokensTable {
  id: string;
  name: string;
  /** SHA-256 of the secret, hex; the secret itself is never stored. */
  token_hash: string;
  role: TokenRole;
  /** The review a maintainer (or a reader of a private review) is limited to. */
  review_id: string | null;
  created_at: string;
  revoked_at: string | null;
  /** The user the token acts for (tokens older than accounts: a service user named after the token). */
  user_id: string | null;
  /** ISO-8601; null: never expires. */
  expires_at: string | null;
  /** JSON array of review ids the token is limited to; null: every review its user may reach. */
  scope_review_ids: string | null;
  /** JSON array of review roles the token may act as (ReviewRole); null: whatever its user is. */
  scope_roles: string | null;
}

/** 'person': signs in; 'service': only acts through tokens (every token older than accounts has one). */
export type UserKind = 'person' | 'service';

export interface UsersTable {
  id: string;
  /** As given; null for service users and for people known only through a provider that gives none (ORCID). */
  email: string | null;
  /** The email trimmed and lower-cased: unique, so one address is one account whatever its case. */
  email_key: string | null;
  display_name: string;
  /** An ORCID iD, 0000-0002-1825-0097 (checksum verified). */
  orcid: string | null;
  /** scrypt$<N>$<r>$<p>$<salt>$<key> (base64url), or null: signs in only through OpenID Connect. */
  password_hash: string | null;
  kind: UserKind;
  /** 1: administers every review and the people. */
  is_admin: number;
  /** When the person proved they read mail at `email` (a confirmation or reset link, or a provider's verified email). */
  email_confirmed_at: string | null;
  created_at: string;
}

/** A person as an OpenID Connect provider knows them: (issuer, subject) is theirs alone. */
export interface OidcIdentitiesTable {
  id: string;
  user_id: string;
  /** The configured provider's name (CUMULUS_OIDC_<NAME>_...), lower case. */
  provider: string;
  issuer: string;
  subject: string;
  email: string | null;
  created_at: string;
}

/** A dashboard session: the cookie holds the secret, the database only its SHA-256. */
export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  user_agent: string | null;
  address: string | null;
}

export type ReviewRole = 'owner' | 'maintainer' | 'screener' | 'arbiter' | 'extractor' | 'reader';

/** One role of one person in one review's team (a person may hold several). */
export interface ReviewMembersTable {
  review_id: string;
  user_id: string;
  role: ReviewRole;
  added_by: string | null;
  created_at: string;
}

/** A single-use, expiring link to join a review's team; the database keeps only the secret's SHA-256. */
export interface InvitationsTable {
  id: string;
  review_id: string;
  email: string;
  role: ReviewRole;
  token_hash: string;
  invited_by: string | null;
  inviter_name: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
  revoked_at: string | null;
}

/** A single-use, expiring link mailed to a person: to set a new password, or to confirm the email they signed up with. */
export interface PasswordResetsTable {
  id: string;
  user_id: string;
  purpose: 'reset' | 'confirm-email';
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** An "Other data" table of a review (RevMan): text per study, shown, never pooled. */
export interface OtherDataTablesTable {
  id: string;
  review_id: string;
  name: string;
  /** RevMan's analysis number, e.g. '3.2'. */
  analysis: string | null;
  description: string | null;
  /** JSON array of the column headings. */
  columns: string;
  /** JSON array of { studyId, subgroup, cells: string[] }. */
  rows: string;
  position: number;
  created_version: number;
  created_at: string;
}

export interface Database extends IntakeTables, RegistryTables, ExtractionTables {
  reviews: ReviewsTable;
  studies: StudiesTable;
  quality_assessments: QualityAssessmentsTable;
  outcomes: OutcomesTable;
  study_data: StudyDataTable;
  prisma_counts: PrismaCountsTable;
  analysis_snapshots: AnalysisSnapshotsTable;
  reference_results: ReferenceResultsTable;
  change_log: ChangeLogTable;
  api_tokens: ApiTokensTable;
  conclusion_changes: ConclusionChangesTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  other_data_tables: OtherDataTablesTable;
  users: UsersTable;
  oidc_identities: OidcIdentitiesTable;
  sessions: SessionsTable;
  review_members: ReviewMembersTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
}

export type ReviewRow = Selectable<ReviewsTable>;
export type OtherDataTableRow = Selectable<OtherDataTablesTable>;
export type StudyRow = Selectable<StudiesTable>;
export type QualityAssessmentRow = Selectable<QualityAssessmentsTable>;
export type OutcomeRow = Selectable<OutcomesTable>;
export type StudyDataRow = Selectable<StudyDataTable>;
export type PrismaCountsRow = Selectable<PrismaCountsTable>;
export type AnalysisSnapshotRow = Selectable<AnalysisSnapshotsTable>;
export type ReferenceResultRow = Selectable<ReferenceResultsTable>;
export type ChangeLogRow = Selectable<ChangeLogTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type ConclusionChangeRow = Selectable<ConclusionChangesTable>;
export type WebhookRow = Selectable<WebhooksTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ReviewMemberRow = Selectable<ReviewMembersTable>;
export type InvitationRow = Selectable<InvitationsTable>;

export type NewReview = Insertable<ReviewsTable>;
export type NewStudy = Insertable<StudiesTable>;
export type NewOutcome = Insertable<OutcomesTable>;
export type NewStudyData = Insertable<StudyDataTable>;
export type ReviewUpdate = Updateable<ReviewsTable>;
export type StudyUpdate = Updateable<StudiesTable>;
export type OutcomeUpdate = Updateable<OutcomesTable>;

export type UpdateRoundRow = Selectable<IntakeTables['update_rounds']>;
export type SearchRow = Selectable<IntakeTables['searches']>;
export type RecordRow = Selectable<IntakeTables['records']>;
export type DuplicateCandidateRow = Selectable<IntakeTables['duplicate_candidates']>;
export type ScreeningVoteRow = Selectable<IntakeTables['screening_votes']>;
export type ScreeningResolutionRow = Selectable<IntakeTables['screening_resolutions']>;
export type ScreeningSettingsRow = Selectable<IntakeTables['screening_settings']>;
export type StudyReportRow = Selectable<IntakeTables['study_reports']>;
export type RegistrySearchRow = Selectable<RegistryTables['registry_searches']>;
export type RegistryRunRow = Selectable<RegistryTables['registry_runs']>;
export type RegistryTrialRow = Selectable<RegistryTables['registry_trials']>;
export type RegistryProposalRow = Selectable<RegistryTables['registry_proposals']>;
export type ExtractionSettingsRow = Selectable<ExtractionTables['extraction_settings']>;
export type DualExtractionRow = Selectable<ExtractionTables['dual_extractions']>;
export type ExtractionRow = Selectable<ExtractionTables['extractions']>;
