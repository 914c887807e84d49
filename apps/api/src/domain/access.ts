// Finding what a write targets and refusing writes the viewer may not make (by permission, permissions.ts), before any
// transaction starts.
import type { CumulusDatabase } from '@cumulus/db';
import type { Permission } from '../auth/permissions.js';
import { canRead, canWrite, writeRefusal, type Viewer } from '../auth/viewer.js';
import { refuse } from './user-errors.js';

/** The review a write goes to; an id the viewer cannot read is reported as unknown, not as forbidden. */
export async function reviewForWrite(database: CumulusDatabase, viewer: Viewer, reviewId: string, what: string, permission: Permission = 'edit-review'): Promise<string> {
  if (viewer.role === 'anonymous') refuse([], writeRefusal(viewer, what, permission));
  const review = await database.db.selectFrom('reviews').select(['id', 'is_public']).where('id', '=', reviewId).executeTakeFirst();
  if (!review || !canRead(viewer, review)) refuse(['input', 'reviewId'], `there is no review with id '${reviewId}'`);
  if (!canWrite(viewer, review.id, permission)) refuse([], writeRefusal(viewer, what, permission, review.id));
  return review.id;
}

export async function studyForWrite(database: CumulusDatabase, viewer: Viewer, studyId: string, what: string, field = 'studyId', permission: Permission = 'edit-studies') {
  if (viewer.role === 'anonymous') refuse([], writeRefusal(viewer, what, permission));
  const study = await database.db
    .selectFrom('studies')
    .innerJoin('reviews', 'reviews.id', 'studies.review_id')
    .select(['studies.id', 'studies.review_id', 'studies.label', 'reviews.is_public'])
    .where('studies.id', '=', studyId)
    .executeTakeFirst();
  if (!study || !canRead(viewer, { id: study.review_id, is_public: study.is_public })) {
    refuse(['input', field], `there is no study with id '${studyId}'`);
  }
  if (!canWrite(viewer, study.review_id, permission)) refuse([], writeRefusal(viewer, what, permission, study.review_id));
  return study;
}

export async function outcomeForWrite(database: CumulusDatabase, viewer: Viewer, outcomeId: string, what: string, permission: Permission = 'edit-review') {
  if (viewer.role === 'anonymous') refuse([], writeRefusal(viewer, what, permission));
  const outcome = await database.db
    .selectFrom('outcomes')
    .innerJoin('reviews', 'reviews.id', 'outcomes.review_id')
    .select(['outcomes.id', 'outcomes.review_id', 'outcomes.name', 'reviews.is_public'])
    .where('outcomes.id', '=', outcomeId)
    .executeTakeFirst();
  if (!outcome || !canRead(viewer, { id: outcome.review_id, is_public: outcome.is_public })) {
    refuse(['input', 'outcomeId'], `there is no outcome with id '${outcomeId}'`);
  }
  if (!canWrite(viewer, outcome.review_id, permission)) refuse([], writeRefusal(viewer, what, permission, outcome.review_id));
  return outcome;
}
