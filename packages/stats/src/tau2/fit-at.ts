import { fitAtTau2, unweightedMoments, type WeightedFit } from '../numeric/weighted-regression.js';
import type { Tau2Input } from './types.js';

/** The weighted fit at τ² of an estimator's input: the caller's own evaluation if it has one, else fitAtTau2. */
export function weightedFitAt(input: Tau2Input, tau2: number, withTraces = true): WeightedFit {
  return input.fitAt ? input.fitAt(tau2, withTraces) : fitAtTau2(input.design, input.yi, input.vi, tau2, withTraces);
}

/** The OLS residual sum of squares and tr(P₀V) of an estimator's input (Hedges' estimator). */
export function unweightedMomentsOf(input: Tau2Input): { RSS: number; trPV: number } {
  return input.unweightedMoments ? input.unweightedMoments() : unweightedMoments(input.design, input.yi, input.vi);
}
