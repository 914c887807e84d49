// The dashboard in a real browser against the real API: the pooled estimate shown, and a new trial
// arriving over the subscription without a reload.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEffectWithCi } from '../../src/format';
import { browserSuiteSkipReason, chromiumPath, startApi, type RunningApi } from './api-server';

const skipReason = browserSuiteSkipReason();
if (skipReason) console.warn(`[web e2e] skipped: ${skipReason}`);

const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

interface DemoOutcome {
  id: string;
  reviewId: string;
  version: number;
}

describe.skipIf(skipReason !== null)('dashboard in Chromium', { timeout: 60_000 }, () => {
  let api: RunningApi;
  let browser: Browser;
  let bcg: DemoOutcome;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    api = await startApi();
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const { reviews } = await api.graphql<{ reviews: { id: string; title: string; outcomes: { id: string; name: string; version: number }[] }[] }>(
      '{ reviews { id title outcomes { id name version } } }',
    );
    const review = reviews.find((r) => r.title.startsWith('BCG'));
    if (!review) throw new Error(`the demo has no BCG review: ${reviews.map((r) => r.title).join(', ')}`);
    bcg = { id: review.outcomes[0].id, reviewId: review.id, version: review.outcomes[0].version };
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  async function openPage(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    (page as Page & { problems: string[] }).problems = problems;
    await page.goto(`${api.url}${path}`);
    return page;
  }

  it('lists the demo reviews and leads to an outcome', async () => {
    const page = await openPage('/');
    await expect.poll(() => page.locator('[data-test=review]').count()).toBe(3);
    await page.getByRole('link', { name: /BCG vaccine/ }).click();
    // The outcomes table's link (the Summary of Findings below links the outcome too).
    await page.locator('[data-test=outcome-row]').getByRole('link', { name: 'Tuberculosis' }).click();
    await page.waitForURL(`**/outcomes/${bcg.id}`);
    await expect.poll(() => page.locator('[data-test=pooled-estimate]').textContent()).toBe('0.47 [0.33, 0.68]');
    await page.close();
  });

  it('shows the pooled odds ratio of the BCG trials (metafor, REML: 0.47 [0.33, 0.68])', async () => {
    const page = await openPage(`/outcomes/${bcg.id}`);
    const estimate = page.locator('[data-test=pooled-estimate]');
    await estimate.waitFor();
    expect(await estimate.textContent()).toBe('0.47 [0.33, 0.68]');
    expect(await page.locator('[data-test=pooled-p]').textContent()).toBe('P < 0.001');
    expect(await page.locator('[data-test=study-count]').textContent()).toBe('13 studies');
    expect(await page.locator('[data-test=heterogeneity]').textContent()).toBe('Heterogeneity: τ² = 0.34; Q = 163.16, df = 12 (P < 0.001); I² = 92%');
    expect(await page.locator('[data-test=leave-one-out] tbody tr').count()).toBe(13);
    // Charts below the fold draw when idle or scrolled to (EChart.vue), so wait for them.
    await expect.poll(() => page.locator('canvas').count()).toBeGreaterThanOrEqual(4);
    await page.screenshot({ path: `${artifacts}outcome-bcg.png`, fullPage: true });
    await page.locator('.chart').first().screenshot({ path: `${artifacts}forest-bcg.png` });
    expect((page as Page & { problems: string[] }).problems).toEqual([]);
    await page.close();
  });

  it('shows a trial added elsewhere without a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const events: string[] = [];
    page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => void (String(payload).includes('outcomeUpdated') && events.push(String(payload)))));
    await page.goto(`${api.url}/outcomes/${bcg.id}`);
    await page.locator('[data-test=pooled-estimate]').waitFor();
    await page.locator('.live').waitFor();
    // Let the subscription start (it waits for the query), so what follows can only arrive over it.
    await page.waitForTimeout(1000);
    const refetches: string[] = [];
    page.on('request', (request) => void (request.url().includes('/graphql') && refetches.push(request.method())));
    // Survives only if the page is not reloaded.
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

    const { addStudy } = await api.graphql<{ addStudy: { study: { id: string }; errors: unknown[] } }>(
      'mutation($input: AddStudyInput!) { addStudy(input: $input) { study { id } errors { field message } } }',
      { input: { reviewId: bcg.reviewId, label: 'Cumulus Trial 2024', year: 2024 } },
    );
    expect(addStudy.errors).toEqual([]);
    const { recordStudyData } = await api.graphql<{
      recordStudyData: { outcome: { version: number; analysis: { k: number; estimate: number; ciLower: number; ciUpper: number } }; errors: unknown[] };
    }>(
      'mutation($input: RecordStudyDataInput!) { recordStudyData(input: $input) { outcome { version analysis { k estimate ciLower ciUpper } } errors { field message } } }',
      { input: { outcomeId: bcg.id, studyId: addStudy.study.id, events1: 5, n1: 1000, events2: 50, n2: 1000 } },
    );
    expect(recordStudyData.errors).toEqual([]);
    const after = recordStudyData.outcome;
    expect(after.analysis.k).toBe(14);
    const expected = formatEffectWithCi(after.analysis.estimate, after.analysis.ciLower, after.analysis.ciUpper);
    expect(expected).not.toBe('0.47 [0.33, 0.68]');

    await expect.poll(() => page.locator('[data-test=pooled-estimate]').textContent(), { timeout: 10_000 }).toBe(expected);
    expect(await page.locator('[data-test=study-count]').textContent()).toBe('14 studies');
    expect(await page.locator('[data-test=version]').textContent()).toBe(`version ${after.version}`);
    expect(await page.locator('[data-test=change-note]').textContent()).toContain('added Cumulus Trial 2024');
    expect(await page.locator('[data-test=pooled-estimate]').getAttribute('class')).toContain('changed');
    expect(await page.locator('[data-test=leave-one-out] tbody tr').count()).toBe(14);
    expect(await page.locator('[data-test=leave-one-out] tbody tr.changed').allTextContents()).toEqual([expect.stringContaining('Cumulus Trial 2024')]);
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    // It came over graphql-ws as one outcomeUpdated event, not from a refetch.
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]).payload.data.outcomeUpdated.version).toBe(after.version);
    expect(refetches).toEqual([]);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${artifacts}outcome-bcg-updated.png`, fullPage: true });
    await page.close();
  });

  it('keeps the review page current too', async () => {
    const page = await openPage(`/reviews/${bcg.reviewId}`);
    await page.locator('[data-test=outcome-row]').first().waitFor();
    await page.waitForTimeout(1000);
    const { addStudy } = await api.graphql<{ addStudy: { study: { id: string } } }>(
      'mutation($input: AddStudyInput!) { addStudy(input: $input) { study { id } } }',
      { input: { reviewId: bcg.reviewId, label: 'Second Trial 2025', year: 2025 } },
    );
    const { recordStudyData } = await api.graphql<{ recordStudyData: { outcome: { version: number; analysis: { estimate: number; ciLower: number; ciUpper: number } } } }>(
      'mutation($input: RecordStudyDataInput!) { recordStudyData(input: $input) { outcome { version analysis { estimate ciLower ciUpper } } } }',
      { input: { outcomeId: bcg.id, studyId: addStudy.study.id, events1: 40, n1: 500, events2: 45, n2: 500 } },
    );
    const { estimate, ciLower, ciUpper } = recordStudyData.outcome.analysis;
    await expect.poll(() => page.locator('[data-test=review-version]').textContent(), { timeout: 10_000 }).toBe(`Version ${recordStudyData.outcome.version}`);
    const row = page.locator('[data-test=outcome-row]').first();
    await expect.poll(() => row.textContent()).toContain(formatEffectWithCi(estimate, ciLower, ciUpper));
    expect(await row.getAttribute('class')).toContain('changed');
    await page.screenshot({ path: `${artifacts}review-bcg-updated.png`, fullPage: true });
    expect((page as Page & { problems: string[] }).problems).toEqual([]);
    await page.close();
  });

  it('shows a trial written between the query of the page and its subscription, over the subscription', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const events: string[] = [];
    page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => void (String(payload).includes('outcomeUpdated') && events.push(String(payload)))));
    let written: { version: number; analysis: { k: number; estimate: number; ciLower: number; ciUpper: number } } | null = null;
    // The server answers the page's query; before the page sees that answer (and subscribes), a trial is added.
    await page.route('**/graphql', async (route) => {
      if (!route.request().postData()?.includes('OutcomePage') || written) return route.continue();
      const response = await route.fetch();
      const { addStudy } = await api.graphql<{ addStudy: { study: { id: string } } }>(
        'mutation($input: AddStudyInput!) { addStudy(input: $input) { study { id } } }',
        { input: { reviewId: bcg.reviewId, label: 'Between Trial 2026', year: 2026 } },
      );
      const { recordStudyData } = await api.graphql<{ recordStudyData: { outcome: NonNullable<typeof written> } }>(
        'mutation($input: RecordStudyDataInput!) { recordStudyData(input: $input) { outcome { version analysis { k estimate ciLower ciUpper } } } }',
        { input: { outcomeId: bcg.id, studyId: addStudy.study.id, events1: 12, n1: 400, events2: 30, n2: 400 } },
      );
      written = recordStudyData.outcome;
      await route.fulfill({ response });
    });
    await page.goto(`${api.url}/outcomes/${bcg.id}`);
    await expect.poll(() => written !== null).toBe(true);
    const after = written!;
    const expected = formatEffectWithCi(after.analysis.estimate, after.analysis.ciLower, after.analysis.ciUpper);
    await expect.poll(() => page.locator('[data-test=pooled-estimate]').textContent(), { timeout: 10_000 }).toBe(expected);
    expect(await page.locator('[data-test=version]').textContent()).toBe(`version ${after.version}`);
    expect(await page.locator('[data-test=study-count]').textContent()).toBe(`${after.analysis.k} studies`);
    // It came as the subscription's first event (sent because the page subscribed from the version it was shown).
    expect(events.map((event) => JSON.parse(event).payload.data.outcomeUpdated.version)).toEqual([after.version]);
    await page.close();
  });
});
