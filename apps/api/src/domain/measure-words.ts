// What each measure pools, in words, for settings and descriptions a reader sees.
import type { Measure } from './engine.js';

export const measureWords: Record<Measure, string> = {
  OR: 'odds ratios',
  RR: 'risk ratios',
  RD: 'risk differences',
  MD: 'mean differences',
  SMD: "standardised mean differences (Hedges' g)",
  MC: 'mean changes from before to after',
  HR: 'hazard ratios',
  ROM: 'ratios of means',
  GENERIC: 'effects with their standard errors',
};
