import { StatsInputError } from '../errors.js';
import type { BinaryMeasure, BinaryStudy } from '../types.js';

/** The four cells of a 2×2 table: a/b events/non-events in arm 1, c/d in arm 2. */
export interface Table2x2 {
  a: number;
  b: number;
  c: number;
  d: number;
  n1: number;
  n2: number;
}

export function validateBinaryStudy(study: BinaryStudy): void {
  const where = `in study '${study.id}'`;
  for (const field of ['events1', 'n1', 'events2', 'n2'] as const) {
    const value = study[field];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new StatsInputError(`${field} must be a number ${where}`, study.id, field);
    }
    if (!Number.isInteger(value)) throw new StatsInputError(`${field} (${value}) must be a whole number ${where}`, study.id, field);
    if (value < 0) throw new StatsInputError(`${field} (${value}) cannot be negative ${where}`, study.id, field);
  }
  if (study.n1 < 1) throw new StatsInputError(`n1 (${study.n1}) must be at least 1 ${where}`, study.id, 'n1');
  if (study.n2 < 1) throw new StatsInputError(`n2 (${study.n2}) must be at least 1 ${where}`, study.id, 'n2');
  if (study.events1 > study.n1) {
    throw new StatsInputError(`events1 (${study.events1}) cannot exceed participants n1 (${study.n1}) ${where}, arm 1`, study.id, 'events1');
  }
  if (study.events2 > study.n2) {
    throw new StatsInputError(`events2 (${study.events2}) cannot exceed participants n2 (${study.n2}) ${where}, arm 2`, study.id, 'events2');
  }
}

export function table(study: BinaryStudy): Table2x2 {
  return { a: study.events1, b: study.n1 - study.events1, c: study.events2, d: study.n2 - study.events2, n1: study.n1, n2: study.n2 };
}

export function hasZeroCell(t: Table2x2): boolean {
  return t.a === 0 || t.b === 0 || t.c === 0 || t.d === 0;
}

/** No events in either arm, or only events in both: the study carries no information on a ratio. */
export function isDoubleZero(t: Table2x2): boolean {
  return (t.a === 0 && t.c === 0) || (t.b === 0 && t.d === 0);
}

/** Adds `increment` to every cell (the continuity correction for studies with a zero cell). */
export function corrected(t: Table2x2, increment: number): Table2x2 {
  if (increment === 0) return t;
  return { a: t.a + increment, b: t.b + increment, c: t.c + increment, d: t.d + increment, n1: t.n1 + 2 * increment, n2: t.n2 + 2 * increment };
}

/** Cells with 0.5 added to every cell when any cell is zero (Cochrane Handbook 10.4.4.2; metafor `to = "only0"`). */
export function correctedIfZero(t: Table2x2): Table2x2 {
  return hasZeroCell(t) ? corrected(t, 0.5) : t;
}

// Log odds ratio, log risk ratio and risk difference with their large-sample variances (Cochrane Handbook 6.4; metafor escalc).
export function binaryEffect(t: Table2x2, measure: BinaryMeasure): { yi: number; vi: number } {
  const { a, b, c, d, n1, n2 } = t;
  switch (measure) {
    case 'OR':
      return { yi: Math.log((a * d) / (b * c)), vi: 1 / a + 1 / b + 1 / c + 1 / d };
    case 'RR':
      return { yi: Math.log(a / n1) - Math.log(c / n2), vi: 1 / a - 1 / n1 + 1 / c - 1 / n2 };
    case 'RD': {
      const p1 = a / n1;
      const p2 = c / n2;
      return { yi: p1 - p2, vi: (p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2 };
    }
  }
}
