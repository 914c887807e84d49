// An outcome's data as rows, in Chromium against the real API: a multi-arm trial's two arms each on their own line of
// the forest plot with the unit-of-analysis note beside it, subgroup totals only (no overall line), the totals
// setting changed through the form, and one row of several added, corrected and removed through the forms.
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuiteSkipReason, startApi, type RunningApi } from './api-server';
import { artifacts, desktop, launchChromium, openPage, openSection, type WatchedPage } from './browser';

const skipReason = browserSuiteSkipReason();

interface Payload {
  errors?: { field: string[]; message: string }[];
}

interface StoredRow {
  id: string;
  label: string | null;
  subgroup: string | null;
  events1: number;
  n1: number;
  events2: number;
  n2: number;
  study: { label: string };
}

// A three-arm trial (two doses against one control: the control's numbers given twice) among ordinary trials.
const NASH = 'Nash & <b>Co</b> 2021';
const multiArmRows = [
  { studyLabel: 'Adams 2001', events1: 10, n1: 100, events2: 15, n2: 100 },
  { studyLabel: 'Smith 2019', label: 'high dose', events1: 8, n1: 60, events2: 14, n2: 58 },
  { studyLabel: 'Smith 2019', label: 'low dose', events1: 11, n1: 62, events2: 14, n2: 58 },
  { studyLabel: 'Brown 2010', events1: 20, n1: 150, events2: 25, n2: 148 },
];
// The same trials followed up twice: Adams 2001 in both subgroups, Smith 2019's arms at 6 months.
const followUpRows = [
  { studyLabel: 'Adams 2001', subgroup: '6 months', events1: 10, n1: 100, events2: 15, n2: 100 },
  { studyLabel: 'Smith 2019', label: 'high dose', subgroup: '6 months', events1: 8, n1: 60, events2: 14, n2: 58 },
  { studyLabel: 'Smith 2019', label: 'low dose', subgroup: '6 months', events1: 11, n1: 62, events2: 14, n2: 58 },
  { studyLabel: 'Brown 2010', subgroup: '12 months', events1: 20, n1: 150, events2: 25, n2: 148 },
  { studyLabel: 'Adams 2001', subgroup: '12 months', events1: 12, n1: 100, events2: 18, n2: 100 },
];

async function download(page: Page, trigger: () => Promise<void>): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), trigger()]);
  return readFileSync(await file.path()).toString();
}

/** The forest plot's text, from its SVG download (the plot on screen is a canvas). */
const forestSvg = (page: Page) => download(page, () => page.locator('[data-test=download-svg]').first().click());

