// The Pothos schema builder every domain module adds its types, queries, mutations and subscriptions to.
import SchemaBuilder from '@pothos/core';
import type { Viewer } from '../auth/viewer.js';
import type { StudyLabelCache } from '../domain/study-labels.js';
import type { Services } from '../domain/write-path.js';

export interface GraphQLContext {
  services: Services;
  viewer: Viewer;
  /** Study labels by review, shared across requests until the review changes. */
  studyLabels: StudyLabelCache;
}

export type CumulusSchemaTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  Scalars: {
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultInputFieldRequiredness: false;
}>({});

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
