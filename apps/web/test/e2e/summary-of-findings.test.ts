// The GRADE Summary of Findings in Chromium against the real API: the magnesium review's row as GRADEpro lays
// it out, the downloads the API serves, a new trial redrawing the table live, and the seed review's published
// rating beside the suggested one.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuiteSkipReason, startApi, type RunningApi } from './api-server';
import { artifacts, launchChromium, openPage } from './browser';

const skipReason = browserSuiteSkipReason();

interface DemoReview {
  id: string;
  title: string;
  outcomes: { id: string; name: string }[];
}

describe.skipIf(skipReason !== null)('Summary of Findings in Chromium', { timeout: 60_000 }, () => {
  let api: RunningApi;
  let browser: Browser;
  let magnesium: DemoReview;
  let seed: DemoReview;

  beforeAll(async () => {
    api = await startApi();
    browser = await launchChromium();
    const { reviews } = await api.graphql<{ reviews: DemoReview[] }>('{ reviews { id title outcomes { id name } } }');
    magnesium = reviews.find((r) => r.title.startsWith('Intravenous magnesium'))!;
    seed = reviews.find((r) => r.title.startsWith('Mesenchymal'))!;
    if (!magnesium || !seed) throw new Error(`the demo lacks a review: ${reviews.map((r) => r.title).join(', ')}`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('lays out the magnesium mortality row: per 1000, OR with its CI, participants, ⊕⊕◯◯ with footnotes a–b (GRADE guidance 34: not imprecise against a 10% relative risk reduction)', async () => {
    const page = await openPage(browser, `${api.url}/reviews/${magnesium.id}/summary-of-findings`);
    const table = page.locator('[data-test=summary-of-findings]');
    await table.waitFor();
    const row = table.locator('[data-test=sof-line]').first();
    expect(await row.locator('[data-test=sof-outcome]').textContent()).toBe('Mortality');
    expect(await row.locator('[data-test=sof-comparison]').textContent()).toBe('116 per 1000');
    expect(await row.locator('[data-test=sof-intervention]').textContent()).toBe('118 per 1000 (112 to 124)');
    expect(await row.locator('[data-test=sof-relative]').textContent()).toBe('OR 1.01 (0.96 to 1.08)');
    expect(await row.locator('[data-test=sof-participants]').textContent()).toBe('62607 (16 RCTs)');
    expect((await row.locator('[data-test=sof-certainty]').textContent())?.replace(/\s+/g, ' ').trim()).toBe('⊕⊕◯◯ LOWa, b');
    expect(await row.locator('[data-test=sof-comments]').textContent()).toContain('firm evidence of no effect');
    expect(await row.locator('[data-test=sof-comments]').textContent()).toContain('Certainty that there is little or no effect, rated against the thresholds of an important effect, OR 0.90 and 1.11');
    expect(await table.locator('[data-test=sof-footnotes] li').evaluateAll((items) => items.map((li) => li.getAttribute('data-letter')))).toEqual(['a', 'b']);
    // OR 1.01 (0.96 to 1.08) lies within OR 0.90 to 1.11: rated down for inconsistency and publication bias, not imprecision.
    expect(await table.locator('[data-test=sof-footnotes] li').nth(0).textContent()).toContain('inconsistency');
    expect(await table.locator('[data-test=sof-footnotes] li').nth(1).textContent()).toContain('publication bias');
    expect(await table.locator('[data-test=sof-footnotes]').textContent()).not.toContain('imprecision');
    expect(await table.locator('[data-test=sof-definitions] dt').allTextContents()).toEqual(['⊕⊕⊕⊕ High certainty', '⊕⊕⊕◯ Moderate certainty', '⊕⊕◯◯ Low certainty', '⊕◯◯◯ Very low certainty']);
    await page.screenshot({ path: `${artifacts}summary-of-findings-magnesium.png`, fullPage: true });
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it("links the API's CSV and self-contained HTML of the same table", async () => {
    const page = await openPage(browser, `${api.url}/reviews/${magnesium.id}/summary-of-findings`);
    const csvHref = await page.locator('[data-test=sof-csv]').getAttribute('href');
    const htmlHref = await page.locator('[data-test=sof-html]').getAttribute('href');
    expect(csvHref).toBe(`/reviews/${magnesium.id}/summary-of-findings.csv`);
    const csv = await page.request.get(`${api.url}${csvHref}`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trimEnd().split(/\r?\n/);
    expect(lines[0]).toMatch(/^Outcome,/);
    expect(lines[1]).toContain('118 per 1000 (112 to 124)');
    const html = await page.request.get(`${api.url}${htmlHref}`);
    expect(html.headers()['content-type']).toContain('text/html');
    expect(await html.text()).toContain('OR 1.01 (0.96 to 1.08)');
    await page.close();
  });

  it('redraws the table live when a trial is added elsewhere', async () => {
    const page = await openPage(browser, `${api.url}/reviews/${magnesium.id}/summary-of-findings`);
    const participants = page.locator('[data-test=sof-participants]').first();
    await participants.waitFor();
    expect(await participants.textContent()).toBe('62607 (16 RCTs)');
    // Let the subscription open before the change (events are not replayed).
    await page.waitForTimeout(500);
    const { addStudy } = await api.graphql<{ addStudy: { study: { id: string } } }>('mutation($input: AddStudyInput!) { addStudy(input: $input) { study { id } } }', {
      input: { reviewId: magnesium.id, label: 'Cumulus Trial 2026', year: 2026, design: 'RCT' },
    });
    const { recordStudyData } = await api.graphql<{ recordStudyData: { outcome: { version: number }; errors: unknown[] } }>(
      'mutation($input: RecordStudyDataInput!) { recordStudyData(input: $input) { outcome { version } errors { field message } } }',
      { input: { outcomeId: magnesium.outcomes[0].id, studyId: addStudy.study.id, events1: 30, n1: 500, events2: 60, n2: 500 } },
    );
    expect(recordStudyData.errors).toEqual([]);
    await expect.poll(() => participants.textContent(), { timeout: 10_000 }).toBe('63607 (17 RCTs)');
    expect(await page.locator('[data-test=sof-version]').textContent()).toBe(`version ${recordStudyData.outcome.version}`);
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('shows the seed review’s published rating beside the suggestion, on the review page', async () => {
    const page = await openPage(browser, `${api.url}/reviews/${seed.id}`);
    const table = page.locator('[data-test=summary-of-findings]');
    await table.waitFor();
    const row = table.locator('[data-test=sof-line]', { hasText: 'mRSS at 12 months' });
    // One self-controlled study of 14 patients against an optimal information size of about 126 (a 5-point mRSS
    // difference, SD 10): imprecision takes the suggestion from low to very low; the review published moderate.
    expect((await row.locator('[data-test=sof-certainty]').textContent())?.trim()).toMatch(/^⊕◯◯◯ VERY LOW/);
    expect(await row.locator('[data-test=sof-published]').textContent()).toContain('⊕⊕⊕◯ MODERATE');
    expect(await row.locator('[data-test=sof-published]').textContent()).toContain('As published');
    await page.locator('a', { hasText: '(on its own page)' }).click();
    await page.waitForURL(`**/reviews/${seed.id}/summary-of-findings`);
    await page.locator('[data-test=summary-of-findings]').waitFor();
    await page.screenshot({ path: `${artifacts}summary-of-findings-seed.png`, fullPage: true });
    expect(page.problems).toEqual([]);
    await page.close();
  });
});
