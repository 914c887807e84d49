import { unweightedMoments } from '../numeric/weighted-regression.js';
import type { Tau2Input } from './types.js';

// Hedges (1983) / Hedges and Olkin (1985): τ² = (RSS_OLS - tr(P₀V)) / (k - p), truncated at zero.
export function hedgesUntruncated({ design, yi, vi }: Tau2Input): number {
  const { RSS, trPV } = unweightedMoments(design, yi, vi);
  return (RSS - trPV) / (design.k - design.p);
}

export function hedges(input: Tau2Input): number {
  return Math.max(0, hedgesUntruncated(input));
}
