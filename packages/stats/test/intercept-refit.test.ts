// Leave-one-out and cumulative refits (pool/intercept-refit.ts: sums expanded about a nearby τ², or one fused pass) give
// the numbers poolVectors gives on the same rows, to 1e-12 relative, for every τ² estimator, CI method and model.
import { describe, expect, it } from 'vitest';
import { poolVectors } from '../src/pool/inverse-variance.js';
import { prepareRefits, refitSubset, type RefitSummary } from '../src/pool/intercept-refit.js';
import { interceptDesign } from '../src/numeric/weighted-regression.js';
import { cumulative, leaveOneOut } from '../src/sensitivity.js';
import { hedges } from '../src/tau2/hedges.js';
import { tau2Estimators } from '../src/tau2/index.js';
import type { CiMethod, EffectSize, Fit, Tau2Estimator } from '../src/types.js';

const estimators: Tau2Estimator[] = ['REML', 'ML', 'EB', 'PM', 'DL', 'HE', 'SJ'];
const ciMethods: CiMethod[] = ['z', 'hksj'];
const keys = ['estimate', 'se', 'ciLower', 'ciUpper', 'pval', 'Q', 'I2', 'tau2'] as const;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** k rows, `spread` the between-study spread of the effects; `rowsPerStudy` rows share a study id. */
function synthetic(k: number, seed: number, spread: number, rowsPerStudy = 1): EffectSize[] {
  const uniform = lcg(seed);
  return Array.from({ length: k }, (_, i) => {
    const vi = 0.005 + 0.5 * uniform() ** 2;
    return { id: `R${i + 1}`, studyId: `S${Math.floor(i / rowsPerStudy) + 1}`, yi: -0.3 + spread * (uniform() - 0.5) + Math.sqrt(vi) * (uniform() - 0.5), vi };
  });
}

const datasets: { name: string; effects: EffectSize[] }[] = [
  { name: 'k = 40, heterogeneous', effects: synthetic(40, 11, 1) },
  { name: 'k = 150, heterogeneous', effects: synthetic(150, 12, 0.6) },
  { name: 'k = 2', effects: synthetic(2, 13, 1) },
  { name: 'k = 3', effects: synthetic(3, 14, 1) },
  { name: 'τ² = 0 boundary (homogeneous)', effects: synthetic(25, 15, 0) },
  { name: 'a study with a huge variance', effects: synthetic(30, 16, 0.8).map((e, i) => (i === 7 ? { ...e, vi: 1e6, yi: 4 } : e)) },
  { name: 'a study with a tiny variance (a weight 1,000 times the others)', effects: synthetic(30, 17, 0.8).map((e, i) => (i === 3 ? { ...e, vi: 1e-4 } : e)) },
  { name: 'three rows per study', effects: synthetic(45, 18, 0.8, 3) },
  { name: 'effects far from zero, equal effects in pairs', effects: synthetic(20, 19, 0.5).map((e, i) => ({ ...e, yi: 100 + (i >> 1) * 0.01 })) },
];

/** Studies' row ranges in the order of the rows (rows of a study are together in these data sets). */
function studyRanges(effects: EffectSize[]): [number, number][] {
  const ranges: [number, number][] = [];
  effects.forEach((e, i) => {
    if (i > 0 && effects[i - 1].studyId === e.studyId) ranges[ranges.length - 1][1] = i + 1;
    else ranges.push([i, i + 1]);
  });
  return ranges;
}

/**
 * Whether two numbers of a fit agree: to 1e-12 relative, times the condition number Σw/tr(P) of tr(P) = Σw - Σw²/Σw at
 * τ² = 0 (about 1, but 1e5 when one study's weight dwarfs the rest: then any summation order, poolVectors' too, leaves
 * digits behind). Numbers near zero are held to 1e-12 of their natural scale: the SE for the estimate and CI bounds, 1 for
 * Q, the mean within-study variance for τ² (100% for I²); a P value's relative error is z² times that of z.
 */
function agree(key: (typeof keys)[number], a: number, b: number, expected: Fit, vi: Float64Array, conditioning: number): boolean {
  if (a === b) return true;
  const meanVariance = vi.reduce((sum, v) => sum + v, 0) / vi.length;
  const scale = { estimate: expected.se, ciLower: expected.se, ciUpper: expected.se, se: 0, pval: 0, Q: 1, tau2: meanVariance, I2: 100 }[key];
  const relative = key === 'pval' ? Math.max(1, expected.stat ** 2) : 1;
  return Math.abs(a - b) <= 1e-12 * conditioning * relative * Math.max(Math.abs(a), Math.abs(b), scale);
}

/** Σw/tr(P) at τ² = 0. */
function conditioningOf(vi: Float64Array): number {
  let sumW = 0;
  let sumW2 = 0;
  for (const v of vi) {
    sumW += 1 / v;
    sumW2 += 1 / (v * v);
  }
  return Math.max(1, sumW / (sumW - sumW2 / sumW));
}

