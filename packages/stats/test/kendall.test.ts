// Kendall's τ in O(k log k) (Knight 1966) against the pairwise O(k²) definition it replaced, on random data with and without ties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { beggTest } from '../src/index.js';
import { kendall, type KendallResult } from '../src/small-study/kendall.js';

/** The reference: S over every pair, ties counted by value (the O(k²) version used before Knight's algorithm). */
function kendallPairwise(x: number[], y: number[]): KendallResult {
  const n = x.length;
  let S = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) S += Math.sign(x[i] - x[j]) * Math.sign(y[i] - y[j]);
  }
  const groups = (values: number[]) => {
    const counts = new Map<number, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts.values()].filter((c) => c > 1);
  };
  const tx = groups(x);
  const ty = groups(y);
  const T0 = (n * (n - 1)) / 2;
  const T1 = tx.reduce((s, t) => s + (t * (t - 1)) / 2, 0);
  const T2 = ty.reduce((s, t) => s + (t * (t - 1)) / 2, 0);
  const v0 = n * (n - 1) * (2 * n + 5);
  const vt = tx.reduce((s, t) => s + t * (t - 1) * (2 * t + 5), 0);
  const vu = ty.reduce((s, t) => s + t * (t - 1) * (2 * t + 5), 0);
  const v1 = tx.reduce((s, t) => s + t * (t - 1), 0) * ty.reduce((s, t) => s + t * (t - 1), 0);
  const v2 = tx.reduce((s, t) => s + t * (t - 1) * (t - 2), 0) * ty.reduce((s, t) => s + t * (t - 1) * (t - 2), 0);
  const varS = (v0 - vt - vu) / 18 + v1 / (2 * n * (n - 1)) + (n > 2 ? v2 / (9 * n * (n - 1) * (n - 2)) : 0);
  const denominator = Math.sqrt((T0 - T1) * (T0 - T2));
  return { tau: denominator > 0 ? S / denominator : 0, S, varS, ties: tx.length > 0 || ty.length > 0 };
}

const untied = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 120 });
// Few distinct values, so that ties in x, in y and in both are common.
const tied = fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 2, maxLength: 120 });

describe("Kendall's τ by Knight's algorithm", () => {
  it('equals the pairwise version to the last bit on continuous data', () => {
    fc.assert(
      fc.property(untied, fc.integer(), (x, seed) => {
        const y = x.map((v, i) => Math.sin(v * 7.3 + i + seed));
        expect(kendall(x, y)).toStrictEqual(kendallPairwise(x, y));
      }),
      { numRuns: 300 },
    );
  });

  it('equals the pairwise version to the last bit with ties in x, y and both', () => {
    fc.assert(
      fc.property(tied.chain((x) => fc.tuple(fc.constant(x), fc.array(fc.integer({ min: -3, max: 3 }), { minLength: x.length, maxLength: x.length }))), ([x, y]) => {
        const result = kendall(x, y);
        expect(result).toStrictEqual(kendallPairwise(x, y));
        expect(Object.is(result.tau, kendallPairwise(x, y).tau)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('equals the pairwise version at k = 2,000 with ties, and with all x tied', () => {
    const x = Array.from({ length: 2000 }, (_, i) => Math.round(100 * Math.sin(i * 1.7)));
    const y = Array.from({ length: 2000 }, (_, i) => Math.round(50 * Math.cos(i * 0.37)) / 7);
    expect(kendall(x, y)).toStrictEqual(kendallPairwise(x, y));
    const flat = x.map(() => 1);
    expect(kendall(flat, y)).toStrictEqual(kendallPairwise(flat, y));
    expect(kendall(flat, y).tau).toBe(0);
  });

  it("keeps Begg's choice of P value: exact below 50 untied studies, normal otherwise", () => {
    const studies = (k: number, tiedVariance: boolean) =>
      Array.from({ length: k }, (_, i) => ({ id: `S${i}`, yi: Math.sin(i * 2.1) * 0.5, vi: tiedVariance ? 0.05 + 0.01 * (i % 5) : 0.05 + 0.001 * i }));
    expect(beggTest(studies(20, false)).pvalExact).toBe(true);
    expect(beggTest(studies(20, true)).pvalExact).toBe(false);
    expect(beggTest(studies(60, false)).pvalExact).toBe(false);
  });
});
