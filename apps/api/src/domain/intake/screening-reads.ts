// Reads of the intake chain: a screener's queue, conflicts for arbiters, progress and agreement per stage, the PRISMA
// flow of a round, and what a round changed. Blinding is applied here: a screener sees their own vote, and everyone
// else's only once the record has all the votes it needs (arbiters see the votes of a conflict: deciding it needs
// them, and a conflict has every vote in). Nothing is recomputed: statuses were stored by the writes.
import type { Database, Kysely, RecordRow, ScreeningStage, ScreeningVoteRow, UpdateRoundRow } from '@cumulus/db';
import { cohensKappa, type CohensKappa } from '@cumulus/stats';
import type { Viewer } from '../../auth/viewer.js';
import { prismaFlow, type FlowRecord, type PrismaFlow } from './prisma-flow.js';
import { screeningSettingsOf } from './settings.js';

/** The Cochrane Handbook's caution, shown wherever kappa is (Handbook 4.6.4: reporting it is not standard). */
export const KAPPA_CAUTION =
  "Cohen's kappa measures agreement beyond chance between two screeners; the Cochrane Handbook (section 4.6.4) notes that reporting it is not standard practice, and it depends on how common inclusion is, so read it as a check on the screening, not a measure of its quality.";

/** Records at a stage that still need votes. */
function atStage(db: Kysely<Database>, reviewId: string, stage: ScreeningStage) {
  const query = db.selectFrom('records').where('records.review_id', '=', reviewId).where('records.duplicate_of', 'is', null).where('records.removed_reason', 'is', null);
  return stage === 'title-abstract' ? query.where('records.title_abstract_status', '!=', 'not-screened') : query.where('records.full_text_status', 'is not', null);
}

/** Records at `stage` this screener has not voted on that are still short of votes. */
function queueOf(db: Kysely<Database>, userId: string, reviewId: string, stage: ScreeningStage, screenersPerRecord: number) {
  const status = stage === 'title-abstract' ? 'records.title_abstract_status' : 'records.full_text_status';
  const votes = stage === 'title-abstract' ? 'records.title_abstract_votes' : 'records.full_text_votes';
  return atStage(db, reviewId, stage)
    .where(status, '=', 'awaiting')
    .where(votes, '<', screenersPerRecord)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('screening_votes')
            .select('screening_votes.id')
            .whereRef('screening_votes.record_id', '=', 'records.id')
            .where('screening_votes.stage', '=', stage)
            .where('screening_votes.user_id', '=', userId)
            .where('screening_votes.withdrawn_version', 'is', null),
        ),
      ),
    );
}

/** The next records for this screener at `stage`, oldest first. */
export async function screeningQueue(db: Kysely<Database>, viewer: Viewer, reviewId: string, stage: ScreeningStage, first: number): Promise<RecordRow[]> {
  if (!viewer.userId) return [];
  const { screenersPerRecord } = await screeningSettingsOf(db, reviewId);
  return queueOf(db, viewer.userId, reviewId, stage, screenersPerRecord)
    .selectAll('records')
    .orderBy('records.created_version')
    .orderBy('records.position')
    .orderBy('records.id')
    .limit(first)
    .execute();
}

/**
 * The records this screener voted on at `stage` whose vote can still be undone (the record still waits for other
 * votes), most recent vote last: what a screening page offers to undo after a reload.
 */
export async function undoableVotes(db: Kysely<Database>, viewer: Viewer, reviewId: string, stage: ScreeningStage, last: number): Promise<RecordRow[]> {
  if (!viewer.userId) return [];
  const { screenersPerRecord } = await screeningSettingsOf(db, reviewId);
  const votes = stage === 'title-abstract' ? 'records.title_abstract_votes' : 'records.full_text_votes';
  const rows = await atStage(db, reviewId, stage)
    .innerJoin('screening_votes', 'screening_votes.record_id', 'records.id')
    .selectAll('records')
    .select('screening_votes.version as voteVersion')
    .where('screening_votes.stage', '=', stage)
    .where('screening_votes.user_id', '=', viewer.userId)
    .where('screening_votes.withdrawn_version', 'is', null)
    .where(votes, '<', screenersPerRecord)
    .where('records.study_id', 'is', null)
    .orderBy('screening_votes.version', 'desc')
    .limit(last)
    .execute();
  return rows.reverse().map(({ voteVersion: _voteVersion, ...row }) => row);
}

