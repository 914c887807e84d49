// The one way a review changes: validate → one transaction (change, version + 1, recomputed snapshots,
// conclusion changes, change log, queued webhook deliveries) → commit → publish, and wake the webhook sender.
// Nothing here is skipped for any mutation.
import { sql, type CumulusDatabase, type Database, type Kysely } from '@cumulus/db';
import type { RegistryClient } from '@cumulus/registry';
import type { ConclusionAlert, EventBus, ReviewEvent } from '../events.js';
import type { Viewer } from '../auth/viewer.js';
import type { WebhookDispatcher } from '../webhooks/dispatcher.js';
import { recordConclusionChanges } from './conclusions.js';
import { newId } from './ids.js';
import { rememberAnalysisInputs, type PendingInputs } from './analysis-inputs.js';
import { recomputeOutcomes } from './recompute.js';
import { rememberSnapshotHeads, type SnapshotHead } from './snapshot-heads.js';
import { now } from './rows.js';
import { UserInputError, type WriteResult } from './user-errors.js';
import { queueConclusionDeliveries } from './webhooks.js';

export interface Services {
  database: CumulusDatabase;
  events: EventBus;
  /** Sends queued webhook deliveries after commit; without it they wait for an instance that has one. */
  webhooks?: Pick<WebhookDispatcher, 'kick' | 'addressPolicy'> | null;
  /** The trial registry that registry searches ask (ClinicalTrials.gov, or CUMULUS_REGISTRY_URL); none: they cannot run. */
  registry?: RegistryClient | null;
}

export interface AppliedChange<T> {
  value: T;
  /** One line for the change log: "Added study 'Aronson 1948'". */
  summary: string;
  /** Outcomes whose analysis this change affects; each gets a new snapshot under the new version. */
  outcomeIds: string[];
  details?: unknown;
  /** Webhook deliveries the change queued itself (beyond conclusion changes), so the sender is woken after commit. */
  deliveries?: number;
  /** What the change announces beyond the version and summary (e.g. new records to screen). */
  announce?: Pick<ReviewEvent, 'newRecords'>;
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
  let committed: { applied: AppliedChange<T>; version: number; alerts: ConclusionAlert[]; deliveries: number; inputs: PendingInputs | null; heads: SnapshotHead[] };
  try {
    committed = await services.database.writeTransaction(null, async (trx) => {
      // Raising the review's version is the change's first statement: it locks the review's row (a second writer of the
      // review waits here until this one commits, then raises the version this one stored) and reads the new version,
      // in one round trip. A refused change rolls it back with the rest.
      const review = await trx
        .updateTable('reviews')
        .set({ version: sql<number>`version + 1`, updated_at: now() })
        .where('id', '=', reviewId)
        .returning('version')
        .executeTakeFirst();
      if (!review) throw new UserInputError([{ field: ['input', 'reviewId'], message: `there is no review with id '${reviewId}'` }]);
      const { version } = review;
      const applied = await change.apply(trx, version);
      const outcomeIds = [...new Set(applied.outcomeIds)];
      const { recomputed, inputs, heads, writes } = await recomputeOutcomes(trx, services.database, outcomeIds, version);
      // The snapshots, the outcomes' version and the change-log entry: one round trip where the database allows it.
      const entry = { reviewId, version, actor, action: change.action, summary: applied.summary, outcomeIds, details: applied.details };
      await services.database.executeTogether(trx, [...writes, changeLogInsert(trx, entry)]);
      const alerts = await recordConclusionChanges(trx, { reviewId, version, recomputed });
      const deliveries = await queueConclusionDeliveries(trx, { reviewId, version, action: change.action, summary: applied.summary, alerts });
      return { applied: { ...applied, outcomeIds }, version, alerts, deliveries, inputs, heads };
    });
  } catch (error) {
    if (error instanceof UserInputError) return { ok: false, errors: error.errors };
    throw error;
  }
  // What the recompute read and stored is kept only now that it is the committed state of this version.
  rememberAnalysisInputs(services.database, committed.inputs);
  rememberSnapshotHeads(services.database, committed.heads);
  services.events.publish({
    reviewId,
    version: committed.version,
    outcomeIds: committed.applied.outcomeIds,
    action: change.action,
    summary: committed.applied.summary,
    conclusionChanges: committed.alerts,
    ...committed.applied.announce,
  });
  if (committed.deliveries + (committed.applied.deliveries ?? 0) > 0) services.webhooks?.kick();
  return { ok: true, value: committed.applied.value, version: committed.version };
}

interface ChangeLogEntry {
  reviewId: string;
  version: number;
  actor: Viewer;
  action: string;
  summary: string;
  outcomeIds: string[];
  details?: unknown;
}

export async function insertChangeLog(trx: Kysely<Database>, entry: ChangeLogEntry): Promise<void> {
  await changeLogInsert(trx, entry).execute();
}

/** The insert of a change's entry in the change log. */
function changeLogInsert(trx: Kysely<Database>, entry: ChangeLogEntry) {
  return trx
    .insertInto('change_log')
    .values({
      id: newId(),
      review_id: entry.reviewId,
      version: entry.version,
      actor: entry.actor.name,
      actor_user_id: entry.actor.userId,
      action: entry.action,
      summary: entry.summary,
      outcome_ids: JSON.stringify(entry.outcomeIds),
      details: entry.details === undefined ? null : JSON.stringify(entry.details),
      created_at: now(),
    });
}
