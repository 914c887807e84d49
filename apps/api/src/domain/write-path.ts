// The one way a review changes: validate → one transaction (change, version + 1, recomputed snapshots,
// change log) → commit → publish. Nothing here is skipped for any mutation.
import type { CumulusDatabase, Database, Kysely } from '@cumulus/db';
import type { EventBus } from '../events.js';
import type { Viewer } from '../auth/viewer.js';
import { newId } from './ids.js';
import { recomputeOutcome } from './recompute.js';
import { now } from './rows.js';
import { UserInputError, type WriteResult } from './user-errors.js';

export interface Services {
  database: CumulusDatabase;
  events: EventBus;
}

export interface AppliedChange<T> {
  value: T;
  /** One line for the change log: "Added study 'Aronson 1948'". */
  summary: string;
  /** Outcomes whose analysis this change affects; each gets a new snapshot under the new version. */
  outcomeIds: string[];
  details?: unknown;
}

export interface Change<T> {
  /** A verb for the change log: 'addStudy', 'recordStudyData', ... */
  action: string;
  /** Checks against the stored state and stores the change; throws UserInputError to refuse. */
  apply(trx: Kysely<Database>, version: number): Promise<AppliedChange<T>>;
}

export async function commitChange<T>(
  services: Services,
  actor: Viewer,
  reviewId: string,
  change: Change<T>,
): Promise<WriteResult<T>> {
  let committed: { applied: AppliedChange<T>; version: number };
  try {
    committed = await services.database.writeTransaction(reviewId, async (trx) => {
      const review = await trx.selectFrom('reviews').select('version').where('id', '=', reviewId).executeTakeFirst();
      if (!review) throw new UserInputError([{ field: ['input', 'reviewId'], message: `there is no review with id '${reviewId}'` }]);
      const version = review.version + 1;
      const applied = await change.apply(trx, version);
      await trx.updateTable('reviews').set({ version, updated_at: now() }).where('id', '=', reviewId).execute();
      const outcomeIds = [...new Set(applied.outcomeIds)];
      for (const outcomeId of outcomeIds) await recomputeOutcome(trx, outcomeId, version);
      await insertChangeLog(trx, { reviewId, version, actor, action: change.action, summary: applied.summary, outcomeIds, details: applied.details });
      return { applied: { ...applied, outcomeIds }, version };
    });
  } catch (error) {
    if (error instanceof UserInputError) return { ok: false, errors: error.errors };
    throw error;
  }
  services.events.publish({
    reviewId,
    version: committed.version,
    outcomeIds: committed.applied.outcomeIds,
    action: change.action,
    summary: committed.applied.summary,
  });
  return { ok: true, value: committed.applied.value, version: committed.version };
}

export async function insertChangeLog(
  trx: Kysely<Database>,
  entry: { reviewId: string; version: number; actor: Viewer; action: string; summary: string; outcomeIds: string[]; details?: unknown },
): Promise<void> {
  await trx
    .insertInto('change_log')
    .values({
      id: newId(),
      review_id: entry.reviewId,
      version: entry.version,
      actor: entry.actor.name,
      action: entry.action,
      summary: entry.summary,
      outcome_ids: JSON.stringify(entry.outcomeIds),
      details: entry.details === undefined ? null : JSON.stringify(entry.details),
      created_at: now(),
    })
    .execute();
}
