// RevMan 5's rules as its own stored results show them (established on real Cochrane review files, which are not
// copied here): each rule checked on small data of our own against the formula written out by hand.
import { describe, expect, it } from 'vitest';
import { analyzeOutcome } from '../src/index.js';
import { normalQuantileOf } from '../src/numeric/distributions.js';

const z975 = normalQuantileOf(0.975);
const close = (actual: number | null | undefined, expected: number) => expect(actual).toBeCloseTo(expected, 12);

describe('Mantel-Haenszel risk difference as RevMan 5 stores it', () => {
  // A: no events in either arm; B: 2/10 vs 4/10.
  const rows = [
    { id: 'A', events1: 0, n1: 10, events2: 0, n2: 12 },
    { id: 'B', events1: 2, n1: 10, events2: 4, n2: 10 },
  ];
  const analysis = analyzeOutcome(rows, { measure: 'RD', model: 'fixed', method: 'MH', preset: 'revman5' });

  it('pools the raw counts, weights n1 n2 / N, and keeps the double-zero study', () => {
    const wA = (10 * 12) / 22;
    const wB = (10 * 10) / 20;
    close(analysis.summary!.estimate, (0 * wA + (0.2 - 0.4) * wB) / (wA + wB));
    close(analysis.studies[0].weight, (100 * wA) / (wA + wB));
    expect(analysis.k).toBe(2);
  });

  it('takes each variance term from the counts with 0.5 added where a cell is zero', () => {
    // Greenland-Robins: Σ (a b n2³ + c d n1³) / (n1 n2 N²) / (Σ w)², study A corrected to 0.5/11 vs 0.5/13.
    const termA = (0.5 * 10.5 * 13 ** 3 + 0.5 * 12.5 * 11 ** 3) / (11 * 13 * 24 ** 2);
    const termB = (2 * 8 * 10 ** 3 + 4 * 6 * 10 ** 3) / (10 * 10 * 20 ** 2);
    const sumW = (10 * 12) / 22 + (10 * 10) / 20;
    const se = Math.sqrt((termA + termB) / sumW ** 2);
    close(analysis.summary!.ciLower, analysis.summary!.estimate - z975 * se);
  });

  it("keeps the double-zero study in Q: its effect 0 from the raw counts, its variance from the corrected ones", () => {
    const estimate = analysis.fit!.estimate;
    const vA = ((0.5 / 11) * (10.5 / 11)) / 11 + ((0.5 / 13) * (12.5 / 13)) / 13;
    const vB = (0.2 * 0.8) / 10 + (0.4 * 0.6) / 10;
    close(analysis.fit!.Q, (0 - estimate) ** 2 / vA + (-0.2 - estimate) ** 2 / vB);
    expect(analysis.fit!.Qdf).toBe(1);
    close(analysis.studies[0].yi, 0);
    close(analysis.studies[0].vi, vA);
  });

  it("gives one study alone its own row's variance", () => {
    const single = analyzeOutcome([rows[0]], { measure: 'RD', model: 'fixed', method: 'MH', preset: 'revman5' });
    const vA = ((0.5 / 11) * (10.5 / 11)) / 11 + ((0.5 / 13) * (12.5 / 13)) / 13;
    close(single.summary!.estimate, 0);
    close(single.summary!.ciUpper, z975 * Math.sqrt(vA));
  });
});

