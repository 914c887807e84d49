// Webhooks of a review: maintainers register an HTTPS (or HTTP) endpoint; each write that changes a
// conclusion queues one signed delivery per webhook in its own transaction, sent after commit.
import { randomBytes } from 'node:crypto';
import type { CumulusDatabase, Database, Kysely, WebhookRow } from '@cumulus/db';
import { z } from 'zod';
import { canRead, canWrite, writeRefusal, type Viewer } from '../auth/viewer.js';
import type { ConclusionAlert } from '../events.js';
import type { AddressPolicy } from '../webhooks/address-policy.js';
import { newId } from './ids.js';
import { now } from './rows.js';
import { refusable, refuse, type WriteResult } from './user-errors.js';
import { validate } from './validate.js';

export const CONCLUSION_CHANGED_EVENT = 'conclusion.changed';
/** An import or a registry run brought records that wait for screening. */
export const NEW_RECORDS_EVENT = 'records.new';
/** A registry search's run found trials of the review updated (status, enrollment, dates, results posted) or numbers to confirm. */
export const REGISTRY_UPDATED_EVENT = 'registry.updated';

/** The review a webhook operation targets, if the viewer maintains it. */
async function maintainedReview(database: CumulusDatabase, viewer: Viewer, reviewId: string, what: string) {
  if (viewer.role === 'anonymous') refuse([], writeRefusal(viewer, what));
  const review = await database.db.selectFrom('reviews').select(['id', 'title', 'is_public']).where('id', '=', reviewId).executeTakeFirst();
  if (!review || !canRead(viewer, review)) refuse(['input', 'reviewId'], `there is no review with id '${reviewId}'`);
  if (!canWrite(viewer, review.id)) refuse([], writeRefusal(viewer, what));
  return review;
}

