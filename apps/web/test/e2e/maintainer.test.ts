// Maintainers in Chromium against the real API: sign in with the admin token, add a trial through the forms
// while a reader in another browser context watches the estimate change; an invalid entry shows the API's
// message next to its field and stores nothing; settings, quality, PRISMA counts, retraction, new reviews.
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEffectWithCi } from '../../src/format';
import { browserSuiteSkipReason, demoReview, startApi, type RunningApi } from './api-server';
import { artifacts, launchChromium, openPage, openSection, phone, type WatchedPage } from './browser';

const skipReason = browserSuiteSkipReason();

interface Bcg {
  reviewId: string;
  outcomeId: string;
}

describe.skipIf(skipReason !== null)('maintainers in Chromium', { timeout: 90_000 }, () => {
  let api: RunningApi;
  let browser: Browser;
  let maintainer: BrowserContext;
  let bcg: Bcg;

  const reviewVersion = async () => (await api.graphql<{ review: { version: number } }>('query($id: ID!) { review(id: $id) { version } }', { id: bcg.reviewId })).review.version;

  async function signIn(context: BrowserContext, token: string): Promise<WatchedPage> {
    const page = await openPage(context, `${api.url}/`);
    await page.locator('[data-test=sign-in-link]').click();
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Use the token' }).click();
    return page;
  }


  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    api = await startApi();
    browser = await launchChromium();
    bcg = await demoReview(api, 'BCG');
    maintainer = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('refuses a wrong token with the reason and signs in with the admin token', async () => {
    const page = await signIn(maintainer, 'not-a-token');
    expect(await page.locator('[data-test=sign-in-problem]').textContent()).toBe('The token was refused: the bearer token is not known.');
    await page.getByLabel('API token').fill(api.adminToken);
    await page.getByRole('button', { name: 'Use the token' }).click();
    await page.waitForURL(`${api.url}/`);
    expect(await page.locator('[data-test=session-name]').textContent()).toBe('administrator');
    expect(await page.evaluate(() => localStorage.getItem('cumulus.token'))).toBe(api.adminToken);
    await page.close();
  });

  it("adds a trial through the forms while a reader's page shows the new estimate without a reload", async () => {
    const reader = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const readerPage = await openPage(reader, `${api.url}/outcomes/${bcg.outcomeId}`);
    await readerPage.locator('.live').waitFor();
    expect(await readerPage.locator('[data-test=pooled-estimate]').textContent()).toBe('0.47 [0.33, 0.68]');
    expect(await readerPage.locator('[data-test=outcome-maintenance]').count()).toBe(0);
    await readerPage.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

    const page = await openPage(maintainer, `${api.url}/reviews/${bcg.reviewId}`);
    const addStudy = await openSection(page, 'Add a study');
    await addStudy.getByLabel('Label').fill('Cumulus Trial 2024');
    await addStudy.getByLabel('Year').fill('2024');
    await addStudy.getByLabel('Design').selectOption('RCT');
    await addStudy.getByLabel('Participants').fill('2000');
    await addStudy.getByRole('button', { name: 'Add study' }).click();
    expect(await addStudy.locator('[data-test=form-saved]').textContent()).toBe('Saved Cumulus Trial 2024.');

    await page.goto(`${api.url}/outcomes/${bcg.outcomeId}`);
    const data = page.locator('[data-test=study-data]');
    await data.getByLabel('Study').selectOption({ label: 'Cumulus Trial 2024' });
    await data.getByLabel('Events, experimental').fill('5');
    await data.getByLabel('Participants, experimental').fill('1000');
    await data.getByLabel('Events, control').fill('50');
    await data.getByLabel('Participants, control').fill('1000');
    await data.getByRole('button', { name: 'Save numbers' }).click();
    await data.locator('[data-test=form-saved]').waitFor();

    const { outcome } = await api.graphql<{ outcome: { version: number; analysis: { k: number; estimate: number; ciLower: number; ciUpper: number } } }>(
      'query($id: ID!) { outcome(id: $id) { version analysis { k estimate ciLower ciUpper } } }',
      { id: bcg.outcomeId },
    );
    expect(outcome.analysis.k).toBe(14);
    const expected = formatEffectWithCi(outcome.analysis.estimate, outcome.analysis.ciLower, outcome.analysis.ciUpper);
    expect(await data.locator('[data-test=form-saved]').textContent()).toBe(`Saved at version ${outcome.version}: 14 studies, pooled ${expected}.`);
    await expect.poll(() => readerPage.locator('[data-test=pooled-estimate]').textContent(), { timeout: 10_000 }).toBe(expected);
    expect(await readerPage.locator('[data-test=version]').textContent()).toBe(`version ${outcome.version}`);
    expect(await readerPage.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    await expect.poll(() => page.locator('[data-test=pooled-estimate]').textContent()).toBe(expected);
    await readerPage.screenshot({ path: `${artifacts}reader-after-maintainer-trial.png`, fullPage: true });
    await page.screenshot({ path: `${artifacts}maintainer-outcome-1400.png`, fullPage: true });
    expect(readerPage.problems).toEqual([]);
    expect(page.problems).toEqual([]);
    await reader.close();
    await page.close();
  });

  it("shows the API's message next to the field for events above participants, and stores nothing", async () => {
    const before = await reviewVersion();
    const page = await openPage(maintainer, `${api.url}/outcomes/${bcg.outcomeId}`);
    const data = page.locator('[data-test=study-data]');
    await data.getByLabel('Study').selectOption({ label: 'Aronson 1948' });
    await data.getByLabel('Events, experimental').fill('50');
    await data.getByLabel('Participants, experimental').fill('10');
    await data.getByLabel('Events, control').fill('3');
    await data.getByLabel('Participants, control').fill('20');
    await data.getByRole('button', { name: 'Save numbers' }).click();
    const message = data.locator('[data-test=error-events1]');
    await message.waitFor();
    expect(await message.textContent()).toBe("study 'Aronson 1948': events1 (50) cannot exceed n1 (10) in arm 1");
    // Next to the field: inside its wrapper, which is marked invalid, and tied to the input for screen readers.
    const input = data.getByLabel('Events, experimental');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await input.getAttribute('aria-describedby')).toBe(await message.getAttribute('id'));
    expect(await data.locator('[data-test=form-saved]').count()).toBe(0);
    expect(await reviewVersion()).toBe(before);
    await data.screenshot({ path: `${artifacts}maintainer-invalid-entry.png` });
    await page.close();
  });

  it('changes the analysis settings and shows the recomputed result at once', async () => {
    const page = await openPage(maintainer, `${api.url}/outcomes/${bcg.outcomeId}`);
    const settings = await openSection(page, 'Analysis settings');
    await settings.getByLabel('Model').selectOption('FIXED');
    await settings.getByLabel('Pooling method').selectOption('MH');
    await settings.getByRole('button', { name: 'Recompute with these settings' }).click();
    await settings.locator('[data-test=form-saved]').waitFor();
    const { outcome } = await api.graphql<{ outcome: { analysis: { model: string; estimate: number; ciLower: number; ciUpper: number } } }>(
      'query($id: ID!) { outcome(id: $id) { analysis { model estimate ciLower ciUpper } } }',
      { id: bcg.outcomeId },
    );
    expect(outcome.analysis.model).toBe('FIXED');
    const expected = formatEffectWithCi(outcome.analysis.estimate, outcome.analysis.ciLower, outcome.analysis.ciUpper);
    await expect.poll(() => page.locator('[data-test=pooled-estimate]').textContent(), { timeout: 10_000 }).toBe(expected);
    // A combination the API refuses comes back next to the field.
    const again = await openSection(page, 'Analysis settings');
    await again.getByLabel('Model').selectOption('RANDOM');
    await again.getByLabel('Pooling method').selectOption('PETO');
    await again.getByRole('button', { name: 'Recompute with these settings' }).click();
    expect(await again.locator('[data-test=error-model]').textContent()).toContain('Peto pooling is a fixed-effect method');
    await page.close();
  });

  it('records a Newcastle-Ottawa assessment, PRISMA counts and a retraction from the review page', async () => {
    const page = await openPage(maintainer, `${api.url}/reviews/${bcg.reviewId}`);
    const studies = await openSection(page, 'Edit, retract or assess a study');
    await studies.locator('[data-test=study-chooser]').selectOption({ label: 'Aronson 1948' });
    const quality = studies.locator('[data-test=quality-assessment]');
    await quality.getByLabel('Selection (0–4 ★)').fill('7');
    await quality.getByLabel('Comparability (0–2 ★)').fill('1');
    await quality.getByLabel('Outcome (0–3 ★)').fill('2');
    await quality.getByRole('button', { name: 'Record assessment' }).click();
    expect(await quality.locator('[data-test=error-selection]').textContent()).toBe('selection stars run from 0 to 4');
    await quality.getByLabel('Selection (0–4 ★)').fill('4');
    await quality.getByRole('button', { name: 'Record assessment' }).click();
    await quality.locator('[data-test=form-saved]').waitFor();
    const aronson = page.locator('[data-test=study-row]', { hasText: 'Aronson 1948' });
    await expect.poll(() => aronson.textContent(), { timeout: 10_000 }).toContain('★★★★★★★☆☆ 7/9');

    const prisma = await openSection(page, 'PRISMA flow counts');
    await prisma.getByLabel('Records from databases').fill('MEDLINE: 120\nEmbase: 95');
    await prisma.getByLabel('Duplicates removed', { exact: true }).fill('40');
    await prisma.getByLabel('Records screened').fill('175');
    await prisma.getByLabel('Records excluded').fill('150');
    await prisma.getByLabel('Reports assessed for eligibility').fill('25');
    await prisma.getByLabel('Studies included').fill('13');
    await prisma.getByRole('button', { name: 'Record counts' }).click();
    await prisma.locator('[data-test=form-saved]').waitFor();
    const flow = page.locator('[data-test=prisma-flow]');
    await flow.waitFor({ timeout: 10_000 });
    expect(await flow.locator('[data-box=identified]').textContent()).toContain('Records identified (n = 215)');
    expect(await flow.locator('[data-box=included]').textContent()).toContain('Studies included in review (n = 13)');

    const retract = studies.locator('[data-test=retract-study]');
    await studies.locator('[data-test=study-chooser]').selectOption({ label: 'Comstock & Webster 1969' });
    await retract.getByRole('button', { name: /^Retract/ }).click();
    expect(await retract.locator('[data-test=error-reason]').textContent()).toBe('reason cannot be empty');
    await retract.getByLabel('Reason for retraction').fill('data could not be verified');
    await retract.getByRole('button', { name: /^Retract/ }).click();
    const struck = page.locator('[data-test=study-row].retracted');
    await struck.waitFor({ timeout: 10_000 });
    expect(await struck.textContent()).toContain('Retracted: data could not be verified');
    await page.screenshot({ path: `${artifacts}maintainer-review-1400.png`, fullPage: true });
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('creates a review and adds an outcome with the seed review’s model rule', async () => {
    const page = await openPage(maintainer, `${api.url}/`);
    const create = await openSection(page, 'Create a review');
    await create.getByRole('button', { name: 'Create review' }).click();
    expect(await create.locator('[data-test=error-title]').textContent()).toBe('title cannot be empty');
    await create.getByLabel('Title').fill('Cumulus test review');
    await create.getByLabel('Population').fill('Adults');
    await create.getByRole('button', { name: 'Create review' }).click();
    await page.waitForURL(/\/reviews\//);
    await page.locator('h1', { hasText: 'Cumulus test review' }).waitFor();
    const outcome = await openSection(page, 'Add an outcome');
    await outcome.getByLabel('Outcome').fill('Skin score at 6 months');
    await outcome.getByLabel('Measure').selectOption('MC');
    await outcome.getByLabel('Model').selectOption('I2_AND_HETEROGENEITY_P');
    await outcome.getByRole('button', { name: 'Add outcome' }).click();
    await outcome.locator('[data-test=form-saved]').waitFor();
    await expect.poll(() => page.locator('[data-test=outcome-row]').allTextContents(), { timeout: 10_000 }).toEqual([expect.stringContaining('Skin score at 6 months')]);
    await page.close();
  });

  it('works at phone width', async () => {
    const phoneContext = await browser.newContext({ viewport: phone });
    const page = await openPage(phoneContext, `${api.url}/`);
    await page.evaluate((token) => localStorage.setItem('cumulus.token', token), api.adminToken);
    await page.goto(`${api.url}/outcomes/${bcg.outcomeId}`);
    await page.locator('[data-test=study-data]').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${artifacts}maintainer-outcome-390.png`, fullPage: true });
    await phoneContext.close();
  });
});
