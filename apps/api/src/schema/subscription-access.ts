// Access that does not outlive itself: every subscription of the schema asks again, before each event it sends,
// whether its subscriber may still read the review the event is about (lostReadAccess: the token revoked, the review
// made private). If not, the event is not sent; the subscriber receives one error saying why and the stream ends.
// Applied once to the built schema, so it holds for every Subscription field, over SSE and graphql-ws, and for
// events from Redis alike.
import { defaultFieldResolver, GraphQLError, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { identityKey, lostReadAccess } from '../auth/viewer.js';
import type { ReviewEvent } from '../events.js';
import { StopSignal } from '../stop-signal.js';
import type { GraphQLContext } from './builder.js';

/** Sent in place of an event the subscriber may no longer read: its field resolves to this error, then the stream ends. */
class AccessEnded {
  constructor(readonly reason: string) {}
}

/**
 * One check per event and identity: subscribers with the same token share it (a thousand readers cost one lookup).
 * A check starts only once its event was published, so it sees every revocation committed before that.
 */
const checksByEvent = new WeakMap<object, Map<string, Promise<string | null>>>();

function checkAccess(context: GraphQLContext, event: ReviewEvent): Promise<string | null> {
  const key = `${identityKey(context.viewer)}\n${event.reviewId}`;
  let checks = checksByEvent.get(event);
  if (!checks) {
    checks = new Map();
    checksByEvent.set(event, checks);
  }
  let check = checks.get(key);
  if (!check) {
    check = lostReadAccess(context.services.database, context.viewer, event.reviewId);
    checks.set(key, check);
  }
  return check;
}

function isReviewEvent(value: unknown): value is ReviewEvent {
  return typeof value === 'object' && value !== null && typeof (value as ReviewEvent).reviewId === 'string';
}

/**
 * How often an idle subscription asks again whether its subscriber may still read the review, so one that receives
 * no events ends too, soon after its token is revoked or its review made private (tests shorten it).
 */
export const accessRecheck = { intervalMs: 10_000 };

/** Idle re-checks shared by every subscription of one identity and review, fresh for half an interval. */
const idleChecks = new Map<string, { at: number; check: Promise<string | null> }>();

function recheckIdle(context: GraphQLContext, reviewId: string): Promise<string | null> {
  const key = `${identityKey(context.viewer)}\n${reviewId}`;
  const cached = idleChecks.get(key);
  if (cached && Date.now() - cached.at < accessRecheck.intervalMs / 2) return cached.check;
  const check = lostReadAccess(context.services.database, context.viewer, reviewId);
  idleChecks.set(key, { at: Date.now(), check });
  void check.finally(() => setTimeout(() => idleChecks.get(key)?.check === check && idleChecks.delete(key), accessRecheck.intervalMs).unref());
  return check;
}

/**
 * `source`, each event checked before it is handed on, and the review checked again every interval while no event
 * comes; returning reaches the source at once (unsubscribing never waits).
 */
function whileReadable(source: AsyncIterator<unknown> & { reviewId?: string }, context: GraphQLContext): AsyncIterableIterator<unknown> {
  let ended = false;
  const lost = new StopSignal<AccessEnded>();
  const timer =
    typeof source.reviewId === 'string'
      ? setInterval(() => {
          void recheckIdle(context, source.reviewId!).then((reason) => reason !== null && lost.raise(new AccessEnded(reason)), () => {});
        }, accessRecheck.intervalMs)
      : null;
  timer?.unref();
  const end = () => {
    ended = true;
    if (timer) clearInterval(timer);
    return source.return?.();
  };
  return {
    async next() {
      if (ended) return { done: true, value: undefined };
      const next = await lost.or(source.next());
      if (next instanceof AccessEnded) {
        void end();
        return { done: false, value: next };
      }
      if (next.done || ended) return { done: true, value: undefined };
      // An event that names no review cannot be checked, so it is not sent.
      const reason = isReviewEvent(next.value) ? await checkAccess(context, next.value) : 'its event names no review to check access against';
      if (reason === null) return { done: false, value: next.value };
      void end();
      return { done: false, value: new AccessEnded(reason) };
    },
    async return() {
      await end();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      await end();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** Puts the access check on every Subscription field of `schema` (its subscribe and its resolve) and returns it. */
export function checkAccessOnEveryEvent(schema: GraphQLSchema): GraphQLSchema {
  for (const field of Object.values(schema.getSubscriptionType()?.getFields() ?? {})) {
    const subscribe = field.subscribe;
    const resolve: GraphQLFieldResolver<unknown, GraphQLContext> = field.resolve ?? defaultFieldResolver;
    if (!subscribe) continue;
    field.subscribe = async (root, args, context: GraphQLContext, info) => {
      const source: unknown = await subscribe(root, args, context, info);
      if (typeof source !== 'object' || source === null || !(Symbol.asyncIterator in source)) return source;
      // The event bus's stream is its own iterator and names its review (events.ts), for the idle re-check.
      return whileReadable((source as AsyncIterable<unknown>)[Symbol.asyncIterator]() as AsyncIterator<unknown> & { reviewId?: string }, context);
    };
    field.resolve = (event, args, context: GraphQLContext, info) => {
      if (event instanceof AccessEnded) {
        throw new GraphQLError(`${field.name} ended: ${event.reason}`, { extensions: { code: 'FORBIDDEN' } });
      }
      return resolve(event, args, context, info);
    };
  }
  return schema;
}
