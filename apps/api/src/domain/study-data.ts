// An outcome's data as rows: each row belongs to one study and holds its numbers; a study may give several rows
// in one outcome (in several subgroups, or one per comparison of a multi-arm trial), told apart by subgroup and
// label. Recording a study's row, adding, correcting and removing rows, a whole table of rows as one version,
// and taking a study's rows out; each change recomputes the outcome under a new version.
import type { Database, Kysely, OutcomeRow, StudyDataRow } from '@cumulus/db';
import { labelKey } from '@cumulus/text';
import { z } from 'zod';
import type { Viewer } from '../auth/viewer.js';
import type { Measure } from './engine.js';
import { outcomeForWrite, outcomeReviewForWrite } from './access.js';
import { noteCorrectedRows } from './analysis-inputs.js';
import { refuseNewRowsWithoutDualExtraction } from './extraction/settings.js';
import { newId } from './ids.js';
import { now, rowOfNumbers, settingsOfOutcome } from './rows.js';
import { checkStudyNumbers, type StudyNumbers } from './study-data-shapes.js';
import { UserInputError, refusable, refuse, type WriteResult } from './user-errors.js';
import { optionalText, validate } from './validate.js';
import { insertStudies, newStudyInput, refuseRepeatedLabels } from './studies.js';
import { commitChange, type Services } from './write-path.js';

const finite = z.number().refine(Number.isFinite, 'must be a finite number').nullish();

export const studyNumbersInput = {
  events1: finite,
  n1: finite,
  events2: finite,
  n2: finite,
  mean1: finite,
  sd1: finite,
  mean2: finite,
  sd2: finite,
  meanBefore: finite,
  sdBefore: finite,
  meanAfter: finite,
  sdAfter: finite,
  n: finite,
  yi: finite,
  sei: finite,
  estimate: finite,
  ciLower: finite,
  ciUpper: finite,
  subgroup: optionalText('subgroup', 200),
  source: optionalText('source', 2000, { multiline: true }),
};
/** The row's arm or comparison ('high dose'), shown after the study's label. */
const label = optionalText('label', 200);

const recordStudyDataInput = z.object({ outcomeId: z.string(), studyId: z.string(), rowId: z.string().nullish(), label, ...studyNumbersInput });
export type RecordStudyDataInput = z.input<typeof recordStudyDataInput>;

const addStudyDataRowInput = z.object({ outcomeId: z.string(), studyId: z.string(), label, ...studyNumbersInput });
export type AddStudyDataRowInput = z.input<typeof addStudyDataRowInput>;

const updateStudyDataRowInput = z.object({ rowId: z.string(), label, ...studyNumbersInput });
export type UpdateStudyDataRowInput = z.input<typeof updateStudyDataRowInput>;

const removeStudyDataRowInput = z.object({ rowId: z.string() });
export type RemoveStudyDataRowInput = z.input<typeof removeStudyDataRowInput>;

/** At most this many rows in one table (one version recomputes the outcome once, whatever the count). */
const MAX_TABLE_ROWS = 5000;
/** A table's row names its study by id, or by label (a study of the review, or one of the table's new studies). */
const tableRowInput = z
  .object({ studyId: z.string().nullish(), studyLabel: z.string().nullish(), rowId: z.string().nullish(), label, ...studyNumbersInput })
  .superRefine((row, context) => {
    if ((row.studyId == null) === (row.studyLabel == null)) {
      context.addIssue({ code: 'custom', path: ['studyId'], message: 'give the study as studyId or as studyLabel (one of them)' });
    }
  });
/** A table's row as storeStudyDataTable takes it: checked input, or an import's rows. */
export type StudyDataTableRow = StudyNumbers & {
  studyId?: string | null;
  studyLabel?: string | null;
  rowId?: string | null;
  label?: string | null;
  subgroup?: string | null;
  source?: string | null;
};
const recordStudyDataTableInput = z.object({
  outcomeId: z.string(),
  newStudies: z.array(newStudyInput).max(MAX_TABLE_ROWS, `give at most ${MAX_TABLE_ROWS} new studies at a time`).nullish(),
  rows: z.array(tableRowInput).min(1, 'give at least one row').max(MAX_TABLE_ROWS, `give at most ${MAX_TABLE_ROWS} rows at a time`),
});
export type RecordStudyDataTableInput = z.input<typeof recordStudyDataTableInput>;