describe('subgroups as RevMan 5 pools them', () => {
  const rows = [
    { id: 'r1', studyId: 'S1', subgroup: 'low dose', events1: 3, n1: 30, events2: 9, n2: 31 },
    { id: 'r2', studyId: 'S2', subgroup: 'low dose', events1: 12, n1: 100, events2: 20, n2: 98 },
    { id: 'r3', studyId: 'S1', subgroup: 'high dose', events1: 2, n1: 29, events2: 9, n2: 31 },
    { id: 'r4', studyId: 'S3', subgroup: 'high dose', events1: 7, n1: 60, events2: 8, n2: 61 },
  ];
  const settings = { measure: 'RR', model: 'fixed', method: 'MH', preset: 'revman5' } as const;
  const analysis = analyzeOutcome(rows, settings);

  it('pools each subgroup by Mantel-Haenszel, as if it were the whole analysis', () => {
    for (const name of ['low dose', 'high dose']) {
      const alone = analyzeOutcome(rows.filter((r) => r.subgroup === name).map((r) => ({ ...r, subgroup: null })), settings);
      const group = analysis.subgroups!.groups.find((g) => g.name === name)!;
      close(group.fit.estimate, alone.fit!.estimate);
      close(group.fit.Q, alone.fit!.Q);
      expect(group.fit.method).toBe('MH');
    }
  });

  it('tests subgroup differences on the subgroup estimates and their SEs, with I² = (Q - df)/Q', () => {
    const [a, b] = analysis.subgroups!.groups.map((g) => g.fit);
    const w = [1 / a.se ** 2, 1 / b.se ** 2];
    const centre = (w[0] * a.estimate + w[1] * b.estimate) / (w[0] + w[1]);
    const Q = w[0] * (a.estimate - centre) ** 2 + w[1] * (b.estimate - centre) ** 2;
    close(analysis.subgroups!.Qbetween, Q);
    close(analysis.subgroups!.QbetweenI2, Q > 1 ? (100 * (Q - 1)) / Q : 0);
  });

  it('counts studies once, rows as rows', () => {
    expect(analysis.k).toBe(3);
    expect(analysis.rowCount).toBe(4);
    expect(analysis.subgroups!.groups.map((g) => g.studies)).toEqual([2, 2]);
    expect(analysis.participants).toBe(61 + 198 + 121);
  });

  it('flags the study whose control group enters the overall total twice', () => {
    expect(analysis.unitOfAnalysis).toEqual([
      expect.objectContaining({ studyId: 'S1', rowIds: ['r1', 'r3'], totals: ['overall'], kind: 'several-subgroups' }),
    ]);
  });

  it('shows subgroup totals only: no overall, weights within each subgroup, nothing flagged', () => {
    const sub = analyzeOutcome(rows, { ...settings, totals: 'subgroups' });
    expect(sub.fit).toBeNull();
    expect(sub.summary).toBeNull();
    expect(sub.unitOfAnalysis).toEqual([]);
    const low = sub.studies.filter((s) => s.subgroup === 'low dose').reduce((sum, s) => sum + s.weight, 0);
    close(low, 100);
  });

  it('shows no totals at all', () => {
    const none = analyzeOutcome(rows, { ...settings, totals: 'none' });
    expect(none.subgroups).toBeNull();
    expect(none.studies.map((s) => s.weight)).toEqual([0, 0, 0, 0]);
    expect(none.studies).toHaveLength(4);
  });

  it('reports I² of 0 where there is no degree of freedom (RevMan prints "not applicable")', () => {
    const single = analyzeOutcome([rows[0]], settings).fit!;
    expect(single.Qdf).toBe(0);
    expect(single.I2Q).toBe(0);
  });
});

