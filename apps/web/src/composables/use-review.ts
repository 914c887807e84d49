// A review page, kept live: query, then refetch whenever reviewUpdated announces a newer version.
import { useQuery } from '@vue/apollo-composable';
import { computed, ref, type Ref } from 'vue';
import { REVIEW_QUERY, type ReviewDetail } from '../graphql/reviews';
import { useReviewUpdates } from './use-review-updates';

export interface UseReview {
  review: Ref<ReviewDetail | null>;
  loading: Ref<boolean>;
  error: Ref<Error | null>;
  /** Outcomes recomputed by the latest live update, to highlight. */
  updatedOutcomeIds: Ref<ReadonlySet<string>>;
  /** Load the review again now (after this page's own change, without waiting for the live event). */
  refetch(): Promise<void>;
}

export function useReview(reviewId: () => string): UseReview {
  const { result, loading, error, refetch } = useQuery<{ review: ReviewDetail | null }, { id: string }>(REVIEW_QUERY, () => ({ id: reviewId() }), {
    fetchPolicy: 'cache-and-network',
  });
  const review = computed(() => result.value?.review ?? null);
  const updatedOutcomeIds = ref<ReadonlySet<string>>(new Set());

  const shown = () => (review.value ? { reviewId: review.value.id, version: review.value.version } : null);
  useReviewUpdates(reviewId, shown, (event) => {
    // The event carries only what changed; the page's numbers come from one refetch of the whole review.
    updatedOutcomeIds.value = new Set(event.outcomeIds);
    return refetch();
  });

  return {
    review,
    loading,
    error: computed(() => error.value ?? null),
    updatedOutcomeIds,
    async refetch() {
      await refetch();
    },
  };
}
