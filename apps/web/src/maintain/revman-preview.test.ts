import { describe, expect, it } from 'vitest';
import type { RevManPreviewAnalysis } from '../graphql/revman-import';
import { parityNumber, previewAnalysisRows, previewCounts, previewVerdict } from './revman-preview';

const cough: RevManPreviewAnalysis = {
  analysis: '1.1',
  name: '1.1 Cough at day 3',
  kind: 'dichotomous',
  measure: 'RR',
  model: 'fixed',
  method: 'MH',
  totals: 'all',
  rows: 4,
  studies: 3,
  matches: false,
  compared: 5,
  differences: [{ where: 'overall', field: 'estimate', revman: 0.5, cumulus: 0.6617725617070995, reason: null }],
  notCompared: [],
  notes: [],
};
const days: RevManPreviewAnalysis = { ...cough, analysis: '1.2', name: '1.2 Days of cough', kind: 'generic', measure: 'MD', method: 'IV', totals: 'subgroups', rows: 2, studies: 2, matches: true, differences: [] };
const other: RevManPreviewAnalysis = {
  ...days,
  analysis: '1.3',
  name: '1.3 Adverse events',
  kind: 'other',
  measure: null,
  model: null,
  method: null,
  totals: 'none',
  compared: 0,
  notCompared: ['"Other data" tables hold no statistics'],
  notes: ['"Other data": a table of text, kept and shown with the review, not pooled.'],
};

describe('the RevMan import preview', () => {
  it('says what the import will create', () => {
    expect(previewCounts({ studies: 3, rows: 6, otherDataTables: 1, analyses: [cough, days, other] })).toBe(
      'Will create 3 studies and 2 analyses with 6 data rows, and 1 “Other data” table.',
    );
    expect(previewCounts({ studies: 591, rows: 8780, otherDataTables: 0, analyses: [cough] })).toBe('Will create 591 studies and 1 analysis with 8,780 data rows.');
  });

  it('says whether every analysis reproduces the numbers RevMan stored', () => {
    expect(previewVerdict({ analyses: [days, other] })).toEqual({ matches: true, text: 'Cumulus reproduces every number RevMan stored (5 numbers in 1 analysis).' });
    expect(previewVerdict({ analyses: [cough, days, other] }).text).toBe(
      "1 of 2 analyses differ from the numbers RevMan stored: see below. The import keeps RevMan's numbers beside Cumulus's.",
    );
  });

  it('lays out each analysis: settings, totals, rows and studies, and RevMan against Cumulus', () => {
    const [first, second, third] = previewAnalysisRows([cough, days, other]);
    expect(first).toMatchObject({ analysis: '1.1', name: 'Cough at day 3', kind: 'Dichotomous', settings: 'Risk ratio, M-H, fixed', totals: 'all totals', rows: '4 rows (3 studies)' });
    expect(first.comparison).toBe('differs from RevMan in 1 of 5 numbers');
    expect(first.differences).toEqual([{ where: 'overall', field: 'estimate', revman: '0.5', cumulus: '0.661773', reason: '' }]);
    expect([second.comparison, second.totals, second.rows]).toEqual(['matches RevMan (5 numbers)', 'subgroup totals only', '2 rows']);
    expect([third.kind, third.settings, third.comparison, third.notes]).toEqual(['“Other data” (text, not pooled)', '', 'text: nothing to compare', [other.notes[0]]]);
  });

  it('writes numbers to as many digits as tell them apart', () => {
    expect([parityNumber(0.6617725617070995), parityNumber(12.5), parityNumber(-2.7e-15), parityNumber(null)]).toEqual(['0.661773', '12.5', '-2.70e-15', '–']);
  });
});
