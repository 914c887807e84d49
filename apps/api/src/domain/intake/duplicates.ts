// Duplicates a person decides: a possible duplicate (similar titles) confirmed or rejected, and a merge undone. Nothing
// is deleted: a duplicate keeps its row and points at the record it repeats; undoing clears the pointer and the
// record is screened like any other.
import type { DuplicateCandidateRow, RecordRow } from '@cumulus/db';
import { z } from 'zod';
import type { Viewer } from '../../auth/viewer.js';
import { canRead, canWrite, writeRefusal } from '../../auth/viewer.js';
import { refusable, refuse, type WriteResult } from '../user-errors.js';
import { validate } from '../validate.js';
import { commitChange, type Services } from '../write-path.js';
import { recordForWrite, recordName, refuseIfIncluded, storedRecord } from './record-access.js';

const candidateInput = z.object({ candidateId: z.string() });
export type DuplicateCandidateInput = z.input<typeof candidateInput>;
const recordInput = z.object({ recordId: z.string() });
export type UndoMergeInput = z.input<typeof recordInput>;

async function candidateForWrite(services: Services, viewer: Viewer, candidateId: string, what: string) {
  if (viewer.role === 'anonymous') refuse([], writeRefusal(viewer, what, 'screen'));
  const candidate = await services.database.db
    .selectFrom('duplicate_candidates')
    .innerJoin('reviews', 'reviews.id', 'duplicate_candidates.review_id')
    .select(['duplicate_candidates.id', 'duplicate_candidates.review_id', 'reviews.is_public'])
    .where('duplicate_candidates.id', '=', candidateId)
    .executeTakeFirst();
  if (!candidate || !canRead(viewer, { id: candidate.review_id, is_public: candidate.is_public })) refuse(['input', 'candidateId'], `there is no possible duplicate with id '${candidateId}'`);
  if (!canWrite(viewer, candidate.review_id, 'screen')) refuse([], writeRefusal(viewer, what, 'screen', candidate.review_id));
  return candidate;
}

function decide(services: Services, viewer: Viewer, input: DuplicateCandidateInput, confirm: boolean): Promise<WriteResult<DuplicateCandidateRow>> {
  return refusable(async () => {
    const valid = validate(candidateInput, input);
    const target = await candidateForWrite(services, viewer, valid.candidateId, 'decide possible duplicates');
    return commitChange(services, viewer, target.review_id, {
      action: confirm ? 'confirmDuplicate' : 'rejectDuplicate',
      async apply(trx, version) {
        const candidate = await trx.selectFrom('duplicate_candidates').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
        if (candidate.status !== 'pending') refuse(['input', 'candidateId'], `this possible duplicate was already ${candidate.status}`);
        const record = await storedRecord(trx, candidate.record_id);
        let other: RecordRow = await storedRecord(trx, candidate.other_id);
        if (confirm) {
          if (record.duplicate_of !== null) refuse(['input', 'candidateId'], `record ${recordName(record)} is already a duplicate of another record`);
          refuseIfIncluded(record, ['input', 'candidateId']);
          // The record it repeats may itself have been merged since: point at the first of the group.
          while (other.duplicate_of !== null) other = await storedRecord(trx, other.duplicate_of);
          if (other.id === record.id) refuse(['input', 'candidateId'], 'the two records are already one');
          await trx
            .updateTable('records')
            .set({ duplicate_of: other.id, duplicate_kind: 'confirmed', duplicate_reason: `similar title (${Math.round(candidate.similarity * 100)}%), confirmed by a person`, updated_version: version })
            .where('id', '=', record.id)
            .execute();
        }
        const status = confirm ? ('confirmed' as const) : ('rejected' as const);
        await trx.updateTable('duplicate_candidates').set({ status, decided_by: viewer.userId, decided_version: version }).where('id', '=', candidate.id).execute();
        return {
          value: { ...candidate, status, decided_by: viewer.userId, decided_version: version },
          summary: `${confirm ? 'Confirmed' : 'Rejected'} record ${recordName(record)} as a duplicate of ${recordName(other)}`,
          outcomeIds: [],
          details: { recordId: record.id, otherId: other.id },
        };
      },
    });
  });
}

export const confirmDuplicate = (services: Services, viewer: Viewer, input: DuplicateCandidateInput) => decide(services, viewer, input, true);
export const rejectDuplicate = (services: Services, viewer: Viewer, input: DuplicateCandidateInput) => decide(services, viewer, input, false);

/** Takes a record out of its duplicate group (found by identifier, strict match or a person): it is screened again. */
export function undoMerge(services: Services, viewer: Viewer, input: UndoMergeInput): Promise<WriteResult<RecordRow>> {
  return refusable(async () => {
    const valid = validate(recordInput, input);
    const target = await recordForWrite(services.database, viewer, valid.recordId, 'decide possible duplicates', 'screen');
    return commitChange(services, viewer, target.reviewId, {
      action: 'undoMerge',
      async apply(trx, version) {
        const record = await storedRecord(trx, target.id);
        if (record.duplicate_of === null) refuse(['input', 'recordId'], `record ${recordName(record)} is not merged with another record`);
        const other = await storedRecord(trx, record.duplicate_of);
        await trx.updateTable('records').set({ duplicate_of: null, duplicate_kind: null, duplicate_reason: null, updated_version: version }).where('id', '=', record.id).execute();
        // A person's confirmation is reversed by the same person's kind of decision: the pair is now known apart.
        await trx
          .updateTable('duplicate_candidates')
          .set({ status: 'rejected', decided_by: viewer.userId, decided_version: version })
          .where('record_id', '=', record.id)
          .where('status', '=', 'confirmed')
          .execute();
        return {
          value: await storedRecord(trx, record.id),
          summary: `Undid the merge of record ${recordName(record)} with ${recordName(other)} (${record.duplicate_reason ?? record.duplicate_kind})`,
          outcomeIds: [],
          details: { recordId: record.id, otherId: other.id },
        };
      },
    });
  });
}
