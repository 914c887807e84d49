import { validateEffects } from './pool/inverse-variance.js';
import { prepareRefits, refitSubset, type RefitData, type RefitOptions } from './pool/intercept-refit.js';
import { interceptDesign } from './numeric/weighted-regression.js';
import { hedges } from './tau2/hedges.js';
import { tau2Estimators } from './tau2/index.js';
import type { EffectSize, ModelOptions, SequenceOfFits } from './types.js';
import { vectorOf } from './numeric/vector-of.js';

/**
 * Where each refit's iterative τ² estimator (REML, ML, EB) starts: 'warm' from a neighbouring fit's τ² (the full data's
 * in leave-one-out, the previous step's in cumulative analysis), 'cold' from the Hedges estimate as metafor does. Both
 * converge to the same root (the tests hold them within 1e-10); warm takes a few passes over the data instead of about ten.
 */
export type RefitStart = 'warm' | 'cold';

/** The rows [0, a) and [b, n) of the prepared data that a refit uses, with its CI method and τ² start. */
interface Subset {
  a: number;
  b: number;
  ciMethod: ModelOptions['ciMethod'];
  /** The τ² to start from, or undefined for the estimator's own start. */
  tau2Start?: number;
}

/** Fits models to a sequence of subsets given by `subset(i, previousTau2)` and keeps only their summaries. */
function sequenceOfFits(ids: string[], data: RefitData | null, options: ModelOptions, subset: (i: number, previousTau2: number | undefined) => Subset): SequenceOfFits {
  const result: SequenceOfFits = { ids, estimate: [], se: [], ciLower: [], ciUpper: [], pval: [], Q: [], I2: [], tau2: [] };
  let previousTau2: number | undefined;
  for (let i = 0; data && i < ids.length; i++) {
    const { a, b, ciMethod, tau2Start } = subset(i, previousTau2);
    const refitOptions: RefitOptions = { model: options.model, tau2Estimator: options.tau2Estimator, ciMethod, tau2Start };
    const fit = refitSubset(data, a, b, refitOptions);
    previousTau2 = fit.tau2;
    result.estimate.push(fit.estimate);
    result.se.push(fit.se);
    result.ciLower.push(fit.ciLower);
    result.ciUpper.push(fit.ciUpper);
    result.pval.push(fit.pval);
    result.Q.push(fit.Q);
    result.I2.push(fit.I2);
    result.tau2.push(options.model === 'random' ? fit.tau2 : null);
  }
  return result;
}

/** The full data's τ² under the options and Hedges' τ²: the values the refits' estimators come close to. */
function nearbyTau2(yi: Float64Array, vi: Float64Array, options: ModelOptions): number[] {
  if (options.model !== 'random' || yi.length < 2) return [];
  const input = { design: interceptDesign(yi.length), yi, vi };
  return [tau2Estimators[options.tau2Estimator ?? 'REML'](input), hedges(input)];
}

/** Where each study's rows end, studies' rows placed one after another. */
function studyEnds(studies: { rows: unknown[] }[]): number[] {
  const ends: number[] = [];
  let end = 0;
  for (const study of studies) ends.push((end += study.rows.length));
  return ends;
}

/** Rows grouped by study, studies in the order their first row appears. */
export function rowsByStudy<T extends { id: string; studyId?: string | null }>(rows: T[]): { studyId: string; rows: T[] }[] {
  const studies: { studyId: string; rows: T[] }[] = [];
  const byId = new Map<string, { studyId: string; rows: T[] }>();
  for (const row of rows) {
    const studyId = row.studyId ?? row.id;
    const study = byId.get(studyId);
    if (study) study.rows.push(row);
    else {
      const first = { studyId, rows: [row] };
      byId.set(studyId, first);
      studies.push(first);
    }
  }
  return studies;
}

// Leave-one-out sensitivity analysis (metafor leave1out): element i is the model refitted without study i, all of
// its rows left out together.
export function leaveOneOut(effects: EffectSize[], options: ModelOptions, start: RefitStart = 'warm'): SequenceOfFits {
  validateEffects(effects);
  const studies = rowsByStudy(effects);
  if (studies.length < 2) return sequenceOfFits([], null, options, () => ({ a: 0, b: 0, ciMethod: options.ciMethod }));
  const ordered = studies.flatMap((s) => s.rows);
  const yi = vectorOf(ordered, (e) => e.yi);
  const vi = vectorOf(ordered, (e) => e.vi);
  const near = nearbyTau2(yi, vi, options);
  const tau2Start = start === 'warm' && options.model === 'random' ? near[0] : undefined;
  const ends = studyEnds(studies);
  return sequenceOfFits(studies.map((s) => s.studyId), prepareRefits(yi, vi, near, true), options, (i) => ({
    a: i === 0 ? 0 : ends[i - 1],
    b: ends[i],
    ciMethod: options.ciMethod,
    tau2Start,
  }));
}

// Cumulative meta-analysis (Lau et al. 1992; metafor cumul): element i is the model fitted to studies 1..i in the
// given order, each study entering with all of its rows.
export function cumulative(effects: EffectSize[], options: ModelOptions, start: RefitStart = 'warm'): SequenceOfFits {
  validateEffects(effects);
  const studies = rowsByStudy(effects);
  const ordered = studies.flatMap((s) => s.rows);
  const yi = vectorOf(ordered, (e) => e.yi);
  const vi = vectorOf(ordered, (e) => e.vi);
  const ends = studyEnds(studies);
  // The first step has one study: a t-based (HKSJ) interval needs two, so it is z-based like a k = 1 fit.
  return sequenceOfFits(studies.map((s) => s.studyId), prepareRefits(yi, vi, nearbyTau2(yi, vi, options), false), options, (i, previousTau2) => ({
    a: ends[i],
    b: yi.length,
    ciMethod: ends[i] === 1 ? 'z' : options.ciMethod,
    tau2Start: start === 'warm' && options.model === 'random' ? previousTau2 : undefined,
  }));
}

/** Rows in chronological order of their studies (by year, then as entered), a study's rows together: the order a living review accumulates in. */
export function chronological(effects: EffectSize[]): EffectSize[] {
  return rowsByStudy(effects)
    .map((study, index) => ({ study, index }))
    .sort((x, y) => (x.study.rows[0].year ?? Number.POSITIVE_INFINITY) - (y.study.rows[0].year ?? Number.POSITIVE_INFINITY) || x.index - y.index)
    .flatMap(({ study }) => study.rows);
}
