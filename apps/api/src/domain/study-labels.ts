// Study labels of a review, shared by every request and subscriber of this instance: a thousand subscribers
// rendering one event cost one read. Labels change only through a committed write, whose event (from any
// instance) drops that review's entry.
import type { CumulusDatabase } from '@cumulus/db';
import type { EventBus } from '../events.js';

export interface StudyLabelCache {
  labels(reviewId: string): Promise<Map<string, string>>;
}

export function createStudyLabelCache(database: CumulusDatabase, events: EventBus): StudyLabelCache {
  const cache = new Map<string, Promise<Map<string, string>>>();
  events.onAnyChange((event) => cache.delete(event.reviewId));
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
  };
}