const repeatRule = "a study's rows in one outcome may repeat only with a different subgroup or label";

/** What a row stores besides its study. */
interface RowValues {
  numbers: StudyNumbers;
  subgroup: string | null;
  label: string | null;
  source: string | null;
}

interface StudyOfRow {
  id: string;
  label: string;
}

interface WrittenRow {
  rowId: string;
  study: StudyOfRow;
  name: string;
  /** The row as now stored, when an existing row was corrected (null for a new row). */
  corrected: StudyDataRow | null;
  details: unknown;
}

/** "study 'Smith 2019' (high dose)"; a row with no label is named by its subgroup when its study has other rows. */
export function nameOfRow(studyLabel: string, row: Pick<RowValues, 'label' | 'subgroup'>, studyHasOtherRows: boolean): string {
  const tag = row.label ?? (studyHasOtherRows && row.subgroup !== null ? `subgroup '${row.subgroup}'` : null);
  return `study '${studyLabel}'${tag === null ? '' : ` (${tag})`}`;
}

const keyInWords = (row: Pick<RowValues, 'label' | 'subgroup'>) =>
  `${row.subgroup === null ? 'no subgroup' : `subgroup '${row.subgroup}'`} and ${row.label === null ? 'no label' : `label '${row.label}'`}`;

/** One stored row as a maintainer picks it out of a list. */
const rowInWords = (row: Pick<StudyDataRow, 'id' | 'label' | 'subgroup'>) =>
  `${row.label === null ? 'no label' : `'${row.label}'`}${row.subgroup === null ? '' : `, subgroup '${row.subgroup}'`} (rowId ${row.id})`;

type RowInput = StudyNumbers & { subgroup?: string | null; source?: string | null; label?: string | null };

/** What a row is recorded with: the numbers, subgroup and source given (left out: none); a label left out stays as `existing` has it. */
function recordedValues({ subgroup, source, label: rowLabel, ...numbers }: RowInput, existing: RowKey | null): RowValues {
  return { numbers, subgroup: subgroup ?? null, source: source ?? null, label: rowLabel === undefined ? (existing?.label ?? null) : rowLabel };
}

/** What a corrected row keeps: the numbers given; label, subgroup and source left out stay as `existing` has them (null clears). */
function correctedValues({ subgroup, source, label: rowLabel, ...numbers }: RowInput, existing: StudyDataRow): RowValues {
  return {
    numbers,
    subgroup: subgroup === undefined ? existing.subgroup : subgroup,
    source: source === undefined ? existing.source : source,
    label: rowLabel === undefined ? existing.label : rowLabel,
  };
}

/** A stored row of a study in an outcome as writing beside it needs it: which it is, and its label and subgroup. */
type RowKey = Pick<StudyDataRow, 'id' | 'label' | 'subgroup'>;

/** The study's columns and its rows' keys, one result row per data row (one with the row's columns null when it has none). */
const studyRowColumns = [
  'studies.id as study_id',
  'studies.label as study_label',
  'studies.retracted_version as study_retracted_version',
  'study_data.id as row_id',
  'study_data.label as row_label',
  'study_data.subgroup as row_subgroup',
] as const;

interface FoundStudyRow {
  study_id: string | null;
  study_label: string | null;
  study_retracted_version: number | null;
  row_id: string | null;
  row_label: string | null;
  row_subgroup: string | null;
}

