/* eslint-disable @typescript-eslint/no-explicit-any -- tests read GraphQL results by path */
// Importing a real RevMan 5 file through the real server reproduces every number of RevMan's own CSV export of
// it, keeps RevMan's saved results beside Cumulus's, and refuses (storing nothing) what it cannot import.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeRevManFile } from '@cumulus/revman';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.js';
import { adminSecret, dataOf, dialects, mutations, rowCounts, testApp, testDatabase, type TestApp } from './helpers.js';

const fixtures = new URL('../../../packages/revman/test/fixtures/', import.meta.url);
const rm5 = decodeRevManFile(readFileSync(new URL('Fleiss1993.rm5', fixtures)));

// RevMan's CSV export of the same analyses: one row per comparison, outcome and study (no field is quoted).
const [header, ...lines] = readFileSync(new URL('Fleiss1993_CR.csv', fixtures), 'utf8').trim().split(/\r?\n/);
const columns = header.split(',');
const csv = lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [columns[i], value])) as Record<string, string>);
const csvOutcome = (n: string) => csv.find((row) => row['Outcome Number'] === n && row['Data Type'] !== '')!;
const csvStudies = (n: string) => csv.filter((row) => row['Outcome Number'] === n && row['Data Type'] === '');

/**
 * The CSV prints each number rounded to 8 decimal places (trailing zeros dropped), so a number agrees when it is
 * within relative 1e-6 or one unit of the 8th decimal, whichever is looser: small numbers such as P(Z) = 0.00101033
 * carry only 6 significant digits, where 1e-6 relative would ask for more than RevMan printed.
 */
const compared: { what: string; actual: number; printed: string; difference: number; tolerance: number }[] = [];
function expectAsPrinted(what: string, actual: number, printed: string) {
  const expected = Number(printed);
  const tolerance = Math.max(1e-6 * Math.abs(expected), 1e-8);
  const difference = Math.abs(actual - expected);
  compared.push({ what, actual, printed, difference, tolerance });
  expect(difference, `${what}: ${actual} against RevMan's ${printed}`).toBeLessThanOrEqual(tolerance);
}

/**
 * The standardised mean difference of outcome 1.2 as RevMan 5 computes it, from the formulas of RevMan 5's
 * statistical methods (../shared/fixtures/README.md): g = (1 - 3/(4N - 9)) (m1 - m2)/s_pooled,
 * var = N/(n1 n2) + g²/(2(N - 3.94)), fixed effect, inverse variance, z-based 95% CI. Computed independently of
 * Cumulus with Python's mpmath at 40 digits (R was not available on this machine), each rounded to the nearest double.
 */
const revmanSmd = {
  studies: {
    Davis: { estimate: -0.33989567844135815, se: 0.3955561567744596, ciLower: -1.1151714995823783, ciUpper: 0.435380142699662, weight: 11.542116773074293 },
    Florell: { estimate: -0.5658926270506069, se: 0.23545376843627872, ciLower: -1.027373533209947, ciUpper: -0.10441172089126687, weight: 32.57545343806964 },
    Gruen: { estimate: -0.2999109344949359, se: 0.24046548949377416, ciLower: -0.771214633427528, ciUpper: 0.17139276443765625, weight: 31.231744750762438 },
    Hart: { estimate: 0.12502640389525285, se: 0.3165702834098613, ciLower: -0.4954399501637132, ciUpper: 0.7454927579542189, weight: 18.020277354095022 },
    Wilson: { estimate: -0.7345737199922726, se: 0.5218921496264927, ciLower: -1.7574635370743874, ciUpper: 0.28831609708984224, weight: 6.630407683998606 },
  } as Record<string, { estimate: number; se: number; ciLower: number; ciUpper: number; weight: number }>,
  estimate: -0.34341579051498533,
  se: 0.13438502626776522,
  ciLower: -0.6068056020612743,
  ciUpper: -0.08002597896869637,
  q: 3.6770040416211143,
  qPValue: 0.4514793853743174,
  i2: 0,
  z: 2.5554617210902766,
  pValue: 0.010604702444860292,
};

