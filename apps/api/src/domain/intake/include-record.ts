// An included record becomes a study, or a report of a study the review already has (a second paper, a registry
// record and its publications, a later follow-up): its citation and registry id go with it, ready for data. Studies
// and reports are counted apart in PRISMA 2020.
import type { Database, Kysely, RecordRow, StudyReportRow, StudyRow } from '@cumulus/db';
import { z } from 'zod';
import type { Viewer } from '../../auth/viewer.js';
import { newId } from '../ids.js';
import { now } from '../rows.js';
import { insertOneStudy, newStudyInput } from '../studies.js';
import { refusable, refuse, type WriteResult } from '../user-errors.js';
import { validate } from '../validate.js';
import { commitChange, type Services } from '../write-path.js';
import { recordForWrite, recordName, storedRecord } from './record-access.js';
import { citationOf } from './record-rows.js';
import { ownTrialIdOf } from './same-trial.js';

const includeInput = z
  .object({ recordId: z.string(), newStudy: newStudyInput.nullish(), studyId: z.string().nullish() })
  .superRefine((value, context) => {
    if (Boolean(value.newStudy) === Boolean(value.studyId)) {
      context.addIssue({ code: 'custom', path: ['newStudy'], message: 'give either newStudy (the record is a new study) or studyId (it reports a study the review has), not both or neither' });
    }
  });
export type IncludeRecordInput = z.input<typeof includeInput>;

export interface IncludedRecord {
  record: RecordRow;
  study: StudyRow;
  report: StudyReportRow;
}

/** The report a record makes: a registry entry, or a publication. */
export function reportOfRecord(record: RecordRow, study: Pick<StudyRow, 'id' | 'review_id'>, version: number): StudyReportRow {
  return {
    id: newId(),
    review_id: study.review_id,
    study_id: study.id,
    record_id: record.id,
    citation: citationOf(record),
    year: record.year,
    doi: record.doi,
    pmid: record.pmid,
    registry_id: ownTrialIdOf(record),
    kind: record.registry_id ? 'registry-record' : 'publication',
    created_version: version,
    removed_version: null,
    created_at: now(),
  };
}

async function studyToReport(trx: Kysely<Database>, reviewId: string, studyId: string): Promise<StudyRow> {
  const study = await trx.selectFrom('studies').selectAll().where('id', '=', studyId).executeTakeFirst();
  if (!study || study.review_id !== reviewId) refuse(['input', 'studyId'], `the review has no study with id '${studyId}'`);
  if (study.retracted_version !== null) refuse(['input', 'studyId'], `study '${study.label}' was retracted; restore it or include the record as a new study`);
  return study;
}

export function includeRecord(services: Services, viewer: Viewer, input: IncludeRecordInput): Promise<WriteResult<IncludedRecord>> {
  return refusable(async () => {
    const valid = validate(includeInput, input);
    const target = await recordForWrite(services.database, viewer, valid.recordId, 'add included records as studies', 'edit-studies');
    return commitChange(services, viewer, target.reviewId, {
      action: 'includeRecord',
      async apply(trx, version) {
        const record = await storedRecord(trx, target.id);
        if (record.study_id !== null) refuse(['input', 'recordId'], `record ${recordName(record)} is already a report of a study`);
        if (record.full_text_status !== 'include') {
          refuse(['input', 'recordId'], `record ${recordName(record)} has not been included on its full text (it is '${record.full_text_status ?? `title and abstract: ${record.title_abstract_status}`}')`);
        }
        const study = valid.newStudy
          ? await insertOneStudy(
              trx,
              target.reviewId,
              version,
              { ...valid.newStudy, year: valid.newStudy.year ?? record.year, registryId: valid.newStudy.registryId ?? ownTrialIdOf(record) },
              ['input', 'newStudy'],
            )
          : await studyToReport(trx, target.reviewId, valid.studyId as string);
        const report = reportOfRecord(record, study, version);
        await trx.insertInto('study_reports').values(report).execute();
        const includedAs = valid.newStudy ? 'new-study' : 'report';
        await trx.updateTable('records').set({ study_id: study.id, included_as: includedAs, updated_version: version }).where('id', '=', record.id).execute();
        return {
          value: { record: await storedRecord(trx, record.id), study, report },
          summary: valid.newStudy ? `Added study '${study.label}' from record ${recordName(record)}` : `Added record ${recordName(record)} as a report of study '${study.label}'`,
          // A study without data rows is in no analysis yet: nothing to recompute.
          outcomeIds: [],
          details: { recordId: record.id, studyId: study.id, reportId: report.id },
        };
      },
    });
  });
}
