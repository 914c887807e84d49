import { describe, expect, it } from 'vitest';
import type { SummaryOfFindingsRow } from '../graphql/summary-of-findings';
import { summaryOfFindingsTable } from './summary-of-findings-table';

const veryLow = { level: 'VERY_LOW' as const, symbols: '⊕◯◯◯', label: 'Very low', footnotes: ['a', 'b', 'c'], needsReview: false, note: null };
const moderate = { level: 'MODERATE' as const, symbols: '⊕⊕⊕◯', label: 'Moderate', footnotes: [], needsReview: false, note: 'As published (Table 3)' };

// The magnesium review as the API words it at version 34 (after ISIS-4).
const mortality: SummaryOfFindingsRow = {
  outcomeName: 'Mortality',
  outcome: { id: 'o1' },
  measure: 'OR',
  studies: 16,
  participants: 62607,
  participantsText: '62607 (16 RCTs)',
  anticipatedEffects: [
    { label: 'Median control risk', riskWithComparison: '116 per 1000', riskWithIntervention: '118 per 1000 (112 to 124)', riskDifference: '2 more per 1000 (from 5 fewer to 8 more)' },
    { label: 'High-risk patients', riskWithComparison: '200 per 1000', riskWithIntervention: '202 per 1000 (193 to 213)', riskDifference: '2 more per 1000' },
  ],
  effectText: null,
  relativeEffect: 'OR 1.01 (0.96 to 1.08)',
  certainty: veryLow,
  publishedCertainty: null,
  comments: ['Trial sequential analysis: firm evidence of no effect.'],
};

const mrss: SummaryOfFindingsRow = {
  outcomeName: 'mRSS at 12 months',
  outcome: { id: 'o2' },
  measure: 'MC',
  studies: 1,
  participants: 14,
  participantsText: '14 (1 observational study)',
  anticipatedEffects: [],
  effectText: 'Mean change 6.30 (95% CI 0.72 to 11.88)',
  relativeEffect: null,
  certainty: { ...veryLow, level: 'LOW', symbols: '⊕⊕◯◯', label: 'Low', footnotes: [] },
  publishedCertainty: moderate,
  comments: [],
};

const empty: SummaryOfFindingsRow = { ...mrss, outcomeName: 'DU at 6 months', outcome: null, studies: 0, participants: null, participantsText: 'No studies', effectText: null, certainty: null };

describe('summaryOfFindingsTable', () => {
  it('gives a binary outcome one line per assumed control risk, its other cells spanning them', () => {
    const { lines } = summaryOfFindingsTable({ rows: [mortality], footnotes: [] });
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => [l.first, l.span, l.assumedRisk, l.riskWithComparison, l.riskWithIntervention])).toEqual([
      [true, 2, 'Median control risk', '116 per 1000', '118 per 1000 (112 to 124)'],
      [false, 2, 'High-risk patients', '200 per 1000', '202 per 1000 (193 to 213)'],
    ]);
    expect(lines[0]).toMatchObject({ relativeEffect: 'OR 1.01 (0.96 to 1.08)', participants: '62607 (16 RCTs)', certainty: { symbols: '⊕◯◯◯', label: 'Very low', letters: 'a, b, c' } });
  });

  it('names no assumed risk when there is only one', () => {
    const { lines } = summaryOfFindingsTable({ rows: [{ ...mortality, anticipatedEffects: mortality.anticipatedEffects.slice(0, 1) }], footnotes: [] });
    expect(lines).toHaveLength(1);
    expect(lines[0].assumedRisk).toBeNull();
  });

  it('words a continuous outcome across both absolute columns and keeps the published rating beside the suggestion', () => {
    const table = summaryOfFindingsTable({ rows: [mortality, mrss], footnotes: [] });
    const line = table.lines.find((l) => l.outcomeName === 'mRSS at 12 months')!;
    expect(line.absoluteText).toBe('Mean change 6.30 (95% CI 0.72 to 11.88)');
    expect(line.relativeEffect).toBe('–');
    expect(line.certainty?.label).toBe('Low');
    expect(line.published).toMatchObject({ symbols: '⊕⊕⊕◯', label: 'Moderate' });
    expect(table.hasPublished).toBe(true);
  });

  it('says an outcome without studies has no data yet, and hides the published column when nothing was published', () => {
    const table = summaryOfFindingsTable({ rows: [{ ...empty, publishedCertainty: null }], footnotes: [] });
    expect(table.lines[0]).toMatchObject({ absoluteText: 'No data yet', certainty: null, participants: 'No studies' });
    expect(table.hasPublished).toBe(false);
  });

  it("marks a maintainer's judgement among the footnotes", () => {
    const note = { letter: 'a', outcomeName: 'Mortality', domain: 'INDIRECTNESS' as const, rating: -1, overridden: true, needsReview: false, text: 'Downgraded one level.' };
    expect(summaryOfFindingsTable({ rows: [mortality], footnotes: [note, { ...note, letter: 'b', overridden: false }] }).footnotes.map((f) => f.marker)).toEqual([
      "a (maintainer's judgement)",
      'b',
    ]);
  });
});
