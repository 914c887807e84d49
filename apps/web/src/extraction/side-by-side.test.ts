import { describe, expect, it } from 'vitest';
import type { ExtractedNumbers } from '../graphql/extraction';
import { STUDY_NUMBER_KEYS } from '../graphql/study-data';
import { reconcileStart, rowName, sideBySide, statusInWords } from './side-by-side';

const none = Object.fromEntries(STUDY_NUMBER_KEYS.map((k) => [k, null])) as ExtractedNumbers;
const ann = { ...none, events1: 4, n1: 20, events2: 9, n2: 22 };
const ben = { ...none, events1: 4, n1: 20, events2: 9, n2: 21 };

describe('two extractions side by side', () => {
  it('lists the numbers either gave, in the form’s order, marking the ones that differ', () => {
    expect(sideBySide(ann, ben)).toEqual([
      { field: 'events1', label: 'Events, experimental', first: 4, second: 4, differs: false },
      { field: 'n1', label: 'Participants, experimental', first: 20, second: 20, differs: false },
      { field: 'events2', label: 'Events, control', first: 9, second: 9, differs: false },
      { field: 'n2', label: 'Participants, control', first: 22, second: 21, differs: true },
    ]);
  });

  it('shows a number only one of them gave (different kinds of numbers) as a difference', () => {
    const estimate = { ...none, estimate: 0.5, ciLower: 0.2, ciUpper: 1.1 };
    const lines = sideBySide(ann, estimate);
    expect(lines.map((l) => [l.field, l.differs])).toEqual([
      ['events1', true], ['n1', true], ['events2', true], ['n2', true], ['estimate', true], ['ciLower', true], ['ciUpper', true],
    ]);
    expect(lines.find((l) => l.field === 'ciLower')?.label).toBe('95% CI lower');
  });

  it('starts a reconciliation with the agreed numbers and leaves the differing ones to the reconciler', () => {
    const start = reconcileStart(ann, ben, 'OR');
    expect(start.mode).toBe('arms');
    expect([start.values.events1, start.values.n1, start.values.events2, start.values.n2, start.values.mean1]).toEqual([4, 20, 9, '', '']);
    expect(reconcileStart({ ...none, yi: 0.2, sei: 0.1 }, { ...none, yi: 0.2, sei: 0.11 }, 'OR')).toMatchObject({ mode: 'yi', values: { yi: 0.2, sei: '' } });
  });

  it('names the row and says where it stands', () => {
    expect(rowName({ study: { id: 's', label: 'Smith 2019' }, label: 'high dose', subgroup: '6 months' })).toBe('Smith 2019 (high dose, subgroup 6 months)');
    expect(rowName({ study: { id: 's', label: 'Smith 2019' }, label: null, subgroup: null })).toBe('Smith 2019');
    const base = { extractors: ['Ann'], myExtraction: null, differences: null, reconciledBy: null, decidedVersion: null };
    expect(statusInWords({ ...base, status: 'AWAITING' })).toBe('Extracted by Ann (1 of 2); waiting for a second extractor');
    expect(statusInWords({ ...base, status: 'CONFLICT', differences: [{ field: 'n2', first: 22, second: 21 }] })).toBe('The extractions differ in n2; waiting for reconciliation');
    expect(statusInWords({ ...base, status: 'RECONCILED', reconciledBy: 'Cat', decidedVersion: 12 })).toBe('Reconciled by Cat; the row entered the analysis at version 12');
  });
});
