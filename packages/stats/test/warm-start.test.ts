// Leave-one-out and cumulative refits start their iterative τ² estimators from a neighbouring fit's τ²: the same
// root as metafor's cold start from the Hedges estimate, so every number within 1e-10 (absolute 1e-12 near zero).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseFile } from '../src/conformance/case-file.js';
import { computeEffects } from '../src/effect-sizes/index.js';
import { cumulative, leaveOneOut } from '../src/sensitivity.js';
import { tau2Estimators } from '../src/tau2/index.js';
import { fitAtTau2, interceptDesign } from '../src/numeric/weighted-regression.js';
import { interceptGainBoundFromFits, interceptLogLikelihoods, likelierAtZero, logLikelihood } from '../src/tau2/log-likelihood.js';
import type { EffectSize, SequenceOfFits, Tau2Estimator } from '../src/types.js';

const fixtures = join(import.meta.dirname, 'fixtures', 'metafor');
const cases = readdirSync(fixtures)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as CaseFile);
const iterative: Tau2Estimator[] = ['REML', 'ML', 'EB', 'PM'];

function effectsOf(caseFile: CaseFile): EffectSize[] | null {
  try {
    const preset = caseFile.conventions?.preset === 'revman5' ? 'revman5' : 'metafor';
    return computeEffects(caseFile.studies, caseFile.measure ?? 'GENERIC', { preset }).effects;
  } catch {
    return null;
  }
}

/**
 * τ² within 1e-10 (absolute 1e-12 near zero). Both starts stop once a step is below 1e-13 (absolute for τ² < 1), so a
 * small τ² is known to about 1e-13 absolute either way; the numbers that follow from it get 1e-9 (I², in percent and
 * steep near zero, 1e-8 absolute).
 */
function tolerance(key: string, size: number): number {
  if (key === 'tau2') return Math.max(1e-12, 1e-10 * size);
  if (key === 'I2') return Math.max(1e-8, 1e-9 * size);
  return Math.max(1e-12, 1e-9 * size);
}

/** Element-wise differences beyond 1e-10 relative (1e-12 absolute near zero) between two sequences of fits. */
function differences(warm: SequenceOfFits, cold: SequenceOfFits): string[] {
  const out: string[] = [];
  for (const key of ['estimate', 'se', 'ciLower', 'ciUpper', 'pval', 'Q', 'I2', 'tau2'] as const) {
    warm[key].forEach((a, i) => {
      const b = cold[key][i];
      if (a === null || b === null) {
        if (a !== b) out.push(`${key}[${i}]: warm ${a}, cold ${b}`);
        return;
      }
      if (!(Math.abs(a - b) <= tolerance(key, Math.max(Math.abs(a), Math.abs(b))))) out.push(`${key}[${i}]: warm ${a}, cold ${b}`);
    });
  }
  return out;
}

/** Studies with a wide spread of precision and some heterogeneity, deterministic. */
function synthetic(k: number, seed: number, spread: number): EffectSize[] {
  let state = seed >>> 0;
  const uniform = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  return Array.from({ length: k }, (_, i) => {
    const vi = 0.005 + 0.5 * uniform() ** 2;
    return { id: `S${i + 1}`, yi: spread * (uniform() - 0.5) + Math.sqrt(vi) * (uniform() - 0.5), vi };
  });
}

/**
 * Log odds ratios of k binary trials as the API's living-path benchmark makes them (arms of 40 to 440, control risk 5% to
 * 35%), the treatment's risk ratio spread by `spread` around 0.85: τ² at 0 (spread 0), near 0 (0.5, where many refits end
 * against the boundary and others inside it) or large (3).
 */
function livingReviewTrials(k: number, spread: number, seed = 20261202): EffectSize[] {
  let state = seed;
  const random = () => (state = (state * 16807) % 2147483647) / 2147483647;
  const studies = Array.from({ length: k }, (_, i) => {
    const n1 = 40 + Math.floor(random() * 400);
    const n2 = 40 + Math.floor(random() * 400);
    const risk = 0.05 + random() * 0.3;
    const ratio = Math.max(0.05, 0.85 + spread * (random() - 0.5));
    return { id: `T${i + 1}`, events1: Math.min(n1, Math.round(n1 * risk * ratio)), n1, events2: Math.round(n2 * risk), n2 };
  });
  return computeEffects(studies, 'OR').effects;
}

const generated = [
  ...[0, 0.3, 3].map((spread, i) => ({ name: `synthetic spread ${spread}`, effects: synthetic(60, 17 + i, spread) })),
  ...[0, 0.5, 3].map((spread) => ({ name: `200 binary trials, spread ${spread}`, effects: livingReviewTrials(200, spread) })),
];

