// What a committed change announces, and how it reaches subscribers: in process, or through Redis so several
// API instances share one stream of events.
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from '@graphql-yoga/subscription';
import { Repeater, SlidingBuffer } from '@repeaterjs/repeater';
import { Redis } from 'ioredis';
import { StopSignal } from './stop-signal.js';

/** A change of conclusion a committed write caused, as recorded in the change log. */
export interface ConclusionAlert {
  id: string;
  reviewId: string;
  outcomeId: string;
  version: number;
  kind: string;
  from: string | null;
  to: string | null;
  message: string;
  createdAt: string;
}

/** Published after a commit: the review's new version, the outcomes recomputed under it, and the conclusions it changed. */
export interface ReviewEvent {
  reviewId: string;
  version: number;
  outcomeIds: string[];
  action: string;
  summary: string;
  /** Absent or empty when no conclusion changed. */
  conclusionChanges?: ConclusionAlert[];
  /** Records an import or a registry run brought in that now wait for screening (absent when none). */
  newRecords?: number;
}

export interface SubscribeOptions {
  /** Only events that pass (default: all). */
  wanted?: (event: ReviewEvent) => boolean;
  /**
   * A slow consumer gets the latest event, not a backlog (a sliding buffer of one, applied after the filter so
   * an unrelated event never displaces a wanted one). Streams where every event matters (alerts) keep up to
   * `keep` events instead.
   */
  keep?: number;
  /**
   * Events the subscriber missed before subscribing (from the change log), sent first. They are asked for
   * once the stream listens, so nothing committed in between is lost; a live event no newer than them is a
   * repeat and is dropped.
   */
  missed?: () => Promise<ReviewEvent[]>;
}

type Topics = { 'review-updated': [reviewId: string, event: ReviewEvent]; 'any-review-updated': [event: ReviewEvent] };

export interface EventBus {
  publish(event: ReviewEvent): void;
  /** Events of one review (see SubscribeOptions); the stream names its review. */
  subscribe(reviewId: string, options?: SubscribeOptions): AsyncIterableIterator<ReviewEvent> & { readonly reviewId: string };
  /** Calls `listener` on every committed change of any review, from any instance; returns a function that stops it. */
  onAnyChange(listener: (event: ReviewEvent) => void): () => void;
  close(): Promise<void>;
}

/**
 * The Redis event target fires publish/subscribe/unsubscribe without handling their promises; a Redis outage
 * must not become an unhandled rejection that stops the process, so those commands report their failures.
 */
function guarded(client: Redis, report: (error: Error) => void, subscriptions?: Map<string, Promise<unknown>>): Redis {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === 'publish' || property === 'subscribe' || property === 'unsubscribe') {
        return (...args: unknown[]) => {
          const done = (value as (...a: unknown[]) => Promise<unknown>).apply(target, args).catch(report);
          // Redis acknowledges a SUBSCRIBE when it delivers the channel's messages from then on.
          if (property === 'subscribe') subscriptions?.set(String(args[0]), done);
          if (property === 'unsubscribe') subscriptions?.delete(String(args[0]));
          return done;
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export function createEventBus(options: { redisUrl?: string | null } = {}): EventBus {
  const redis = options.redisUrl ? { publish: new Redis(options.redisUrl), subscribe: new Redis(options.redisUrl) } : null;
  // ioredis reconnects by itself; report the outage instead of crashing on an unhandled 'error' event.
  let lastReport = 0;
  const report = (error: Error) => {
    if (Date.now() - lastReport > 10_000) console.error(`cumulus: Redis: ${error.message}`);
    lastReport = Date.now();
  };
  for (const client of redis ? [redis.publish, redis.subscribe] : []) client.on('error', report);
  // Each channel's SUBSCRIBE, until Redis has acknowledged it: a subscriber looks for missed events only after that.
  const subscriptions = new Map<string, Promise<unknown>>();
  const pubsub = createPubSub<Topics>(
    redis
      ? { eventTarget: createRedisEventTarget({ publishClient: guarded(redis.publish, report), subscribeClient: guarded(redis.subscribe, report, subscriptions) }) }
      : {},
  );

  return {
    publish(event) {
      pubsub.publish('review-updated', event.reviewId, event);
      pubsub.publish('any-review-updated', event);
    },
    onAnyChange(listener) {
      const iterator = pubsub.subscribe('any-review-updated')[Symbol.asyncIterator]();
      let stopped = false;
      void (async () => {
        while (!stopped) {
          const next = await iterator.next();
          if (next.done) break;
          listener(next.value);
        }
      })();
      return () => {
        stopped = true;
        void iterator.return?.();
      };
    },
    subscribe(reviewId, { wanted = () => true, keep = 1, missed } = {}) {
      const source = pubsub.subscribe('review-updated', reviewId);
      const stream = new Repeater<ReviewEvent>(async (push, stop) => {
        const iterator = source[Symbol.asyncIterator]();
        const stopped = new StopSignal<null>();
        void stop.then(() => {
          stopped.raise(null);
          return iterator.return?.();
        });
        // Asking for the first event starts listening (the Redis event target sends SUBSCRIBE at once); only once Redis
        // has acknowledged it are missed events looked up, so a change committed meanwhile on another instance arrives.
        let pending = iterator.next();
        await subscriptions.get(`review-updated:${reviewId}`);
        let sent = -Infinity;
        for (const event of missed ? await missed() : []) {
          if (!wanted(event)) continue;
          await push(event);
          sent = Math.max(sent, event.version);
        }
        for (;;) {
          const next = await stopped.or(pending);
          if (next === null || next.done) break;
          if (next.value.version > sent && wanted(next.value)) await push(next.value);
          pending = iterator.next();
        }
        stop();
      }, new SlidingBuffer(keep));
      return Object.assign(stream, { reviewId });
    },
    async close() {
      if (redis) {
        // quit() lets pending commands (a last unsubscribe) finish before the connections close.
        await Promise.allSettled([redis.publish.quit(), redis.subscribe.quit()]);
      }
    },
  };
}
