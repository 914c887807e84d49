/* eslint-disable @typescript-eslint/no-explicit-any -- tests read GraphQL results by path */
// Webhooks for conclusion-change alerts, against real local HTTP receivers: registration is for maintainers
// of the review, deliveries are signed and verifiable, a failing receiver is retried with growing delays and
// recorded, a slow receiver does not slow the write, and removal cancels what is pending.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../src/webhooks/signature.js';
import { dataOf, dialects, mutations, reviewWithOutcome, testApp, testDatabase, waitUntil, type DialectName, type TestApp } from './helpers.js';
import { startReceiver, type Receiver } from './receiver.js';

const register = `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { webhook { id url createdBy } secret errors { field message } } }`;
const remove = `mutation($id: ID!) { removeWebhook(input: { id: $id }) { webhook { id removedAt } errors { field message } } }`;
const deliveriesOf = `query($reviewId: ID!) { webhooks(reviewId: $reviewId) { id url removedAt deliveries { id status attempts lastError lastStatusCode version event deliveredAt payload } } }`;

const receivers: Receiver[] = [];
async function receiver(respond?: Parameters<typeof startReceiver>[0]) {
  const started = await startReceiver(respond);
  receivers.push(started);
  return started;
}

describe.each(await dialects('webhooks'))('webhooks on %s', (dialect: DialectName) => {
  let app: TestApp;
  let dispose: () => Promise<void>;
  let counter = 0;

  beforeAll(async () => {
    const test = await testDatabase(dialect);
    dispose = test.dispose;
    // The receivers listen on 127.0.0.1: allowed here as with CUMULUS_WEBHOOK_ALLOW_PRIVATE=1 (webhook-addresses.test.ts checks the refusals).
    app = testApp(test.database, { webhooks: { allowPrivateAddresses: true } });
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all(receivers.map((r) => r.close()));
    await dispose?.();
  });

  /** A review whose next data write makes its outcome significant: one alert. */
  async function reviewAboutToChange() {
    const { reviewId, outcomeId } = await reviewWithOutcome(app, { name: 'Deaths', measure: 'OR', model: 'FIXED' });
    const study = dataOf(await app.gql(mutations.addStudy, { input: { reviewId, label: `Trial ${++counter}`, year: 2001 } })).addStudy.study;
    const significant = { events1: 5, n1: 100, events2: 30, n2: 100 };
    return {
      reviewId,
      outcomeId,
      write: () => app.gql(mutations.recordStudyData, { input: { outcomeId, studyId: study.id, ...significant } }),
    };
  }

  const deliveries = async (reviewId: string) => dataOf(await app.gql(deliveriesOf, { reviewId })).webhooks as any[];

  it('lets maintainers of the review register, list and remove webhooks, and nobody else', async () => {
    const { reviewId } = await reviewAboutToChange();
    const other = await reviewWithOutcome(app);
    const create = `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret errors { message } } }`;
    const maintainer = dataOf(await app.gql(create, { input: { name: 'maintainer', role: 'MAINTAINER', reviewId } })).createApiToken.secret;
    const outsider = dataOf(await app.gql(create, { input: { name: 'outsider', role: 'MAINTAINER', reviewId: other.reviewId } })).createApiToken.secret;
    const reader = dataOf(await app.gql(create, { input: { name: 'reader', role: 'READER' } })).createApiToken.secret;

    const input = { reviewId, url: 'https://example.org/cumulus' };
    expect(dataOf(await app.gql(register, { input }, null)).registerWebhook).toMatchObject({ webhook: null, errors: [{ message: expect.stringMatching(/needs a token/) }] });
    expect(dataOf(await app.gql(register, { input }, reader)).registerWebhook.errors[0].message).toMatch(/can only read/);
    expect(dataOf(await app.gql(register, { input }, outsider)).registerWebhook.errors[0].message).toMatch(/outside the review/);
    expect(dataOf(await app.gql(register, { input: { reviewId, url: 'ftp://example.org/x' } }, maintainer)).registerWebhook.errors).toEqual([
      { field: ['input', 'url'], message: 'url must be an absolute http:// or https:// address' },
    ]);

    const registered = dataOf(await app.gql(register, { input }, maintainer)).registerWebhook;
    expect(registered.errors).toEqual([]);
    expect(registered.webhook).toMatchObject({ url: 'https://example.org/cumulus', createdBy: 'maintainer' });
    expect(registered.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    // Registering is not a change to the review: its version stays.
    expect(dataOf(await app.gql(`query($id: ID!) { review(id: $id) { version } }`, { id: reviewId })).review.version).toBe(3);

    expect(await deliveries(reviewId)).toHaveLength(1);
    expect(dataOf(await app.gql(deliveriesOf, { reviewId }, null)).webhooks).toEqual([]);
    expect(dataOf(await app.gql(deliveriesOf, { reviewId }, outsider)).webhooks).toEqual([]);
    // Another review's webhook looks exactly like one that does not exist, to a maintainer, a reader and to nobody.
    const notYours = (id: string) => ({ webhook: null, errors: [{ field: ['input', 'id'], message: `there is no webhook with id '${id}' in the reviews you maintain` }] });
    expect(dataOf(await app.gql(remove, { id: registered.webhook.id }, outsider)).removeWebhook).toEqual(notYours(registered.webhook.id));
    expect(dataOf(await app.gql(remove, { id: 'no-such-webhook' }, outsider)).removeWebhook).toEqual(notYours('no-such-webhook'));
    expect(dataOf(await app.gql(remove, { id: registered.webhook.id }, reader)).removeWebhook).toEqual(notYours(registered.webhook.id));
    for (const id of [registered.webhook.id, 'no-such-webhook']) {
      expect(dataOf(await app.gql(remove, { id }, null)).removeWebhook.errors).toEqual([{ field: [], message: 'removing a webhook needs a token: send "Authorization: Bearer <token>"' }]);
    }
    const removed = dataOf(await app.gql(remove, { id: registered.webhook.id }, maintainer)).removeWebhook;
    expect(removed.errors).toEqual([]);
    expect(removed.webhook.removedAt).toBeTruthy();
    expect(dataOf(await app.gql(remove, { id: registered.webhook.id }, maintainer)).removeWebhook.errors[0].message).toMatch(/already removed/);
  });

  it('signs each delivery with HMAC-SHA256 over the timestamp and body, which a receiver can verify and a replay cannot reuse', async () => {
    const hook = await receiver();
    const { reviewId, write } = await reviewAboutToChange();
    const { secret } = dataOf(await app.gql(register, { input: { reviewId, url: hook.url } })).registerWebhook;
    dataOf(await write());
    const [request] = await hook.waitFor(1);
    const timestamp = request.headers['cumulus-timestamp'] as string;
    const signature = request.headers['cumulus-signature'] as string;
    expect(signature).toBe(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`);
    expect(verifyWebhookSignature({ secret, body: request.body, timestamp, signature })).toBe(true);
    // Tampered body, another secret, or the same delivery replayed an hour later: refused.
    expect(verifyWebhookSignature({ secret, body: request.body.replace('significant', 'insignificant'), timestamp, signature })).toBe(false);
    expect(verifyWebhookSignature({ secret: `${secret}x`, body: request.body, timestamp, signature })).toBe(false);
    expect(verifyWebhookSignature({ secret, body: request.body, timestamp, signature, nowSeconds: Number(timestamp) + 3600 })).toBe(false);
    const body = JSON.parse(request.body);
    expect(body).toMatchObject({ event: 'conclusion.changed', reviewId, version: 4, action: 'recordStudyData', changes: [{ kind: 'significance-gained', outcomeName: 'Deaths' }] });

    const [webhook] = await waitUntil(() => deliveries(reviewId), (hooks) => hooks[0].deliveries[0]?.status === 'DELIVERED');
    expect(webhook.deliveries[0]).toMatchObject({ status: 'DELIVERED', attempts: 1, lastStatusCode: 200, lastError: null, version: 4, event: 'conclusion.changed' });
    expect(webhook.deliveries[0].payload).toEqual(body);
  });

  it('retries a failing receiver five times with growing delays, then records the failure and its last error', async () => {
    const hook = await receiver(() => 500);
    const { reviewId, write } = await reviewAboutToChange();
    dataOf(await app.gql(register, { input: { reviewId, url: hook.url } }));
    dataOf(await write());
    const requests = await hook.waitFor(5);
    const [webhook] = await waitUntil(() => deliveries(reviewId), (hooks) => hooks[0].deliveries[0]?.status === 'FAILED');
    expect(webhook.deliveries[0]).toMatchObject({ status: 'FAILED', attempts: 5, lastStatusCode: 500, lastError: 'HTTP 500: receiver says 500', deliveredAt: null });
    // Every attempt carries the same delivery id and body; the waits double (40, 80, 160, 320 ms in tests).
    expect(new Set(requests.map((r) => r.headers['cumulus-delivery'])).size).toBe(1);
    expect(new Set(requests.map((r) => r.body)).size).toBe(1);
    const gaps = requests.slice(1).map((r, i) => r.receivedAt - requests[i].receivedAt);
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(40 * 2 ** i - 5));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(hook.received).toHaveLength(5);
  });

  it('delivers on a later attempt once the receiver recovers, and records an unreachable one with the reason', async () => {
    const flaky = await receiver((_request, index) => (index < 2 ? 503 : 204));
    const gone = await receiver();
    const goneUrl = gone.url;
    await gone.close();
    const { reviewId, write } = await reviewAboutToChange();
    dataOf(await app.gql(register, { input: { reviewId, url: flaky.url, secret: 'a-secret-of-sixteen-or-more' } }));
    dataOf(await app.gql(register, { input: { reviewId, url: goneUrl } }));
    dataOf(await write());
    const hooks = await waitUntil(
      () => deliveries(reviewId),
      (all) => all.every((h: any) => ['DELIVERED', 'FAILED'].includes(h.deliveries[0]?.status)),
    );
    const byUrl = new Map(hooks.map((h: any) => [h.url, h.deliveries[0]]));
    expect(byUrl.get(flaky.url)).toMatchObject({ status: 'DELIVERED', attempts: 3, lastStatusCode: 204, lastError: null });
    expect(byUrl.get(goneUrl)).toMatchObject({ status: 'FAILED', attempts: 5, lastStatusCode: null, lastError: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('does not make the write wait for the receiver', async () => {
    let answered = 0;
    const slow = await receiver(async () => {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      answered = Date.now();
      return 200;
    });
    const { reviewId, write } = await reviewAboutToChange();
    dataOf(await app.gql(register, { input: { reviewId, url: slow.url } }));
    const result = dataOf(await write()).recordStudyData;
    const written = Date.now();
    expect(result.errors).toEqual([]);
    // The write has committed and returned while the receiver still holds the delivery.
    expect(answered).toBe(0);
    const [request] = await slow.waitFor(1);
    expect(written).toBeLessThan(request.receivedAt + 3000);
    const [pending] = await deliveries(reviewId);
    expect(pending.deliveries[0]).toMatchObject({ status: 'PENDING', attempts: 0 });
    await waitUntil(() => deliveries(reviewId), (hooks) => hooks[0].deliveries[0].status === 'DELIVERED');
    expect(answered).toBeGreaterThan(written);
  });

  it('cancels what is pending when a webhook is removed, and sends it nothing more', async () => {
    const hook = await receiver(() => 500);
    const { reviewId, write } = await reviewAboutToChange();
    const { webhook } = dataOf(await app.gql(register, { input: { reviewId, url: hook.url } })).registerWebhook;
    dataOf(await write());
    await hook.waitFor(1);
    dataOf(await app.gql(remove, { id: webhook.id }));
    const [removed] = await waitUntil(() => deliveries(reviewId), (hooks) => hooks[0].deliveries[0].status === 'CANCELLED');
    expect(removed.deliveries[0].lastError).toBe('the webhook was removed');
    const seen = hook.received.length;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(hook.received.length).toBe(seen);
    expect(seen).toBeLessThan(5);
  });
});
