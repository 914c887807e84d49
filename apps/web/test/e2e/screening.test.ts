// The intake chain in Chromium against the real API and database: a maintainer imports a small RIS file through the
// searches page (a broken one is refused with its line); two screeners, each in a browser of their own, screen the
// same records with the keyboard and cannot see each other's votes until both have voted; they disagree on one
// record and an arbiter settles it; at the full text one record is included, the other excluded with a reason picked
// by number; the included record becomes a study; a second update round brings a duplicate by DOI and a possible
// duplicate, confirmed and then taken out of its group again, and a record that becomes a report of a study; and a
// reader's open review page redraws the PRISMA 2020 diagram after each step, without a reload.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuiteSkipReason, startApi, type RunningApi } from './api-server';
import { mkdirSync } from 'node:fs';
import { artifacts, desktop, launchChromium, openPage, phone, type WatchedPage } from './browser';

const skipReason = browserSuiteSkipReason();
const PASSWORD = 'correct horse battery';

const RIS = [
  ['Autologous stem cell transplantation in systemic sclerosis: a randomised trial', 'Granel, B', '2015', 'Ann Rheum Dis', '10.1136/annrheumdis-2014-205681', 'Mesenchymal stem cell injection improved hand function in systemic sclerosis.'],
  ['Fat grafting to the face in systemic sclerosis', 'Almadori, A', '2019', 'Plast Reconstr Surg', '10.1097/PRS.0000000000005465', 'A cohort of patients given autologous fat grafting.'],
  ['Stem cells in a mouse model of fibrosis <img src=x onerror="document.title=\'owned\'">', 'Roe, B', '2016', 'Nature', '10.1038/nature.2016.1', 'A mouse model; no patients.'],
]
  .map(([title, author, year, journal, doi, abstract]) => ['TY  - JOUR', `TI  - ${title}`, `AU  - ${author}`, `PY  - ${year}`, `JO  - ${journal}`, `DO  - ${doi}`, `AB  - ${abstract}`, 'ER  - ', ''].join('\r\n'))
  .join('\r\n');

/** A second search, for an update round: Granel's paper again (the same DOI), Almadori's with its title reworded, and a new trial. */
const UPDATE_RIS = [
  ['Autologous stem cell transplantation in systemic sclerosis: randomised trial', 'Granel, B', '2015', 'Annals of the Rheumatic Diseases', '10.1136/ANNRHEUMDIS-2014-205681'],
  ['Fat grafting of the face in systemic sclerosis.', 'Almadori, A', '2019', 'Plastic and Reconstructive Surgery', ''],
  ['Lipofilling for the hands in scleroderma: a randomised trial of Raynaud’s phenomenon', 'Del Papa, N', '2019', 'Plast Reconstr Surg', ''],
]
  .map(([title, author, year, journal, doi]) => ['TY  - JOUR', `TI  - ${title}`, `AU  - ${author}`, `PY  - ${year}`, `JO  - ${journal}`, ...(doi ? [`DO  - ${doi}`] : []), 'ER  - ', ''].join('\r\n'))
  .join('\r\n');

/** Text as an older export writes it, in Windows-1252 (’ is byte 0x92), so the page must not read it as UTF-8. */
function windows1252(text: string): Buffer {
  return Buffer.from([...text].map((character) => (character === '’' ? 0x92 : character.charCodeAt(0) < 0x80 ? character.charCodeAt(0) : 0x3f)));
}

