import { describe, expect, it } from 'vitest';
import { countInWords, studiesPerSubgroup, studyLabelOf, studyLabels } from './row-labels';

describe('row labels', () => {
  it("takes the row's label off the study's", () => {
    expect(studyLabelOf({ label: 'Smith 2019 (high dose)', rowLabel: 'high dose' })).toBe('Smith 2019');
    expect(studyLabelOf({ label: 'Smith (2019)', rowLabel: null })).toBe('Smith (2019)');
    const labels = studyLabels([
      { studyId: 's', label: 'Smith 2019 (high dose)', rowLabel: 'high dose' },
      { studyId: 's', label: 'Smith 2019 (low dose)', rowLabel: 'low dose' },
      { studyId: 'j', label: 'Jones 2020', rowLabel: null },
    ]);
    expect([...labels]).toEqual([
      ['s', 'Smith 2019'],
      ['j', 'Jones 2020'],
    ]);
  });

  it('counts rows only when there are more than studies', () => {
    expect(countInWords(1, 1)).toBe('1 study');
    expect(countInWords(3, 4)).toBe('3 studies, 4 rows');
  });

  it('counts the studies of each subgroup once however many rows they give there', () => {
    const counts = studiesPerSubgroup([
      { studyId: 'a', subgroup: '6 months' },
      { studyId: 's', subgroup: '6 months' },
      { studyId: 's', subgroup: '6 months' },
      { studyId: 'a', subgroup: '12 months' },
      { studyId: 'b', subgroup: null },
    ]);
    expect([...counts]).toEqual([
      ['6 months', 2],
      ['12 months', 1],
      ['(no subgroup)', 1],
    ]);
  });
});