describe('a multi-arm trial sharing its control group (Cochrane Handbook 23.3.4)', () => {
  const rows = [
    { id: 'hi', studyId: 'Smith', events1: 10, n1: 50, events2: 20, n2: 50 },
    { id: 'lo', studyId: 'Smith', events1: 14, n1: 50, events2: 20, n2: 50 },
    { id: 'j', studyId: 'Jones', events1: 8, n1: 40, events2: 12, n2: 40 },
  ];
  const settings = { measure: 'OR', model: 'fixed', preset: 'metafor' } as const;

  it('is flagged, and leave-one-out leaves out all of the study', () => {
    const analysis = analyzeOutcome([...rows, { id: 'k', studyId: 'Kim', events1: 5, n1: 30, events2: 7, n2: 30 }], settings);
    expect(analysis.unitOfAnalysis[0]).toMatchObject({ studyId: 'Smith', kind: 'shared-group', totals: ['overall'] });
    expect(analysis.leaveOneOut!.ids).toEqual(['Smith', 'Jones', 'Kim']);
    const withoutSmith = analyzeOutcome(rows.slice(2).concat({ id: 'k', studyId: 'Kim', events1: 5, n1: 30, events2: 7, n2: 30 }), settings);
    close(analysis.leaveOneOut!.estimate[0], withoutSmith.fit!.estimate);
    expect(analysis.notes).toContain('A study with several rows is left out (leave-one-out) and added (cumulative, sequential analysis) with all of its rows at once, and counted once.');
    expect(analysis.cumulative!.ids).toEqual(['Smith', 'Jones', 'Kim']);
    expect(analysis.participants).toBe(100 + 80 + 60);
  });

  it('is not flagged where nothing is pooled: subgroup totals only, and no row in a subgroup', () => {
    const analysis = analyzeOutcome(rows, { ...settings, totals: 'subgroups' });
    expect(analysis.subgroups).toBeNull();
    expect(analysis.unitOfAnalysis).toEqual([]);
  });

  it('names the group of rows without a subgroup when only subgroup totals are shown', () => {
    const analysis = analyzeOutcome([...rows, { id: 'k', studyId: 'Kim', subgroup: 'adults', events1: 5, n1: 30, events2: 7, n2: 30 }], { ...settings, totals: 'subgroups' });
    expect(analysis.unitOfAnalysis).toEqual([expect.objectContaining({ studyId: 'Smith', totals: ['(no subgroup)'], kind: 'shared-group' })]);
  });

  it('combines the experimental groups into one row, the control counted once', () => {
    const combined = analyzeOutcome(rows, { ...settings, unitOfAnalysis: 'combine-groups' });
    const expected = analyzeOutcome([{ id: 'hi', studyId: 'Smith', events1: 24, n1: 100, events2: 20, n2: 50 }, rows[2]], settings);
    close(combined.fit!.estimate, expected.fit!.estimate);
    expect(combined.rowCount).toBe(2);
    expect(combined.unitOfAnalysis[0].message).toMatch(/combined/);
  });

  it("splits the shared group's participants and events between the comparisons", () => {
    const split = analyzeOutcome(rows, { ...settings, unitOfAnalysis: 'split-shared-group' });
    const expected = analyzeOutcome(
      [
        { ...rows[0], events2: 10, n2: 25 },
        { ...rows[1], events2: 10, n2: 25 },
        rows[2],
      ],
      settings,
    );
    close(split.fit!.estimate, expected.fit!.estimate);
    expect(split.rowCount).toBe(3);
  });

  it('splits a control shared by two dose subgroups between them, for the overall total and each subgroup', () => {
    const doses = [
      { ...rows[0], subgroup: 'high dose' },
      { ...rows[1], subgroup: 'low dose' },
      { ...rows[2], subgroup: 'low dose' },
    ];
    const split = analyzeOutcome(doses, { ...settings, unitOfAnalysis: 'split-shared-group' });
    const expected = analyzeOutcome(
      [
        { ...doses[0], events2: 10, n2: 25 },
        { ...doses[1], events2: 10, n2: 25 },
        doses[2],
      ],
      settings,
    );
    close(split.fit!.estimate, expected.fit!.estimate);
    close(split.subgroups!.groups.find((g) => g.name === 'low dose')!.fit.estimate, expected.subgroups!.groups.find((g) => g.name === 'low dose')!.fit.estimate);
    expect(split.unitOfAnalysis).toEqual([expect.objectContaining({ studyId: 'Smith', kind: 'several-subgroups', message: expect.stringMatching(/divided between the study's rows/) })]);
    const combined = analyzeOutcome(doses, { ...settings, unitOfAnalysis: 'combine-groups' });
    expect(combined.rowCount).toBe(3);
    expect(combined.unitOfAnalysis[0].message).toMatch(/cannot be combined into one/);
  });

  it('combines continuous groups with the Handbook formula for means and SDs', () => {
    const continuous = [
      { id: 'a', studyId: 'T', mean1: 10, sd1: 2, n1: 20, mean2: 12, sd2: 2.5, n2: 20 },
      { id: 'b', studyId: 'T', mean1: 11, sd1: 3, n1: 30, mean2: 12, sd2: 2.5, n2: 20 },
    ];
    const combined = analyzeOutcome(continuous, { measure: 'MD', model: 'fixed', unitOfAnalysis: 'combine-groups' });
    const mean = (20 * 10 + 30 * 11) / 50;
    const sd = Math.sqrt((19 * 4 + 29 * 9 + ((20 * 30) / 50) * 1) / 49);
    close(combined.studies[0].yi, mean - 12);
    close(combined.studies[0].vi, sd ** 2 / 50 + 2.5 ** 2 / 20);
  });
});

describe('ratio measures given as effects', () => {
  it('pools a hazard ratio on the log scale and reports the ratio', () => {
    const analysis = analyzeOutcome(
      [
        { id: 'a', yi: Math.log(0.8), sei: 0.1 },
        { id: 'b', yi: Math.log(0.9), sei: 0.2 },
      ],
      { measure: 'HR', model: 'fixed' },
    );
    const w = [100, 25];
    close(analysis.summary!.estimate, Math.exp((w[0] * Math.log(0.8) + w[1] * Math.log(0.9)) / 125));
    expect(analysis.scale).toBe('log');
  });
});
