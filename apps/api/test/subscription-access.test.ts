// Access that does not outlive itself: a subscription opened while a review was public, or with a token, stops
// (with an error saying why, before the next event is sent) once the review is made private or the token is
// revoked; subscribers who may still read it keep receiving. Over SSE and graphql-ws, on a real port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessRecheck } from '../src/schema/subscription-access.js';
import { startServer, type RunningServer } from '../src/server.js';
import { addStudyWithData, dataOf, dialects, mutations, reviewWithOutcome, testApp, testDatabase, type DialectName, type TestApp } from './helpers.js';
import { subscribeSse, subscribeWs } from './streams.js';

const outcomeUpdated = `subscription($id: ID!) { outcomeUpdated(outcomeId: $id) { version analysis { k } } }`;
const reviewUpdated = `subscription($id: ID!) { reviewUpdated(reviewId: $id) { version action } }`;
const conclusionChanged = `subscription($id: ID!) { conclusionChanged(reviewId: $id) { version changes { kind } } }`;
const updateReview = `mutation($input: UpdateReviewInput!) { updateReview(input: $input) { review { version } errors { field message } } }`;
const createToken = `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret token { id } errors { message } } }`;
const revokeToken = `mutation($id: ID!) { revokeApiToken(input: { id: $id }) { errors { message } } }`;

