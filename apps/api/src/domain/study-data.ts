// One study's numbers for one outcome: recording them and taking them out.
import type { OutcomeRow, StudyDataRow } from '@cumulus/db';
import { z } from 'zod';
import type { Viewer } from '../auth/viewer.js';
import type { Measure } from './engine.js';
import { outcomeForWrite } from './access.js';
import { newId } from './ids.js';
import { now, rowOfNumbers } from './rows.js';
import { checkStudyNumbers, type StudyNumbers } from './study-data-shapes.js';
import { UserInputError, refusable, refuse, type WriteResult } from './user-errors.js';
import { optionalText, validate } from './validate.js';
import { commitChange, type Services } from './write-path.js';

const finite = z.number().refine(Number.isFinite, 'must be a finite number').nullish();

const recordStudyDataInput = z.object({
  outcomeId: z.string(),
  studyId: z.string(),
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
});
export type RecordStudyDataInput = z.input<typeof recordStudyDataInput>;

export function recordStudyData(services: Services, actor: Viewer, input: RecordStudyDataInput): Promise<WriteResult<OutcomeRow>> {
  return refusable(async () => {
    const { outcomeId, studyId, subgroup, source, ...numbers } = validate(recordStudyDataInput, input);
    const target = await outcomeForWrite(services.database, actor, outcomeId, 'recording study data');
    return commitChange(services, actor, target.review_id, {
      action: 'recordStudyData',
      async apply(trx, version) {
        const outcome = await trx.selectFrom('outcomes').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
        const study = await trx
          .selectFrom('studies')
          .select(['id', 'label', 'retracted_version'])
          .where('id', '=', studyId)
          .where('review_id', '=', outcome.review_id)
          .executeTakeFirst();
        if (!study) refuse(['input', 'studyId'], `there is no study with id '${studyId}' in this outcome's review`);
        if (study.retracted_version !== null) refuse(['input', 'studyId'], `study '${study.label}' was retracted at version ${study.retracted_version}; its data stay out of analyses`);
        const errors = checkStudyNumbers(numbers as StudyNumbers, outcome.measure as Measure, `study '${study.label}'`);
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
        return {
          value: outcome,
          summary: `${existing ? 'Corrected' : 'Recorded'} data of study '${study.label}' for outcome '${outcome.name}'`,
          outcomeIds: [outcome.id],
          details: { studyId: study.id, ...numbers, subgroup: subgroup ?? null },
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
