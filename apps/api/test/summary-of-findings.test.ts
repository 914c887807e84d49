/* eslint-disable @typescript-eslint/no-explicit-any -- tests read GraphQL results by path */
// The Summary of Findings of a review through the API and as downloads, from the stored snapshots: the
// numbers a reader checks, the published rating beside the suggestion for the seed review, a maintainer's
// override as a footnote (flagged once the data under it change), and read access like the GraphQL API.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMagnesiumTrials } from '@cumulus/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoReviews } from '../src/demo/load-demo.js';
import { startServer, type RunningServer } from '../src/server.js';
import { adminSecret, dataOf, mutations, testApp, testDatabase, type TestApp } from './helpers.js';

const sofQuery = `query($id: ID!, $asOf: Int) { review(id: $id) { version summaryOfFindings(asOfVersion: $asOf) {
  version csvPath htmlPath explanations
  rows { outcomeName measure studies participants participantsText effectText relativeEffect comments
    outcome { id version }
    anticipatedEffects { label riskWithComparison riskWithIntervention riskDifference controlPer1000 }
    certainty { level symbols label footnotes needsReview }
    publishedCertainty { level symbols label note } }
  footnotes { letter outcomeName domain rating overridden needsReview text }
  definitions { level symbols label definition }
} } }`;

