// Small hand-written RevMan 5 files for every outcome kind RevMan 5 holds (generic inverse variance on its two
// scales, O-E and variance, 'Other data'), the outcome-level display attributes, the title's citation suffix and
// studies with several rows. All data here is made up; the structure follows the files RevMan 5 saves.
import { describe, expect, it } from 'vitest';
import {
  parseRevManFile,
  type RevManDichotomousOutcome,
  type RevManGenericOutcome,
  type RevManOEVarianceOutcome,
  type RevManOtherOutcome,
  type RevManOutcome,
  type RevManReview,
} from '../src/index.js';
import { problemsOf } from './problems-of.js';

const studies = `
<STUDIES_AND_REFERENCES><STUDIES><INCLUDED_STUDIES>
<STUDY ID="STD-Alpha-1999" NAME="Alpha 1999" YEAR="1999"/>
<STUDY ID="STD-Beta-2003" NAME="Beta 2003" YEAR="2003"/>
<STUDY ID="STD-Gamma-2011" NAME="Gamma 2011" YEAR="2011"/>
</INCLUDED_STUDIES></STUDIES></STUDIES_AND_REFERENCES>`;

function review(analyses: string, title = 'Tea for colds'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<COCHRANE_REVIEW ID="42" TYPE="INTERVENTION" REVMAN_VERSION="5">
<COVER_SHEET><TITLE>${title}</TITLE></COVER_SHEET>
${studies}
<ANALYSES_AND_DATA CALCULATED_DATA="YES">${analyses}</ANALYSES_AND_DATA>
</COCHRANE_REVIEW>`;
}

/** One comparison (NO 3) around the given outcome elements. */
const comparison = (outcomes: string) => review(`<COMPARISON ID="CMP-003" NO="3"><NAME>Tea versus water</NAME>${outcomes}</COMPARISON>`);

function outcomesOf(xml: string): RevManOutcome[] {
  return parseRevManFile(xml).comparisons[0].outcomes;
}

describe('generic inverse variance rows: ESTIMATE is the effect, EFFECT_SIZE what RevMan shows', () => {
  it('reads the effect from ESTIMATE (the log hazard ratio) and keeps the displayed ratio in published.estimate', () => {
    const [outcome] = outcomesOf(
      comparison(`<IV_OUTCOME ID="CMP-003.01" NO="1" LOG_DATA="YES" EFFECT_SIZE="0.7" CI_START="0.5" CI_END="0.98">
        <NAME>Time to recovery</NAME><EFFECT_MEASURE>Hazard Ratio</EFFECT_MEASURE>
        <IV_DATA STUDY_ID="STD-Alpha-1999" ESTIMATE="-0.35" SE="0.2" EFFECT_SIZE="0.7046880897187134" CI_START="0.476" CI_END="1.043"
          LOG_EFFECT_SIZE="-0.152" LOG_CI_START="-0.322" LOG_CI_END="0.018" WEIGHT="60.0" ORDER="1" ESTIMABLE="YES"/>
      </IV_OUTCOME>`),
    ) as RevManGenericOutcome[];
    expect(outcome).toMatchObject({ kind: 'generic', effectMeasure: 'Hazard Ratio', measure: 'HR', ratio: true });
    const [row] = outcome.rows;
    expect(row.effect).toBe(-0.35);
    expect(row.se).toBe(0.2);
    expect(row.published).toMatchObject({ estimate: 0.7046880897187134, ciLower: 0.476, ciUpper: 1.043, weight: 60 });
    // The effect is on the natural-log scale: exp(ESTIMATE) is RevMan's displayed ratio.
    expect(Math.exp(row.effect!)).toBeCloseTo(row.published!.estimate!, 12);
  });

  it('falls back to EFFECT_SIZE only without ESTIMATE: logged for a ratio, as it is otherwise, never from LOG_EFFECT_SIZE (base 10)', () => {
    const [rate, days] = outcomesOf(
      comparison(`<IV_OUTCOME ID="CMP-003.01" NO="1" LOG_DATA="YES"><NAME>Colds per year</NAME><EFFECT_MEASURE>Rate Ratio</EFFECT_MEASURE>
          <IV_DATA STUDY_ID="STD-Alpha-1999" EFFECT_SIZE="0.5" LOG_EFFECT_SIZE="-0.30103" SE="0.3"/>
          <IV_DATA STUDY_ID="STD-Beta-2003" ESTIMATE="" EFFECT_SIZE="2" SE="0.4"/>
        </IV_OUTCOME>
        <IV_OUTCOME ID="CMP-003.02" NO="2" LOG_DATA="NO"><NAME>Days ill</NAME><EFFECT_MEASURE>Mean Difference</EFFECT_MEASURE>
          <IV_DATA STUDY_ID="STD-Alpha-1999" EFFECT_SIZE="-1.25" SE="0.5"/>
        </IV_OUTCOME>`),
    ) as RevManGenericOutcome[];
    expect(rate).toMatchObject({ measure: null, ratio: true });
    expect(rate.rows.map((r) => r.effect)).toEqual([Math.log(0.5), Math.log(2)]);
    expect(days).toMatchObject({ measure: 'MD', ratio: false });
    expect(days.rows[0].effect).toBe(-1.25);
  });

  it('says which row has neither an ESTIMATE nor a ratio it could log', () => {
    const problems = problemsOf(
      comparison(`<IV_OUTCOME ID="CMP-003.04" NO="4"><NAME>Relapse</NAME><EFFECT_MEASURE>Odds Ratio</EFFECT_MEASURE>
        <IV_DATA STUDY_ID="STD-Beta-2003" EFFECT_SIZE="-0.4" SE="0.3"/></IV_OUTCOME>`),
    );
    expect(problems).toEqual([
      {
        element: 'IV_DATA',
        id: 'STD-Beta-2003',
        message:
          "analysis 3.4 'Relapse' (IV_OUTCOME CMP-003.04), study STD-Beta-2003: the row has no ESTIMATE and its EFFECT_SIZE is -0.4, which is not a ratio (a ratio is greater than 0); enter the study's log ratio in RevMan, save, and import the file again",
      },
    ]);
  });
});

describe('generic effect measures', () => {
  it("maps 'Hazard Ratio' to HR and 'Ratio of means' / 'Ratio of Means' to ROM, as attribute or element, in any case; both are ratios", () => {
    const outcomes = outcomesOf(
      comparison(`
        <IV_OUTCOME ID="CMP-003.01" NO="1" EFFECT_MEASURE="Hazard Ratio"><NAME>A</NAME></IV_OUTCOME>
        <IV_OUTCOME ID="CMP-003.02" NO="2"><NAME>B</NAME><EFFECT_MEASURE>hazard ratio</EFFECT_MEASURE></IV_OUTCOME>
        <IV_OUTCOME ID="CMP-003.03" NO="3" LOG_DATA="YES"><NAME>C</NAME><EFFECT_MEASURE>Ratio of means</EFFECT_MEASURE></IV_OUTCOME>
        <IV_OUTCOME ID="CMP-003.04" NO="4"><NAME>D</NAME><EFFECT_MEASURE>Ratio of Means</EFFECT_MEASURE></IV_OUTCOME>
        <IV_OUTCOME ID="CMP-003.05" NO="5"><NAME>E</NAME><EFFECT_MEASURE>Risk Difference</EFFECT_MEASURE></IV_OUTCOME>
        <IV_OUTCOME ID="CMP-003.06" NO="6"><NAME>F</NAME><EFFECT_MEASURE>Std. Mean Difference</EFFECT_MEASURE></IV_OUTCOME>`),
    ) as RevManGenericOutcome[];
    expect(outcomes.map((o) => [o.effectMeasure, o.measure, o.ratio])).toEqual([
      ['Hazard Ratio', 'HR', true],
      ['hazard ratio', 'HR', true],
      ['Ratio of means', 'ROM', true],
      ['Ratio of Means', 'ROM', true],
      ['Risk Difference', 'RD', false],
      ['Std. Mean Difference', 'SMD', false],
    ]);
  });

  it('refuses a known measure whose LOG_DATA says the other scale, naming the analysis', () => {
    const problems = problemsOf(
      comparison(`<IV_OUTCOME ID="CMP-003.02" NO="2" LOG_DATA="NO"><NAME>Survival</NAME><EFFECT_MEASURE>Hazard Ratio</EFFECT_MEASURE>
        <IV_DATA STUDY_ID="STD-Alpha-1999" ESTIMATE="0.8" SE="0.1"/></IV_OUTCOME>`),
    );
    expect(problems).toEqual([
      {
        element: 'IV_OUTCOME',
        id: 'CMP-003.02',
        message:
          "analysis 3.2 'Survival' (IV_OUTCOME CMP-003.02): the effect measure 'Hazard Ratio' is a ratio, but LOG_DATA is 'NO', which says its estimates are not entered on the log scale; correct the outcome's effect measure or scale in RevMan, save, and import the file again",
      },
    ]);
  });
});

describe('O-E and variance outcomes (IPD_OUTCOME)', () => {
  const ipd = `<IPD_OUTCOME ID="CMP-003.05" NO="5" CHI2="0.9" DF="2" EFFECT_SIZE="0.74" CI_START="0.61" CI_END="0.9" I2="0.0" P_CHI2="0.64" P_Z="0.003" STUDIES="3" SUBGROUPS="YES" TOTALS="YES" TOTAL_1="400" TOTAL_2="402" WEIGHT="100.0" Z="2.96">
      <NAME>Death at 5 years</NAME><GROUP_LABEL_1>Tea</GROUP_LABEL_1><GROUP_LABEL_2>Water</GROUP_LABEL_2>
      <EFFECT_MEASURE>Peto Odds Ratio</EFFECT_MEASURE>
      <IPD_SUBGROUP ID="CMP-003.05.01" NO="1" EFFECT_SIZE="0.7" STUDIES="2" WEIGHT="71.5"><NAME>Green tea</NAME>
        <IPD_DATA STUDY_ID="STD-Alpha-1999" O_E="-6.5" VAR="20.25" EVENTS_1="40" TOTAL_1="150" EVENTS_2="53" TOTAL_2="151"
          EFFECT_SIZE="0.7252" CI_START="0.47" CI_END="1.12" SE="0.2222" WEIGHT="40.0" ORDER="1"/>
        <IPD_DATA STUDY_ID="STD-Beta-2003" O_E="-4.0" VAR="16.0" EVENTS_1="30" TOTAL_1="100" EVENTS_2="38" TOTAL_2="101" ORDER="2"/>
      </IPD_SUBGROUP>
      <IPD_SUBGROUP ID="CMP-003.05.02" NO="2" WEIGHT="28.5"><NAME>Black tea</NAME>
        <IPD_DATA STUDY_ID="STD-Gamma-2011" O_E="-1.5" VAR="14.4" EVENTS_1="31" TOTAL_1="150" ORDER="3"/>
      </IPD_SUBGROUP>
    </IPD_OUTCOME>`;

  it('reads each row: O - E, its variance, events and totals, with the subgroup, and the effect measure as the file names it', () => {
    const [outcome] = outcomesOf(comparison(ipd)) as RevManOEVarianceOutcome[];
    expect(outcome).toMatchObject({
      kind: 'oe-variance',
      analysis: '3.5',
      name: 'Death at 5 years',
      effectMeasure: 'Peto Odds Ratio',
      random: false,
      groupLabel1: 'Tea',
      totals: 'YES',
      subgroupsShown: true,
      results: { estimate: 0.74, studies: 3, z: 2.96, weight: 100 },
    });
    expect(outcome.rows.map((r) => [r.studyId, r.subgroup, r.order, r.oMinusE, r.variance, r.events1, r.total1, r.events2, r.total2])).toEqual([
      ['STD-Alpha-1999', 'Green tea', 1, -6.5, 20.25, 40, 150, 53, 151],
      ['STD-Beta-2003', 'Green tea', 2, -4, 16, 30, 100, 38, 101],
      ['STD-Gamma-2011', 'Black tea', 3, -1.5, 14.4, 31, 150, null, null],
    ]);
    expect(outcome.rows[0].published).toEqual({ estimate: 0.7252, ciLower: 0.47, ciUpper: 1.12, se: 0.2222, weight: 40, variance: 20.25 });
    expect(outcome.subgroups.map((s) => [s.name, s.results?.weight ?? null])).toEqual([
      ['Green tea', 71.5],
      ['Black tea', 28.5],
    ]);
    // Peto's method from these rows: ln(OR) = sum(O - E) / sum(V), its variance 1 / sum(V).
    const sumOE = outcome.rows.reduce((sum, r) => sum + r.oMinusE!, 0);
    const sumV = outcome.rows.reduce((sum, r) => sum + r.variance!, 0);
    expect(sumOE / sumV).toBeCloseTo(-12 / 50.65, 12);
    expect(Math.exp(sumOE / sumV)).toBeCloseTo(0.7891, 4);
  });

  it('reads rows that sit in the outcome itself, and names an O-E outcome without an effect measure or with a stray study', () => {
    const [outcome] = outcomesOf(
      comparison(`<IPD_OUTCOME ID="CMP-003.06" NO="6" EFFECT_MEASURE="Hazard Ratio"><NAME>Relapse</NAME>
        <IPD_DATA STUDY_ID="STD-Gamma-2011" O_E="2.0" VAR="8.0"/></IPD_OUTCOME>`),
    ) as RevManOEVarianceOutcome[];
    expect(outcome).toMatchObject({ kind: 'oe-variance', effectMeasure: 'Hazard Ratio', subgroups: [], subgroupDifferences: null });
    expect(outcome.rows).toEqual([
      { studyId: 'STD-Gamma-2011', subgroup: null, order: null, published: { estimate: null, ciLower: null, ciUpper: null, se: null, weight: null, variance: 8 }, oMinusE: 2, variance: 8, events1: null, total1: null, events2: null, total2: null },
    ]);

    const problems = problemsOf(
      comparison(`<IPD_OUTCOME ID="CMP-003.07" NO="7"><NAME>Relapse</NAME>
        <IPD_DATA STUDY_ID="STD-Nobody-2000" O_E="2.0" VAR="8.0"/></IPD_OUTCOME>`),
    );
    expect(problems.map((p) => [p.element, p.id])).toEqual([
      ['IPD_DATA', 'STD-Nobody-2000'],
      ['IPD_OUTCOME', 'CMP-003.07'],
    ]);
    expect(problems[1].message).toBe(
      "analysis 3.7 'Relapse' (IPD_OUTCOME CMP-003.07): the O-E and variance outcome names no effect measure; name it in RevMan (e.g. 'Peto Odds Ratio' or 'Hazard Ratio'), save, and import the file again",
    );
  });
});

// The heading and cell element names below are assumed (no real OTHER_OUTCOME was at hand); the reader takes any.
describe("'Other data' outcomes (OTHER_OUTCOME)", () => {
  it('reads the column headings and, per study, its cells as text, in the outcome and in subgroups', () => {
    const [outcome] = outcomesOf(
      comparison(`<OTHER_OUTCOME ID="CMP-003.08" NO="8" SUBGROUPS="YES" SORT_BY="STUDY">
        <NAME>Adverse events (as reported)</NAME><GROUP_LABEL_1>Tea</GROUP_LABEL_1><GROUP_LABEL_2>Water</GROUP_LABEL_2>
        <COLUMN_HEADERS><COLUMN_HEADER>Tea group</COLUMN_HEADER><COLUMN_HEADER>Water group</COLUMN_HEADER><COLUMN_HEADER>Notes</COLUMN_HEADER></COLUMN_HEADERS>
        <OTHER_DATA STUDY_ID="STD-Gamma-2011" ORDER="3"><COLUMN><P>2 of 50 &amp; mild</P></COLUMN><COLUMN>1 of 48</COLUMN><COLUMN/></OTHER_DATA>
        <OTHER_SUBGROUP ID="CMP-003.08.01" NO="1"><NAME>Adults</NAME>
          <OTHER_DATA STUDY_ID="STD-Alpha-1999" ORDER="1"><COLUMN>none</COLUMN><COLUMN>none</COLUMN><COLUMN><P>Not <I>blinded</I></P><P>Short follow-up</P></COLUMN></OTHER_DATA>
          <OTHER_DATA STUDY_ID="STD-Alpha-1999" ORDER="2"><COLUMN>arm B: none</COLUMN><COLUMN>none</COLUMN><COLUMN/></OTHER_DATA>
        </OTHER_SUBGROUP>
      </OTHER_OUTCOME>`),
    ) as RevManOtherOutcome[];
    expect(outcome).toMatchObject({ kind: 'other', analysis: '3.8', name: 'Adverse events (as reported)', results: null, subgroupsShown: true });
    expect(outcome.columns).toEqual(['Tea group', 'Water group', 'Notes']);
    expect(outcome.rows).toEqual([
      { studyId: 'STD-Gamma-2011', subgroup: null, order: 3, cells: ['2 of 50 & mild', '1 of 48', ''] },
      { studyId: 'STD-Alpha-1999', subgroup: 'Adults', order: 1, cells: ['none', 'none', 'Not blinded\nShort follow-up'] },
      { studyId: 'STD-Alpha-1999', subgroup: 'Adults', order: 2, cells: ['arm B: none', 'none', ''] },
    ]);
    expect(outcome.subgroups.map((s) => s.name)).toEqual(['Adults']);
  });

  it('reads a table without headings, and a row of rich text alone as one cell', () => {
    const [outcome] = outcomesOf(
      comparison(`<OTHER_OUTCOME ID="CMP-003.09" NO="9"><NAME>Narrative</NAME>
        <OTHER_DATA STUDY_ID="STD-Beta-2003"><P>Fewer colds with tea.</P></OTHER_DATA>
        <OTHER_DATA STUDY_ID="STD-Gamma-2011"/>
      </OTHER_OUTCOME>`),
    ) as RevManOtherOutcome[];
    expect(outcome.columns).toEqual([]);
    expect(outcome.rows.map((r) => [r.studyId, r.cells])).toEqual([
      ['STD-Beta-2003', ['Fewer colds with tea.']],
      ['STD-Gamma-2011', []],
    ]);
  });
});

describe('outcome display attributes', () => {
  it('normalises TOTALS (YES when absent) and reads SUBGROUPS, SUBGROUP_TEST, subgroup weights and row variances', () => {
    const dich = (no: number, attributes: string) =>
      `<DICH_OUTCOME ID="CMP-003.1${no}" NO="1${no}" EFFECT_MEASURE="RR" METHOD="MH" ${attributes}><NAME>O${no}</NAME>
        <DICH_SUBGROUP ID="CMP-003.1${no}.01" NO="1" WEIGHT="62.5" EFFECT_SIZE="0.9"><NAME>S</NAME>
          <DICH_DATA STUDY_ID="STD-Alpha-1999" EVENTS_1="3" TOTAL_1="30" EVENTS_2="5" TOTAL_2="31" O_E="0.0" VAR="0.41" WEIGHT="62.5"/>
        </DICH_SUBGROUP></DICH_OUTCOME>`;
    const outcomes = outcomesOf(
      comparison(dich(1, '') + dich(2, 'TOTALS="SUB" SUBGROUPS="YES" SUBGROUP_TEST="YES"') + dich(3, 'TOTALS="no" SUBGROUPS="NO" SUBGROUP_TEST="NO"')),
    ) as RevManDichotomousOutcome[];
    expect(outcomes.map((o) => [o.totals, o.subgroupsShown, o.subgroupTest])).toEqual([
      ['YES', false, false],
      ['SUB', true, true],
      ['NO', false, false],
    ]);
    expect(outcomes[0].subgroups[0].results).toMatchObject({ weight: 62.5, estimate: 0.9 });
    expect(outcomes[0].rows[0].published).toMatchObject({ weight: 62.5, variance: 0.41 });
  });

  it('refuses a TOTALS value RevMan does not write, naming the analysis', () => {
    const problems = problemsOf(comparison(`<CONT_OUTCOME ID="CMP-003.02" NO="2" EFFECT_MEASURE="MD" TOTALS="MAYBE"><NAME>Pain</NAME></CONT_OUTCOME>`));
    expect(problems).toEqual([
      {
        element: 'CONT_OUTCOME',
        id: 'CMP-003.02',
        message: "analysis 3.2 'Pain' (CONT_OUTCOME CMP-003.02): TOTALS is 'MAYBE'; outcomes take YES, SUB or NO; correct it in RevMan, save, and import the file again",
      },
    ]);
  });
});

describe('the title and the citation of a Cochrane Library export', () => {
  it('returns the title without the export suffix and the quoted text as the citation', () => {
    const parsed: RevManReview = parseRevManFile(
      review('', 'Tea for colds: a made-up review [Data only. When citing this record quote &quot;Made-up Database of Reviews 2031, Issue 4&quot;.]'),
    );
    expect(parsed.title).toBe('Tea for colds: a made-up review');
    expect(parsed.citation).toBe('Made-up Database of Reviews 2031, Issue 4');
  });

  it('leaves other titles alone (citation null), and still asks for a title when the suffix is all there is', () => {
    const plain = parseRevManFile(review('', 'Tea [for] colds "quoted"'));
    expect(plain).toMatchObject({ title: 'Tea [for] colds "quoted"', citation: null });
    const problems = problemsOf(review('', '[Data only. When citing this record quote "Made-up 2031".]'));
    expect(problems.map((p) => p.element)).toEqual(['TITLE']);
  });
});

describe('studies with several rows in one outcome', () => {
  it('keeps every row of a study, in two subgroups and twice in one subgroup (a multi-arm trial), each with its subgroup and ORDER', () => {
    const [outcome] = outcomesOf(
      comparison(`<DICH_OUTCOME ID="CMP-003.01" NO="1" EFFECT_MEASURE="RR" METHOD="MH" SUBGROUPS="YES">
        <NAME>Cold within a month</NAME>
        <DICH_SUBGROUP ID="CMP-003.01.01" NO="1"><NAME>Green tea</NAME>
          <DICH_DATA STUDY_ID="STD-Alpha-1999" EVENTS_1="4" TOTAL_1="40" EVENTS_2="4" TOTAL_2="20" ORDER="1"/>
          <DICH_DATA STUDY_ID="STD-Alpha-1999" EVENTS_1="6" TOTAL_1="41" EVENTS_2="4" TOTAL_2="20" ORDER="2"/>
          <DICH_DATA STUDY_ID="STD-Beta-2003" EVENTS_1="9" TOTAL_1="60" EVENTS_2="12" TOTAL_2="61" ORDER="3"/>
        </DICH_SUBGROUP>
        <DICH_SUBGROUP ID="CMP-003.01.02" NO="2"><NAME>Black tea</NAME>
          <DICH_DATA STUDY_ID="STD-Alpha-1999" EVENTS_1="5" TOTAL_1="39" EVENTS_2="4" TOTAL_2="19" ORDER="4"/>
        </DICH_SUBGROUP>
      </DICH_OUTCOME>`),
    ) as RevManDichotomousOutcome[];
    expect(outcome.rows.map((r) => [r.studyId, r.subgroup, r.order, r.events1, r.total1])).toEqual([
      ['STD-Alpha-1999', 'Green tea', 1, 4, 40],
      ['STD-Alpha-1999', 'Green tea', 2, 6, 41],
      ['STD-Beta-2003', 'Green tea', 3, 9, 60],
      ['STD-Alpha-1999', 'Black tea', 4, 5, 39],
    ]);
  });
});