describe('warm-started refits', () => {
  const datasets = [...cases.map((c) => ({ name: c.id, effects: effectsOf(c) })), ...generated].filter(
    (d): d is { name: string; effects: EffectSize[] } => d.effects !== null && d.effects.length >= 2,
  );

  it('covers every metafor reference case', () => expect(datasets.length).toBe(cases.length + generated.length));

  it('has generated data whose refits end at τ² = 0, near it and far from it', () => {
    const options = { model: 'random' as const, tau2Estimator: 'REML' as const, ciMethod: 'z' as const };
    const tau2 = generated.flatMap(({ effects }) => [leaveOneOut, cumulative].flatMap((run) => run(effects, options, 'cold').tau2 as number[]));
    // Refits that a start above zero reaches only by halving steps at the boundary, and refits just inside it.
    expect(tau2.filter((t) => t === 0).length).toBeGreaterThan(100);
    expect(tau2.filter((t) => t > 0 && t < 0.01).length).toBeGreaterThan(100);
    expect(tau2.filter((t) => t > 0.5).length).toBeGreaterThan(100);
    const near = livingReviewTrials(200, 0.5);
    const full = tau2Estimators.REML({ design: interceptDesign(near.length), yi: Float64Array.from(near, (e) => e.yi), vi: Float64Array.from(near, (e) => e.vi) });
    expect(full).toBeGreaterThan(0);
    expect(leaveOneOut(near, options, 'cold').tau2.filter((t) => t === 0).length).toBeGreaterThan(0);
  });

  for (const { name, effects } of datasets) {
    it(`${name}: warm and cold leave-one-out and cumulative agree for ${iterative.join(', ')}`, () => {
      for (const tau2Estimator of iterative) {
        for (const ciMethod of ['z', 'hksj'] as const) {
          const options = { model: 'random' as const, tau2Estimator, ciMethod };
          for (const run of [leaveOneOut, cumulative]) {
            let cold: SequenceOfFits | Error;
            try {
              cold = run(effects, options, 'cold');
            } catch (error) {
              cold = error as Error;
            }
            if (cold instanceof Error) {
              expect(() => run(effects, options, 'warm')).toThrow(cold.message);
              continue;
            }
            const lines = differences(run(effects, options, 'warm'), cold).map((l) => `${tau2Estimator} ${ciMethod} ${run.name} ${l}`);
            expect(lines, lines.join('\n')).toEqual([]);
          }
        }
      }
    });
  }

  it('finds the same τ² from any start, including where Fisher scoring falls back to Brent', () => {
    for (const { effects } of datasets) {
      const yi = Float64Array.from(effects, (e) => e.yi);
      const vi = Float64Array.from(effects, (e) => e.vi);
      const design = interceptDesign(effects.length);
      for (const tau2Estimator of iterative) {
        const cold = tau2Estimators[tau2Estimator]({ design, yi, vi });
        for (const start of [0, 1e-8, cold / 3, cold, 3 * cold + 0.01, 100]) {
          const warm = tau2Estimators[tau2Estimator]({ design, yi, vi, start });
          expect(Math.abs(warm - cold), `${tau2Estimator} from ${start}: ${warm} vs ${cold}`).toBeLessThanOrEqual(Math.max(1e-12, 1e-10 * cold));
        }
      }
    }
  });

  it('decides the ll0 check as the exact log-likelihoods do, on both sides of its tolerance', () => {
    let zeroWins = 0;
    let tau2Wins = 0;
    for (const { effects } of datasets) {
      const input = { design: interceptDesign(effects.length), yi: Float64Array.from(effects, (e) => e.yi), vi: Float64Array.from(effects, (e) => e.vi) };
      for (const kind of ['ML', 'REML'] as const) {
        for (const tau2 of [1e-9, 1e-5, 1e-3, 0.01, 0.05, 0.2, 1, 5, 50]) {
          const exact = logLikelihood(input, 0, kind) - logLikelihood(input, tau2, kind) > Number.EPSILON ** 0.25;
          expect(likelierAtZero(input, tau2, kind), `${kind} at ${tau2}`).toBe(exact);
          if (exact) zeroWins++;
          else tau2Wins++;
        }
      }
    }
    expect(zeroWins).toBeGreaterThan(50);
    expect(tau2Wins).toBeGreaterThan(50);
  });

  it('bounds ll(0) - ll(τ²) from the fits at 0 and τ² (refits decide the ll0 check without a pass), and decides as the exact check', () => {
    let decidedByBound = 0;
    let checked = 0;
    for (const { effects } of datasets) {
      const design = interceptDesign(effects.length);
      const yi = Float64Array.from(effects, (e) => e.yi);
      const vi = Float64Array.from(effects, (e) => e.vi);
      const maxW0 = Math.max(...Array.from(vi, (v) => 1 / v));
      const fixed = fitAtTau2(design, yi, vi, 0);
      for (const kind of ['ML', 'REML'] as const) {
        for (const tau2 of [1e-9, 1e-5, 1e-3, 0.003, 0.01, 0.05, 0.2, 1, 5, 50]) {
          const bound = (t: number, k: 'ML' | 'REML') => interceptGainBoundFromFits(effects.length, fixed, fitAtTau2(design, yi, vi, t), t, maxW0, k);
          const gain = logLikelihood({ design, yi, vi }, 0, kind) - logLikelihood({ design, yi, vi }, tau2, kind);
          expect(bound(tau2, kind), `${kind} at ${tau2}`).toBeGreaterThanOrEqual(gain);
          const exact = gain > Number.EPSILON ** 0.25;
          expect(likelierAtZero({ design, yi, vi, interceptGainBound: bound }, tau2, kind), `${kind} at ${tau2}`).toBe(exact);
          if (bound(tau2, kind) < Number.EPSILON ** 0.25) decidedByBound++;
          checked++;
        }
      }
    }
    expect(decidedByBound).toBeGreaterThan(checked / 4);
  });

  it('computes the likelihood check of an intercept-only model to the bit in its fused two passes', () => {
    for (const { effects } of datasets) {
      const input = { design: interceptDesign(effects.length), yi: Float64Array.from(effects, (e) => e.yi), vi: Float64Array.from(effects, (e) => e.vi) };
      for (const kind of ['ML', 'REML'] as const) {
        for (const tau2 of [0.001, 0.1, 2]) {
          expect(interceptLogLikelihoods(input, tau2, kind)).toEqual([logLikelihood(input, 0, kind), logLikelihood(input, tau2, kind)]);
        }
      }
    }
  });
});
