// One Apollo client: queries and mutations over HTTP, subscriptions over graphql-ws, both on /graphql.
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, split } from '@apollo/client/core';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient, type Client } from 'graphql-ws';
import type { InjectionKey } from 'vue';
import { currentAntiForgeryToken, onIdentityChange, TOKEN_KEY } from './composables/use-session';

/** The graphql-ws client, for composables that react to (re)connections. */
export const SUBSCRIPTIONS: InjectionKey<Client> = Symbol('graphql-ws client');

/** ws://host/graphql for http pages, wss:// for https. */
export function webSocketUrl(location: Pick<Location, 'protocol' | 'host'>, path = '/graphql'): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`;
}

/** A bearer token a maintainer pasted once (writes need it; reads of public reviews do not). */
export function storedToken(): string | null {
  try {
    return globalThis.localStorage?.getItem(TOKEN_KEY) ?? null;
  } catch {
    return null;
  }
}

/**
 * The headers a request adds: the bearer token when one is stored (unless the request brings its own), else, on a
 * mutation, the cookie session's anti-forgery token (the API refuses a cookie mutation without it).
 */
export function credentialHeaders(
  headers: Record<string, string>,
  operation: 'query' | 'mutation' | 'subscription',
  bearer: string | undefined,
  antiForgery: string | null,
): Record<string, string> {
  if (bearer && !headers.authorization) return { ...headers, authorization: bearer };
  if (!bearer && !headers.authorization && operation === 'mutation' && antiForgery) return { ...headers, 'x-csrf-token': antiForgery };
  return headers;
}

export interface CumulusApollo {
  client: ApolloClient<unknown>;
  subscriptions: Client;
}

export function createCumulusApollo(location: Pick<Location, 'protocol' | 'host'> = window.location): CumulusApollo {
  // The token is read per request, so signing in or out takes effect without a reload; a request that
  // brings its own authorization (the sign-in check) keeps it.
  const authorization = () => {
    const token = storedToken();
    return token ? `Bearer ${token}` : undefined;
  };
  const auth = new ApolloLink((operation, forward) => {
    const bearer = authorization();
    const definition = getMainDefinition(operation.query);
    const kind = definition.kind === 'OperationDefinition' ? definition.operation : 'query';
    operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({
      headers: credentialHeaders(headers, kind, bearer, currentAntiForgeryToken()),
    }));
    return forward(operation);
  });
  // Same origin: the session cookie goes with every request.
  const http = auth.concat(new HttpLink({ uri: '/graphql', credentials: 'same-origin' }));
  const subscriptions = createClient({
    url: webSocketUrl(location),
    connectionParams: () => {
      const bearer = authorization();
      return bearer ? { authorization: bearer } : {};
    },
    lazy: true,
    retryAttempts: Infinity,
    shouldRetry: () => true,
  });
  // Subscriptions run as whoever connected: after a sign-in or sign-out, connect again (they resume by themselves).
  onIdentityChange(() => subscriptions.terminate());
  const link = split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
    },
    new GraphQLWsLink(subscriptions),
    http,
  );
  const cache = new InMemoryCache({
    typePolicies: {
      // An outcome at one version is a different object from the same outcome at another: keep both, let
      // use-outcome decide which one the page shows (an older event must not overwrite a newer state).
      Outcome: { keyFields: ['id', 'version'] },
    },
  });
  // Every query asked for goes to the server, even while an identical one is under way: a page refetched for a
  // live event must see that event's change, and the request already sent may have been read before it committed
  // (Apollo's deduplication would hand it the older answer). refresh-in-turn.ts keeps such refetches one at a time.
  return { client: new ApolloClient({ link, cache, queryDeduplication: false }), subscriptions };
}
