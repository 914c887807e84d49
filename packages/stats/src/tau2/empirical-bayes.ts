import { fisherScoring } from './fisher-scoring.js';
import type { Tau2Input } from './types.js';

// Empirical Bayes (Morris 1983; Berkey et al. 1995): Fisher scoring on Q(τ²)·k/(k - p) = k.
export function empiricalBayes(input: Tau2Input): number {
  return fisherScoring(input, { score: (fit, k, p) => (fit.RSS * k) / (k - p) - k, step: (fit, k, p) => ((fit.RSS * k) / (k - p) - k) / fit.sumW });
}
