import { ivPoolOptions } from './fit.js';
import { poolVectors, validateEffects } from './pool/inverse-variance.js';
import type { EffectSize, ModelOptions, SequenceOfFits } from './types.js';

/** Fits models to a sequence of subsets given by `subset(i, buffers)` and keeps only their summaries. */
function sequenceOfFits(
  ids: string[],
  count: number,
  options: ModelOptions,
  subset: (i: number) => { yi: Float64Array; vi: Float64Array; ciMethod: ModelOptions['ciMethod'] },
): SequenceOfFits {
  const result: SequenceOfFits = { ids, estimate: [], se: [], ciLower: [], ciUpper: [], pval: [], Q: [], I2: [], tau2: [] };
  for (let i = 0; i < count; i++) {
    const { yi, vi, ciMethod } = subset(i);
    const fit = poolVectors(yi, vi, { ...ivPoolOptions({ ...options, ciMethod }, false), withWeights: false });
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

/** Rows grouped by study, studies in the order their first row appears. */
export function rowsByStudy<T extends { id: string; studyId?: string | null }>(rows: T[]): { studyId: string; rows: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const studyId = row.studyId ?? row.id;
    const group = groups.get(studyId);
    if (group) group.push(row);
    else groups.set(studyId, [row]);
  }
  return [...groups].map(([studyId, members]) => ({ studyId, rows: members }));
}

// Leave-one-out sensitivity analysis (metafor leave1out): element i is the model refitted without study i, all of
// its rows left out together.
export function leaveOneOut(effects: EffectSize[], options: ModelOptions): SequenceOfFits {
  validateEffects(effects);
  const studies = rowsByStudy(effects);
  if (studies.length < 2) return sequenceOfFits([], 0, options, () => ({ yi: new Float64Array(0), vi: new Float64Array(0), ciMethod: options.ciMethod }));
  const yiAll = new Float64Array(effects.length);
  const viAll = new Float64Array(effects.length);
  return sequenceOfFits(studies.map((s) => s.studyId), studies.length, options, (i) => {
    let j = 0;
    for (let m = 0; m < studies.length; m++) {
      if (m === i) continue;
      for (const row of studies[m].rows) {
        yiAll[j] = row.yi;
        viAll[j] = row.vi;
        j++;
      }
    }
    return { yi: yiAll.subarray(0, j), vi: viAll.subarray(0, j), ciMethod: options.ciMethod };
  });
}

// Cumulative meta-analysis (Lau et al. 1992; metafor cumul): element i is the model fitted to studies 1..i in the
// given order, each study entering with all of its rows.
export function cumulative(effects: EffectSize[], options: ModelOptions): SequenceOfFits {
  validateEffects(effects);
  const studies = rowsByStudy(effects);
  const ordered = studies.flatMap((s) => s.rows);
  const yi = Float64Array.from(ordered, (e) => e.yi);
  const vi = Float64Array.from(ordered, (e) => e.vi);
  const ends: number[] = [];
  let end = 0;
  for (const study of studies) ends.push((end += study.rows.length));
  // The first step has one study: a t-based (HKSJ) interval needs two, so it is z-based like a k = 1 fit.
  return sequenceOfFits(studies.map((s) => s.studyId), studies.length, options, (i) => ({
    yi: yi.subarray(0, ends[i]),
    vi: vi.subarray(0, ends[i]),
    ciMethod: ends[i] === 1 ? 'z' : options.ciMethod,
  }));
}

/** Rows in chronological order of their studies (by year, then as entered), a study's rows together: the order a living review accumulates in. */
export function chronological(effects: EffectSize[]): EffectSize[] {
  return rowsByStudy(effects)
    .map((study, index) => ({ study, index }))
    .sort((x, y) => (x.study.rows[0].year ?? Number.POSITIVE_INFINITY) - (y.study.rows[0].year ?? Number.POSITIVE_INFINITY) || x.index - y.index)
    .flatMap(({ study }) => study.rows);
}
