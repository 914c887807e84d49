// Administrators and maintainers in Chromium against the real API: an administrator creates a maintainer token
// and sees its secret once; the maintainer signs in with it in another browser context, edits the review (a
// reader sees the new title live) but is told the token page needs an administrator; revoking the token makes the
// maintainer's next write fail with the API's message. A study's numbers removed from an outcome (after a
// confirmation) drop k by one; the data-entry form fills in the stored numbers and refills on a change of study
// or outcome. Everything at 390 px too.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuiteSkipReason, demoReview, startApi, type DemoReview, type RunningApi } from './api-server';
import { artifacts, desktop, launchChromium, openPage, openSection, phone, type WatchedPage } from './browser';

const skipReason = browserSuiteSkipReason();

interface StoredNumbers {
  study: { label: string };
  events1: number | null;
  n1: number | null;
  events2: number | null;
  n2: number | null;
  subgroup: string | null;
  recordedInVersion: number;
}

const maintainerName = 'Grace (BCG maintainer)';
const newTitle = 'BCG vaccination against tuberculosis: a living review';

describe.skipIf(skipReason !== null)('administrators and maintainers in Chromium', { timeout: 90_000 }, () => {
  let api: RunningApi;
  let browser: Browser;
  let admin: BrowserContext;
  let maintainer: BrowserContext;
  let bcg: DemoReview;
  let secret = '';
  /** The maintainer's review page, kept open across the tests (its token gets revoked under it). */
  let maintainerPage: WatchedPage;

  const reviewVersion = async () => (await api.graphql<{ review: { version: number } }>('query($id: ID!) { review(id: $id) { version } }', { id: bcg.reviewId })).review.version;
  const storedNumbers = async (outcomeId: string) =>
    (
      await api.graphql<{ outcome: { studyData: StoredNumbers[] } }>(
        'query($id: ID!) { outcome(id: $id) { studyData { study { label } events1 n1 events2 n2 subgroup recordedInVersion } } }',
        { id: outcomeId },
      )
    ).outcome.studyData;

  async function signIn(context: BrowserContext, token: string): Promise<WatchedPage> {
    const page = await openPage(context, `${api.url}/`);
    await page.locator('[data-test=sign-in-link]').click();
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Use the token' }).click();
    await page.waitForURL(`${api.url}/`);
    await page.locator('[data-test=session-name]').waitFor();
    return page;
  }


  const horizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    api = await startApi();
    browser = await launchChromium();
    bcg = await demoReview(api, 'BCG');
    admin = await browser.newContext({ viewport: desktop });
    await admin.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: api.url });
    maintainer = await browser.newContext({ viewport: desktop });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('an administrator creates a maintainer token and sees its secret once, with a copy button', async () => {
    const page = await signIn(admin, api.adminToken);
    await page.locator('[data-test=tokens-link]').click();
    await page.waitForURL(`${api.url}/tokens`);
    await page.locator('h1', { hasText: 'API tokens' }).waitFor();
    const form = page.locator('[data-test=create-token]');
    await form.waitFor();

    // A maintainer token without a review: the API's message, next to the review field; nothing created.
    await form.getByLabel('Name').fill(maintainerName);
    await form.getByLabel('Role').selectOption('MAINTAINER');
    await form.getByRole('button', { name: 'Create token' }).click();
    expect(await form.locator('[data-test=error-reviewId]').textContent()).toBe('a maintainer token needs the reviewId of the review it maintains');
    expect(await form.getByLabel('Review').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('[data-test=new-token-secret]').count()).toBe(0);

    await form.getByLabel('Review').selectOption({ label: bcg.title });
    await form.getByRole('button', { name: 'Create token' }).click();
    const shown = page.locator('[data-test=new-token-secret]');
    await shown.waitFor();
    secret = await shown.locator('[data-test=secret]').inputValue();
    expect(secret).toMatch(/^cml_\S{20,}$/);
    expect(await shown.locator('[data-test=secret-warning]').textContent()).toContain('Store it now; it will not be shown again.');
    expect(await shown.locator('h2').textContent()).toBe(`Token ‘${maintainerName}’ created`);
    // The news has the focus, for keyboards and screen readers.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(`Token ‘${maintainerName}’ created`);

    await shown.getByRole('button', { name: 'Copy secret' }).click();
    await expect.poll(() => shown.locator('[data-test=copy-message]').textContent()).toBe('Copied to the clipboard.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

    const row = page.locator('[data-test=token-row]', { hasText: maintainerName });
    await row.waitFor();
    const rowText = await row.textContent();
    expect(rowText).toContain('Maintainer');
    expect(rowText).toContain(bcg.title);
    expect(await row.locator('[data-test=token-status]').textContent()).toBe('Active');
    // The form is ready for the next one.
    expect(await form.getByLabel('Name').inputValue()).toBe('');
    await page.screenshot({ path: `${artifacts}tokens-created-1400.png`, fullPage: true });

    // Once: dismissed, and after a reload, the secret is nowhere on the page.
    await shown.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page.locator('[data-test=new-token-secret]').count()).toBe(0);
    await page.reload();
    await page.locator('[data-test=token-row]', { hasText: maintainerName }).waitFor();
    expect(await page.content()).not.toContain(secret);
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('the maintainer signs in with it in another browser context, is told the token page needs an administrator, and edits the review', async () => {
    const page = await signIn(maintainer, secret);
    expect(await page.locator('[data-test=session-name]').textContent()).toBe(maintainerName);
    expect(await page.locator('[data-test=tokens-link]').count()).toBe(0);

    await page.goto(`${api.url}/tokens`);
    const refusal = page.locator('[data-test=tokens-need-admin]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe(
      `Managing API tokens needs an administrator token. You are signed in with ‘${maintainerName}’, a maintainer token: it can change its review but cannot see or change tokens. Ask an administrator to create or revoke a token for you.`,
    );
    expect(await page.locator('[data-test=create-token]').count()).toBe(0);
    expect(await page.locator('.error').count()).toBe(0);
    await page.screenshot({ path: `${artifacts}tokens-maintainer-refused.png` });

    // A reader watches the review in a third context.
    const reader = await browser.newContext({ viewport: desktop });
    const readerPage = await openPage(reader, `${api.url}/reviews/${bcg.reviewId}`);
    await readerPage.locator('h1', { hasText: bcg.title }).waitFor();
    expect(await readerPage.locator('[data-test=review-maintenance]').count()).toBe(0);
    await readerPage.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

    await page.goto(`${api.url}/reviews/${bcg.reviewId}`);
    const edit = await openSection(page, "Edit the review's description");
    const form = edit.locator('[data-test=edit-review]');
    // Prefilled with what is stored.
    const { review: stored } = await api.graphql<{ review: Record<string, string | boolean | null> }>(
      'query($id: ID!) { review(id: $id) { title question population intervention comparison outcomesDescription citation registration status isPublic } }',
      { id: bcg.reviewId },
    );
    expect(await form.getByLabel('Title').inputValue()).toBe(stored.title);
    expect(await form.getByLabel('Question').inputValue()).toBe(stored.question);
    expect(await form.getByLabel('Population').inputValue()).toBe(stored.population);
    expect(await form.getByLabel('Citation').inputValue()).toBe(stored.citation);
    expect(await form.getByLabel('Registration').inputValue()).toBe(stored.registration ?? '');
    expect(await form.getByLabel('Status').inputValue()).toBe('ACTIVE');
    expect(await form.getByLabel('Visibility').inputValue()).toBe(stored.isPublic ? 'PUBLIC' : 'PRIVATE');

    // Nothing changed: said so, nothing sent.
    const before = await reviewVersion();
    await form.getByRole('button', { name: 'Save review' }).click();
    expect(await form.locator('[data-test=form-error]').textContent()).toBe('Nothing to save: change a field first.');

    // An empty title: the API's message next to it, nothing stored.
    await form.getByLabel('Title').fill('   ');
    await form.getByRole('button', { name: 'Save review' }).click();
    const titleError = form.locator('[data-test=error-title]');
    await titleError.waitFor();
    expect(await titleError.textContent()).toBe('title cannot be empty');
    expect(await form.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');
    expect(await reviewVersion()).toBe(before);

    await form.getByLabel('Title').fill(newTitle);
    await form.getByLabel('Registration').fill('PROSPERO CRD42026000001');
    await form.getByRole('button', { name: 'Save review' }).click();
    await form.locator('[data-test=form-saved]').waitFor();
    expect(await reviewVersion()).toBe(before + 1);
    expect(await form.locator('[data-test=form-saved]').textContent()).toBe(`Saved at version ${before + 1}.`);
    expect(await form.locator('[data-test=error-title]').count()).toBe(0);
    // The maintainer's page shows it at once, and the reader's without a reload.
    await page.locator('h1', { hasText: newTitle }).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('[data-test=review-version]').textContent()).toBe(`Version ${before + 1}`);
    expect(await page.locator('main').textContent()).toContain('PROSPERO CRD42026000001');
    await readerPage.locator('h1', { hasText: newTitle }).waitFor({ timeout: 10_000 });
    expect(await readerPage.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    // And in the list, after navigating there.
    await readerPage.getByRole('link', { name: 'Reviews', exact: true }).click();
    await readerPage.locator('[data-test=review]', { hasText: newTitle }).waitFor({ timeout: 10_000 });
    expect(await readerPage.locator('[data-test=review]', { hasText: bcg.title }).count()).toBe(0);
    // The change log names the maintainer's token.
    await expect.poll(() => page.locator('.changes li').first().textContent()).toContain(maintainerName);
    await page.screenshot({ path: `${artifacts}review-edited-1400.png`, fullPage: true });
    expect(page.problems).toEqual([]);
    expect(readerPage.problems).toEqual([]);
    await reader.close();
    maintainerPage = page;
  });

  it("revoking the token (after a confirmation) makes the maintainer's next write fail with the API's message", async () => {
    const page = await openPage(admin, `${api.url}/tokens`);
    const row = page.locator('[data-test=token-row]', { hasText: maintainerName });
    await row.waitFor();
    const revoke = row.getByRole('button', { name: `Revoke ${maintainerName}` });

    // Asked first; Escape keeps the token.
    await revoke.click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    expect(await dialog.locator('h2').textContent()).toBe(`Revoke ‘${maintainerName}’?`);
    expect(await dialog.textContent()).toContain('loses access at once');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.screenshot({ path: `${artifacts}tokens-revoke-confirm.png` });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
    expect(await row.locator('[data-test=token-status]').textContent()).toBe('Active');
    // The focus is back on the button that asked.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Revoke ${maintainerName}`);

    await revoke.click();
    await page.locator('dialog[open]').getByRole('button', { name: 'Revoke token' }).click();
    await expect.poll(() => row.locator('[data-test=token-status]').textContent(), { timeout: 10_000 }).toMatch(/^Revoked \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(await page.locator('[data-test=form-saved]').textContent()).toBe(`Revoked ‘${maintainerName}’: it stopped working at once.`);
    expect(await row.getByRole('button', { name: `Revoke ${maintainerName}` }).count()).toBe(0);

    // The maintainer's page is still open and signed in; the next write is refused, saying why.
    const before = await reviewVersion();
    const form = maintainerPage.locator('[data-test=edit-review]');
    await form.getByLabel('Population').fill('Children and adults');
    await form.getByRole('button', { name: 'Save review' }).click();
    const refusal = form.locator('[data-test=form-error]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe(`changing a review needs a valid token or session, but the bearer token '${maintainerName}' was revoked`);
    expect(await form.locator('[data-test=form-saved]').count()).toBe(0);
    expect(await reviewVersion()).toBe(before);
    expect(page.problems).toEqual([]);
    await maintainerPage.close();
    await page.close();
  });

  it("fills the data-entry form with a study's stored numbers, and refills it when the study or the outcome changes", async () => {
    // A second outcome of the review, with its own numbers for one study.
    const { addOutcome } = await api.graphql<{ addOutcome: { outcome: { id: string } } }>(
      'mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { outcome { id } errors { message } } }',
      { input: { reviewId: bcg.reviewId, name: 'Tuberculosis deaths', measure: 'RR' } },
    );
    const { reviews } = await api.graphql<{ reviews: { id: string; studies: { id: string; label: string }[] }[] }>('{ reviews { id studies { id label } } }');
    const frimodt = reviews.find((r) => r.id === bcg.reviewId)!.studies.find((s) => s.label === 'Frimodt-Moller et al 1973')!;
    await api.graphql('mutation($input: RecordStudyDataInput!) { recordStudyData(input: $input) { errors { message } } }', {
      input: { outcomeId: addOutcome.outcome.id, studyId: frimodt.id, events1: 7, n1: 5000, events2: 9, n2: 5100, subgroup: 'India' },
    });
    const stored = new Map((await storedNumbers(bcg.outcomeId)).map((row) => [row.study.label, row]));

    const page = await openPage(admin, `${api.url}/outcomes/${bcg.outcomeId}`);
    const data = page.locator('[data-test=study-data]');
    await data.waitFor();
    const boxes = async () =>
      Promise.all(['Events, experimental', 'Participants, experimental', 'Events, control', 'Participants, control'].map((label) => data.getByLabel(label).inputValue()));
    const expected = (row: StoredNumbers | undefined) => [row?.events1, row?.n1, row?.events2, row?.n2].map(String);

    await data.getByLabel('Study').selectOption({ label: 'Rosenthal et al 1960' });
    await expect.poll(boxes).toEqual(expected(stored.get('Rosenthal et al 1960')));
    expect(await data.locator('[data-test=stored-note]').textContent()).toBe(
      `Filled in with the numbers stored at version ${stored.get('Rosenthal et al 1960')!.recordedInVersion}; saving replaces them.`,
    );
    await data.getByLabel('Study').selectOption({ label: 'Frimodt-Moller et al 1973' });
    await expect.poll(boxes).toEqual(expected(stored.get('Frimodt-Moller et al 1973')));
    expect(await data.getByLabel('Subgroup (optional)').inputValue()).toBe(stored.get('Frimodt-Moller et al 1973')!.subgroup ?? '');

    // Another outcome of the review: its numbers for the same study, then back.
    await data.getByLabel('Outcome').selectOption({ label: 'Tuberculosis deaths' });
    await expect.poll(boxes).toEqual(['7', '5000', '9', '5100']);
    expect(await data.getByLabel('Subgroup (optional)').inputValue()).toBe('India');
    expect(await data.locator('[data-test=stored-note]').textContent()).toMatch(/^Filled in with the numbers stored for “Tuberculosis deaths” at version \d+; saving replaces them\.$/);
    await page.screenshot({ path: `${artifacts}study-data-prefill.png`, fullPage: false });
    await data.getByLabel('Study').selectOption({ label: 'Rosenthal et al 1960' });
    await expect.poll(boxes).toEqual(['', '', '', '']);
    expect(await data.locator('[data-test=stored-note]').textContent()).toBe('No numbers are stored for Rosenthal et al 1960 in “Tuberculosis deaths” yet.');
    await data.getByLabel('Outcome').selectOption({ label: 'Tuberculosis' });
    await expect.poll(boxes).toEqual(expected(stored.get('Rosenthal et al 1960')));

    // A correction starts from the stored numbers: change one, save, and the stored numbers are the new ones.
    await data.getByLabel('Events, experimental').fill('18');
    await data.getByRole('button', { name: 'Save numbers' }).click();
    await data.locator('[data-test=form-saved]').waitFor();
    const rosenthal = (await storedNumbers(bcg.outcomeId)).find((row) => row.study.label === 'Rosenthal et al 1960')!;
    expect(expected(rosenthal)).toEqual(['18', ...expected(stored.get('Rosenthal et al 1960')).slice(1)]);
    // The boxes keep what was typed (no refill under the maintainer's hands), and the note follows the new version.
    expect((await boxes())[0]).toBe('18');
    await expect.poll(() => data.locator('[data-test=stored-note]').textContent()).toContain(`stored at version ${rosenthal.recordedInVersion};`);

    // "Correct" in the data view fills the form with that study's numbers and puts the focus in it.
    const view = await openSection(page, 'Stored numbers, row by row');
    await view.getByRole('button', { name: 'Correct the numbers of Aronson 1948' }).click();
    await expect.poll(boxes).toEqual(expected(stored.get('Aronson 1948')));
    expect(await data.getByLabel('Study').inputValue()).toBe((await data.getByLabel('Study').locator('option', { hasText: 'Aronson 1948' }).getAttribute('value')) ?? '');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('events1');
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it("removes a study's numbers from an outcome after a confirmation, and the pooled result drops k by one", async () => {
    const k = async () =>
      (await api.graphql<{ outcome: { analysis: { k: number } } }>('query($id: ID!) { outcome(id: $id) { analysis { k } } }', { id: bcg.outcomeId })).outcome.analysis.k;
    const before = await k();
    const page = await openPage(admin, `${api.url}/outcomes/${bcg.outcomeId}`);
    await expect.poll(() => page.locator('[data-test=study-count]').textContent()).toBe(`${before} studies`);
    const view = await openSection(page, 'Stored numbers, row by row');
    const rows = view.locator('[data-test=stored-row]');
    await expect.poll(() => rows.count()).toBe(before);
    const aronson = rows.filter({ hasText: 'Aronson 1948' });
    expect(await aronson.locator('[data-test=stored-numbers]').textContent()).toBe('4/123 vs 11/139');

    const remove = aronson.getByRole('button', { name: 'Remove the numbers of Aronson 1948' });
    await remove.click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    expect(await dialog.locator('h2').textContent()).toBe('Remove the numbers of Aronson 1948?');
    expect(await dialog.textContent()).toContain('the outcome will be recomputed without them under a new version of the review');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.locator('dialog[open]').count()).toBe(0);
    expect(await k()).toBe(before);

    await remove.click();
    await page.locator('dialog[open]').getByRole('button', { name: 'Remove and recompute' }).click();
    const saved = view.locator('[data-test=form-saved]');
    await saved.waitFor({ timeout: 10_000 });
    expect(await k()).toBe(before - 1);
    expect(await saved.textContent()).toMatch(new RegExp(`^Removed the numbers of Aronson 1948\\. Recomputed at version \\d+: ${before - 1} studies, pooled `));
    await expect.poll(() => page.locator('[data-test=study-count]').textContent(), { timeout: 10_000 }).toBe(`${before - 1} studies`);
    await expect.poll(() => rows.count()).toBe(before - 1);
    expect(await rows.filter({ hasText: 'Aronson 1948' }).count()).toBe(0);
    // The form now says there is nothing stored for it.
    const data = page.locator('[data-test=study-data]');
    await data.getByLabel('Study').selectOption({ label: 'Aronson 1948' });
    await expect.poll(() => data.locator('[data-test=stored-note]').textContent()).toBe('No numbers are stored for Aronson 1948 in “Tuberculosis” yet.');
    expect(await data.getByLabel('Events, experimental').inputValue()).toBe('');
    await page.locator('[data-test=outcome-maintenance]').screenshot({ path: `${artifacts}study-data-removed-1400.png` });
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('works at 390 px: the token page, the review form and the data view with its confirmation', async () => {
    const context = await browser.newContext({ viewport: phone });
    const page = await openPage(context, `${api.url}/`);
    await page.evaluate((token) => localStorage.setItem('cumulus.token', token), api.adminToken);

    await page.goto(`${api.url}/tokens`);
    await page.locator('[data-test=token-row]').first().waitFor();
    await page.locator('[data-test=create-token]').getByLabel('Name').fill('Phone reader');
    await page.locator('[data-test=create-token]').getByLabel('Role').selectOption('READER');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.locator('[data-test=new-token-secret]').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${artifacts}tokens-390.png`, fullPage: true });

    await page.goto(`${api.url}/reviews/${bcg.reviewId}`);
    await openSection(page, "Edit the review's description");
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.locator('[data-test=edit-review]').screenshot({ path: `${artifacts}review-edit-390.png` });

    await page.goto(`${api.url}/outcomes/${bcg.outcomeId}`);
    const view = await openSection(page, 'Stored numbers, row by row');
    await view.locator('[data-test=stored-row]').first().waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await view.screenshot({ path: `${artifacts}study-data-view-390.png` });
    // The keyboard goes from a row's Correct to its Remove, with a visible focus ring, and opens the confirmation.
    await view.getByRole('button', { name: /^Correct the numbers of / }).first().focus();
    await page.keyboard.press('Tab');
    const remove = view.getByRole('button', { name: /^Remove the numbers of / }).first();
    expect(await remove.evaluate((button) => button === document.activeElement)).toBe(true);
    expect(await remove.evaluate((button) => getComputedStyle(button).outlineStyle)).toBe('solid');
    await remove.screenshot({ path: `${artifacts}remove-focus-ring.png` });
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    const box = await dialog.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(phone.width);
    await page.screenshot({ path: `${artifacts}study-data-remove-confirm-390.png` });
    await page.keyboard.press('Escape');
    expect(page.problems).toEqual([]);
    await context.close();
  });

  it('a reader token signs in and opens a private review, without any maintainer controls', async () => {
    const { createReview } = await api.graphql<{ createReview: { review: { id: string } } }>(
      'mutation($input: CreateReviewInput!) { createReview(input: $input) { review { id } } }',
      { input: { title: 'A private review in preparation', isPublic: false } },
    );
    const reviewId = createReview.review.id;
    const { createApiToken } = await api.graphql<{ createApiToken: { secret: string } }>(
      'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret } }',
      { input: { name: 'Peer reviewer', role: 'READER', reviewId } },
    );
    const context = await browser.newContext({ viewport: desktop });
    const anonymous = await openPage(context, `${api.url}/`);
    await anonymous.locator('[data-test=review]').first().waitFor();
    expect(await anonymous.locator('[data-test=review]', { hasText: 'A private review in preparation' }).count()).toBe(0);
    await anonymous.close();

    const page = await signIn(context, createApiToken.secret);
    expect(await page.locator('[data-test=session-name]').textContent()).toBe('Peer reviewer');
    expect(await page.locator('[data-test=tokens-link]').count()).toBe(0);
    await page.getByRole('link', { name: /A private review in preparation/ }).click();
    await page.waitForURL(`${api.url}/reviews/${reviewId}`);
    await page.locator('h1', { hasText: 'A private review in preparation' }).waitFor();
    expect(await page.locator('details.maintain').count()).toBe(0);
    expect(page.problems).toEqual([]);
    await context.close();
  });

  it("an administrator imports a Cochrane review from its RevMan 5 file, and sees RevMan's result beside Cumulus's", async () => {
    const context = await browser.newContext({ viewport: desktop });
    const page = await openPage(context, `${api.url}/`);
    await page.evaluate((token) => localStorage.setItem('cumulus.token', token), api.adminToken);
    await page.reload();
    const form = await openSection(page, 'Import a Cochrane review (RevMan 5 file)');

    // Not a RevMan file: the API's reason above the form, and nothing created.
    await form.getByLabel('RevMan 5 file (.rm5)').setInputFiles({ name: 'notes.rm5', mimeType: 'text/plain', buffer: Buffer.from('these are my notes') });
    await form.getByRole('button', { name: 'Import review' }).click();
    await expect.poll(() => form.locator('[data-test=form-error]').count()).toBeGreaterThan(0);
    expect((await form.locator('[data-test=form-error]').allTextContents()).join(' ')).toMatch(/not .*XML|RevMan/);
    expect(page.url()).toBe(`${api.url}/`);

    await form.getByLabel('RevMan 5 file (.rm5)').setInputFiles(fileURLToPath(new URL('../../../../packages/revman/test/fixtures/Fleiss1993.rm5', import.meta.url)));
    await form.getByRole('button', { name: 'Import review' }).click();
    await page.waitForURL(/\/reviews\//);
    await page.locator('h1', { hasText: 'Examples from Fleiss 1993' }).waitFor();
    await page.getByRole('link', { name: /1\.1 Aspirin/ }).first().click();
    await page.waitForURL(/\/outcomes\//);
    // RevMan 5's own export: OR 0.89686556 [0.8405144, 0.95699471].
    await expect.poll(() => page.locator('[data-test=pooled-estimate]').textContent()).toBe('0.90 [0.84, 0.96]');
    await expect.poll(() => page.locator('[data-test=published-results]').textContent()).toContain('0.90');
    await page.screenshot({ path: `${artifacts}revman-import-outcome.png`, fullPage: true });
    expect(page.problems).toEqual([]);
    await context.close();
  });
});
