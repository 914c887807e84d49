// An outcome, kept live: query first, then subscribe; take events newer than what is shown, refetch on a gap.
import { useQuery } from '@vue/apollo-composable';
import type { Client } from 'graphql-ws';
import { computed, inject, onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue';
import { SUBSCRIPTIONS } from '../apollo';
import { OUTCOME_QUERY, OUTCOME_UPDATED, type Outcome, type OutcomeQueryResult, type OutcomeUpdatedResult } from '../graphql/outcome';
import { noChanges, outcomeChanges, type OutcomeChanges } from './outcome-changes';

export type OutcomeEventDecision = 'apply' | 'ignore' | 'refetch';

/**
 * Events are not replayed and may arrive late or twice: an event at or below the version shown is stale;
 * one whose predecessor (in its own version list) is newer than the version shown means we missed one.
 */
export function reconcileOutcomeEvent(
  current: Pick<Outcome, 'version'> | null,
  incoming: Pick<Outcome, 'version'> & { versions?: readonly { version: number }[] },
): OutcomeEventDecision {
  if (!current) return 'apply';
  if (incoming.version <= current.version) return 'ignore';
  const earlier = (incoming.versions ?? []).map((v) => v.version).filter((v) => v < incoming.version);
  const predecessor = earlier.length > 0 ? Math.max(...earlier) : null;
  return predecessor !== null && predecessor > current.version ? 'refetch' : 'apply';
}

// After (re)connecting, the server needs a moment to register the subscription; events before that are lost.
const CATCH_UP_DELAY_MS = 300;

export interface UseOutcome {
  outcome: Ref<Outcome | null>;
  loading: Ref<boolean>;
  error: Ref<Error | null>;
  /** What the latest live update changed (empty until one arrives). */
  changes: Ref<OutcomeChanges>;
  /** The outcome as it was before the latest live update. */
  previous: Ref<Outcome | null>;
  /** The subscription socket is open. */
  live: Ref<boolean>;
}

export function useOutcome(outcomeId: () => string): UseOutcome {
  const { result, loading, error, refetch, subscribeToMore } = useQuery<OutcomeQueryResult, { id: string }>(OUTCOME_QUERY, () => ({ id: outcomeId() }), {
    fetchPolicy: 'network-only',
    notifyOnNetworkStatusChange: false,
  });
  const outcome = computed(() => result.value?.outcome ?? null);
  const previous = shallowRef<Outcome | null>(null);
  const live = ref(false);

  subscribeToMore<{ outcomeId: string }, OutcomeUpdatedResult>(() => ({
    document: OUTCOME_UPDATED,
    variables: { outcomeId: outcomeId() },
    updateQuery: (shown, { subscriptionData }) => {
      const incoming = subscriptionData.data?.outcomeUpdated;
      if (!incoming) return shown;
      const decision = reconcileOutcomeEvent(shown?.outcome ?? null, incoming);
      if (decision === 'ignore') return shown;
      if (decision === 'refetch') {
        void refetch();
        return shown;
      }
      return { ...shown, outcome: incoming };
    },
  }));

  // Whatever brought a newer version (an event or a refetch), remember the one it replaced.
  watch(outcome, (next, old) => {
    if (next && old && next.id === old.id && next.version > old.version) previous.value = old;
    else if (next && old && next.id !== old.id) previous.value = null;
  });
  const changes = computed(() => (previous.value && outcome.value ? outcomeChanges(previous.value, outcome.value) : noChanges));

  const subscriptions = inject<Client | null>(SUBSCRIPTIONS, null);
  if (subscriptions) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const offConnected = subscriptions.on('connected', () => {
      live.value = true;
      clearTimeout(timer);
      timer = setTimeout(() => void refetch(), CATCH_UP_DELAY_MS);
    });
    const offClosed = subscriptions.on('closed', () => {
      live.value = false;
    });
    onScopeDispose(() => {
      clearTimeout(timer);
      offConnected();
      offClosed();
    });
  }

  return { outcome, loading, error: computed(() => error.value ?? null), changes, previous, live };
}
