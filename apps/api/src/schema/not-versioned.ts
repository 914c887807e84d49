// Most of what the API serves changes only with a new review version, so an answer can be kept until the next
// committed change. A few types change without one (API tokens, webhooks and their deliveries); they carry
// this mark, and an answer that selects any of them is never kept.
import { getNamedType, type GraphQLOutputType } from 'graphql';

export const notVersioned = { cumulusNotVersioned: true } as const;

/** True when values of this type (or the type inside its lists and non-nulls) change outside review versions. */
export function isNotVersioned(type: GraphQLOutputType): boolean {
  return (getNamedType(type).extensions as { cumulusNotVersioned?: boolean } | undefined)?.cumulusNotVersioned === true;
}