/** The study found (refused at `field` when it is not the review's or was retracted) and its rows, in their order. */
function studyOfFound(found: FoundStudyRow[], studyId: string, field: string[]): { study: StudyOfRow; rows: RowKey[] } {
  const [{ study_id: foundId, study_label: label, study_retracted_version: retracted }] = found;
  if (foundId === null || label === null) refuse(field, `there is no study with id '${studyId}' in this outcome's review`);
  if (retracted !== null) refuse(field, `study '${label}' was retracted at version ${retracted}; its data stay out of analyses`);
  const rows = found.filter((row) => row.row_id !== null).map((row) => ({ id: row.row_id!, label: row.row_label, subgroup: row.row_subgroup }));
  return { study: { id: studyId, label }, rows };
}

/**
 * The study a row is written for, checked to be of the outcome's review and not retracted, with its rows in the outcome
 * in their order: read together, in one statement. `field` is where the study is named.
 */
async function studyWithRows(trx: Kysely<Database>, outcome: OutcomeRow, studyId: string, field: string[]): Promise<{ study: StudyOfRow; rows: RowKey[] }> {
  const found = await trx
    .selectFrom('studies')
    .leftJoin('study_data', (join) => join.onRef('study_data.study_id', '=', 'studies.id').on('study_data.outcome_id', '=', outcome.id))
    .select(studyRowColumns)
    .where('studies.id', '=', studyId)
    .where('studies.review_id', '=', outcome.review_id)
    .orderBy('study_data.position')
    .orderBy('study_data.id')
    .execute();
  if (found.length === 0) refuse(field, `there is no study with id '${studyId}' in this outcome's review`);
  return studyOfFound(found, studyId, field);
}

/**
 * The outcome as stored now (read inside the change, under the review's lock) with the study a row is written for and its
 * rows in the outcome, as studyWithRows gives them: one statement for what a row's write reads first.
 */
async function outcomeWithStudyRows(trx: Kysely<Database>, outcomeId: string, studyId: string, field: string[]): Promise<{ outcome: OutcomeRow; study: StudyOfRow; rows: RowKey[] }> {
  const found = await trx
    .selectFrom('outcomes')
    .leftJoin('studies', (join) => join.on('studies.id', '=', studyId).onRef('studies.review_id', '=', 'outcomes.review_id'))
    .leftJoin('study_data', (join) => join.onRef('study_data.study_id', '=', 'studies.id').onRef('study_data.outcome_id', '=', 'outcomes.id'))
    .selectAll('outcomes')
    .select(studyRowColumns)
    .where('outcomes.id', '=', outcomeId)
    .orderBy('study_data.position')
    .orderBy('study_data.id')
    .execute();
  if (found.length === 0) throw new Error(`there is no outcome with id '${outcomeId}'`);
  const { study_id: _id, study_label: _label, study_retracted_version: _retracted, row_id: _row, row_label: _rowLabel, row_subgroup: _subgroup, ...outcome } = found[0];
  return { outcome, ...studyOfFound(found, studyId, field) };
}

/** The study's rows in the outcome, in their order. */
function rowsOfStudy(trx: Kysely<Database>, outcomeId: string, studyId: string): Promise<StudyDataRow[]> {
  return trx.selectFrom('study_data').selectAll().where('outcome_id', '=', outcomeId).where('study_id', '=', studyId).orderBy('position').orderBy('id').execute();
}

/** Subgroups and labels that differ only by case, spacing or Unicode form are the same subgroup or label. */
const sameKey = (a: string | null, b: string | null) => (a === null || b === null ? a === b : labelKey(a) === labelKey(b));

/** Whether two rows of one study have the same place in an outcome: the same label and subgroup. */
export const sameRowKey = (a: Pick<StudyDataRow, 'label' | 'subgroup'>, b: Pick<StudyDataRow, 'label' | 'subgroup'>) => sameKey(a.label, b.label) && sameKey(a.subgroup, b.subgroup);

