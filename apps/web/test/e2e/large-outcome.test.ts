// A 100-study outcome in Chromium against the real API: every study in the forest plot (drawn as SVG, the
// browser painting only what is on screen), its PNG still a PNG, and the leave-one-out table a page at a time.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuiteSkipReason, startApi, type RunningApi } from './api-server';
import { launchChromium, openPage } from './browser';

const skipReason = browserSuiteSkipReason();
const K = 100;

async function download(page: Page, trigger: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), trigger()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

describe.skipIf(skipReason !== null)(`a ${K}-study outcome in Chromium`, { timeout: 120_000 }, () => {
  let api: RunningApi;
  let browser: Browser;
  let outcomeId: string;

  beforeAll(async () => {
    api = await startApi();
    browser = await launchChromium();
    const { createReview } = await api.graphql<{ createReview: { review: { id: string } } }>('mutation { createReview(input: { title: "Large review" }) { review { id } } }');
    const reviewId = createReview.review.id;
    const { addOutcome } = await api.graphql<{ addOutcome: { outcome: { id: string } } }>(
      'mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { outcome { id } } }',
      { input: { reviewId, name: 'Large outcome', measure: 'OR' } },
    );
    outcomeId = addOutcome.outcome.id;
    for (let i = 1; i <= K; i++) {
      const { addStudy } = await api.graphql<{ addStudy: { study: { id: string } } }>('mutation($input: AddStudyInput!) { addStudy(input: $input) { study { id } } }', {
        input: { reviewId, label: `Trial ${String(i).padStart(3, '0')}`, year: 1990 + (i % 30), design: 'RCT' },
      });
      await api.graphql('mutation($input: RecordStudyDataInput!) { recordStudyData(input: $input) { outcome { id } } }', {
        input: { outcomeId, studyId: addStudy.study.id, events1: 10 + (i % 7), n1: 100, events2: 15 + (i % 5), n2: 100 },
      });
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('draws every study in the forest plot, as SVG, and still saves it as PNG', async () => {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
    const page = await openPage(context, `${api.url}/outcomes/${outcomeId}`);
    expect(await page.locator('[data-test=study-count]').textContent()).toBe(`${K} studies`);
    const forest = page.locator('.chart').first();
    await forest.locator('svg').waitFor();
    const text = await forest.locator('svg').textContent();
    expect(text).toContain('Trial 001');
    expect(text).toContain(`Trial ${K}`);
    expect(text).toContain('Total (95% CI)');
    const png = await download(page, () => page.locator('[data-test=download-png]').first().click());
    expect(png.name).toBe('large-outcome-forest.png');
    expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(page.problems).toEqual([]);
    await context.close();
  });

  it('shows leave-one-out 50 rows at a time', async () => {
    const page = await openPage(browser, `${api.url}/outcomes/${outcomeId}`);
    const table = page.locator('[data-test=leave-one-out]');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(50);
    expect(await page.locator('[data-test=leave-one-out-rows]').textContent()).toBe(`Rows 1–50 of ${K}`);
    await page.locator('[data-test=leave-one-out-pager]').getByRole('button', { name: 'Next' }).click();
    expect(await page.locator('[data-test=leave-one-out-rows]').textContent()).toBe(`Rows 51–100 of ${K}`);
    expect(await table.locator('tbody tr').first().textContent()).toContain('Trial 051');
    expect(page.problems).toEqual([]);
    await page.close();
  });
});
