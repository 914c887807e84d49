// Studies' numbers for one outcome: recording one study's, a whole table of them in one version, and taking them out.
import type { Database, Kysely, OutcomeRow, StudyDataRow } from '@cumulus/db';
import { z } from 'zod';
import type { Viewer } from '../auth/viewer.js';
import type { Measure } from './engine.js';
import { outcomeForWrite } from './access.js';
import { newId } from './ids.js';
import { now, rowOfNumbers } from './rows.js';
import { checkStudyNumbers, type StudyNumbers } from './study-data-shapes.js';
import { UserInputError, refusable, refuse, type WriteResult } from './user-errors.js';
import { optionalText, validate } from './validate.js';
import { insertStudies, newStudyInput, refuseRepeatedLabels } from './studies.js';
import { commitChange, type Services } from './write-path.js';

const finite = z.number().refine(Number.isFinite, 'must be a finite number').nullish();

const studyNumbersInput = {
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
  source: optionalText('source', 2000),
};
const studyDataRowInput = z.object({ studyId: z.string(), ...studyNumbersInput });
type StudyDataRowInput = z.output<typeof studyDataRowInput>;

const recordStudyDataInput = z.object({ outcomeId: z.string(), ...studyDataRowInput.shape });
export type RecordStudyDataInput = z.input<typeof recordStudyDataInput>;

/** At most this many rows in one table (one version recomputes the outcome once, whatever the count). */
const MAX_TABLE_ROWS = 5000;
/** A table's row names its study by id, or by label (a study of the review, or one of the table's new studies). */
const tableRowInput = z
  .object({ studyId: z.string().nullish(), studyLabel: z.string().nullish(), ...studyNumbersInput })
  .superRefine((row, context) => {
    if ((row.studyId == null) === (row.studyLabel == null)) {
      context.addIssue({ code: 'custom', path: ['studyId'], message: 'give the study as studyId or as studyLabel (one of them)' });
    }
  });
type TableRow = z.output<typeof tableRowInput>;
const recordStudyDataTableInput = z.object({
  outcomeId: z.string(),
  newStudies: z.array(newStudyInput).max(MAX_TABLE_ROWS, `give at most ${MAX_TABLE_ROWS} new studies at a time`).nullish(),
  rows: z.array(tableRowInput).min(1, 'give at least one row').max(MAX_TABLE_ROWS, `give at most ${MAX_TABLE_ROWS} rows at a time`),
});
export type RecordStudyDataTableInput = z.input<typeof recordStudyDataTableInput>;

/**
 * Stores one study's numbers for the outcome (checked against the stored study and the outcome's measure;
 * recording again replaces them). `path` is where the row sits in the input, for the errors.
 */
async function storeStudyData(
  trx: Kysely<Database>,
  outcome: OutcomeRow,
  version: number,
  { studyId, subgroup, source, ...numbers }: StudyDataRowInput,
  path: string[],
): Promise<{ label: string; corrected: boolean; details: unknown }> {
  const study = await trx
    .selectFrom('studies')
    .select(['id', 'label', 'retracted_version'])
    .where('id', '=', studyId)
    .where('review_id', '=', outcome.review_id)
    .executeTakeFirst();
  if (!study) refuse([...path, 'studyId'], `there is no study with id '${studyId}' in this outcome's review`);
  if (study.retracted_version !== null) refuse([...path, 'studyId'], `study '${study.label}' was retracted at version ${study.retracted_version}; its data stay out of analyses`);
  const errors = checkStudyNumbers(numbers as StudyNumbers, outcome.measure as Measure, `study '${study.label}'`, path);
  if (errors.length > 0) throw new UserInputError(errors);

  const existing = await trx.selectFrom('study_data').select('id').where('outcome_id', '=', outcome.id).where('study_id', '=', study.id).executeTakeFirst();
  const timestamp = now();
  const values = { ...rowOfNumbers(numbers), subgroup: subgroup ?? null, source: source ?? null, version, updated_at: timestamp };
  if (existing) {
    await trx.updateTable('study_data').set(values).where('id', '=', existing.id).execute();
  } else {
    const row: StudyDataRow = { id: newId(), outcome_id: outcome.id, study_id: study.id, created_at: timestamp, ...values };
    await trx.insertInto('study_data').values(row).execute();
  }
  return { label: study.label, corrected: existing !== undefined, details: { studyId: study.id, ...numbers, subgroup: subgroup ?? null } };
}

export function recordStudyData(services: Services, actor: Viewer, input: RecordStudyDataInput): Promise<WriteResult<OutcomeRow>> {
  return refusable(async () => {
    const { outcomeId, ...row } = validate(recordStudyDataInput, input);
    const target = await outcomeForWrite(services.database, actor, outcomeId, 'recording study data');
    return commitChange(services, actor, target.review_id, {
      action: 'recordStudyData',
      async apply(trx, version) {
        const outcome = await trx.selectFrom('outcomes').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
        const stored = await storeStudyData(trx, outcome, version, row, ['input']);
        return {
          value: outcome,
          summary: `${stored.corrected ? 'Corrected' : 'Recorded'} data of study '${stored.label}' for outcome '${outcome.name}'`,
          outcomeIds: [outcome.id],
          details: stored.details,
        };
      },
    });
  });
}

