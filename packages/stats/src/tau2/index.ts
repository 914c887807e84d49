import type { Tau2Estimator } from '../types.js';
import { dersimonianLaird } from './dersimonian-laird.js';
import { empiricalBayes } from './empirical-bayes.js';
import { hedges } from './hedges.js';
import { maximumLikelihood } from './maximum-likelihood.js';
import { pauleMandel } from './paule-mandel.js';
import { restrictedMaximumLikelihood } from './restricted-maximum-likelihood.js';
import { sidikJonkman } from './sidik-jonkman.js';
import type { Tau2EstimatorFunction } from './types.js';

export const tau2Estimators: Record<Tau2Estimator, Tau2EstimatorFunction> = {
  DL: dersimonianLaird,
  REML: restrictedMaximumLikelihood,
  PM: pauleMandel,
  SJ: sidikJonkman,
  HE: hedges,
  ML: maximumLikelihood,
  EB: empiricalBayes,
};

export type { Tau2Input, Tau2EstimatorFunction } from './types.js';