describe('intercept-only refits', () => {
  for (const { name, effects } of datasets) {
    it(`${name}: every leave-one-out and cumulative subset equals poolVectors to 1e-12`, () => {
      const yi = Float64Array.from(effects, (e) => e.yi);
      const vi = Float64Array.from(effects, (e) => e.vi);
      const ranges = studyRanges(effects);
      const n = yi.length;
      const conditioning = conditioningOf(vi);
      const failures: string[] = [];
      let compared = 0;
      for (const model of ['fixed', 'random'] as const) {
        for (const tau2Estimator of model === 'fixed' ? (['REML'] as const) : estimators) {
          const input = { design: interceptDesign(n), yi, vi };
          const full = n > 1 ? tau2Estimators[tau2Estimator](input) : 0;
          const near = model === 'random' && n > 1 ? [full, hedges(input)] : [];
          for (const ciMethod of ciMethods) {
            for (const leaveOut of [true, false]) {
              const data = prepareRefits(yi, vi, near, leaveOut);
              const subsets = leaveOut ? ranges.map(([a, b]) => [a, b]) : ranges.map(([, end]) => [end, n]);
              for (const [a, b] of subsets) {
                const k = a + n - b;
                if (k === 0 || (ciMethod === 'hksj' && model === 'random' && k < 2)) continue;
                const subsetYi = Float64Array.from([...yi.subarray(0, a), ...yi.subarray(b)]);
                const subsetVi = Float64Array.from([...vi.subarray(0, a), ...vi.subarray(b)]);
                // Warm starts as leave-one-out and cumulative analyses use them: the same start for both.
                const tau2Start = model === 'random' && a > 0 ? full : undefined;
                const expected = poolVectors(subsetYi, subsetVi, { model, tau2Estimator, ciMethod, withTau2Intervals: false, withWeights: false, tau2Start });
                const actual: RefitSummary = refitSubset(data, a, b, { model, tau2Estimator, ciMethod, tau2Start });
                for (const key of keys) {
                  compared++;
                  if (!agree(key, actual[key], expected[key], expected, subsetVi, conditioning)) failures.push(`${model} ${tau2Estimator} ${ciMethod} rows [0, ${a}) ∪ [${b}, ${n}) ${key}: ${actual[key]} vs ${expected[key]}`);
                }
              }
            }
          }
        }
      }
      expect(failures, failures.join('\n')).toEqual([]);
      expect(compared).toBeGreaterThan(0);
    }, 60_000);
  }

  it('leaveOneOut and cumulative give poolVectors numbers study by study, a study with several rows left out and added at once', () => {
    const effects = synthetic(45, 21, 0.8, 3);
    const yi = Float64Array.from(effects, (e) => e.yi);
    const vi = Float64Array.from(effects, (e) => e.vi);
    for (const tau2Estimator of estimators) {
      const options = { model: 'random' as const, tau2Estimator, ciMethod: 'hksj' as const };
      const loo = leaveOneOut(effects, options, 'cold');
      const cumul = cumulative(effects, options, 'cold');
      expect(loo.ids).toHaveLength(15);
      for (let s = 0; s < 15; s++) {
        const leftVi = Float64Array.from([...vi.subarray(0, 3 * s), ...vi.subarray(3 * s + 3)]);
        const left = poolVectors(Float64Array.from([...yi.subarray(0, 3 * s), ...yi.subarray(3 * s + 3)]), leftVi, { ...options, withTau2Intervals: false });
        const upTo = poolVectors(yi.subarray(0, 3 * s + 3), vi.subarray(0, 3 * s + 3), { ...options, withTau2Intervals: false });
        for (const key of keys) {
          expect(agree(key, loo[key][s]!, left[key], left, leftVi, 1), `${tau2Estimator} leave-one-out ${s} ${key}: ${loo[key][s]} vs ${left[key]}`).toBe(true);
          expect(agree(key, cumul[key][s]!, upTo[key], upTo, vi.subarray(0, 3 * s + 3), 1), `${tau2Estimator} cumulative ${s} ${key}: ${cumul[key][s]} vs ${upTo[key]}`).toBe(true);
        }
      }
    }
  });

  it('gives the same numbers at k = 2,000, where the sums are expanded about the full data τ²', () => {
    const effects = synthetic(2000, 22, 0.6);
    const options = { model: 'random' as const, tau2Estimator: 'REML' as const, ciMethod: 'z' as const };
    const fits = leaveOneOut(effects, options);
    const yi = Float64Array.from(effects, (e) => e.yi);
    const vi = Float64Array.from(effects, (e) => e.vi);
    // Warm-started from the full data's τ², as leaveOneOut is: the stopping rule leaves τ² known to about 1e-13 only.
    const tau2Start = tau2Estimators.REML({ design: interceptDesign(yi.length), yi, vi });
    for (const s of [0, 999, 1999]) {
      const subsetVi = Float64Array.from([...vi.subarray(0, s), ...vi.subarray(s + 1)]);
      const expected = poolVectors(Float64Array.from([...yi.subarray(0, s), ...yi.subarray(s + 1)]), subsetVi, { ...options, withTau2Intervals: false, tau2Start });
      for (const key of keys) expect(agree(key, fits[key][s]!, expected[key], expected, subsetVi, 1), `${s} ${key}: ${fits[key][s]} vs ${expected[key]}`).toBe(true);
    }
  });
});