describe('the Summary of Findings', () => {
  let app: TestApp;
  let server: RunningServer;
  let dispose: () => Promise<void>;
  let ids: { seed: string; bcg: string; magnesium: string };
  const web = mkdtempSync(join(tmpdir(), 'cumulus-web-'));

  beforeAll(async () => {
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Cumulus dashboard</title>');
    const test = await testDatabase('sqlite');
    dispose = test.dispose;
    app = testApp(test.database);
    ids = await loadDemoReviews({ database: app.database, events: app.events });
    server = await startServer(app.yoga, { port: 0, host: '127.0.0.1', webDirectory: web });
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
    await dispose?.();
    rmSync(web, { recursive: true, force: true });
  });

  const sof = async (id: string, asOf?: number) => dataOf(await app.gql(sofQuery, { id, asOf }, null)).review.summaryOfFindings;

  it('gives magnesium mortality per 1000 at the median control risk, the OR, 16 RCTs, the certainty with footnotes (low by GRADE guidance 34: precise against a 10% relative risk reduction), and the TSA verdict', async () => {
    const table = await sof(ids.magnesium);
    const [row] = table.rows;
    const participants = loadMagnesiumTrials().reduce((sum, t) => sum + t.n1 + t.n2, 0);
    expect(row).toMatchObject({ outcomeName: 'Mortality', measure: 'OR', studies: 16, participants, participantsText: `${participants} (16 RCTs)`, relativeEffect: 'OR 1.01 (0.96 to 1.08)', effectText: null });
    expect(row.anticipatedEffects).toEqual([
      // OR 1.01 (0.96 to 1.08) at the median control risk of 116 per 1000.
      expect.objectContaining({
        label: 'Median control risk of the included studies',
        riskWithComparison: '116 per 1000',
        riskWithIntervention: '118 per 1000 (112 to 124)',
        riskDifference: '2 more per 1000 (from 5 fewer to 8 more)',
      }),
    ]);
    // GRADE guidance 34: OR 1.01 (0.96 to 1.08) lies within OR 0.90 to 1.11 (the TSA's 10% relative risk reduction) with the
    // optimal information size met, so imprecision is not serious; down for inconsistency and publication bias only.
    expect(row.certainty).toMatchObject({ level: 'LOW', symbols: '⊕⊕◯◯', label: 'Low', needsReview: false });
    expect(table.footnotes.map((f: any) => f.domain)).toEqual(['INCONSISTENCY', 'PUBLICATION_BIAS']);
    expect(row.certainty.footnotes).toEqual(table.footnotes.map((f: any) => f.letter));
    expect(table.footnotes.every((f: any) => f.outcomeName === 'Mortality' && f.rating < 0 && /^Downgraded/.test(f.text))).toBe(true);
    expect(row.comments[0]).toMatch(/^Trial sequential analysis: firm evidence of no effect as large as assumed \(relative risk reduction 10%/);
    expect(row.comments[1]).toBe('Certainty that there is little or no effect, rated against the thresholds of an important effect, OR 0.90 and 1.11 (from a 10% relative risk reduction).');
    expect(table.definitions.map((d: any) => d.symbols)).toEqual(['⊕⊕⊕⊕', '⊕⊕⊕◯', '⊕⊕◯◯', '⊕◯◯◯']);
    expect(table.csvPath).toBe(`/reviews/${ids.magnesium}/summary-of-findings.csv`);
  });

  it('shows the seed review\'s published GRADE rating beside the suggestion, and words mean changes', async () => {
    const table = await sof(ids.seed);
    const mrss = table.rows.find((r: any) => r.outcomeName === 'mRSS at 6 months');
    expect(mrss.publishedCertainty).toEqual({ level: 'MODERATE', symbols: '⊕⊕⊕◯', label: 'Moderate', note: 'As published (Table 3): downgraded for study design.' });
    // The demo has per-study data for Keyszer 2011 alone at 6 months (the review's own MD 6.70, -0.22 to 13.62).
    expect(mrss.effectText).toBe('Mean change 6.70 (95% CI -0.22 to 13.62)');
    expect(mrss.participantsText).toMatch(/^\d+ \(1 observational study\)$/);
    expect(mrss.certainty.symbols).toMatch(/^⊕+◯*$/);
    const du = table.rows.find((r: any) => r.outcomeName.startsWith('DU'));
    expect(du).toMatchObject({ studies: 0, participantsText: 'No studies', certainty: null, comments: ['No studies have reported this outcome yet.', 'Follow-up: 6 months.'] });
    expect(du.publishedCertainty).toMatchObject({ level: 'VERY_LOW', symbols: '⊕◯◯◯' });
    expect(du.publishedCertainty.note).toBe('As published (Table 3 and text (Fig. 5)): downgraded for study design, imprecision, small-study effects.');
    expect(table.rows.every((r: any) => r.outcome.version <= table.version)).toBe(true);
  });

  it('footnotes a maintainer\'s override, follows it live by version, and flags it for review when the data change', async () => {
    const { rows, version: before } = await sof(ids.magnesium);
    const outcomeId = rows[0].outcome.id;
    const override = `mutation($input: OverrideCertaintyDomainInput!) { overrideCertaintyDomain(input: $input) {
      outcome { version analysis { certainty { level domains { domain suggested rating finalRating reason override { footnote needsReview dataFingerprint } } } } }
      errors { field message } } }`;
    const refused = dataOf(await app.gql(override, { input: { outcomeId, domain: 'IMPRECISION', rating: 1, footnote: 'x' } })).overrideCertaintyDomain;
    expect(refused).toEqual({ outcome: null, errors: [{ field: ['input', 'rating'], message: "'imprecision' can only rate down: use -2, -1 or 0" }] });
    const anonymous = dataOf(await app.gql(override, { input: { outcomeId, domain: 'INDIRECTNESS', rating: -1, footnote: 'x' } }, null)).overrideCertaintyDomain;
    expect(anonymous.errors[0].message).toMatch(/needs a token/);

    const footnote = 'Most trials gave magnesium before thrombolysis became routine.';
    const done = dataOf(await app.gql(override, { input: { outcomeId, domain: 'INDIRECTNESS', rating: -1, footnote } })).overrideCertaintyDomain;
    expect(done.errors).toEqual([]);
    const indirectness = done.outcome.analysis.certainty.domains.find((d: any) => d.domain === 'INDIRECTNESS');
    expect(indirectness).toMatchObject({ suggested: 0, rating: -1, finalRating: -1, override: { footnote, needsReview: false } });

    const after = await sof(ids.magnesium);
    expect(after.version).toBe(before + 1);
    const note = after.footnotes.find((f: any) => f.domain === 'INDIRECTNESS');
    expect(note).toMatchObject({ overridden: true, needsReview: false, rating: -1, text: `Downgraded one level for indirectness: ${footnote}` });
    expect(after.rows[0].certainty.footnotes).toContain(note.letter);
    // The table as of the earlier version has no such footnote: it is read from that version's snapshot.
    expect((await sof(ids.magnesium, before)).footnotes.some((f: any) => f.domain === 'INDIRECTNESS')).toBe(false);

    // New data under the judgement: kept, but flagged.
    const study = dataOf(await app.gql(mutations.addStudy, { input: { reviewId: ids.magnesium, label: 'Late trial 1996', year: 1996, design: 'RCT' } })).addStudy.study;
    dataOf(await app.gql(mutations.recordStudyData, { input: { outcomeId, studyId: study.id, events1: 10, n1: 200, events2: 12, n2: 200 } }));
    const flagged = await sof(ids.magnesium);
    expect(flagged.footnotes.find((f: any) => f.domain === 'INDIRECTNESS')).toMatchObject({ needsReview: true, text: expect.stringMatching(/needs review\)$/) });
    expect(flagged.rows[0].certainty.needsReview).toBe(true);
    expect(flagged.rows[0].comments).toContain('A GRADE judgement was made on earlier data and needs review.');
  });

  it('sets the sequential assumptions of an outcome, and stays silent when no conclusion changes', async () => {
    const { rows } = await sof(ids.magnesium);
    const set = `mutation($input: SetSequentialAssumptionsInput!) { setSequentialAssumptions(input: $input) {
      outcome { conclusionChanges { kind } analysis { informationSize { assumptions participants } sequential { verdict requiredInformationSize } } } errors { field message } } }`;
    const result = dataOf(await app.gql(set, { input: { outcomeId: rows[0].outcome.id, relativeRiskReduction: 0.2, power: 0.9 } })).setSequentialAssumptions;
    expect(result.errors).toEqual([]);
    expect(result.outcome.analysis.informationSize.assumptions).toMatch(/^relative risk reduction 20%, control risk \d+\.\d%, alpha 0\.05, power 90%/);
    expect(result.outcome.analysis.sequential.verdict).toBe('FIRM_EVIDENCE_OF_NO_EFFECT');
    expect(result.outcome.conclusionChanges).toEqual([]);
    const refused = dataOf(await app.gql(set, { input: { outcomeId: rows[0].outcome.id, power: 1.2 } })).setSequentialAssumptions;
    expect(refused.errors).toEqual([{ field: ['input', 'power'], message: 'power must lie between 0.5 and 1' }]);
  });

  it('downloads the table as CSV and as a self-contained HTML document, without a token for a public review', async () => {
    const [row] = (await sof(ids.magnesium)).rows;
    const csv = await fetch(`${server.url}/reviews/${ids.magnesium}/summary-of-findings.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="summary-of-findings-intravenous-magnesium-after-acute-myocardial-infarction-v\d+\.csv"$/);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'Outcome,Assumed risk,Risk with comparison,Risk with intervention (95% CI),Risk difference (95% CI),Effect (95% CI),Relative effect (95% CI),Participants (studies),Certainty of the evidence (GRADE),Footnotes,Certainty as published,Comments',
    );
    expect(lines).toHaveLength(2);
    const [effect] = row.anticipatedEffects;
    expect(lines[1].startsWith(`Mortality,Median control risk of the included studies,${effect.riskWithComparison},${effect.riskWithIntervention},${effect.riskDifference},,${row.relativeEffect},${row.participantsText},"${row.certainty.symbols} ${row.certainty.label} (a, b,`)).toBe(true);

    const html = await fetch(`${server.url}/reviews/${ids.seed}/summary-of-findings.html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await html.text();
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<style>');
    expect(page).toContain('Summary of findings: Mesenchymal stem cells');
    expect(page).toContain('Published: <span class="symbols">⊕⊕⊕◯</span> Moderate');
    expect(page).toContain('GRADE Working Group grades of evidence');
    expect(page).toContain('We are very confident that the true effect lies close to that of the estimate of the effect.');
    // Self-contained: no scripts, stylesheets or images fetched from anywhere.
    expect(page).not.toMatch(/<script|<link|<img|src=|url\(/i);

    // Through yoga.fetch as well (no port), and not for a review the viewer cannot read.
    const created = dataOf(await app.gql(mutations.createReview, { input: { title: 'Private <review>', isPublic: false } })).createReview.review.id;
    expect((await app.yoga.fetch(`http://yoga/reviews/${created}/summary-of-findings.html`)).status).toBe(404);
    const withToken = await app.yoga.fetch(`http://yoga/reviews/${created}/summary-of-findings.html`, { headers: { authorization: `Bearer ${adminSecret}` } });
    expect(withToken.status).toBe(200);
    const escaped = await withToken.text();
    expect(escaped).toContain('Summary of findings: Private &lt;review&gt;');
    expect(escaped).toContain('CI: confidence interval.');
    expect((await app.yoga.fetch(`http://yoga/reviews/no-such-review/summary-of-findings.csv`)).status).toBe(404);
    expect((await fetch(`${server.url}/reviews/${ids.seed}`)).headers.get('content-type')).toMatch(/text\/html/);
  });
});
