// ClinicalTrials.gov surveillance in Chromium (issue 15), against the real API and database and a local stand-in for
// ClinicalTrials.gov serving recorded records: a maintainer saves a registry search (a schedule the API refuses is
// shown beside its field), runs it and sees the new records to screen; the review's study with registry id
// NCT02552212 gets proposals from its posted results; the maintainer reads one (weak arm matches marked, percentages
// turned into counts), dismisses another with a reason, and confirms the ASAS40 one for the binary outcome with the
// groups chosen; a reader's outcome page, open all along in a browser of its own, shows the new study in the forest
// plot without a reload, and the provenance beside its numbers. A trial title with markup reads as text.
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRecords, startRegistryServer, type RegistryServer } from '@cumulus/registry/testing';
import { formatEffectWithCi } from '../../src/format';
import { browserSuiteSkipReason, startApi, type RunningApi } from './api-server';
import { artifacts, desktop, launchChromium, openPage, openSection, phone, type WatchedPage } from './browser';

const skipReason = browserSuiteSkipReason();
const PASSWORD = 'correct horse battery';
const MARKUP_TITLE = 'Effect of GET73 <img src=x onerror="document.title=\'owned\'"> on Central Glutamate';
const ASAS40_WEEK_12 = 'Percentage of Subjects With Axial SpondyloArthritis International Society 40% Response Criteria (ASAS40) Response at Week 12';
const ASAS40_WEEK_52 = 'Percentage of Subjects With Axial SpondyloArthritis International Society 40% Response Criteria (ASAS40) Response at Week 52';
const TEAE = 'Percentage of Subjects With Treatment-Emergent Adverse Events (TEAEs) During the Study';
const BASFI_WEEK_12 = 'Change From Baseline to Week 12 in the Bath Ankylosing Spondylitis Functional Index (BASFI)';
const ASDAS_WEEK_52 = 'Percentage of Subjects With Ankylosing Spondylitis Disease Activity Score Major Improvement (ASDAS-MI) Response Criteria Response at Week 52';

/** The recorded records, one with a title carrying markup (a registry's text is not ours). */
function recordsWithMarkup() {
  return loadRecords().map((record) => {
    if (record.nctId !== 'NCT03418623') return record;
    const json = structuredClone(record.json) as { protocolSection: { identificationModule: { briefTitle: string } } };
    json.protocolSection.identificationModule.briefTitle = MARKUP_TITLE;
    return { ...record, json: json as unknown as Record<string, unknown>, text: JSON.stringify(json) };
  });
}

async function download(page: Page, trigger: () => Promise<void>): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), trigger()]);
  return readFileSync(await file.path()).toString();
}

