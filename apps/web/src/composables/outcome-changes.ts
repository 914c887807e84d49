// What a new version of an outcome changed, as the page highlights it.
import { formatEffect, formatEffectWithCi, formatHeterogeneity, formatPValue } from '../format';
import type { Analysis, Outcome } from '../graphql/outcome';

export type SummaryField = 'k' | 'estimate' | 'pValue' | 'heterogeneity' | 'prediction';

export interface OutcomeChanges {
  fromVersion: number | null;
  toVersion: number | null;
  fields: ReadonlySet<SummaryField>;
  addedStudies: string[];
  removedStudies: string[];
  addedStudyIds: ReadonlySet<string>;
}

export const noChanges: OutcomeChanges = { fromVersion: null, toVersion: null, fields: new Set(), addedStudies: [], removedStudies: [], addedStudyIds: new Set() };

/** Compares what a reader sees (formatted numbers), so a change in the tenth decimal does not flash. */
export function outcomeChanges(before: Pick<Outcome, 'version' | 'analysis'>, after: Pick<Outcome, 'version' | 'analysis'>): OutcomeChanges {
  const a = before.analysis;
  const b = after.analysis;
  const shown: Record<SummaryField, (x: Analysis) => string> = {
    k: (x) => String(x.k),
    estimate: (x) => formatEffectWithCi(x.estimate, x.ciLower, x.ciUpper),
    pValue: (x) => formatPValue(x.pValue),
    heterogeneity: (x) => formatHeterogeneity(x),
    prediction: (x) => `${formatEffect(x.predictionLower)} ${formatEffect(x.predictionUpper)}`,
  };
  const fields = new Set<SummaryField>();
  for (const field of Object.keys(shown) as SummaryField[]) if (shown[field](a) !== shown[field](b)) fields.add(field);

  const beforeStudies = new Set(a.studies.map((s) => s.studyId));
  const afterStudies = new Set(b.studies.map((s) => s.studyId));
  const added = b.studies.filter((s) => !beforeStudies.has(s.studyId));
  return {
    fromVersion: before.version,
    toVersion: after.version,
    fields,
    addedStudies: added.map((s) => s.label),
    removedStudies: a.studies.filter((s) => !afterStudies.has(s.studyId)).map((s) => s.label),
    addedStudyIds: new Set(added.map((s) => s.studyId)),
  };
}

/** "Version 28 → 29: added Smith 2020; pooled estimate 0.47 [0.33, 0.68] → 0.45 [0.32, 0.64]." */
export function describeChanges(changes: OutcomeChanges, before: Analysis, after: Analysis): string {
  const parts: string[] = [];
  if (changes.addedStudies.length > 0) parts.push(`added ${changes.addedStudies.join(', ')}`);
  if (changes.removedStudies.length > 0) parts.push(`removed ${changes.removedStudies.join(', ')}`);
  if (changes.fields.has('estimate')) {
    parts.push(`pooled estimate ${formatEffectWithCi(before.estimate, before.ciLower, before.ciUpper)} → ${formatEffectWithCi(after.estimate, after.ciLower, after.ciUpper)}`);
  }
  if (parts.length === 0) parts.push('no change in the numbers shown');
  return `Version ${changes.fromVersion} → ${changes.toVersion}: ${parts.join('; ')}.`;
}
