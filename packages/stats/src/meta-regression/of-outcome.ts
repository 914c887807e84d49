// An outcome's meta-regression on the moderators its maintainer chose: run on every recompute beside the pooled fit,
// with the same model, τ² estimator and CI method; a moderator the data cannot support is reported, not thrown.
import { StatsInputError } from '../errors.js';
import type { CiMethod, EffectSize, ModelKind, StudyInput, Tau2Estimator } from '../types.js';
import { metaRegression } from './meta-regression.js';
import type { MetaRegression, ModeratorValue } from './types.js';

/** The moderators an outcome is regressed on: names of study characteristics, the categorical ones among `factors`. */
export interface MetaRegressionSettings {
  moderators: string[];
  factors?: string[];
}

/** One row in the regression: its moderators' values (in the order of `moderators`) and its weight, for a bubble plot. */
export interface MetaRegressionPoint {
  id: string;
  studyId: string;
  values: (ModeratorValue | null)[];
  yi: number;
  vi: number;
  /** Percent of the total weight 1 / (vi + τ²) under the regression's residual τ². */
  weight: number;
}

/** The stored meta-regression of an outcome: the result, or why it could not be computed (what the maintainer should fix). */
export interface OutcomeMetaRegression {
  moderators: string[];
  factors: string[];
  result: MetaRegression | null;
  /** The reason there is no result (a moderator missing in a study, constant, collinear…); null with a result. */
  error: string | null;
  /** The row the error is about, when it names one (the API names its study). */
  errorRowId: string | null;
  points: MetaRegressionPoint[];
}

export function metaRegressionOfOutcome(
  effects: readonly EffectSize[],
  rows: readonly StudyInput[],
  settings: MetaRegressionSettings,
  options: { model: ModelKind; tau2Estimator: Tau2Estimator; ciMethod: CiMethod },
): OutcomeMetaRegression {
  const moderators = settings.moderators;
  const factors = settings.factors ?? [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const moderated = effects.map((effect) => ({ ...effect, moderators: byId.get(effect.id)?.moderators ?? null }));
  const empty = { moderators, factors, result: null, errorRowId: null, points: [] };
  try {
    const result = metaRegression(moderated, { model: options.model, tau2Estimator: options.tau2Estimator, ciMethod: options.ciMethod, moderators, factors });
    const inverse = moderated.map((e) => 1 / (e.vi + result.tau2));
    const total = inverse.reduce((sum, w) => sum + w, 0);
    const points = moderated.map((e, i) => ({
      id: e.id,
      studyId: e.studyId ?? e.id,
      values: moderators.map((name) => e.moderators?.[name] ?? null),
      yi: e.yi,
      vi: e.vi,
      weight: (100 * inverse[i]) / total,
    }));
    return { ...empty, result, error: null, points };
  } catch (error) {
    // A τ² estimator that does not converge on the design is as actionable as a bad moderator: pick another.
    if (error instanceof StatsInputError) return { ...empty, error: error.message, errorRowId: error.studyId ?? null };
    if (error instanceof RangeError) return { ...empty, error: `${error.message} (${options.tau2Estimator}); choose another τ² estimator`, errorRowId: null };
    throw error;
  }
}