describe.skipIf(skipReason !== null)('screening in Chromium: import, two blinded screeners, an arbiter, a study, a live PRISMA diagram', { timeout: 180_000 }, () => {
  let api: RunningApi;
  let browser: Browser;
  let reviewId: string;
  let outcomeId: string;
  const contexts: BrowserContext[] = [];
  let reader: WatchedPage;
  let mia: WatchedPage;
  let sam: WatchedPage;
  let tess: WatchedPage;
  let ari: WatchedPage;

  async function person(email: string, displayName: string, roles: string[]): Promise<void> {
    const { createUser } = await api.graphql<{ createUser: { user: { id: string }; errors: { message: string }[] } }>(
      'mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } errors { message } } }',
      { input: { email, displayName, password: PASSWORD } },
    );
    expect(createUser.errors).toEqual([]);
    const { setMemberRoles } = await api.graphql<{ setMemberRoles: { errors: { message: string }[] } }>(
      'mutation($input: SetMemberRolesInput!) { setMemberRoles(input: $input) { roles errors { message } } }',
      { input: { reviewId, userId: createUser.user.id, roles } },
    );
    expect(setMemberRoles.errors).toEqual([]);
  }

  /** A browser of the person's own, signed in with the password, on `path`. */
  async function signedIn(email: string, path: string): Promise<WatchedPage> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await openPage(context, `${api.url}/sign-in?back=${encodeURIComponent(path)}`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${api.url}${path}`);
    return page;
  }

  const box = (id: string) => reader.locator(`[data-test=prisma-flow] [data-box="${id}"]`);
  /** A box's lines as one line of text. */
  const boxText = async (id: string) => (await box(id).locator('tspan').allTextContents()).join(' ').replace(/\s+/g, ' ').trim();
  /** The text of a box of the reader's diagram once it reads `expected` (the page redraws by itself). */
  async function readerBox(id: string, expected: RegExp): Promise<string> {
    await expect.poll(() => boxText(id), { timeout: 15_000 }).toMatch(expected);
    return boxText(id);
  }

  const titleOf = (page: WatchedPage) => page.locator('[data-test=record-title]').textContent();
  /** Waits until the record shown is `title` (from the next ones already loaded), then presses `key`. */
  async function screen(page: WatchedPage, title: RegExp, ...keys: string[]) {
    await expect.poll(() => titleOf(page), { timeout: 10_000 }).toMatch(title);
    for (const key of keys) await page.keyboard.press(key);
  }

  /** The record's votes at a stage as this person's session reads them from the API (null while blinded). */
  async function votesSeenBy(page: WatchedPage, recordTitle: string): Promise<unknown> {
    return page.evaluate(
      async ({ id, title }) => {
        const query = `query($id: ID!, $text: String) { review(id: $id) { recordsConnection(first: 5, text: $text) { edges { node { votes(stage: TITLE_ABSTRACT) { decision screener } } } } } }`;
        const response = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: { id, text: title } }) });
        const body = (await response.json()) as { data: { review: { recordsConnection: { edges: { node: { votes: unknown } }[] } } } };
        return body.data.review.recordsConnection.edges[0].node.votes;
      },
      { id: reviewId, title: recordTitle },
    );
  }

  beforeAll(async () => {
    api = await startApi();
    const { createReview } = await api.graphql<{ createReview: { review: { id: string } } }>(
      'mutation($input: CreateReviewInput!) { createReview(input: $input) { review { id } errors { message } } }',
      { input: { title: 'Stem cells for systemic sclerosis (living)', isPublic: true } },
    );
    reviewId = createReview.review.id;
    // One study the review had before Cumulus ran its searches, with the data of one outcome.
    const { addOutcome } = await api.graphql<{ addOutcome: { outcome: { id: string } } }>('mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { outcome { id } } }', {
      input: { reviewId, name: 'Digital ulcers healed', measure: 'OR' },
    });
    outcomeId = addOutcome.outcome.id;
    const { addStudy } = await api.graphql<{ addStudy: { study: { id: string } } }>('mutation($input: AddStudyInput!) { addStudy(input: $input) { study { id } } }', {
      input: { reviewId, label: 'Smith 2010', year: 2010, design: 'RCT' },
    });
    await api.graphql('mutation($input: RecordStudyDataInput!) { recordStudyData(input: $input) { outcome { id } } }', {
      input: { outcomeId, studyId: addStudy.study.id, events1: 20, n1: 40, events2: 10, n2: 40 },
    });
    await person('mia@example.org', 'Mia Maintainer', ['OWNER']);
    await person('sam@example.org', 'Sam Screener', ['SCREENER']);
    await person('tess@example.org', 'Tess Screener', ['SCREENER']);
    await person('ari@example.org', 'Ari Arbiter', ['ARBITER']);
    const { updateScreeningSettings } = await api.graphql<{ updateScreeningSettings: { errors: unknown[] } }>(
      'mutation($input: UpdateScreeningSettingsInput!) { updateScreeningSettings(input: $input) { errors { message } } }',
      { input: { reviewId, inclusionTerms: ['stem cell', 'systemic sclerosis', 'random'], exclusionTerms: ['mouse'] } },
    );
    expect(updateScreeningSettings.errors).toEqual([]);
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await api?.stop();
  });

  it('a reader opens the review page before anything is imported', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    reader = await openPage(context, `${api.url}/reviews/${reviewId}`);
    await reader.locator('h1', { hasText: 'Stem cells for systemic sclerosis' }).waitFor();
    expect(await reader.locator('[data-test=prisma-flow]').count()).toBe(0);
  });

  it('a maintainer imports a RIS file through the searches page; a broken file is refused with its line', async () => {
    mia = await signedIn('mia@example.org', `/reviews/${reviewId}/searches`);
    const form = mia.locator('[data-test=import-search]');
    await form.getByLabel('Source (database or register)').fill('MEDLINE via PubMed');
    await form.getByLabel('Date searched').fill('2021-02-01');
    await form.getByLabel('Query').fill('systemic sclerosis AND stem cells');
    await form.getByLabel('Search results file').setInputFiles({ name: 'broken.ris', mimeType: 'text/plain', buffer: Buffer.from(`${RIS}TY  - JOUR\r\nTI  - A record that never ends\r\n`) });
    await form.getByRole('button', { name: 'Import' }).click();
    expect(await form.locator('[data-test=error-content]').textContent()).toMatch(/^line \d+: .+nothing was imported$/);

    await form.getByLabel('Search results file').setInputFiles({ name: 'pubmed.ris', mimeType: 'application/x-research-info-systems', buffer: Buffer.from(RIS) });
    await form.getByRole('button', { name: 'Import' }).click();
    await form.locator('[data-test=import-answer]').waitFor();
    expect(await form.locator('[data-test=import-answer]').textContent()).toMatch(/Imported 3 records from MEDLINE via PubMed: 0 duplicates, 0 possible duplicates for a person, 3 new records to screen/);
    await mia.locator('[data-test=search-row]').waitFor();
    expect(await mia.locator('[data-test=search-records]').textContent()).toBe('3');
    await expect.poll(() => mia.locator('[data-test=records-count]').textContent()).toBe('3 records');
  });

  it('the reader’s page announces the new records and draws the flow of the round, without a reload', async () => {
    await reader.locator('[data-test=new-records-link]', { hasText: '3 new records to screen' }).waitFor({ timeout: 15_000 });
    expect(await readerBox('identified', /MEDLINE via PubMed \(n = 3\)/)).toMatch(/Records identified from databases \(n = 3\)/);
    // Every record not a duplicate is to be screened; nothing is excluded yet.
    expect(await readerBox('screened', /Records screened/)).toBe('Records screened (n = 3)');
    expect(await readerBox('records-excluded', /Records excluded/)).toBe('Records excluded (n = 0)');
    expect(await reader.locator('[data-test=prisma-checks]').textContent()).toMatch(/3 records still wait for title and abstract screening/);
  });

  it('two screeners screen the same records with the keyboard, blind to each other until both have voted', async () => {
    sam = await signedIn('sam@example.org', `/reviews/${reviewId}/screening`);
    await screen(sam, /^Autologous stem cell transplantation/);
    // The review's terms are marked in the title and the abstract.
    expect(await sam.locator('[data-test=record-title] mark.inclusion').allTextContents()).toEqual(['stem cell', 'systemic sclerosis', 'random']);
    expect(await sam.locator('[data-test=screening-progress] [data-test=progress-my-queue]').textContent()).toBe('3');

    // E by mistake, U to undo it, then I.
    await sam.keyboard.press('e');
    await screen(sam, /^Fat grafting/);
    await sam.keyboard.press('u');
    await screen(sam, /^Autologous stem cell/, 'i');
    // The next record is already in memory: it shows before the vote's answer could have come back.
    await screen(sam, /^Fat grafting/, 'i');
    await screen(sam, /^Stem cells in a mouse model/);
    expect(await sam.locator('[data-test=record-abstract] mark.exclusion').allTextContents()).toEqual(['mouse']);
    mkdirSync(artifacts, { recursive: true });
    await sam.screenshot({ path: `${artifacts}screening-1400.png`, fullPage: true });
    // On a phone, nothing scrolls sideways.
    await sam.setViewportSize(phone);
    expect(await sam.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await sam.screenshot({ path: `${artifacts}screening-390.png`, fullPage: true });
    await sam.setViewportSize(desktop);
    // A record's text is shown as text, markup and all.
    expect(await titleOf(sam)).toMatch(/fibrosis <img src=x onerror=/);
    expect(await sam.locator('[data-test=screening-record] img').count()).toBe(0);
    await sam.keyboard.press('e');
    await sam.locator('[data-test=queue-empty]').waitFor();
    await expect.poll(() => sam.locator('[data-test=progress-my-votes]').textContent()).toBe('3');

    // Sam's votes are blinded from Tess, and Tess's queue still holds all three.
    tess = await signedIn('tess@example.org', `/reviews/${reviewId}/screening`);
    expect(await votesSeenBy(tess, 'Fat grafting')).toBeNull();
    expect(await votesSeenBy(sam, 'Fat grafting')).toBeNull();
    await screen(tess, /^Autologous stem cell/);
    // The next record is on screen within 100 ms of the key (the benchmark): it was already in memory.
    const shownAfter = await tess.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const before = document.querySelector('[data-test=record-title]')?.textContent;
          const start = performance.now();
          const observer = new MutationObserver(() => {
            const now = document.querySelector('[data-test=record-title]')?.textContent;
            if (now && now !== before) {
              observer.disconnect();
              resolve(performance.now() - start);
            }
          });
          observer.observe(document.querySelector('main')!, { subtree: true, childList: true, characterData: true });
          window.dispatchEvent(new KeyboardEvent('keydown', { key: 'i' }));
        }),
    );
    expect(shownAfter).toBeLessThan(100);
    await screen(tess, /^Fat grafting/, 'e');
    await screen(tess, /^Stem cells in a mouse model/, 'e');
    await tess.locator('[data-test=queue-empty]').waitFor();

    // Both in: each sees both votes.
    await expect.poll(() => votesSeenBy(sam, 'Fat grafting')).toEqual([
      { decision: 'INCLUDE', screener: 'Sam Screener' },
      { decision: 'EXCLUDE', screener: 'Tess Screener' },
    ]);
    await expect.poll(() => sam.locator('[data-test=progress-conflicts]').textContent()).toBe('1');
    await expect.poll(() => sam.locator('[data-test=kappa-caution]').textContent()).toMatch(/Cochrane Handbook/);
    expect(sam.problems).toEqual([]);
    expect(tess.problems).toEqual([]);
  });

  it('the disagreement is a conflict an arbiter settles, seeing every vote and screener', async () => {
    ari = await signedIn('ari@example.org', `/reviews/${reviewId}/screening?tab=conflicts`);
    const conflict = ari.locator('[data-test=conflict]');
    await conflict.waitFor();
    expect(await conflict.locator('[data-test=record-title]').textContent()).toBe('Fat grafting to the face in systemic sclerosis');
    const votes = await conflict.locator('[data-test=conflict-votes] tbody tr').evaluateAll((rows) => rows.map((row) => [...(row as HTMLTableRowElement).cells].map((cell) => cell.textContent?.trim()).filter(Boolean).join(' ')));
    expect(votes).toEqual(['Sam Screener Include', 'Tess Screener Exclude']);
    await ari.screenshot({ path: `${artifacts}screening-conflicts-1400.png`, fullPage: true });
    await conflict.locator('[data-test=resolve-include]').click();
    await ari.locator('[data-test=no-conflicts]').waitFor();

    // The reader's diagram: 3 screened, 1 excluded, 2 full texts sought.
    expect(await readerBox('records-excluded', /n = 1/)).toBe('Records excluded (n = 1)');
    expect(await readerBox('screened', /n = 3/)).toBe('Records screened (n = 3)');
    expect(await readerBox('sought', /n = 2/)).toBe('Reports sought for retrieval (n = 2)');
  });

  it('at the full text, E opens the reasons and a number picks one; agreement includes one record and excludes the other', async () => {
    for (const page of [sam, tess]) {
      await page.locator('[data-test=stage-FULL_TEXT]').click();
      await screen(page, /^Autologous stem cell/, 'i');
      await screen(page, /^Fat grafting/, 'e');
      expect((await page.locator('[data-test=exclusion-reasons] li').allTextContents())[0].replace(/\s+/g, ' ').trim()).toBe('1 wrong population');
      if (page === sam) await page.screenshot({ path: `${artifacts}screening-full-text-reasons-1400.png`, fullPage: true });
      await page.keyboard.press('1');
      await page.locator('[data-test=queue-empty]').waitFor();
    }
    expect(await readerBox('assessed', /n = 2/)).toBe('Reports assessed for eligibility (n = 2)');
    expect(await readerBox('reports-excluded', /wrong population/)).toBe('Reports excluded (n = 1): wrong population (n = 1)');
    // Included, not yet a study: the diagram says so beneath.
    expect(await readerBox('new-included', /New studies/)).toMatch(/^New studies included in review \(n = 0\)/);
    await expect.poll(() => reader.locator('[data-test=prisma-checks]').textContent()).toMatch(/1 included report is not yet a study or a report of one/);
  });

  it('the included record becomes a study, with its report, and the reader’s diagram counts it', async () => {
    await mia.reload();
    const included = mia.locator('[data-test=included-record]');
    await included.waitFor();
    expect(await included.locator('[data-test=study-label]').inputValue()).toBe('Granel 2015');
    expect(await included.locator('[data-test=study-year]').inputValue()).toBe('2015');
    await included.locator('[data-test=add-as-study]').click();
    await mia.locator('[data-test=no-included-records]').waitFor();

    expect(await readerBox('new-included', /New studies included in review \(n = 1\)/)).toBe('New studies included in review (n = 1) Reports of new included studies (n = 1)');
    expect(await readerBox('previous', /previous version/)).toMatch(/^Studies included in previous version of review \(n = 1\)/);
    expect(await readerBox('total-included', /Total studies included in review \(n = 2\)/)).toMatch(/^Total studies included in review \(n = 2\)/);
    await expect.poll(() => reader.locator('[data-test=study-row] .label').allTextContents()).toEqual(['Smith 2010', 'Granel 2015']);
    expect(await reader.locator('[data-test=study-row]', { hasText: 'Granel 2015' }).locator('[data-test=study-report]').textContent()).toMatch(/^\s*Paper Granel, B\. Autologous stem cell transplantation .+\. Ann Rheum Dis\. 2015\. doi:10\.1136\/annrheumdis-2014-205681\s+DOI\s*$/);
    expect(await reader.locator('[data-test=study-report] a').first().getAttribute('href')).toBe('https://doi.org/10.1136/annrheumdis-2014-205681');
    expect(await reader.locator('[data-test=prisma-checks-none]').count()).toBe(1);
    expect(await reader.locator('[data-test=round-screened]').textContent()).toBe('3');
    expect(await reader.locator('[data-test=round-included]').textContent()).toBe('1');
    expect(await reader.title()).not.toBe('owned');

    // The new study's numbers: "Since the last update round" shows the outcome's estimate before the round and now.
    const { review } = await api.graphql<{ review: { studies: { id: string; label: string }[] } }>('query($id: ID!) { review(id: $id) { studies { id label } } }', { id: reviewId });
    await api.graphql('mutation($input: RecordStudyDataInput!) { recordStudyData(input: $input) { outcome { id } } }', {
      input: { outcomeId, studyId: review.studies.find((s) => s.label === 'Granel 2015')!.id, events1: 12, n1: 30, events2: 6, n2: 30 },
    });
    const change = reader.locator('[data-test=round-analysis-changes] tbody tr');
    await change.waitFor({ timeout: 15_000 });
    const cells = await change.locator('td').allTextContents();
    expect(cells[0]).toBe('Digital ulcers healed');
    expect(cells[1]).toMatch(/^3\.00 \[.+\] \(1 study\)$/);
    expect(cells[2]).toMatch(/\(2 studies\)$/);
    await reader.screenshot({ path: `${artifacts}review-round-flow-1400.png`, fullPage: true });

    // A reader follows the link to the screening page and sees where screening stands, nothing to vote on.
    const progress = await openPage(reader.context(), `${api.url}/reviews/${reviewId}/screening`);
    await progress.locator('[data-test=screening-readonly]').waitFor();
    expect(await progress.locator('[data-test=progress-total]').textContent()).toBe('3');
    expect(await progress.locator('[data-test=progress-excluded]').textContent()).toBe('1');
    expect(await progress.locator('[data-test=kappa]').textContent()).toBe('0.40');
    expect(await progress.locator('[data-test=progress-my-votes]').count()).toBe(0);
    expect(await progress.locator('[data-test=decide-include]').count()).toBe(0);
    expect(progress.problems).toEqual([]);
    await progress.close();
    expect(reader.problems).toEqual([]);
    expect(mia.problems).toEqual([]);
    expect(ari.problems).toEqual([]);
  });

  it('a new update round: previous studies, a duplicate by DOI, a possible duplicate confirmed and its merge undone, live on the reader’s page', async () => {
    await mia.reload();
    const round = mia.locator('[data-test=open-round]');
    await round.getByLabel('New round’s label').fill('February 2021 update');
    await round.getByLabel('Searched to').fill('2021-02-28');
    await round.getByRole('button', { name: 'Open a new update round' }).click();
    await expect.poll(() => mia.locator('[data-test=update-round]').count()).toBe(2);

    const form = mia.locator('[data-test=import-search]');
    await form.getByLabel('Source (database or register)').fill('Embase');
    await form.getByLabel('Date searched').fill('2021-02-28');
    await form.getByLabel('Search results file').setInputFiles({ name: 'embase.ris', mimeType: 'text/plain', buffer: windows1252(UPDATE_RIS) });
    await form.getByRole('button', { name: 'Import' }).click();
    await form.locator('[data-test=import-answer]').waitFor();
    expect(await form.locator('[data-test=import-duplicates]').textContent()).toBe('1');
    expect(await form.locator('[data-test=import-possible]').textContent()).toBe('1');
    const fresh = Number(await form.locator('[data-test=import-new]').textContent());
    expect(fresh).toBeGreaterThanOrEqual(1);
    await reader.locator('[data-test=new-records-link]', { hasText: `${3 + fresh} new records to screen` }).waitFor({ timeout: 15_000 });

    // The reader's diagram is round 2's now, in the template for updated reviews.
    expect(await readerBox('previous', /previous version/)).toMatch(/^Studies included in previous version of review \(n = 2\)/);
    expect(await readerBox('identified', /Embase/)).toBe('Records identified from databases (n = 3): Embase (n = 3) Records identified from registers (n = 0)');
    expect(await readerBox('removed', /Duplicate records \(n = 1\)/)).toMatch(/Records removed before screening: Duplicate records \(n = 1\)/);

    // The possible duplicate, side by side: the same record, confirmed.
    const pair = mia.locator('[data-test=possible-duplicate]');
    await pair.waitFor();
    expect(await pair.textContent()).toMatch(/Fat grafting of the face in systemic sclerosis\..+Fat grafting to the face in systemic sclerosis/);
    await pair.locator('[data-test=confirm-duplicate]').click();
    await mia.locator('[data-test=no-possible-duplicates]').waitFor();
    await readerBox('removed', /Duplicate records \(n = 2\)/);

    // Merged duplicates can be taken out of their group again.
    await mia.locator('[data-test=record-filter]').selectOption('DUPLICATES');
    const merged = mia.locator('[data-test=record-row]', { hasText: 'Fat grafting of the face' });
    await merged.locator('[data-test=undo-merge]').click();
    await expect.poll(() => mia.locator('[data-test=record-row]', { hasText: 'Fat grafting of the face' }).count()).toBe(0);
    await readerBox('removed', /Duplicate records \(n = 1\)/);

    // Removed before screening for another reason, then restored.
    await mia.locator('[data-test=record-filter]').selectOption('TO_SCREEN');
    const row = mia.locator('[data-test=record-row]', { hasText: 'Fat grafting of the face' });
    await row.locator('[data-test=remove-record-open]').click();
    await row.getByLabel('Why it is removed before screening').fill('a letter, not a study');
    await row.locator('[data-test=remove-record]').click();
    await readerBox('removed', /Records removed for other reasons \(n = 1\)/);
    await mia.locator('[data-test=record-filter]').selectOption('REMOVED');
    const removed = mia.locator('[data-test=record-row]', { hasText: 'Fat grafting of the face' });
    expect(await removed.textContent()).toContain('removed: a letter, not a study');
    await removed.locator('[data-test=restore-record]').click();
    await readerBox('removed', /Records removed for other reasons \(n = 0\)/);
    await mia.screenshot({ path: `${artifacts}searches-1400.png`, fullPage: true });
    expect(reader.problems).toEqual([]);
    expect(mia.problems).toEqual([]);
  });

  it('an included record of the new round becomes a report of a study the review has', async () => {
    // Both screeners take the new round's records: the new trial in, the other out.
    for (const page of [sam, tess]) {
      await page.locator('[data-test=stage-TITLE_ABSTRACT]').click();
      // Almadori's reworded record, out of its group again, is screened like any other.
      await screen(page, /^Fat grafting of the face/, 'e');
      await screen(page, /^Lipofilling/, 'i');
      await page.locator('[data-test=queue-empty]').waitFor();
    }
    // Once both are in, the full text waits in both queues.
    for (const page of [sam, tess]) {
      await page.locator('[data-test=stage-FULL_TEXT]').click();
      await screen(page, /^Lipofilling/, 'i');
      await page.locator('[data-test=queue-empty]').waitFor();
    }

    await mia.reload();
    const included = mia.locator('[data-test=included-record]', { hasText: 'Lipofilling for the hands' });
    await included.locator('[data-test=report-of]').selectOption({ label: 'Granel 2015' });
    await included.locator('[data-test=add-as-report]').click();
    await mia.locator('[data-test=no-included-records]').waitFor();

    expect(await readerBox('new-included', /Reports of new included studies \(n = 1\)/)).toBe('New studies included in review (n = 0) Reports of new included studies (n = 1)');
    await expect.poll(() => reader.locator('[data-test=study-row]', { hasText: 'Granel 2015' }).locator('[data-test=study-report]').count()).toBe(2);
    expect(await reader.locator('[data-test=study-row]', { hasText: 'Granel 2015' }).locator('[data-test=study-report]').nth(1).textContent()).toMatch(/Del Papa, N\. Lipofilling for the hands in scleroderma: a randomised trial of Raynaud’s phenomenon\./);
    expect(sam.problems).toEqual([]);
    expect(tess.problems).toEqual([]);
    expect(mia.problems).toEqual([]);
    expect(reader.problems).toEqual([]);
  });
});
