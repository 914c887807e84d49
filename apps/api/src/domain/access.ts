// Finding what a write targets and refusing writes the viewer may not make (by permission, permissions.ts), before any
// transaction starts.
import type { CumulusDatabase } from '@cumulus/db';
import type { Permission } from '../auth/permissions.js';
import { canRead, canWrite, writeRefusal, type Viewer } from '../auth/viewer.js';
import { cachePerDatabase } from './byte-bounded-cache.js';
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

/**
 * The review of each outcome an instance has read, by outcome id: an outcome is never moved to another review nor
 * deleted, so what was read stays true. About 10,000 outcomes.
 */
const reviewOfOutcome = cachePerDatabase<string, string>(1024 * 1024);
const OUTCOME_ENTRY_BYTES = 100;

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
  reviewOfOutcome(database).set(outcome.id, outcome.review_id, OUTCOME_ENTRY_BYTES);
  if (!canWrite(viewer, outcome.review_id, permission)) refuse([], writeRefusal(viewer, what, permission, outcome.review_id));
  return outcome;
}

/**
 * The outcome a write goes to and its review, for writes that need nothing else of it before their transaction (most
 * writes of data rows): a viewer who may write to the review of an outcome this instance knows is let through without
 * asking the database (their permissions were resolved for this request; the outcome's review cannot have changed);
 * anyone else is checked, and refused, as outcomeForWrite does.
 */
export async function outcomeReviewForWrite(database: CumulusDatabase, viewer: Viewer, outcomeId: string, what: string, permission: Permission = 'edit-review'): Promise<{ id: string; review_id: string }> {
  const reviewId = reviewOfOutcome(database).get(outcomeId);
  if (reviewId !== undefined && canWrite(viewer, reviewId, permission)) return { id: outcomeId, review_id: reviewId };
  return outcomeForWrite(database, viewer, outcomeId, what, permission);
}
