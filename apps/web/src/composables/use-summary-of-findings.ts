// A review's Summary of Findings, kept live like the forest plot: query, then refetch whenever reviewUpdated
// announces a version newer than the one the table shows.
import { useQuery } from '@vue/apollo-composable';
import { computed, type Ref } from 'vue';
import { SUMMARY_OF_FINDINGS_QUERY, type SummaryOfFindingsReview } from '../graphql/summary-of-findings';
import { useReviewUpdates } from './use-review-updates';

export interface UseSummaryOfFindings {
  review: Ref<SummaryOfFindingsReview | null>;
  loading: Ref<boolean>;
  error: Ref<Error | null>;
}

export function useSummaryOfFindings(reviewId: () => string): UseSummaryOfFindings {
  const { result, loading, error, refetch } = useQuery<{ review: SummaryOfFindingsReview | null }, { id: string }>(
    SUMMARY_OF_FINDINGS_QUERY,
    () => ({ id: reviewId() }),
    { fetchPolicy: 'cache-and-network' },
  );
  const review = computed(() => result.value?.review ?? null);
  const shown = () => (review.value ? { reviewId: review.value.id, version: review.value.version } : null);
  useReviewUpdates(reviewId, shown, () => refetch());
  return { review, loading, error: computed(() => error.value ?? null) };
}
