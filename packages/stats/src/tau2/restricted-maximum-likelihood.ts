import { likelierAtZero } from './log-likelihood.js';
import { fisherScoring } from './fisher-scoring.js';
import type { Tau2Input } from './types.js';

// Restricted maximum likelihood (Viechtbauer 2005): Fisher scoring on Y'PPY = tr(P).
export function restrictedMaximumLikelihood(input: Tau2Input): number {
  const tau2 = fisherScoring(input, { score: (fit) => fit.RSS2 - fit.trP, step: (fit) => (fit.RSS2 - fit.trP) / fit.trPP });
  return likelierAtZero(input, tau2, 'REML') ? 0 : tau2;
}
