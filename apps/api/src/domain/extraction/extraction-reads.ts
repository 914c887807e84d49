// Reads of dual extraction, blinded: until both extractions of a row are in, a person sees only their own, and nobody
// sees the numbers of an extraction that is not theirs (the other extractor, a third member, a reader). Once both are
// in, the review's data team sees both and where they differ. Readers outside the team see no extractions at all:
// the row, once entered, carries its provenance.
import type { Database, DualExtractionRow, DualExtractionStatus, ExtractionRow, Kysely } from '@cumulus/db';
import { can, type Viewer } from '../../auth/viewer.js';
import type { ExtractionDifference } from './differences.js';
import { activeExtractions } from './submit-extraction.js';

// A pair's extractions, read once per pair object (its fields all ask for them): the objects live as long as one request.
const extractionsOfPair = new WeakMap<DualExtractionRow, Promise<ExtractionRow[]>>();
export function standingExtractions(db: Kysely<Database>, pair: DualExtractionRow): Promise<ExtractionRow[]> {
  let read = extractionsOfPair.get(pair);
  if (!read) extractionsOfPair.set(pair, (read = activeExtractions(db, pair.id)));
  return read;
}

/** Who may see a review's dual extractions: its data team (extractors, maintainers, owners). */
export const seesExtractions = (viewer: Viewer, reviewId: string) => can(viewer, reviewId, 'edit-data') || can(viewer, reviewId, 'edit-review');

export const openStatuses: DualExtractionStatus[] = ['awaiting', 'conflict'];

/** At most this many dual extractions in one list. */
export const MAX_DUAL_EXTRACTIONS = 500;

export function dualExtractionsOf(
  db: Kysely<Database>,
  viewer: Viewer,
  filter: { reviewId: string; outcomeId?: string; statuses: DualExtractionStatus[]; first?: number | null; newestFirst?: boolean | null },
): Promise<DualExtractionRow[]> {
  if (!seesExtractions(viewer, filter.reviewId) || filter.statuses.length === 0) return Promise.resolve([]);
  let query = db.selectFrom('dual_extractions').selectAll().where('review_id', '=', filter.reviewId).where('status', 'in', filter.statuses);
  if (filter.outcomeId) query = query.where('outcome_id', '=', filter.outcomeId);
  query = filter.newestFirst ? query.orderBy('updated_version', 'desc').orderBy('id', 'desc') : query.orderBy('created_version').orderBy('id');
  return query.limit(Math.min(Math.max(filter.first ?? 200, 0), MAX_DUAL_EXTRACTIONS)).execute();
}

export async function dualExtractionOf(db: Kysely<Database>, viewer: Viewer, reviewId: string, id: string): Promise<DualExtractionRow | null> {
  if (!seesExtractions(viewer, reviewId)) return null;
  return (await db.selectFrom('dual_extractions').selectAll().where('id', '=', id).where('review_id', '=', reviewId).executeTakeFirst()) ?? null;
}

export async function myExtraction(db: Kysely<Database>, viewer: Viewer, pair: DualExtractionRow): Promise<ExtractionRow | null> {
  if (!viewer.userId) return null;
  return (await standingExtractions(db, pair)).find((e) => e.user_id === viewer.userId) ?? null;
}

/** Both extractions once both are in (null while blinded, or for viewers outside the data team). */
export async function visibleExtractions(db: Kysely<Database>, viewer: Viewer, pair: DualExtractionRow): Promise<ExtractionRow[] | null> {
  if (pair.status === 'awaiting' || pair.status === 'withdrawn' || !seesExtractions(viewer, pair.review_id)) return null;
  return standingExtractions(db, pair);
}

export function visibleDifferences(viewer: Viewer, pair: DualExtractionRow): ExtractionDifference[] | null {
  if (pair.differences === null || !seesExtractions(viewer, pair.review_id)) return null;
  return JSON.parse(pair.differences) as ExtractionDifference[];
}

export interface ExtractionProgress {
  awaiting: number;
  conflicts: number;
  agreed: number;
  reconciled: number;
}

/** Where a review's dual extraction stands, counted by status (for a methods section: how often the extractors agreed at once). */
export async function extractionProgress(db: Kysely<Database>, viewer: Viewer, reviewId: string): Promise<ExtractionProgress | null> {
  if (!seesExtractions(viewer, reviewId)) return null;
  const counts = await db
    .selectFrom('dual_extractions')
    .select(['status', ({ fn }) => fn.countAll().as('count')])
    .where('review_id', '=', reviewId)
    .groupBy('status')
    .execute();
  const of = (status: DualExtractionStatus) => Number(counts.find((c) => c.status === status)?.count ?? 0);
  return { awaiting: of('awaiting'), conflicts: of('conflict'), agreed: of('agreed'), reconciled: of('reconciled') };
}