/** The study's row in the outcome with this label and subgroup, if it has one. */
export async function rowWithKey(trx: Kysely<Database>, outcomeId: string, key: { studyId: string; label: string | null; subgroup: string | null }): Promise<Pick<StudyDataRow, 'id' | 'label' | 'subgroup'> | undefined> {
  const rows = await trx.selectFrom('study_data').select(['id', 'label', 'subgroup']).where('outcome_id', '=', outcomeId).where('study_id', '=', key.studyId).execute();
  return rows.find((row) => sameRowKey(row, key));
}

/**
 * What writing rows into an outcome needs to know once per change: where new rows go, and the subgroups as written; read
 * when first needed (correcting a row's numbers needs neither).
 */
interface OutcomeRowsContext {
  /** Hands out places after the outcome's last row, one per new row. */
  place: () => Promise<number>;
  /** The outcome's subgroups as written, by labelKey; kept current as rows are written in the same change. */
  spellings: () => Promise<Map<string, Set<string>>>;
}

function outcomeRowsContext(trx: Kysely<Database>, outcomeId: string): OutcomeRowsContext {
  let known: Promise<{ next: number; spellings: Map<string, Set<string>> }> | null = null;
  const load = () =>
    (known ??= (async () => {
      const { last } = await trx.selectFrom('study_data').select(({ fn }) => fn.max('position').as('last')).where('outcome_id', '=', outcomeId).executeTakeFirstOrThrow();
      const subgroups = await trx.selectFrom('study_data').select('subgroup').distinct().where('outcome_id', '=', outcomeId).where('subgroup', 'is not', null).execute();
      const spellings = new Map<string, Set<string>>();
      for (const { subgroup } of subgroups) addSpelling(spellings, subgroup!);
      return { next: last === null ? 0 : Number(last) + 1, spellings };
    })());
  return { place: async () => (await load()).next++, spellings: async () => (await load()).spellings };
}

function addSpelling(spellings: Map<string, Set<string>>, subgroup: string): void {
  const key = labelKey(subgroup);
  spellings.set(key, (spellings.get(key) ?? new Set()).add(subgroup));
}

/**
 * Stores one row (a new one, or `existing` corrected) after checking its numbers against the outcome's measure and
 * that no other row of the study (`siblings`) has the same subgroup and label. `path` is where it sits in the input.
 */
async function writeRow(
  trx: Kysely<Database>,
  outcome: OutcomeRow,
  version: number,
  study: StudyOfRow,
  siblings: readonly RowKey[],
  existing: RowKey | null,
  values: RowValues,
  context: OutcomeRowsContext,
  path: string[],
): Promise<WrittenRow> {
  const others = siblings.filter((row) => row.id !== existing?.id);
  const name = nameOfRow(study.label, values, others.length > 0);
  const errors = checkStudyNumbers(values.numbers, outcome.measure as Measure, name, path, settingsOfOutcome(outcome));
  if (errors.length > 0) throw new UserInputError(errors);
  if (values.subgroup !== null) {
    const twin = [...((await context.spellings()).get(labelKey(values.subgroup)) ?? [])].find((spelling) => spelling !== values.subgroup);
    if (twin !== undefined) {
      refuse(
        [...path, 'subgroup'],
        `subgroup '${values.subgroup}' is written '${twin}' in outcome '${outcome.name}': use the same spelling, or rename that subgroup, so the rows are pooled together`,
      );
    }
  }
  const clash = others.find((row) => sameRowKey(row, values));
  if (clash) {
    refuse(
      [...path, 'label'],
      `study '${study.label}' already has a row with ${keyInWords(values)} in outcome '${outcome.name}' (rowId ${clash.id}): correct that row, or tell this one apart by its subgroup or label (${repeatRule})`,
    );
  }

  const timestamp = now();
  // Numbers written by hand are no longer the registry's or the extractors' as they were confirmed: provenance goes.
  const columns = { ...rowOfNumbers(values.numbers), subgroup: values.subgroup, label: values.label, source: values.source, provenance: null, version, updated_at: timestamp };
  let rowId: string;
  let corrected: StudyDataRow | null = null;
  if (existing) {
    rowId = existing.id;
    // The row as stored comes back with the update: a recompute of a change that only corrected it need not read it.
    corrected = await trx.updateTable('study_data').set(columns).where('id', '=', rowId).returningAll().executeTakeFirstOrThrow();
  } else {
    rowId = newId();
    const row: StudyDataRow = { id: rowId, outcome_id: outcome.id, study_id: study.id, position: await context.place(), created_at: timestamp, ...columns };
    await trx.insertInto('study_data').values(row).execute();
  }
  if (values.subgroup !== null) addSpelling(await context.spellings(), values.subgroup);
  return {
    rowId,
    study,
    name,
    corrected,
    details: { rowId, studyId: study.id, label: values.label, ...values.numbers, subgroup: values.subgroup },
  };
}

