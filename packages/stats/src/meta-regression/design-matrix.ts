// The design matrix of a meta-regression: an intercept, numeric moderators as they are, factors as treatment-coded
// indicators (R's contr.treatment: levels sorted, the first is the reference and gets no column).
import { StatsInputError } from '../errors.js';
import type { Design } from '../numeric/weighted-regression.js';
import { firstDependentColumn, gramMatrix } from './linear-algebra.js';
import type { DesignTerm, ModeratedEffect, ModeratorValue } from './types.js';

export interface ModeratorDesign {
  design: Design;
  terms: DesignTerm[];
}

/** Numbers numerically, labels alphabetically (as R's factor() orders them in an English locale). */
export function sortedLevels(values: ModeratorValue[]): string[] {
  const unique = [...new Set(values)];
  if (unique.every((v) => typeof v === 'number')) return (unique as number[]).sort((a, b) => a - b).map(String);
  return [...new Set(unique.map(String))].sort((a, b) => a.localeCompare(b, 'en'));
}

function valuesOf(effects: ModeratedEffect[], moderator: string): ModeratorValue[] {
  return effects.map((effect) => {
    const value = effect.moderators?.[moderator];
    const missing = value === null || value === undefined || (typeof value === 'string' && value.trim() === '') || (typeof value === 'number' && Number.isNaN(value));
    if (missing) throw new StatsInputError(`moderator '${moderator}' is missing for study '${effect.id}'`, effect.id, 'moderators');
    return value;
  });
}

function numericColumn(effects: ModeratedEffect[], moderator: string, values: ModeratorValue[]): Float64Array {
  return Float64Array.from(values, (value, i) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new StatsInputError(
        `moderator '${moderator}' must be a finite number in study '${effects[i].id}' (got ${JSON.stringify(value)}); list it among the factors if it is categorical`,
        effects[i].id,
        'moderators',
      );
    }
    return value;
  });
}

/** Builds the design and checks that every coefficient can be estimated; a user's mistake throws StatsInputError naming the moderator. */
export function moderatorDesign(effects: ModeratedEffect[], moderators: string[], factors: string[] = []): ModeratorDesign {
  const k = effects.length;
  for (const factor of factors) {
    if (!moderators.includes(factor)) throw new StatsInputError(`factor '${factor}' is not among the moderators (${moderators.join(', ') || 'none'})`, null, 'factors');
  }
  const columns: Float64Array[] = [new Float64Array(k).fill(1)];
  const terms: DesignTerm[] = [{ name: 'intercept', moderator: null, level: null }];
  const seen = new Set<string>();
  for (const moderator of moderators) {
    if (seen.has(moderator)) throw new StatsInputError(`moderator '${moderator}' is listed twice`, null, 'moderators');
    seen.add(moderator);
    const values = valuesOf(effects, moderator);
    if (factors.includes(moderator)) {
      const labels = values.map(String);
      const levels = sortedLevels(values);
      if (levels.length < 2) {
        throw new StatsInputError(`moderator '${moderator}' has the same level ('${levels[0]}') in every study, so its effect cannot be estimated`, null, 'moderators');
      }
      for (const level of levels.slice(1)) {
        columns.push(Float64Array.from(labels, (label) => (label === level ? 1 : 0)));
        terms.push({ name: `${moderator}: ${level}`, moderator, level });
      }
    } else {
      const column = numericColumn(effects, moderator, values);
      if (column.every((x) => x === column[0])) {
        throw new StatsInputError(`moderator '${moderator}' has the same value (${column[0]}) in every study, so its effect cannot be estimated`, null, 'moderators');
      }
      columns.push(column);
      terms.push({ name: moderator, moderator, level: null });
    }
  }
  const p = columns.length;
  if (p >= k) {
    throw new StatsInputError(
      `the model has ${p} coefficients (the intercept and ${p - 1} for ${moderators.map((m) => `'${m}'`).join(', ')}) but only ${k} studies; a meta-regression needs more studies than coefficients`,
      null,
      'moderators',
    );
  }
  const dependent = firstDependentColumn(gramMatrix(centred(columns.slice(1))));
  if (dependent >= 0) {
    const term = terms[dependent + 1];
    const what = term.level === null ? `moderator '${term.moderator}'` : `level '${term.level}' of moderator '${term.moderator}'`;
    throw new StatsInputError(`${what} is a linear combination of the intercept and the moderators before it (collinear); leave one of them out`, null, 'moderators');
  }
  return { design: { k, p, columns }, terms };
}

/** Columns less their means: with the intercept projected out, collinearity shows on the scale of each column's spread. */
function centred(columns: Float64Array[]): Float64Array[] {
  return columns.map((column) => {
    const mean = column.reduce((s, x) => s + x, 0) / column.length;
    return column.map((x) => x - mean);
  });
}
