// Webhooks in Chromium against the real API, with a receiver on 127.0.0.1 (the API runs with private addresses
// allowed for it): an administrator registers the receiver's URL on the magnesium review and sees the signing
// secret once, with a copy button and how to check the signature; the API's refusals show next to their fields.
// A write that makes a fresh outcome significant sends one signed POST, seen after Refresh as delivered (HTTP
// 200). Removing the webhook, after a confirmation, marks it removed and keeps its history. At 390 px too; and an
// API that allows public addresses only refuses a private one, in its words, next to the URL.
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuiteSkipReason, demoReview, startApi, type DemoReview, type RunningApi } from './api-server';
import { artifacts, desktop, launchChromium, openPage, openSection, phone, type WatchedPage } from './browser';

const skipReason = browserSuiteSkipReason();

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver that records every request and answers 200. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/cumulus-hook`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const horizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe.skipIf(skipReason !== null)('webhooks in Chromium', { timeout: 90_000 }, () => {
  let api: RunningApi;
  let browser: Browser;
  let admin: BrowserContext;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let magnesium: DemoReview;
  /** A fresh outcome of the review, not significant with its one study; the second study's numbers will make it so. */
  let outcomeId = '';
  let secondStudyId = '';
  let secret = '';
  let page: WatchedPage;

  const webhooksOfReview = async () =>
    (
      await api.graphql<{ webhooks: { id: string; url: string; removedAt: string | null; deliveries: { status: string; version: number }[] }[] }>(
        'query($id: ID!) { webhooks(reviewId: $id) { id url removedAt deliveries { status version } } }',
        { id: magnesium.reviewId },
      )
    ).webhooks;

  /** Signed in as the administrator, on the review page, with the Webhooks section open. */
  async function webhooksSection(target: BrowserContext, viewport?: { width: number; height: number }) {
    const opened = await openPage(target, `${api.url}/`, viewport);
    await opened.evaluate((token) => localStorage.setItem('cumulus.token', token), api.adminToken);
    await opened.goto(`${api.url}/reviews/${magnesium.reviewId}`);
    await opened.locator('h1', { hasText: magnesium.title }).waitFor();
    await opened.locator('[data-test=review-maintenance]').waitFor();
    const section = await openSection(opened, 'Webhooks');
    await section.locator('[data-test=register-webhook]').waitFor();
    return { page: opened, section };
  }

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    receiver = await startReceiver();
    api = await startApi({ allowPrivateWebhooks: true });
    browser = await launchChromium();
    magnesium = await demoReview(api, 'Intravenous magnesium');
    admin = await browser.newContext({ viewport: desktop });
    await admin.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: api.url });

    const { addOutcome } = await api.graphql<{ addOutcome: { outcome: { id: string } | null; errors: { message: string }[] } }>(
      'mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { outcome { id } errors { message } } }',
      { input: { reviewId: magnesium.reviewId, name: 'Ventricular arrhythmia (webhook test)', measure: 'OR', model: 'FIXED' } },
    );
    expect(addOutcome.errors).toEqual([]);
    outcomeId = addOutcome.outcome!.id;
    const { review } = await api.graphql<{ review: { studies: { id: string; retracted: boolean }[] } }>('query($id: ID!) { review(id: $id) { studies { id retracted } } }', {
      id: magnesium.reviewId,
    });
    const [first, second] = review.studies.filter((study) => !study.retracted);
    secondStudyId = second.id;
    // OR 0.81 [0.33, 1.98]: not significant, so no conclusion changes (and nothing is sent) yet.
    const { recordStudyData } = await api.graphql<{ recordStudyData: { errors: { message: string }[] } }>(
      'mutation($input: RecordStudyDataInput!) { recordStudyData(input: $input) { errors { message } } }',
      { input: { outcomeId, studyId: first.id, events1: 10, n1: 100, events2: 12, n2: 100 } },
    );
    expect(recordStudyData.errors).toEqual([]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    await receiver?.close();
  });

  it('is a maintainer section only: an anonymous reader has no Webhooks section', async () => {
    const context = await browser.newContext({ viewport: desktop });
    const reader = await openPage(context, `${api.url}/reviews/${magnesium.reviewId}`);
    await reader.locator('h1', { hasText: magnesium.title }).waitFor();
    expect(await reader.locator('details.maintain', { hasText: 'Webhooks' }).count()).toBe(0);
    expect(reader.problems).toEqual([]);
    await context.close();
  });

  it("shows the API's refusals next to their fields, then registers the receiver and shows its secret once, with a copy button", async () => {
    ({ page } = await webhooksSection(admin));
    const form = page.locator('[data-test=register-webhook]');
    expect(await page.locator('[data-test=no-webhooks]').textContent()).toBe('No webhooks yet.');

    // Not an http(s) address: the API's message next to the URL field; nothing registered.
    await form.getByLabel('URL').fill('ftp://example.org/hook');
    await form.getByRole('button', { name: 'Register webhook' }).click();
    await form.locator('[data-test=error-url]').waitFor();
    expect(await form.locator('[data-test=error-url]').textContent()).toBe('url must be an absolute http:// or https:// address');
    expect(await form.getByLabel('URL').getAttribute('aria-invalid')).toBe('true');
    // A secret too short: next to the secret field.
    await form.getByLabel('URL').fill(receiver.url);
    await form.getByLabel('Signing secret (optional)').fill('too-short');
    await form.getByRole('button', { name: 'Register webhook' }).click();
    await form.locator('[data-test=error-secret]').waitFor();
    expect(await form.locator('[data-test=error-secret]').textContent()).toBe('secret must be at least 16 characters (or leave it out to have one generated)');
    expect(await form.locator('[data-test=error-url]').count()).toBe(0);
    expect(await page.locator('[data-test=new-webhook-secret]').count()).toBe(0);
    expect(await webhooksOfReview()).toEqual([]);

    // No secret: the API generates one, shown here once.
    await form.getByLabel('Signing secret (optional)').fill('');
    await form.getByRole('button', { name: 'Register webhook' }).click();
    const shown = page.locator('[data-test=new-webhook-secret]');
    await shown.waitFor();
    secret = await shown.locator('[data-test=secret]').inputValue();
    expect(secret).toMatch(/^whsec_\S{20,}$/);
    expect(await shown.locator('[data-test=new-webhook-url]').textContent()).toBe(receiver.url);
    expect(await shown.locator('[data-test=secret-warning]').textContent()).toContain('Store the signing secret now; it will not be shown again.');
    const note = (await shown.locator('[data-test=signature-note]').textContent())!.replace(/\s+/g, ' ');
    expect(note).toContain('Cumulus-Signature: sha256= and the hex HMAC-SHA256, with this secret, of <Cumulus-Timestamp>.<body>');
    expect(note).toContain('Cumulus-Timestamp: Unix seconds');
    expect(await shown.locator('a').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Webhook registered');
    await shown.getByRole('button', { name: 'Copy secret' }).click();
    await expect.poll(() => shown.locator('[data-test=copy-message]').textContent()).toBe('Copied to the clipboard.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    // The form is ready for the next one.
    expect(await form.getByLabel('URL').inputValue()).toBe('');

    // The list is refreshed: the new webhook, active, with no deliveries yet.
    const row = page.locator('[data-test=webhook-row]', { hasText: receiver.url });
    await row.waitFor();
    expect(await row.locator('[data-test=webhook-status]').textContent()).toBe('Active');
    expect(await row.textContent()).toMatch(/Registered by .+, \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);
    expect(await row.locator('[data-test=deliveries-note]').textContent()).toBe('No deliveries yet: one is sent when a conclusion of this review changes.');
    await page.locator('[data-test=webhooks-details]').screenshot({ path: `${artifacts}webhooks-registered-1400.png` });

    // Once: dismissed, and after a reload, the secret is nowhere on the page.
    await shown.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page.locator('[data-test=new-webhook-secret]').count()).toBe(0);
    await page.reload();
    const section = await openSection(page, 'Webhooks');
    await section.locator('[data-test=webhook-row]').first().waitFor();
    expect(await page.content()).not.toContain(secret);
    expect((await webhooksOfReview()).map((webhook) => webhook.url)).toEqual([receiver.url]);
    expect(page.problems).toEqual([]);
  });

  it('a conclusion change sends one signed POST, shown after Refresh as delivered with HTTP 200', async () => {
    expect(receiver.received).toEqual([]);
    // The second study makes the fixed-effect OR significant: a conclusion change, so one delivery.
    const { recordStudyData } = await api.graphql<{ recordStudyData: { outcome: { version: number }; errors: { message: string }[] } }>(
      'mutation($input: RecordStudyDataInput!) { recordStudyData(input: $input) { outcome { version } errors { message } } }',
      { input: { outcomeId, studyId: secondStudyId, events1: 5, n1: 200, events2: 40, n2: 200 } },
    );
    expect(recordStudyData.errors).toEqual([]);
    const version = recordStudyData.outcome.version;

    const row = page.locator('[data-test=webhook-row]', { hasText: receiver.url });
    const status = row.locator('[data-test=delivery-status]');
    await expect
      .poll(
        async () => {
          await page.locator('[data-test=refresh-webhooks]:not([disabled])').click();
          await page.locator('[data-test=refresh-webhooks]:not([disabled])').waitFor();
          return (await status.count()) > 0 ? status.first().textContent() : null;
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe('Delivered');
    const delivery = row.locator('[data-test=delivery-row]');
    expect(await delivery.count()).toBe(1);
    expect(await delivery.locator('th').textContent()).toBe(`v${version}`);
    expect(await delivery.locator('[data-test=delivery-attempts]').textContent()).toBe('1 attempt');
    expect(await delivery.locator('[data-test=delivery-result]').textContent()).toBe('HTTP 200');
    expect(await delivery.locator('[data-test=delivery-when]').textContent()).toMatch(/^delivered \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(await row.locator('[data-test=deliveries-note]').textContent()).toBe('1 delivery.');

    // The receiver got exactly one POST, signed with the secret shown once: sha256=HMAC("<timestamp>.<body>").
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    const timestamp = String(request.headers['cumulus-timestamp']);
    expect(timestamp).toMatch(/^\d+$/);
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(300);
    const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`, 'utf8').digest('hex')}`;
    expect(request.headers['cumulus-signature']).toBe(expected);
    expect(request.headers['cumulus-event']).toBe('conclusion.changed');
    expect(request.headers['content-type']).toBe('application/json');
    const body = JSON.parse(request.body) as { reviewId: string; version: number; changes: { kind: string; outcomeName: string }[]; deliveryId: string };
    expect(request.headers['cumulus-delivery']).toBe(body.deliveryId);
    expect(body.reviewId).toBe(magnesium.reviewId);
    expect(body.version).toBe(version);
    // One delivery for the version, with every change it made (the GRADE certainty may change with it).
    expect(body.changes.map((change) => change.kind)).toContain('significance-gained');
    expect(new Set(body.changes.map((change) => change.outcomeName))).toEqual(new Set(['Ventricular arrhythmia (webhook test)']));
    await page.locator('[data-test=webhooks-details]').screenshot({ path: `${artifacts}webhooks-delivered-1400.png` });
    expect(page.problems).toEqual([]);
  });

  it('removes the webhook after a confirmation: marked removed, its history kept', async () => {
    const row = page.locator('[data-test=webhook-row]', { hasText: receiver.url });
    const remove = row.getByRole('button', { name: `Remove the webhook to ${receiver.url}` });
    await remove.click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    expect(await dialog.locator('h2').textContent()).toBe(`Remove the webhook to ${receiver.url}?`);
    expect(await dialog.textContent()).toContain('pending deliveries are cancelled; its history stays');
    await page.screenshot({ path: `${artifacts}webhooks-remove-confirm-1400.png` });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.locator('dialog[open]').count()).toBe(0);
    expect((await webhooksOfReview())[0].removedAt).toBeNull();

    await remove.click();
    await page.locator('dialog[open]').getByRole('button', { name: 'Remove webhook' }).click();
    const saved = page.locator('[data-test=webhooks] [data-test=form-saved]');
    await saved.waitFor();
    expect(await saved.textContent()).toBe(`Removed the webhook to ${receiver.url}: any pending deliveries were cancelled; its history stays.`);
    await expect.poll(() => row.locator('[data-test=webhook-status]').textContent()).toMatch(/^Removed \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(await row.getByRole('button', { name: /^Remove the webhook/ }).count()).toBe(0);
    // The history stays.
    expect(await row.locator('[data-test=delivery-status]').allTextContents()).toEqual(['Delivered']);
    const [stored] = await webhooksOfReview();
    expect(stored.removedAt).not.toBeNull();
    expect(stored.deliveries.map((d) => d.status)).toEqual(['DELIVERED']);
    await page.locator('[data-test=webhooks-details]').screenshot({ path: `${artifacts}webhooks-removed-1400.png` });
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('works at 390 px: registering with a chosen secret, the list and the confirmation', async () => {
    const context = await browser.newContext({ viewport: phone });
    const { page: small, section } = await webhooksSection(context, phone);
    const chosen = 'a-secret-of-my-own-0123456789';
    await section.getByLabel('URL').fill(`${receiver.url}?phone=1`);
    await section.getByLabel('Signing secret (optional)').fill(chosen);
    await section.getByRole('button', { name: 'Register webhook' }).click();
    const shown = small.locator('[data-test=new-webhook-secret]');
    await shown.waitFor();
    expect(await shown.locator('[data-test=secret]').inputValue()).toBe(chosen);
    await section.locator('[data-test=webhook-row]', { hasText: '?phone=1' }).waitFor();
    await expect.poll(() => section.locator('[data-test=webhook-row]').count()).toBe(2);
    expect(await horizontalOverflow(small)).toBeLessThanOrEqual(0);
    await section.screenshot({ path: `${artifacts}webhooks-390.png` });

    await section.getByRole('button', { name: `Remove the webhook to ${receiver.url}?phone=1` }).click();
    const dialog = small.locator('dialog[open]');
    await dialog.waitFor();
    const box = await dialog.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(phone.width);
    await small.screenshot({ path: `${artifacts}webhooks-remove-confirm-390.png` });
    await small.keyboard.press('Escape');
    expect(small.problems).toEqual([]);
    await context.close();
  });

  it('an API that allows public addresses only refuses a private one, with its message next to the URL', async () => {
    const publicOnly = await startApi();
    const context = await browser.newContext({ viewport: desktop });
    try {
      const review = await demoReview(publicOnly, 'Intravenous magnesium');
      const opened = await openPage(context, `${publicOnly.url}/`);
      await opened.evaluate((token) => localStorage.setItem('cumulus.token', token), publicOnly.adminToken);
      await opened.goto(`${publicOnly.url}/reviews/${review.reviewId}`);
      await opened.locator('[data-test=review-maintenance]').waitFor();
      const section = await openSection(opened, 'Webhooks');
      await section.getByLabel('URL').fill('http://10.0.0.1/hook');
      await section.getByRole('button', { name: 'Register webhook' }).click();
      const error = section.locator('[data-test=error-url]');
      await error.waitFor();
      expect(await error.textContent()).toBe('url points to a private address (10.0.0.1); webhooks can only be sent to public internet addresses');
      expect(await opened.locator('[data-test=new-webhook-secret]').count()).toBe(0);
      await section.screenshot({ path: `${artifacts}webhooks-private-refused-1400.png` });
      expect(opened.problems).toEqual([]);
    } finally {
      await context.close();
      await publicOnly.stop();
    }
  });
});
