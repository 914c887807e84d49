// Reports of a study typed by hand (a study from before Cumulus, a paper found outside the searches), and a report
// taken off a study (kept, marked). Reports that come from screened records are made by includeRecord.
import type { StudyReportRow } from '@cumulus/db';
import { z } from 'zod';
import type { Viewer } from '../../auth/viewer.js';
import { studyForWrite } from '../access.js';
import { newId } from '../ids.js';
import { now } from '../rows.js';
import { refusable, refuse, type WriteResult } from '../user-errors.js';
import { optionalText, text, validate, year } from '../validate.js';
import { commitChange, type Services } from '../write-path.js';

export const reportKinds = ['publication', 'registry-record', 'conference-abstract', 'other'] as const satisfies readonly StudyReportRow['kind'][];

const addInput = z.object({
  studyId: z.string(),
  citation: text('citation', 2000),
  year,
  doi: optionalText('doi', 300),
  pmid: optionalText('pmid', 20).refine((value) => !value || /^\d{1,9}$/.test(value), 'pmid must be the PubMed id, digits only'),
  registryId: optionalText('registryId', 200),
  kind: z.enum(reportKinds).nullish(),
});
export type AddStudyReportInput = z.input<typeof addInput>;

const removeInput = z.object({ reportId: z.string() });

export function addStudyReport(services: Services, viewer: Viewer, input: AddStudyReportInput): Promise<WriteResult<StudyReportRow>> {
  return refusable(async () => {
    const valid = validate(addInput, input);
    const study = await studyForWrite(services.database, viewer, valid.studyId, 'add reports of studies');
    return commitChange(services, viewer, study.review_id, {
      action: 'addStudyReport',
      async apply(trx, version) {
        const report: StudyReportRow = {
          id: newId(),
          review_id: study.review_id,
          study_id: study.id,
          record_id: null,
          citation: valid.citation,
          year: valid.year ?? null,
          doi: valid.doi ? valid.doi.toLowerCase().replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/, '') : null,
          pmid: valid.pmid ?? null,
          registry_id: valid.registryId ?? null,
          kind: valid.kind ?? (valid.registryId && !valid.doi && !valid.pmid ? 'registry-record' : 'publication'),
          created_version: version,
          removed_version: null,
          created_at: now(),
        };
        await trx.insertInto('study_reports').values(report).execute();
        return { value: report, summary: `Added a report of study '${study.label}'`, outcomeIds: [], details: { studyId: study.id, reportId: report.id } };
      },
    });
  });
}

export function removeStudyReport(services: Services, viewer: Viewer, input: { reportId: string }): Promise<WriteResult<StudyReportRow>> {
  return refusable(async () => {
    const valid = validate(removeInput, input);
    const found = await services.database.db.selectFrom('study_reports').select(['id', 'study_id']).where('id', '=', valid.reportId).executeTakeFirst();
    if (!found) refuse(['input', 'reportId'], `there is no report with id '${valid.reportId}'`);
    const study = await studyForWrite(services.database, viewer, found.study_id, 'remove reports of studies', 'reportId');
    return commitChange(services, viewer, study.review_id, {
      action: 'removeStudyReport',
      async apply(trx, version) {
        const report = await trx.selectFrom('study_reports').selectAll().where('id', '=', found.id).executeTakeFirstOrThrow();
        if (report.removed_version !== null) refuse(['input', 'reportId'], 'this report was already removed');
        if (report.record_id !== null) refuse(['input', 'reportId'], 'this report came from a screened record; its record stays included');
        await trx.updateTable('study_reports').set({ removed_version: version }).where('id', '=', report.id).execute();
        return { value: { ...report, removed_version: version }, summary: `Removed a report of study '${study.label}'`, outcomeIds: [], details: { studyId: study.id, reportId: report.id } };
      },
    });
  });
}
