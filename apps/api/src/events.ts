// What a committed change announces, and how it reaches subscribers: in process, or through Redis so several
// API instances share one stream of events.
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';
import { SlidingStream } from './sliding-stream.js';

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

type Listener = (event: ReviewEvent) => void;

/**
 * Topics and who listens to each in this instance. Without Redis an event goes straight to them; with Redis it goes
 * out through Redis, and one listener per topic the instance listens to hands what Redis delivers to them all (Redis
 * sends SUBSCRIBE for a topic's first listener and UNSUBSCRIBE after its last). Every listener of an instance gets the
 * same event object, so what is worked out per event (access checks, shared results) is shared too.
 */
function createTopics(redis: ReturnType<typeof createRedisEventTarget> | null) {
  const listeners = new Map<string, Set<Listener>>();
  // Delivered as the change is published, after its commit: a listener that fails is reported, and neither the write
  // nor the other listeners notice.
  const deliver = (topic: string, event: ReviewEvent) => {
    for (const listener of listeners.get(topic) ?? []) {
      try {
        listener(event);
      } catch (error) {
        console.error(`cumulus: a listener to ${topic} failed:`, error);
      }
    }
  };
  const fromRedis = new Map<string, (message: Event) => void>();
  return {
    listen(topic: string, listener: Listener): void {
      let set = listeners.get(topic);
      if (!set) {
        listeners.set(topic, (set = new Set()));
        if (redis) {
          const relay = (message: Event) => deliver(topic, (message as CustomEvent<ReviewEvent>).detail);
          fromRedis.set(topic, relay);
          redis.addEventListener(topic, relay);
        }
      }
      set.add(listener);
    },
    unlisten(topic: string, listener: Listener): void {
      const set = listeners.get(topic);
      if (!set?.delete(listener) || set.size > 0) return;
      listeners.delete(topic);
      if (redis) {
        redis.removeEventListener(topic, fromRedis.get(topic)!);
        fromRedis.delete(topic);
      }
    },
    send(topic: string, event: ReviewEvent): void {
      if (redis) redis.dispatchEvent(new CustomEvent(topic, { detail: event }));
      else deliver(topic, event);
    },
  };
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
  const topics = createTopics(
    redis ? createRedisEventTarget({ publishClient: guarded(redis.publish, report), subscribeClient: guarded(redis.subscribe, report, subscriptions) }) : null,
  );
  const anyReview = 'any-review-updated';

  return {
    publish(event) {
      topics.send(`review-updated:${event.reviewId}`, event);
      topics.send(anyReview, event);
    },
    onAnyChange(listener) {
      topics.listen(anyReview, listener);
      return () => topics.unlisten(anyReview, listener);
    },
    subscribe(reviewId, { wanted = () => true, keep = 1, missed } = {}) {
      const topic = `review-updated:${reviewId}`;
      // The newest missed event sent: a live event no newer is a repeat. While missed events are being looked up,
      // live ones wait (only the newest `keep`, as the stream would keep).
      let sent = -Infinity;
      let waiting: ReviewEvent[] | null = missed ? [] : null;
      const listener: Listener = (event) => {
        if (!wanted(event)) return;
        if (!waiting) {
          if (event.version > sent) stream.offer(event);
          return;
        }
        waiting.push(event);
        if (waiting.length > keep) waiting.shift();
      };
      const stream = new SlidingStream<ReviewEvent>(keep, {
        // The first `next()` starts listening (the Redis event target sends SUBSCRIBE at once); only once Redis has
        // acknowledged it are missed events looked up, so a change committed meanwhile on another instance arrives.
        start: async () => {
          topics.listen(topic, listener);
          await subscriptions.get(topic);
          if (!missed) return;
          for (const event of await missed()) {
            if (!wanted(event)) continue;
            stream.offer(event);
            sent = Math.max(sent, event.version);
          }
          const live = waiting!;
          waiting = null;
          for (const event of live) if (event.version > sent) stream.offer(event);
        },
        end: () => topics.unlisten(topic, listener),
      });
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
