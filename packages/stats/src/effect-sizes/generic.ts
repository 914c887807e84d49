import { StatsInputError } from '../errors.js';
import { normalQuantileOf } from '../numeric/distributions.js';
import type { EstimateWithCiStudy, GenericStudy } from '../types.js';

export function validateGenericStudy(study: GenericStudy): void {
  const where = `in study '${study.id}'`;
  if (typeof study.yi !== 'number' || !Number.isFinite(study.yi)) throw new StatsInputError(`yi must be a number ${where}`, study.id, 'yi');
  if (typeof study.sei !== 'number' || !Number.isFinite(study.sei)) throw new StatsInputError(`sei must be a number ${where}`, study.id, 'sei');
  if (study.sei <= 0) throw new StatsInputError(`sei (${study.sei}) must be greater than 0 ${where}`, study.id, 'sei');
}

export function genericEffect(study: GenericStudy): { yi: number; vi: number } {
  return { yi: study.yi, vi: study.sei * study.sei };
}

// An estimate with its 95% CI: se = (upper - lower) / (2 × 1.96), on the log scale for ratios (Cochrane Handbook 6.3.1).
export function effectFromConfidenceInterval(study: EstimateWithCiStudy, scale: 'log' | 'identity'): { yi: number; vi: number } {
  const where = `in study '${study.id}'`;
  for (const field of ['estimate', 'ciLower', 'ciUpper'] as const) {
    const value = study[field];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new StatsInputError(`${field} must be a number ${where}`, study.id, field);
    if (scale === 'log' && value <= 0) {
      throw new StatsInputError(`${field} (${value}) must be greater than 0 for a ratio ${where}`, study.id, field);
    }
  }
  if (!(study.ciLower < study.estimate && study.estimate < study.ciUpper)) {
    throw new StatsInputError(
      `the estimate (${study.estimate}) must lie inside its confidence interval (${study.ciLower} to ${study.ciUpper}) ${where}`,
      study.id,
      'estimate',
    );
  }
  const t = scale === 'log' ? Math.log : (x: number) => x;
  const z = normalQuantileOf(0.975);
  const se = (t(study.ciUpper) - t(study.ciLower)) / (2 * z);
  return { yi: t(study.estimate), vi: se * se };
}
