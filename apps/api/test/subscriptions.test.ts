// Subscribers on a real port (SSE and graphql-ws) receive every version in order; a slow one gets the latest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus } from '../src/events.js';
import { startServer, type RunningServer } from '../src/server.js';
import { adminSecret, addStudyWithData, reviewWithOutcome, testApp, testDatabase, type TestApp } from './helpers.js';
import { subscribeSse, subscribeWs } from './streams.js';

const outcomeUpdated = `subscription($id: ID!) { outcomeUpdated(outcomeId: $id) { id version analysis { k estimate } } }`;
const reviewUpdated = `subscription($id: ID!) { reviewUpdated(reviewId: $id) { version action outcomeIds review { version } outcomes { version analysis { k } } } }`;

describe('subscriptions over a real port', () => {
  let app: TestApp;
  let server: RunningServer;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const test = await testDatabase('sqlite');
    dispose = test.dispose;
    app = testApp(test.database);
    server = await startServer(app.yoga, { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
    await dispose?.();
  });

  it('an SSE subscriber to outcomeUpdated receives every version in order, with its analysis', async () => {
    const { reviewId, outcomeId } = await reviewWithOutcome(app, { name: 'Deaths', measure: 'OR', tau2Estimator: 'DL' });
    const stream = await subscribeSse(server.url, outcomeUpdated, { id: outcomeId });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const written: number[] = [];
    for (let i = 0; i < 8; i++) {
      const { outcome } = await addStudyWithData(app, reviewId, outcomeId, `Trial ${i}`, { events1: 3 + i, n1: 50, events2: 8, n2: 50 });
      written.push(outcome.version);
    }
    const events = await stream.take(8);
    stream.close();
    expect(events.map((e) => e.data.outcomeUpdated.version)).toEqual(written);
    expect(events.map((e) => e.data.outcomeUpdated.analysis.k)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('a graphql-ws subscriber to reviewUpdated receives every version, including ones that recompute nothing', async () => {
    const { reviewId, outcomeId } = await reviewWithOutcome(app, { name: 'Deaths', measure: 'RR' }, { isPublic: false });
    const stream = subscribeWs(server.url, reviewUpdated, { id: reviewId }, adminSecret);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { outcome } = await addStudyWithData(app, reviewId, outcomeId, 'Trial A', { events1: 3, n1: 50, events2: 8, n2: 50 });
    const events = await stream.take(2);
    stream.close();
    expect(events.map((e) => e.data.reviewUpdated.version)).toEqual([outcome.version - 1, outcome.version]);
    expect(events[0].data.reviewUpdated).toMatchObject({ action: 'addStudy', outcomeIds: [], outcomes: [] });
    expect(events[1].data.reviewUpdated).toMatchObject({ action: 'recordStudyData', outcomeIds: [outcomeId], outcomes: [{ version: outcome.version, analysis: { k: 1 } }] });
  });

  it('refuses a graphql-ws subscription to a private review without a token', async () => {
    const { reviewId } = await reviewWithOutcome(app, { name: 'Deaths', measure: 'OR' }, { isPublic: false });
    const stream = subscribeWs(server.url, reviewUpdated, { id: reviewId });
    const [event] = await stream.take(1, 3000);
    stream.close();
    // Private reviews look unknown to those who may not read them.
    expect(event.errors).toEqual([expect.objectContaining({ message: `there is no review with id '${reviewId}'`, extensions: { code: 'NOT_FOUND' } })]);
    expect(event.data).toBeUndefined();
  });

  it('with sinceVersion, a subscriber first gets what was committed after the version it queried, then every new version', async () => {
    const { reviewId, outcomeId } = await reviewWithOutcome(app, { name: 'Deaths', measure: 'OR', tau2Estimator: 'DL' });
    const { outcome: queried } = await addStudyWithData(app, reviewId, outcomeId, 'Trial A', { events1: 3, n1: 50, events2: 8, n2: 50 });
    // Written after the query's answer and before the subscription: without sinceVersion it would be lost.
    const { outcome: missed } = await addStudyWithData(app, reviewId, outcomeId, 'Trial B', { events1: 4, n1: 60, events2: 9, n2: 60 });
    const query = `subscription($id: ID!, $since: Int) { outcomeUpdated(outcomeId: $id, sinceVersion: $since) { version analysis { k } } }`;
    const stream = await subscribeSse(server.url, query, { id: outcomeId, since: queried.version });
    const [first] = await stream.take(1);
    expect(first.data.outcomeUpdated).toEqual({ version: missed.version, analysis: { k: 2 } });
    const { outcome: live } = await addStudyWithData(app, reviewId, outcomeId, 'Trial C', { events1: 5, n1: 70, events2: 9, n2: 70 });
    const [next] = await stream.take(1);
    expect(next.data.outcomeUpdated).toEqual({ version: live.version, analysis: { k: 3 } });

    // Already up to date: nothing is sent until the next version.
    const current = await subscribeSse(server.url, query, { id: outcomeId, since: live.version });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { outcome: later } = await addStudyWithData(app, reviewId, outcomeId, 'Trial D', { events1: 2, n1: 40, events2: 6, n2: 40 });
    expect((await current.take(1))[0].data.outcomeUpdated.version).toBe(later.version);
    stream.close();
    current.close();

    const review = `subscription($id: ID!, $since: Int) { reviewUpdated(reviewId: $id, sinceVersion: $since) { version action } }`;
    const reviewStream = subscribeWs(server.url, review, { id: reviewId, since: queried.version });
    expect((await reviewStream.take(1))[0].data.reviewUpdated).toEqual({ version: later.version, action: 'recordStudyData' });
    reviewStream.close();
  });

  it('serves GraphQL over plain POST on the same port', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { role } }' }),
    });
    expect(await response.json()).toEqual({ data: { viewer: { role: 'ANONYMOUS' } } });
  });
});

