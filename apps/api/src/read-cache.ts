// Anonymous reads of public reviews, served from memory in front of Yoga. Every committed change of any
// review (from any instance, through the event bus) empties it, so a cached answer is never older than the
// last write this instance has heard of. Requests with a token always go through Yoga.
import { parse, type OperationDefinitionNode } from 'graphql';
import type { EventBus } from './events.js';

export interface ReadCache {
  /** The stored response for this request body, if any. */
  get(body: string): Buffer | undefined;
  /** The generation a request started in; a response is stored only if no change happened meanwhile. */
  generation(): number;
  store(body: string, response: Buffer, startedIn: number): void;
  close(): void;
}

const maxEntries = 1000;
const maxBodyBytes = 64 * 1024;

/** True when the request body asks for a query (never a mutation or subscription). */
export function isCacheableQuery(body: string): boolean {
  if (body.length > maxBodyBytes) return false;
  try {
    const { query, operationName } = JSON.parse(body) as { query?: unknown; operationName?: unknown };
    if (typeof query !== 'string') return false;
    const operations = parse(query).definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
    const chosen = operations.length === 1 ? operations[0] : operations.find((o) => o.name?.value === operationName);
    return chosen?.operation === 'query';
  } catch {
    return false;
  }
}

export function createReadCache(events: EventBus): ReadCache {
  const entries = new Map<string, Buffer>();
  let generation = 0;
  const stop = events.onAnyChange(() => {
    generation += 1;
    entries.clear();
  });
  return {
    get: (body) => entries.get(body),
    generation: () => generation,
    store(body, response, startedIn) {
      if (startedIn !== generation) return;
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(body, response);
    },
    close: stop,
  };
}
