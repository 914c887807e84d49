// Two API instances share events through Redis: a write on one reaches a subscriber of the other.
import { createDatabase, type CumulusDatabase } from '@cumulus/db';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus } from '../src/events.js';
import { startServer, type RunningServer } from '../src/server.js';
import { addStudyWithData, redisAvailability, redisUrl, reviewWithOutcome, testApp, testDatabase, type TestApp } from './helpers.js';
import { subscribeSse, subscribeWs } from './streams.js';

const unavailable = await redisAvailability();

/** How many connections listen to `channel` on the Redis that `probe` is connected to. */
const listenersOf = async (probe: Redis, channel: string) => ((await probe.pubsub('NUMSUB', channel)) as [string, number])[1];
if (unavailable) console.warn(`[skipped] Redis fan-out suite: ${unavailable}`);

describe.skipIf(unavailable !== null)('two instances sharing Redis', () => {
  let writer: TestApp;
  let reader: TestApp;
  let readerDatabase: CumulusDatabase;
  let readerServer: RunningServer;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const test = await testDatabase('sqlite');
    dispose = test.dispose;
    writer = testApp(test.database, { events: createEventBus({ redisUrl }) });
    readerDatabase = createDatabase({ url: test.url });
    reader = testApp(readerDatabase, { events: createEventBus({ redisUrl }) });
    readerServer = await startServer(reader.yoga, { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await readerServer?.close();
    await writer?.close();
    await reader?.close();
    await readerDatabase?.close();
    await dispose?.();
  });

  it("delivers every version written through instance A to instance B's SSE and graphql-ws subscribers", async () => {
    const { reviewId, outcomeId } = await reviewWithOutcome(writer, { name: 'Deaths', measure: 'OR', tau2Estimator: 'DL' });
    const sse = await subscribeSse(readerServer.url, `subscription($id: ID!) { outcomeUpdated(outcomeId: $id) { version analysis { k } } }`, { id: outcomeId });
    const ws = subscribeWs(readerServer.url, `subscription($id: ID!) { reviewUpdated(reviewId: $id) { version action } }`, { id: reviewId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // A client that keeps up sees every version of the outcome: each write waits for its event on instance B.
    const versions: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { outcome } = await addStudyWithData(writer, reviewId, outcomeId, `Trial ${i}`, { events1: 2 + i, n1: 40, events2: 6, n2: 40 });
      versions.push(outcome.version);
      const event = (await sse.until((e) => e.data.outcomeUpdated.version === outcome.version)).at(-1);
      expect(event.data.outcomeUpdated).toEqual({ version: outcome.version, analysis: { k: i + 1 } });
    }
    // The review stream carries both changes of each pair (addStudy, recordStudyData), in order; a burst may be
    // coalesced to its latest (sliding buffer), but never reordered, and the last version always arrives.
    const reviewEvents = (await ws.until((e) => e.data.reviewUpdated.version === versions.at(-1))).map((e) => e.data.reviewUpdated.version);
    expect(reviewEvents).toEqual([...reviewEvents].sort((a, b) => a - b));
    expect(new Set(reviewEvents).size).toBe(reviewEvents.length);
    sse.close();
    ws.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
  });

  it("pushes a conclusion change committed on instance A to instance B's conclusionChanged subscribers", async () => {
    const { reviewId, outcomeId } = await reviewWithOutcome(writer, { name: 'Deaths', measure: 'OR', model: 'FIXED' });
    const alerts = subscribeWs(readerServer.url, `subscription($id: ID!) { conclusionChanged(reviewId: $id) { version changes { kind outcome { name } } } }`, { id: reviewId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Not significant after the small trial; the large one makes it significant: one alert.
    await addStudyWithData(writer, reviewId, outcomeId, 'Small trial', { events1: 5, n1: 40, events2: 6, n2: 40 });
    const gained = await addStudyWithData(writer, reviewId, outcomeId, 'Large trial', { events1: 20, n1: 400, events2: 60, n2: 400 });
    const [event] = await alerts.take(1);
    expect(event.data.conclusionChanged).toEqual({ version: gained.outcome.version, changes: [{ kind: 'SIGNIFICANCE_GAINED', outcome: { name: 'Deaths' } }] });
    alerts.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
  });

  it("ends instance B's anonymous subscribers when instance A makes the review private; a token with access keeps receiving", async () => {
    const { reviewId, outcomeId } = await reviewWithOutcome(writer, { name: 'Deaths', measure: 'OR' });
    const reader = (
      await writer.gql(`mutation { createApiToken(input: { name: "reader through Redis", role: READER }) { secret } }`)
    ).data.createApiToken.secret as string;
    const query = `subscription($id: ID!) { outcomeUpdated(outcomeId: $id) { version } }`;
    const sse = await subscribeSse(readerServer.url, query, { id: outcomeId });
    const ws = subscribeWs(readerServer.url, query, { id: outcomeId });
    const staying = subscribeWs(readerServer.url, query, { id: outcomeId }, reader);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const made = await writer.gql(`mutation($id: ID!) { updateReview(input: { reviewId: $id, isPublic: false }) { errors { message } } }`, { id: reviewId });
    expect(made.data.updateReview.errors).toEqual([]);
    const { outcome } = await addStudyWithData(writer, reviewId, outcomeId, 'Trial after', { events1: 2, n1: 40, events2: 6, n2: 40 });
    for (const stream of [sse, ws]) {
      const end = await stream.ended();
      expect(end).toEqual([{ data: { outcomeUpdated: null }, errors: [expect.objectContaining({ message: `outcomeUpdated ended: review '${reviewId}' is no longer public; subscribe again with a token that may read it` })] }]);
    }
    expect((await staying.take(1))[0].data.outcomeUpdated.version).toBe(outcome.version);
    staying.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
  });

  it("stops listening to a review through Redis once instance B's last SSE and graphql-ws subscribers of it disconnect", async () => {
    const { reviewId, outcomeId } = await reviewWithOutcome(writer, { name: 'Deaths', measure: 'OR', tau2Estimator: 'DL' });
    const probe = new Redis(redisUrl);
    const listening = () => listenersOf(probe, `review-updated:${reviewId}`);
    try {
      const sse = await subscribeSse(readerServer.url, `subscription($id: ID!) { outcomeUpdated(outcomeId: $id) { version } }`, { id: outcomeId });
      const ws = subscribeWs(readerServer.url, `subscription($id: ID!) { reviewUpdated(reviewId: $id) { version } }`, { id: reviewId });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await listening()).toBe(1);
      sse.close();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await listening()).toBe(1);
      ws.close();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await listening()).toBe(0);
    } finally {
      probe.disconnect();
    }
  });

  it('listens to a review through one Redis channel while any subscriber of this instance does, and leaves it after the last', async () => {
    const bus = createEventBus({ redisUrl });
    const probe = new Redis(redisUrl);
    const topic = `review-updated:review-${Date.now()}-channel`;
    const listening = () => listenersOf(probe, topic);
    try {
      const reviewId = topic.slice('review-updated:'.length);
      const [a, b] = [bus.subscribe(reviewId), bus.subscribe(reviewId)];
      const pending = [a.next(), b.next()];
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await listening()).toBe(1);
      await a.return?.();
      expect(await listening()).toBe(1);
      await b.return?.();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await listening()).toBe(0);
      expect(await Promise.all(pending)).toEqual([{ done: true, value: undefined }, { done: true, value: undefined }]);
    } finally {
      probe.disconnect();
      await bus.close();
    }
  });

  it('listens through Redis before it looks for missed events, so a write on another instance meanwhile arrives', async () => {
    const here = createEventBus({ redisUrl });
    const there = createEventBus({ redisUrl });
    const reviewId = `review-${Date.now()}`;
    const event = (version: number, id = reviewId) => ({ reviewId: id, version, outcomeIds: ['o1'], action: 'recordStudyData', summary: '' });
    try {
      // Both instances connected first (a first event crosses), so what follows is only about the order of the steps.
      const warmUp = here.subscribe(`${reviewId}-warm-up`);
      const first = warmUp.next();
      await new Promise((resolve) => setTimeout(resolve, 100));
      there.publish(event(1, `${reviewId}-warm-up`));
      await first;
      await warmUp.return?.();

      const iterator = here.subscribe(reviewId, {
        keep: 10,
        // Another instance commits while this one reads the change log: the live event must not be lost.
        missed: async () => {
          there.publish(event(7));
          return [event(6)];
        },
      });
      const next = () =>
        Promise.race([iterator.next(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no event within 5 s: the live one was lost')), 5000))]);
      const versions = [(await next()).value.version, (await next()).value.version];
      expect(versions).toEqual([6, 7]);
      await iterator.return?.();
    } finally {
      await here.close();
      await there.close();
    }
  });
});
