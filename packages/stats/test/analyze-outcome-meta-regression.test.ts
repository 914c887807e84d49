// analyzeOutcome runs the outcome's meta-regression with the outcome's own τ² estimator and CI method, and reports a
// moderator the data cannot support in place of the result instead of failing the analysis.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeOutcome, type GenericStudy } from '../src/index.js';

interface Fixture {
  studies: { id: string; yi: number; sei: number; moderators: Record<string, number> }[];
  checks: { options: { model: string; tau2?: string; ci: string }; expected: { estimate: number[]; se: number[]; QM: number; QE: number; tau2: number; R2?: number } }[];
}
const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/metareg/bcg-metareg-ablat.json'), 'utf8')) as Fixture;
const rows: GenericStudy[] = fixture.studies.map((s) => ({ id: s.id, yi: s.yi, sei: s.sei, moderators: s.moderators }));

describe('analyzeOutcome with moderators', () => {
  it('BCG on absolute latitude (REML, HKSJ) is metafor rma(yi, vi, mods = ~ ablat, test = "knha")', () => {
    const reference = fixture.checks.find((c) => c.options.tau2 === 'REML' && c.options.ci === 'hksj')!.expected;
    const analysis = analyzeOutcome(rows, { measure: 'GENERIC', model: 'random', tau2Estimator: 'REML', ciMethod: 'hksj', metaRegression: { moderators: ['ablat'] } });
    const result = analysis.metaRegression!.result!;
    expect(result.coefficients.map((c) => c.estimate)).toEqual(reference.estimate.map((x) => expect.closeTo(x, 6)));
    expect(result.coefficients.map((c) => c.se)).toEqual(reference.se.map((x) => expect.closeTo(x, 6)));
    expect(result.QM).toBeCloseTo(reference.QM, 6);
    expect(result.tau2).toBeCloseTo(reference.tau2, 6);
    expect(result.fittedLine?.moderator).toBe('ablat');
    // Bubble sizes: weights 1 / (vi + τ²) in percent.
    const points = analysis.metaRegression!.points;
    expect(points.reduce((sum, p) => sum + p.weight, 0)).toBeCloseTo(100, 9);
    expect(points[0]).toMatchObject({ id: '1', values: [44], weight: expect.closeTo((100 / (0.5706003548929512 ** 2 + reference.tau2)) / points.reduce((s, p) => s + 1 / (p.vi + reference.tau2), 0), 9) });
  });

  it('a moderator missing in one study leaves the analysis whole and says what to fix', () => {
    const gap = rows.map((row, i) => (i === 2 ? { ...row, moderators: {} } : row));
    const analysis = analyzeOutcome(gap, { measure: 'GENERIC', model: 'random', metaRegression: { moderators: ['ablat'] } });
    expect(analysis.summary?.estimate).toBeCloseTo(-0.7145, 4);
    expect(analysis.metaRegression).toMatchObject({ result: null, error: "moderator 'ablat' is missing for study '3'", errorRowId: '3', points: [] });
  });

  it('without moderators there is no meta-regression', () => {
    expect(analyzeOutcome(rows, { measure: 'GENERIC', model: 'random' }).metaRegression).toBeUndefined();
  });
});
