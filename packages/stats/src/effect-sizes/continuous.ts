import gammaln from '@stdlib/math-base-special-gammaln';
import { StatsInputError } from '../errors.js';
import type { ContinuousStudy, Preset } from '../types.js';

export function validateContinuousStudy(study: ContinuousStudy): void {
  const where = `in study '${study.id}'`;
  for (const field of ['mean1', 'sd1', 'n1', 'mean2', 'sd2', 'n2'] as const) {
    const value = study[field];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new StatsInputError(`${field} must be a number ${where}`, study.id, field);
  }
  for (const [sd, arm] of [['sd1', 1], ['sd2', 2]] as const) {
    if (study[sd] <= 0) throw new StatsInputError(`${sd} (${study[sd]}) must be greater than 0 ${where}, arm ${arm}`, study.id, sd);
  }
  for (const [n, arm] of [['n1', 1], ['n2', 2]] as const) {
    if (!Number.isInteger(study[n]) || study[n] < 1) {
      throw new StatsInputError(`${n} (${study[n]}) must be a whole number of at least 1 ${where}, arm ${arm}`, study.id, n);
    }
  }
}

// Mean difference with variance sd1²/n1 + sd2²/n2 (Cochrane Handbook 6.5.1.1).
export function meanDifference(s: ContinuousStudy): { yi: number; vi: number } {
  return { yi: s.mean1 - s.mean2, vi: (s.sd1 * s.sd1) / s.n1 + (s.sd2 * s.sd2) / s.n2 };
}

/** Hedges' exact small-sample correction J(m) = Γ(m/2) / (√(m/2) Γ((m-1)/2)) (Hedges 1981). */
export function hedgesCorrection(m: number): number {
  return Math.exp(gammaln(m / 2) - 0.5 * Math.log(m / 2) - gammaln((m - 1) / 2));
}

// Standardised mean difference, Hedges' g. metafor: exact J, variance 1/n1 + 1/n2 + g²/(2N) (vtype LS);
// RevMan 5: J ≈ 1 - 3/(4N - 9), variance N/(n1 n2) + g²/(2(N - 3.94)) (RevMan 5 statistical methods).
export function standardisedMeanDifference(s: ContinuousStudy, preset: Preset): { yi: number; vi: number } {
  const N = s.n1 + s.n2;
  const m = N - 2;
  if (m < 2) {
    throw new StatsInputError(
      `the standardised mean difference needs at least 4 participants in all (n1 + n2 = ${N}) in study '${s.id}'`,
      s.id,
      'n1',
    );
  }
  const sdPooled = Math.sqrt(((s.n1 - 1) * s.sd1 * s.sd1 + (s.n2 - 1) * s.sd2 * s.sd2) / m);
  const d = (s.mean1 - s.mean2) / sdPooled;
  if (preset === 'revman5') {
    const g = (1 - 3 / (4 * N - 9)) * d;
    return { yi: g, vi: N / (s.n1 * s.n2) + (g * g) / (2 * (N - 3.94)) };
  }
  const g = hedgesCorrection(m) * d;
  return { yi: g, vi: 1 / s.n1 + 1 / s.n2 + (g * g) / (2 * N) };
}