describe.skipIf(skipReason !== null)('data rows in Chromium', { timeout: 90_000 }, () => {
  let api: RunningApi;
  let browser: Browser;
  let context: BrowserContext;
  let reviewId: string;
  const outcomes: Record<'multiArm' | 'followUp' | 'forms' | 'paste' | 'manyArms', string> = { multiArm: '', followUp: '', forms: '', paste: '', manyArms: '' };

  async function write<T extends Payload>(query: string, input: Record<string, unknown>): Promise<T> {
    const data = await api.graphql<Record<string, T>>(query, { input });
    const payload = Object.values(data)[0];
    expect(payload.errors).toEqual([]);
    return payload;
  }
  const addOutcome = async (name: string, totals = 'ALL') =>
    (
      await write<{ outcome: { id: string } } & Payload>('mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { outcome { id } errors { field message } } }', {
        reviewId,
        name,
        measure: 'RR',
        model: 'FIXED',
        method: 'MH',
        totals,
      })
    ).outcome.id;
  const recordTable = (outcomeId: string, rows: Record<string, unknown>[], newStudies: { label: string; year: number }[] = []) =>
    write('mutation($input: RecordStudyDataTableInput!) { recordStudyDataTable(input: $input) { outcome { id } errors { field message } } }', { outcomeId, rows, newStudies });
  const storedRows = async (outcomeId: string) =>
    (
      await api.graphql<{ outcome: { studyData: StoredRow[]; analysis: { k: number; rowCount: number } } }>(
        'query($id: ID!) { outcome(id: $id) { studyData { id label subgroup events1 n1 events2 n2 study { label } } analysis { k rowCount } } }',
        { id: outcomeId },
      )
    ).outcome;

  async function openAsMaintainer(outcomeId: string): Promise<WatchedPage> {
    const page = await openPage(context, `${api.url}/`);
    await page.evaluate((token) => localStorage.setItem('cumulus.token', token), api.adminToken);
    await page.goto(`${api.url}/outcomes/${outcomeId}`);
    await page.locator('[data-test=outcome-maintenance]').waitFor();
    return page;
  }

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    api = await startApi();
    browser = await launchChromium();
    context = await browser.newContext({ acceptDownloads: true, viewport: desktop });
    reviewId = (await write<{ review: { id: string } } & Payload>('mutation($input: CreateReviewInput!) { createReview(input: $input) { review { id } errors { field message } } }', { title: 'Doses and follow-up' })).review.id;
    outcomes.multiArm = await addOutcome('Deaths, by dose');
    await recordTable(
      outcomes.multiArm,
      [...multiArmRows, { studyLabel: NASH, events1: 9, n1: 80, events2: 12, n2: 81 }],
      [
        { label: 'Adams 2001', year: 2001 },
        { label: 'Smith 2019', year: 2019 },
        { label: 'Brown 2010', year: 2010 },
        { label: NASH, year: 2021 },
      ],
    );
    outcomes.followUp = await addOutcome('Deaths, by follow-up', 'SUBGROUPS');
    await recordTable(outcomes.followUp, followUpRows);
    outcomes.forms = await addOutcome('Deaths, corrected through the forms');
    await recordTable(outcomes.forms, multiArmRows);
    outcomes.paste = await addOutcome('Deaths, pasted');
    // Four three-arm trials: four notes, folded under one line so the plot stays in view.
    outcomes.manyArms = await addOutcome('Deaths, four three-arm trials');
    const arms = ['Adams 2001', 'Smith 2019', 'Brown 2010', NASH].flatMap((studyLabel, i) => [
      { studyLabel, label: 'high dose', events1: 8 + i, n1: 60, events2: 14, n2: 58 },
      { studyLabel, label: 'low dose', events1: 11 + i, n1: 62, events2: 14, n2: 58 },
    ]);
    await recordTable(outcomes.manyArms, arms);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it("draws each arm of a multi-arm trial on its own line with its label, marked †, with the unit-of-analysis note above the plot", async () => {
    const page = await openPage(context, `${api.url}/outcomes/${outcomes.multiArm}`);
    await page.locator('.chart canvas').first().waitFor();
    expect(await page.locator('[data-test=study-count]').textContent()).toBe('4 studies');
    expect(await page.locator('[data-test=row-count]').textContent()).toBe(' (5 rows)');

    const notes = page.locator('[data-test=unit-of-analysis-note]');
    expect(await notes.count()).toBe(1);
    expect(await notes.locator('[data-test=note-study]').textContent()).toBe('Smith 2019');
    expect(await notes.textContent()).toContain('counted more than once in the overall total');
    expect(await notes.textContent()).toContain('Rows: Smith 2019 (high dose); Smith 2019 (low dose)');
    expect(await notes.locator('[data-test=note-message]').textContent()).toContain("a group shared between them (a multi-arm trial's control) is counted more than once");

    const svg = await forestSvg(page);
    for (const line of ['Adams 2001', 'Smith 2019 (high dose) †', 'Smith 2019 (low dose) †', 'Brown 2010', 'Total (95% CI)']) expect(svg).toContain(line);
    expect(svg).toContain('Participants may be counted more than once in a total (unit of analysis)');
    // What a user typed is text in the SVG, not markup.
    expect(svg).toContain('Nash &amp; &lt;b&gt;Co&lt;/b&gt; 2021');

    // Hovering Nash's row (the fifth line) shows its label as text: the tooltip has no <b> element.
    const chart = page.locator('.chart').first();
    const box = (await chart.boundingBox())!;
    const tooltip = chart.locator('xpath=..').locator('div[style*="z-index: 9999999"]');
    let shown = '';
    for (let x = box.x + box.width * 0.45; x < box.x + box.width - 24 && !shown.includes('Nash'); x += 8) {
      await page.mouse.move(x, box.y + 52 + 4 * 24 + 12);
      shown = (await tooltip.count()) > 0 && (await tooltip.first().isVisible()) ? ((await tooltip.first().textContent()) ?? '') : '';
    }
    expect(shown).toContain(NASH);
    expect(await tooltip.first().locator('b').count()).toBe(0);

    await page.mouse.move(box.x + 10, box.y - 40);
    await page.locator('h2', { hasText: 'Forest plot' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${artifacts}rows-multi-arm-1400.png`, fullPage: false });
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('shows subgroup totals only: a diamond and a heterogeneity line per subgroup, the test for subgroup differences, no overall line', async () => {
    const page = await openPage(context, `${api.url}/outcomes/${outcomes.followUp}`);
    await page.locator('.chart canvas').first().waitFor();
    expect(await page.locator('[data-test=totals-note]').textContent()).toBe('Subgroup totals only: no overall estimate');
    const totals = page.locator('[data-test=subgroup-total]');
    expect(await totals.count()).toBe(2);
    expect(await totals.first().textContent()).toMatch(/^6 months\s*0\.65 \[0\.42, 1\.00\]\s*P = 0\.051 · 2 studies, 3 rows$/);
    expect(await page.locator('[data-test=study-count]').textContent()).toBe('3 studies');
    // Smith 2019's two arms share a control within '6 months'; Adams 2001 in both subgroups is no problem without an overall total.
    expect(await page.locator('[data-test=note-study]').allTextContents()).toEqual(['Smith 2019']);
    expect(await page.locator('[data-test=unit-of-analysis-note]').textContent()).toContain('counted more than once in subgroup ‘6 months’');

    const svg = await forestSvg(page);
    expect(svg.match(/Subtotal \(I² = 0%\)/g)).toHaveLength(2);
    expect(svg).toContain('Heterogeneity: Q = 0.28, df = 2 (P = 0.87); I² = 0%');
    expect(svg).toContain('Heterogeneity: Q = 0.15, df = 1 (P = 0.70); I² = 0%');
    expect(svg).toContain('Test for subgroup differences: Q = 0.16, df = 1 (P = 0.69), I² = 0%');
    expect(svg).not.toContain('Total (95% CI)');
    // Adams 2001 is under each subgroup it has rows in.
    expect(svg.match(/Adams 2001/g)).toHaveLength(2);
    await page.locator('h2', { hasText: 'Forest plot' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${artifacts}rows-subgroups-only-1400.png`, fullPage: false });
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('changes the totals through the settings form: all totals bring the overall line and a note for a study in two subgroups', async () => {
    const page = await openAsMaintainer(outcomes.followUp);
    const settings = await openSection(page, 'Analysis settings');
    const totals = settings.locator('[data-test=choices-totals]');
    expect(await totals.getByLabel('Subgroup totals only').isChecked()).toBe(true);
    expect(await totals.textContent()).toContain('but no overall result: for subgroups that must not be added together');
    expect(await settings.locator('[data-test=choices-unitOfAnalysis]').textContent()).toContain('Split the shared group');
    await settings.screenshot({ path: `${artifacts}rows-settings-1400.png` });
    await totals.getByLabel('All totals').check();
    await settings.getByRole('button', { name: 'Recompute with these settings' }).click();
    await settings.locator('[data-test=form-saved]').waitFor();
    await expect.poll(() => page.locator('[data-test=pooled-estimate]').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('[data-test=pooled-estimate]').textContent()).toMatch(/^0\.\d\d \[/);
    await expect.poll(() => page.locator('[data-test=note-study]').allTextContents()).toEqual(['Adams 2001', 'Smith 2019']);
    const adams = page.locator('[data-test=unit-of-analysis-note]', { hasText: 'Adams 2001' });
    expect(await adams.textContent()).toContain('counted more than once in the overall total');
    expect(await adams.textContent()).toContain('Show subgroup totals only');
    expect(await forestSvg(page)).toContain('Total (95% CI)');
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('adds a row to a study, corrects one row of several and removes one, through the forms', async () => {
    const page = await openAsMaintainer(outcomes.forms);
    const view = await openSection(page, 'Stored numbers, row by row');
    // The stored rows load when the section opens.
    await expect.poll(() => view.locator('summary').textContent()).toBe('Stored numbers, row by row (4)');
    const rows = view.locator('[data-test=stored-row]');
    expect(await rows.locator('[data-test=stored-label]').allTextContents()).toEqual(['', 'high dose', 'low dose', '']);

    // Another arm of Smith 2019: the form opens on a new row, the label first.
    await view.getByRole('button', { name: 'Add a row to Smith 2019' }).click();
    const data = page.locator('[data-test=study-data]');
    expect(await data.getByLabel('Row', { exact: true }).inputValue()).toBe('new');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('label');
    expect(await data.locator('[data-test=stored-note]').textContent()).toBe(
      'A new row for Smith 2019 beside its 2 rows: give it a label (the arm or comparison, e.g. “low dose”) or another subgroup to tell it apart.',
    );
    await data.getByLabel('Row label (optional)').fill('medium dose');
    await data.getByLabel('Events, experimental').fill('9');
    await data.getByLabel('Participants, experimental').fill('61');
    await data.getByLabel('Events, control').fill('14');
    await data.getByLabel('Participants, control').fill('58');
    await data.getByRole('button', { name: 'Add this row' }).click();
    await data.locator('[data-test=form-saved]').waitFor();
    expect(await data.locator('[data-test=form-saved]').textContent()).toMatch(/^Saved at version \d+: 3 studies, pooled \d\.\d\d \[/);
    let stored = await storedRows(outcomes.forms);
    expect(stored.analysis).toEqual({ k: 3, rowCount: 5 });
    expect(stored.studyData.filter((r) => r.study.label === 'Smith 2019').map((r) => r.label)).toEqual(['high dose', 'low dose', 'medium dose']);
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(5);
    // The form now shows the row it added.
    await expect.poll(() => data.locator('[data-test=stored-note]').textContent()).toMatch(/^Filled in with the numbers of the row “medium dose” stored at version \d+/);

    // Correct the low-dose arm: the form fills with its numbers, and only that row changes.
    await view.getByRole('button', { name: 'Correct the numbers of Smith 2019 (low dose)' }).click();
    await expect.poll(() => data.getByLabel('Events, experimental').inputValue()).toBe('11');
    expect(await data.getByLabel('Row label (optional)').inputValue()).toBe('low dose');
    await data.getByLabel('Events, experimental').fill('7');
    await data.getByRole('button', { name: 'Save numbers' }).click();
    await data.locator('[data-test=form-saved]').waitFor();
    stored = await storedRows(outcomes.forms);
    const smith = (label: string) => stored.studyData.find((r) => r.study.label === 'Smith 2019' && r.label === label)!;
    expect([smith('low dose').events1, smith('low dose').n1]).toEqual([7, 62]);
    expect([smith('high dose').events1, smith('medium dose').events1]).toEqual([8, 9]);

    // Remove the medium-dose arm, after a confirmation that says the study's other rows stay.
    const remove = view.getByRole('button', { name: 'Remove the numbers of Smith 2019 (medium dose)' });
    await remove.click();
    const dialog = page.locator('dialog[open]');
    expect(await dialog.locator('h2').textContent()).toBe('Remove the numbers of Smith 2019 (medium dose)?');
    expect(await dialog.textContent()).toContain("(the study's other 2 rows stay)");
    await page.screenshot({ path: `${artifacts}rows-remove-confirmation-1400.png`, fullPage: false });
    await dialog.getByRole('button', { name: 'Remove and recompute' }).click();
    const saved = view.locator('[data-test=form-saved]');
    await saved.waitFor({ timeout: 10_000 });
    expect(await saved.textContent()).toMatch(/^Removed the numbers of Smith 2019 \(medium dose\)\. Recomputed at version \d+: 3 studies, pooled /);
    stored = await storedRows(outcomes.forms);
    expect(stored.analysis).toEqual({ k: 3, rowCount: 4 });
    expect(stored.studyData.filter((r) => r.study.label === 'Smith 2019').map((r) => r.label)).toEqual(['high dose', 'low dose']);
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(4);
    await page.locator('[data-test=outcome-maintenance]').screenshot({ path: `${artifacts}rows-forms-1400.png` });
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it("pastes a table with a label column and two rows of one study, and records them as that study's two rows", async () => {
    const page = await openAsMaintainer(outcomes.paste);
    const form = await openSection(page, 'Paste a table of numbers');
    const lines = [
      ['study', 'label', 'events1', 'n1', 'events2', 'n2'],
      ['Lee 2022', 'high dose', '4', '40', '9', '41'],
      ['Lee 2022', 'low dose', '6', '42', '9', '41'],
      ['Adams 2001', '', '10', '100', '15', '100'],
    ];
    await form.getByLabel('Table').fill(lines.map((cells) => cells.join('\t')).join('\n'));
    const preview = form.locator('[data-test=paste-row]');
    await expect.poll(() => preview.count()).toBe(3);
    expect(await form.locator('[data-test=new-study]').count()).toBe(2);
    expect(await form.locator('[data-test=cell-error]').count()).toBe(0);
    await form.getByRole('button', { name: 'Record 3 rows of 2 studies' }).click();
    const saved = form.locator('[data-test=form-saved]');
    await saved.waitFor({ timeout: 10_000 });
    expect(await saved.textContent()).toMatch(/^Recorded 3 rows of 2 studies \(1 new study added with them\) as version \d+; the outcome now pools 2 studies: /);
    const stored = await storedRows(outcomes.paste);
    expect(stored.studyData.map((r) => [r.study.label, r.label, r.events1])).toEqual([
      ['Adams 2001', null, 10],
      ['Lee 2022', 'high dose', 4],
      ['Lee 2022', 'low dose', 6],
    ]);
    await expect.poll(() => page.locator('[data-test=row-count]').textContent(), { timeout: 10_000 }).toBe(' (3 rows)');
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('folds many unit-of-analysis notes under one line, so the forest plot stays in view', async () => {
    const page = await openPage(context, `${api.url}/outcomes/${outcomes.manyArms}`);
    const folded = page.locator('[data-test=unit-of-analysis-folded]');
    await folded.waitFor();
    expect(await folded.locator('summary').textContent()).toMatch(/4 studies' participants may be counted more than once in a total \(unit of analysis\):\s+4 notes/);
    expect(await page.locator('[data-test=unit-of-analysis-note]').first().isVisible()).toBe(false);
    expect(await page.locator('.chart').first().isVisible()).toBe(true);
    await folded.locator('summary').click();
    expect(await page.locator('[data-test=note-study]').allTextContents()).toEqual(['Adams 2001', 'Smith 2019', 'Brown 2010', NASH]);
    await page.screenshot({ path: `${artifacts}rows-many-notes-1400.png`, fullPage: false });
    expect(page.problems).toEqual([]);
    await page.close();
  });
});
