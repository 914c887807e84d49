import { weightedFitAt } from './fit-at.js';
import type { Tau2Input } from './types.js';

// DerSimonian and Laird (1986): τ² = (Q - (k - p)) / tr(P), truncated at zero.
export function dersimonianLaird(input: Tau2Input): number {
  const fit = weightedFitAt(input, 0);
  return Math.max(0, (fit.RSS - (input.design.k - input.design.p)) / fit.trP);
}
