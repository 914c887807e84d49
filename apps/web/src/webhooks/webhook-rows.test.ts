import { describe, expect, it } from 'vitest';
import type { Webhook, WebhookDelivery } from '../graphql/webhooks';
import { deliveriesNote, deliveryRow, registerWebhookInput, webhookRows } from './webhook-rows';

const delivery = (extra: Partial<WebhookDelivery>): WebhookDelivery => ({
  id: 'd',
  event: 'conclusion.changed',
  version: 31,
  status: 'PENDING',
  attempts: 0,
  lastError: null,
  lastStatusCode: null,
  nextAttemptAt: null,
  deliveredAt: null,
  createdAt: '2026-11-25T10:00:00.000Z',
  ...extra,
});

const webhook = (extra: Partial<Webhook>, deliveries: WebhookDelivery[] = [], totalCount = deliveries.length): Webhook => ({
  id: 'w',
  url: 'https://example.org/hook',
  createdBy: 'Ana',
  createdAt: '2026-11-24T09:30:00.000Z',
  removedAt: null,
  deliveriesConnection: { totalCount, edges: deliveries.map((node) => ({ node })) },
  ...extra,
});

const words = (d: WebhookDelivery) => {
  const row = deliveryRow(d);
  return [row.version, row.statusName, row.attempts, row.result, row.when];
};

describe('a delivery in words', () => {
  it('says how it went, how many attempts it took, what the receiver answered and when', () => {
    expect(words(delivery({ status: 'DELIVERED', attempts: 1, lastStatusCode: 200, deliveredAt: '2026-11-25T10:00:02.000Z' }))).toEqual([
      'v31',
      'Delivered',
      '1 attempt',
      'HTTP 200',
      'delivered 2026-11-25 10:00 UTC',
    ]);
    expect(words(delivery({ nextAttemptAt: '2026-11-25T10:00:00.000Z' }))).toEqual(['v31', 'Pending', 'not tried yet', '', 'next attempt 2026-11-25 10:00 UTC']);
    // The API's error already names the status code; it is shown as it is.
    expect(words(delivery({ attempts: 2, lastError: 'HTTP 503: busy', lastStatusCode: 503, nextAttemptAt: '2026-11-25T10:00:06.000Z' }))).toEqual([
      'v31',
      'Pending',
      '2 attempts',
      'HTTP 503: busy',
      'next attempt 2026-11-25 10:00 UTC',
    ]);
    expect(words(delivery({ status: 'FAILED', attempts: 5, lastError: 'connect ECONNREFUSED 203.0.113.9:443' }))).toEqual([
      'v31',
      'Failed',
      '5 attempts',
      'connect ECONNREFUSED 203.0.113.9:443',
      'queued 2026-11-25 10:00 UTC',
    ]);
    expect(words(delivery({ status: 'CANCELLED', lastError: 'the webhook was removed' }))).toEqual(['v31', 'Cancelled', 'not tried yet', 'the webhook was removed', 'queued 2026-11-25 10:00 UTC']);
    // A pending delivery without a due time (not expected from the API) still says when it was queued.
    expect(deliveryRow(delivery({})).when).toBe('queued 2026-11-25 10:00 UTC');
  });

  it('says how many deliveries there are and how many are shown', () => {
    expect(deliveriesNote(0, 0)).toBe('No deliveries yet: one is sent when a conclusion of this review changes.');
    expect(deliveriesNote(1, 1)).toBe('1 delivery.');
    expect(deliveriesNote(3, 3)).toBe('3 deliveries, newest first.');
    expect(deliveriesNote(5, 12)).toBe('The latest 5 of 12 deliveries, newest first.');
  });
});

describe('webhook rows', () => {
  it('lists active webhooks first, newest first, then removed ones, with their deliveries', () => {
    const rows = webhookRows([
      webhook({ id: 'old', createdAt: '2026-11-01T00:00:00.000Z' }),
      webhook({ id: 'gone', createdAt: '2026-11-20T00:00:00.000Z', removedAt: '2026-11-21T08:15:00.000Z' }, [delivery({ status: 'CANCELLED' })], 7),
      webhook({ id: 'new', createdBy: 'Ben', createdAt: '2026-11-24T09:30:59.000Z' }, [delivery({ status: 'DELIVERED', attempts: 1, lastStatusCode: 204 })]),
    ]);
    expect(rows.map((row) => [row.id, row.registered, row.removed, row.deliveriesNote])).toEqual([
      ['new', 'Registered by Ben, 2026-11-24 09:30 UTC', null, '1 delivery.'],
      ['old', 'Registered by Ana, 2026-11-01 00:00 UTC', null, 'No deliveries yet: one is sent when a conclusion of this review changes.'],
      ['gone', 'Registered by Ana, 2026-11-20 00:00 UTC', '2026-11-21 08:15 UTC', 'The latest 1 of 7 deliveries, newest first.'],
    ]);
    expect(rows[0].deliveries.map((row) => row.result)).toEqual(['HTTP 204']);
  });
});

describe('the register form', () => {
  it('trims the URL and sends a secret only when one was typed', () => {
    expect(registerWebhookInput('r1', { url: '  https://example.org/hook ', secret: '' })).toEqual({ reviewId: 'r1', url: 'https://example.org/hook' });
    expect(registerWebhookInput('r1', { url: 'https://example.org/hook', secret: '   ' })).toEqual({ reviewId: 'r1', url: 'https://example.org/hook' });
    // A secret is sent as typed; too short is for the API to refuse, next to the field, in its words.
    expect(registerWebhookInput('r1', { url: 'https://example.org/hook', secret: ' short ' })).toEqual({ reviewId: 'r1', url: 'https://example.org/hook', secret: ' short ' });
  });
});
