import { describe, expect, it } from 'vitest';
import { STUDY_NUMBER_KEYS, type StoredStudyData } from '../graphql/study-data';
import { recomputedInWords, removalMessage, rowChoiceLabel, rowNames, rowsOfStudies, studyDataWrite } from './study-data-rows';

const none = Object.fromEntries(STUDY_NUMBER_KEYS.map((key) => [key, null]));
const row = (id: string, studyId: string, studyLabel: string, label: string | null, subgroup: string | null, numbers: Partial<StoredStudyData> = {}): StoredStudyData =>
  ({ ...none, id, studyId, study: { id: studyId, label: studyLabel, retracted: false }, label, subgroup, source: null, position: 0, recordedInVersion: 2, ...numbers }) as StoredStudyData;

const rows = [
  row('a1', 'a', 'Adams 2001', null, null, { events1: 4, n1: 123, events2: 11, n2: 139 }),
  row('s1', 's', 'Smith 2019', 'high dose', null, { events1: 5, n1: 50, events2: 12, n2: 60 }),
  row('s2', 's', 'Smith 2019', 'low dose', null),
  row('j1', 'j', 'Jones 2020', null, '6 months'),
  row('j2', 'j', 'Jones 2020', null, '12 months'),
  row('k1', 'k', 'King 2021', null, null),
  row('k2', 'k', 'King 2021', null, null),
];

describe('study data rows', () => {
  it('names each row as the forest plot does, made unique by subgroup or place', () => {
    expect([...rowNames(rows).values()]).toEqual([
      'Adams 2001',
      'Smith 2019 (high dose)',
      'Smith 2019 (low dose)',
      'Jones 2020, 6 months',
      'Jones 2020, 12 months',
      'King 2021, row 1',
      'King 2021, row 2',
    ]);
  });

  it("offers a study's rows by label, subgroup and numbers", () => {
    expect(rowChoiceLabel(rows[1], 0)).toBe('high dose · 5/50 vs 12/60');
    expect(rowChoiceLabel(rows[4], 1)).toBe('row 2 · 12 months · no numbers');
  });

  it("marks a study's first and last row, and counts them", () => {
    expect(rowsOfStudies(rows).map(({ row: r, first, last, siblings }) => [r.id, first, last, siblings])).toEqual([
      ['a1', true, true, 1],
      ['s1', true, false, 2],
      ['s2', false, true, 2],
      ['j1', true, false, 2],
      ['j2', false, true, 2],
      ['k1', true, false, 2],
      ['k2', false, true, 2],
    ]);
  });

  it("records a study's first row, adds another beside it, and corrects a stored one (null clears)", () => {
    const entry = { outcomeId: 'o', studyId: 's', numbers: { events1: 3, n1: 40 }, label: ' medium dose ', subgroup: '', source: '' };
    expect(studyDataWrite({ ...entry, row: null, studyRowCount: 0 })).toEqual({
      mutation: 'recordStudyData',
      input: { outcomeId: 'o', studyId: 's', events1: 3, n1: 40, label: 'medium dose', subgroup: undefined, source: undefined },
    });
    expect(studyDataWrite({ ...entry, row: null, studyRowCount: 2 }).mutation).toBe('addStudyDataRow');
    expect(studyDataWrite({ ...entry, row: { id: 's2' }, studyRowCount: 2 })).toEqual({
      mutation: 'updateStudyDataRow',
      input: { rowId: 's2', events1: 3, n1: 40, label: 'medium dose', subgroup: null, source: null },
    });
  });

  it('says what was recomputed, and what a removal does', () => {
    expect(recomputedInWords({ k: 14, estimate: 0.4712, ciLower: 0.33, ciUpper: 0.68 })).toBe('14 studies, pooled 0.47 [0.33, 0.68]');
    expect(recomputedInWords({ k: 3, estimate: null, ciLower: null, ciUpper: null })).toBe('3 studies (no overall total)');
    expect(removalMessage('Smith 2019 (low dose)', 2, 'Mortality')).toContain("The row Smith 2019 (low dose) will be taken out of “Mortality” (the study's other row stays)");
    expect(removalMessage('Aronson 1948', 1, 'Tuberculosis')).toContain('the outcome will be recomputed without them under a new version of the review');
  });
});
