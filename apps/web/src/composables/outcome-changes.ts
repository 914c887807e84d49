// What a new version of an outcome changed, as the page highlights it.
import { formatEffect, formatEffectWithCi, formatHeterogeneity, formatPValue } from '../format';
import type { Analysis, Outcome, StudyResult } from '../graphql/outcome';
import { studyLabels } from '../rows/row-labels';

export type SummaryField = 'k' | 'estimate' | 'pValue' | 'heterogeneity' | 'prediction';

export interface OutcomeChanges {
  fromVersion: number | null;
  toVersion: number | null;
  fields: ReadonlySet<SummaryField>;
  addedStudies: string[];
  removedStudies: string[];
  addedStudyIds: ReadonlySet<string>;
  /** Rows added to (or taken from) studies that were there before and still are: a multi-arm trial's other arm. */
  addedRows: string[];
  removedRows: string[];
}

export const noChanges: OutcomeChanges = { fromVersion: null, toVersion: null, fields: new Set(), addedStudies: [], removedStudies: [], addedStudyIds: new Set(), addedRows: [], removedRows: [] };

/** A row's identity across versions: its id (older analyses have none: the study's). */
const rowKey = (row: Pick<StudyResult, 'rowId' | 'studyId'>) => row.rowId ?? row.studyId;

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

  // Studies, each once however many rows it gives; then rows of the studies in both.
  const beforeStudies = studyLabels(a.studies);
  const afterStudies = studyLabels(b.studies);
  const added = [...afterStudies].filter(([id]) => !beforeStudies.has(id));
  const inBoth = (row: StudyResult) => beforeStudies.has(row.studyId) && afterStudies.has(row.studyId);
  const beforeRows = new Set(a.studies.map(rowKey));
  const afterRows = new Set(b.studies.map(rowKey));
  return {
    fromVersion: before.version,
    toVersion: after.version,
    fields,
    addedStudies: added.map(([, label]) => label),
    removedStudies: [...beforeStudies].filter(([id]) => !afterStudies.has(id)).map(([, label]) => label),
    addedStudyIds: new Set(added.map(([id]) => id)),
    addedRows: b.studies.filter((row) => inBoth(row) && !beforeRows.has(rowKey(row))).map((row) => row.label),
    removedRows: a.studies.filter((row) => inBoth(row) && !afterRows.has(rowKey(row))).map((row) => row.label),
  };
}

/** "Version 28 → 29: added Smith 2020; pooled estimate 0.47 [0.33, 0.68] → 0.45 [0.32, 0.64]." */
export function describeChanges(changes: OutcomeChanges, before: Analysis, after: Analysis): string {
  const parts: string[] = [];
  if (changes.addedStudies.length > 0) parts.push(`added ${changes.addedStudies.join(', ')}`);
  if (changes.removedStudies.length > 0) parts.push(`removed ${changes.removedStudies.join(', ')}`);
  if (changes.addedRows.length > 0) parts.push(`added the row${changes.addedRows.length === 1 ? '' : 's'} ${changes.addedRows.join(', ')}`);
  if (changes.removedRows.length > 0) parts.push(`removed the row${changes.removedRows.length === 1 ? '' : 's'} ${changes.removedRows.join(', ')}`);
  if (changes.fields.has('estimate')) {
    parts.push(`pooled estimate ${formatEffectWithCi(before.estimate, before.ciLower, before.ciUpper)} → ${formatEffectWithCi(after.estimate, after.ciLower, after.ciUpper)}`);
  }
  if (parts.length === 0) parts.push('no change in the numbers shown');
  return `Version ${changes.fromVersion} → ${changes.toVersion}: ${parts.join('; ')}.`;
}
