// Meta-regression on the outcome page in Chromium against the real API: the demo BCG outcome regressed on absolute
// latitude (coefficients, tests, the bubble plot with its fitted line), a maintainer choosing moderators in the settings
// form, a moderator the data cannot support shown as what to fix, and study labels typed as markup shown as text in
// the bubble plot's tooltips.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEffect } from '../../src/format';
import { browserSuiteSkipReason, demoReview, startApi, type RunningApi } from './api-server';
import { artifacts, launchChromium, openPage, openSection, type WatchedPage } from './browser';

const skipReason = browserSuiteSkipReason();
const payload = '<img src=x onerror="window.__pwned=(window.__pwned||0)+1">';

/** Sweeps a synthetic pointer over the chart and returns each distinct tooltip's text and the HTML elements it held. */
async function tooltipsOf(chart: Locator): Promise<{ text: string; elements: number }[]> {
  await chart.scrollIntoViewIfNeeded();
  await chart.locator('canvas').first().waitFor();
  return chart.evaluate((box) => {
    const rect = box.getBoundingClientRect();
    const surface = box.querySelector('canvas') ?? box;
    const seen: { text: string; elements: number }[] = [];
    for (let y = rect.top + 1; y < rect.bottom - 1; y += 3) {
      for (let x = rect.left + 1; x < rect.right - 1; x += 3) {
        surface.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y, bubbles: true }));
        const tip = [...box.querySelectorAll('div')].find((div) => div.style.zIndex === '9999999');
        if (tip && tip.style.display !== 'none' && tip.textContent && !seen.some((s) => s.text === tip.textContent)) {
          seen.push({ text: tip.textContent, elements: tip.querySelectorAll('img, svg, script, iframe').length });
        }
      }
    }
    box.dispatchEvent(new MouseEvent('mouseout', { bubbles: true }));
    return seen;
  });
}

