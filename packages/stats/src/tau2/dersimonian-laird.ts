import { fitAtTau2 } from '../numeric/weighted-regression.js';
import type { Tau2Input } from './types.js';

// DerSimonian and Laird (1986): τ² = (Q - (k - p)) / tr(P), truncated at zero.
export function dersimonianLaird({ design, yi, vi }: Tau2Input): number {
  const fit = fitAtTau2(design, yi, vi, 0);
  return Math.max(0, (fit.RSS - (design.k - design.p)) / fit.trP);
}
