import type { Design, WeightedFit } from '../numeric/weighted-regression.js';

/** What every τ² estimator takes: effects, their sampling variances and the design (intercept-only or with moderators). */
export interface Tau2Input {
  design: Design;
  yi: Float64Array;
  vi: Float64Array;
  /** Convergence threshold of the iterative estimators; TAU2_THRESHOLD unless a caller must mimic another. */
  threshold?: number;
  /** Where iterative estimators start instead of their default (a neighbouring fit's τ²): the root, and so the estimate, is the same. */
  start?: number;
  /** The weighted fit at τ², when the caller has a faster way than fitAtTau2 (refits of a subset: pool/intercept-refit.ts). */
  fitAt?: (tau2: number, withTraces: boolean) => WeightedFit;
  /** The ordinary least squares moments of Hedges' estimator, when the caller has them from precomputed sums. */
  unweightedMoments?: () => { RSS: number; trPV: number };
  /** ll(0) and ll(τ²) of an intercept-only model, when the caller has them from precomputed sums (else null). */
  interceptLogLikelihoods?: (tau2: number, kind: 'ML' | 'REML') => [number, number] | null;
  /** An upper bound of ll(0) - ll(τ²) of an intercept-only model, when the caller has its fits at 0 and τ² (no pass over the rows). */
  interceptGainBound?: (tau2: number, kind: 'ML' | 'REML') => number;
}

export type Tau2EstimatorFunction = (input: Tau2Input) => number;

/** Iterative estimators run to this change in τ² (the reference cases used 1e-13). */
export const TAU2_THRESHOLD = 1e-13;
export const TAU2_MAX_ITERATIONS = 1000;
