import { unweightedMomentsOf } from './fit-at.js';
import type { Tau2Input } from './types.js';

// Hedges (1983) / Hedges and Olkin (1985): τ² = (RSS_OLS - tr(P₀V)) / (k - p), truncated at zero.
export function hedgesUntruncated(input: Tau2Input): number {
  const { RSS, trPV } = unweightedMomentsOf(input);
  return (RSS - trPV) / (input.design.k - input.design.p);
}

export function hedges(input: Tau2Input): number {
  return Math.max(0, hedgesUntruncated(input));
}
