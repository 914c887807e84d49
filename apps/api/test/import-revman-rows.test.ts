/* eslint-disable @typescript-eslint/no-explicit-any -- tests read GraphQL results by path */
// What real Cochrane reviews hold and used to be refused, on a small hand-written RevMan 5 file: a study with rows in
// several subgroups and a multi-arm trial with two rows in one subgroup, subgroup totals only (TOTALS="SUB"), O-E and
// variance, "Other data", the Cochrane Library's title suffix, two studies with one name; and the preview, which says
// what will be created and whether every number RevMan stored is reproduced, before anything is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, dialects, rowCounts, testApp, testDatabase, type TestApp } from './helpers.js';

// RevMan's stored numbers below were computed for this file by hand from RevMan 5's formulas (Mantel-Haenszel RR, fixed
// effect): subgroup 'Adults' pools Adams (10/50 vs 20/50) and Brown #1, #2 (5/40 vs 12/80, 7/40 vs 12/80) ...
function mhRiskRatio(tables: [number, number, number, number][]) {
  let r = 0;
  let s = 0;
  let p = 0;
  for (const [a, n1, c, n2] of tables) {
    const n = n1 + n2;
    r += (a * n2) / n;
    s += (c * n1) / n;
    p += (n1 * n2 * (a + c) - a * c * n) / (n * n);
  }
  const log = Math.log(r / s);
  const se = Math.sqrt(p / (r * s));
  return { estimate: Math.exp(log), ciLower: Math.exp(log - 1.959963984540054 * se), ciUpper: Math.exp(log + 1.959963984540054 * se) };
}
const adults = mhRiskRatio([
  [10, 50, 20, 50],
  [5, 40, 12, 80],
  [7, 40, 12, 80],
]);
const children = mhRiskRatio([
  [4, 30, 9, 30],
  [6, 45, 8, 44],
]);
const attributes = (r: { estimate: number; ciLower: number; ciUpper: number }) => `EFFECT_SIZE="${r.estimate}" CI_START="${r.ciLower}" CI_END="${r.ciUpper}"`;

