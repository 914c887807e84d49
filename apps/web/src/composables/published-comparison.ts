// Each published result of an outcome beside what Cumulus recomputes now: the overall pooled result, or the
// subgroup of the same name when the review published one per subgroup (e.g. by cell source).
import { formatEffectWithCi, formatI2 } from '../format';
import type { Analysis, ReferenceResult } from '../graphql/outcome';
import { studiesPerSubgroup } from '../rows/row-labels';

export interface PublishedComparison {
  /** "by cell source at 6 months: SVF" */
  label: string;
  whereReported: string;
  published: string;
  publishedModel: string;
  publishedTrials: number;
  publishedI2: string;
  certainty: string;
  recomputed: string;
  recomputedTrials: number;
  /** What the recomputed number is: the whole outcome or one subgroup. */
  recomputedScope: 'overall' | 'subgroup';
  /** Both intervals rounded the same way agree. */
  matches: boolean;
}

type AnalysisPart = Pick<Analysis, 'k' | 'estimate' | 'ciLower' | 'ciUpper' | 'model' | 'subgroups'> & Partial<Pick<Analysis, 'studies'>>;

export function comparePublished(references: readonly ReferenceResult[], analysis: AnalysisPart): PublishedComparison[] {
  const subgroupStudies = studiesPerSubgroup(analysis.studies ?? []);
  return references.map((reference) => {
    const group = reference.subgroup !== null ? analysis.subgroups?.groups.find((g) => g.name === reference.subgroup) : undefined;
    const now = group ?? analysis;
    const recomputed =
      now.k === 0 ? 'no studies with data yet' : now.estimate === null ? 'no overall total (by the outcome’s setting)' : formatEffectWithCi(now.estimate, now.ciLower, now.ciUpper);
    const published = formatEffectWithCi(reference.estimate, reference.ciLower, reference.ciUpper);
    return {
      label: reference.subgroup && group ? `${reference.analysis}: ${reference.subgroup}` : reference.analysis,
      whereReported: reference.whereReported,
      published,
      publishedModel: reference.model,
      publishedTrials: reference.trials,
      publishedI2: reference.i2 === null ? '' : formatI2(reference.i2),
      certainty: reference.certainty ?? '',
      recomputed,
      // A subgroup's k counts rows; a trial giving two of them is one trial.
      recomputedTrials: group ? (group.studies ?? subgroupStudies.get(group.name) ?? group.k) : now.k,
      recomputedScope: group ? 'subgroup' : 'overall',
      matches: now.k > 0 && published === recomputed,
    };
  });
}
