// The webhooks section in words: a webhook and its latest deliveries as rows, and the register form's input. Pure.
import type { DeliveryStatus, Webhook, WebhookDelivery } from '../graphql/webhooks';
import { formatTimestamp } from '../tokens/token-rows';

export const statusNames: Record<DeliveryStatus, string> = { PENDING: 'Pending', DELIVERED: 'Delivered', FAILED: 'Failed', CANCELLED: 'Cancelled' };

export interface DeliveryRow {
  id: string;
  /** "v31". */
  version: string;
  status: DeliveryStatus;
  /** "Delivered", "Pending", ... */
  statusName: string;
  /** "1 attempt", "not tried yet". */
  attempts: string;
  /** What the last attempt got: "HTTP 200", the API's error ("HTTP 500: busy", "connect ECONNREFUSED …"), or ''. */
  result: string;
  /** When, in words: "delivered 2026-11-25 10:04 UTC", "next attempt 2026-11-25 10:05 UTC", "queued …". */
  when: string;
}

export interface WebhookRow {
  id: string;
  url: string;
  /** "Registered by Ana, 2026-11-25 10:00 UTC". */
  registered: string;
  /** When it was removed, or null while it is active. */
  removed: string | null;
  deliveries: DeliveryRow[];
  /** "No deliveries yet.", "1 delivery.", "The latest 5 of 12 deliveries." */
  deliveriesNote: string;
}

export function attemptsInWords(attempts: number): string {
  if (attempts === 0) return 'not tried yet';
  return `${attempts} attempt${attempts === 1 ? '' : 's'}`;
}

/** What the last attempt got back: the error when there was one (it carries the status code), else the status code. */
export function deliveryResult(delivery: Pick<WebhookDelivery, 'lastError' | 'lastStatusCode'>): string {
  if (delivery.lastError) return delivery.lastError;
  return delivery.lastStatusCode === null ? '' : `HTTP ${delivery.lastStatusCode}`;
}

export function deliveryWhen(delivery: Pick<WebhookDelivery, 'status' | 'deliveredAt' | 'nextAttemptAt' | 'createdAt'>): string {
  if (delivery.status === 'DELIVERED' && delivery.deliveredAt) return `delivered ${formatTimestamp(delivery.deliveredAt)}`;
  if (delivery.status === 'PENDING' && delivery.nextAttemptAt) return `next attempt ${formatTimestamp(delivery.nextAttemptAt)}`;
  return `queued ${formatTimestamp(delivery.createdAt)}`;
}

export function deliveryRow(delivery: WebhookDelivery): DeliveryRow {
  return {
    id: delivery.id,
    version: `v${delivery.version}`,
    status: delivery.status,
    statusName: statusNames[delivery.status] ?? delivery.status,
    attempts: attemptsInWords(delivery.attempts),
    result: deliveryResult(delivery),
    when: deliveryWhen(delivery),
  };
}

export function deliveriesNote(shown: number, total: number): string {
  if (total === 0) return 'No deliveries yet: one is sent when a conclusion of this review changes.';
  if (shown >= total) return total === 1 ? '1 delivery.' : `${total} deliveries, newest first.`;
  return `The latest ${shown} of ${total} deliveries, newest first.`;
}

/** Active webhooks first, then removed ones; newest first within each (a webhook just registered is on top). */
export function webhookRows(webhooks: readonly Webhook[]): WebhookRow[] {
  return [...webhooks]
    .sort((a, b) => Number(a.removedAt !== null) - Number(b.removedAt !== null) || b.createdAt.localeCompare(a.createdAt))
    .map((webhook) => {
      const deliveries = webhook.deliveriesConnection.edges.map((edge) => deliveryRow(edge.node));
      return {
        id: webhook.id,
        url: webhook.url,
        registered: `Registered by ${webhook.createdBy}, ${formatTimestamp(webhook.createdAt)}`,
        removed: webhook.removedAt === null ? null : formatTimestamp(webhook.removedAt),
        deliveries,
        deliveriesNote: deliveriesNote(deliveries.length, webhook.deliveriesConnection.totalCount),
      };
    });
}

export interface WebhookFormValues {
  url: string;
  /** '' to have the API generate one. */
  secret: string;
}

/** RegisterWebhookInput: the URL trimmed; the secret only when one was typed (as typed: spaces may be part of it). */
export function registerWebhookInput(reviewId: string, values: WebhookFormValues): { reviewId: string; url: string; secret?: string } {
  const input: { reviewId: string; url: string; secret?: string } = { reviewId, url: values.url.trim() };
  if (values.secret.trim() !== '') input.secret = values.secret;
  return input;
}
