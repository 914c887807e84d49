import { describe, expect, it } from 'vitest';
import { cellsOf, otherDataGroups, widthOf } from './other-data';

const row = (studyLabel: string, subgroup: string | null, cells: string[]) => ({ studyId: studyLabel, studyLabel, subgroup, cells });

describe('"Other data" tables', () => {
  it('keeps the rows in order under their subgroup headings', () => {
    const groups = otherDataGroups({ rows: [row('A', 'Adults', ['x']), row('B', 'Adults', ['y']), row('C', 'Children', ['z']), row('D', null, ['w'])] });
    expect(groups.map((g) => [g.subgroup, g.rows.map((r) => r.studyLabel)])).toEqual([
      ['Adults', ['A', 'B']],
      ['Children', ['C']],
      [null, ['D']],
    ]);
  });

  it('pads a short row to the columns, and a table without headings is as wide as its widest row', () => {
    expect(cellsOf(row('A', null, ['only one']), 3)).toEqual(['only one', '', '']);
    expect(widthOf({ columns: [], rows: [row('A', null, ['a', 'b']), row('B', null, ['c'])] })).toBe(2);
    expect(widthOf({ columns: ['x', 'y', 'z'], rows: [] })).toBe(3);
  });
});
