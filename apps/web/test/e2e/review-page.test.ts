// The reader's review page in Chromium against the real API: the seed review's question, studies, outcomes
// and PRISMA flow; a retracted study struck through; the published results beside the recomputed ones.
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuiteSkipReason, startApi, type RunningApi } from './api-server';
import { artifacts, desktop, launchChromium, openPage, phone } from './browser';

const skipReason = browserSuiteSkipReason();

interface SeedReview {
  id: string;
  studies: { id: string; label: string }[];
  outcomes: { id: string; name: string }[];
}

describe.skipIf(skipReason !== null)('review page in Chromium', { timeout: 60_000 }, () => {
  let api: RunningApi;
  let browser: Browser;
  let seed: SeedReview;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    api = await startApi();
    browser = await launchChromium();
    const { reviews } = await api.graphql<{ reviews: (SeedReview & { title: string })[] }>('{ reviews { id title studies { id label } outcomes { id name } } }');
    const review = reviews.find((r) => r.title.startsWith('Mesenchymal'));
    if (!review) throw new Error('the demo has no seed review');
    seed = review;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it("shows the seed review's question, studies with their characteristics and quality, outcomes and PRISMA flow", async () => {
    const page = await openPage(browser, `${api.url}/reviews/${seed.id}`);
    await page.locator('[data-test=study-row]').first().waitFor();
    const question = await page.locator('.card').first().textContent();
    expect(question).toMatch(/Population\./);
    expect(question).toMatch(/Intervention\./);
    expect(await page.locator('[data-test=study-row]').count()).toBe(seed.studies.length);
    const granel = page.locator('[data-test=study-row]', { hasText: 'Granel 2015' }).first();
    const text = await granel.textContent();
    expect(text).toContain('Single group, before and after');
    expect(text).toContain('France');
    expect(text).toContain('MSC source');
    expect(text).toContain('Follow-up');
    expect(text).toContain('/9');
    expect(text).toContain('transient finger paresthesia');
    // The studies' reports (11 of 9 studies): Granel 2015's cohort has three, each with its registry id.
    expect(await page.locator('[data-test=study-report]').count()).toBe(11);
    const reports = await granel.locator('[data-test=study-report]').allTextContents();
    expect(reports).toHaveLength(3);
    expect(reports[0]).toMatch(/^\s*Paper Granel B, Daumas A, .+open-label phase I trial\. Ann Rheum Dis\. 2015 \(6-month results\)\.\s+NCT01813279\s*$/);
    expect(await page.locator('[data-test=outcome-row]').count()).toBe(seed.outcomes.length);
    // The PRISMA boxes carry the counts the review reports (Cui et al. 2022, Fig. 1).
    const flow = page.locator('[data-test=prisma-flow]');
    expect(await flow.locator('[data-box=identified]').textContent()).toContain('Records identified (n = 678)');
    expect(await flow.locator('[data-box=duplicates]').textContent()).toContain('Duplicate records (n = 335)');
    expect(await flow.locator('[data-box=screened]').textContent()).toContain('Records screened (n = 343)');
    expect(await flow.locator('[data-box=records-excluded]').textContent()).toContain('(n = 332)');
    expect(await flow.locator('[data-box=included]').textContent()).toContain('Studies included in review (n = 9)');
    expect(await flow.locator('line').count()).toBeGreaterThanOrEqual(4);
    await page.screenshot({ path: `${artifacts}review-seed-1400.png`, fullPage: true });
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('fits a phone: nothing but the wide tables scrolls sideways', async () => {
    const page = await openPage(browser, `${api.url}/reviews/${seed.id}`, phone);
    await page.locator('[data-test=prisma-flow]').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${artifacts}review-seed-390.png`, fullPage: true });
    await page.close();
  });

  it('strikes a retracted study through and gives the reason', async () => {
    const study = seed.studies.find((s) => s.label.startsWith('Virz')) ?? seed.studies[0];
    const { retractStudy } = await api.graphql<{ retractStudy: { errors: unknown[] } }>(
      'mutation($input: RetractStudyInput!) { retractStudy(input: $input) { study { id } errors { field message } } }',
      { input: { studyId: study.id, reason: 'duplicate report of another cohort' } },
    );
    expect(retractStudy.errors).toEqual([]);
    const page = await openPage(browser, `${api.url}/reviews/${seed.id}`, desktop);
    const row = page.locator('[data-test=study-row].retracted');
    await row.waitFor();
    expect(await row.locator('.label').textContent()).toBe(study.label);
    expect(await row.locator('.label').evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('line-through');
    expect(await row.locator('[data-test=retraction]').textContent()).toBe('Retracted: duplicate report of another cohort');
    await page.close();
  });

  it("shows an outcome's published result beside the recomputed one", async () => {
    const outcome = seed.outcomes.find((o) => o.name === 'mRSS at 6 months')!;
    const page = await openPage(browser, `${api.url}/outcomes/${outcome.id}`);
    const rows = page.locator('[data-test=published-row]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(5);
    expect(await rows.first().textContent()).toContain('5.09 [3.38, 6.81]');
    await page.screenshot({ path: `${artifacts}outcome-seed-published.png`, fullPage: true });
    expect(page.problems).toEqual([]);
    await page.close();
  });
});