describe('a subscriber that catches up', () => {
  const event = (version: number) => ({ reviewId: 'review-1', version, outcomeIds: ['o1'], action: 'a', summary: '' });

  it('gets the missed events first, then live ones, never one twice, even when a write lands while it looks', async () => {
    const events = createEventBus();
    const iterator = events.subscribe('review-1', {
      keep: 10,
      missed: async () => {
        // Committed (and published) while the missed events were being read: listening has already begun.
        events.publish(event(5));
        return [event(4), event(5)];
      },
    });
    const received = [(await iterator.next()).value.version, (await iterator.next()).value.version];
    events.publish(event(6));
    received.push((await iterator.next()).value.version);
    expect(received).toEqual([4, 5, 6]);
    await iterator.return?.();
    await events.close();
  });
});

describe('a slow subscriber', () => {
  it('gets the latest event, not a backlog (sliding buffer of one)', async () => {
    const events = createEventBus();
    const iterator = events.subscribe('review-1');
    const first = iterator.next();
    events.publish({ reviewId: 'review-1', version: 1, outcomeIds: [], action: 'a', summary: '' });
    expect((await first).value.version).toBe(1);
    for (let version = 2; version <= 6; version++) events.publish({ reviewId: 'review-1', version, outcomeIds: [], action: 'a', summary: '' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await iterator.next()).value.version).toBe(6);
    await iterator.return?.();
    await events.close();
  });

  it('filters before buffering, so an unrelated event never displaces a wanted one', async () => {
    const events = createEventBus();
    const iterator = events.subscribe('review-1', { wanted: (event) => event.outcomeIds.includes('o1') });
    const first = iterator.next();
    events.publish({ reviewId: 'review-1', version: 1, outcomeIds: ['o1'], action: 'a', summary: '' });
    await first;
    events.publish({ reviewId: 'review-1', version: 2, outcomeIds: ['o1'], action: 'a', summary: '' });
    events.publish({ reviewId: 'review-1', version: 3, outcomeIds: ['o2'], action: 'a', summary: '' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await iterator.next()).value.version).toBe(2);
    await iterator.return?.();
    await events.close();
  });
});

describe('a subscriber whose filter fails', () => {
  it('is reported, and neither the publisher nor the other subscribers notice', async () => {
    const events = createEventBus();
    const failing = events.subscribe('review-1', {
      wanted: () => {
        throw new Error('a filter that fails');
      },
    });
    const healthy = events.subscribe('review-1');
    const pending = [failing.next(), healthy.next()];
    await new Promise((resolve) => setTimeout(resolve, 10));
    const reported: unknown[][] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => void reported.push(args);
    try {
      expect(() => events.publish({ reviewId: 'review-1', version: 1, outcomeIds: [], action: 'a', summary: '' })).not.toThrow();
    } finally {
      console.error = error;
    }
    expect((await pending[1]).value.version).toBe(1);
    expect(reported).toEqual([['cumulus: a listener to review-updated:review-1 failed:', new Error('a filter that fails')]]);
    await failing.return?.();
    await healthy.return?.();
    expect(await pending[0]).toEqual({ done: true, value: undefined });
    await events.close();
  });
});