const file = `<?xml version="1.0" encoding="UTF-8"?>
<COCHRANE_REVIEW ID="7" REVMAN_SUB_VERSION="5.3.5" REVIEW_NO="CD000007" TYPE="INTERVENTION">
<COVER_SHEET><TITLE>Zinc for the common cold [Data only. When citing this record quote "Cochrane Database of Systematic Reviews 2099, Issue 1".]</TITLE></COVER_SHEET>
<STUDIES_AND_REFERENCES><STUDIES><INCLUDED_STUDIES>
<STUDY ID="STD-Adams" NAME="Adams 2001" YEAR="2001"/><STUDY ID="STD-Brown" NAME="Brown 2004" YEAR="2004"/>
<STUDY ID="STD-Clark" NAME="Clark 2010" YEAR="2010"/><STUDY ID="STD-Clark-b" NAME="Clark 2010" YEAR="2010"/>
</INCLUDED_STUDIES></STUDIES></STUDIES_AND_REFERENCES>
<ANALYSES_AND_DATA>
<COMPARISON ID="CMP-001" NO="1"><NAME>Zinc versus placebo</NAME>
  <DICH_OUTCOME ID="CMP-001.01" NO="1" EFFECT_MEASURE="RR" METHOD="MH" RANDOM="NO" TOTALS="SUB" SUBGROUPS="YES" CHI2="9" P_CHI2="0.1" STUDIES="4">
    <NAME>Cold lasting a week</NAME>
    <DICH_SUBGROUP ID="CMP-001.01.01" NO="1" ${attributes(adults)} STUDIES="2"><NAME>Adults</NAME>
      <DICH_DATA STUDY_ID="STD-Adams" EVENTS_1="10" TOTAL_1="50" EVENTS_2="20" TOTAL_2="50"/>
      <DICH_DATA STUDY_ID="STD-Brown" EVENTS_1="5" TOTAL_1="40" EVENTS_2="12" TOTAL_2="80"/>
      <DICH_DATA STUDY_ID="STD-Brown" EVENTS_1="7" TOTAL_1="40" EVENTS_2="12" TOTAL_2="80"/>
    </DICH_SUBGROUP>
    <DICH_SUBGROUP ID="CMP-001.01.02" NO="2" ${attributes(children)} STUDIES="2"><NAME>Children</NAME>
      <DICH_DATA STUDY_ID="STD-Adams" EVENTS_1="4" TOTAL_1="30" EVENTS_2="9" TOTAL_2="30"/>
      <DICH_DATA STUDY_ID="STD-Clark" EVENTS_1="6" TOTAL_1="45" EVENTS_2="8" TOTAL_2="44"/>
    </DICH_SUBGROUP>
  </DICH_OUTCOME>
  <IPD_OUTCOME ID="CMP-001.02" NO="2" RANDOM="NO" EFFECT_SIZE="0.5" CI_START="0.2" CI_END="0.9" STUDIES="2">
    <NAME>Time to recovery</NAME><EFFECT_MEASURE>Peto Odds Ratio</EFFECT_MEASURE>
    <IPD_DATA STUDY_ID="STD-Adams" O_E="-4" VAR="10" TOTAL_1="80" TOTAL_2="80"/>
    <IPD_DATA STUDY_ID="STD-Clark" O_E="-2" VAR="8" TOTAL_1="45" TOTAL_2="44"/>
  </IPD_OUTCOME>
  <OTHER_OUTCOME ID="CMP-001.03" NO="3"><NAME>Taste complaints</NAME>
    <COLUMN_HEADERS><COLUMN_HEADER>Zinc</COLUMN_HEADER><COLUMN_HEADER>Placebo</COLUMN_HEADER></COLUMN_HEADERS>
    <OTHER_DATA STUDY_ID="STD-Brown"><COLUMN>12 of 80 &lt;bitter&gt;</COLUMN><COLUMN>2 of 80</COLUMN></OTHER_DATA>
  </OTHER_OUTCOME>
</COMPARISON>
</ANALYSES_AND_DATA>
</COCHRANE_REVIEW>`;

const previewQuery = `query($input: ImportRevManReviewInput!) {
  previewRevManImport(input: $input) {
    title citation studies rows otherDataTables matches notes
    analyses { analysis name kind measure totals rows studies matches compared notCompared notes differences { where field revman cumulus } }
    errors { field message }
  }
}`;
const importMutation = `mutation($input: ImportRevManReviewInput!) { importRevManReview(input: $input) { review { id title citation } errors { field message } } }`;
const reviewQuery = `query($id: ID!) {
  review(id: $id) {
    studies { id label }
    otherDataTables { name analysis columns rows { studyLabel subgroup cells } }
    outcomes {
      name measure
      studyData { id label subgroup study { label } }
      analysis {
        k rowCount totals estimate
        studies { rowId rowLabel label subgroup weight estimate }
        subgroups { groups { name k estimate ciLower ciUpper } }
        unitOfAnalysis { studyLabel kind totals message }
      }
      referenceResults { subgroup estimate }
    }
  }
}`;