const importMutation = `mutation($input: ImportRevManReviewInput!) {
  importRevManReview(input: $input) { review { id title version isPublic citation } errors { field message } }
}`;

const analysisQuery = `query($id: ID!) {
  outcome(id: $id) {
    name measure description version
    settings { model method preset tau2Estimator }
    analysis {
      k measure model estimate ciLower ciUpper se pValue tau2 i2 q qDf qPValue
      studies { label estimate ciLower ciUpper se weight subgroup }
      settings { preset method model }
    }
    studyData { study { label } events1 n1 events2 n2 mean1 sd1 n1 mean2 sd2 n2 subgroup source }
    referenceResults { outcome analysis subgroup trials participants measure estimate ciLower ciUpper model i2 pHeterogeneity pEffect certainty downgradedFor whereReported method q qDf qPValue tau2 z pValue }
  }
}`;

/** |ln OR| / SE(ln OR) for ratios, |MD| / SE for differences: the Z RevMan prints, from the API's estimate and SE. */
const zOf = (analysis: { estimate: number; se: number; measure: string }) =>
  Math.abs(analysis.measure === 'OR' || analysis.measure === 'RR' ? Math.log(analysis.estimate) : analysis.estimate) / analysis.se;

describe.each(await dialects('RevMan import'))('importing Fleiss1993.rm5 on %s', (dialect) => {
  let app: TestApp;
  let dispose: () => Promise<void>;
  let reviewId: string;
  const outcomeIds: Record<string, string> = {};

  const importFile = async (text: string, token?: string | null) => dataOf(await app.gql(importMutation, { input: { rm5: text } }, token)).importRevManReview;
  const outcome = async (analysis: string) => dataOf(await app.gql(analysisQuery, { id: outcomeIds[analysis] })).outcome;

  beforeAll(async () => {
    const test = await testDatabase(dialect);
    dispose = test.dispose;
    app = testApp(test.database);
    const imported = await importFile(rm5);
    expect(imported.errors).toEqual([]);
    reviewId = imported.review.id;
    const { review } = dataOf(await app.gql(`query($id: ID!) { review(id: $id) { outcomes { id name } } }`, { id: reviewId }));
    for (const o of review.outcomes) outcomeIds[o.name.split(' ')[0]] = o.id;
  });
  afterAll(async () => {
    await app?.close();
    await dispose?.();
    const largest = [...compared].sort((a, b) => b.difference / b.tolerance - a.difference / a.tolerance).slice(0, 3);
    console.log(`[revman] ${dialect}: ${compared.length} numbers compared with RevMan's CSV; closest to tolerance: ${largest.map((c) => `${c.what} ${c.actual} vs ${c.printed} (|Δ| ${c.difference.toExponential(2)}, tolerance ${c.tolerance.toExponential(1)})`).join('; ')}`);
    compared.length = 0;
  });

  it('creates the review with its twelve included studies and two outcomes, as the file declares them', async () => {
    const { review } = dataOf(
      await app.gql(
        `query($id: ID!) { review(id: $id) { title version isPublic studies { label year characteristics } outcomes { name measure settings { model method preset tau2Estimator } } } }`,
        { id: reviewId },
      ),
    );
    // Version 1: the review; version 2: everything in it, as one change (each outcome analysed once, with all its studies).
    expect(review).toMatchObject({ title: 'Examples from Fleiss 1993', version: 2, isPublic: true });
    const { review: history } = dataOf(await app.gql(`query($id: ID!) { review(id: $id) { changes { version action summary conclusionChanges { kind } } } }`, { id: reviewId }));
    expect(history.changes[0]).toEqual({
      version: 2,
      action: 'importRevManReview',
      summary: "Imported from a RevMan 5 file: 12 studies, 2 outcomes with their data rows, and RevMan's results",
      conclusionChanges: expect.any(Array),
    });
    expect(review.studies).toHaveLength(12);
    expect(review.studies.find((s: any) => s.label === 'ISIS-2')).toEqual({ label: 'ISIS-2', year: 1988, characteristics: { revmanStudyId: 'STD-ISIS_x002d_2', dataSource: 'PUB' } });
    expect(review.outcomes).toEqual([
      { name: '1.1 Aspirin for Preventing Death after Myocardial Infarction', measure: 'OR', settings: { model: 'FIXED', method: 'MH', preset: 'REVMAN5', tau2Estimator: 'DL' } },
      { name: '1.2 Mental Health Treatment versus Control', measure: 'SMD', settings: { model: 'FIXED', method: 'IV', preset: 'REVMAN5', tau2Estimator: 'DL' } },
    ]);
    const aspirin = await outcome('1.1');
    expect(aspirin.description).toBe(
      "RevMan 5 analysis 1.1 (CMP-001.01) of comparison 1 'Examples from Fleiss (1993)': Aspirin versus Control. Imported as odds ratios, Mantel-Haenszel weights, fixed-effect model, RevMan 5 conventions.",
    );
    expect(aspirin.studyData.find((d: any) => d.study.label === 'MRC-1')).toMatchObject({ events1: 49, n1: 615, events2: 67, n2: 624, subgroup: null, source: 'RevMan 5 file, analysis 1.1' });
  });

  it("reproduces every number of RevMan's CSV export for the aspirin outcome (Mantel-Haenszel odds ratio, fixed effect)", async () => {
    const { analysis } = await outcome('1.1');
    const printed = csvOutcome('1');
    expect(analysis).toMatchObject({ k: 7, measure: 'OR', model: 'FIXED', tau2: 0, qDf: Number(printed.df), settings: { preset: 'REVMAN5', method: 'MH' } });
    for (const study of csvStudies('1')) {
      const actual = analysis.studies.find((s: any) => s.label === study.Name);
      expectAsPrinted(`1.1 ${study.Name} estimate`, actual.estimate, study['Effect Estimate']);
      expectAsPrinted(`1.1 ${study.Name} SE`, actual.se, study.SE);
      expectAsPrinted(`1.1 ${study.Name} CI start`, actual.ciLower, study['CI Start']);
      expectAsPrinted(`1.1 ${study.Name} CI end`, actual.ciUpper, study['CI End']);
      expectAsPrinted(`1.1 ${study.Name} weight`, actual.weight, study.Weight);
    }
    expectAsPrinted('1.1 pooled estimate', analysis.estimate, printed['Effect Estimate']);
    expectAsPrinted('1.1 CI start', analysis.ciLower, printed['CI Start']);
    expectAsPrinted('1.1 CI end', analysis.ciUpper, printed['CI End']);
    expectAsPrinted('1.1 total weight', analysis.studies.reduce((sum: number, s: any) => sum + s.weight, 0), printed.Weight);
    expectAsPrinted('1.1 Q', analysis.q, printed.Q);
    expectAsPrinted('1.1 P(Q)', analysis.qPValue, printed['P(Q)']);
    expectAsPrinted('1.1 I²', analysis.i2, printed['I²(Q)']);
    expectAsPrinted('1.1 Z', zOf(analysis), printed.Z);
    expectAsPrinted('1.1 P(Z)', analysis.pValue, printed['P(Z)']);
  });

  it('computes the declared SMD as RevMan 5 does (numbers computed independently from its formulas)', async () => {
    const { analysis } = await outcome('1.2');
    expect(analysis).toMatchObject({ k: 5, measure: 'SMD', model: 'FIXED', settings: { preset: 'REVMAN5', method: 'IV' } });
    const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
    for (const study of analysis.studies) {
      const expected = revmanSmd.studies[study.label];
      for (const key of ['estimate', 'se', 'ciLower', 'ciUpper', 'weight'] as const) close(study[key], expected[key]);
    }
    for (const key of ['estimate', 'se', 'ciLower', 'ciUpper', 'q', 'qPValue', 'i2', 'pValue'] as const) close(analysis[key], revmanSmd[key]);
    close(zOf(analysis), revmanSmd.z);
  });

  it('after switching outcome 1.2 to MD through updateOutcomeSettings, reproduces every number of the CSV for it', async () => {
    const switched = dataOf(await app.gql(mutations.updateOutcomeSettings, { input: { outcomeId: outcomeIds['1.2'], measure: 'MD' } })).updateOutcomeSettings;
    expect(switched.errors).toEqual([]);
    const { analysis } = await outcome('1.2');
    const printed = csvOutcome('2');
    expect(printed['Effect Measure']).toBe('MD');
    expect(analysis).toMatchObject({ k: 5, measure: 'MD', model: 'FIXED', tau2: 0, qDf: Number(printed.df) });
    for (const study of csvStudies('2')) {
      const actual = analysis.studies.find((s: any) => s.label === study.Name);
      expectAsPrinted(`1.2 ${study.Name} estimate`, actual.estimate, study['Effect Estimate']);
      expectAsPrinted(`1.2 ${study.Name} SE`, actual.se, study.SE);
      expectAsPrinted(`1.2 ${study.Name} CI start`, actual.ciLower, study['CI Start']);
      expectAsPrinted(`1.2 ${study.Name} CI end`, actual.ciUpper, study['CI End']);
      expectAsPrinted(`1.2 ${study.Name} weight`, actual.weight, study.Weight);
    }
    expectAsPrinted('1.2 pooled estimate', analysis.estimate, printed['Effect Estimate']);
    expectAsPrinted('1.2 CI start', analysis.ciLower, printed['CI Start']);
    expectAsPrinted('1.2 CI end', analysis.ciUpper, printed['CI End']);
    expectAsPrinted('1.2 total weight', analysis.studies.reduce((sum: number, s: any) => sum + s.weight, 0), printed.Weight);
    expectAsPrinted('1.2 Q', analysis.q, printed.Q);
    expectAsPrinted('1.2 P(Q)', analysis.qPValue, printed['P(Q)']);
    expectAsPrinted('1.2 I²', analysis.i2, printed['I²(Q)']);
    expectAsPrinted('1.2 Z', zOf(analysis), printed.Z);
    expectAsPrinted('1.2 P(Z)', analysis.pValue, printed['P(Z)']);
  });

  it("shows RevMan's own saved results beside Cumulus's, for outcomes whose file has them", async () => {
    const aspirin = await outcome('1.1');
    expect(aspirin.referenceResults).toEqual([
      {
        outcome: '1.1 Aspirin for Preventing Death after Myocardial Infarction',
        analysis: 'Analysis 1.1',
        subgroup: null,
        trials: 7,
        participants: 14186 + 13817,
        measure: 'OR',
        // As saved in the .rm5 (CMP-001.01: EFFECT_SIZE, CI_START, CI_END, I2, P_CHI2, P_Z).
        estimate: 0.8968655609130709,
        ciLower: 0.8405144008917793,
        ciUpper: 0.9569947088336491,
        model: 'fixed',
        i2: 39.67458045558399,
        pHeterogeneity: '0.13',
        pEffect: '0.001',
        certainty: null,
        downgradedFor: [],
        whereReported: 'RevMan 5.0.23 file',
        // At full precision, as saved (CHI2, DF, P_CHI2, TAU2, Z, P_Z).
        method: 'MH',
        q: 9.946055983220074,
        qDf: 6,
        qPValue: 0.1269422521561745,
        tau2: 0,
        z: 3.287633061337987,
        pValue: 0.0010103343130005407,
      },
    ]);
    // Cumulus's recomputed result beside RevMan's full-precision one.
    expect(Math.abs(aspirin.analysis.estimate / 0.8968655609130709 - 1)).toBeLessThan(1e-9);
    expect(Math.abs(aspirin.analysis.ciLower / 0.8405144008917793 - 1)).toBeLessThan(1e-9);
    expect(Math.abs(aspirin.analysis.ciUpper / 0.9569947088336491 - 1)).toBeLessThan(1e-9);
    // The file saved no results for the continuous outcome (declared SMD, never computed): nothing to show.
    expect((await outcome('1.2')).referenceResults).toEqual([]);
    const { review } = dataOf(await app.gql(`query($id: ID!) { review(id: $id) { referenceResults { analysis } } }`, { id: reviewId }));
    expect(review.referenceResults).toEqual([{ analysis: 'Analysis 1.1' }]);
  });

  describe('refusals: nothing is stored', () => {
    const tokens: Record<string, string> = {};

    beforeAll(async () => {
      const create = `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret errors { message } } }`;
      tokens.reader = dataOf(await app.gql(create, { input: { name: 'a reader', role: 'READER' } })).createApiToken.secret;
      tokens.maintainer = dataOf(await app.gql(create, { input: { name: 'its maintainer', role: 'MAINTAINER', reviewId } })).createApiToken.secret;
    });

    async function expectNothingStored(text: string, token?: string | null) {
      const before = await rowCounts(app.database);
      const result = await importFile(text, token);
      expect(result.review).toBeNull();
      expect(result.errors.length).toBeGreaterThan(0);
      expect(await rowCounts(app.database)).toEqual(before);
      return result.errors as { field: string[]; message: string }[];
    }

    it('refuses anyone but an administrator, as createReview does', async () => {
      expect(await expectNothingStored(rm5, tokens.reader)).toEqual([{ field: [], message: "importing a RevMan review needs an administrator token; 'a reader' is a reader" }]);
      expect(await expectNothingStored(rm5, tokens.maintainer)).toEqual([{ field: [], message: "importing a RevMan review needs an administrator token; 'its maintainer' is a maintainer" }]);
      expect((await expectNothingStored(rm5, null))[0].message).toBe('importing a RevMan review needs a token: send "Authorization: Bearer <token>"');
    });

    it('refuses text that is not a RevMan file', async () => {
      expect(await expectNothingStored('')).toEqual([{ field: ['input', 'rm5'], message: 'rm5 is empty: give the text of a RevMan 5 review file (.rm5)' }]);
      const [notXml] = await expectNothingStored('Comparison Number,Outcome Number\n1,0');
      expect(notXml).toEqual({ field: ['input', 'rm5'], message: expect.stringMatching(/^the file is not well-formed XML \(line 1, column 1: /) });
      const [notRevMan] = await expectNothingStored('<?xml version="1.0"?><svg/>');
      expect(notRevMan.message).toMatch(/not a RevMan 5 review: its root element is <svg>, not <COCHRANE_REVIEW>/);
    });

    it('refuses a data row naming an unknown study and an outcome element RevMan 5 does not write, naming each', async () => {
      const broken = rm5
        .replace('SE="" STUDY_ID="STD-Wilson"', 'SE="" STUDY_ID="STD-Wilsen"')
        .replace('</COMPARISON>', '<NETWORK_OUTCOME ID="CMP-001.03" NO="3"><NAME>Survival</NAME></NETWORK_OUTCOME></COMPARISON>');
      const errors = await expectNothingStored(broken);
      expect(errors.map((e) => e.message)).toEqual([
        "analysis 1.2 'Mental Health Treatment versus Control' (CONT_OUTCOME CMP-001.02): a CONT_DATA row names study STD-Wilsen, which is not among the included studies; move the study to the included studies or delete its data row in RevMan, save, and import the file again",
        expect.stringMatching(/^analysis 1\.3 'Survival' \(NETWORK_OUTCOME, ID CMP-001\.03\) is an outcome type RevMan 5 does not write/),
      ]);
    });

    it("refuses what Cumulus's own checks would refuse, every problem at once, before writing anything", async () => {
      const broken = rm5.replace('EVENTS_1="49"', 'EVENTS_1="649"').replace('EVENTS_2="67"', 'EVENTS_2="6700"');
      const errors = await expectNothingStored(broken);
      expect(errors.map((e) => e.message)).toEqual([
        "analysis 1.1 'Aspirin for Preventing Death after Myocardial Infarction' (CMP-001.01), study 'MRC-1': events1 (649) cannot exceed n1 (615) in arm 1; correct it in RevMan, save, and import the file again",
        expect.stringMatching(/events2 \(6700\) cannot exceed n2/),
      ]);
    });
  });
});

/** A small hand-written RevMan 5 file with what Fleiss1993.rm5 lacks: subgroups, swapped events, MH with random effects, generic hazard ratios. */
const handWritten = `<?xml version="1.0" encoding="UTF-8"?>
<COCHRANE_REVIEW ID="42" REVMAN_SUB_VERSION="5.3.5" REVIEW_NO="CD000042" TYPE="INTERVENTION">
<COVER_SHEET><TITLE>Coffee for headache</TITLE></COVER_SHEET>
<STUDIES_AND_REFERENCES><STUDIES><INCLUDED_STUDIES>
<STUDY ID="STD-A" NAME="Adams 2001" YEAR="2001"/><STUDY ID="STD-B" NAME="Brown 2004" YEAR="2004a"/><STUDY ID="STD-C" NAME="Clark 2010" YEAR="2010"/>
</INCLUDED_STUDIES></STUDIES></STUDIES_AND_REFERENCES>
<ANALYSES_AND_DATA>
<COMPARISON ID="CMP-002" NO="2"><NAME>Coffee versus tea</NAME>
  <DICH_OUTCOME ID="CMP-002.01" NO="1" EFFECT_MEASURE="RR" METHOD="MH" RANDOM="YES" SWAP_EVENTS="YES" SUBGROUPS="YES"
    EFFECT_SIZE="1.1" CI_START="0.9" CI_END="1.3" STUDIES="3" TOTAL_1="300" TOTAL_2="300" I2="0.0" P_CHI2="0.5" P_Z="0.3">
    <NAME>Headache gone at 2 hours</NAME><GROUP_LABEL_1>Coffee</GROUP_LABEL_1><GROUP_LABEL_2>Tea</GROUP_LABEL_2>
    <DICH_SUBGROUP ID="CMP-002.01.01" NO="1" EFFECT_SIZE="1.2" CI_START="0.95" CI_END="1.5" STUDIES="2" TOTAL_1="200" TOTAL_2="200"><NAME>Adults</NAME>
      <DICH_DATA STUDY_ID="STD-A" EVENTS_1="30" TOTAL_1="100" EVENTS_2="40" TOTAL_2="100"/>
      <DICH_DATA STUDY_ID="STD-B" EVENTS_1="25" TOTAL_1="100" EVENTS_2="35" TOTAL_2="100"/>
    </DICH_SUBGROUP>
    <DICH_SUBGROUP ID="CMP-002.01.02" NO="2"><NAME>Children</NAME>
      <DICH_DATA STUDY_ID="STD-C" EVENTS_1="20" TOTAL_1="100" EVENTS_2="22" TOTAL_2="100"/>
    </DICH_SUBGROUP>
  </DICH_OUTCOME>
  <CONT_OUTCOME ID="CMP-002.02" NO="2" EFFECT_MEASURE="MD" METHOD="IV" RANDOM="NO"><NAME>Pain score</NAME>
    <CONT_DATA STUDY_ID="STD-A" MEAN_1="3.5" SD_1="1.2" TOTAL_1="50" MEAN_2="4.7" SD_2="1.4" TOTAL_2="52"/>
    <CONT_DATA STUDY_ID="STD-B" MEAN_1="0" SD_1="0" TOTAL_1="0" MEAN_2="0" SD_2="0" TOTAL_2="0"/>
  </CONT_OUTCOME>
  <IV_OUTCOME ID="CMP-002.03" NO="3" RANDOM="NO" EFFECT_SIZE="0.8" CI_START="0.67" CI_END="0.96" STUDIES="2">
    <NAME>Time to relief</NAME><EFFECT_MEASURE>Hazard Ratio</EFFECT_MEASURE>
    <IV_DATA STUDY_ID="STD-A" ESTIMATE="-0.223" EFFECT_SIZE="0.80011" SE="0.11"/><IV_DATA STUDY_ID="STD-C" ESTIMATE="-0.2" EFFECT_SIZE="0.81873" SE="0.15"/>
  </IV_OUTCOME>
</COMPARISON>
</ANALYSES_AND_DATA>
</COCHRANE_REVIEW>`;

describe.each(await dialects('RevMan import of subgroups and generic outcomes'))('importing a hand-written RevMan file on %s', (dialect) => {
  let app: TestApp;
  let dispose: () => Promise<void>;
  let outcomes: any[];

  beforeAll(async () => {
    const test = await testDatabase(dialect);
    dispose = test.dispose;
    app = testApp(test.database);
    const imported = dataOf(await app.gql(importMutation, { input: { rm5: handWritten, isPublic: false } })).importRevManReview;
    expect(imported.errors).toEqual([]);
    expect(imported.review).toMatchObject({ title: 'Coffee for headache', isPublic: false, citation: 'Cochrane Database of Systematic Reviews, CD000042' });
    const { review } = dataOf(await app.gql(`query($id: ID!) { review(id: $id) { outcomes { id } } }`, { id: imported.review.id }));
    outcomes = await Promise.all(review.outcomes.map(async (o: any) => dataOf(await app.gql(analysisQuery, { id: o.id })).outcome));
  });
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it("imports subgroups and swapped events, and Mantel-Haenszel random effects as RevMan pools them", () => {
    const [relief] = outcomes;
    expect(relief).toMatchObject({ name: '2.1 Headache gone at 2 hours', measure: 'RR', settings: { model: 'RANDOM', method: 'MH', tau2Estimator: 'DL', preset: 'REVMAN5' } });
    expect(relief.description).toContain('Imported as risk ratios, Mantel-Haenszel weights, random-effect model, RevMan 5 conventions.');
    expect(relief.description).not.toContain('inverse-variance weights');
    expect(relief.description).toContain('each arm was imported as participants minus events');
    // Non-events: 100 - 30 and 100 - 40.
    expect(relief.studyData.map((d: any) => [d.study.label, d.events1, d.n1, d.events2, d.n2, d.subgroup])).toEqual([
      ['Adams 2001', 70, 100, 60, 100, 'Adults'],
      ['Brown 2004', 75, 100, 65, 100, 'Adults'],
      ['Clark 2010', 80, 100, 78, 100, 'Children'],
    ]);
    expect(relief.analysis.studies.map((s: any) => s.subgroup)).toEqual(['Adults', 'Adults', 'Children']);
    // Adams 2001: RR (70/100)/(60/100).
    expect(relief.analysis.studies[0].estimate).toBeCloseTo(70 / 60, 12);
    expect(relief.referenceResults.map((r: any) => [r.analysis, r.subgroup, r.measure, r.estimate, r.model, r.trials, r.participants])).toEqual([
      ['Analysis 2.1', null, 'RR', 1.1, 'random', 3, 600],
      ['Analysis 2.1', 'Adults', 'RR', 1.2, 'random', 2, 400],
    ]);
  });

  it('leaves out a row RevMan could not estimate either, and says so', () => {
    const pain = outcomes[1];
    expect(pain).toMatchObject({ name: '2.2 Pain score', measure: 'MD', settings: { model: 'FIXED', method: 'IV' } });
    expect(pain.studyData.map((d: any) => d.study.label)).toEqual(['Adams 2001']);
    expect(pain.description).toContain("The RevMan file has no usable numbers for 'Brown 2004' in this analysis (not estimable there either)");
    expect(pain.analysis.estimate).toBeCloseTo(3.5 - 4.7, 12);
  });

  it('imports a generic hazard ratio as a hazard ratio: pooled on the log scale (ESTIMATE), shown as a ratio beside RevMan\'s', () => {
    const relief = outcomes[2];
    expect(relief).toMatchObject({ name: '2.3 Time to relief', measure: 'HR', settings: { model: 'FIXED', method: 'IV' } });
    expect(relief.description).toContain('Imported as hazard ratios');
    // Fixed-effect inverse-variance pool of the entered log hazard ratios, shown as a hazard ratio (below 1: benefit).
    const w = [1 / 0.11 ** 2, 1 / 0.15 ** 2];
    expect(relief.analysis.estimate).toBeCloseTo(Math.exp((-0.223 * w[0] - 0.2 * w[1]) / (w[0] + w[1])), 12);
    expect(relief.analysis.estimate).toBeLessThan(1);
    expect(relief.referenceResults).toEqual([expect.objectContaining({ measure: 'HR', estimate: 0.8, ciLower: 0.67, ciUpper: 0.96, trials: 2, participants: 0 })]);
  });
});

describe('the import-revman command', () => {
  const command = fileURLToPath(new URL('../dist/import-revman.js', import.meta.url));
  const directory = mkdtempSync(join(tmpdir(), 'cumulus-revman-'));
  let app: TestApp;
  let server: RunningServer;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const test = await testDatabase('sqlite');
    dispose = test.dispose;
    app = testApp(test.database);
    server = await startServer(app.yoga, { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
    await dispose?.();
    rmSync(directory, { recursive: true, force: true });
  });

  /** Runs the built command against this process's server (asynchronously: the server must keep answering). */
  const run = (...args: string[]) =>
    new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [command, ...args], (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
    });

  it('previews the file: what will be created and whether every number RevMan stored is reproduced, storing nothing', async () => {
    const before = await rowCounts(app.database);
    const child = await run(fileURLToPath(new URL('Fleiss1993.rm5', fixtures)), '--url', server.url, '--token', adminSecret, '--preview');
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(child.stdout.split('\n')).toEqual([
      "Preview of 'Examples from Fleiss 1993': 12 studies, 2 analyses with 12 data rows.",
      expect.stringMatching(/^ {2}1\.1 Aspirin for Preventing Death after Myocardial Infarction \(OR, MH, fixed; 7 rows, 7 studies\): matches RevMan \(\d+ numbers\)$/),
      expect.stringMatching(/^ {2}1\.2 Mental Health Treatment versus Control \(SMD, IV, fixed; 5 rows, 5 studies\): /),
      expect.stringMatching(/^(Every number RevMan stored is reproduced\.|Some numbers differ from RevMan's \(listed above\)\.)$/),
      '',
    ].slice(0, child.stdout.split('\n').length));
    expect(await rowCounts(app.database)).toEqual(before);
  });

  it("imports the file and prints each outcome with Cumulus's estimate beside RevMan's", async () => {
    const child = await run(fileURLToPath(new URL('Fleiss1993.rm5', fixtures)), '--url', server.url, '--token', adminSecret);
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(child.stdout).toMatch(/^Preview of 'Examples from Fleiss 1993': 12 studies/);
    expect(child.stdout).toMatch(/\nImported 'Examples from Fleiss 1993' as review \S+ \(version 2\): 12 studies, 2 outcomes\.\n/);
    expect(child.stdout).toContain(
      [
        '1.1 Aspirin for Preventing Death after Myocardial Infarction  (OR, fixed, MH)',
        '  Cumulus:  0.8969 [0.8405, 0.9570], 7 studies, I² 39.7%',
        '  RevMan:   0.8969 [0.8405, 0.9570], 7 studies, I² 39.7%, fixed',
      ].join('\n'),
    );
    expect(child.stdout).toContain(
      ['1.2 Mental Health Treatment versus Control  (SMD, fixed, IV)', '  Cumulus:  -0.3434 [-0.6068, -0.08003], 5 studies, I² 0.0%', '  RevMan:   no result saved in the file'].join('\n'),
    );
  });

  it("prints the server's reasons for refusing a file and exits with status 1, storing nothing", async () => {
    const bad = join(directory, 'not-revman.rm5');
    writeFileSync(bad, 'Comparison Number,Outcome Number\n');
    const before = await rowCounts(app.database);
    const child = await run(bad, '--url', server.url, '--token', adminSecret);
    expect(child.status).toBe(1);
    expect(child.stderr).toMatch(/not-revman\.rm5 was not imported; nothing was stored:\n {2}- the file is not well-formed XML \(line 1, column 1: /);
    expect(await rowCounts(app.database)).toEqual(before);
  });

  it('prints its usage when no file is given', async () => {
    const child = await run('--url', server.url, '--token', adminSecret);
    expect(child.status).toBe(2);
    expect(child.stdout).toMatch(/^usage: node apps\/api\/dist\/import-revman\.js FILE\.rm5 --url/);
  });
});
