import { brentRoot } from '../numeric/brent.js';
import type { WeightedFit } from '../numeric/weighted-regression.js';
import { weightedFitAt } from './fit-at.js';
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
 * Fisher scoring for τ² from the Hedges estimate (or `input.start`), with step halving at zero, as metafor's rma.uni
 * (Viechtbauer 2005). Where scoring oscillates without converging (metafor then fails), the estimate
 * is the root of the same estimating equation found by Brent's method, or 0 when the score is negative there.
 *
 * From `input.start` (a neighbouring fit's τ²) it takes a few steps instead of about ten. The likelihood can have
 * several maxima (one at τ² = 0 and one inside, say), so the warm root is kept only when the score at the Hedges
 * estimate points towards it, the direction the cold start would go; otherwise (and at zero) the fit starts again from Hedges.
 */
export function fisherScoring(input: Tau2Input, equation: ScoringEquation): number {
  const hedgesStart = hedges(input);
  const cold = () => scoringFrom(input, equation, hedgesStart).tau2 ?? solveScore(input, equation);
  if (input.start === undefined) return cold();
  const warm = scoringFrom(input, equation, input.start, true);
  // Not converged, or pushed against zero where the score need not vanish (a root the cold start reaches may lie between).
  if (warm.tau2 === null || warm.againstZero) return cold();
  const limit = input.threshold ?? TAU2_THRESHOLD * Math.max(1, warm.tau2);
  if (Math.abs(warm.tau2 - hedgesStart) <= limit) return warm.tau2;
  const { design } = input;
  const towards = equation.score(weightedFitAt(input, hedgesStart), design.k, design.p) * (warm.tau2 - hedgesStart);
  return towards > 0 ? warm.tau2 : cold();
}

/**
 * Fisher scoring from `start`: the converged τ² (null if it did not converge) and whether its last step was halved at
 * zero. `warm` replaces a step by the secant step on the scoring steps when both point the same way and differ by
 * less than twice (near the root scoring shrinks its steps by a nearly constant ratio, which the secant step skips), and
 * gives up at the first step halved at zero: the caller then starts cold, and halving towards zero is the slow part.
 */
function scoringFrom(input: Tau2Input, equation: ScoringEquation, start: number, warm = false): { tau2: number | null; againstZero: boolean } {
  const { design } = input;
  let tau2 = start;
  let previousTau2 = Number.NaN;
  let previousStep = Number.NaN;
  for (let iteration = 0; iteration < TAU2_MAX_ITERATIONS; iteration++) {
    const fit = weightedFitAt(input, tau2);
    let adj = equation.step(fit, design.k, design.p);
    if (!Number.isFinite(adj)) adj = 0;
    if (warm) {
      const step = adj;
      const accelerated = (adj * (tau2 - previousTau2)) / (previousStep - adj);
      if (accelerated / adj >= 0.5 && accelerated / adj <= 2) adj = accelerated;
      previousTau2 = tau2;
      previousStep = step;
    }
    let againstZero = false;
    // At zero, halving a step down would go on until it underflows to -0 (about 1,075 halvings, on every fit whose τ² is 0):
    // its end, at once. 0 + -0 is 0, the same as the halved step gives.
    if (tau2 === 0 && adj < 0) {
      adj = -0;
      againstZero = true;
    }
    while (tau2 + adj < 0) {
      if (warm) return { tau2: null, againstZero: true };
      adj /= 2;
      againstZero = true;
    }
    const previous = tau2;
    tau2 += adj;
    // By default relative to τ² beyond 1, so that a large τ² is not held to changes below its last binary digit.
    const limit = input.threshold ?? TAU2_THRESHOLD * Math.max(1, tau2);
    if (Math.abs(tau2 - previous) <= limit) return { tau2: Math.max(0, tau2), againstZero: againstZero || tau2 <= 0 };
  }
  return { tau2: null, againstZero: false };
}

function solveScore(input: Tau2Input, equation: ScoringEquation): number {
  const { design } = input;
  const score = (tau2: number) => equation.score(weightedFitAt(input, tau2), design.k, design.p);
  if (score(0) <= 0) return 0;
  let upper = 1;
  while (score(upper) > 0) {
    upper *= 4;
    if (upper > 1e12) throw new RangeError('the estimating equation for τ² has no root below 1e12');
  }
  return brentRoot(score, 0, upper, { tolerance: 1e-15 });
}