/** Long enough for a subscription to be listening before the next write. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 250));

describe.each(await dialects('subscription access'))('subscription access on %s', (dialect: DialectName) => {
  let app: TestApp;
  let server: RunningServer;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const test = await testDatabase(dialect);
    dispose = test.dispose;
    app = testApp(test.database);
    server = await startServer(app.yoga, { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
    await dispose?.();
  });

  async function token(name: string, role: 'READER' | 'MAINTAINER', reviewId?: string) {
    const created = dataOf(await app.gql(createToken, { input: { name, role, reviewId } })).createApiToken;
    return { secret: created.secret as string, id: created.token.id as string };
  }

  it('ends anonymous subscriptions (SSE and graphql-ws) once the review is made private; a reader with access keeps receiving', async () => {
    const { reviewId, outcomeId } = await reviewWithOutcome(app, { name: 'Deaths', measure: 'OR', model: 'FIXED' });
    const reader = await token('reader of every review', 'READER');
    const anonymousOutcome = await subscribeSse(server.url, outcomeUpdated, { id: outcomeId });
    const anonymousReview = subscribeWs(server.url, reviewUpdated, { id: reviewId });
    const anonymousAlerts = subscribeWs(server.url, conclusionChanged, { id: reviewId });
    const readerOutcome = subscribeWs(server.url, outcomeUpdated, { id: outcomeId }, reader.secret);
    const readerReview = await subscribeSse(server.url, reviewUpdated, { id: reviewId }, reader.secret);
    await settle();

    // While public, everyone receives.
    const { outcome: first } = await addStudyWithData(app, reviewId, outcomeId, 'Alpha 2001', { events1: 2, n1: 50, events2: 9, n2: 50 });
    expect((await anonymousOutcome.take(1))[0].data.outcomeUpdated).toEqual({ version: first.version, analysis: { k: 1 } });
    expect((await readerOutcome.take(1))[0].data.outcomeUpdated.version).toBe(first.version);
    expect((await anonymousReview.until((e) => e.data.reviewUpdated.version === first.version)).at(-1).data.reviewUpdated.action).toBe('recordStudyData');
    await readerReview.until((e) => e.data.reviewUpdated.version === first.version);

    const made = dataOf(await app.gql(updateReview, { input: { reviewId, isPublic: false } })).updateReview;
    expect(made.errors).toEqual([]);
    // The change that made it private is itself not sent to the anonymous subscriber: the stream ends with why.
    const anonymousEnd = await anonymousReview.ended();
    expect(anonymousEnd).toEqual([
      {
        data: { reviewUpdated: null },
        errors: [
          expect.objectContaining({
            message: `reviewUpdated ended: review '${reviewId}' is no longer public; subscribe again with a token that may read it`,
            path: ['reviewUpdated'],
            extensions: { code: 'FORBIDDEN' },
          }),
        ],
      },
    ]);
    expect((await readerReview.take(1))[0].data.reviewUpdated).toEqual({ version: made.review.version, action: 'updateReview' });

    // The next version of the outcome (now private) reaches the reader only.
    const { outcome: second } = await addStudyWithData(app, reviewId, outcomeId, 'Beta 2002', { events1: 3, n1: 60, events2: 12, n2: 60 });
    const outcomeEnd = await anonymousOutcome.ended();
    expect(outcomeEnd.map((e) => e.data)).toEqual([{ outcomeUpdated: null }]);
    expect(outcomeEnd[0].errors[0].message).toBe(`outcomeUpdated ended: review '${reviewId}' is no longer public; subscribe again with a token that may read it`);
    expect((await readerOutcome.take(1))[0].data.outcomeUpdated).toEqual({ version: second.version, analysis: { k: 2 } });
    expect((await readerReview.until((e) => e.data.reviewUpdated.version === second.version)).at(-1).data.reviewUpdated.action).toBe('recordStudyData');

    // A change of conclusion is not announced to the anonymous subscriber either: the direction turns.
    const { outcome: turned } = await addStudyWithData(app, reviewId, outcomeId, 'Gamma 2003', { events1: 400, n1: 500, events2: 100, n2: 500 });
    const alertsEnd = await anonymousAlerts.ended();
    expect(alertsEnd.every((e) => e.data?.conclusionChanged?.version !== turned.version)).toBe(true);
    expect(alertsEnd.at(-1).errors[0].message).toMatch(/^conclusionChanged ended: review '.+' is no longer public/);
    expect((await readerOutcome.take(1))[0].data.outcomeUpdated.version).toBe(turned.version);
    readerOutcome.close();
    readerReview.close();
  });

  it('ends subscriptions opened with a token once it is revoked (SSE and graphql-ws); another token keeps receiving', async () => {
    const { reviewId, outcomeId } = await reviewWithOutcome(app, { name: 'Deaths', measure: 'OR' }, { isPublic: false });
    const maintainer = await token('maintainer to revoke', 'MAINTAINER', reviewId);
    const reader = await token('reader who stays', 'READER', reviewId);
    const revokedOutcome = await subscribeSse(server.url, outcomeUpdated, { id: outcomeId }, maintainer.secret);
    const revokedReview = subscribeWs(server.url, reviewUpdated, { id: reviewId }, maintainer.secret);
    const stayingOutcome = await subscribeSse(server.url, outcomeUpdated, { id: outcomeId }, reader.secret);
    const stayingReview = subscribeWs(server.url, reviewUpdated, { id: reviewId }, reader.secret);
    await settle();

    const { outcome: first } = await addStudyWithData(app, reviewId, outcomeId, 'Alpha 2001', { events1: 2, n1: 50, events2: 9, n2: 50 });
    for (const stream of [revokedOutcome, stayingOutcome]) expect((await stream.take(1))[0].data.outcomeUpdated.version).toBe(first.version);
    for (const stream of [revokedReview, stayingReview]) await stream.until((e) => e.data.reviewUpdated.version === first.version);

    expect(dataOf(await app.gql(revokeToken, { id: maintainer.id })).revokeApiToken.errors).toEqual([]);
    const { outcome: second } = await addStudyWithData(app, reviewId, outcomeId, 'Beta 2002', { events1: 3, n1: 60, events2: 12, n2: 60 });
    for (const [stream, field] of [
      [revokedOutcome, 'outcomeUpdated'],
      [revokedReview, 'reviewUpdated'],
    ] as const) {
      const end = await stream.ended();
      // Not one event after the revocation: the first one ends the stream.
      expect(end).toHaveLength(1);
      expect(end[0].data).toEqual({ [field]: null });
      expect(end[0].errors).toEqual([
        expect.objectContaining({ message: expect.stringMatching(new RegExp(`^${field} ended: the bearer token 'maintainer to revoke' was revoked at `)), extensions: { code: 'FORBIDDEN' } }),
      ]);
    }
    expect((await stayingOutcome.take(1))[0].data.outcomeUpdated).toEqual({ version: second.version, analysis: { k: 2 } });
    await stayingReview.until((e) => e.data.reviewUpdated.version === second.version);

    // A new subscription with the revoked token is refused from the start, as for anyone without access.
    const again = subscribeWs(server.url, reviewUpdated, { id: reviewId }, maintainer.secret);
    expect((await again.take(1))[0].errors[0].message).toBe(`there is no review with id '${reviewId}'`);
    again.close();
    stayingOutcome.close();
    stayingReview.close();
  });

  it('ends an idle subscription soon after its token is revoked, with no event needed (SSE and graphql-ws)', async () => {
    const { reviewId, outcomeId } = await reviewWithOutcome(app, { name: 'Deaths', measure: 'OR' }, { isPublic: false });
    const maintainer = await token('maintainer gone quiet', 'MAINTAINER', reviewId);
    const interval = accessRecheck.intervalMs;
    accessRecheck.intervalMs = 200;
    try {
      const idleOutcome = await subscribeSse(server.url, outcomeUpdated, { id: outcomeId }, maintainer.secret);
      const idleReview = subscribeWs(server.url, reviewUpdated, { id: reviewId }, maintainer.secret);
      await settle();
      expect(dataOf(await app.gql(revokeToken, { id: maintainer.id })).revokeApiToken.errors).toEqual([]);
      for (const [stream, field] of [
        [idleOutcome, 'outcomeUpdated'],
        [idleReview, 'reviewUpdated'],
      ] as const) {
        const end = await stream.ended();
        expect(end).toEqual([{ data: { [field]: null }, errors: [expect.objectContaining({ message: expect.stringMatching(/was revoked at /), extensions: { code: 'FORBIDDEN' } })] }]);
      }
    } finally {
      accessRecheck.intervalMs = interval;
    }
  });

  it('keeps sending to a maintainer when their review is made private', async () => {
    const { reviewId, outcomeId } = await reviewWithOutcome(app, { name: 'Deaths', measure: 'OR' });
    const maintainer = await token('maintainer who stays', 'MAINTAINER', reviewId);
    const stream = await subscribeSse(server.url, reviewUpdated, { id: reviewId }, maintainer.secret);
    await settle();
    const made = dataOf(await app.gql(updateReview, { input: { reviewId, isPublic: false } })).updateReview;
    expect((await stream.take(1))[0].data.reviewUpdated).toEqual({ version: made.review.version, action: 'updateReview' });
    const { outcome } = await addStudyWithData(app, reviewId, outcomeId, 'Alpha 2001', { events1: 2, n1: 50, events2: 9, n2: 50 });
    expect((await stream.until((e) => e.data.reviewUpdated.version === outcome.version)).every((e) => !e.errors)).toBe(true);
    stream.close();
    expect(dataOf(await app.gql(mutations.addStudy, { input: { reviewId, label: 'Beta 2002' } })).addStudy.errors).toEqual([]);
  });
});
