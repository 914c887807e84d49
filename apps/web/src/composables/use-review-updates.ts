// Live updates of a review page: once the page has shown a version of the review, subscribe to reviewUpdated
// from that version (the server sends at once whatever was committed after it, and again when the socket
// reconnects) and call `onNewer` for events newer than what is shown, one refresh at a time (refresh-in-turn.ts):
// its promise settles once the page shows the new answer.
import { useSubscription } from '@vue/apollo-composable';
import { ref, watch } from 'vue';
import { REVIEW_UPDATED, type ReviewUpdate } from '../graphql/reviews';
import { refreshInTurn } from './refresh-in-turn';

export interface ShownReview {
  reviewId: string;
  version: number;
}

export function useReviewUpdates(reviewId: () => string, shown: () => ShownReview | null, onNewer: () => Promise<unknown> | undefined): void {
  // Where the subscription starts: the first version shown of this review. Fixed until the review changes,
  // so refetches after each event do not restart it.
  const since = ref<ShownReview | null>(null);
  watch(
    [reviewId, shown],
    ([id, current]) => {
      if (since.value?.reviewId === id) return;
      since.value = current?.reviewId === id ? current : null;
    },
    { immediate: true },
  );
  const { onResult } = useSubscription<{ reviewUpdated: ReviewUpdate }, { reviewId: string; sinceVersion: number | null }>(
    REVIEW_UPDATED,
    () => ({ reviewId: since.value?.reviewId ?? '', sinceVersion: since.value?.version ?? null }),
    () => ({ enabled: since.value !== null }),
  );
  const newer = refreshInTurn(() => shown()?.version ?? null, onNewer);
  onResult(({ data }) => {
    const event = data?.reviewUpdated;
    const current = shown();
    if (!event || event.reviewId !== since.value?.reviewId || (current !== null && event.version <= current.version)) return;
    newer(event);
  });
}
