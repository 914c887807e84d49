import { describe, expect, it } from 'vitest';
import { totalsInWords, unitOfAnalysisViews } from './unit-of-analysis';

describe('unit-of-analysis notes', () => {
  it('names the totals concerned in words', () => {
    expect(totalsInWords(['overall'])).toBe('the overall total');
    expect(totalsInWords(['overall', '6 months'])).toBe('the overall total and subgroup ‘6 months’');
    expect(totalsInWords(['6 months', '12 months'])).toBe('subgroups ‘6 months’, ‘12 months’');
  });

  it("lists the rows a note concerns by their labels, by study in analyses stored before rows", () => {
    const note = { studyId: 's', studyLabel: 'Smith 2019', rowIds: ['s-high', 's-low'], totals: ['overall'], kind: 'SHARED_GROUP' as const, message: 'counted twice' };
    const results = [
      { studyId: 'a', rowId: 'a-1', label: 'Adams 2001' },
      { studyId: 's', rowId: 's-high', label: 'Smith 2019 (high dose)' },
      { studyId: 's', rowId: 's-low', label: 'Smith 2019 (low dose)' },
    ];
    expect(unitOfAnalysisViews([note], results)).toEqual([
      { key: 's-SHARED_GROUP-0', studyLabel: 'Smith 2019', totals: 'the overall total', rows: ['Smith 2019 (high dose)', 'Smith 2019 (low dose)'], kind: 'SHARED_GROUP', message: 'counted twice' },
    ]);
    expect(unitOfAnalysisViews([note], results.map((r) => ({ ...r, rowId: null })))[0].rows).toEqual(['Smith 2019 (high dose)', 'Smith 2019 (low dose)']);
  });
});
