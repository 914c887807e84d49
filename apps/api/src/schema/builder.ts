// The Pothos schema builder every domain module adds its types, queries, mutations and subscriptions to.
import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import type { OidcProviderSettings } from '../auth/auth-config.js';
import type { Viewer } from '../auth/viewer.js';
import type { AuthServices, RequestInfo } from '../domain/people.js';
import type { StudyLabelCache } from '../domain/study-labels.js';
import type { Services } from '../domain/write-path.js';

export interface GraphQLContext {
  services: Services;
  viewer: Viewer;
  /** Study labels by review, shared across requests until the review changes. */
  studyLabels: StudyLabelCache;
  /** Sign-in: mail, throttling, sessions, and the OpenID Connect providers offered. */
  auth: AuthServices & { providers: readonly OidcProviderSettings[] };
  /** The HTTP request behind this operation: where it came from, and cookies for its response. */
  http: HttpContext;
}

export interface HttpContext extends RequestInfo {
  /** Came over https (directly or through a proxy that says so): cookies are then Secure. */
  secure: boolean;
  /** Adds a Set-Cookie header to the response (no-op over graphql-ws). */
  setCookie(header: string): void;
  /** The session's anti-forgery token, when the request came with a valid session cookie. */
  antiForgeryToken: string | null;
}

export type CumulusSchemaTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  Scalars: {
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultInputFieldRequiredness: false;
  /** Every connection resolver (see pagination.ts) returns a lazy count: the COUNT query runs only when totalCount is selected. */
  Connection: { totalCount: () => Promise<number> };
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
}>({
  plugins: [RelayPlugin],
  // Relay cursor connections only. No Node interface and no `node`/`nodes` root fields: those would need global
  // ids on every type (changing the ids clients already store) and would be lookups outside canRead.
  relay: {
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    cursorType: 'String',
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: false },
    firstArgOptions: { description: 'Forward paging: at most this many items after `after` (0 to 500; default 50).' },
    afterArgOptions: { description: 'An opaque cursor (an edge cursor or pageInfo.endCursor) to page forward from.' },
    lastArgOptions: { description: 'Backward paging: at most this many items before `before` (or the end of the list) (0 to 500).' },
    beforeArgOptions: { description: 'An opaque cursor (an edge cursor or pageInfo.startCursor) to page backward from.' },
  },
});

builder.queryType({ description: 'Reviews, outcomes and their analyses, as of any version.' });
builder.mutationType({
  description: 'Every change validates, stores, bumps the review version, recomputes affected analyses and publishes, in one transaction.',
});
builder.subscriptionType({ description: 'New versions as they are committed (a slow client gets the latest, not a backlog).' });

builder.scalarType('JSON', {
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
});
