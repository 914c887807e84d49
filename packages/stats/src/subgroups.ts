import type { EffectOptions } from './effect-sizes/index.js';
import { fitEffects, fitModel } from './fit.js';
import { heterogeneityFromQ } from './heterogeneity.js';
import type { EffectSize, Measure, ModelOptions, StudyInput, SubgroupAnalysis, SubgroupResult } from './types.js';

/** Studies without a subgroup label are analysed under this name. */
export const UNLABELLED_SUBGROUP = '(no subgroup)';

function bySubgroup<T extends { subgroup?: string | null }>(rows: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const name = row.subgroup ?? UNLABELLED_SUBGROUP;
    const members = groups.get(name);
    if (members) members.push(row);
    else groups.set(name, [row]);
  }
  return groups;
}

const distinctStudies = (rows: { id: string; studyId?: string | null }[]) => new Set(rows.map((row) => row.studyId ?? row.id)).size;

// The test for subgroup differences: Cochran's Q over the subgroup estimates with inverse-variance weights
// 1/se² (Cochrane Handbook 10.11.3.1; Borenstein et al. 2009, ch. 19), and its I² = (Q - df)/Q.
export function subgroupDifferences(groups: SubgroupResult[]): Omit<SubgroupAnalysis, 'groups'> {
  let sumW = 0;
  let sumWY = 0;
  for (const { fit } of groups) {
    sumW += 1 / fit.se ** 2;
    sumWY += fit.estimate / fit.se ** 2;
  }
  const center = sumWY / sumW;
  const Qbetween = groups.reduce((q, { fit }) => q + (fit.estimate - center) ** 2 / fit.se ** 2, 0);
  const test = heterogeneityFromQ(Qbetween, groups.length - 1);
  return { Qbetween, QbetweenDf: test.Qdf, QbetweenP: test.Qp, QbetweenI2: test.I2Q };
}

// Subgroup analysis of effects with each subgroup fitted alone by inverse variance (its own τ²; a one-study
// subgroup as fixed effect), and the test for subgroup differences.
export function subgroupAnalysis(effects: EffectSize[], options: ModelOptions): SubgroupAnalysis {
  const groups = [...bySubgroup(effects)].map(([name, members]) => ({
    name,
    k: members.length,
    studies: distinctStudies(members),
    fit: fitEffects(members, members.length === 1 ? { ...options, model: 'fixed' } : options),
  }));
  return { groups, ...subgroupDifferences(groups) };
}

/**
 * Subgroup analysis of rows of study data, each subgroup pooled as the outcome is (Mantel-Haenszel or Peto
 * weights within the subgroup, Q around that subgroup's estimate), as RevMan 5 pools and shows subgroups.
 * A subgroup with no estimable row (double zeros only) is left out of the test, as RevMan leaves it out.
 */
export function subgroupAnalysisOfRows(studies: StudyInput[], measure: Measure, options: ModelOptions & EffectOptions, estimableIds: Set<string>): SubgroupAnalysis {
  const groups: SubgroupResult[] = [];
  for (const [name, members] of bySubgroup(studies)) {
    const estimable = members.filter((row) => estimableIds.has(row.id));
    if (estimable.length === 0) continue;
    const fixedOnly = estimable.length === 1 && options.method === 'IV';
    groups.push({ name, k: estimable.length, studies: distinctStudies(members), fit: fitModel(members, measure, fixedOnly ? { ...options, model: 'fixed' } : options) });
  }
  return { groups, ...subgroupDifferences(groups) };
}
