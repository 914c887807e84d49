// The events a subscriber who already has version `sinceVersion` has missed, rebuilt from the change log (the
// same rows the write path published them from), so a client can query, then subscribe from the version it
// holds, and lose nothing in between.
import type { CumulusDatabase } from '@cumulus/db';
import type { ReviewEvent } from '../events.js';
import { alertOfRow } from './conclusions.js';

/** The event the change that produced `version` published, or null when the log has no such change. */
export async function eventAt(database: CumulusDatabase, reviewId: string, version: number): Promise<ReviewEvent | null> {
  const [entry, alerts] = await Promise.all([
    database.db.selectFrom('change_log').selectAll().where('review_id', '=', reviewId).where('version', '=', version).executeTakeFirst(),
    database.db.selectFrom('conclusion_changes').selectAll().where('review_id', '=', reviewId).where('version', '=', version).orderBy('position').execute(),
  ]);
  if (!entry) return null;
  const details = entry.details ? (JSON.parse(entry.details) as { newRecords?: unknown }) : null;
  return {
    reviewId,
    version,
    outcomeIds: JSON.parse(entry.outcome_ids) as string[],
    action: entry.action,
    summary: entry.summary,
    conclusionChanges: alerts.map(alertOfRow),
    ...(typeof details?.newRecords === 'number' && details.newRecords > 0 ? { newRecords: details.newRecords } : {}),
  };
}

/** The changes that can bring records to screen: an import, and a registry search's run. */
export const NEW_RECORDS_ACTIONS = ['importSearch', 'runRegistrySearch'];

/** Every change after `sinceVersion` that brought new records to screen (the latest `limit` of them), oldest first. */
export async function missedNewRecordsEvents(database: CumulusDatabase, reviewId: string, sinceVersion: number, limit: number): Promise<ReviewEvent[]> {
  const entries = await database.db
    .selectFrom('change_log')
    .select('version')
    .where('review_id', '=', reviewId)
    .where('version', '>', sinceVersion)
    .where('action', 'in', NEW_RECORDS_ACTIONS)
    .orderBy('version', 'desc')
    .limit(limit)
    .execute();
  const events = await Promise.all(entries.reverse().map((row) => eventAt(database, reviewId, row.version)));
  return events.filter((event) => event !== null && (event.newRecords ?? 0) > 0) as ReviewEvent[];
}

/** The review's latest change, if it is newer than `sinceVersion` (a review subscriber needs only the latest). */
export async function missedReviewEvent(database: CumulusDatabase, reviewId: string, sinceVersion: number): Promise<ReviewEvent[]> {
  const review = await database.db.selectFrom('reviews').select('version').where('id', '=', reviewId).executeTakeFirst();
  const event = review && review.version > sinceVersion ? await eventAt(database, reviewId, review.version) : null;
  return event ? [event] : [];
}

/** The change that last recomputed the outcome, if it is newer than `sinceVersion`. */
export async function missedOutcomeEvent(database: CumulusDatabase, reviewId: string, outcomeId: string, sinceVersion: number): Promise<ReviewEvent[]> {
  const latest = await database.db
    .selectFrom('analysis_snapshots')
    .select('version')
    .where('outcome_id', '=', outcomeId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const event = latest && latest.version > sinceVersion ? await eventAt(database, reviewId, latest.version) : null;
  return event ? [event] : [];
}

/** Every change after `sinceVersion` that changed a conclusion (the latest `limit` of them), oldest first. */
export async function missedConclusionEvents(database: CumulusDatabase, reviewId: string, sinceVersion: number, limit: number): Promise<ReviewEvent[]> {
  const versions = await database.db
    .selectFrom('conclusion_changes')
    .select('version')
    .distinct()
    .where('review_id', '=', reviewId)
    .where('version', '>', sinceVersion)
    .orderBy('version', 'desc')
    .limit(limit)
    .execute();
  const events = await Promise.all(versions.reverse().map((row) => eventAt(database, reviewId, row.version)));
  return events.filter((event) => event !== null);
}
