// A subscriber holds nothing more for the events it has received: memory stays level however many changes a
// long-lived dashboard sees. Each event used to leave reactions (and what they reach) on a promise that lives as long
// as the subscription, in the event bus and again in the access check, about 500 bytes each: a megabyte per change for
// a thousand subscribers, until the server ran out of memory. Measured with the collector run between readings.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus, type ReviewEvent } from '../src/events.js';
import { dataOf, mutations, testApp, testDatabase, type TestApp } from './helpers.js';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** The heap in use after a full collection, in MB. */
function heapMb(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

const eventOf = (reviewId: string, version: number): ReviewEvent => ({ reviewId, version, outcomeIds: [], action: 'recordStudyData', summary: `change ${version}`, conclusionChanges: [] });

/** Yields until `done`, letting the streams take what was published. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('the events did not all arrive within 30 s');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('memory of long-lived subscriptions', () => {
  it('the event bus keeps nothing per event a subscriber has received (100 subscribers, 3,000 events)', async () => {
    const events = createEventBus();
    const streams = Array.from({ length: 100 }, () => events.subscribe('r1'));
    let received = 0;
    const reading = streams.map(async (stream) => {
      for await (const event of stream) if (event.version > 0) received++;
    });
    let version = 0;
    const publish = async (count: number) => {
      for (let i = 0; i < count; i++) {
        events.publish(eventOf('r1', ++version));
        await until(() => received === version * streams.length);
      }
    };
    await publish(200);
    const before = heapMb();
    await publish(3000);
    // 300,000 deliveries: the old bus held about 150 MB more (500 bytes each).
    expect(heapMb() - before).toBeLessThan(8);
    await Promise.all(streams.map((stream) => stream.return?.()));
    await Promise.all(reading);
    await events.close();
  });

  describe('through the schema, with the access check on every event', () => {
    let app: TestApp;
    let dispose: () => Promise<void>;
    let reviewId: string;

    beforeAll(async () => {
      const test = await testDatabase('sqlite');
      dispose = test.dispose;
      app = testApp(test.database);
      reviewId = dataOf(await app.gql(mutations.createReview, { input: { title: 'Watched by many' } })).createReview.review.id;
    });
    afterAll(async () => {
      await app?.close();
      await dispose?.();
    });

    it('keeps nothing per event a subscriber has received (40 SSE subscribers, 1,500 events)', async () => {
      const subscribers = 40;
      const counts = new Array<number>(subscribers).fill(0);
      const cancels: (() => Promise<void>)[] = [];
      const readers = await Promise.all(
        counts.map(async (_, index) => {
          const response = await app.yoga.fetch('http://yoga/graphql', {
            method: 'POST',
            headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization: 'Bearer test-admin-secret' },
            body: JSON.stringify({ query: 'subscription($id: ID!) { reviewUpdated(reviewId: $id) { version summary } }', variables: { id: reviewId } }),
          });
          expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
          const reader = response.body!.getReader();
          cancels.push(() => reader.cancel());
          const decoder = new TextDecoder();
          // Wrapped, or this promise would wait for the whole stream.
          return {
            finished: (async () => {
            try {
              for (;;) {
                const { done, value } = await reader.read();
                if (done) return;
                counts[index] += decoder.decode(value, { stream: true }).split('"reviewUpdated"').length - 1;
              }
            } catch {
              // Cancelled at the end of the test.
            }
          })(),
          };
        }),
      );
      let version = 0;
      // The streams listen once an event has reached every one of them (one is published every 20 ms until then).
      while (counts.some((count) => count === 0)) {
        app.events.publish(eventOf(reviewId, ++version));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const total = () => counts.reduce((a, b) => a + b, 0);
      const publish = async (count: number) => {
        for (let i = 0; i < count; i++) {
          const expected = total() + subscribers;
          app.events.publish(eventOf(reviewId, ++version));
          await until(() => total() >= expected);
        }
      };
      await publish(200);
      const before = heapMb();
      await publish(1500);
      // 60,000 deliveries: the old access check held about 31 MB more (500 bytes each).
      expect(heapMb() - before).toBeLessThan(5);
      await Promise.all(cancels.map((cancel) => cancel()));
      await Promise.all(readers.map((reader) => reader.finished));
    });
  });
});
