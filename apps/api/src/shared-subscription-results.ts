// One execution per event for all the subscribers who asked the same thing. A thousand readers subscribed to
// one outcome with the same document, variables and identity get the result of one execution, not a thousand
// (graphql-js executes a subscription's selection once per subscriber and event). The event object is the
// same for every subscriber of an instance (in process, and once parsed from Redis), so results are kept
// beside it and go when it goes.
import type { Plugin } from 'graphql-yoga';
import { createSourceEventStream, execute, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { identityKey, type Viewer } from './auth/viewer.js';

type Results = Map<string, Promise<ExecutionResult>>;

const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 0;

function documentId(document: DocumentNode): number {
  let id = documentIds.get(document);
  if (id === undefined) {
    id = nextDocumentId++;
    documentIds.set(document, id);
  }
  return id;
}

/** What decides a subscriber's result for one event, besides the event itself. */
export function sharingKey(args: ExecutionArgs): string {
  const context = args.contextValue as { viewer?: Viewer } | undefined;
  return JSON.stringify([documentId(args.document), args.operationName ?? null, args.variableValues ?? {}, context?.viewer ? identityKey(context.viewer) : null]);
}

/** `source` with each value mapped by `map`; returning or throwing reaches the source at once (unsubscribe never waits for an event). */
function mapped<T, U>(source: AsyncIterator<T>, map: (value: T) => Promise<U>): AsyncIterableIterator<U> {
  const finish = async (result: Promise<IteratorResult<T>> | undefined): Promise<IteratorResult<U>> => {
    await result;
    return { done: true, value: undefined };
  };
  return {
    async next() {
      const next = await source.next();
      return next.done ? { done: true, value: undefined } : { done: false, value: await map(next.value) };
    },
    return: () => finish(source.return?.()),
    throw: async (error: unknown) => {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * `result`, made to give Yoga its JSON from the first time it is asked (Yoga calls a result's own `stringify` when it
 * has one): a thousand SSE subscribers sharing a result serialize it once. Only for that very object: a plugin that
 * passes on a changed copy (errors masked, say) gets that copy serialized as usual.
 */
function serializedOnce(result: ExecutionResult): ExecutionResult {
  let json: string | undefined;
  const stringify = (given: ExecutionResult) => (given === result ? (json ??= JSON.stringify(given)) : JSON.stringify(given));
  return Object.defineProperty(result, 'stringify', { value: stringify, enumerable: false });
}

export function useSharedSubscriptionResults(): Plugin {
  const resultsByEvent = new WeakMap<object, Results>();
  const executeShared = (args: ExecutionArgs, key: string, event: unknown): Promise<ExecutionResult> => {
    const run = () => Promise.resolve(execute({ ...args, rootValue: event })).then(serializedOnce);
    if (typeof event !== 'object' || event === null) return run();
    let results = resultsByEvent.get(event);
    if (!results) {
      results = new Map();
      resultsByEvent.set(event, results);
    }
    let result = results.get(key);
    if (!result) {
      result = run();
      results.set(key, result);
    }
    return result;
  };
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(async (args) => {
        const source = await createSourceEventStream(args);
        if (!(Symbol.asyncIterator in source)) return source;
        const key = sharingKey(args);
        return mapped(source[Symbol.asyncIterator](), (event) => executeShared(args, key, event));
      });
    },
  };
}
