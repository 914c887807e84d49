// Webhooks for conclusion-change alerts: maintainers of a review register, list and remove them, and see
// each delivery's status, attempts and last error.
import type { WebhookDeliveryRow, WebhookRow } from '@cumulus/db';
import { canWrite } from '../auth/viewer.js';
import { registerWebhook, removeWebhook, webhooksOf } from '../domain/webhooks.js';
import { publicAddressesOnly } from '../webhooks/address-policy.js';
import { notVersioned } from './not-versioned.js';
import { builder } from './builder.js';
import { keysetConnection, type Keyset } from './pagination.js';
import { ReviewRef } from './refs.js';
import { UserErrorRef, payloadOf, type Payload } from './user-error.js';

const DeliveryStatusEnum = builder.enumType('WebhookDeliveryStatus', {
  values: {
    PENDING: { value: 'pending', description: 'Not yet delivered; another attempt is due at nextAttemptAt.' },
    DELIVERED: { value: 'delivered', description: 'The receiver answered 2xx.' },
    FAILED: { value: 'failed', description: 'Every attempt failed; see lastError.' },
    CANCELLED: { value: 'cancelled', description: 'The webhook was removed before it was delivered.' },
  } as const,
});

const WebhookDeliveryRef = builder.objectRef<WebhookDeliveryRow>('WebhookDelivery').implement({
  extensions: notVersioned,
  description: 'One event sent to one webhook: a JSON POST signed with HMAC-SHA256 (Cumulus-Signature: sha256=<hex> over "<Cumulus-Timestamp>.<body>").',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Also sent as the Cumulus-Delivery header, so a receiver can ignore a repeat.' }),
    event: t.exposeString('event'),
    version: t.exposeInt('version', { description: 'The review version whose change caused it.' }),
    status: t.field({ type: DeliveryStatusEnum, resolve: (d) => d.status }),
    attempts: t.exposeInt('attempts'),
    lastError: t.exposeString('last_error', { nullable: true }),
    lastStatusCode: t.exposeInt('last_status_code', { nullable: true }),
    nextAttemptAt: t.string({ nullable: true, resolve: (d) => (d.status === 'pending' ? d.next_attempt_at : null) }),
    deliveredAt: t.exposeString('delivered_at', { nullable: true }),
    createdAt: t.exposeString('created_at'),
    payload: t.field({ type: 'JSON', description: 'The body as sent.', resolve: (d) => JSON.parse(d.payload) }),
  }),
});

/** Deliveries newest first, as `deliveries` lists them (the id breaks ties). */
const deliveryKeyset: Keyset = {
  name: 'webhook-deliveries',
  columns: [
    { column: 'created_at', direction: 'desc', type: 'string' },
    { column: 'version', direction: 'desc', type: 'integer' },
    { column: 'id', direction: 'desc', type: 'string' },
  ],
};

const WebhookRef = builder.objectRef<WebhookRow>('Webhook').implement({
  extensions: notVersioned,
  description: "An endpoint told about the review's conclusion changes. Its secret is shown once, when registered.",
  fields: (t) => ({
    id: t.exposeID('id'),
    reviewId: t.exposeID('review_id'),
    url: t.exposeString('url'),
    createdBy: t.exposeString('created_by'),
    createdAt: t.exposeString('created_at'),
    removedAt: t.exposeString('removed_at', { nullable: true }),
    deliveries: t.field({
      type: [WebhookDeliveryRef],
      description: 'Deliveries, newest first.',
      args: { first: t.arg.int({ defaultValue: 50, description: 'At most this many (up to 500).' }) },
      resolve: (webhook, args, context) =>
        context.services.database.db
          .selectFrom('webhook_deliveries')
          .selectAll()
          .where('webhook_id', '=', webhook.id)
          .orderBy('created_at', 'desc')
          .orderBy('version', 'desc')
          .limit(Math.min(Math.max(args.first ?? 50, 0), 500))
          .execute(),
    }),
    deliveriesConnection: t.connection(
      {
        type: WebhookDeliveryRef,
        nullable: false,
        description: 'Deliveries as `deliveries` lists them (newest first), a page at a time.',
        resolve: (webhook, args, context) =>
          keysetConnection({
            args,
            keyset: deliveryKeyset,
            query: context.services.database.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhook.id),
            node: (delivery: WebhookDeliveryRow) => delivery,
          }),
      },
      { name: 'WebhookDeliveryConnection', description: 'A page of webhook deliveries.' },
      { name: 'WebhookDeliveryEdge' },
    ),
  }),
});

builder.objectField(ReviewRef, 'webhooks', (t) =>
  t.field({
    type: [WebhookRef],
    description: "The review's webhooks (its maintainers and administrators only; empty for anyone else).",
    resolve: async (review, _args, context) => (await webhooksOf(context.services.database, context.viewer, review.id)) ?? [],
  }),
);

builder.queryFields((t) => ({
  webhooks: t.field({
    type: [WebhookRef],
    description: "A review's webhooks, including removed ones (its maintainers and administrators only; empty for anyone else).",
    args: { reviewId: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => (await webhooksOf(context.services.database, context.viewer, args.reviewId)) ?? [],
  }),
  webhookDelivery: t.field({
    type: WebhookDeliveryRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const delivery = await context.services.database.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', args.id).executeTakeFirst();
      return delivery && canWrite(context.viewer, delivery.review_id) ? delivery : null;
    },
  }),
}));

const RegisterWebhookInput = builder.inputType('RegisterWebhookInput', {
  fields: (t) => ({
    reviewId: t.id({ required: true }),
    url: t.string({ required: true, description: 'An http:// or https:// address that accepts JSON POSTs.' }),
    secret: t.string({ description: 'The signing secret (at least 16 characters); one is generated when left out.' }),
  }),
});

const RegisterWebhookPayload = builder.objectRef<Payload<{ webhook: WebhookRow; secret: string }>>('RegisterWebhookPayload').implement({
  fields: (t) => ({
    webhook: t.field({ type: WebhookRef, nullable: true, resolve: (p) => p.value?.webhook ?? null }),
    secret: t.string({ nullable: true, description: 'The signing secret: shown here once, never again.', resolve: (p) => p.value?.secret ?? null }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

const RemoveWebhookPayload = builder.objectRef<Payload<WebhookRow>>('RemoveWebhookPayload').implement({
  fields: (t) => ({
    webhook: t.field({ type: WebhookRef, nullable: true, resolve: (p) => p.value }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

builder.mutationFields((t) => ({
  registerWebhook: t.field({
    type: RegisterWebhookPayload,
    description: "Registers an endpoint for the review's conclusion-change alerts (maintainers of the review). Not a change to the review: its version stays.",
    args: { input: t.arg({ type: RegisterWebhookInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await registerWebhook(context.services.database, context.viewer, input, context.services.webhooks?.addressPolicy ?? publicAddressesOnly)),
  }),
  removeWebhook: t.field({
    type: RemoveWebhookPayload,
    description: 'Stops deliveries to a webhook; pending ones are cancelled, the history stays. A webhook of a review you do not maintain is answered as one that does not exist.',
    args: { input: t.arg({ type: builder.inputType('RemoveWebhookInput', { fields: (f) => ({ id: f.id({ required: true }) }) }), required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await removeWebhook(context.services.database, context.viewer, input)),
  }),
}));
