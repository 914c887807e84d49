// What a committed change announces, and how it reaches subscribers: in process, or through Redis so several
// API instances share one stream of events.
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from '@graphql-yoga/subscription';
import { Repeater, SlidingBuffer } from '@repeaterjs/repeater';
import { Redis } from 'ioredis';

/** Published after a commit: the review's new version and the outcomes recomputed under it. */
export interface ReviewEvent {
  reviewId: string;
  version: number;
  outcomeIds: string[];
  action: string;
  summary: string;
}

type Topics = { 'review-updated': [reviewId: string, event: ReviewEvent] };

export interface EventBus {
  publish(event: ReviewEvent): void;
  /** Events of one review; a slow consumer gets the latest event, not a backlog (sliding buffer of one). */
  subscribe(reviewId: string): AsyncIterableIterator<ReviewEvent>;
  close(): Promise<void>;
}

export function createEventBus(options: { redisUrl?: string | null } = {}): EventBus {
  const redis = options.redisUrl
    ? { publish: new Redis(options.redisUrl), subscribe: new Redis(options.redisUrl) }
    : null;
  const pubsub = createPubSub<Topics>(
    redis ? { eventTarget: createRedisEventTarget({ publishClient: redis.publish, subscribeClient: redis.subscribe }) } : {},
  );

  return {
    publish(event) {
      pubsub.publish('review-updated', event.reviewId, event);
    },
    subscribe(reviewId) {
      const source = pubsub.subscribe('review-updated', reviewId);
      return new Repeater<ReviewEvent>(async (push, stop) => {
        const iterator = source[Symbol.asyncIterator]();
        void stop.then(() => iterator.return?.());
        for (;;) {
          const next = await Promise.race([iterator.next(), stop.then(() => null)]);
          if (next === null || next.done) break;
          await push(next.value);
        }
        stop();
      }, new SlidingBuffer(1));
    },
    async close() {
      if (redis) {
        redis.publish.disconnect();
        redis.subscribe.disconnect();
      }
    },
  };
}
