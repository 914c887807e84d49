import { normalUpperTail } from '../numeric/distributions.js';
import { vectorOf } from '../numeric/vector-of.js';

/** Sizes of the groups of equal values (groups of one left out), from values already sorted. */
function tieGroupsOfSorted(sorted: Float64Array): number[] {
  const groups: number[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i > 1) groups.push(j - i);
    i = j;
  }
  return groups;
}

/** Number of pairs within tie groups: Σ t(t - 1)/2. */
const tiedPairs = (groups: number[]) => groups.reduce((s, t) => s + (t * (t - 1)) / 2, 0);

/** Sorts `y` ascending in place with a bottom-up merge sort; returns the number of swaps (pairs i < j with y[i] > y[j]). */
function mergeSortCountingSwaps(y: Float64Array): number {
  const n = y.length;
  let from: Float64Array = y;
  let to: Float64Array = new Float64Array(n);
  let swaps = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let out = lo;
      while (i < mid && j < hi) {
        if (from[j] < from[i]) {
          swaps += mid - i;
          to[out++] = from[j++];
        } else to[out++] = from[i++];
      }
      while (i < mid) to[out++] = from[i++];
      while (j < hi) to[out++] = from[j++];
    }
    [from, to] = [to, from];
  }
  if (from !== y) y.set(from);
  return swaps;
}

export interface KendallResult {
  /** Kendall's tau-b. */
  tau: number;
  /** S = concordant - discordant pairs. */
  S: number;
  varS: number;
  ties: boolean;
}

// Kendall's tau-b with the tie-corrected variance of S (Kendall 1976; R's cor.test). S in O(n log n) (Knight 1966):
// sorted by (x, y), S = n0 - n1 - n2 + n3 - 2·swaps, n1, n2, n3 the pairs tied in x, in y, in both, swaps those of a merge sort of y.
export function kendall(x: number[], y: number[]): KendallResult {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b] || y[a] - y[b]);
  const xs = vectorOf(order, (i) => x[i]);
  const ys = vectorOf(order, (i) => y[i]);
  const tx = tieGroupsOfSorted(xs);
  let n3 = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && xs[j] === xs[i] && ys[j] === ys[i]) j++;
    n3 += ((j - i) * (j - i - 1)) / 2;
    i = j;
  }
  const swaps = mergeSortCountingSwaps(ys);
  const ty = tieGroupsOfSorted(ys);
  const T0 = (n * (n - 1)) / 2;
  const T1 = tiedPairs(tx);
  const T2 = tiedPairs(ty);
  const S = T0 - T1 - T2 + n3 - 2 * swaps;
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
