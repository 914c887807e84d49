// Reads served from memory in front of Yoga. Each answer is kept under who asked (anonymous, or one token's
// identity) and the request body, and every committed change of any review (from any instance, through the
// event bus) empties the cache, so a kept answer is never older than the last write this instance has heard
// of. Only complete answers to queries are kept, and never one that selects data that changes outside review
// versions (tokens, webhooks: see schema/not-versioned.ts).
import { parse, TypeInfo, visit, visitWithTypeInfo, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { EventBus } from './events.js';
import { ByteBoundedCache } from './domain/byte-bounded-cache.js';
import { isNotVersioned } from './schema/not-versioned.js';

export interface ReadCache {
  /** The stored response for this identity and request body, if any. */
  get(identity: string, body: string): Buffer | undefined;
  /** The generation a request started in; a response is stored only if no change happened meanwhile. */
  generation(): number;
  /** Keeps the answer if the body is a query that may be kept and no change happened since `startedIn`. */
  store(identity: string, body: string, response: Buffer, startedIn: number): void;
  close(): void;
}

const maxBodyBytes = 64 * 1024;

/** True when the request body asks for a query (never a mutation or subscription) whose answer may be kept. */
export function isCacheableQuery(body: string, schema: GraphQLSchema): boolean {
  if (body.length > maxBodyBytes) return false;
  try {
    const { query, operationName } = JSON.parse(body) as { query?: unknown; operationName?: unknown };
    if (typeof query !== 'string') return false;
    const document = parse(query);
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
    const chosen = operations.length === 1 ? operations[0] : operations.find((o) => o.name?.value === operationName);
    if (chosen?.operation !== 'query') return false;
    let versioned = true;
    const typeInfo = new TypeInfo(schema);
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field() {
          const type = typeInfo.getType();
          if (type && isNotVersioned(type)) versioned = false;
        },
      }),
    );
    return versioned;
  } catch {
    return false;
  }
}

/** The answers kept are bounded in bytes (CUMULUS_READ_CACHE_MB, 32 by default). */
export function createReadCache(events: EventBus, schema: GraphQLSchema, maxBytes = 32 * 1024 * 1024): ReadCache {
  const entries = new ByteBoundedCache<string, Buffer>(maxBytes);
  let generation = 0;
  const stop = events.onAnyChange(() => {
    generation += 1;
    entries.clear();
  });
  const keyOf = (identity: string, body: string) => `${identity}\n${body}`;
  return {
    get: (identity, body) => entries.get(keyOf(identity, body)),
    generation: () => generation,
    store(identity, body, response, startedIn) {
      if (startedIn !== generation || !isCacheableQuery(body, schema)) return;
      const key = keyOf(identity, body);
      entries.set(key, response, response.length + key.length);
    },
    close: stop,
  };
}
