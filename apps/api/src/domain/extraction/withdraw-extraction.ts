// An extractor takes back their extraction while the row still waits for the other (a wrong study, label or subgroup
// typed): the pair is withdrawn when nobody's extraction is left. Once both are in, extractions no longer change.
import type { DualExtractionRow } from '@cumulus/db';
import { z } from 'zod';
import type { Viewer } from '../../auth/viewer.js';
import { refusable, refuse, type WriteResult } from '../user-errors.js';
import { validate } from '../validate.js';
import { commitChange, type Services } from '../write-path.js';
import { nameOfExtractedRow } from './extracted-row.js';
import { dualExtractionForWrite } from './reconcile-extraction.js';
import { activeExtractions, extractorOf } from './submit-extraction.js';

const withdrawInput = z.object({ dualExtractionId: z.string() });
export type WithdrawExtractionInput = z.input<typeof withdrawInput>;

export function withdrawExtraction(services: Services, viewer: Viewer, input: WithdrawExtractionInput): Promise<WriteResult<DualExtractionRow>> {
  return refusable(async () => {
    const { dualExtractionId } = validate(withdrawInput, input);
    const target = await dualExtractionForWrite(services.database, viewer, dualExtractionId, 'withdrawing an extraction');
    const userId = extractorOf(viewer, 'withdrawing an extraction');
    return commitChange(services, viewer, target.review_id, {
      action: 'withdrawExtraction',
      async apply(trx, version) {
        const pair = await trx.selectFrom('dual_extractions').selectAll().where('id', '=', dualExtractionId).executeTakeFirstOrThrow();
        const what = `${await nameOfExtractedRow(trx, { studyId: pair.study_id, label: pair.label, subgroup: pair.subgroup })} for outcome '${target.name}'`;
        const standing = await activeExtractions(trx, pair.id);
        const mine = standing.find((e) => e.user_id === userId);
        if (!mine) refuse(['input', 'dualExtractionId'], `you have no extraction of ${what} to withdraw`);
        if (pair.status !== 'awaiting') refuse(['input', 'dualExtractionId'], `both extractions of ${what} are in and have been compared, so they no longer change`);
        await trx.updateTable('extractions').set({ replaced_version: version }).where('id', '=', mine.id).execute();
        const status = standing.length === 1 ? 'withdrawn' : pair.status;
        await trx.updateTable('dual_extractions').set({ status, updated_version: version }).where('id', '=', pair.id).execute();
        return { value: { ...pair, status, updated_version: version }, summary: `${viewer.name} withdrew their extraction of ${what}`, outcomeIds: [], details: { dualExtractionId: pair.id } };
      },
    });
  });
}