describe.skipIf(skipReason !== null)('meta-regression in Chromium', { timeout: 90_000 }, () => {
  let api: RunningApi;
  let browser: Browser;
  let maintainer: BrowserContext;

  beforeAll(async () => {
    api = await startApi();
    browser = await launchChromium();
    maintainer = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await openPage(maintainer, `${api.url}/`);
    await page.locator('[data-test=sign-in-link]').click();
    await page.getByLabel('API token').fill(api.adminToken);
    await page.getByRole('button', { name: 'Use the token' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.close();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it("draws BCG's regression on absolute latitude: coefficients, tests and the bubble plot with its fitted line", async () => {
    const bcg = await demoReview(api, 'BCG');
    const { outcome } = await api.graphql<{ outcome: { analysis: { metaRegression: { result: { coefficients: { name: string; estimate: number; pValue: number }[]; qm: number } } } } }>(
      'query($id: ID!) { outcome(id: $id) { analysis { metaRegression { result { qm coefficients { name estimate pValue } } } } } }',
      { id: bcg.outcomeId },
    );
    const [intercept, slope] = outcome.analysis.metaRegression.result.coefficients;
    const page = await openPage(browser, `${api.url}/outcomes/${bcg.outcomeId}`);
    const panel = page.locator('[data-test=meta-regression]');
    await panel.waitFor();
    expect(await panel.locator('[data-test=meta-regression-moderators]').textContent()).toBe('absoluteLatitude');
    const rows = panel.locator('[data-test=meta-regression-coefficients] tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-coefficient')))).toEqual(['intercept', 'absoluteLatitude']);
    expect(await rows.nth(0).locator('td').first().textContent()).toBe(formatEffect(intercept.estimate, 4));
    expect(await rows.nth(1).locator('td').first().textContent()).toBe(formatEffect(slope.estimate, 4));
    expect(slope.estimate).toBeLessThan(0);
    expect(await rows.nth(1).locator('td[data-label=P]').textContent()).toBe('P < 0.001');
    expect(await panel.locator('[data-test=meta-regression-tests]').textContent()).toContain(`Test of moderators: QM = ${outcome.analysis.metaRegression.result.qm.toFixed(2)} (df = 1), P < 0.001.`);

    const chart = page.locator('.chart[aria-label^="Bubble plot"]');
    const tooltips = await tooltipsOf(chart);
    // Trials at the same latitude overlap; most show their own tooltip, each naming the latitude and the weight.
    expect(tooltips.length).toBeGreaterThanOrEqual(8);
    for (const tip of tooltips) expect(tip.text).toMatch(/absoluteLatitude \d+\.00Log odds ratio -?\d\.\d\dWeight \d+\.\d%$/);
    await chart.screenshot({ path: `${artifacts}bubble-plot-bcg.png` });
    expect((page as WatchedPage).problems).toEqual([]);
    await page.close();
  });

  it('lets a maintainer choose a moderator in the settings form, shows what to fix when a study lacks it, and escapes study labels in the tooltips', async () => {
    const gql = api.graphql.bind(api);
    const { createReview } = await gql<{ createReview: { review: { id: string } } }>('mutation($input: CreateReviewInput!) { createReview(input: $input) { review { id } } }', {
      input: { title: 'Dose review' },
    });
    const reviewId = createReview.review.id;
    const { addOutcome } = await gql<{ addOutcome: { outcome: { id: string } } }>('mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { outcome { id } } }', {
      input: { reviewId, name: 'Pain', measure: 'MD' },
    });
    const outcomeId = addOutcome.outcome.id;
    const trials: [string, number, number][] = [['Low 2001', 5, -0.1], [payload, 10, -0.4], ['Mid 2009', 15, -0.6], ['High 2012', 20, -1.1], ['Top 2015', 25, -1.2]];
    for (const [label, dose, yi] of trials) {
      const { addStudy } = await gql<{ addStudy: { study: { id: string } } }>('mutation($input: AddStudyInput!) { addStudy(input: $input) { study { id } } }', {
        input: { reviewId, label, design: 'RCT', characteristics: { dose } },
      });
      await gql('mutation($input: RecordStudyDataInput!) { recordStudyData(input: $input) { errors { message } } }', { input: { outcomeId, studyId: addStudy.study.id, yi, sei: 0.2 } });
    }

    const page: Page = await openPage(maintainer, `${api.url}/outcomes/${outcomeId}`);
    const settings = await openSection(page, 'Analysis settings');
    const form = settings.locator('[data-test=meta-regression-moderators-form]');
    await form.getByLabel('Use dose').check();
    expect(await form.getByLabel('Kind of dose').inputValue()).toBe('NUMERIC');
    await form.getByRole('button', { name: 'Recompute with these moderators' }).click();
    await form.locator('[data-test=form-saved]').waitFor();
    const panel = page.locator('[data-test=meta-regression]');
    await panel.locator('[data-test=meta-regression-coefficients]').waitFor({ timeout: 10_000 });
    // Five studies for one coefficient: the panel says the estimates may be unreliable.
    expect(await panel.locator('[data-test=meta-regression-warnings]').textContent()).toContain('5 studies for 1 moderator coefficient');

    const tooltips = await tooltipsOf(page.locator('.chart[aria-label^="Bubble plot"]'));
    const typed = tooltips.find((tip) => tip.text.startsWith(payload));
    expect(typed, JSON.stringify(tooltips)).toBeDefined();
    expect(tooltips.every((tip) => tip.elements === 0)).toBe(true);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

    // Country is not given for any study: the analysis is stored, the panel says which study to fix.
    await form.getByLabel('Use country').check();
    await form.getByLabel('Use dose').uncheck();
    await form.getByRole('button', { name: 'Recompute with these moderators' }).click();
    await expect.poll(() => panel.locator('[data-test=meta-regression-error]').textContent(), { timeout: 10_000 }).toContain("moderator 'country' is missing for study 'Low 2001'");
    expect(await page.locator('[data-test=pooled-estimate]').count()).toBeGreaterThan(0);
    expect((page as WatchedPage).problems).toEqual([]);
    await page.close();
  });
});
