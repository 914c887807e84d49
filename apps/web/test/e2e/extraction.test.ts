// Dual extraction in Chromium against the real API and database: the owner turns it on from the extraction page; two
// extractors, each in a browser of their own, enter the same study's numbers, neither seeing the other's until both
// are in, and they differ in one number; a maintainer sees the two side by side with that number marked and enters
// the reconciled row; the reader's open outcome page (opened before anything was extracted) draws the study in its
// analysis without a reload. What people type is shown as text.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuiteSkipReason, startApi, type RunningApi } from './api-server';
import { mkdirSync } from 'node:fs';
import { artifacts, desktop, launchChromium, openPage, phone, type WatchedPage } from './browser';

const skipReason = browserSuiteSkipReason();
const PASSWORD = 'correct horse battery';

describe.skipIf(skipReason !== null)('dual extraction in Chromium: two blinded extractors who differ, a third who reconciles, a reader who sees the row pooled', { timeout: 180_000 }, () => {
  let api: RunningApi;
  let browser: Browser;
  let reviewId: string;
  let outcomeId: string;
  const contexts: BrowserContext[] = [];
  let reader: WatchedPage;
  let ann: WatchedPage;
  let ben: WatchedPage;

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

  /** Fills the extraction form with a study's arm numbers and submits it; returns the answer shown. */
  async function extract(page: WatchedPage, numbers: { events1: number; n1: number; events2: number; n2: number }, source: string, chooseStudy = true): Promise<string> {
    const form = page.locator('[data-test=submit-extraction]');
    if (chooseStudy) await form.getByLabel('Study').selectOption({ label: 'Smith 2019' });
    await form.getByLabel('Events, experimental').fill(String(numbers.events1));
    await form.getByLabel('Participants, experimental').fill(String(numbers.n1));
    await form.getByLabel('Events, control').fill(String(numbers.events2));
    await form.getByLabel('Participants, control').fill(String(numbers.n2));
    await form.getByLabel('Source (optional)').fill(source);
    await form.getByRole('button', { name: 'Submit my extraction' }).click();
    const answer = form.locator('[data-test=form-saved]');
    await answer.waitFor();
    return (await answer.textContent()) ?? '';
  }

  beforeAll(async () => {
    api = await startApi();
    const { createReview } = await api.graphql<{ createReview: { review: { id: string } } }>(
      'mutation($input: CreateReviewInput!) { createReview(input: $input) { review { id } errors { message } } }',
      { input: { title: 'Stem cells for systemic sclerosis (extraction)', isPublic: true } },
    );
    reviewId = createReview.review.id;
    const { addOutcome } = await api.graphql<{ addOutcome: { outcome: { id: string } } }>('mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { outcome { id } } }', {
      input: { reviewId, name: 'Digital ulcers healed', measure: 'OR' },
    });
    outcomeId = addOutcome.outcome.id;
    await api.graphql('mutation($input: AddStudyInput!) { addStudy(input: $input) { study { id } } }', { input: { reviewId, label: 'Smith 2019', year: 2019 } });
    await person('mia@example.org', 'Mia Owner', ['OWNER']);
    await person('ann@example.org', 'Ann Extractor', ['EXTRACTOR']);
    await person('ben@example.org', 'Ben Extractor', ['EXTRACTOR']);
    await person('cat@example.org', 'Cat Maintainer', ['MAINTAINER']);
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await api?.stop();
  });

  it('a reader opens the outcome page before anything is extracted', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    reader = await openPage(context, `${api.url}/outcomes/${outcomeId}`);
    await reader.locator('h1', { hasText: 'Digital ulcers healed' }).waitFor();
    await expect.poll(() => reader.locator('[data-test=pooled-estimate]').textContent()).toBe('No studies with data for this outcome yet.');
  });

  it('the owner turns dual extraction on from the extraction page, linked from the review page', async () => {
    const mia = await signedIn('mia@example.org', `/reviews/${reviewId}`);
    await mia.locator('[data-test=extraction-link]').click();
    await mia.waitForURL(`${api.url}/reviews/${reviewId}/extraction`);
    const settings = mia.locator('[data-test=extraction-settings]');
    await settings.getByLabel('Two extractors for every new data row').check();
    await settings.getByRole('button', { name: 'Save' }).click();
    expect(await settings.locator('[data-test=form-saved]').textContent()).toBe('Dual extraction is on.');
    // The outcome page's own entry of numbers says where new rows go now, and leads there.
    await mia.goto(`${api.url}/outcomes/${outcomeId}`);
    const notice = mia.locator('[data-test=dual-extraction-notice]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('two independent extractions of every new data row');
    await notice.getByRole('link', { name: 'data extraction page' }).click();
    await mia.waitForURL(`${api.url}/reviews/${reviewId}/extraction`);
    expect(mia.problems).toEqual([]);
  });

  it('two extractors enter the same study blind to each other, and differ in one number', async () => {
    ann = await signedIn('ann@example.org', `/reviews/${reviewId}/extraction`);
    expect(await extract(ann, { events1: 4, n1: 20, events2: 9, n2: 22 }, 'Table 2 <b>ITT</b>')).toBe('Smith 2019: Your extraction is in (1 of 2); waiting for the second extractor.');
    const mine = ann.locator('[data-test=pair]', { hasText: 'Smith 2019' });
    await expect.poll(() => mine.locator('[data-test=pair-mine]').textContent()).toBe('4/20 vs 9/22 (Table 2 <b>ITT</b>)');
    // Typed markup is text: no element was made of it.
    expect(await mine.locator('[data-test=pair-mine] b').count()).toBe(0);

    ben = await signedIn('ben@example.org', `/reviews/${reviewId}/extraction`);
    const waiting = ben.locator('[data-test=pair]', { hasText: 'Smith 2019' });
    await expect.poll(() => waiting.locator('[data-test=pair-status]').textContent()).toBe('Extracted by Ann Extractor (1 of 2); waiting for a second extractor');
    expect(await waiting.locator('[data-test=pair-mine]').textContent()).toBe('');
    // Ann's numbers are nowhere on Ben's page, nor in what his session can ask the API.
    expect(await ben.locator('main').textContent()).not.toContain('9/22');
    const blinded = await ben.evaluate(async (id) => {
      const query = `query($id: ID!) { review(id: $id) { dualExtractions { myExtraction { n2 } extractions { n2 } differences { field } } } }`;
      const response = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: { id } }) });
      return ((await response.json()) as { data: unknown }).data;
    }, reviewId);
    expect(blinded).toEqual({ review: { dualExtractions: [{ myExtraction: null, extractions: null, differences: null }] } });

    // Ben starts from the row waiting for him: the form takes its study, label and subgroup, and no numbers.
    await waiting.getByRole('button', { name: 'Extract this row' }).click();
    const form = ben.locator('[data-test=submit-extraction]');
    expect(await form.getByLabel('Study').evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent)).toBe('Smith 2019');
    expect(await form.getByLabel('Participants, control').inputValue()).toBe('');
    expect(await extract(ben, { events1: 4, n1: 20, events2: 9, n2: 21 }, 'Table 2', false)).toBe('Smith 2019: The extractions differ in n2; waiting for reconciliation.');
    // Ann's open page follows without a reload: both extractions are in, so she now sees both, side by side.
    await expect.poll(() => ann.locator('[data-test=conflict-count]').textContent(), { timeout: 15_000 }).toBe('1');
    expect(await ann.locator('[data-test=extraction-conflict] [data-field=n2] td').allTextContents()).toEqual(['22', '21']);
    // On a phone, nothing scrolls sideways.
    await ann.setViewportSize(phone);
    expect(await ann.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await ann.setViewportSize(desktop);
    expect(ann.problems).toEqual([]);
    expect(ben.problems).toEqual([]);
  });

  it('a maintainer sees the two side by side with the differing number marked, and enters the reconciled row', async () => {
    const cat = await signedIn('cat@example.org', `/reviews/${reviewId}/extraction`);
    await expect.poll(() => cat.locator('[data-test=conflict-count]').textContent()).toBe('1');
    const conflict = cat.locator('[data-test=extraction-conflict]');
    expect(await conflict.locator('[data-test=conflict-row]').textContent()).toMatch(/^Smith 2019/);
    expect(await conflict.locator('[data-test=first-extractor]').textContent()).toBe('Ann Extractor');
    expect(await conflict.locator('[data-test=second-extractor]').textContent()).toBe('Ben Extractor');
    const lines = await conflict.locator('[data-test=side-by-side-line]').evaluateAll((rows) =>
      rows.map((row) => [row.getAttribute('data-field'), row.getAttribute('data-differs'), [...row.querySelectorAll('td')].map((td) => td.textContent)]),
    );
    expect(lines).toEqual([
      ['events1', 'no', ['4', '4']],
      ['n1', 'no', ['20', '20']],
      ['events2', 'no', ['9', '9']],
      ['n2', 'yes', ['22', '21']],
    ]);
    mkdirSync(artifacts, { recursive: true });
    await cat.screenshot({ path: `${artifacts}extraction-1400.png`, fullPage: true });
    const form = conflict.locator('[data-test=reconcile]');
    // The agreed numbers are filled in; the differing one is left to the reconciler, who is told when it is missing.
    expect(await form.getByLabel('Events, experimental').inputValue()).toBe('4');
    expect(await form.getByLabel('Participants, control').inputValue()).toBe('');
    await form.getByRole('button', { name: 'Enter the reconciled row' }).click();
    await expect.poll(() => form.locator('[data-test=error-n2]').textContent()).toMatch(/n2 is required/);
    // The reconciler takes Ben's number with one click (or types another).
    await conflict.getByRole('button', { name: "Use Ben Extractor's participants, control (21)" }).click();
    expect(await form.getByLabel('Participants, control').inputValue()).toBe('21');
    await form.getByLabel('How it was settled (optional)').fill('Table 2 counts 21 randomised');
    await form.getByRole('button', { name: 'Enter the reconciled row' }).click();
    await expect.poll(() => cat.locator('[data-test=conflict-count]').textContent()).toBe('0');
    const entered = cat.locator('[data-test=pair][data-status=RECONCILED]', { hasText: 'Smith 2019' });
    await expect.poll(() => entered.locator('[data-test=pair-status]').textContent()).toMatch(/^Reconciled by Cat Maintainer; the row entered the analysis at version \d+$/);
    expect(await cat.locator('[data-test=extraction-progress]').textContent()).toBe('1 row entered by two extractors (0 agreed at once, 0%; 1 reconciled)');
    expect(cat.problems).toEqual([]);
  });

  it("the reader's open outcome page pools the reconciled row and says where its numbers came from, without a reload", async () => {
    await expect.poll(() => reader.locator('[data-test=study-count]').textContent(), { timeout: 15_000 }).toBe('1 study');
    // Odds ratio (4/16)/(9/12) = 0.33; 95% CI exp(ln 0.33 ± 1.96 × √(1/4 + 1/16 + 1/9 + 1/12)) = 0.08 to 1.35.
    expect(await reader.locator('[data-test=pooled-estimate]').textContent()).toBe('0.33 [0.08, 1.35]');
    // Where the numbers came from: two extractors, reconciled by the maintainer, and in which number they differed.
    const traced = reader.locator('[data-test=provenance-row]', { hasText: 'Smith 2019' });
    await expect.poll(() => traced.locator('[data-test=provenance-summary]').textContent(), { timeout: 15_000 }).toBe(
      'Extracted independently by Ann Extractor and Ben Extractor; reconciled by Cat Maintainer (differed in n2)',
    );
    expect(await traced.locator('[data-test=provenance-numbers]').textContent()).toBe('4/20 vs 9/21');
    expect(reader.problems).toEqual([]);
  });
});
