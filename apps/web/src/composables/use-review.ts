// A review page, kept live: query, then refetch whenever reviewUpdated announces a newer version.
import { useQuery } from '@vue/apollo-composable';
import { computed, ref, watch, type Ref } from 'vue';
import { REVIEW_QUERY, type ReviewDetail } from '../graphql/reviews';
import { useReviewUpdates } from './use-review-updates';

export interface UseReview {
  review: Ref<ReviewDetail | null>;
  loading: Ref<boolean>;
  error: Ref<Error | null>;
  /** Outcomes recomputed since the version shown before this one (a live update or the page's own change), to highlight. */
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
  // The page's numbers come from one refetch of the whole review; one refetch may bring several changes at once.
  useReviewUpdates(reviewId, shown, () => refetch());
  watch(review, (next, previous) => {
    if (next && previous && next.id === previous.id && next.version > previous.version) updatedOutcomeIds.value = advancedOutcomeIds(previous, next);
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

interface VersionedOutcomes {
  outcomes: readonly { id: string; version: number }[];
}

/** The outcomes of `next` that are new or at a newer version than in `previous`. */
export function advancedOutcomeIds(previous: VersionedOutcomes, next: VersionedOutcomes): ReadonlySet<string> {
  const before = new Map(previous.outcomes.map((outcome) => [outcome.id, outcome.version]));
  return new Set(next.outcomes.filter((outcome) => outcome.version > (before.get(outcome.id) ?? -1)).map((outcome) => outcome.id));
}
