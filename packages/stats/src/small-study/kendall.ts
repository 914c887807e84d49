import { normalUpperTail } from '../numeric/distributions.js';

/** Average ranks (ties share their mean rank). */
function tieGroups(values: number[]): number[] {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.values()].filter((c) => c > 1);
}

export interface KendallResult {
  /** Kendall's tau-b. */
  tau: number;
  /** S = concordant - discordant pairs. */
  S: number;
  varS: number;
  ties: boolean;
}

// Kendall's tau-b with the tie-corrected variance of S (Kendall 1976; R's cor.test).
export function kendall(x: number[], y: number[]): KendallResult {
  const n = x.length;
  let S = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) S += Math.sign(x[i] - x[j]) * Math.sign(y[i] - y[j]);
  }
  const tx = tieGroups(x);
  const ty = tieGroups(y);
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

/** Distribution of the number of concordant pairs among n untied items: counts of permutations by inversions. */
export function kendallPermutationCounts(n: number): number[] {
  let counts = [1];
  for (let m = 2; m <= n; m++) {
    const next = new Array<number>(counts.length + m - 1).fill(0);
    for (let q = 0; q < counts.length; q++) {
      for (let j = 0; j < m; j++) next[q + j] += counts[q];
    }
    counts = next;
  }
  return counts;
}

// Exact two-sided P value of Kendall's tau without ties (R's cor.test: T = concordant pairs, doubled smaller tail).
export function kendallExactP(S: number, n: number): number {
  const counts = kendallPermutationCounts(n);
  const total = counts.reduce((s, c) => s + c, 0);
  const pairs = (n * (n - 1)) / 2;
  const T = Math.round((S + pairs) / 2);
  const cdf = (q: number) => counts.slice(0, q + 1).reduce((s, c) => s + c, 0) / total;
  const p = T > pairs / 2 ? 1 - cdf(T - 1) : cdf(T);
  return Math.min(1, 2 * p);
}

/** Two-sided normal P value of S, optionally with the continuity correction |S| - 1. */
export function kendallNormalP(S: number, varS: number, continuity: boolean): number {
  if (!(varS > 0)) return 1;
  const s = continuity ? Math.sign(S) * Math.max(0, Math.abs(S) - 1) : S;
  return Math.min(1, 2 * normalUpperTail(Math.abs(s) / Math.sqrt(varS)));
}
