// The read cache in front of Yoga: anonymous queries answered from memory, emptied by every committed change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnonymousRateLimiter } from '../src/rate-limit.js';
import { createReadCache, isCacheableQuery, type ReadCache } from '../src/read-cache.js';
import { startServer, type RunningServer } from '../src/server.js';
import { addStudyWithData, dataOf, reviewWithOutcome, testApp, testDatabase, type TestApp } from './helpers.js';

describe('the anonymous read cache', () => {
  let app: TestApp;
  let server: RunningServer;
  let cache: ReadCache;
  let hits = 0;
  let dispose: () => Promise<void>;
  let reviewId: string;
  let outcomeId: string;

  beforeAll(async () => {
    const test = await testDatabase('sqlite');
    dispose = test.dispose;
    app = testApp(test.database);
    const inner = createReadCache(app.events);
    cache = { ...inner, get: (body) => { const hit = inner.get(body); if (hit) hits += 1; return hit; } };
    server = await startServer(app.yoga, { port: 0, host: '127.0.0.1', readCache: cache, anonymousRateLimiter: null });
    ({ reviewId, outcomeId } = await reviewWithOutcome(app));
    await addStudyWithData(app, reviewId, outcomeId, 'Trial A', { events1: 4, n1: 120, events2: 11, n2: 140 }, 1990);
  });
  afterAll(async () => {
    cache?.close();
    await server?.close();
    await app?.close();
    await dispose?.();
  });

  const read = async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ outcome(id: "${outcomeId}") { version analysis { k estimate } } }` }),
    });
    return (await response.json()).data.outcome as { version: number; analysis: { k: number; estimate: number } } | null;
  };

  it('answers a repeated anonymous query from memory, with the same numbers', async () => {
    const first = await read();
    const before = hits;
    const second = await read();
    expect(hits).toBe(before + 1);
    expect(second).toEqual(first);
  });

  it('serves the new version after a write, never the cached one', async () => {
    const before = await read();
    await addStudyWithData(app, reviewId, outcomeId, 'Trial B', { events1: 6, n1: 300, events2: 29, n2: 300 }, 1991);
    await new Promise((resolve) => setTimeout(resolve, 20)); // the event reaches the cache
    const after = await read();
    expect(after!.version).toBe(before!.version + 2);
    expect(after!.analysis.k).toBe(2);
  });

  it('shows a renamed study under its new label (labels are shared across requests until the review changes)', async () => {
    const query = `{ outcome(id: "${outcomeId}") { analysis { studies { studyId label } } } }`;
    const labelsOf = async () => dataOf(await app.gql(query)).outcome.analysis.studies.map((s: { label: string }) => s.label);
    expect(await labelsOf()).toEqual(['Trial A', 'Trial B']);
    const studyId = dataOf(await app.gql(query)).outcome.analysis.studies[0].studyId;
    const renamed = dataOf(await app.gql(`mutation($input: UpdateStudyInput!) { updateStudy(input: $input) { errors { message } } }`, { input: { studyId, label: 'Trial A (corrected)' } }));
    expect(renamed.updateStudy.errors).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await labelsOf()).toEqual(['Trial A (corrected)', 'Trial B']);
  });

  it('forgets a review made private', async () => {
    expect(await read()).not.toBeNull();
    const updated = dataOf(await app.gql(`mutation($input: UpdateReviewInput!) { updateReview(input: $input) { errors { message } } }`, { input: { reviewId, isPublic: false } }));
    expect(updated.updateReview.errors).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await read()).toBeNull();
  });

  it('keeps only queries', () => {
    expect(isCacheableQuery(JSON.stringify({ query: '{ reviews { id } }' }))).toBe(true);
    expect(isCacheableQuery(JSON.stringify({ query: 'mutation { createReview(input: {title: "x"}) { errors { message } } }' }))).toBe(false);
    expect(isCacheableQuery(JSON.stringify({ query: 'subscription { outcomeUpdated(outcomeId: "x") { id } }' }))).toBe(false);
    expect(isCacheableQuery('not json')).toBe(false);
  });

  it('still counts cached answers against the anonymous rate limit', async () => {
    const limiter = createAnonymousRateLimiter({ limit: 2, windowMs: 60_000 });
    const limited = await startServer(app.yoga, { port: 0, host: '127.0.0.1', readCache: cache, anonymousRateLimiter: limiter });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await fetch(`${limited.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ reviews { id } }' }) });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([200, 200, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});
