// The row two extractions give, entered into the outcome's data with the row machinery (storeStudyDataTable, so it
// is checked as any row is), and its provenance: who extracted it, whether they agreed, who reconciled what.
import type { Database, DualExtractionRow, Kysely, OutcomeRow } from '@cumulus/db';
import { labelKey } from '@cumulus/text';
import { nameOfRow, rowWithKey, storeStudyDataTable } from '../study-data.js';
import type { StudyNumbers } from '../study-data-shapes.js';
import { UserInputError, refuse } from '../user-errors.js';
import { differingFields, type ExtractionDifference } from './differences.js';

/** The key of a row: its study, subgroup and label (compared as labelKey compares them). */
export interface RowKey {
  studyId: string;
  label: string | null;
  subgroup: string | null;
}


/** "study 'Smith 2019' (high dose)" for a row being extracted. */
export async function nameOfExtractedRow(db: Kysely<Database>, key: RowKey): Promise<string> {
  const study = await db.selectFrom('studies').select('label').where('id', '=', key.studyId).executeTakeFirstOrThrow();
  return nameOfRow(study.label, key, key.subgroup !== null);
}

/** Refuses extracting a row the outcome already has: corrections of an existing row are made directly, and logged. */
export async function refuseIfRowExists(trx: Kysely<Database>, outcome: OutcomeRow, key: RowKey, name: string, path: string[]): Promise<void> {
  const existing = await rowWithKey(trx, outcome.id, key);
  if (existing) {
    refuse(
      path,
      `outcome '${outcome.name}' already has the row of ${name} (rowId ${existing.id}): an existing row is corrected directly with updateStudyDataRow, ` +
        'not extracted again; a new row needs another subgroup or label',
    );
  }
}

/**
 * Refuses a subgroup written differently from the outcome's spelling of it (as a row's would be refused when entered),
 * at the first extraction: the pair keeps the first extractor's spelling, which the second could not change.
 */
export async function refuseSubgroupSpelling(trx: Kysely<Database>, outcome: OutcomeRow, subgroup: string | null, path: string[]): Promise<void> {
  if (subgroup === null) return;
  const written = await trx.selectFrom('study_data').select('subgroup').distinct().where('outcome_id', '=', outcome.id).where('subgroup', 'is not', null).execute();
  const twin = written.map((row) => row.subgroup!).find((spelling) => spelling !== subgroup && labelKey(spelling) === labelKey(subgroup));
  if (twin !== undefined) {
    refuse(path, `subgroup '${subgroup}' is written '${twin}' in outcome '${outcome.name}': use the same spelling, so the rows are pooled together`);
  }
}

export interface ExtractionProvenance {
  kind: 'dual-extraction';
  summary: string;
  extractors: string[];
  reconciledBy: string | null;
  differences: ExtractionDifference[];
  note: string | null;
  /** As every provenance reads (RowProvenance): who confirmed the row and when; nothing was converted. */
  confirmedBy: string;
  confirmedVersion: number;
  conversions: string[];
  derived: boolean;
}

export function dualExtractionProvenance(extractors: string[], reconciledBy: string | null, differences: ExtractionDifference[], note: string | null, version: number): ExtractionProvenance {
  const by = `Extracted independently by ${extractors.join(' and ')}`;
  const summary = reconciledBy === null ? `${by}; agreed` : `${by}; reconciled by ${reconciledBy} (differed in ${differingFields(differences)})`;
  return {
    kind: 'dual-extraction',
    summary,
    extractors,
    reconciledBy,
    differences,
    note,
    confirmedBy: reconciledBy ?? extractors[extractors.length - 1],
    confirmedVersion: version,
    conversions: [],
    derived: false,
  };
}

/** The sources the extractors gave, once each (a row keeps one source text). */
export function sourceOf(sources: readonly (string | null)[]): string | null {
  const given = [...new Set(sources.filter((s): s is string => s !== null))];
  return given.length === 0 ? null : given.join('; ');
}

/**
 * Writes the row of `pair` with `numbers` under `version` and stores its provenance. Refusals of the row machinery
 * (a subgroup spelt differently from the outcome's, a study retracted meanwhile) come back at `path`.
 */
export async function enterExtractedRow(
  trx: Kysely<Database>,
  outcome: OutcomeRow,
  version: number,
  pair: DualExtractionRow,
  numbers: StudyNumbers,
  source: string | null,
  provenance: ExtractionProvenance,
  path: string[],
): Promise<{ rowId: string; details: unknown }> {
  await refuseIfRowExists(trx, outcome, { studyId: pair.study_id, label: pair.label, subgroup: pair.subgroup }, await nameOfExtractedRow(trx, { studyId: pair.study_id, label: pair.label, subgroup: pair.subgroup }), path);
  let written;
  try {
    [written] = await storeStudyDataTable(trx, outcome, version, [{ studyId: pair.study_id, label: pair.label, subgroup: pair.subgroup, source, ...numbers }]);
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    throw new UserInputError(error.errors.map((e) => ({ ...e, field: [...path, ...e.field.slice(3)] })));
  }
  await trx.updateTable('study_data').set({ provenance: JSON.stringify(provenance) }).where('id', '=', written.rowId).execute();
  return { rowId: written.rowId, details: written.details };
}
