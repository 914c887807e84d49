// Study labels and data row labels of a review, shared by every request and subscriber of this instance: a
// thousand subscribers rendering one event cost one read. Labels change only through a committed write, whose
// event (from any instance) drops that review's entry.
import type { CumulusDatabase } from '@cumulus/db';
import type { EventBus } from '../events.js';

export interface StudyLabelCache {
  labels(reviewId: string): Promise<Map<string, string>>;
  /** The review's data rows by id: the study each belongs to and its label (arm or comparison). */
  rows(reviewId: string): Promise<Map<string, { studyId: string; label: string | null }>>;
}

export function createStudyLabelCache(database: CumulusDatabase, events: EventBus): StudyLabelCache {
  const cache = new Map<string, Promise<Map<string, string>>>();
  const rowCache = new Map<string, Promise<Map<string, { studyId: string; label: string | null }>>>();
  events.onAnyChange((event) => {
    cache.delete(event.reviewId);
    rowCache.delete(event.reviewId);
  });
  return {
    labels(reviewId) {
      let labels = cache.get(reviewId);
      if (!labels) {
        labels = database.db
          .selectFrom('studies')
          .select(['id', 'label'])
          .where('review_id', '=', reviewId)
          .execute()
          .then((rows) => new Map(rows.map((row) => [row.id, row.label])));
        cache.set(reviewId, labels);
        labels.catch(() => cache.delete(reviewId));
      }
      return labels;
    },
    rows(reviewId) {
      let rows = rowCache.get(reviewId);
      if (!rows) {
        rows = database.db
          .selectFrom('study_data')
          .innerJoin('outcomes', 'outcomes.id', 'study_data.outcome_id')
          .select(['study_data.id', 'study_data.study_id', 'study_data.label'])
          .where('outcomes.review_id', '=', reviewId)
          .execute()
          .then((found) => new Map(found.map((row) => [row.id, { studyId: row.study_id, label: row.label }])));
        rowCache.set(reviewId, rows);
        rows.catch(() => rowCache.delete(reviewId));
      }
      return rows;
    },
  };
}
