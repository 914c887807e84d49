// A review page, kept live: query, subscribe to reviewUpdated, refetch when a newer version is announced.
import { useQuery, useSubscription } from '@vue/apollo-composable';
import { computed, ref, type Ref } from 'vue';
import { REVIEW_QUERY, REVIEW_UPDATED, type ReviewDetail, type ReviewUpdate } from '../graphql/reviews';

export interface UseReview {
  review: Ref<ReviewDetail | null>;
  loading: Ref<boolean>;
  error: Ref<Error | null>;
  /** Outcomes recomputed by the latest live update, to highlight. */
  updatedOutcomeIds: Ref<ReadonlySet<string>>;
}

export function useReview(reviewId: () => string): UseReview {
  const { result, loading, error, refetch } = useQuery<{ review: ReviewDetail | null }, { id: string }>(REVIEW_QUERY, () => ({ id: reviewId() }), {
    fetchPolicy: 'cache-and-network',
  });
  const review = computed(() => result.value?.review ?? null);
  const updatedOutcomeIds = ref<ReadonlySet<string>>(new Set());

  const { onResult } = useSubscription<{ reviewUpdated: ReviewUpdate }, { reviewId: string }>(REVIEW_UPDATED, () => ({ reviewId: reviewId() }));
  onResult(({ data }) => {
    const event = data?.reviewUpdated;
    // The event carries only what changed; the page's numbers come from one refetch of the whole review.
    if (!event || (review.value && event.version <= review.value.version)) return;
    updatedOutcomeIds.value = new Set(event.outcomeIds);
    void refetch();
  });

  return { review, loading, error: computed(() => error.value ?? null), updatedOutcomeIds };
}
