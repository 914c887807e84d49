import { brentRoot } from '../numeric/brent.js';
import { fitAtTau2, type WeightedFit } from '../numeric/weighted-regression.js';
import { hedges } from './hedges.js';
import { TAU2_MAX_ITERATIONS, TAU2_THRESHOLD, type Tau2Input } from './types.js';

/** The estimating equation of an iterative estimator: its score numerator and the Fisher scoring step. */
export interface ScoringEquation {
  /** Zero at the estimate, positive below it (the likelihood still rises). */
  score: (fit: WeightedFit, k: number, p: number) => number;
  /** The Fisher scoring adjustment: score over the expected information. */
  step: (fit: WeightedFit, k: number, p: number) => number;
}

/**
 * Fisher scoring for τ² from the Hedges estimate, with step halving at zero, as metafor's rma.uni
 * (Viechtbauer 2005). Where scoring oscillates without converging (metafor then fails), the estimate
 * is the root of the same estimating equation found by Brent's method, or 0 when the score is negative there.
 */
export function fisherScoring(input: Tau2Input, equation: ScoringEquation): number {
  const { design, yi, vi } = input;
  let tau2 = hedges(input);
  for (let iteration = 0; iteration < TAU2_MAX_ITERATIONS; iteration++) {
    const fit = fitAtTau2(design, yi, vi, tau2);
    let adj = equation.step(fit, design.k, design.p);
    if (!Number.isFinite(adj)) adj = 0;
    while (tau2 + adj < 0) adj /= 2;
    const previous = tau2;
    tau2 += adj;
    // By default relative to τ² beyond 1, so that a large τ² is not held to changes below its last binary digit.
    const limit = input.threshold ?? TAU2_THRESHOLD * Math.max(1, tau2);
    if (Math.abs(tau2 - previous) <= limit) return Math.max(0, tau2);
  }
  return solveScore(input, equation);
}

function solveScore(input: Tau2Input, equation: ScoringEquation): number {
  const { design, yi, vi } = input;
  const score = (tau2: number) => equation.score(fitAtTau2(design, yi, vi, tau2), design.k, design.p);
  if (score(0) <= 0) return 0;
  let upper = 1;
  while (score(upper) > 0) {
    upper *= 4;
    if (upper > 1e12) throw new RangeError('the estimating equation for τ² has no root below 1e12');
  }
  return brentRoot(score, 0, upper, { tolerance: 1e-15 });
}