const registerInput = z.object({
  reviewId: z.string(),
  url: z
    .string()
    .max(2000, 'url must be at most 2000 characters')
    .refine((value) => {
      try {
        return ['http:', 'https:'].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, 'url must be an absolute http:// or https:// address'),
  secret: z.string().min(16, 'secret must be at least 16 characters (or leave it out to have one generated)').max(200, 'secret must be at most 200 characters').nullish(),
});
export type RegisterWebhookInput = z.input<typeof registerInput>;

/**
 * Registers a webhook; the secret (given or generated) is returned here once and never shown again. The URL
 * must be allowed by `policy`: that of the dispatcher that will send it (see address-policy.ts).
 */
export function registerWebhook(
  database: CumulusDatabase,
  actor: Viewer,
  input: RegisterWebhookInput,
  policy: AddressPolicy,
): Promise<WriteResult<{ webhook: WebhookRow; secret: string }>> {
  return refusable(async () => {
    const valid = validate(registerInput, input);
    const review = await maintainedReview(database, actor, valid.reviewId, 'registering a webhook');
    // Checked for the review's maintainers only (it may resolve the name): nobody else learns what resolves where.
    const problem = await policy.registrationProblem(valid.url);
    if (problem) refuse(['input', 'url'], problem);
    const secret = valid.secret ?? `whsec_${randomBytes(24).toString('base64url')}`;
    const webhook: WebhookRow = { id: newId(), review_id: review.id, url: valid.url, secret, created_by: actor.name, created_at: now(), removed_at: null };
    await database.db.insertInto('webhooks').values(webhook).execute();
    return { ok: true, value: { webhook, secret }, version: 0 };
  });
}

/** Removes a webhook: pending deliveries to it are cancelled; its delivery history stays. */
export function removeWebhook(database: CumulusDatabase, actor: Viewer, input: { id: string }): Promise<WriteResult<WebhookRow>> {
  return refusable(async () => {
    if (actor.role === 'anonymous') refuse([], writeRefusal(actor, 'removing a webhook'));
    const webhook = await database.db.selectFrom('webhooks').selectAll().where('id', '=', input.id).executeTakeFirst();
    // Another review's webhook is answered exactly as one that does not exist: an id tells nobody anything.
    if (!webhook || !canWrite(actor, webhook.review_id)) refuse(['input', 'id'], `there is no webhook with id '${input.id}' in the reviews you maintain`);
    if (webhook.removed_at !== null) refuse(['input', 'id'], `the webhook to ${webhook.url} was already removed at ${webhook.removed_at}`);
    const removedAt = now();
    await database.writeTransaction(webhook.review_id, async (trx) => {
      await trx.updateTable('webhooks').set({ removed_at: removedAt }).where('id', '=', webhook.id).execute();
      await trx
        .updateTable('webhook_deliveries')
        .set({ status: 'cancelled', updated_at: removedAt, last_error: 'the webhook was removed' })
        .where('webhook_id', '=', webhook.id)
        .where('status', '=', 'pending')
        .execute();
    });
    return { ok: true, value: { ...webhook, removed_at: removedAt }, version: 0 };
  });
}

/** The webhooks of a review, for its maintainers (null when the viewer may not see them). */
export async function webhooksOf(database: CumulusDatabase, viewer: Viewer, reviewId: string): Promise<WebhookRow[] | null> {
  if (!canWrite(viewer, reviewId)) return null;
  return database.db.selectFrom('webhooks').selectAll().where('review_id', '=', reviewId).orderBy('created_at').execute();
}

/**
 * Queues one delivery per active webhook of the review, inside the write's transaction: the alert and its
 * deliveries commit together or not at all. Returns how many were queued.
 */
export async function queueConclusionDeliveries(
  trx: Kysely<Database>,
  entry: { reviewId: string; version: number; action: string; summary: string; alerts: ConclusionAlert[] },
): Promise<number> {
  if (entry.alerts.length === 0) return 0;
  const changes = async () => {
    const outcomeIds = [...new Set(entry.alerts.map((alert) => alert.outcomeId))];
    const outcomes = await trx.selectFrom('outcomes').select(['id', 'name']).where('id', 'in', outcomeIds).execute();
    const nameOf = new Map(outcomes.map((outcome) => [outcome.id, outcome.name]));
    return {
      changes: entry.alerts.map((alert) => ({
        id: alert.id,
        outcomeId: alert.outcomeId,
        outcomeName: nameOf.get(alert.outcomeId) ?? null,
        kind: alert.kind,
        from: alert.from,
        to: alert.to,
        message: alert.message,
      })),
    };
  };
  return queueReviewDeliveries(trx, { ...entry, event: CONCLUSION_CHANGED_EVENT, body: changes });
}

/**
 * Queues one delivery of `event` per active webhook of the review, inside the write's transaction (as conclusion
 * changes are). `body` is the event's own part of the payload. Returns how many were queued.
 */
export async function queueReviewDeliveries(
  trx: Kysely<Database>,
  entry: { reviewId: string; version: number; action: string; summary: string; event: string; body: Record<string, unknown> | (() => Promise<Record<string, unknown>>) },
): Promise<number> {
  const webhooks = await trx.selectFrom('webhooks').select('id').where('review_id', '=', entry.reviewId).where('removed_at', 'is', null).execute();
  if (webhooks.length === 0) return 0;
  // A body that needs reading is read only when some webhook will carry it.
  const body = typeof entry.body === 'function' ? await entry.body() : entry.body;
  const review = await trx.selectFrom('reviews').select('title').where('id', '=', entry.reviewId).executeTakeFirstOrThrow();
  const at = now();
  await trx
    .insertInto('webhook_deliveries')
    .values(
      webhooks.map((webhook) => {
        const id = newId();
        const payload = {
          event: entry.event,
          deliveryId: id,
          reviewId: entry.reviewId,
          reviewTitle: review.title,
          version: entry.version,
          action: entry.action,
          summary: entry.summary,
          ...body,
          createdAt: at,
        };
        return {
          id,
          webhook_id: webhook.id,
          review_id: entry.reviewId,
          version: entry.version,
          event: entry.event,
          payload: JSON.stringify(payload),
          status: 'pending' as const,
          attempts: 0,
          last_error: null,
          last_status_code: null,
          next_attempt_at: at,
          locked_until: null,
          delivered_at: null,
          created_at: at,
          updated_at: at,
        };
      }),
    )
    .execute();
  return webhooks.length;
}
