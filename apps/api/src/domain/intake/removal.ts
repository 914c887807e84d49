// PRISMA 2020's "records removed for other reasons" before screening (a retracted paper, a record outside the
// review's date limits, ineligible by an automation tool), and putting such a record back.
import type { RecordRow } from '@cumulus/db';
import { z } from 'zod';
import type { Viewer } from '../../auth/viewer.js';
import { refusable, refuse, type WriteResult } from '../user-errors.js';
import { optionalText, text, validate } from '../validate.js';
import { commitChange, type Services } from '../write-path.js';
import { recordForWrite, recordName, storedRecord } from './record-access.js';

const removeInput = z.object({ recordId: z.string(), reason: text('reason', 300) });
export type RemoveRecordInput = z.input<typeof removeInput>;
const restoreInput = z.object({ recordId: z.string(), note: optionalText('note', 300) });
export type RestoreRecordInput = z.input<typeof restoreInput>;

export function removeRecord(services: Services, viewer: Viewer, input: RemoveRecordInput): Promise<WriteResult<RecordRow>> {
  return refusable(async () => {
    const valid = validate(removeInput, input);
    const target = await recordForWrite(services.database, viewer, valid.recordId, 'remove records before screening', 'edit-review');
    return commitChange(services, viewer, target.reviewId, {
      action: 'removeRecord',
      async apply(trx, version) {
        const record = await storedRecord(trx, target.id);
        if (record.duplicate_of !== null) refuse(['input', 'recordId'], `record ${recordName(record)} is a duplicate, already counted as one`);
        if (record.removed_reason !== null) refuse(['input', 'recordId'], `record ${recordName(record)} was already removed (${record.removed_reason})`);
        if (record.title_abstract_votes > 0 || record.full_text_votes > 0) refuse(['input', 'recordId'], `record ${recordName(record)} has screening votes; exclude it by screening instead`);
        await trx.updateTable('records').set({ removed_reason: valid.reason, updated_version: version }).where('id', '=', record.id).execute();
        return { value: await storedRecord(trx, record.id), summary: `Removed record ${recordName(record)} before screening: ${valid.reason}`, outcomeIds: [], details: { recordId: record.id } };
      },
    });
  });
}

export function restoreRecord(services: Services, viewer: Viewer, input: RestoreRecordInput): Promise<WriteResult<RecordRow>> {
  return refusable(async () => {
    const valid = validate(restoreInput, input);
    const target = await recordForWrite(services.database, viewer, valid.recordId, 'remove records before screening', 'edit-review');
    return commitChange(services, viewer, target.reviewId, {
      action: 'restoreRecord',
      async apply(trx, version) {
        const record = await storedRecord(trx, target.id);
        if (record.removed_reason === null) refuse(['input', 'recordId'], `record ${recordName(record)} was not removed`);
        await trx.updateTable('records').set({ removed_reason: null, updated_version: version }).where('id', '=', record.id).execute();
        return { value: await storedRecord(trx, record.id), summary: `Restored record ${recordName(record)} for screening${valid.note ? `: ${valid.note}` : ''}`, outcomeIds: [], details: { recordId: record.id } };
      },
    });
  });
}
