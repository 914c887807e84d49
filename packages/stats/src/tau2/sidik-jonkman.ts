import { weightedFitAt } from './fit-at.js';
import type { Tau2Input } from './types.js';

// Sidik and Jonkman (2005): τ² = τ₀² · Q(τ₀²) / (k - p), with τ₀² = Σ(y - ȳ)² / k.
export function sidikJonkman(input: Tau2Input): number {
  const { design, yi } = input;
  const k = yi.length;
  let mean = 0;
  for (let i = 0; i < k; i++) mean += yi[i];
  mean /= k;
  let tau20 = 0;
  for (let i = 0; i < k; i++) tau20 += (yi[i] - mean) ** 2;
  tau20 /= k;
  const fit = weightedFitAt(input, tau20, false);
  return (tau20 * fit.RSS) / (design.k - design.p);
}
