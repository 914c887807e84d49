import { StatsInputError } from '../errors.js';
import type { PrePostStudy } from '../types.js';

export function validatePrePostStudy(study: PrePostStudy, correlation: number): void {
  const where = `in study '${study.id}'`;
  for (const field of ['meanBefore', 'sdBefore', 'meanAfter', 'sdAfter', 'n'] as const) {
    const value = study[field];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new StatsInputError(`${field} must be a number ${where}`, study.id, field);
  }
  if (study.sdBefore <= 0) throw new StatsInputError(`sdBefore (${study.sdBefore}) must be greater than 0 ${where}`, study.id, 'sdBefore');
  if (study.sdAfter <= 0) throw new StatsInputError(`sdAfter (${study.sdAfter}) must be greater than 0 ${where}`, study.id, 'sdAfter');
  if (!Number.isInteger(study.n) || study.n < 1) throw new StatsInputError(`n (${study.n}) must be a whole number of at least 1 ${where}`, study.id, 'n');
  if (!(correlation >= -1 && correlation < 1)) {
    throw new StatsInputError(`the pre/post correlation (${correlation}) must be at least -1 and below 1`, null, 'prePostCorrelation');
  }
}

// Mean change of a single-group pre/post study: var = (sd₁² + sd₂² - 2 r sd₁ sd₂) / n (Cochrane Handbook 23.2.7.2);
// r = 0 is the analysis of before and after as two independent groups.
export function meanChange(s: PrePostStudy, correlation: number, direction: 'increase' | 'decrease'): { yi: number; vi: number } {
  const change = s.meanAfter - s.meanBefore;
  const vi = (s.sdBefore ** 2 + s.sdAfter ** 2 - 2 * correlation * s.sdBefore * s.sdAfter) / s.n;
  return { yi: direction === 'increase' ? change : -change, vi };
}
