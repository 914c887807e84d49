// Pasting a table of numbers in Chromium against the real API: an administrator pastes the 13 BCG trials into a new
// outcome of the BCG review (rows as a spreadsheet copies them), sees the preview, and records them as one version; the
// page shows the pooled result the API computed. A second paste (CSV) with problems marked before sending, two new
// studies and a cell the API refuses (events above participants): nothing is stored, the API's message sits on that
// cell, and after the correction the new studies and all the numbers are recorded as one version. At 390 px too.
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEffectWithCi } from '../../src/format';
import { browserSuiteSkipReason, demoReview, startApi, type DemoReview, type RunningApi } from './api-server';
import { artifacts, desktop, launchChromium, openPage, openSection, phone, type WatchedPage } from './browser';

const skipReason = browserSuiteSkipReason();

interface Trial {
  study: { label: string };
  events1: number;
  n1: number;
  events2: number;
  n2: number;
}

interface Pooled {
  version: number;
  analysis: { k: number; estimate: number | null; ciLower: number | null; ciUpper: number | null };
}

describe.skipIf(skipReason !== null)('pasting a table of numbers in Chromium', { timeout: 120_000 }, () => {
  let api: RunningApi;
  let browser: Browser;
  let admin: BrowserContext;
  let bcg: DemoReview;
  let outcomeId = '';
  let trials: Trial[] = [];
  /** The administrator's outcome page, kept open across the first two tests. */
  let page: WatchedPage;

  const reviewVersion = async () => (await api.graphql<{ review: { version: number } }>('query($id: ID!) { review(id: $id) { version } }', { id: bcg.reviewId })).review.version;
  const pooled = async () =>
    (await api.graphql<{ outcome: Pooled }>('query($id: ID!) { outcome(id: $id) { version analysis { k estimate ciLower ciUpper } } }', { id: outcomeId })).outcome;
  const horizontalOverflow = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  async function openPasteForm(p: Page): Promise<Locator> {
    await p.locator('[data-test=outcome-maintenance]').waitFor();
    const section = await openSection(p, 'Paste a table of numbers');
    const form = section.locator('[data-test=paste-table]');
    await form.waitFor();
    return form;
  }

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    api = await startApi();
    browser = await launchChromium();
    bcg = await demoReview(api, 'BCG');
    const { addOutcome } = await api.graphql<{ addOutcome: { outcome: { id: string } | null; errors: { message: string }[] } }>(
      'mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { outcome { id } errors { message } } }',
      { input: { reviewId: bcg.reviewId, name: 'Tuberculosis (pasted table)', measure: 'OR' } },
    );
    expect(addOutcome.errors).toEqual([]);
    outcomeId = addOutcome.outcome!.id;
    trials = (
      await api.graphql<{ outcome: { studyData: Trial[] } }>('query($id: ID!) { outcome(id: $id) { studyData { study { label } events1 n1 events2 n2 } } }', { id: bcg.outcomeId })
    ).outcome.studyData;
    expect(trials).toHaveLength(13);
    admin = await browser.newContext({ viewport: desktop });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it("pastes the 13 BCG trials as a spreadsheet copies them, previews them, and records them as one version; the page shows the API's pooled result", async () => {
    page = await openPage(admin, `${api.url}/`);
    await page.evaluate((token) => localStorage.setItem('cumulus.token', token), api.adminToken);
    await page.goto(`${api.url}/outcomes/${outcomeId}`);
    await expect.poll(() => page.locator('[data-test=pooled-estimate]').textContent()).toBe('No studies with data for this outcome yet.');
    const form = await openPasteForm(page);
    // The columns an odds ratio takes are shown.
    expect(await form.locator('[data-test=paste-columns]').textContent()).toMatch(/Odds ratio: study and events1 n1 events2 n2 or estimate ciLower ciUpper or yi sei; optional: year/);

    // Friendly names and the API's mixed, a column the form does not use, and a blank line at the end.
    const header = ['Study', 'Events (exp.)', 'N (exp.)', 'events2', 'n2', 'allocation'];
    const lines = [header, ...trials.map((t) => [t.study.label, t.events1, t.n1, t.events2, t.n2, 'random'])].map((cells) => cells.join('\t'));
    await form.getByLabel('Table').fill(`${lines.join('\n')}\n\n`);

    const rows = form.locator('[data-test=paste-row]');
    await expect.poll(() => rows.count()).toBe(13);
    expect(await form.locator('[data-test=paste-summary]').textContent()).toBe('13 rows (tab-separated); every study is in the review already.');
    expect(await form.locator('[data-test=paste-unused]').textContent()).toBe('Not used: “allocation” (not a column this form knows).');
    expect(await form.locator('[data-test=new-study]').count()).toBe(0);
    expect(await form.locator('[data-test=cell-error]').count()).toBe(0);
    expect((await form.locator('[data-test=paste-preview] thead th').allTextContents()).map((text) => text.trim())).toEqual(['Row', 'Studystudy', 'Events (exp.)events1', 'N (exp.)n1', 'events2', 'n2']);
    const aronson = rows.filter({ hasText: 'Aronson 1948' });
    expect(await aronson.locator('[data-test=cell-n1]').textContent()).toBe(String(trials.find((t) => t.study.label === 'Aronson 1948')!.n1));
    await page.screenshot({ path: `${artifacts}paste-table-preview-1400.png`, fullPage: true });

    const before = await reviewVersion();
    await form.getByRole('button', { name: 'Record 13 studies' }).click();
    const saved = form.locator('[data-test=form-saved]');
    await saved.waitFor({ timeout: 10_000 });
    const result = await pooled();
    expect(await reviewVersion()).toBe(before + 1);
    expect(result.version).toBe(before + 1);
    expect(result.analysis.k).toBe(13);
    const expected = formatEffectWithCi(result.analysis.estimate, result.analysis.ciLower, result.analysis.ciUpper);
    expect(await saved.textContent()).toBe(`Recorded 13 studies as version ${before + 1}; the outcome now pools 13 studies: ${expected}.`);
    // The page follows its subscription to the new version.
    await expect.poll(() => page.locator('[data-test=study-count]').textContent(), { timeout: 10_000 }).toBe('13 studies');
    await expect.poll(() => page.locator('[data-test=pooled-estimate]').textContent()).toBe(expected);
    await expect.poll(() => page.locator('[data-test=version]').textContent()).toBe(`version ${before + 1}`);
    // The box is empty for the next table, and the stored numbers are the trials'.
    expect(await form.getByLabel('Table').inputValue()).toBe('');
    expect(await rows.count()).toBe(0);
    const stored = (
      await api.graphql<{ outcome: { studyData: Trial[] } }>('query($id: ID!) { outcome(id: $id) { studyData { study { label } events1 n1 events2 n2 } } }', { id: outcomeId })
    ).outcome.studyData;
    const byLabel = (list: Trial[]) => Object.fromEntries(list.map((t) => [t.study.label, [t.events1, t.n1, t.events2, t.n2]]));
    expect(byLabel(stored)).toEqual(byLabel(trials));
    // The news is where the button was, in view.
    await saved.scrollIntoViewIfNeeded();
    expect(await saved.isVisible()).toBe(true);
    await page.screenshot({ path: `${artifacts}paste-table-recorded-1400.png`, fullPage: false });
    expect(page.problems).toEqual([]);
  });

  it("marks problems before sending; adds two new studies, shows the API's message on the refused cell, and records after the correction", async () => {
    const form = await openPasteForm(page);
    const rows = form.locator('[data-test=paste-row]');
    // "Record 4 rows of 2 studies" while a study is given twice (and one row names none), "Record 4 studies" once each is given once.
    const record = form.getByRole('button', { name: /^Record 4 / });

    // CSV, with a quoted label holding a comma; problems the form sees itself: a study twice, a word, no study.
    const csv = (cells: string[][]) => cells.map((line) => line.join(',')).join('\n');
    const head = ['study', 'year', 'events1', 'n1', 'events2', 'n2'];
    await form.getByLabel('Table').fill(
      csv([head, ['Ferguson & Simes 1949', '1949', '6', '306', '29', '303'], ['"Okafor, Bello 2024"', '2024', 'n/a', '40', '5', '41'], ['Ferguson & Simes 1949', '', '6', '306', '29', '303'], ['', '2025', '13', '120', '9', '118']]),
    );
    await expect.poll(() => rows.count()).toBe(4);
    const cellError = (row: number, field: string) => rows.nth(row).locator(`[data-test=cell-${field}] [data-test=cell-error]`);
    expect(await cellError(0, 'study').textContent()).toBe('also in row 3: give each study once, or tell its rows apart by a label (the arm) or subgroup');
    expect(await cellError(2, 'study').textContent()).toBe('also in row 1: give each study once, or tell its rows apart by a label (the arm) or subgroup');
    expect(await cellError(1, 'events1').textContent()).toBe('“n/a” is not a number');
    expect(await cellError(3, 'study').textContent()).toBe('no study: each row needs the label of its study');
    expect(await rows.nth(1).locator('[data-test=cell-study] .value').textContent()).toBe('Okafor, Bello 2024');
    expect(await rows.nth(1).locator('[data-test=new-study]').count()).toBe(1);
    expect(await form.locator('[data-test=paste-blocked]').textContent()).toBe('Fix 4 problems marked above to record (first: row 1, study).');
    expect(await record.isDisabled()).toBe(true);
    expect(await record.textContent()).toBe('Record 4 rows of 2 studies');
    await page.locator('[data-test=outcome-maintenance]').screenshot({ path: `${artifacts}paste-table-problems-1400.png` });

    // Corrected, but with events above participants (the API's check): two new studies.
    const before = await reviewVersion();
    const table = (events: string) =>
      csv([
        head,
        ['Ferguson & Simes 1949', '1949', '6', '306', '29', '303'],
        ['"Okafor, Bello 2024"', '2024', '3', '40', '5', '41'],
        ['Vandiviere et al 1973', '1973', '8', '2545', '10', '629'],
        ['Lindqvist 2025', '2025', events, '120', '9', '118'],
      ]);
    await form.getByLabel('Table').fill(table('130'));
    await expect.poll(() => form.locator('[data-test=cell-error]').count()).toBe(0);
    expect(await form.locator('[data-test=paste-summary]').textContent()).toBe(
      '4 rows (comma-separated): 2 in the review, 2 new studies to add with their numbers (marked “new study”).',
    );
    expect(await form.locator('[data-test=new-study]').count()).toBe(2);
    expect(await record.isDisabled()).toBe(false);
    await record.click();

    const refusal = form.locator('[data-test=form-error]');
    await refusal.first().waitFor({ timeout: 10_000 });
    expect(await refusal.allTextContents()).toEqual(['Nothing was stored: fix the cells marked and record again.']);
    const refused = cellError(3, 'events1');
    await refused.waitFor();
    expect(await refused.textContent()).toBe("study 'Lindqvist 2025': events1 (130) cannot exceed n1 (120) in arm 1");
    expect(await rows.nth(3).locator('[data-test=cell-events1]').getAttribute('class')).toContain('invalid');
    expect(await form.locator('[data-test=cell-error]').count()).toBe(1);
    // Nothing was stored: neither the new studies nor any numbers.
    expect(await reviewVersion()).toBe(before);
    expect((await pooled()).analysis.k).toBe(13);
    expect(await form.locator('[data-test=new-study]').count()).toBe(2);
    await page.locator('[data-test=outcome-maintenance]').screenshot({ path: `${artifacts}paste-table-refused-1400.png` });

    // The correction takes the API's message away, and the table is recorded.
    await form.getByLabel('Table').fill(table('13'));
    await expect.poll(() => form.locator('[data-test=cell-error]').count()).toBe(0);
    await record.click();
    const saved = form.locator('[data-test=form-saved]');
    await saved.waitFor({ timeout: 10_000 });
    const result = await pooled();
    expect(await reviewVersion()).toBe(before + 1);
    expect(result.version).toBe(before + 1);
    expect(result.analysis.k).toBe(15);
    const expected = formatEffectWithCi(result.analysis.estimate, result.analysis.ciLower, result.analysis.ciUpper);
    expect(await saved.textContent()).toBe(`Recorded 4 studies (2 new studies added with them) as version ${before + 1}; the outcome now pools 15 studies: ${expected}.`);
    expect(await form.locator('[data-test=form-error]').count()).toBe(0);
    await expect.poll(() => page.locator('[data-test=study-count]').textContent(), { timeout: 10_000 }).toBe('15 studies');
    await expect.poll(() => page.locator('[data-test=pooled-estimate]').textContent()).toBe(expected);

    // The new studies have the years pasted with them.
    const { review } = await api.graphql<{ review: { studies: { label: string; year: number | null; addedInVersion: number }[] } }>(
      'query($id: ID!) { review(id: $id) { studies { label year addedInVersion } } }',
      { id: bcg.reviewId },
    );
    expect(review.studies.filter((s) => s.addedInVersion === before + 1).map((s) => [s.label, s.year])).toEqual([
      ['Okafor, Bello 2024', 2024],
      ['Lindqvist 2025', 2025],
    ]);
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('works at 390 px: the hint, the box and a preview with a problem, without the page scrolling sideways', async () => {
    const context = await browser.newContext({ viewport: phone });
    const phonePage = await openPage(context, `${api.url}/`);
    await phonePage.evaluate((token) => localStorage.setItem('cumulus.token', token), api.adminToken);
    await phonePage.goto(`${api.url}/outcomes/${outcomeId}`);
    const form = await openPasteForm(phonePage);
    const lines = [
      ['study', 'events1', 'n1', 'events2', 'n2'],
      ['Aronson 1948', '4', '123', '11', '139'],
      ['Rosenthal et al 1960', '3', '231', '11,5', '220'],
      ['Hutchins 2026', '7', '90', '12', '88'],
    ];
    await form.getByLabel('Table').fill(lines.map((cells) => cells.join('\t')).join('\n'));
    await expect.poll(() => form.locator('[data-test=paste-row]').count()).toBe(3);
    expect(await form.locator('[data-test=cell-events2] [data-test=cell-error]').textContent()).toBe(
      '“11,5” has a comma: write numbers with a decimal point and no thousands separators (0.47, 13598)',
    );
    expect(await form.locator('[data-test=new-study]').count()).toBe(1);
    // The cell may be off to the side on a phone: the note says where.
    expect(await form.locator('[data-test=paste-blocked]').textContent()).toBe('Fix 1 problem marked above to record (first: row 2, events2).');
    expect(await horizontalOverflow(phonePage)).toBeLessThanOrEqual(0);
    await phonePage.locator('[data-test=paste-section]').screenshot({ path: `${artifacts}paste-table-390.png` });
    expect(phonePage.problems).toEqual([]);
    await context.close();
  });
});
