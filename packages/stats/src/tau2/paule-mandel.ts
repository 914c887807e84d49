import { brentRoot } from '../numeric/brent.js';
import { weightedFitAt } from './fit-at.js';
import type { Tau2Input } from './types.js';

/** The generalised Q statistic Σ w(τ²) e(τ²)² at a given τ², decreasing in τ². */
export function generalisedQ(input: Tau2Input, tau2: number): number {
  return weightedFitAt(input, tau2, false).RSS;
}

/** The τ² at which the generalised Q equals `target`, or 0 when Q(0) is already below it. */
export function solveGeneralisedQ(input: Tau2Input, target: number): number {
  const f = (tau2: number) => generalisedQ(input, tau2) - target;
  if (f(0) <= 0) return 0;
  let upper = 1;
  while (f(upper) > 0) {
    upper *= 4;
    if (upper > 1e12) throw new RangeError('τ² search did not find an upper bound');
  }
  return brentRoot(f, 0, upper, { tolerance: 1e-15 });
}

// Paule and Mandel (1982): τ² solves Q(τ²) = k - p.
export function pauleMandel(input: Tau2Input): number {
  return solveGeneralisedQ(input, input.design.k - input.design.p);
}
