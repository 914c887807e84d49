import { fitEffects } from './fit.js';
import { heterogeneityFromQ } from './heterogeneity.js';
import type { EffectSize, ModelOptions, SubgroupAnalysis } from './types.js';

/** Studies without a subgroup label are analysed under this name. */
export const UNLABELLED_SUBGROUP = '(no subgroup)';

// Subgroup analysis with each subgroup fitted alone (its own τ²; a one-study subgroup as fixed effect) and
// the test for subgroup differences: Cochran's Q over the subgroup estimates (Cochrane Handbook 10.11.3.1).
export function subgroupAnalysis(effects: EffectSize[], options: ModelOptions): SubgroupAnalysis {
  const byName = new Map<string, EffectSize[]>();
  for (const e of effects) {
    const name = e.subgroup ?? UNLABELLED_SUBGROUP;
    byName.set(name, [...(byName.get(name) ?? []), e]);
  }
  const groups = [...byName].map(([name, members]) => ({
    name,
    k: members.length,
    fit: fitEffects(members, members.length === 1 ? { ...options, model: 'fixed' } : options),
  }));
  let sumW = 0;
  let sumWY = 0;
  for (const { fit } of groups) {
    sumW += 1 / fit.se ** 2;
    sumWY += fit.estimate / fit.se ** 2;
  }
  const center = sumWY / sumW;
  const Qbetween = groups.reduce((q, { fit }) => q + (fit.estimate - center) ** 2 / fit.se ** 2, 0);
  const test = heterogeneityFromQ(Qbetween, groups.length - 1);
  return { groups, Qbetween, QbetweenDf: test.Qdf, QbetweenP: test.Qp };
}
