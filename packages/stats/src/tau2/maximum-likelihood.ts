import { likelierAtZero } from './log-likelihood.js';
import { fisherScoring } from './fisher-scoring.js';
import type { Tau2Input } from './types.js';

// Maximum likelihood (Hardy and Thompson 1996): Fisher scoring on Y'PPY = Σw.
export function maximumLikelihood(input: Tau2Input): number {
  const tau2 = fisherScoring(input, { score: (fit) => fit.RSS2 - fit.sumW, step: (fit) => (fit.RSS2 - fit.sumW) / fit.sumW2 });
  return likelierAtZero(input, tau2, 'ML') ? 0 : tau2;
}
