// The outcome page's evidence panels in Chromium against the real API, on the magnesium review (the textbook
// case: an early significant benefit overturned by ISIS-4): GRADE certainty by domain, absolute effects per
// 1000, the trial sequential analysis; a maintainer's override with its footnote, flagged for re-review when
// the data change; the sequential assumptions form.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCount, formatPValue } from '../../src/format';
import { browserSuiteSkipReason, startApi, type RunningApi } from './api-server';
import { artifacts, launchChromium, openPage, openSection, type WatchedPage } from './browser';

const skipReason = browserSuiteSkipReason();

describe.skipIf(skipReason !== null)('evidence panels in Chromium', { timeout: 90_000 }, () => {
  let api: RunningApi;
  let browser: Browser;
  let maintainer: BrowserContext;
  let magnesium: { reviewId: string; outcomeId: string };

  async function signIn(context: BrowserContext, token: string): Promise<WatchedPage> {
    const page = await openPage(context, `${api.url}/`);
    await page.locator('[data-test=sign-in-link]').click();
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Use the token' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    return page;
  }


  async function addTrial(label: string, events1: number, events2: number, n: number) {
    const { addStudy } = await api.graphql<{ addStudy: { study: { id: string } } }>('mutation($input: AddStudyInput!) { addStudy(input: $input) { study { id } } }', {
      input: { reviewId: magnesium.reviewId, label, year: 2026, design: 'RCT' },
    });
    const { recordStudyData } = await api.graphql<{ recordStudyData: { outcome: { version: number }; errors: unknown[] } }>(
      'mutation($input: RecordStudyDataInput!) { recordStudyData(input: $input) { outcome { version } errors { field message } } }',
      { input: { outcomeId: magnesium.outcomeId, studyId: addStudy.study.id, events1, n1: n, events2, n2: n } },
    );
    expect(recordStudyData.errors).toEqual([]);
    return recordStudyData.outcome.version;
  }

  beforeAll(async () => {
    api = await startApi();
    browser = await launchChromium();
    const { reviews } = await api.graphql<{ reviews: { id: string; title: string; outcomes: { id: string }[] }[] }>('{ reviews { id title outcomes { id } } }');
    const review = reviews.find((r) => r.title.startsWith('Intravenous magnesium'))!;
    magnesium = { reviewId: review.id, outcomeId: review.outcomes[0].id };
    maintainer = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('shows GRADE by domain (GRADE guidance 34: precise evidence of little or no effect against the 10% relative risk reduction), absolute effects per 1000 and the sequential verdict beside the conventional P', async () => {
    const page = await openPage(browser, `${api.url}/outcomes/${magnesium.outcomeId}`);
    await page.locator('[data-test=certainty]').waitFor();
    expect(await page.locator('[data-test=certainty-level]').textContent()).toBe('⊕⊕◯◯ Low');
    expect(await page.locator('[data-test=certainty-target]').textContent()).toContain('Certainty that there is little or no effect');
    expect(await page.locator('[data-test=certainty-thresholds]').textContent()).toBe('Odds ratio 0.90 and 1.11 (from a 10% relative risk reduction)');
    const imprecision = page.locator('[data-test=certainty-domain][data-domain=IMPRECISION]');
    expect(await imprecision.locator('[data-test=domain-final]').textContent()).toBe('0 (not serious)');
    expect(await imprecision.textContent()).toContain('95% CI 0.96 to 1.08 lies within the region of little or no effect');
    expect(await imprecision.textContent()).toContain('62607 participants meet the optimal information size');
    expect(await page.locator('[data-test=absolute-intervention]').first().textContent()).toBe('118 per 1000 (112 to 124)');

    const { outcome } = await api.graphql<{ outcome: { analysis: { pValue: number; sequential: { requiredInformationSize: number }; informationSize: { assumptions: string } } } }>(
      'query($id: ID!) { outcome(id: $id) { analysis { pValue sequential { requiredInformationSize } informationSize { assumptions } } } }',
      { id: magnesium.outcomeId },
    );
    const ris = formatCount(outcome.analysis.sequential.requiredInformationSize);
    const tsa = page.locator('[data-test=tsa]');
    expect(await tsa.locator('[data-test=tsa-verdict]').textContent()).toBe('Firm evidence of no effect as large as assumed');
    expect(await tsa.locator('.verdict').textContent()).toContain(`conventional test ${formatPValue(outcome.analysis.pValue)}`);
    expect(await tsa.locator('[data-test=tsa-reason]').textContent()).toContain('The required information size has been reached');
    expect(await tsa.locator('[data-test=tsa-assumptions]').textContent()).toContain(`Required information size ${ris} participants (62,607 so far); assumptions: ${outcome.analysis.informationSize.assumptions}.`);
    expect(outcome.analysis.informationSize.assumptions).toMatch(/^relative risk reduction \d+%, control risk/);
    await tsa.scrollIntoViewIfNeeded();
    await expect.poll(() => tsa.locator('canvas').count()).toBe(1);
    await tsa.screenshot({ path: `${artifacts}tsa-magnesium.png` });
    expect((page as WatchedPage).problems).toEqual([]);
    await page.close();
  });

  it("overrides a domain with a footnote, and flags it for re-review when the data change", async () => {
    await (await signIn(maintainer, api.adminToken)).close();
    const page = await openPage(maintainer, `${api.url}/outcomes/${magnesium.outcomeId}`);
    const form = await openSection(page, 'Rate a GRADE domain by judgement');
    await form.getByLabel('Domain').selectOption('INDIRECTNESS');
    await form.getByLabel('Rating').selectOption('-1');
    await form.getByLabel('Footnote (why)').fill('Most trials gave magnesium before thrombolysis became routine.');
    await form.getByRole('button', { name: 'Rate this domain' }).click();
    await form.locator('[data-test=form-saved]').waitFor();
    const indirectness = page.locator('[data-test=certainty-domain][data-domain=INDIRECTNESS]');
    await expect.poll(() => indirectness.locator('[data-test=domain-final]').textContent(), { timeout: 10_000 }).toBe('−1 (serious)');
    expect(await indirectness.locator('[data-test=domain-override]').textContent()).toContain('Most trials gave magnesium before thrombolysis became routine.');
    expect(await indirectness.locator('[data-test=override-needs-review]').count()).toBe(0);

    // A footnote is required: the API's message appears next to the field.
    await form.getByLabel('Footnote (why)').fill('');
    await form.getByRole('button', { name: 'Rate this domain' }).click();
    await expect.poll(() => form.locator('[data-test=error-footnote]').count()).toBe(1);

    await addTrial('Re-review Trial 2026', 40, 45, 600);
    await expect.poll(() => indirectness.locator('[data-test=override-needs-review]').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('[data-test=certainty-needs-review]').count()).toBe(1);
    expect((page as WatchedPage).problems).toEqual([]);
    await page.close();
  });

  it('recomputes the sequential analysis with the assumptions a maintainer states', async () => {
    const page = await openPage(maintainer, `${api.url}/outcomes/${magnesium.outcomeId}`);
    const form = await openSection(page, 'Sequential analysis assumptions');
    await form.getByLabel('Relative risk reduction').fill('0.25');
    await form.getByRole('button', { name: 'Recompute the sequential analysis' }).click();
    await form.locator('[data-test=form-saved]').waitFor();
    await expect.poll(() => page.locator('[data-test=tsa-assumptions]').textContent(), { timeout: 10_000 }).toContain('relative risk reduction 25%');
    await form.getByLabel('Power').fill('1.5');
    await form.getByRole('button', { name: 'Recompute the sequential analysis' }).click();
    await expect.poll(() => form.locator('[data-test=error-power]').textContent()).toContain('power must lie between 0.5 and 1');
    await page.close();
  });

  it('sets the thresholds of an important effect in the settings form, and shows the target and thresholds of the rating (GRADE guidance 34)', async () => {
    const page = await openPage(maintainer, `${api.url}/outcomes/${magnesium.outcomeId}`);
    const form = (await openSection(page, 'Analysis settings')).locator('[data-test=importance-thresholds]');
    // An odds ratio of 1 is no effect, not a threshold: the API's message appears beside the value.
    await form.getByLabel('Benefit threshold').selectOption('OUTCOME_SCALE');
    await form.getByLabel('Smallest important benefit').fill('1');
    await form.getByRole('button', { name: 'Recompute with these thresholds' }).click();
    await expect.poll(() => form.locator('[data-test="error-importanceThresholds.benefit.value"]').textContent()).toContain('an OR threshold is a ratio above 0 and other than 1');
    // 20 fewer deaths per 1000 as the benefit, 10 more as the harm.
    await form.getByLabel('Benefit threshold').selectOption('PER_1000');
    await form.getByLabel('Smallest important benefit').fill('-20');
    await form.getByLabel('Harm threshold').selectOption('PER_1000');
    await form.getByLabel('Smallest important harm').fill('10');
    await form.getByRole('button', { name: 'Recompute with these thresholds' }).click();
    await form.locator('[data-test=form-saved]').waitFor();
    const thresholds = page.locator('[data-test=certainty-thresholds]');
    await expect.poll(() => thresholds.textContent(), { timeout: 10_000 }).toMatch(/^Odds ratio 0\.\d\d and 1\.\d\d \(from 20 fewer per 1000 and 10 more per 1000\)$/);
    expect(await page.locator('[data-test=certainty-target]').textContent()).toContain('Certainty that there is little or no effect');
    expect(await page.locator('[data-test=certainty-domain][data-domain=IMPRECISION]').textContent()).toContain('from 20 fewer per 1000 and 10 more per 1000');
    await page.locator('[data-test=certainty]').screenshot({ path: `${artifacts}certainty-thresholds.png` });
    expect((page as WatchedPage).problems).toEqual([]);
    await page.close();
  });

  it('marks on the evidence timeline where the conclusion changed, and raises a banner when one changes live', async () => {
    const page = await openPage(browser, `${api.url}/outcomes/${magnesium.outcomeId}`);
    const changes = page.locator('[data-test=conclusion-change]');
    await changes.first().waitFor();
    // ISIS-4 (version 34) overturned the early benefit: significance, direction, certainty and verdict.
    const isis = page.locator('[data-test=conclusion-change][data-version="34"]');
    expect(await isis.locator('strong').textContent()).toBe('significance, direction, certainty, verdict');
    expect(await isis.textContent()).toContain('The effect is no longer statistically significant');
    expect(Number(await changes.first().getAttribute('data-version'))).toBeLessThan(34);
    expect(await page.locator('[data-test=conclusion-alert]').count()).toBe(0);

    await page.waitForTimeout(500); // the subscription opens (events are not replayed)
    // A mega-trial with a large benefit makes the pooled effect significant again.
    const version = await addTrial('Mega Trial 2026', 300, 900, 40000);
    const banner = page.locator('[data-test=conclusion-alert]');
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.textContent()).toContain(`The conclusion changed at version ${version}.`);
    expect(await banner.textContent()).toContain('The effect became statistically significant');
    await expect.poll(() => page.locator(`[data-test=conclusion-change][data-version="${version}"]`).count()).toBe(1);
    await page.screenshot({ path: `${artifacts}conclusion-alert.png` });
    await banner.getByRole('button', { name: 'Dismiss this alert' }).click();
    expect(await banner.count()).toBe(0);
    expect((page as WatchedPage).problems).toEqual([]);
    await page.close();
  });
});
