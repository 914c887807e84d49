// Normal, t and chi-square tails and quantiles. Upper tails come from the regularised incomplete
// gamma and beta functions (erfc, gammainc, betainc), so a P value of 1e-28 keeps its digits.
import erfc from '@stdlib/math-base-special-erfc';
import gammainc from '@stdlib/math-base-special-gammainc';
import betainc from '@stdlib/math-base-special-betainc';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import chisquareQuantile from '@stdlib/stats-base-dists-chisquare-quantile';

/** P(Z > z) for a standard normal Z. */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** P(Z <= z) for a standard normal Z. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Two-sided P value of a z statistic. */
export function normalTwoSidedP(z: number): number {
  return 2 * normalUpperTail(Math.abs(z));
}

/** The p-quantile of the standard normal distribution. */
export function normalQuantileOf(p: number): number {
  return normalQuantile(p, 0, 1);
}

/** P(T > t) for Student's t with df degrees of freedom. */
export function studentUpperTail(t: number, df: number): number {
  if (!Number.isFinite(df) || df <= 0) return Number.NaN;
  if (t === 0) return 0.5;
  const x = df / (df + t * t);
  const tail = 0.5 * betainc(x, df / 2, 0.5, true, false);
  return t > 0 ? tail : 1 - tail;
}

/** Two-sided P value of a t statistic. */
export function studentTwoSidedP(t: number, df: number): number {
  if (t === 0) return 1;
  const x = df / (df + t * t);
  return betainc(x, df / 2, 0.5, true, false);
}

/** The p-quantile of Student's t with df degrees of freedom. */
export function studentQuantileOf(p: number, df: number): number {
  return tQuantile(p, df);
}

/** P(X > q) for chi-square X with df degrees of freedom. */
export function chiSquareUpperTail(q: number, df: number): number {
  if (df <= 0) return Number.NaN;
  if (q <= 0) return 1;
  return gammainc(q / 2, df / 2, true, true);
}

/** The p-quantile of chi-square with df degrees of freedom. */
export function chiSquareQuantileOf(p: number, df: number): number {
  return chisquareQuantile(p, df);
}

/** P(F > f) for Fisher's F with df1 and df2 degrees of freedom: I_{df2/(df2 + df1 f)}(df2/2, df1/2). */
export function fisherUpperTail(f: number, df1: number, df2: number): number {
  if (!(df1 > 0) || !(df2 > 0)) return Number.NaN;
  if (f <= 0) return 1;
  return betainc(df2 / (df2 + df1 * f), df2 / 2, df1 / 2, true, false);
}
