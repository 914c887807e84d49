// A real RevMan 5 file (saved by RevMan 5.0.23) read against RevMan's own CSV export of the same analyses.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeRevManFile, parseRevManFile, type RevManContinuousOutcome, type RevManDichotomousOutcome } from '../src/index.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const review = parseRevManFile(decodeRevManFile(fixture('Fleiss1993.rm5')));

// Fleiss1993_CR.csv: one row per comparison, outcome and study; no field is quoted or holds a comma.
const [header, ...lines] = fixture('Fleiss1993_CR.csv').toString('utf8').trim().split(/\r?\n/);
const columns = header.split(',');
const csv = lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [columns[i], value])));
const csvRows = (outcome: string) => csv.filter((row) => row['Outcome Number'] === outcome && row['Data Type'] === '');
const csvOutcome = (outcome: string) => csv.find((row) => row['Outcome Number'] === outcome && row['Data Type'] !== '')!;

/** The CSV prints 8 decimals: a file value agrees when it rounds to the printed one (half a unit in the 8th decimal). */
function expectPrinted(value: number | null, printed: string) {
  expect(value).not.toBeNull();
  expect(Math.abs((value as number) - Number(printed))).toBeLessThanOrEqual(0.5e-8 + 1e-15);
}

describe('Fleiss1993.rm5', () => {
  it('reads the title, the RevMan version and the twelve included studies', () => {
    expect(review.title).toBe('Examples from Fleiss 1993');
    expect(review.revmanVersion).toBe('5.0.23');
    expect(review.type).toBe('INTERVENTION');
    expect(review.studies).toHaveLength(12);
    expect(review.studies.find((s) => s.name === 'ISIS-2')).toMatchObject({ id: 'STD-ISIS_x002d_2', year: '1988', dataSource: 'PUB' });
    // The characteristics table is there but empty in this file.
    expect(review.studies[0].characteristics).toEqual({ methods: null, participants: null, interventions: null, outcomes: null, notes: null });
  });

  it('reads one comparison with a dichotomous and a continuous outcome', () => {
    expect(review.comparisons).toHaveLength(1);
    const [comparison] = review.comparisons;
    expect(comparison).toMatchObject({ id: 'CMP-001', number: '1', name: 'Examples from Fleiss (1993)' });
    expect(comparison.outcomes.map((o) => [o.analysis, o.kind, o.name])).toEqual([
      ['1.1', 'dichotomous', 'Aspirin for Preventing Death after Myocardial Infarction'],
      ['1.2', 'continuous', 'Mental Health Treatment versus Control'],
    ]);
  });

  it('reads the aspirin outcome: Mantel-Haenszel odds ratio, fixed effect, the 2×2 data of seven trials', () => {
    const outcome = review.comparisons[0].outcomes[0] as RevManDichotomousOutcome;
    expect(outcome).toMatchObject({ effectMeasure: 'OR', method: 'MH', random: false, swapEvents: false, groupLabel1: 'Aspirin', groupLabel2: 'Control', ciTotalLevel: 95 });
    expect(outcome.subgroups).toEqual([]);
    const names = new Map(review.studies.map((s) => [s.id, s.name]));
    const expected = csvRows('1');
    expect(outcome.rows.map((row) => names.get(row.studyId))).toEqual(expected.map((row) => row.Name));
    for (const [i, row] of outcome.rows.entries()) {
      const printed = expected[i];
      expect([row.events1, row.total1, row.events2, row.total2]).toEqual([printed['Events 1'], printed['Total 1'], printed['Events 2'], printed['Total 2']].map(Number));
      expect(row.order).toBe(Number(printed['User defined order']));
      // RevMan's own per-study results in the file are the numbers its CSV export prints.
      expectPrinted(row.published!.estimate, printed['Effect Estimate']);
      expectPrinted(row.published!.se, printed.SE);
      expectPrinted(row.published!.ciLower, printed['CI Start']);
      expectPrinted(row.published!.ciUpper, printed['CI End']);
      expectPrinted(row.published!.weight, printed.Weight);
    }
  });

  it("reads RevMan's pooled results of the aspirin outcome, as its CSV export prints them", () => {
    const results = review.comparisons[0].outcomes[0].results!;
    const printed = csvOutcome('1');
    expect(results).toMatchObject({ estimable: true, studies: 7, participants1: 14186, participants2: 13817, events1: 2128, events2: 2286, df: 6, tau2: 0 });
    expectPrinted(results.estimate, printed['Effect Estimate']);
    expectPrinted(results.ciLower, printed['CI Start']);
    expectPrinted(results.ciUpper, printed['CI End']);
    expectPrinted(results.chi2, printed.Q);
    expectPrinted(results.pChi2, printed['P(Q)']);
    expectPrinted(results.i2, printed['I²(Q)']);
    expectPrinted(results.z, printed.Z);
    expectPrinted(results.pZ, printed['P(Z)']);
  });

  it('reads the continuous outcome as the file declares it (SMD), with no results of its own', () => {
    const outcome = review.comparisons[0].outcomes[1] as RevManContinuousOutcome;
    expect(outcome).toMatchObject({ effectMeasure: 'SMD', random: false });
    const expected = csvRows('2');
    for (const [i, row] of outcome.rows.entries()) {
      const printed = expected[i];
      expect([row.mean1, row.sd1, row.total1, row.mean2, row.sd2, row.total2]).toEqual(
        [printed['Mean 1'], printed['SD 1'], printed['Total 1'], printed['Mean 2'], printed['SD 2'], printed['Total 2']].map(Number),
      );
      expect(row.published).toBeNull();
    }
    // The file saved no SMD results: the counts are there, the estimate is empty.
    expect(outcome.results).toMatchObject({ studies: 5, participants1: 106, participants2: 126, estimate: null, ciLower: null, chi2: null, z: null });
  });
});