describe.skipIf(skipReason !== null)('ClinicalTrials.gov surveillance in Chromium: a saved search, its run, proposals confirmed into a live forest plot', { timeout: 180_000 }, () => {
  let registry: RegistryServer;
  let api: RunningApi;
  let browser: Browser;
  let reviewId: string;
  let binaryOutcomeId: string;
  const contexts: BrowserContext[] = [];
  let reader: WatchedPage;
  let mia: WatchedPage;

  /** A mutation as the admin, which must succeed: its payload. */
  async function graphql<T>(query: string, input: Record<string, unknown>): Promise<T> {
    const data = await api.graphql<Record<string, T & { errors: { message: string }[] }>>(query, { input });
    const payload = Object.values(data)[0];
    expect(payload.errors).toEqual([]);
    return payload;
  }

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    registry = await startRegistryServer(recordsWithMarkup());
    // Scheduled runs off: the search runs when the maintainer presses Run now, not when the scheduler gets to it.
    api = await startApi({ env: { CUMULUS_REGISTRY_URL: registry.baseUrl, CUMULUS_REGISTRY_SCHEDULE: '0' } });
    const { review } = await graphql<{ review: { id: string } }>('mutation($input: CreateReviewInput!) { createReview(input: $input) { review { id } errors { message } } }', {
      title: 'Certolizumab pegol for non-radiographic axial spondyloarthritis (living)',
      isPublic: true,
    });
    reviewId = review.id;
    const addOutcome = 'mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { outcome { id } errors { message } } }';
    binaryOutcomeId = (await graphql<{ outcome: { id: string } }>(addOutcome, { reviewId, name: 'ASAS40 response at week 12', measure: 'OR' })).outcome.id;
    await graphql(addOutcome, { reviewId, name: 'BASFI change at week 12', measure: 'MD' });
    const addStudy = 'mutation($input: AddStudyInput!) { addStudy(input: $input) { study { id } errors { message } } }';
    const smith = await graphql<{ study: { id: string } }>(addStudy, { reviewId, label: 'Smith 2015', year: 2015, design: 'RCT' });
    await graphql('mutation($input: RecordStudyDataInput!) { recordStudyData(input: $input) { outcome { id } errors { message } } }', {
      outcomeId: binaryOutcomeId,
      studyId: smith.study.id,
      events1: 30,
      n1: 80,
      events2: 12,
      n2: 80,
    });
    // The trial behind NCT02552212 (C-axSpAnd) is a study of the review before any search runs.
    await graphql(addStudy, { reviewId, label: 'Deodhar 2019', year: 2019, design: 'RCT', registryId: 'NCT02552212' });
    const { createUser } = await api.graphql<{ createUser: { user: { id: string } } }>('mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } errors { message } } }', {
      input: { email: 'mia@example.org', displayName: 'Mia Maintainer', password: PASSWORD },
    });
    await graphql('mutation($input: SetMemberRolesInput!) { setMemberRoles(input: $input) { roles errors { message } } }', { reviewId, userId: createUser.user.id, roles: ['OWNER'] });
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await api?.stop();
    await registry?.close();
  });

  async function signedIn(email: string, path: string): Promise<WatchedPage> {
    const context = await browser.newContext({ viewport: desktop });
    contexts.push(context);
    const page = await openPage(context, `${api.url}/sign-in?back=${encodeURIComponent(path)}`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${api.url}${path}`);
    return page;
  }

  const forestLabel = () => reader.locator('.chart[role=img]').first().getAttribute('aria-label');

  it("a reader opens the binary outcome's page: one study in the forest plot", async () => {
    const context = await browser.newContext({ viewport: desktop, acceptDownloads: true });
    contexts.push(context);
    reader = await openPage(context, `${api.url}/outcomes/${binaryOutcomeId}`);
    await reader.locator('.live').waitFor();
    expect(await forestLabel()).toBe('Forest plot of 1 study');
    expect(await reader.locator('[data-test=outcome-provenance]').count()).toBe(0);
    await reader.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  });

  it('a maintainer saves a registry search; a schedule the API refuses is shown beside its field, and nothing is saved', async () => {
    mia = await signedIn('mia@example.org', `/reviews/${reviewId}`);
    await mia.locator('[data-test=registry-link]').click();
    await mia.waitForURL(`${api.url}/reviews/${reviewId}/registry`);
    expect(await mia.locator('[data-test=registry-search]').count()).toBe(0);
    const section = await openSection(mia, 'Save a new search');
    const form = section.locator('[data-test=registry-search-form]');
    await form.getByLabel('Name').fill('Certolizumab in nr-axSpA');
    await form.getByLabel('Conditions').fill('axial spondyloarthritis');
    await form.getByLabel('Interventions').fill('certolizumab pegol');
    await form.getByLabel('Completed').check();
    await form.getByLabel('Study type').selectOption('INTERVENTIONAL');
    await form.getByLabel('Every how many hours').fill('0');
    await form.getByRole('button', { name: 'Save a new search' }).click();
    const refusal = form.locator('[data-test=error-scheduleHours]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/scheduleHours must be at least 1/);
    expect(await form.getByLabel('Every how many hours').getAttribute('aria-invalid')).toBe('true');
    expect(await mia.locator('[data-test=registry-search]').count()).toBe(0);

    await form.getByLabel('Every how many hours').fill('24');
    await form.getByRole('button', { name: 'Save a new search' }).click();
    expect(await section.locator('[data-test=registry-search-saved]').textContent()).toBe('Saved the search Certolizumab in nr-axSpA.');
    const search = mia.locator('[data-test=registry-search]');
    await search.waitFor();
    expect(await search.locator('[data-test=registry-search-name]').textContent()).toBe('Certolizumab in nr-axSpA');
    expect(await search.locator('[data-test=registry-search-query]').textContent()).toBe(
      'conditions: axial spondyloarthritis · interventions: certolizumab pegol · statuses: Completed · interventional',
    );
    expect(await search.locator('[data-test=registry-search-schedule]').textContent()).toBe('every 24 hours');
  });

  it('runs it now: new records to screen, with the way to the screening page; a title with markup reads as text', async () => {
    const search = mia.locator('[data-test=registry-search]');
    await search.locator('[data-test=run-now]').click();
    const outcome = search.locator('[data-test=run-outcome]');
    await outcome.waitFor({ timeout: 30_000 });
    // Completed interventional trials on the stand-in: four; one is the review's study (not a record to screen), whose
    // posted results are news (an update) and give a proposal for each of its 22 usable measures.
    expect(await outcome.locator('[data-test=run-parts]').textContent()).toBe('4 trials seen · 3 new records to screen · 1 trial updated · results posted for NCT02552212 · 22 new proposals');
    expect(await search.locator('[data-test=run-screening-link]').getAttribute('href')).toBe(`/reviews/${reviewId}/screening`);
    // The stand-in was asked for the saved query's statuses and type.
    expect(registry.requests.some((url) => url.pathname === '/api/v2/studies' && url.searchParams.get('filter.overallStatus') === 'COMPLETED')).toBe(true);

    const trials = mia.locator('[data-test=registry-trial]');
    await expect.poll(() => trials.count(), { timeout: 10_000 }).toBe(4);
    const markup = mia.locator('[data-test=registry-trial][data-nct-id=NCT03418623]');
    expect(await markup.locator('[data-test=trial-title]').textContent()).toBe(MARKUP_TITLE);
    expect(await mia.locator('[data-test=registry-trials] img').count()).toBe(0);
    expect(await mia.title()).not.toBe('owned');
    const deodhar = mia.locator('[data-test=registry-trial][data-nct-id=NCT02552212]');
    expect(await deodhar.locator('[data-test=trial-study]').textContent()).toBe('study Deodhar 2019');
    expect(await deodhar.locator('[data-test=trial-status]').textContent()).toBe('Completed');
    expect(await deodhar.locator('[data-test=trial-results]').textContent()).toMatch(/^posted /);

    // The new records wait on the screening page.
    await search.locator('[data-test=run-screening-link]').click();
    await mia.waitForURL(`${api.url}/reviews/${reviewId}/screening`);
    await expect.poll(() => mia.locator('[data-test=record-title]').textContent(), { timeout: 10_000 }).toMatch(/\S/);
    await mia.goBack();
    await mia.locator('[data-test=registry-search]').waitFor();
    expect(mia.problems).toEqual([]);
  });

  it("shows the study's proposals: groups with their numbers, weak arm matches marked, the conversion to read first", async () => {
    const trial = mia.locator('[data-test=proposals-trial][data-nct-id=NCT02552212]');
    await trial.waitFor();
    await trial.locator('summary').click();
    const proposal = trial.locator('[data-test=registry-proposal]', { has: mia.locator('[data-test=proposal-title]', { hasText: ASAS40_WEEK_12 }) });
    expect(await proposal.locator('[data-test=proposal-time-frame]').textContent()).toBe('Week 12');
    const groups = proposal.locator('[data-test=proposal-group]');
    expect(await groups.locator('[data-test=group-numbers]').allTextContents()).toEqual([
      expect.stringMatching(/^\s*18\/158 \(events computed from a percentage\)/),
      expect.stringMatching(/^\s*76\/159 \(events computed from a percentage\)/),
    ]);
    // Both groups are tied to their arms by similar words only: marked for a person to check.
    expect(await proposal.locator('.badge.weak-match').count()).toBe(2);
    expect(await groups.first().locator('[data-test=group-arm]').textContent()).toMatch(/arm 'Placebo' \(weak: similar words, similarity 0\.67; check it\)/);
    expect(await proposal.locator('[data-test=proposal-conversion]').first().textContent()).toMatch(/percentage/);
    expect(await proposal.locator('[data-test=proposal-provenance]').textContent()).toMatch(/NCT02552212, record of 2022-08-18, fetched \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    // Only the binary outcome fits a binary proposal; the groups are chosen by their arms (placebo is the control).
    const confirm = proposal.locator('[data-test=confirm-proposal]');
    expect(await confirm.getByLabel('Outcome (binary)').locator('option').allTextContents()).toEqual(['Choose an outcome…', 'ASAS40 response at week 12']);
    expect(await confirm.getByLabel('Experimental group (arm 1)').inputValue()).toBe('OG001');
    expect(await confirm.getByLabel('Control group (arm 2)').inputValue()).toBe('OG000');
    await proposal.screenshot({ path: `${artifacts}registry-proposal.png` });

    // Five groups, three of them tied to no arm (open-label extensions): marked, and no pair chosen in advance.
    const teae = trial.locator('[data-test=registry-proposal]', { has: mia.locator('[data-test=proposal-title]', { hasText: TEAE }) });
    expect(await teae.locator('[data-test=proposal-group]').count()).toBe(5);
    expect(await teae.locator('[data-test=group-arm][data-arm-match=NONE] .badge.no-arm').count()).toBe(3);
    expect(await teae.locator('[data-test=group-arm][data-arm-match=NONE]').first().textContent()).toMatch(/no arm: check which arm this group is by hand/);
    expect(await teae.locator('[data-test=proposal-note]').count()).toBe(2);
    expect(await teae.getByLabel('Experimental group (arm 1)').inputValue()).toBe('');
    expect(await teae.getByLabel('Control group (arm 2)').inputValue()).toBe('');
    // A continuous proposal is offered the continuous outcome only; its SD comes from the standard error, said so.
    const basfi = trial.locator('[data-test=registry-proposal]', { has: mia.locator('[data-test=proposal-title]', { hasText: BASFI_WEEK_12 }) }).first();
    expect(await basfi.getByLabel('Outcome (continuous)').locator('option').allTextContents()).toEqual(['Choose an outcome…', 'BASFI change at week 12']);
    expect(await basfi.locator('[data-test=group-numbers]').first().textContent()).toMatch(/^\s*mean -?\d+(\.\d+)?, SD \d+(\.\d+)? \(from the standard error\), n \d+/);
    await mia.screenshot({ path: `${artifacts}registry-1400.png` });
  });

  it('dismisses a proposal with a reason', async () => {
    const count = async () => Number(await mia.locator('[data-test=open-proposals-count]').textContent());
    const before = await count();
    const proposal = mia.locator('[data-test=registry-proposal]', { has: mia.locator('[data-test=proposal-title]', { hasText: ASDAS_WEEK_52 }) });
    const dismiss = proposal.locator('[data-test=dismiss-proposal]');
    await dismiss.getByLabel('Reason to dismiss').fill('ASDAS-MI is not an outcome of this review');
    await dismiss.getByRole('button', { name: 'Dismiss' }).click();
    expect(await mia.locator('[data-test=proposal-decided]').textContent()).toBe(`Dismissed “${ASDAS_WEEK_52}” of Deodhar 2019.`);
    await expect.poll(count).toBe(before - 1);
    expect(await mia.locator('[data-test=proposal-title]', { hasText: ASDAS_WEEK_52 }).count()).toBe(0);
  });

  it("confirms the ASAS40 proposal into the binary outcome; the reader's forest plot shows the study without a reload, with where its numbers came from", async () => {
    const proposal = mia.locator('[data-test=registry-proposal]', { has: mia.locator('[data-test=proposal-title]', { hasText: ASAS40_WEEK_12 }) });
    await proposal.locator('[data-test=confirm-proposal]').getByRole('button', { name: 'Confirm' }).click();
    const decided = mia.locator('[data-test=proposal-decided]');
    await expect.poll(() => decided.textContent()).toMatch(/^Confirmed “.*ASAS40.*Week 12” of Deodhar 2019 in “ASAS40 response at week 12”/);

    const { outcome } = await api.graphql<{ outcome: { version: number; analysis: { k: number; estimate: number; ciLower: number; ciUpper: number } } }>(
      'query($id: ID!) { outcome(id: $id) { version analysis { k estimate ciLower ciUpper } } }',
      { id: binaryOutcomeId },
    );
    expect(outcome.analysis.k).toBe(2);
    const pooled = formatEffectWithCi(outcome.analysis.estimate, outcome.analysis.ciLower, outcome.analysis.ciUpper);
    expect(await decided.textContent()).toBe(`Confirmed “${ASAS40_WEEK_12}” of Deodhar 2019 in “ASAS40 response at week 12”, recomputed at version ${outcome.version}: 2 studies, pooled ${pooled}.`);

    // The reader's page, never reloaded: the new version, the forest plot with Deodhar 2019, the provenance beside its numbers.
    await expect.poll(() => reader.locator('[data-test=pooled-estimate]').textContent(), { timeout: 15_000 }).toBe(pooled);
    expect(await reader.locator('[data-test=version]').textContent()).toBe(`version ${outcome.version}`);
    expect(await forestLabel()).toBe('Forest plot of 2 studies');
    const svg = await download(reader, () => reader.locator('[data-test=download-svg]').first().click());
    expect(svg).toContain('Deodhar 2019');
    // Its odds ratio from 76/159 vs 18/158: (76 × 140) / (83 × 18) = 7.12, 95% CI exp(ln 7.12 ± 1.96 × 0.2965).
    expect(svg).toContain('7.12 [3.98, 12.73]');
    const row = reader.locator('[data-test=outcome-provenance] [data-test=provenance-row]');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.locator('th').textContent()).toMatch(/^\s*Deodhar 2019/);
    expect(await row.locator('[data-test=provenance-numbers]').textContent()).toBe('76/159 vs 18/158');
    expect(await row.locator('[data-test=provenance-summary]').textContent()).toMatch(/^ClinicalTrials\.gov NCT02552212, .*ASAS40.*\(Week 12\), record of 2022-08-18, fetched \d{4}-\d{2}-\d{2}/);
    expect(await row.locator('[data-test=provenance-derived]').textContent()).toBe('derived');
    // The link is the record the API read (here the stand-in's address), as the row's provenance gives it.
    const { outcome: withProvenance } = await api.graphql<{ outcome: { studyData: { provenance: { sourceUrl: string } | null }[] } }>(
      'query($id: ID!) { outcome(id: $id) { studyData { provenance { sourceUrl } } } }',
      { id: binaryOutcomeId },
    );
    const sourceUrl = withProvenance.studyData.find((r) => r.provenance)?.provenance?.sourceUrl;
    expect(sourceUrl).toMatch(/^https?:\/\//);
    expect(await row.locator('[data-test=provenance-link]').getAttribute('href')).toBe(new URL(sourceUrl!).href);
    expect(await reader.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    await reader.screenshot({ path: `${artifacts}registry-reader-provenance.png`, fullPage: true });
    expect(reader.problems).toEqual([]);

    // The maintainer's stored rows say the same beside the numbers.
    await mia.goto(`${api.url}/outcomes/${binaryOutcomeId}`);
    const stored = await openSection(mia, 'Stored numbers, row by row');
    const storedRow = stored.locator('[data-test=stored-row]', { hasText: 'Deodhar 2019' });
    expect(await storedRow.locator('[data-test=stored-numbers]').textContent()).toBe('76/159 vs 18/158');
    expect(await storedRow.locator('[data-test=provenance-summary]').textContent()).toMatch(/^ClinicalTrials\.gov NCT02552212/);
    expect(await stored.locator('[data-test=stored-row]', { hasText: 'Smith 2015' }).locator('[data-test=row-provenance]').count()).toBe(0);
    expect(mia.problems).toEqual([]);
  });

  it("refuses a second row of the study in the outcome beside the row's label, and stores nothing", async () => {
    const versionOf = async () =>
      (await api.graphql<{ outcome: { version: number } }>('query($id: ID!) { outcome(id: $id) { version } }', { id: binaryOutcomeId })).outcome.version;
    const before = await versionOf();
    await mia.goto(`${api.url}/reviews/${reviewId}/registry`);
    const trial = mia.locator('[data-test=proposals-trial][data-nct-id=NCT02552212]');
    await trial.locator('summary').click();
    const proposal = trial.locator('[data-test=registry-proposal]', { has: mia.locator('[data-test=proposal-title]', { hasText: ASAS40_WEEK_52 }) });
    const confirm = proposal.locator('[data-test=confirm-proposal]');
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    const refusal = confirm.locator('[data-test=error-label]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/^study 'Deodhar 2019' already has a row in outcome 'ASAS40 response at week 12' \(rowId [^)]+\): give a label/);
    expect(await confirm.getByLabel('Row label').getAttribute('aria-invalid')).toBe('true');
    expect(await versionOf()).toBe(before);
    expect(await proposal.count()).toBe(1);
  });

  it('lists the decided proposals: what became of the registry numbers, latest first', async () => {
    const decided = mia.locator('[data-test=decided-proposals]');
    await decided.locator('summary').click();
    const rows = decided.locator('[data-test=decided-proposal]');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).getAttribute('data-status')).toBe('CONFIRMED');
    expect(await rows.nth(0).textContent()).toContain(ASAS40_WEEK_12);
    expect(await rows.nth(0).locator('[data-test=decision]').textContent()).toMatch(/^Confirmed by Mia Maintainer at version \d+ \(1 row\)$/);
    expect(await rows.nth(1).locator('[data-test=decision]').textContent()).toMatch(/^Dismissed by Mia Maintainer at version \d+: ASDAS-MI is not an outcome of this review$/);
  });

  it("a failed run shows the API's words on what to do, as text", async () => {
    await mia.goto(`${api.url}/reviews/${reviewId}/registry`);
    const search = mia.locator('[data-test=registry-search]');
    await search.waitFor();
    registry.script.push({ status: 400, headers: { 'content-type': 'text/plain' }, body: 'filter.advanced: <b>unknown</b> area' });
    await search.locator('[data-test=run-now]').click();
    const failed = search.locator('[data-test=run-error]');
    await failed.waitFor({ timeout: 30_000 });
    const { review } = await api.graphql<{ review: { registrySearches: { runs: { status: string; error: string }[] }[] } }>(
      'query($id: ID!) { review(id: $id) { registrySearches { runs(first: 1) { status error } } } }',
      { id: reviewId },
    );
    const [run] = review.registrySearches[0].runs;
    expect(run.status).toBe('FAILED');
    expect(run.error).toContain('<b>unknown</b> area');
    expect(await failed.textContent()).toBe(`The run failed: ${run.error}`);
    expect(await search.locator('b').count()).toBe(0);

    // The last runs at once, newest first: the failed one, then the first (a failed run makes no review version; the
    // API does not keep answers about runs in its read cache).
    await search.locator('summary', { hasText: 'Last runs' }).click();
    const runs = search.locator('[data-test=registry-run]');
    await expect.poll(() => runs.count()).toBe(2);
    const cells = (i: number) => runs.nth(i).locator('td').allTextContents();
    // The second run asked only for records updated since the first (the day before, as the registry's dates are days).
    expect(await cells(0)).toEqual([
      expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/),
      'Run now',
      expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      expect.stringMatching(/^\s*Failed: the search \(page 1\): the registry at .* answered 400: filter\.advanced: <b>unknown<\/b> area\s*$/),
    ]);
    expect(await cells(1)).toEqual([expect.stringMatching(/UTC$/), 'Run now', 'everything', expect.stringMatching(/^\s*4 trials seen · 3 new records to screen/)]);
  });

  it('edits the search to run on demand only, and removes another after asking', async () => {
    const search = mia.locator('[data-test=registry-search]').first();
    await search.getByRole('button', { name: 'Edit' }).click();
    const form = search.locator('[data-test=registry-search-form]');
    await form.getByLabel('On demand only').check();
    await form.getByRole('button', { name: 'Save the search' }).click();
    await expect.poll(() => search.locator('[data-test=registry-search-schedule]').textContent()).toBe('on demand only');
    expect(await search.locator('[data-test=registry-search-form]').count()).toBe(0);
    const section = await openSection(mia, 'Save a new search');
    await section.getByLabel('Name').fill('Dupilumab, to remove');
    await section.getByLabel('On demand only').check();
    await section.getByRole('button', { name: 'Save a new search' }).click();
    // Nothing to ask for: the API's refusal is shown beside Conditions.
    const refusal = section.locator('[data-test=error-conditions]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/give conditions, interventions or terms/);
    expect(await section.getByLabel('Conditions').getAttribute('aria-invalid')).toBe('true');
    await section.getByLabel('Interventions').fill('dupilumab');
    await section.getByRole('button', { name: 'Save a new search' }).click();
    await expect.poll(() => mia.locator('[data-test=registry-search]').count()).toBe(2);
    const extra = mia.locator('[data-test=registry-search]', { hasText: 'Dupilumab, to remove' });
    await extra.getByRole('button', { name: 'Remove the search Dupilumab, to remove' }).click();
    await extra.locator('[data-test=confirm-dialog]').getByRole('button', { name: 'Remove the search' }).click();
    await expect.poll(() => mia.locator('[data-test=registry-search]').count()).toBe(1);
    expect(await mia.locator('[data-test=registry-search-name]').textContent()).toBe('Certolizumab in nr-axSpA');
  });

  it("reads a study's trial added by hand from ClinicalTrials.gov: its results proposed; an id the registry does not know is refused beside the button", async () => {
    const addStudy = 'mutation($input: AddStudyInput!) { addStudy(input: $input) { study { id } errors { message } } }';
    await graphql(addStudy, { reviewId, label: 'Chewing 2022', year: 2022, design: 'COHORT', registryId: 'NCT05594173' });
    await graphql(addStudy, { reviewId, label: 'Ghost 2020', year: 2020, design: 'RCT', registryId: 'NCT09999999' });
    await graphql(addStudy, { reviewId, label: 'Euro 2011', year: 2011, design: 'RCT', registryId: 'ISRCTN12345678' });
    const rows = mia.locator('[data-test=study-trial]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(4);
    expect(await rows.locator('th').allTextContents()).toEqual(['Chewing 2022', 'Deodhar 2019', 'Euro 2011', 'Ghost 2020']);
    const euro = rows.filter({ hasText: 'Euro 2011' });
    expect(await euro.locator('[data-test=study-trial-known]').textContent()).toMatch(/not a ClinicalTrials\.gov id/);
    expect(await euro.locator('[data-test=read-trial]').count()).toBe(0);
    expect(await rows.filter({ hasText: 'Deodhar 2019' }).locator('[data-test=study-trial-known]').textContent()).toMatch(/^\s*Completed, results posted; read \d{4}-/);

    const chewing = rows.filter({ hasText: 'Chewing 2022' });
    expect(await chewing.locator('[data-test=study-trial-known]').textContent()).toMatch(/not read yet/);
    await chewing.locator('[data-test=read-trial]').click();
    expect(await chewing.locator('[data-test=read-trial-answer]').textContent()).toMatch(/^Read: .*results posted.*; 2 rows proposed from its posted results\.$/);
    await mia.locator('[data-test=proposals-trial][data-nct-id=NCT05594173]').waitFor();
    expect(await mia.locator('[data-test=proposals-trial][data-nct-id=NCT05594173] h3').textContent()).toMatch(/Chewing 2022 NCT05594173 2 open/);
    await expect.poll(() => chewing.locator('[data-test=study-trial-known]').textContent()).toMatch(/Completed, results posted/);
    // Read again: nothing new.
    await chewing.locator('[data-test=read-trial]').click();
    await expect.poll(() => chewing.locator('[data-test=read-trial-answer]').textContent()).toBe('Nothing new since the review last read it.');

    const ghost = rows.filter({ hasText: 'Ghost 2020' });
    await ghost.locator('[data-test=read-trial]').click();
    const refusal = ghost.locator('[data-test=error-studyId]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/NCT09999999 was not found on the registry at .* \(404\): check the NCT id/);
    expect(mia.problems).toEqual([]);
  });

  it('a search name or a dismissal reason with markup or a formula reads as text, on the page and in the decided proposals', async () => {
    const markup = '<img src=x onerror=alert(1)> =1+1';
    const section = await openSection(mia, 'Save a new search');
    await section.getByLabel('Name').fill(markup);
    await section.getByLabel('Conditions').fill('spondyloarthritis');
    await section.getByLabel('On demand only').check();
    await section.getByRole('button', { name: 'Save a new search' }).click();
    const planted = mia.locator('[data-test=registry-search]', { hasText: '=1+1' });
    await planted.waitFor();
    expect(await planted.locator('[data-test=registry-search-name]').textContent()).toBe(markup);
    expect(await mia.locator('[data-test=registry-searches] img').count()).toBe(0);
    // A proposal dismissed for a reason typed with markup: the decided list shows it as typed.
    const trial = mia.locator('[data-test=proposals-trial][data-nct-id=NCT02552212]');
    await trial.locator('summary').click();
    const dismiss = trial.locator('[data-test=registry-proposal]').first().locator('[data-test=dismiss-proposal]');
    await dismiss.getByLabel('Reason to dismiss').fill(markup);
    await dismiss.getByRole('button', { name: 'Dismiss' }).click();
    await mia.locator('[data-test=proposal-decided]').waitFor();
    const decided = mia.locator('[data-test=decided-proposals]');
    if ((await decided.getAttribute('open')) === null) await decided.locator('summary').click();
    await expect.poll(() => decided.locator('[data-test=decision]', { hasText: '=1+1' }).count()).toBe(1);
    expect(await decided.locator('[data-test=decision]', { hasText: '=1+1' }).textContent()).toMatch(/: <img src=x onerror=alert\(1\)> =1\+1$/);
    expect(await decided.locator('img').count()).toBe(0);
    // Removed again, so the reader's view below is as it was.
    await planted.getByRole('button', { name: `Remove the search ${markup}` }).click();
    await planted.locator('[data-test=confirm-dialog]').getByRole('button', { name: 'Remove the search' }).click();
    await expect.poll(() => mia.locator('[data-test=registry-search]').count()).toBe(1);
    expect(mia.problems).toEqual([]);
  });

  it('a reader sees the searches, proposals and trials of the public review, and no control to change them', async () => {
    const page = await openPage(reader.context(), `${api.url}/reviews/${reviewId}/registry`);
    await page.locator('[data-test=registry-search]').waitFor();
    expect(await page.locator('[data-test=registry-read-only]').textContent()).toMatch(/for the review's maintainers/);
    expect(await page.locator('[data-test=registry-trial]').count()).toBe(5);
    expect(await page.locator('[data-test=proposals-trial]').count()).toBe(2);
    for (const control of ['run-now', 'confirm-proposal', 'dismiss-proposal', 'read-trial', 'new-registry-search']) {
      expect(await page.locator(`[data-test=${control}]`).count(), control).toBe(0);
    }
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('on a phone, the registry page does not scroll sideways', async () => {
    await mia.goto(`${api.url}/reviews/${reviewId}/registry`);
    await mia.locator('[data-test=registry-search]').waitFor();
    await mia.setViewportSize(phone);
    expect(await mia.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await mia.screenshot({ path: `${artifacts}registry-390.png`, fullPage: true });
    await mia.setViewportSize(desktop);
  });
});
