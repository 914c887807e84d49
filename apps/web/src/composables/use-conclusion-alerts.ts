// An outcome's conclusion changes: all of them, page by page (the review's list), then each conclusionChanged
// event from the version that list was read at, so nothing committed in between is missed; new ones also
// raise the live banner. Alerts are kept by id, so one that arrives twice (a resent subscription) counts once.
import type { ApolloClient } from '@apollo/client/core';
import { useApolloClient } from '@vue/apollo-composable';
import { computed, onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue';
import { CONCLUSION_CHANGED, CONCLUSION_CHANGES_PAGE_QUERY, type ConclusionAlert, type ConclusionChangedEvent, type ConclusionChangesPage } from '../graphql/alerts';
import { conclusionMarks, type ConclusionMark } from './conclusion-alerts';

export interface UseConclusionAlerts {
  marks: Ref<ConclusionMark[]>;
  /** Changes that arrived live for this outcome, until dismissed. */
  banner: Ref<ConclusionAlert[]>;
  dismiss(): void;
}

/** Alerts per page: passed as a variable, one page is one query however many there are. */
const PAGE_SIZE = 500;

/** Every conclusion change of one outcome (newest first) and the review version they were read at. */
export async function fetchConclusionChanges(
  client: Pick<ApolloClient<unknown>, 'query'>,
  reviewId: string,
  outcomeId: string,
): Promise<{ alerts: ConclusionAlert[]; version: number } | null> {
  const pageAfter = async (after: string | null): Promise<ConclusionChangesPage['review']> =>
    (
      await client.query<ConclusionChangesPage>({
        query: CONCLUSION_CHANGES_PAGE_QUERY,
        variables: { reviewId, outcomeId, first: PAGE_SIZE, after },
        fetchPolicy: 'no-cache',
      })
    ).data.review;
  let review = await pageAfter(null);
  if (!review) return null;
  // The first page's version: later pages only reach further back.
  const { version } = review;
  const alerts: ConclusionAlert[] = [];
  while (review) {
    const page: NonNullable<ConclusionChangesPage['review']>['conclusionChangesConnection'] = review.conclusionChangesConnection;
    alerts.push(...page.edges.map((edge) => edge.node));
    review = page.pageInfo.hasNextPage ? await pageAfter(page.pageInfo.endCursor) : null;
  }
  return { alerts, version };
}

export function useConclusionAlerts(reviewIdOf: () => string | null, outcomeId: () => string): UseConclusionAlerts {
  const { resolveClient } = useApolloClient();
  const client = resolveClient();
  // A computed changes only when the id does: a new version of the outcome must not restart the query.
  const reviewId = computed(reviewIdOf);
  const known = shallowRef(new Map<string, ConclusionAlert>());
  const banner = ref<ConclusionAlert[]>([]);
  let subscription: { unsubscribe(): void } | null = null;
  let generation = 0;

  const take = (alerts: readonly ConclusionAlert[]): ConclusionAlert[] => {
    const fresh = alerts.filter((alert) => !known.value.has(alert.id));
    if (fresh.length > 0) known.value = new Map([...known.value, ...fresh.map((alert) => [alert.id, alert] as const)]);
    return fresh;
  };

  watch(
    [reviewId, outcomeId],
    async ([review, outcome]) => {
      const mine = ++generation;
      subscription?.unsubscribe();
      subscription = null;
      known.value = new Map();
      banner.value = [];
      if (review === null) return;
      const listed = await fetchConclusionChanges(client, review, outcome).catch(() => null);
      if (mine !== generation || !listed) return;
      take(listed.alerts);
      subscription = client
        .subscribe<{ conclusionChanged: ConclusionChangedEvent }>({ query: CONCLUSION_CHANGED, variables: { reviewId: review, sinceVersion: listed.version } })
        .subscribe({
          next: ({ data }) => {
            const fresh = take((data?.conclusionChanged.changes ?? []).filter((change) => change.outcomeId === outcome));
            if (fresh.length > 0) banner.value = fresh;
          },
          error: () => undefined,
        });
    },
    { immediate: true },
  );
  onScopeDispose(() => {
    generation += 1;
    subscription?.unsubscribe();
  });

  const marks = computed(() => conclusionMarks([...known.value.values()], outcomeId()));
  return { marks, banner, dismiss: () => (banner.value = []) };
}
