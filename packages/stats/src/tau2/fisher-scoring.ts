import { fitAtTau2, type WeightedFit } from '../numeric/weighted-regression.js';
import { hedges } from './hedges.js';
import { TAU2_MAX_ITERATIONS, TAU2_THRESHOLD, type Tau2Input } from './types.js';

/**
 * Fisher scoring for τ² from the Hedges estimate, with step halving at zero, as metafor's rma.uni
 * (Viechtbauer 2005). `step` returns the scoring adjustment at the current fit.
 */
export function fisherScoring(input: Tau2Input, step: (fit: WeightedFit, k: number, p: number) => number): number {
  const { design, yi, vi } = input;
  let tau2 = hedges(input);
  for (let iteration = 0; iteration < TAU2_MAX_ITERATIONS; iteration++) {
    const fit = fitAtTau2(design, yi, vi, tau2);
    let adj = step(fit, design.k, design.p);
    if (!Number.isFinite(adj)) adj = 0;
    while (tau2 + adj < 0) adj /= 2;
    const previous = tau2;
    tau2 += adj;
    // By default relative to τ² beyond 1, so that a large τ² is not held to changes below its last binary digit.
    const limit = input.threshold ?? TAU2_THRESHOLD * Math.max(1, tau2);
    if (Math.abs(tau2 - previous) <= limit) return Math.max(0, tau2);
  }
  throw new RangeError('the Fisher scoring algorithm for τ² did not converge');
}
