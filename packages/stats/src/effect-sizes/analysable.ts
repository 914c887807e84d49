// An effect the pooling can work with: a finite effect, a variance and weight (1 / variance) that are finite, a
// finite (effect / SE)², and on the log scale a ratio and 95% limits that are finite numbers. Checked on each row as
// soon as its effect is computed, so a refusal names the number the user typed (sei, sd1, ciUpper), not `vi`.
import { StatsInputError } from '../errors.js';
import { normalQuantileOf } from '../numeric/distributions.js';
import type { StudyInput } from '../types.js';

type Row = StudyInput & Record<string, unknown>;

/** The numbers a row's effect comes from: those that set its size, and those that set its spread. */
function typedFields(study: Row): { size: string[]; spread: string[] } {
  if ('yi' in study && 'sei' in study) return { size: ['yi'], spread: ['sei'] };
  if ('estimate' in study) return { size: ['estimate'], spread: ['ciLower', 'ciUpper'] };
  if ('events1' in study) return { size: ['events1', 'events2'], spread: ['n1', 'n2'] };
  if ('meanBefore' in study) return { size: ['meanAfter', 'meanBefore'], spread: ['sdAfter', 'sdBefore'] };
  return { size: ['mean1', 'mean2'], spread: ['sd1', 'sd2'] };
}

const LARGEST = 'the largest number a computer holds (about 1.8e308)';

/** Of `fields`, the one whose typed value is largest (or smallest) in size: the one to name. */
function extreme(study: Row, fields: string[], largest: boolean): { field: string; value: number } {
  const values = fields.map((field) => ({ field, value: Number(study[field]) }));
  return values.reduce((best, next) => ((largest ? Math.abs(next.value) > Math.abs(best.value) : Math.abs(next.value) < Math.abs(best.value)) ? next : best));
}

const Z_975 = normalQuantileOf(0.975);

export function checkAnalysable(study: StudyInput, effect: { yi: number; vi: number }, scale: 'log' | 'identity'): void {
  const row = study as Row;
  // The fields are looked up only to name one in a refusal.
  const size = () => typedFields(row).size;
  const spread = () => typedFields(row).spread;
  const refuse = (named: { field: string; value: number }, why: string): never => {
    throw new StatsInputError(`${named.field} (${named.value}) in study '${study.id}' is ${why}`, study.id, named.field);
  };
  const { yi, vi } = effect;
  if (!Number.isFinite(yi)) refuse(extreme(row, size(), true), `too large to analyse: the effect computed from it is not a finite number`);
  if (!Number.isFinite(vi)) refuse(extreme(row, spread(), true), `too large to analyse: the variance of its effect is beyond ${LARGEST}`);
  if (!(vi > 0) || !Number.isFinite(1 / vi)) refuse(extreme(row, spread(), false), `too small to analyse: the weight of its effect (1 / variance) is beyond ${LARGEST}`);
  if (!Number.isFinite((yi * yi) / vi)) refuse(extreme(row, size(), true), `too large for its standard error to analyse: (effect / SE)² is beyond ${LARGEST}`);
  // Ratios are reported as exp of the log: the ratio and its 95% limits must be numbers too.
  if (scale === 'log' && !Number.isFinite(Math.exp(Math.abs(yi) + Z_975 * Math.sqrt(vi)))) {
    refuse(extreme(row, size(), true), `too large to report: the ratio or its 95% limits (exp of ${Math.abs(yi).toPrecision(4)} ± 1.96 × SE) are beyond ${LARGEST}`);
  }
}