export async function screeningConflicts(db: Kysely<Database>, reviewId: string, stage: ScreeningStage, first: number): Promise<RecordRow[]> {
  const status = stage === 'title-abstract' ? 'records.title_abstract_status' : 'records.full_text_status';
  return atStage(db, reviewId, stage).selectAll('records').where(status, '=', 'conflict').orderBy('records.created_version').orderBy('records.position').orderBy('records.id').limit(first).execute();
}

export interface ScreeningProgress {
  stage: ScreeningStage;
  /** Records at this stage (for full text: reports sought). */
  total: number;
  included: number;
  excluded: number;
  conflicts: number;
  /** Still short of votes. */
  awaiting: number;
  notRetrieved: number;
  /** This viewer's votes at the stage, and records still in their queue. */
  myVotes: number;
  myQueue: number;
  screenersPerRecord: number;
}

export async function screeningProgress(db: Kysely<Database>, viewer: Viewer, reviewId: string, stage: ScreeningStage): Promise<ScreeningProgress> {
  const { screenersPerRecord } = await screeningSettingsOf(db, reviewId);
  const column = stage === 'title-abstract' ? 'records.title_abstract_status' : 'records.full_text_status';
  const rows = await atStage(db, reviewId, stage).select([column, (eb) => eb.fn.countAll<number | string>().as('count')]).groupBy(column).execute();
  const count = (status: string) => Number(rows.find((row) => (row as Record<string, unknown>)[column.split('.')[1]] === status)?.count ?? 0);
  let myVotes = 0;
  let myQueue = 0;
  if (viewer.userId) {
    const mine = await db
      .selectFrom('screening_votes')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('review_id', '=', reviewId)
      .where('stage', '=', stage)
      .where('user_id', '=', viewer.userId)
      .where('withdrawn_version', 'is', null)
      .executeTakeFirstOrThrow();
    myVotes = Number(mine.count);
    const queued = await queueOf(db, viewer.userId, reviewId, stage, screenersPerRecord).select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirstOrThrow();
    myQueue = Number(queued.count);
  }
  const total = rows.reduce((sum, row) => sum + Number(row.count), 0);
  return { stage, total, included: count('include'), excluded: count('exclude'), conflicts: count('conflict'), awaiting: count('awaiting'), notRetrieved: count('not-retrieved'), myVotes, myQueue, screenersPerRecord };
}

export interface ScreeningAgreement extends CohensKappa {
  stage: ScreeningStage;
  caution: string;
}

/** Cohen's kappa between the first two votes on each record at the stage (include, exclude, maybe as voted). */
export async function screeningAgreement(db: Kysely<Database>, reviewId: string, stage: ScreeningStage): Promise<ScreeningAgreement> {
  const votes = await db
    .selectFrom('screening_votes')
    .select(['record_id', 'decision'])
    .where('review_id', '=', reviewId)
    .where('stage', '=', stage)
    .where('withdrawn_version', 'is', null)
    .orderBy('record_id')
    .orderBy('version')
    .orderBy('id')
    .execute();
  const byRecord = new Map<string, string[]>();
  for (const vote of votes) {
    const list = byRecord.get(vote.record_id) ?? [];
    list.push(vote.decision);
    byRecord.set(vote.record_id, list);
  }
  const pairs = [...byRecord.values()].filter((list) => list.length >= 2).map((list) => [list[0], list[1]] as const);
  return { stage, caution: KAPPA_CAUTION, ...cohensKappa(pairs) };
}

/** The votes on a record at a stage as this viewer may see them: null while blinded. */
export async function visibleVotes(db: Kysely<Database>, record: RecordRow, stage: ScreeningStage): Promise<ScreeningVoteRow[] | null> {
  const votes = await db.selectFrom('screening_votes').selectAll().where('record_id', '=', record.id).where('stage', '=', stage).where('withdrawn_version', 'is', null).orderBy('version').execute();
  const { screenersPerRecord } = await screeningSettingsOf(db, record.review_id);
  const status = stage === 'title-abstract' ? record.title_abstract_status : record.full_text_status;
  // Complete: every vote is in (a conflict always is), or the stage was settled (by an arbiter, before the review
  // asked for more screeners).
  const complete = votes.length >= screenersPerRecord || (status !== 'awaiting' && status !== null);
  return complete ? votes : null;
}

export async function myVote(db: Kysely<Database>, viewer: Viewer, recordId: string, stage: ScreeningStage): Promise<ScreeningVoteRow | null> {
  if (!viewer.userId) return null;
  return (
    (await db
      .selectFrom('screening_votes')
      .selectAll()
      .where('record_id', '=', recordId)
      .where('stage', '=', stage)
      .where('user_id', '=', viewer.userId)
      .where('withdrawn_version', 'is', null)
      .executeTakeFirst()) ?? null
  );
}