const loadOutcome = (trx: Kysely<Database>, outcomeId: string) => trx.selectFrom('outcomes').selectAll().where('id', '=', outcomeId).executeTakeFirstOrThrow();

/**
 * Records the study's numbers for the outcome: its only row (added when it has none, corrected when it has
 * one), or the row `rowId` names. A study with several rows needs the rowId: the refusal lists them.
 */
export function recordStudyData(services: Services, actor: Viewer, input: RecordStudyDataInput): Promise<WriteResult<OutcomeRow>> {
  return refusable(async () => {
    const { outcomeId, studyId, rowId, ...row } = validate(recordStudyDataInput, input);
    const target = await outcomeReviewForWrite(services.database, actor, outcomeId, 'recording study data', 'edit-data');
    return commitChange(services, actor, target.review_id, {
      action: 'recordStudyData',
      async apply(trx, version) {
        const { outcome, study, rows } = await outcomeWithStudyRows(trx, target.id, studyId, ['input', 'studyId']);
        let existing: RowKey | null;
        if (rowId != null) {
          existing = rows.find((r) => r.id === rowId) ?? null;
          if (!existing) {
            refuse(
              ['input', 'rowId'],
              `study '${study.label}' has no row with id '${rowId}' in outcome '${outcome.name}'${rows.length > 0 ? `; its rows: ${rows.map(rowInWords).join('; ')}` : ''}`,
            );
          }
        } else if (rows.length > 1) {
          refuse(
            ['input', 'rowId'],
            `study '${study.label}' has ${rows.length} rows in outcome '${outcome.name}': ${rows.map(rowInWords).join('; ')}. Give the rowId of the row to correct, or add another row with addStudyDataRow`,
          );
        } else {
          existing = rows[0] ?? null;
        }
        if (!existing) await refuseNewRowsWithoutDualExtraction(trx, outcome.review_id, [{ path: ['input', 'studyId'], what: `study '${study.label}'` }]);
        const written = await writeRow(trx, outcome, version, study, rows, existing, recordedValues(row, existing), outcomeRowsContext(trx, outcome.id), ['input']);
        // A row corrected in place is all this change did: recompute takes that row as stored and keeps the rest it knows.
        if (written.corrected) noteCorrectedRows(trx, outcome, [written.corrected]);
        return {
          value: outcome,
          summary: `${written.corrected ? 'Corrected' : 'Recorded'} data of ${written.name} for outcome '${outcome.name}'`,
          outcomeIds: [outcome.id],
          details: written.details,
        };
      },
    });
  });
}

/** Adds a row of numbers for the study, beside any it has (another arm, comparison or subgroup). */
export function addStudyDataRow(services: Services, actor: Viewer, input: AddStudyDataRowInput): Promise<WriteResult<OutcomeRow>> {
  return refusable(async () => {
    const { outcomeId, studyId, ...row } = validate(addStudyDataRowInput, input);
    const target = await outcomeReviewForWrite(services.database, actor, outcomeId, 'recording study data', 'edit-data');
    return commitChange(services, actor, target.review_id, {
      action: 'addStudyDataRow',
      async apply(trx, version) {
        const { outcome, study, rows } = await outcomeWithStudyRows(trx, target.id, studyId, ['input', 'studyId']);
        await refuseNewRowsWithoutDualExtraction(trx, outcome.review_id, [{ path: ['input', 'studyId'], what: `study '${study.label}'` }]);
        const written = await writeRow(trx, outcome, version, study, rows, null, recordedValues(row, null), outcomeRowsContext(trx, outcome.id), ['input']);
        const nth = rows.length > 0 ? ` (its row ${rows.length + 1})` : '';
        return {
          value: outcome,
          summary: `Added a row of data of ${written.name}${nth} to outcome '${outcome.name}'`,
          outcomeIds: [outcome.id],
          details: written.details,
        };
      },
    });
  });
}

