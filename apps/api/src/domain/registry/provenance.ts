// A data row's provenance: where its numbers came from when Cumulus knows more than the free-text source. Stored as
// JSON in study_data.provenance; a correction of the row's numbers by hand clears it (study-data.ts).
import type { BinaryGroupRow, ContinuousGroupRow, Provenance } from '@cumulus/registry';

export interface RegistryRowProvenance {
  kind: 'registry';
  summary: string;
  nctId: string;
  sourceUrl: string;
  measureTitle: string;
  timeFrame: string | null;
  classTitle: string | null;
  categoryTitle: string | null;
  recordVersionDate: string | null;
  fetchedAt: string | null;
  group1: string;
  group2: string;
  conversions: string[];
  derived: boolean;
  proposalId: string;
  confirmedBy: string;
  confirmedVersion: number;
}

/** Any provenance a row may carry: the registry's, or another kind (dual extraction) read by its own fields. */
export type RowProvenance = RegistryRowProvenance | ({ kind: string; summary: string } & Record<string, unknown>);

type GroupRow = BinaryGroupRow | ContinuousGroupRow;

const derivedRow = (row: GroupRow) => ('derived' in row ? row.derived : row.sdFrom !== 'standard-deviation');

/** "ClinicalTrials.gov NCT02552212, 'ASAS40 at week 12' (Week 12), record of 2019-05-01, fetched 2026-12-02". */
export function registryProvenance(
  provenance: Provenance,
  rows: readonly [GroupRow, GroupRow],
  decision: { proposalId: string; confirmedBy: string; confirmedVersion: number },
): RegistryRowProvenance {
  const part = [provenance.classTitle, provenance.categoryTitle].filter((title): title is string => title !== null && title !== '').join(', ');
  const conversions = rows.flatMap((row) => (row.conversion === null ? [] : [`${row.groupTitle}: ${row.conversion}`]));
  const derived = rows.some(derivedRow);
  const summary = [
    `${provenance.registry} ${provenance.nctId}, '${provenance.measureTitle}'${part ? ` [${part}]` : ''}${provenance.timeFrame ? ` (${provenance.timeFrame})` : ''}`,
    provenance.recordVersionDate ? `record of ${provenance.recordVersionDate}` : null,
    provenance.fetchedAt ? `fetched ${provenance.fetchedAt.slice(0, 10)}` : null,
    derived ? 'some numbers derived (see conversions)' : null,
  ]
    .filter((piece): piece is string => piece !== null)
    .join(', ');
  return {
    kind: 'registry',
    summary,
    nctId: provenance.nctId,
    sourceUrl: provenance.sourceUrl,
    measureTitle: provenance.measureTitle,
    timeFrame: provenance.timeFrame,
    classTitle: provenance.classTitle,
    categoryTitle: provenance.categoryTitle,
    recordVersionDate: provenance.recordVersionDate,
    fetchedAt: provenance.fetchedAt,
    group1: rows[0].groupTitle,
    group2: rows[1].groupTitle,
    conversions,
    derived,
    ...decision,
  };
}