describe.each(await dialects('RevMan import of rows, totals and every outcome kind'))('a RevMan file with several rows per study, on %s', (dialect) => {
  let app: TestApp;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const test = await testDatabase(dialect);
    dispose = test.dispose;
    app = testApp(test.database);
  });
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it('previews what will be created, and that every number RevMan stored is reproduced, writing nothing', async () => {
    const before = await rowCounts(app.database);
    const preview = dataOf(await app.gql(previewQuery, { input: { rm5: file } })).previewRevManImport;
    expect(await rowCounts(app.database)).toEqual(before);
    expect(preview).toMatchObject({ title: 'Zinc for the common cold', citation: 'Cochrane Database of Systematic Reviews 2099, Issue 1', studies: 4, rows: 7, otherDataTables: 1, errors: [] });
    expect(preview.notes).toEqual(["Two included studies are named 'Clark 2010'; STD-Clark-b is imported as 'Clark 2010 (STD-Clark-b)'."]);
    const [cold, recovery, taste] = preview.analyses;
    expect(cold).toMatchObject({ analysis: '1.1', kind: 'dichotomous', measure: 'RR', totals: 'subgroups', rows: 5, studies: 3, matches: true, differences: [] });
    // Two subgroup totals with studies, estimate and both limits: eight of RevMan's numbers (it stored no others).
    expect(cold.compared).toBe(8);
    expect(recovery).toMatchObject({ kind: 'oe-variance', measure: 'OR', rows: 2 });
    expect(taste).toMatchObject({ kind: 'other', measure: null, rows: 1, compared: 0 });
  });

  it('says which number differs from RevMan, and where', async () => {
    const wrong = file.replace(`EFFECT_SIZE="${children.estimate}"`, 'EFFECT_SIZE="0.9"');
    const preview = dataOf(await app.gql(previewQuery, { input: { rm5: wrong } })).previewRevManImport;
    expect(preview.matches).toBe(false);
    expect(preview.analyses[0].differences).toEqual([{ where: "subgroup 'Children'", field: 'estimate', revman: 0.9, cumulus: expect.closeTo(children.estimate, 12) }]);
  });

  it('imports the rows, subgroup totals only, O-E and variance and "Other data", with the unit-of-analysis notes', async () => {
    const imported = dataOf(await app.gql(importMutation, { input: { rm5: file } })).importRevManReview;
    expect(imported.errors).toEqual([]);
    expect(imported.review).toMatchObject({ title: 'Zinc for the common cold', citation: 'Cochrane Database of Systematic Reviews 2099, Issue 1' });
    const review = dataOf(await app.gql(reviewQuery, { id: imported.review.id })).review;
    expect(review.studies.map((s: any) => s.label)).toEqual(['Adams 2001', 'Brown 2004', 'Clark 2010', 'Clark 2010 (STD-Clark-b)']);

    const [cold, recovery] = review.outcomes;
    // Rows listed study by study (in the order the studies were added), each study's rows in the file's order.
    expect(cold.studyData.map((d: any) => [d.study.label, d.subgroup, d.label])).toEqual([
      ['Adams 2001', 'Adults', null],
      ['Adams 2001', 'Children', null],
      ['Brown 2004', 'Adults', '#1'],
      ['Brown 2004', 'Adults', '#2'],
      ['Clark 2010', 'Children', null],
    ]);
    const analysis = cold.analysis;
    expect(analysis).toMatchObject({ k: 3, rowCount: 5, totals: 'SUBGROUPS', estimate: null });
    expect(analysis.studies.map((s: any) => s.label)).toEqual(['Adams 2001', 'Adams 2001', 'Brown 2004 (#1)', 'Brown 2004 (#2)', 'Clark 2010']);
    expect(analysis.studies.every((s: any) => typeof s.rowId === 'string')).toBe(true);
    const groups = Object.fromEntries(analysis.subgroups.groups.map((g: any) => [g.name, g]));
    expect(groups.Adults.estimate).toBeCloseTo(adults.estimate, 12);
    expect(groups.Children.ciUpper).toBeCloseTo(children.ciUpper, 12);
    // Weights within each subgroup when only subgroup totals are shown.
    const adultsWeight = analysis.studies.filter((s: any) => s.subgroup === 'Adults').reduce((sum: number, s: any) => sum + s.weight, 0);
    expect(adultsWeight).toBeCloseTo(100, 9);
    // Brown's two rows share one control group in one total: flagged. Adams in two subgroups is not a problem without an overall total.
    expect(analysis.unitOfAnalysis).toEqual([expect.objectContaining({ studyLabel: 'Brown 2004', kind: 'SHARED_GROUP', totals: ['Adults'] })]);
    expect(cold.referenceResults.map((r: any) => r.subgroup)).toEqual(['Adults', 'Children']);

    // Peto's O-E method: log OR = Σ(O - E) / ΣV, shown as an odds ratio.
    expect(recovery.measure).toBe('OR');
    expect(recovery.analysis.estimate).toBeCloseTo(Math.exp((-4 - 2) / (10 + 8)), 12);

    expect(review.otherDataTables).toEqual([
      { name: '1.3 Taste complaints', analysis: '1.3', columns: ['Zinc', 'Placebo'], rows: [{ studyLabel: 'Brown 2004', subgroup: null, cells: ['12 of 80 <bitter>', '2 of 80'] }] },
    ]);
  });

  it('refuses a preview to anyone but an administrator, and a file that is really broken, naming the problem', async () => {
    const anonymous = dataOf(await app.gql(previewQuery, { input: { rm5: file } }, null)).previewRevManImport;
    expect(anonymous.errors[0].message).toMatch(/^previewing a RevMan import needs/);
    expect(anonymous.title).toBeNull();
    const broken = dataOf(await app.gql(previewQuery, { input: { rm5: file.replace('EVENTS_1="10"', 'EVENTS_1="90"') } })).previewRevManImport;
    expect(broken.errors).toEqual([{ field: ['input', 'rm5'], message: expect.stringMatching(/study 'Adams 2001': events1 \(90\) cannot exceed n1 \(50\)/) }]);
  });

  it('tells apart names that differ only by case, shortens characteristics past the limit with a note, and refuses hidden characters', async () => {
    const notes = 'Randomised by sealed envelopes. '.repeat(100).trim();
    const edited = file
      .replace('<STUDY ID="STD-Clark-b" NAME="Clark 2010"', '<STUDY ID="STD-Clark-b" NAME="CLARK 2010"')
      .replace(
        '</STUDIES_AND_REFERENCES>',
        `</STUDIES_AND_REFERENCES><CHARACTERISTICS_OF_STUDIES><CHARACTERISTICS_OF_INCLUDED_STUDIES><INCLUDED_CHAR STUDY_ID="STD-Adams"><CHAR_NOTES><P>${notes}</P></CHAR_NOTES></INCLUDED_CHAR></CHARACTERISTICS_OF_INCLUDED_STUDIES></CHARACTERISTICS_OF_STUDIES>`,
      );
    const preview = dataOf(await app.gql(previewQuery, { input: { rm5: edited } })).previewRevManImport;
    expect(preview.errors).toEqual([]);
    expect(preview.notes).toEqual([
      `Study STD-Adams ('Adams 2001'): notes is longer than 2000 characters and was shortened to that length.`,
      "Two included studies are named 'Clark 2010' and 'CLARK 2010'; STD-Clark-b is imported as 'CLARK 2010 (STD-Clark-b)'.",
    ]);
    const imported = dataOf(await app.gql(importMutation, { input: { rm5: edited } })).importRevManReview;
    expect(imported.errors).toEqual([]);
    const studies = dataOf(await app.gql(`query($id: ID!) { review(id: $id) { studies { label characteristics } } }`, { id: imported.review.id })).review.studies;
    expect(studies.map((s: any) => s.label)).toEqual(['Adams 2001', 'Brown 2004', 'Clark 2010', 'CLARK 2010 (STD-Clark-b)']);
    expect(studies[0].characteristics.notes).toHaveLength(2000);
    expect(studies[0].characteristics.notes.endsWith('…')).toBe(true);

    const before = await rowCounts(app.database);
    const hidden = file.replace('<NAME>Children</NAME>', '<NAME>Chil\u202edren</NAME>').replace('NAME="Brown 2004"', 'NAME="Brown\u200b 2004"');
    const refused = dataOf(await app.gql(importMutation, { input: { rm5: hidden } })).importRevManReview;
    expect(refused.review).toBeNull();
    expect(refused.errors).toEqual([
      { field: ['input', 'rm5'], message: 'study STD-Brown: label contains an invisible (zero-width) character (U+200B) at position 6; remove it; correct it in RevMan, save, and import the file again' },
      {
        field: ['input', 'rm5'],
        message: "analysis 1.1 'Cold lasting a week' (CMP-001.01): the subgroup name 'Chil\u202edren' contains a bidirectional control character (U+202E) at position 5; remove it; correct it in RevMan, save, and import the file again",
      },
    ]);
    expect(await rowCounts(app.database)).toEqual(before);
  });
});
