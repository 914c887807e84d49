import { describe, expect, it } from 'vitest';
import { bcgPooled, bcgStudies } from '../charts/test-data';
import type { Analysis } from '../graphql/outcome';
import { describeChanges, outcomeChanges } from './outcome-changes';

const base: Analysis = {
  ...bcgPooled,
  version: 28,
  k: 13,
  rowCount: 13,
  totals: 'ALL',
  unitOfAnalysis: [],
  scale: 'log',
  settings: null,
  studies: bcgStudies,
  subgroups: null,
  excluded: [],
  leaveOneOut: [],
  cumulative: [],
  egger: null,
  begg: null,
  trimFill: null,
  funnel: null,
  absoluteEffects: null,
  informationSize: null,
  sequential: null,
  certainty: null,
  metaRegression: null,
};

describe('outcomeChanges', () => {
  it('finds the added study and the numbers a reader sees change', () => {
    const newStudy = { ...bcgStudies[0], studyId: 'new', rowId: 'new-row', label: 'Smith 2020', estimate: 0.9, ciLower: 0.8, ciUpper: 1.01, weight: 11 };
    const after: Analysis = { ...base, version: 29, k: 14, estimate: 0.5012, ciLower: 0.35, ciUpper: 0.72, studies: [...bcgStudies.map((s) => ({ ...s, weight: s.weight * 0.9 })), newStudy] };
    const changes = outcomeChanges({ version: 28, analysis: base }, { version: 29, analysis: after });
    expect([...changes.fields].sort()).toEqual(['estimate', 'k']);
    expect(changes.addedStudies).toEqual(['Smith 2020']);
    expect(changes.removedStudies).toEqual([]);
    expect([...changes.addedStudyIds]).toEqual(['new']);
    expect(describeChanges(changes, base, after)).toBe('Version 28 → 29: added Smith 2020; pooled estimate 0.47 [0.33, 0.68] → 0.50 [0.35, 0.72].');
  });

  it('does not flag a change that does not show at two decimals', () => {
    const after = { ...base, estimate: base.estimate! + 1e-9 };
    const changes = outcomeChanges({ version: 28, analysis: base }, { version: 29, analysis: after });
    expect(changes.fields.size).toBe(0);
    expect(changes.addedStudyIds.size).toBe(0);
    expect(describeChanges(changes, base, after)).toBe('Version 28 → 29: no change in the numbers shown.');
  });

  it("names a row added to a study that was there (a multi-arm trial's other arm) by its label", () => {
    const arm = (rowId: string, rowLabel: string) => ({ ...bcgStudies[0], rowId, rowLabel, label: `Aronson 1948 (${rowLabel})` });
    const before: Analysis = { ...base, studies: [arm('r1', 'high dose'), ...bcgStudies.slice(1)] };
    const after: Analysis = { ...base, version: 29, rowCount: 14, studies: [arm('r1', 'high dose'), arm('r2', 'low dose'), ...bcgStudies.slice(1)] };
    const changes = outcomeChanges({ version: 28, analysis: before }, { version: 29, analysis: after });
    expect(changes.addedStudies).toEqual([]);
    expect(changes.addedRows).toEqual(['Aronson 1948 (low dose)']);
    expect(describeChanges(changes, before, after)).toBe('Version 28 → 29: added the row Aronson 1948 (low dose).');
    const back = outcomeChanges({ version: 29, analysis: after }, { version: 30, analysis: before });
    expect(back.removedRows).toEqual(['Aronson 1948 (low dose)']);
  });
});