/** The row a write targets and its outcome, refused as unknown when the viewer cannot read it. */
async function rowForWrite(services: Services, actor: Viewer, rowId: string, what: string) {
  const row = await services.database.db.selectFrom('study_data').select(['id', 'outcome_id']).where('id', '=', rowId).executeTakeFirst();
  try {
    if (!row) refuse(['input', 'rowId'], `there is no data row with id '${rowId}'`);
    return { rowId: row.id, target: await outcomeForWrite(services.database, actor, row.outcome_id, what, 'edit-data') };
  } catch (error) {
    // An outcome the viewer cannot see is not named: the row is simply unknown.
    if (error instanceof UserInputError && error.errors.some((e) => e.field.join('.') === 'input.outcomeId')) refuse(['input', 'rowId'], `there is no data row with id '${rowId}'`);
    throw error;
  }
}

async function storedRow(trx: Kysely<Database>, rowId: string, outcomeId: string): Promise<StudyDataRow> {
  const row = await trx.selectFrom('study_data').selectAll().where('id', '=', rowId).where('outcome_id', '=', outcomeId).executeTakeFirst();
  if (!row) refuse(['input', 'rowId'], `there is no data row with id '${rowId}' (it was removed meanwhile)`);
  return row;
}

/** Corrects one row: its numbers are replaced; label, subgroup and source left out stay (null clears them). */
export function updateStudyDataRow(services: Services, actor: Viewer, input: UpdateStudyDataRowInput): Promise<WriteResult<OutcomeRow>> {
  return refusable(async () => {
    const { rowId, ...row } = validate(updateStudyDataRowInput, input);
    const { target } = await rowForWrite(services, actor, rowId, 'correcting study data');
    return commitChange(services, actor, target.review_id, {
      action: 'updateStudyDataRow',
      async apply(trx, version) {
        const outcome = await loadOutcome(trx, target.id);
        const existing = await storedRow(trx, rowId, outcome.id);
        const { study, rows } = await studyWithRows(trx, outcome, existing.study_id, ['input', 'rowId']);
        const written = await writeRow(trx, outcome, version, study, rows, existing, correctedValues(row, existing), { ...outcomeRowsContext(trx, outcome.id), place: async () => existing.position }, ['input']);
        noteCorrectedRows(trx, outcome, [written.corrected!]);
        return {
          value: outcome,
          summary: `Corrected data of ${written.name} for outcome '${outcome.name}'`,
          outcomeIds: [outcome.id],
          details: written.details,
        };
      },
    });
  });
}

/** Removes one row; the study's other rows stay. */
export function removeStudyDataRow(services: Services, actor: Viewer, input: RemoveStudyDataRowInput): Promise<WriteResult<OutcomeRow>> {
  return refusable(async () => {
    const { rowId } = validate(removeStudyDataRowInput, input);
    const { target } = await rowForWrite(services, actor, rowId, 'removing study data');
    return commitChange(services, actor, target.review_id, {
      action: 'removeStudyDataRow',
      async apply(trx) {
        const existing = await storedRow(trx, rowId, target.id);
        const study = await trx.selectFrom('studies').select(['id', 'label']).where('id', '=', existing.study_id).executeTakeFirstOrThrow();
        const rows = await rowsOfStudy(trx, target.id, study.id);
        await trx.deleteFrom('study_data').where('id', '=', rowId).execute();
        const outcome = await loadOutcome(trx, target.id);
        const left = rows.length - 1;
        return {
          value: outcome,
          summary: `Removed data of ${nameOfRow(study.label, existing, left > 0)} from outcome '${outcome.name}'${left > 0 ? ` (${left} ${left === 1 ? 'row' : 'rows'} of it left)` : ''}`,
          outcomeIds: [outcome.id],
          details: { rowId, studyId: study.id, label: existing.label, subgroup: existing.subgroup },
        };
      },
    });
  });
}

