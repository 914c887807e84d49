// Bad input and forbidden writes are refused in the payload and leave the database exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStudyWithData, dataOf, dialects, mutations, reviewWithOutcome, rowCounts, testApp, testDatabase, type TestApp } from './helpers.js';

describe.each(await dialects('refused writes'))('refused writes on %s', (dialect) => {
  let app: TestApp;
  let dispose: () => Promise<void>;
  let reviewId: string;
  let outcomeId: string;
  let studyId: string;
  let otherReviewId: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    const test = await testDatabase(dialect);
    dispose = test.dispose;
    app = testApp(test.database);
    ({ reviewId, outcomeId } = await reviewWithOutcome(app, { name: 'Deaths', measure: 'OR' }));
    ({ studyId } = await addStudyWithData(app, reviewId, outcomeId, 'Smith 2019', { events1: 3, n1: 10, events2: 5, n2: 10 }));
    otherReviewId = dataOf(await app.gql(mutations.createReview, { input: { title: 'Another review' } })).createReview.review.id;
    const create = `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret token { id } errors { message } } }`;
    tokens.reader = dataOf(await app.gql(create, { input: { name: 'a reader', role: 'READER' } })).createApiToken.secret;
    tokens.maintainer = dataOf(await app.gql(create, { input: { name: 'maintainer of this', role: 'MAINTAINER', reviewId } })).createApiToken.secret;
    tokens.otherMaintainer = dataOf(await app.gql(create, { input: { name: 'maintainer of another', role: 'MAINTAINER', reviewId: otherReviewId } })).createApiToken.secret;
    const revoked = dataOf(await app.gql(create, { input: { name: 'revoked one', role: 'MAINTAINER', reviewId } })).createApiToken;
    tokens.revoked = revoked.secret;
    dataOf(await app.gql(`mutation($id: ID!) { revokeApiToken(input: { id: $id }) { errors { message } } }`, { id: revoked.token.id }));
  });
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  async function expectNothingStored(write: () => Promise<{ field: string[]; message: string }[]>) {
    const before = await rowCounts(app.database);
    const version = dataOf(await app.gql(`query($id: ID!) { review(id: $id) { version } }`, { id: reviewId })).review.version;
    const errors = await write();
    expect(errors.length).toBeGreaterThan(0);
    expect(await rowCounts(app.database)).toEqual(before);
    expect(dataOf(await app.gql(`query($id: ID!) { review(id: $id) { version } }`, { id: reviewId })).review.version).toBe(version);
    return errors;
  }

  const record = async (numbers: Record<string, unknown>, token?: string | null) => {
    const result = dataOf(await app.gql(mutations.recordStudyData, { input: { outcomeId, studyId, ...numbers } }, token));
    if (result.recordStudyData.errors.length > 0) expect(result.recordStudyData.outcome).toBeNull();
    return result.recordStudyData.errors as { field: string[]; message: string }[];
  };

  it('refuses events above participants, naming the field, the numbers and the study', async () => {
    const errors = await expectNothingStored(() => record({ events1: 12, n1: 10, events2: 5, n2: 10 }));
    expect(errors).toEqual([{ field: ['input', 'events1'], message: "study 'Smith 2019': events1 (12) cannot exceed n1 (10) in arm 1" }]);
  });

  it('refuses a missing arm', async () => {
    const errors = await expectNothingStored(() => record({ events1: 2, n1: 10 }));
    expect(errors.map((e) => e.field)).toEqual([['input', 'events2'], ['input', 'n2']]);
    expect(errors[0].message).toMatch(/arm 2 is missing/);
  });

  it('refuses a negative SD and numbers that do not suit the measure', async () => {
    const { outcomeId: mdOutcome } = await (async () => {
      const added = dataOf(await app.gql(mutations.addOutcome, { input: { reviewId, name: 'Pain', measure: 'MD' } }));
      return { outcomeId: added.addOutcome.outcome.id as string };
    })();
    const errors = await expectNothingStored(async () =>
      dataOf(await app.gql(mutations.recordStudyData, { input: { outcomeId: mdOutcome, studyId, mean1: 3, sd1: -1, n1: 10, mean2: 4, sd2: 2, n2: 10 } })).recordStudyData.errors,
    );
    expect(errors).toEqual([{ field: ['input', 'sd1'], message: "study 'Smith 2019': sd1 must be greater than 0 (got -1)" }]);
    const wrongShape = await expectNothingStored(() => record({ mean1: 3, sd1: 1, n1: 10, mean2: 4, sd2: 2, n2: 10 }));
    expect(wrongShape[0].message).toMatch(/an OR outcome takes events1, n1, events2, n2/);
  });

  it('refuses unknown ids and empty titles', async () => {
    const unknownStudy = await expectNothingStored(async () =>
      dataOf(await app.gql(mutations.recordStudyData, { input: { outcomeId, studyId: 'no-such-study', events1: 1, n1: 2, events2: 1, n2: 2 } })).recordStudyData.errors,
    );
    expect(unknownStudy).toEqual([{ field: ['input', 'studyId'], message: "there is no study with id 'no-such-study' in this outcome's review" }]);
    // A study of another review is unknown here too, and a retracted study's data stay out: for a correction and for a
    // new row alike.
    const elsewhere = dataOf(await app.gql(mutations.addStudy, { input: { reviewId: otherReviewId, label: 'Jones 2020' } })).addStudy.study.id;
    const withdrawn = dataOf(await app.gql(mutations.addStudy, { input: { reviewId, label: 'Brown 2018' } })).addStudy.study.id;
    const retracted = dataOf(await app.gql(`mutation($input: RetractStudyInput!) { retractStudy(input: $input) { study { retractedInVersion } errors { message } } }`, { input: { studyId: withdrawn, reason: 'duplicate report' } })).retractStudy;
    expect(retracted.errors).toEqual([]);
    const writes = {
      recordStudyData: mutations.recordStudyData,
      addStudyDataRow: `mutation($input: AddStudyDataRowInput!) { addStudyDataRow(input: $input) { outcome { id } errors { field message } } }`,
    };
    for (const [mutation, text] of Object.entries(writes)) {
      const refusedFor = (study: string) =>
        expectNothingStored(async () => dataOf(await app.gql(text, { input: { outcomeId, studyId: study, events1: 1, n1: 2, events2: 1, n2: 2 } }))[mutation].errors);
      expect(await refusedFor(elsewhere)).toEqual([{ field: ['input', 'studyId'], message: `there is no study with id '${elsewhere}' in this outcome's review` }]);
      expect(await refusedFor(withdrawn)).toEqual([
        { field: ['input', 'studyId'], message: `study 'Brown 2018' was retracted at version ${retracted.study.retractedInVersion}; its data stay out of analyses` },
      ]);
    }
    const unknownReview = await expectNothingStored(async () =>
      dataOf(await app.gql(mutations.addStudy, { input: { reviewId: 'nope', label: 'X 2020' } })).addStudy.errors,
    );
    expect(unknownReview[0].field).toEqual(['input', 'reviewId']);
    const emptyTitle = await expectNothingStored(async () => dataOf(await app.gql(mutations.createReview, { input: { title: '  ' } })).createReview.errors);
    expect(emptyTitle).toEqual([{ field: ['input', 'title'], message: 'title cannot be empty' }]);
  });

  it('refuses writes without a valid token, by a reader, by a maintainer of another review, or with a revoked token', async () => {
    const valid = { events1: 1, n1: 10, events2: 2, n2: 10 };
    expect((await expectNothingStored(() => record(valid, null)))[0].message).toMatch(/needs a token/);
    expect((await expectNothingStored(() => record(valid, 'not-a-token')))[0].message).toMatch(/not known/);
    expect((await expectNothingStored(() => record(valid, tokens.reader)))[0].message).toMatch(/can only read/);
    expect((await expectNothingStored(() => record(valid, tokens.otherMaintainer)))[0].message).toMatch(/outside the review/);
    expect((await expectNothingStored(() => record(valid, tokens.revoked)))[0].message).toMatch(/revoked/);
    const createByMaintainer = await expectNothingStored(async () =>
      dataOf(await app.gql(mutations.createReview, { input: { title: 'Mine' } }, tokens.maintainer)).createReview.errors,
    );
    expect(createByMaintainer[0].message).toMatch(/administrator/);
    // The maintainer of this review may write to it.
    expect(await record(valid, tokens.maintainer)).toEqual([]);
  });

  it('refuses an estimator that cannot fit the data instead of failing inside', async () => {
    const errors = await expectNothingStored(async () =>
      dataOf(await app.gql(mutations.updateOutcomeSettings, { input: { outcomeId, method: 'PETO', model: 'RANDOM' } })).updateOutcomeSettings.errors,
    );
    expect(errors[0]).toMatchObject({ field: ['input', 'model'] });
  });

  it('keeps private reviews from anonymous readers', async () => {
    const hidden = dataOf(await app.gql(mutations.createReview, { input: { title: 'Private', isPublic: false } })).createReview.review.id;
    expect(dataOf(await app.gql(`query($id: ID!) { review(id: $id) { id } }`, { id: hidden }, null)).review).toBeNull();
    expect(dataOf(await app.gql(`{ reviews { id } }`, {}, null)).reviews.map((r: { id: string }) => r.id)).not.toContain(hidden);
    expect(dataOf(await app.gql(`query($id: ID!) { review(id: $id) { id } }`, { id: hidden }, tokens.reader)).review.id).toBe(hidden);
    expect(dataOf(await app.gql(`query($id: ID!) { review(id: $id) { id } }`, { id: hidden }, tokens.maintainer)).review).toBeNull();
  });

  it('masks malformed queries as GraphQL errors, not payload errors', async () => {
    const result = await app.gql(`mutation { recordStudyData(input: { outcomeId: "x" }) { errors { message } } }`);
    expect(result.errors?.[0].message).toMatch(/studyId/);
  });
});