/** Studies included before the round opened, and their reports (a study without a report row counts as one). */
async function previousCounts(db: Kysely<Database>, round: UpdateRoundRow): Promise<{ studies: number; reports: number }> {
  const studies = await db
    .selectFrom('studies')
    .select('id')
    .where('review_id', '=', round.review_id)
    .where('created_version', '<', round.opened_version)
    .where((eb) => eb.or([eb('retracted_version', 'is', null), eb('retracted_version', '>=', round.opened_version)]))
    .execute();
  if (studies.length === 0) return { studies: 0, reports: 0 };
  const reports = await db
    .selectFrom('study_reports')
    .select(['study_id', (eb) => eb.fn.countAll<number | string>().as('count')])
    .where('review_id', '=', round.review_id)
    .where('created_version', '<', round.opened_version)
    .where((eb) => eb.or([eb('removed_version', 'is', null), eb('removed_version', '>=', round.opened_version)]))
    .groupBy('study_id')
    .execute();
  const reportsOf = new Map(reports.map((row) => [row.study_id, Number(row.count)]));
  return { studies: studies.length, reports: studies.reduce((sum, study) => sum + Math.max(1, reportsOf.get(study.id) ?? 0), 0) };
}

export async function prismaFlowOfRound(db: Kysely<Database>, round: UpdateRoundRow): Promise<PrismaFlow> {
  const searches = await db.selectFrom('searches').select(['id', 'source', 'source_kind', 'record_count']).where('round_id', '=', round.id).orderBy('version').execute();
  const records: FlowRecord[] = await db
    .selectFrom('records')
    .select(['id', 'search_id', 'duplicate_of', 'removed_reason', 'title_abstract_status', 'full_text_status', 'full_text_reason', 'included_as', 'study_id'])
    .where('round_id', '=', round.id)
    .execute();
  const pending = await db
    .selectFrom('duplicate_candidates')
    .innerJoin('records', 'records.id', 'duplicate_candidates.record_id')
    .select((eb) => eb.fn.count<number | string>('duplicate_candidates.record_id').distinct().as('count'))
    .where('records.round_id', '=', round.id)
    .where('records.duplicate_of', 'is', null)
    .where('duplicate_candidates.status', '=', 'pending')
    .executeTakeFirstOrThrow();
  const previous = await previousCounts(db, round);
  return prismaFlow({ searches, records, previousStudies: previous.studies, previousReports: previous.reports, possibleDuplicates: Number(pending.count) });
}

export interface RoundAnalysisChange {
  outcomeId: string;
  before: { k: number; estimate: number | null; ciLower: number | null; ciUpper: number | null } | null;
  after: { k: number; estimate: number | null; ciLower: number | null; ciUpper: number | null } | null;
}

/** Each outcome's latest stored summary (before `version` when given): the summary columns, no analysis decoded. */
function latestSummaries(db: Kysely<Database>, reviewId: string, before?: number) {
  return db
    .selectFrom('analysis_snapshots as s')
    .innerJoin(
      (eb) => {
        let latest = eb.selectFrom('analysis_snapshots').select(['outcome_id', (e) => e.fn.max('version').as('latest')]).where('review_id', '=', reviewId);
        if (before !== undefined) latest = latest.where('version', '<', before);
        return latest.groupBy('outcome_id').as('m');
      },
      (join) => join.onRef('m.outcome_id', '=', 's.outcome_id').onRef('m.latest', '=', 's.version'),
    )
    .select(['s.outcome_id', 's.k', 's.estimate', 's.ci_lower', 's.ci_upper'])
    .execute();
}

/** Each outcome's pooled result just before the round opened and now, where it changed (stored summary columns). */
export async function analysisChangesSince(db: Kysely<Database>, reviewId: string, version: number): Promise<RoundAnalysisChange[]> {
  const summary = (row: { k: number; estimate: number | null; ci_lower: number | null; ci_upper: number | null }) => ({ k: row.k, estimate: row.estimate, ciLower: row.ci_lower, ciUpper: row.ci_upper });
  const [before, now] = await Promise.all([latestSummaries(db, reviewId, version), latestSummaries(db, reviewId)]);
  const beforeOf = new Map(before.map((row) => [row.outcome_id, summary(row)]));
  return now
    .map((row) => ({ outcomeId: row.outcome_id, before: beforeOf.get(row.outcome_id) ?? null, after: summary(row) }))
    .filter((change) => JSON.stringify(change.before) !== JSON.stringify(change.after))
    .sort((a, b) => a.outcomeId.localeCompare(b.outcomeId));
}
