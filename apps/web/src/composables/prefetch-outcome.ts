// The outcome page's data request starts when the route is entered, while the page's code (with ECharts, the
// largest chunk) is still loading; the page then takes that answer instead of asking again.
import type { ApolloClient } from '@apollo/client/core';
import { OUTCOME_QUERY, type Outcome, type OutcomeQueryResult } from '../graphql/outcome';

// A prefetch older than this is not trusted as current: the page asks the network.
const FRESH_MS = 10_000;
const started = new Map<string, { at: number; answer: Promise<Outcome | null> }>();

/**
 * The outcome as the API answers it, outside Apollo's normalised cache: a 500-study outcome is a large tree
 * that the cache would take hundreds of milliseconds to write and read back, and the page keeps one copy anyway.
 */
export async function fetchOutcome(client: Pick<ApolloClient<unknown>, 'query'>, id: string): Promise<Outcome | null> {
  const { data } = await client.query<OutcomeQueryResult, { id: string }>({ query: OUTCOME_QUERY, variables: { id }, fetchPolicy: 'no-cache' });
  return data.outcome;
}

export function prefetchOutcome(client: Pick<ApolloClient<unknown>, 'query'>, id: string, now = Date.now()): void {
  const answer = fetchOutcome(client, id);
  // The page asks again and shows the error.
  answer.catch(() => started.delete(id));
  started.set(id, { at: now, answer });
}

/** A fresh prefetch's answer for the page, once; null when it must ask the network itself. */
export function takePrefetched(id: string, now = Date.now()): Promise<Outcome | null> | null {
  const prefetch = started.get(id);
  started.delete(id);
  return prefetch && now - prefetch.at < FRESH_MS ? prefetch.answer : null;
}
