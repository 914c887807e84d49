// Properties every meta-analysis must have, checked on random valid data (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeOutcome, computeEffects, fitModel, poolInverseVariance } from '../src/index.js';
import type { BinaryStudy, ContinuousStudy, Tau2Estimator } from '../src/index.js';

const binaryStudy = fc
  .record({ n1: fc.integer({ min: 1, max: 400 }), n2: fc.integer({ min: 1, max: 400 }), p1: fc.double({ min: 0, max: 1, noNaN: true }), p2: fc.double({ min: 0, max: 1, noNaN: true }) })
  .map(({ n1, n2, p1, p2 }) => ({ events1: Math.round(p1 * n1), n1, events2: Math.round(p2 * n2), n2 }));
const binaryStudies = fc.array(binaryStudy, { minLength: 2, maxLength: 15 }).map((rows) => rows.map((r, i): BinaryStudy => ({ id: `S${i + 1}`, ...r })));

const continuousStudy = fc.record({
  mean1: fc.double({ min: -50, max: 50, noNaN: true }),
  sd1: fc.double({ min: 0.1, max: 30, noNaN: true }),
  n1: fc.integer({ min: 2, max: 300 }),
  mean2: fc.double({ min: -50, max: 50, noNaN: true }),
  sd2: fc.double({ min: 0.1, max: 30, noNaN: true }),
  n2: fc.integer({ min: 2, max: 300 }),
});
const continuousStudies = fc.array(continuousStudy, { minLength: 2, maxLength: 15 }).map((rows) => rows.map((r, i): ContinuousStudy => ({ id: `S${i + 1}`, ...r })));

const estimators: Tau2Estimator[] = ['DL', 'REML', 'PM', 'SJ', 'HE', 'ML', 'EB'];
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-7 * Math.max(1, Math.abs(a), Math.abs(b));

function everyNumberFinite(value: unknown, path = 'analysis'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  if (Array.isArray(value)) return value.flatMap((v, i) => everyNumberFinite(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => everyNumberFinite(v, `${path}.${k}`));
  return [];
}

describe('properties', () => {
  it('results do not depend on study order', () => {
    fc.assert(
      fc.property(binaryStudies, fc.constantFrom(...estimators), fc.constantFrom('OR', 'RR', 'RD' as const), (studies, tau2Estimator, measure) => {
        const reversed = [...studies].reverse();
        const attempt = (rows: BinaryStudy[], options: Parameters<typeof fitModel>[2]) => {
          try {
            return fitModel(rows, measure, options);
          } catch (error) {
            return String(error);
          }
        };
        for (const options of [{ model: 'random' as const, tau2Estimator }, { model: 'fixed' as const, method: 'MH' as const }]) {
          const a = attempt(studies, options);
          const b = attempt(reversed, options);
          if (typeof a === 'string' || typeof b === 'string') {
            expect(a).toEqual(b);
            continue;
          }
          expect(close(a.estimate, b.estimate) && close(a.se, b.se) && close(a.tau2, b.tau2) && close(a.Q, b.Q)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('swapping the arms negates the effect', () => {
    fc.assert(
      fc.property(binaryStudies, fc.constantFrom('OR', 'RR', 'RD' as const), fc.constantFrom(...estimators), (studies, measure, tau2Estimator) => {
        const swapped = studies.map((s) => ({ id: s.id, events1: s.events2, n1: s.n2, events2: s.events1, n2: s.n1 }));
        const a = fitModel(studies, measure, { model: 'random', tau2Estimator });
        const b = fitModel(swapped, measure, { model: 'random', tau2Estimator });
        expect(close(a.estimate, -b.estimate)).toBe(true);
        expect(close(a.tau2, b.tau2)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('scaling continuous data scales the mean difference (and τ² by the square)', () => {
    fc.assert(
      fc.property(continuousStudies, fc.double({ min: 0.01, max: 100, noNaN: true }), fc.constantFrom(...estimators), (studies, c, tau2Estimator) => {
        const scaled = studies.map((s) => ({ ...s, mean1: s.mean1 * c, sd1: s.sd1 * c, mean2: s.mean2 * c, sd2: s.sd2 * c }));
        const a = fitModel(studies, 'MD', { model: 'random', tau2Estimator });
        const b = fitModel(scaled, 'MD', { model: 'random', tau2Estimator });
        expect(Math.abs(b.estimate - c * a.estimate)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(c * a.estimate)));
        expect(Math.abs(b.tau2 - c * c * a.tau2)).toBeLessThanOrEqual(1e-6 * Math.max(1, c * c * a.tau2));
      }),
      { numRuns: 150 },
    );
  });

  it('the fixed-effect SE never exceeds the random-effects SE', () => {
    fc.assert(
      fc.property(binaryStudies, fc.constantFrom(...estimators), (studies, tau2Estimator) => {
        const { effects } = computeEffects(studies, 'OR');
        const fixed = poolInverseVariance(effects, { model: 'fixed' });
        const random = poolInverseVariance(effects, { model: 'random', tau2Estimator });
        expect(random.tau2).toBeGreaterThanOrEqual(0);
        expect(fixed.se).toBeLessThanOrEqual(random.se * (1 + 1e-12));
      }),
      { numRuns: 200 },
    );
  });

  it('gives no NaN or Infinity for any valid input', () => {
    fc.assert(
      fc.property(
        binaryStudies,
        fc.constantFrom('OR', 'RR', 'RD' as const),
        fc.constantFrom('fixed', 'random', 'rule' as const),
        fc.constantFrom('IV', 'MH' as const),
        fc.constantFrom(...estimators),
        fc.constantFrom('z', 'hksj' as const),
        fc.constantFrom('metafor', 'revman5' as const),
        (studies, measure, model, method, tau2Estimator, ciMethod, preset) => {
          const withYears = studies.map((s, i) => ({ ...s, year: 2000 + (i % 5), subgroup: i % 2 ? 'a' : 'b' }));
          let analysis;
          try {
            analysis = analyzeOutcome(withYears, { measure, model, method, tau2Estimator, ciMethod, preset });
          } catch (error) {
            // The one refusal allowed: Mantel-Haenszel with no estimable table at all.
            expect(String(error)).toMatch(/cannot be estimated|no studies with events/);
            return;
          }
          expect(everyNumberFinite(analysis)).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
