// Small hand-written RevMan 5 files: the other outcome types, subgroups, text, and the problems a user can cause.
import { describe, expect, it } from 'vitest';
import {
  decodeRevManFile,
  parseRevManFile,
  type RevManContinuousOutcome,
  type RevManDichotomousOutcome,
  type RevManGenericOutcome,
} from '../src/index.js';
import { problemsOf } from './problems-of.js';

const studies = `
<STUDIES_AND_REFERENCES><STUDIES>
<INCLUDED_STUDIES>
<STUDY ID="STD-Smith-2001" NAME="Smith 2001" YEAR="2001" DATA_SOURCE="PUB"/>
<STUDY ID="STD-O_x0027_Brien-2004" NAME="O&apos;Brien &amp; Lee 2004" YEAR="2004a"/>
<STUDY ID="STD-Jones-2010" NAME="Jones 2010" YEAR=""/>
</INCLUDED_STUDIES>
<EXCLUDED_STUDIES><STUDY ID="STD-Excluded-1999" NAME="Excluded 1999" YEAR="1999"/></EXCLUDED_STUDIES>
</STUDIES></STUDIES_AND_REFERENCES>`;

/** A minimal review file around the given analyses (and, optionally, other top-level content). */
function review(analyses: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<COCHRANE_REVIEW ID="1234" REVMAN_SUB_VERSION="5.3.5" REVIEW_NO="CD000001" DOI="10.1002/14651858.CD000001.pub2" TYPE="INTERVENTION">
<COVER_SHEET><TITLE>Caf&#233; &amp; tea for <I>headache</I></TITLE></COVER_SHEET>
${studies}${extra}
<ANALYSES_AND_DATA CALCULATED_DATA="YES">${analyses}</ANALYSES_AND_DATA>
</COCHRANE_REVIEW>`;
}

describe('parseRevManFile on hand-written files', () => {
  it('reads the title and study names with entities and character references decoded, and rich-text characteristics as lines', () => {
    const parsed = parseRevManFile(
      review(
        '',
        `<MAIN_TEXT><BODY><OBJECTIVES><P>To assess coffee.</P><P>And tea.</P></OBJECTIVES></BODY></MAIN_TEXT>
        <CHARACTERISTICS_OF_STUDIES><CHARACTERISTICS_OF_INCLUDED_STUDIES>
        <INCLUDED_CHAR STUDY_ID="STD-Smith-2001"><CHAR_METHODS><P>Randomised,   <B>double</B>-blind</P><P>Parallel groups</P></CHAR_METHODS>
        <CHAR_PARTICIPANTS><P>120 adults</P></CHAR_PARTICIPANTS><CHAR_INTERVENTIONS/><CHAR_OUTCOMES/><CHAR_NOTES/></INCLUDED_CHAR>
        </CHARACTERISTICS_OF_INCLUDED_STUDIES></CHARACTERISTICS_OF_STUDIES>`,
      ),
    );
    expect(parsed).toMatchObject({ title: 'Café & tea for headache', revmanVersion: '5.3.5', reviewNumber: 'CD000001', doi: '10.1002/14651858.CD000001.pub2' });
    expect(parsed.objectives).toBe('To assess coffee.\nAnd tea.');
    expect(parsed.studies.map((s) => [s.id, s.name, s.year])).toEqual([
      ['STD-Smith-2001', 'Smith 2001', '2001'],
      ['STD-O_x0027_Brien-2004', "O'Brien & Lee 2004", '2004a'],
      ['STD-Jones-2010', 'Jones 2010', null],
    ]);
    expect(parsed.studies[0].characteristics).toEqual({
      methods: 'Randomised, double-blind\nParallel groups',
      participants: '120 adults',
      interventions: null,
      outcomes: null,
      notes: null,
    });
    expect(parsed.comparisons).toEqual([]);
  });

  it('reads a dichotomous outcome with subgroups, Peto odds ratios, swapped events and random effects', () => {
    const parsed = parseRevManFile(
      review(`<COMPARISON ID="CMP-002" NO="2"><NAME>Coffee versus tea</NAME>
        <DICH_OUTCOME ID="CMP-002.01" NO="1" EFFECT_MEASURE="PETO_OR" METHOD="PETO" RANDOM="YES" SWAP_EVENTS="YES" SUBGROUPS="YES" TOTALS="YES"
          Q="1.5" P_Q="0.22" I2_Q="33.3" EFFECT_SIZE="0.8" CI_START="0.6" CI_END="1.1" STUDIES="3" TOTAL_1="300" TOTAL_2="310">
          <NAME>Headache at 2 hours</NAME><GROUP_LABEL_1>Coffee</GROUP_LABEL_1><GROUP_LABEL_2>Tea</GROUP_LABEL_2>
          <DICH_SUBGROUP ID="CMP-002.01.01" NO="1" EFFECT_SIZE="0.7" CI_START="0.5" CI_END="0.98" STUDIES="2" CHI2="0.3" DF="1" P_CHI2="0.58" I2="0.0" Z="2.1" P_Z="0.035">
            <NAME>Adults &lt; 65</NAME>
            <DICH_DATA STUDY_ID="STD-Smith-2001" EVENTS_1="10" TOTAL_1="100" EVENTS_2="15" TOTAL_2="100" ORDER="1"/>
            <DICH_DATA STUDY_ID="STD-O_x0027_Brien-2004" EVENTS_1="0" TOTAL_1="50" EVENTS_2="0" TOTAL_2="60" ORDER="2" EFFECT_SIZE="" CI_START="" CI_END="" SE="" WEIGHT="0.0" ESTIMABLE="NO"/>
          </DICH_SUBGROUP>
          <DICH_SUBGROUP ID="CMP-002.01.02" NO="2"><NAME>Adults 65 and over</NAME>
            <DICH_DATA STUDY_ID="STD-Jones-2010" EVENTS_1="20" TOTAL_1="150" EVENTS_2="22" TOTAL_2="150"/>
          </DICH_SUBGROUP>
        </DICH_OUTCOME></COMPARISON>`),
    );
    const outcome = parsed.comparisons[0].outcomes[0] as RevManDichotomousOutcome;
    expect(outcome).toMatchObject({ kind: 'dichotomous', analysis: '2.1', effectMeasure: 'OR', method: 'PETO', random: true, swapEvents: true, comparisonName: 'Coffee versus tea' });
    expect(outcome.subgroups.map((s) => [s.id, s.name, s.results?.estimate ?? null, s.results?.pZ ?? null])).toEqual([
      ['CMP-002.01.01', 'Adults < 65', 0.7, 0.035],
      ['CMP-002.01.02', 'Adults 65 and over', null, null],
    ]);
    expect(outcome.subgroupDifferences).toEqual({ chi2: 1.5, p: 0.22, i2: 33.3 });
    expect(outcome.rows.map((r) => [r.studyId, r.subgroup, r.events1, r.total1, r.events2, r.total2])).toEqual([
      ['STD-Smith-2001', 'Adults < 65', 10, 100, 15, 100],
      ['STD-O_x0027_Brien-2004', 'Adults < 65', 0, 50, 0, 60],
      ['STD-Jones-2010', 'Adults 65 and over', 20, 150, 22, 150],
    ]);
    // An estimable-NO row keeps its data; only its weight is printed.
    expect(outcome.rows[1].published).toEqual({ estimate: null, ciLower: null, ciUpper: null, se: null, weight: 0, variance: null });
  });

  it('reads a continuous mean difference outcome with random effects', () => {
    const parsed = parseRevManFile(
      review(`<COMPARISON ID="CMP-001" NO="1"><NAME>Coffee versus placebo</NAME>
        <CONT_OUTCOME ID="CMP-001.03" NO="3" EFFECT_MEASURE="MD" METHOD="IV" RANDOM="YES" TAU2="0.25" EFFECT_SIZE="-1.2" CI_START="-2.0" CI_END="-0.4">
          <NAME>Pain score</NAME>
          <CONT_DATA STUDY_ID="STD-Smith-2001" MEAN_1="3.5" SD_1="1.2" TOTAL_1="50" MEAN_2="4.7" SD_2="1.4" TOTAL_2="52"/>
        </CONT_OUTCOME></COMPARISON>`),
    );
    const outcome = parsed.comparisons[0].outcomes[0] as RevManContinuousOutcome;
    expect(outcome).toMatchObject({ kind: 'continuous', analysis: '1.3', effectMeasure: 'MD', random: true, results: { estimate: -1.2, tau2: 0.25 } });
    expect(outcome.rows[0]).toMatchObject({ mean1: 3.5, sd1: 1.2, total1: 50, mean2: 4.7, sd2: 1.4, total2: 52, subgroup: null });
  });

  it('reads generic inverse variance outcomes: a named hazard ratio (log scale) and an odds ratio given as an attribute', () => {
    const parsed = parseRevManFile(
      review(`<COMPARISON ID="CMP-001" NO="1"><NAME>Coffee versus placebo</NAME>
        <IV_OUTCOME ID="CMP-001.01" NO="1" RANDOM="NO" EFFECT_SIZE="0.8" CI_START="0.65" CI_END="0.98">
          <NAME>Time to relief</NAME><EFFECT_MEASURE>Hazard Ratio</EFFECT_MEASURE>
          <IV_DATA STUDY_ID="STD-Smith-2001" ESTIMATE="-0.223" EFFECT_SIZE="0.80011" SE="0.11" TOTAL_1="60" TOTAL_2="58"/>
          <IV_DATA STUDY_ID="STD-Jones-2010" ESTIMATE="-0.2" EFFECT_SIZE="0.81873" SE="0.15"/>
        </IV_OUTCOME>
        <IV_OUTCOME ID="CMP-001.02" NO="2" EFFECT_MEASURE="OR" RANDOM="YES"><NAME>Relapse</NAME>
          <IV_DATA STUDY_ID="STD-Smith-2001" EFFECT_SIZE="0.1" SE="0.3"/>
        </IV_OUTCOME>
        <IV_OUTCOME ID="CMP-001.04" NO="4" LOG_DATA="NO"><NAME>Days off work</NAME><EFFECT_MEASURE>Difference in days</EFFECT_MEASURE>
          <IV_DATA STUDY_ID="STD-Smith-2001" EFFECT_SIZE="-1.5" SE="0.5"/>
        </IV_OUTCOME></COMPARISON>`),
    );
    const [hazard, odds, days] = parsed.comparisons[0].outcomes as RevManGenericOutcome[];
    expect(hazard).toMatchObject({ kind: 'generic', effectMeasure: 'Hazard Ratio', measure: 'HR', ratio: true, random: false });
    expect(hazard.rows.map((r) => [r.studyId, r.effect, r.se, r.total1, r.total2])).toEqual([
      ['STD-Smith-2001', -0.223, 0.11, 60, 58],
      ['STD-Jones-2010', -0.2, 0.15, null, null],
    ]);
    expect(hazard.rows[0].published?.estimate).toBe(0.80011);
    expect(odds).toMatchObject({ effectMeasure: 'OR', measure: 'OR', ratio: true, random: true });
    expect(days).toMatchObject({ effectMeasure: 'Difference in days', measure: null, ratio: false });
  });

  it('decodes an ISO-8859-1 file as its declaration says, and UTF-8 with or without a byte order mark', () => {
    const text = review('').replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace('Caf&#233;', 'Café');
    const latin1 = Uint8Array.from([...text].map((character) => character.charCodeAt(0)));
    expect(latin1).toContain(0xe9);
    expect(parseRevManFile(decodeRevManFile(latin1)).title).toBe('Café & tea for headache');
    const utf8 = new TextEncoder().encode(review('').replace('Caf&#233;', 'Café'));
    expect(parseRevManFile(decodeRevManFile(utf8)).title).toBe('Café & tea for headache');
    expect(parseRevManFile(decodeRevManFile(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]))).title).toBe('Café & tea for headache');
    expect(() => decodeRevManFile(new TextEncoder().encode('<?xml version="1.0" encoding="X-NO-SUCH"?><COCHRANE_REVIEW/>'))).toThrow(/encoding 'X-NO-SUCH'/);
  });
});

describe('problems a user can cause', () => {
  it('refuses text that is not XML, saying where it breaks', () => {
    expect(problemsOf('Comparison,Outcome\n1,1')).toEqual([
      { element: 'XML', id: null, message: expect.stringMatching(/^the file is not well-formed XML \(line 1, column 1: .*\); choose the \.rm5 file RevMan 5 saved/) },
    ]);
    expect(problemsOf('<COCHRANE_REVIEW><COVER_SHEET></COCHRANE_REVIEW>')[0].message).toMatch(/line 1, column \d+: Expected closing tag 'COVER_SHEET'/);
  });

  it('refuses XML that is not a RevMan 5 review, and review types other than intervention reviews', () => {
    expect(problemsOf('<?xml version="1.0"?><html><body/></html>')).toEqual([
      { element: 'html', id: null, message: 'the file is XML but not a RevMan 5 review: its root element is <html>, not <COCHRANE_REVIEW>; open the review in RevMan 5 and save it as a .rm5 file' },
    ]);
    expect(problemsOf(review('').replace('TYPE="INTERVENTION"', 'TYPE="DIAGNOSTIC"'))[0].message).toMatch(/diagnostic test accuracy review; Cumulus imports intervention reviews/);
  });

  it('names a data row whose study is not an included study, the outcome it is in, and what to do', () => {
    const problems = problemsOf(
      review(`<COMPARISON ID="CMP-001" NO="1"><NAME>C</NAME>
        <DICH_OUTCOME ID="CMP-001.02" NO="2" EFFECT_MEASURE="RR" METHOD="MH" RANDOM="NO"><NAME>Deaths</NAME>
          <DICH_DATA STUDY_ID="STD-Nobody-2000" EVENTS_1="1" TOTAL_1="10" EVENTS_2="2" TOTAL_2="10"/>
          <DICH_DATA STUDY_ID="STD-Excluded-1999" EVENTS_1="1" TOTAL_1="10" EVENTS_2="2" TOTAL_2="10"/>
        </DICH_OUTCOME></COMPARISON>`),
    );
    expect(problems).toEqual([
      {
        element: 'DICH_DATA',
        id: 'STD-Nobody-2000',
        message:
          "analysis 1.2 'Deaths' (DICH_OUTCOME CMP-001.02): a DICH_DATA row names study STD-Nobody-2000, which is not among the included studies; move the study to the included studies or delete its data row in RevMan, save, and import the file again",
      },
      {
        element: 'DICH_DATA',
        id: 'STD-Excluded-1999',
        message: expect.stringContaining('which is not among the included studies (the file lists it among the excluded studies)'),
      },
    ]);
  });

  it('refuses outcome elements RevMan 5 does not write and measures an outcome kind does not take, reporting every one at once', () => {
    const problems = problemsOf(
      review(`<COMPARISON ID="CMP-001" NO="1"><NAME>C</NAME>
        <IPD_OUTCOME ID="CMP-001.01" NO="1"><NAME>Survival</NAME><EFFECT_MEASURE>Peto Odds Ratio</EFFECT_MEASURE>
          <IPD_DATA STUDY_ID="STD-Smith-2001" O_E="-3.2" VAR="10.5"/></IPD_OUTCOME>
        <OTHER_OUTCOME ID="CMP-001.02" NO="2"><NAME>Adverse events (narrative)</NAME></OTHER_OUTCOME>
        <CONT_OUTCOME ID="CMP-001.03" NO="3" EFFECT_MEASURE="ROM" METHOD="IV"><NAME>Ratio of means</NAME></CONT_OUTCOME>
        <DTA_OUTCOME ID="CMP-001.04" NO="4"><NAME>Sensitivity</NAME></DTA_OUTCOME>
      </COMPARISON>`),
    );
    expect(problems.map((p) => [p.element, p.id])).toEqual([
      ['CONT_OUTCOME', 'CMP-001.03'],
      ['DTA_OUTCOME', 'CMP-001.04'],
    ]);
    expect(problems[0].message).toBe("analysis 1.3 'Ratio of means' (CONT_OUTCOME CMP-001.03): EFFECT_MEASURE is 'ROM'; continuous outcomes take MD or SMD; correct it in RevMan, save, and import the file again");
    expect(problems[1].message).toBe(
      "analysis 1.4 'Sensitivity' (DTA_OUTCOME, ID CMP-001.04) is an outcome type RevMan 5 does not write and Cumulus does not know; delete it from a copy of the review in RevMan, save, and import the copy",
    );
  });

  it('refuses numbers that are not numbers, naming the attribute, the study and the outcome', () => {
    const problems = problemsOf(
      review(`<COMPARISON ID="CMP-001" NO="1"><NAME>C</NAME>
        <CONT_OUTCOME ID="CMP-001.01" NO="1" EFFECT_MEASURE="SMD" METHOD="IV"><NAME>Pain</NAME>
          <CONT_DATA STUDY_ID="STD-Smith-2001" MEAN_1="3,5" SD_1="1.2" TOTAL_1="50" MEAN_2="4.7" SD_2="1.4" TOTAL_2="52"/>
        </CONT_OUTCOME></COMPARISON>`),
    );
    expect(problems).toEqual([
      {
        element: 'CONT_DATA',
        id: 'STD-Smith-2001',
        message: "analysis 1.1 'Pain' (CONT_OUTCOME CMP-001.01), study STD-Smith-2001: MEAN_1 is '3,5', not a number; correct it in RevMan, save, and import the file again",
      },
    ]);
  });
});