/** A table's input, checked: each row valid, no new study's label twice (rows are checked against each other as they are stored). */
export function parseStudyDataTable(input: RecordStudyDataTableInput): z.output<typeof recordStudyDataTableInput> {
  const valid = validate(recordStudyDataTableInput, input);
  refuseRepeatedLabels(valid.newStudies ?? [], ['input', 'newStudies']);
  return valid;
}

/**
 * Stores checked rows of numbers for the outcome under `version`, rows naming their study by id or by label. A row
 * with rowId corrects that row; one without corrects the study's row with the same subgroup and label, else adds
 * one. Two rows of the table with the same study, subgroup and label are refused. Every refused row is reported
 * (input.rows.<i>) and none is kept.
 */
export async function storeStudyDataTable(trx: Kysely<Database>, outcome: OutcomeRow, version: number, rows: readonly StudyDataTableRow[]): Promise<WrittenRow[]> {
  const errors: UserInputError['errors'] = [];
  const stored: WrittenRow[] = [];
  // A row may name its study by label: as written, or under the same labelKey ('smith 2019' finds 'Smith 2019').
  const studies = rows.some((row) => row.studyId == null) ? await trx.selectFrom('studies').select(['id', 'label']).where('review_id', '=', outcome.review_id).execute() : [];
  const labels = new Map(studies.map((s) => [s.label, s.id]));
  const byLabelKey = new Map(studies.map((s) => [labelKey(s.label), s.id]));
  const context = outcomeRowsContext(trx, outcome.id);
  // Read before any row is written: each row is checked against the subgroups as they were and those written before it.
  await context.spellings();
  // Which table row gave each (study, subgroup, label), and which table row wrote each stored row.
  const keys = new Map<string, number>();
  const written = new Map<string, number>();
  for (const [index, { studyLabel, studyId: givenStudyId, rowId, ...row }] of rows.entries()) {
    const path = ['input', 'rows', String(index)];
    const studyField = givenStudyId != null ? 'studyId' : 'studyLabel';
    try {
      const studyId = givenStudyId ?? labels.get(studyLabel!) ?? byLabelKey.get(labelKey(studyLabel!));
      if (studyId == null) refuse([...path, 'studyLabel'], `there is no study labelled '${studyLabel}' in this review: add it under newStudies, or check the spelling`);
      const { study, rows: siblings } = await studyWithRows(trx, outcome, studyId, [...path, 'studyId']);
      let existing: RowKey | null = null;
      if (rowId != null) {
        existing = siblings.find((r) => r.id === rowId) ?? null;
        if (!existing) refuse([...path, 'rowId'], `study '${study.label}' has no row with id '${rowId}' in outcome '${outcome.name}'`);
      }
      const values = recordedValues(row, existing);
      existing ??= siblings.find((r) => r.subgroup === values.subgroup && r.label === values.label) ?? null;

      const key = JSON.stringify([study.id, values.subgroup, values.label]);
      const earlier = keys.get(key) ?? (existing ? written.get(existing.id) : undefined);
      if (earlier !== undefined) {
        refuse(
          [...path, studyField],
          `rows ${earlier} and ${index} (input.rows.${earlier} and input.rows.${index}) both give study '${study.label}' with ${keyInWords(values)}; ${repeatRule}`,
        );
      }
      const done = await writeRow(trx, outcome, version, study, siblings, existing, values, context, path);
      keys.set(key, index);
      written.set(done.rowId, index);
      stored.push(done);
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      errors.push(...error.errors);
    }
  }
  if (errors.length > 0) throw new UserInputError(errors);
  return stored;
}

