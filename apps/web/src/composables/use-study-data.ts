// The numbers stored for each study of an outcome, kept current: fetched again whenever the outcome's version
// changes (a maintainer's save, or one made elsewhere and announced live). Kept out of Apollo's normalised
// cache, where outcomes are keyed by id and version and the outcome page decides which one it shows.
import { useQuery } from '@vue/apollo-composable';
import { computed, watch, type Ref } from 'vue';
import { STUDY_DATA_QUERY, type StoredStudyData, type StudyDataResult } from '../graphql/study-data';

export interface UseStudyData {
  rows: Ref<readonly StoredStudyData[]>;
  /** The outcome the rows are for (null until they arrive), so a prefill never uses another outcome's numbers. */
  loadedFor: Ref<string | null>;
  loading: Ref<boolean>;
  error: Ref<Error | null>;
  refetch(): Promise<void>;
}

export function useStudyData(outcomeId: () => string | null, version: () => number | null = () => null): UseStudyData {
  const { result, loading, error, refetch } = useQuery<StudyDataResult, { id: string }>(
    STUDY_DATA_QUERY,
    () => ({ id: outcomeId() ?? '' }),
    () => ({ enabled: Boolean(outcomeId()), fetchPolicy: 'no-cache' }),
  );
  const current = computed(() => (result.value?.outcome && result.value.outcome.id === outcomeId() ? result.value.outcome : null));
  watch(version, (next, before) => {
    if (next !== null && next !== before && outcomeId()) void refetch();
  });
  return {
    rows: computed(() => current.value?.studyData ?? []),
    loadedFor: computed(() => current.value?.id ?? null),
    loading,
    error: computed(() => error.value ?? null),
    async refetch() {
      if (outcomeId()) await refetch();
    },
  };
}
