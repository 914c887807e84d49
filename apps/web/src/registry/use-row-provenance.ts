// An outcome's rows with their provenance, kept current: fetched again when `refreshOn` changes (the outcome's
// version, or the rows a maintainer's table shows). Kept out of Apollo's normalised cache, as use-study-data does.
import { useQuery } from '@vue/apollo-composable';
import { computed, watch, type Ref } from 'vue';
import { OUTCOME_PROVENANCE_QUERY, type OutcomeProvenanceResult, type ProvenanceRow } from './registry-queries';
import { provenanceByRow, type ProvenanceView } from './row-provenance';

export interface UseRowProvenance {
  /** The outcome's rows that have a provenance, in the API's order. */
  rows: Ref<readonly ProvenanceRow[]>;
  byRow: Ref<ReadonlyMap<string, ProvenanceView>>;
}

export function useRowProvenance(outcomeId: () => string, refreshOn: () => unknown): UseRowProvenance {
  const { result, refetch } = useQuery<OutcomeProvenanceResult, { id: string }>(OUTCOME_PROVENANCE_QUERY, () => ({ id: outcomeId() }), { fetchPolicy: 'no-cache' });
  watch(refreshOn, () => void refetch());
  const current = computed(() => (result.value?.outcome?.id === outcomeId() ? result.value.outcome.studyData : []));
  return {
    rows: computed(() => current.value.filter((row) => row.provenance !== null)),
    byRow: computed(() => provenanceByRow(current.value)),
  };
}