/**
 * Many rows of numbers for one outcome as one change: one version, one recomputation, and the conclusion compared
 * once, before and after the whole table (entering a published table, importing a review). Every row is checked;
 * if any is refused, the errors of all rows come back and nothing is stored.
 */
export function recordStudyDataTable(services: Services, actor: Viewer, input: RecordStudyDataTableInput): Promise<WriteResult<OutcomeRow>> {
  return refusable(async () => {
    const { outcomeId, newStudies, rows } = parseStudyDataTable(input);
    const target = await outcomeForWrite(services.database, actor, outcomeId, 'recording study data', 'edit-data');
    return commitChange(services, actor, target.review_id, {
      action: 'recordStudyDataTable',
      async apply(trx, version) {
        const outcome = await loadOutcome(trx, target.id);
        // New studies first, in the same change: if a row is refused, they are not kept either.
        const added = newStudies && newStudies.length > 0 ? await insertStudies(trx, outcome.review_id, version, newStudies, ['input', 'newStudies']) : [];
        const stored = await storeStudyDataTable(trx, outcome, version, rows);
        const newRows = stored.flatMap((row, index) => (row.corrected ? [] : [{ path: ['input', 'rows', String(index), 'studyId'], what: row.name }]));
        await refuseNewRowsWithoutDualExtraction(trx, outcome.review_id, newRows);
        const corrected = stored.filter((row) => row.corrected).length;
        const studies = new Set(stored.map((row) => row.study.id)).size;
        const counts = [
          `${stored.length - corrected} recorded`,
          ...(corrected > 0 ? [`${corrected} corrected`] : []),
          ...(added.length > 0 ? [`${added.length} new ${added.length === 1 ? 'study' : 'studies'}`] : []),
        ].join(', ');
        const table =
          studies === stored.length ? `${studies} ${studies === 1 ? 'study' : 'studies'}` : `${stored.length} rows of ${studies} ${studies === 1 ? 'study' : 'studies'}`;
        return {
          value: outcome,
          summary: `Recorded a table of ${table} for outcome '${outcome.name}' (${counts})`,
          outcomeIds: [outcome.id],
          details: { rows: stored.map((row) => row.details) },
        };
      },
    });
  });
}

const removeStudyDataInput = z.object({ outcomeId: z.string(), studyId: z.string() });
export type RemoveStudyDataInput = z.input<typeof removeStudyDataInput>;

/** Takes the study out of the outcome: every row it has there. */
export function removeStudyData(services: Services, actor: Viewer, input: RemoveStudyDataInput): Promise<WriteResult<OutcomeRow>> {
  return refusable(async () => {
    const valid = validate(removeStudyDataInput, input);
    const target = await outcomeForWrite(services.database, actor, valid.outcomeId, 'removing study data', 'edit-data');
    return commitChange(services, actor, target.review_id, {
      action: 'removeStudyData',
      async apply(trx) {
        const rows = await trx
          .selectFrom('study_data')
          .innerJoin('studies', 'studies.id', 'study_data.study_id')
          .select(['study_data.id', 'studies.label'])
          .where('study_data.outcome_id', '=', target.id)
          .where('study_data.study_id', '=', valid.studyId)
          .execute();
        if (rows.length === 0) refuse(['input', 'studyId'], `outcome '${target.name}' has no data for study '${valid.studyId}'`);
        await trx.deleteFrom('study_data').where('outcome_id', '=', target.id).where('study_id', '=', valid.studyId).execute();
        const outcome = await loadOutcome(trx, target.id);
        return {
          value: outcome,
          summary: `Removed data of study '${rows[0].label}' from outcome '${target.name}'${rows.length > 1 ? ` (all ${rows.length} of its rows)` : ''}`,
          outcomeIds: [target.id],
          details: { studyId: valid.studyId, rowIds: rows.map((row) => row.id) },
        };
      },
    });
  });
}
