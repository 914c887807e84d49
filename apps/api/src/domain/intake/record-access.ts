// Finding the record a write targets, refusing writes the viewer may not make, before any transaction starts; and
// reading it again inside the transaction.
import type { CumulusDatabase, Database, Kysely, RecordRow } from '@cumulus/db';
import type { Permission } from '../../auth/permissions.js';
import { canRead, canWrite, writeRefusal, type Viewer } from '../../auth/viewer.js';
import { refuse } from '../user-errors.js';

export async function recordForWrite(database: CumulusDatabase, viewer: Viewer, recordId: string, what: string, permission: Permission, field = 'recordId') {
  if (viewer.role === 'anonymous') refuse([], writeRefusal(viewer, what, permission));
  const record = await database.db
    .selectFrom('records')
    .innerJoin('reviews', 'reviews.id', 'records.review_id')
    .select(['records.id', 'records.review_id', 'reviews.is_public'])
    .where('records.id', '=', recordId)
    .executeTakeFirst();
  if (!record || !canRead(viewer, { id: record.review_id, is_public: record.is_public })) refuse(['input', field], `there is no record with id '${recordId}'`);
  if (!canWrite(viewer, record.review_id, permission)) refuse([], writeRefusal(viewer, what, permission, record.review_id));
  return { id: record.id, reviewId: record.review_id };
}

/** The record as stored now, inside the change's transaction. */
export function storedRecord(trx: Kysely<Database>, recordId: string): Promise<RecordRow> {
  return trx.selectFrom('records').selectAll().where('id', '=', recordId).executeTakeFirstOrThrow();
}

/** "'Safety and efficacy of…'": how refusals and the change log name a record (its title, cut at 60 characters). */
export function recordName(record: Pick<RecordRow, 'title'>): string {
  const title = record.title ?? 'untitled';
  return `'${title.length > 60 ? `${title.slice(0, 59)}…` : title}'`;
}

/** Refuses changing how a record was screened once it has become (a report of) a study. */
export function refuseIfIncluded(record: RecordRow, field: string[]): void {
  if (record.study_id !== null) refuse(field, `record ${recordName(record)} is already a report of a study; its screening cannot change now`);
}
