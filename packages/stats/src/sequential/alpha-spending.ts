// Spending functions: how much of the type I error (alpha) or type II error (beta) a sequential
// design may have used by information fraction t. Only the O'Brien-Fleming type is offered: it is the
// one trial sequential analysis uses (Wetterslev 2008; Thorlund 2011, TSA manual).
import { StatsInputError } from '../errors.js';
import { normalQuantileOf, normalUpperTail } from '../numeric/distributions.js';

export type SpendingFunction = 'obrien-fleming';
export type Sides = 1 | 2;

/**
 * Cumulative error spent by information fraction t with the Lan-DeMets O'Brien-Fleming-type function,
 * `total` over `sided` sides together (each side spends total / sided).
 */
export function obrienFlemingSpent(t: number, total: number, sided: Sides = 2): number {
  assertFraction(t);
  if (!(total > 0 && total < 1)) {
    throw new StatsInputError(`the error to spend must lie between 0 and 1, got ${total}`, null, 'alpha');
  }
  if (t >= 1) return total;
  // Lan & DeMets 1983: alpha(t) = 2 s (1 - Phi(z[1 - alpha/(2 s)] / sqrt(t))), as rpact 3.3.4 getSpendingValueCpp (asOF)
  return 2 * sided * normalUpperTail(normalUpperQuantile(total / (2 * sided)) / Math.sqrt(t));
}

/**
 * z with P(Z > z) = p, to full precision far into the tail (p below 1e-300 counts as 1e-300). The first boundary of
 * a sequential design is such a quantile of a tiny spent alpha, where a plain quantile loses digits.
 */
export function normalUpperQuantile(p: number): number {
  // Like rpact's getOneMinusQNorm, a p that underflowed to 0 is taken as the smallest p handled (1e-300).
  if (!(p >= 0 && p < 1)) throw new RangeError(`normalUpperQuantile: p must lie in [0, 1), got ${p}`);
  const target = Math.max(p, 1e-300);
  const inTail = target < 1e-10;
  let z = inTail ? millsRatioGuess(target) : -normalQuantileOf(target);
  for (let iteration = 0; iteration < 6; iteration++) {
    const tail = normalUpperTail(z);
    const density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    if (!(density > 0 && tail > 0)) break;
    // Newton's method on P(Z > z) - p, on the log scale in the far tail (where both sides underflow together).
    const step = inTail ? ((Math.log(tail) - Math.log(target)) * tail) / density : (tail - target) / density;
    z += step;
    if (Math.abs(step) <= 1e-15 * Math.abs(z)) break;
  }
  return z;
}

/** Starting value in the far tail from P(Z > z) ~ phi(z) / z (Abramowitz & Stegun 26.2.12). */
function millsRatioGuess(p: number): number {
  let z = Math.sqrt(-2 * Math.log(p));
  for (let iteration = 0; iteration < 4; iteration++) {
    z = Math.sqrt(-2 * (Math.log(p) + Math.log(z) + 0.5 * Math.log(2 * Math.PI)));
  }
  return z;
}

/** Alpha spent by information fraction t (two-sided by default: both tails together). */
export function alphaSpending(t: number, alpha: number, sided: Sides = 2, spending: SpendingFunction = 'obrien-fleming'): number {
  assertSpending(spending);
  return obrienFlemingSpent(t, alpha, sided);
}

/**
 * Beta spent by information fraction t for futility boundaries. One beta for both sides: the
 * futility region of a two-sided test is the one inner wedge around zero.
 */
export function betaSpending(t: number, beta: number, spending: SpendingFunction = 'obrien-fleming'): number {
  assertSpending(spending);
  // rpact 3.3.4 bsOF: beta(t) = 2 (1 - Phi(z[1 - beta/2] / sqrt(t)))
  return obrienFlemingSpent(t, beta, 1);
}

function assertSpending(spending: string): void {
  if (spending !== 'obrien-fleming') {
    throw new StatsInputError(`unknown spending function '${spending}': use 'obrien-fleming'`, null, 'spending');
  }
}

function assertFraction(t: number): void {
  if (!(t > 0) || !Number.isFinite(t)) {
    throw new StatsInputError(`an information fraction must be a positive number, got ${t}`, null, 'informationFractions');
  }
}
