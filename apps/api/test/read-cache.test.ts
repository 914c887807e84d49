/* eslint-disable @typescript-eslint/no-explicit-any -- tests read GraphQL results by path */
// The read cache in front of Yoga: queries answered from memory per identity (anonymous, or one token),
// emptied by every committed change; never an answer about tokens or webhooks, which change outside versions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveViewer } from '../src/auth/viewer.js';
import { createAnonymousRateLimiter } from '../src/rate-limit.js';
import { createReadCache, isCacheableQuery, type ReadCache } from '../src/read-cache.js';
import { schema } from '../src/schema/index.js';
import { startServer, type RunningServer } from '../src/server.js';
import { addStudyWithData, adminSecret, dataOf, reviewWithOutcome, testApp, testDatabase, type TestApp } from './helpers.js';

describe('the read cache', () => {
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
    const inner = createReadCache(app.events, schema);
    cache = {
      ...inner,
      get: (identity, body) => {
        const hit = inner.get(identity, body);
        if (hit) hits += 1;
        return hit;
      },
    };
    server = await startServer(app.yoga, {
      port: 0,
      host: '127.0.0.1',
      readCache: cache,
      anonymousRateLimiter: null,
      resolveViewer: (authorization) => resolveViewer(app.database, authorization, adminSecret),
    });
    ({ reviewId, outcomeId } = await reviewWithOutcome(app));
    await addStudyWithData(app, reviewId, outcomeId, 'Trial A', { events1: 4, n1: 120, events2: 11, n2: 140 }, 1990);
  });
  afterAll(async () => {
    cache?.close();
    await server?.close();
    await app?.close();
    await dispose?.();
  });

  const post = async (query: string, token?: string) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as { data?: any; errors?: { message: string }[] };
  };
  const read = async (token?: string) =>
    (await post(`{ outcome(id: "${outcomeId}") { version analysis { k estimate } } }`, token)).data.outcome as { version: number; analysis: { k: number; estimate: number } } | null;
  const createToken = async (input: Record<string, unknown>) => {
    const created = dataOf(await app.gql(`mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token { id } secret errors { message } } }`, { input }));
    expect(created.createApiToken.errors).toEqual([]);
    return created.createApiToken as { token: { id: string }; secret: string };
  };
  const changeReached = () => new Promise((resolve) => setTimeout(resolve, 20));

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

  it('answers a repeated query with a token from memory, kept apart from other identities', async () => {
    const reader = await createToken({ name: 'cache reader', role: 'READER' });
    const first = await read(reader.secret);
    const before = hits;
    expect(await read(reader.secret)).toEqual(first);
    expect(hits).toBe(before + 1);
    // The viewer's own identity is part of the answer, so two tokens never share one.
    const whoAmI = '{ viewer { name role } }';
    expect((await post(whoAmI, reader.secret)).data.viewer).toEqual({ name: 'cache reader', role: 'READER' });
    expect((await post(whoAmI, reader.secret)).data.viewer).toEqual({ name: 'cache reader', role: 'READER' });
    expect((await post(whoAmI, adminSecret)).data.viewer).toEqual({ name: 'administrator', role: 'ADMIN' });
    expect((await post(whoAmI)).data.viewer).toEqual({ name: 'anonymous', role: 'ANONYMOUS' });
  });

  it('forgets a review made private, for anonymous readers but not for a reader whose token covers it', async () => {
    const reader = await createToken({ name: 'private reader', role: 'READER', reviewId });
    expect(await read()).not.toBeNull();
    expect(await read(reader.secret)).not.toBeNull();
    const updated = dataOf(await app.gql(`mutation($input: UpdateReviewInput!) { updateReview(input: $input) { errors { message } } }`, { input: { reviewId, isPublic: false } }));
    expect(updated.updateReview.errors).toEqual([]);
    await changeReached();
    expect(await read()).toBeNull();
    expect(await read(reader.secret)).not.toBeNull();
    const before = hits;
    expect(await read(reader.secret)).not.toBeNull();
    expect(hits).toBe(before + 1);
  });

  it('stops answering a revoked token from memory at once', async () => {
    const reader = await createToken({ name: 'revoked reader', role: 'READER', reviewId });
    expect(await read(reader.secret)).not.toBeNull();
    expect(await read(reader.secret)).not.toBeNull();
    const revoked = dataOf(await app.gql(`mutation($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { errors { message } } }`, { input: { id: reader.token.id } }));
    expect(revoked.revokeApiToken.errors).toEqual([]);
    // No review changed, so nothing emptied the cache: the token itself is checked on every request.
    expect(await read(reader.secret)).toBeNull();
  });

  it('never keeps an answer about tokens, which change without a new review version', async () => {
    const names = async () => ((await post('{ apiTokens { name } }', adminSecret)).data.apiTokens as { name: string }[]).map((t) => t.name);
    const before = await names();
    await createToken({ name: 'made between two reads', role: 'READER' });
    expect(await names()).toEqual([...before, 'made between two reads']);
  });

  it('keeps only queries, and only those about versioned data', () => {
    expect(isCacheableQuery(JSON.stringify({ query: '{ reviews { id } }' }), schema)).toBe(true);
    expect(isCacheableQuery(JSON.stringify({ query: 'mutation { createReview(input: {title: "x"}) { errors { message } } }' }), schema)).toBe(false);
    expect(isCacheableQuery(JSON.stringify({ query: 'subscription { outcomeUpdated(outcomeId: "x") { id } }' }), schema)).toBe(false);
    expect(isCacheableQuery(JSON.stringify({ query: '{ apiTokens { id } }' }), schema)).toBe(false);
    expect(isCacheableQuery(JSON.stringify({ query: '{ reviews { id webhooks { url deliveries { status } } } }' }), schema)).toBe(false);
    // A registry run that finds nothing new, or fails, changes a search's runs without a review version.
    expect(isCacheableQuery(JSON.stringify({ query: '{ review(id: "r") { registrySearches { id runs { status error } } } }' }), schema)).toBe(false);
    expect(isCacheableQuery(JSON.stringify({ query: '{ review(id: "r") { registryTrials { nctId } registryProposals { id } } }' }), schema)).toBe(true);
    expect(isCacheableQuery('not json', schema)).toBe(false);
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
