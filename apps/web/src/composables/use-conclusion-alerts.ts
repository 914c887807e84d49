// An outcome's conclusion changes: the review's list (queried once the page knows the review), then each
// conclusionChanged event while the page is open, which also raises the live banner.
import { useQuery, useSubscription } from '@vue/apollo-composable';
import { computed, ref, type Ref } from 'vue';
import { CONCLUSION_CHANGED, CONCLUSION_CHANGES_QUERY, type ConclusionAlert, type ConclusionChangedEvent } from '../graphql/alerts';
import { conclusionMarks, type ConclusionMark } from './conclusion-alerts';

export interface UseConclusionAlerts {
  marks: Ref<ConclusionMark[]>;
  /** Changes that arrived live for this outcome, until dismissed. */
  banner: Ref<ConclusionAlert[]>;
  dismiss(): void;
}

export function useConclusionAlerts(reviewIdOf: () => string | null, outcomeId: () => string): UseConclusionAlerts {
  // A computed changes only when the id does: a new version of the outcome must not restart the query.
  const id = computed(reviewIdOf);
  const reviewId = () => id.value;
  const enabled = () => reviewId() !== null;
  const { result } = useQuery<{ review: { conclusionChanges: ConclusionAlert[] } | null }, { reviewId: string }>(
    CONCLUSION_CHANGES_QUERY,
    () => ({ reviewId: reviewId() ?? '' }),
    () => ({ enabled: enabled(), fetchPolicy: 'network-only' }),
  );
  const live = ref<ConclusionAlert[]>([]);
  const banner = ref<ConclusionAlert[]>([]);
  const { onResult } = useSubscription<{ conclusionChanged: ConclusionChangedEvent }, { reviewId: string }>(
    CONCLUSION_CHANGED,
    () => ({ reviewId: reviewId() ?? '' }),
    () => ({ enabled: enabled() }),
  );
  onResult(({ data }) => {
    const mine = (data?.conclusionChanged.changes ?? []).filter((change) => change.outcomeId === outcomeId());
    if (mine.length === 0) return;
    live.value = [...live.value, ...mine];
    banner.value = mine;
  });
  const marks = computed(() => conclusionMarks([...(result.value?.review?.conclusionChanges ?? []), ...live.value], outcomeId()));
  return { marks, banner, dismiss: () => (banner.value = []) };
}