/**
 * Many studies' numbers for one outcome as one change: one version, one recomputation, and the conclusion
 * compared once, before and after the whole table (entering a published table, importing a review). Every
 * row is checked; if any is refused, the errors of all rows come back and nothing is stored.
 */
/** A table's input, checked: each row valid, no study twice, no new study's label twice. */
export function parseStudyDataTable(input: RecordStudyDataTableInput): z.output<typeof recordStudyDataTableInput> {
  const valid = validate(recordStudyDataTableInput, input);
  refuseRepeatedLabels(valid.newStudies ?? [], ['input', 'newStudies']);
  const seen = new Map<string, number>();
  valid.rows.forEach((row, index) => {
    const field = row.studyId != null ? 'studyId' : 'studyLabel';
    const key = `${field}:${row.studyId ?? row.studyLabel}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) refuse(['input', 'rows', String(index), field], `study '${row.studyId ?? row.studyLabel}' is already in row ${earlier + 1}; give each study once`);
    seen.set(key, index);
  });
  return valid;
}

/**
 * Stores checked rows of numbers for the outcome under `version`, rows naming their study by id or by label;
 * every refused row is reported (input.rows.<i>) and none is kept.
 */
export async function storeStudyDataTable(
  trx: Kysely<Database>,
  outcome: OutcomeRow,
  version: number,
  rows: readonly (StudyDataRowInput | TableRow)[],
): Promise<{ label: string; corrected: boolean; details: unknown }[]> {
  const errors: UserInputError['errors'] = [];
  const stored: Awaited<ReturnType<typeof storeStudyData>>[] = [];
  const labels = rows.some((row) => row.studyId == null)
    ? new Map((await trx.selectFrom('studies').select(['id', 'label']).where('review_id', '=', outcome.review_id).execute()).map((s) => [s.label, s.id]))
    : new Map<string, string>();
  for (const [index, { studyLabel, ...row }] of (rows as TableRow[]).entries()) {
    const path = ['input', 'rows', String(index)];
    try {
      const studyId = row.studyId ?? labels.get(studyLabel!);
      if (studyId == null) refuse([...path, 'studyLabel'], `there is no study labelled '${studyLabel}' in this review: add it under newStudies, or check the spelling`);
      stored.push(await storeStudyData(trx, outcome, version, { ...row, studyId }, path));
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      errors.push(...error.errors);
    }
  }
  if (errors.length > 0) throw new UserInputError(errors);
  return stored;
}

export function recordStudyDataTable(services: Services, actor: Viewer, input: RecordStudyDataTableInput): Promise<WriteResult<OutcomeRow>> {
  return refusable(async () => {
    const { outcomeId, newStudies, rows } = parseStudyDataTable(input);
    const target = await outcomeForWrite(services.database, actor, outcomeId, 'recording study data');
    return commitChange(services, actor, target.review_id, {
      action: 'recordStudyDataTable',
      async apply(trx, version) {
        const outcome = await trx.selectFrom('outcomes').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
        // New studies first, in the same change: if a row is refused, they are not kept either.
        const added = newStudies && newStudies.length > 0 ? await insertStudies(trx, outcome.review_id, version, newStudies, ['input', 'newStudies']) : [];
        const stored = await storeStudyDataTable(trx, outcome, version, rows);
        const corrected = stored.filter((row) => row.corrected).length;
        const counts = [
          `${stored.length - corrected} recorded`,
          ...(corrected > 0 ? [`${corrected} corrected`] : []),
          ...(added.length > 0 ? [`${added.length} new ${added.length === 1 ? 'study' : 'studies'}`] : []),
        ].join(', ');
        return {
          value: outcome,
          summary: `Recorded a table of ${stored.length} ${stored.length === 1 ? 'study' : 'studies'} for outcome '${outcome.name}' (${counts})`,
          outcomeIds: [outcome.id],
          details: { rows: stored.map((row) => row.details) },
        };
      },
    });
  });
}

const removeStudyDataInput = z.object({ outcomeId: z.string(), studyId: z.string() });
export type RemoveStudyDataInput = z.input<typeof removeStudyDataInput>;

export function removeStudyData(services: Services, actor: Viewer, input: RemoveStudyDataInput): Promise<WriteResult<OutcomeRow>> {
  return refusable(async () => {
    const valid = validate(removeStudyDataInput, input);
    const target = await outcomeForWrite(services.database, actor, valid.outcomeId, 'removing study data');
    return commitChange(services, actor, target.review_id, {
      action: 'removeStudyData',
      async apply(trx) {
        const row = await trx
          .selectFrom('study_data')
          .innerJoin('studies', 'studies.id', 'study_data.study_id')
          .select(['study_data.id', 'studies.label'])
          .where('study_data.outcome_id', '=', target.id)
          .where('study_data.study_id', '=', valid.studyId)
          .executeTakeFirst();
        if (!row) refuse(['input', 'studyId'], `outcome '${target.name}' has no data for study '${valid.studyId}'`);
        await trx.deleteFrom('study_data').where('id', '=', row.id).execute();
        const outcome = await trx.selectFrom('outcomes').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
        return { value: outcome, summary: `Removed data of study '${row.label}' from outcome '${target.name}'`, outcomeIds: [target.id] };
      },
    });
  });
}
