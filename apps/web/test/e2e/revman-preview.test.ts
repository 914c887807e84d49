// Importing a RevMan 5 file in Chromium against the real API, preview first: what will be created, each analysis
// against the numbers RevMan stored (one wrong on purpose), then the import, the review's "Other data" table shown as
// text, and the three-arm trial's two rows with their unit-of-analysis note. The file is written by revman-file.ts.
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuiteSkipReason, startApi, type RunningApi } from './api-server';
import { artifacts, desktop, launchChromium, openPage, openSection } from './browser';
import { coughRows, revManFile } from './revman-file';

const skipReason = browserSuiteSkipReason();

/** The Mantel-Haenszel risk ratio (each row a stratum), as RevMan 5 computes it. */
function mantelHaenszelRiskRatio(rows: typeof coughRows): number {
  const numerator = rows.reduce((sum, r) => sum + (r.events1 * r.total2) / (r.total1 + r.total2), 0);
  const denominator = rows.reduce((sum, r) => sum + (r.events2 * r.total1) / (r.total1 + r.total2), 0);
  return numerator / denominator;
}

describe.skipIf(skipReason !== null)('the RevMan import preview in Chromium', { timeout: 90_000 }, () => {
  let api: RunningApi;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    api = await startApi();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: desktop });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it("previews what the import will create and how each analysis compares with RevMan's stored numbers, then imports it", async () => {
    const page = await openPage(context, `${api.url}/`);
    await page.evaluate((token) => localStorage.setItem('cumulus.token', token), api.adminToken);
    await page.reload();
    const form = await openSection(page, 'Import a Cochrane review (RevMan 5 file)');
    const input = form.getByLabel('RevMan 5 file (.rm5)');

    // Not a RevMan file: the preview says why, and shows nothing.
    await input.setInputFiles({ name: 'notes.rm5', mimeType: 'text/plain', buffer: Buffer.from('these are my notes') });
    await form.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => form.locator('[data-test=form-error]').count()).toBeGreaterThan(0);
    expect(await form.locator('[data-test=import-preview]').count()).toBe(0);

    await input.setInputFiles({ name: 'honey.rm5', mimeType: 'application/xml', buffer: Buffer.from(revManFile(), 'utf8') });
    expect(await form.locator('[data-test=form-error]').count()).toBe(0);
    await form.getByRole('button', { name: 'Preview' }).click();
    const preview = form.locator('[data-test=import-preview]');
    await preview.waitFor();
    expect(await preview.locator('[data-test=preview-title]').textContent()).toBe('Honey for acute cough');
    expect(await preview.locator('[data-test=preview-counts]').textContent()).toBe('Will create 3 studies and 2 analyses with 6 data rows, and 1 “Other data” table.');
    expect(await preview.locator('[data-test=preview-verdict]').textContent()).toBe(
      "1 of 2 analyses differ from the numbers RevMan stored: see below. The import keeps RevMan's numbers beside Cumulus's.",
    );

    const analyses = preview.locator('[data-test=preview-analysis]');
    expect(await analyses.count()).toBe(3);
    const cough = preview.locator('[data-test=preview-analysis][data-analysis="1.1"]');
    expect((await cough.locator('th, td').allTextContents()).map((t) => t.trim())).toEqual([
      '1.1',
      'Cough at day 3',
      'Dichotomous: Risk ratio, M-H, fixed',
      'all totals',
      '4 rows (3 studies)',
      'differs from RevMan in 1 of 5 numbers',
    ]);
    // The one difference: RevMan's stored overall (0.5, wrong on purpose) against the Mantel-Haenszel risk ratio.
    const difference = preview.locator('[data-test=preview-difference]');
    expect(await difference.count()).toBe(1);
    expect((await difference.locator('td').allTextContents()).slice(0, 4)).toEqual(['overall', 'estimate', '0.5', String(Number(mantelHaenszelRiskRatio(coughRows).toPrecision(6)))]);
    expect(await preview.locator('[data-test=preview-analysis][data-analysis="1.2"] [data-test=preview-comparison]').textContent()).toBe('matches RevMan (5 numbers)');
    const other = preview.locator('[data-test=preview-analysis][data-analysis="1.3"]');
    expect(await other.locator('th').textContent()).toBe('Adverse events & <remarks>');
    expect(await other.locator('[data-test=preview-comparison]').textContent()).toBe('text: nothing to compare');
    await form.screenshot({ path: `${artifacts}revman-preview-1400.png` });

    // Nothing was created by the preview.
    const reviews = async () => (await api.graphql<{ reviews: { title: string }[] }>('{ reviews { title } }')).reviews.map((r) => r.title);
    expect(await reviews()).not.toContain('Honey for acute cough');

    await form.getByRole('button', { name: 'Import review' }).click();
    await page.waitForURL(/\/reviews\//);
    await page.locator('h1', { hasText: 'Honey for acute cough' }).waitFor();

    // The "Other data" table, as text: what looks like markup is shown, not applied.
    const table = page.locator('[data-test=other-data-table]');
    expect(await table.count()).toBe(1);
    expect(await table.locator('[data-test=other-data-name]').textContent()).toBe('1.3 Adverse events & <remarks>');
    expect((await table.locator('thead th').allTextContents()).map((t) => t.trim())).toEqual(['Study', 'Honey group', 'Placebo group']);
    const rows = table.locator('[data-test=other-data-row]');
    expect(await rows.count()).toBe(2);
    expect((await rows.first().locator('th, td').allTextContents()).map((t) => t.trim())).toEqual(['Ames 2001', 'none', '<b>mild</b> nausea']);
    expect(await table.locator('b').count()).toBe(0);
    expect(await rows.nth(1).locator('th').textContent()).toBe('Cruz & <Co> 2015');
    await table.screenshot({ path: `${artifacts}revman-other-data-1400.png` });

    // The three-arm trial's two rows, each on its own line, and the note that its placebo group counts twice.
    await page.getByRole('link', { name: /Cough at day 3/ }).first().click();
    await page.waitForURL(/\/outcomes\//);
    await page.locator('[data-test=unit-of-analysis-note]').waitFor();
    expect(await page.locator('[data-test=note-study]').allTextContents()).toEqual(['Bello 2010']);
    expect(await page.locator('[data-test=unit-of-analysis-note]').textContent()).toContain('Rows: Bello 2010 (#1); Bello 2010 (#2)');
    expect(await page.locator('[data-test=row-count]').textContent()).toBe(' (4 rows)');
    await page.locator('h2', { hasText: 'Forest plot' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${artifacts}revman-imported-forest-1400.png` });
    expect(page.problems).toEqual([]);
    await page.close();
  });
});
