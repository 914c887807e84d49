import { weightedFit } from '../numeric/weighted-regression.js';
import { marginalWeights, type Tau2Input } from './types.js';

// DerSimonian and Laird (1986): τ² = (Q - (k - p)) / tr(P), truncated at zero.
export function dersimonianLaird({ design, yi, vi }: Tau2Input): number {
  const fit = weightedFit(design, yi, marginalWeights(vi, 0));
  return Math.max(0, (fit.RSS - (design.k - design.p)) / fit.trP);
}
