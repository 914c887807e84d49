// An outcome, kept live: query first, then subscribe from the version shown (the server sends anything newer
// at once, also when the socket reconnects); take events newer than what is shown, refetch on a gap.
// Outside Apollo's normalised cache (see fetchOutcome): the page holds the one copy it shows.
import { useApolloClient } from '@vue/apollo-composable';
import type { Client } from 'graphql-ws';
import { computed, inject, onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue';
import { SUBSCRIPTIONS } from '../apollo';
import { OUTCOME_UPDATED, type Outcome, type OutcomeUpdatedResult } from '../graphql/outcome';
import { noChanges, outcomeChanges, type OutcomeChanges } from './outcome-changes';
import { fetchOutcome, takePrefetched } from './prefetch-outcome';

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
  const { resolveClient } = useApolloClient();
  const client = resolveClient();
  // Shallow: the page replaces the whole outcome per version and never mutates it, so Vue need not wrap
  // every one of a 500-study outcome's numbers in a reactive proxy.
  const outcome = shallowRef<Outcome | null>(null);
  const loading = ref(true);
  const error = shallowRef<Error | null>(null);
  const previous = shallowRef<Outcome | null>(null);
  const live = ref(false);

  let request = 0;
  const show = (next: Outcome | null) => {
    const old = outcome.value;
    // Whatever brought a newer version (an event or a refetch), remember the one it replaced.
    if (next && old && next.id === old.id && next.version > old.version) previous.value = old;
    else if (!next || (old && next.id !== old.id)) previous.value = null;
    outcome.value = next;
  };
  const load = async (answer: Promise<Outcome | null>): Promise<void> => {
    const mine = ++request;
    loading.value = true;
    try {
      const next = await answer;
      if (mine !== request) return;
      error.value = null;
      // A refetch never takes the page back to an older version (an event may have overtaken it).
      if (!next || !outcome.value || next.id !== outcome.value.id || next.version > outcome.value.version) show(next);
    } catch (cause) {
      if (mine === request) error.value = cause as Error;
    } finally {
      if (mine === request) loading.value = false;
    }
  };
  const refetch = () => load(fetchOutcome(client, outcomeId()));

  // Subscribes from the version the page shows: whatever was committed after the query's answer comes first.
  // The socket re-sends this subscription when it reconnects, so the server catches the page up then too.
  let subscription: { unsubscribe(): void } | null = null;
  const subscribe = (id: string) => {
    const shown = outcome.value?.id === id ? outcome.value.version : null;
    subscription = client
      .subscribe<OutcomeUpdatedResult, { outcomeId: string; sinceVersion: number | null }>({
        query: OUTCOME_UPDATED,
        variables: { outcomeId: id, sinceVersion: shown },
        fetchPolicy: 'no-cache',
      })
      .subscribe({
        next: ({ data }) => {
          const incoming = data?.outcomeUpdated;
          if (!incoming || incoming.id !== outcomeId()) return;
          const decision = reconcileOutcomeEvent(outcome.value, incoming);
          if (decision === 'apply') show(incoming);
          else if (decision === 'refetch') void refetch();
        },
        error: () => undefined,
      });
  };
  // The route prefetched it (prefetch-outcome.ts): take that answer rather than asking again.
  watch(
    outcomeId,
    async (id) => {
      subscription?.unsubscribe();
      subscription = null;
      await load(takePrefetched(id) ?? fetchOutcome(client, id));
      if (id === outcomeId() && subscription === null) subscribe(id);
    },
    { immediate: true },
  );
  onScopeDispose(() => subscription?.unsubscribe());

  const changes = computed(() => (previous.value && outcome.value ? outcomeChanges(previous.value, outcome.value) : noChanges));

  const subscriptions = inject<Client | null>(SUBSCRIPTIONS, null);
  if (subscriptions) {
    const offConnected = subscriptions.on('connected', () => (live.value = true));
    const offClosed = subscriptions.on('closed', () => (live.value = false));
    onScopeDispose(() => {
      offConnected();
      offClosed();
    });
  }

  return { outcome, loading, error, changes, previous, live };
}
