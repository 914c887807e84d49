// Concurrent writers to one review get consecutive versions and no lost update, also across two API instances
// sharing one database.
import { createDatabase } from '@cumulus/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, dialects, mutations, reviewWithOutcome, testApp, testDatabase, type TestApp } from './helpers.js';

describe.each(await dialects('concurrent writers'))('concurrent writers on %s', (dialect) => {
  let first: TestApp;
  let second: TestApp;
  let dispose: () => Promise<void>;
  let closeSecond: () => Promise<void>;

  beforeAll(async () => {
    const test = await testDatabase(dialect);
    dispose = test.dispose;
    first = testApp(test.database);
    // A second instance with its own connection(s) to the same database, as a second API process would have.
    const secondDatabase = createDatabase({ url: test.url, schema: test.schema });
    second = testApp(secondDatabase);
    closeSecond = () => secondDatabase.close();
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await closeSecond?.();
    await dispose?.();
  });

  it('gives 40 concurrent writes through two instances 40 consecutive versions, each with its own snapshot', async () => {
    const { reviewId, outcomeId } = await reviewWithOutcome(first, { name: 'Deaths', measure: 'OR', tau2Estimator: 'DL' });
    const start = dataOf(await first.gql(`query($id: ID!) { review(id: $id) { version } }`, { id: reviewId })).review.version;
    // Each study first (sequentially), then 40 data writes racing each other.
    const studies: string[] = [];
    for (let i = 0; i < 40; i++) {
      studies.push(dataOf(await first.gql(mutations.addStudy, { input: { reviewId, label: `Trial ${i}`, year: 1990 + (i % 20) } })).addStudy.study.id);
    }
    const base = start + 40;
    const results = await Promise.all(
      studies.map((studyId, i) =>
        (i % 2 === 0 ? first : second).gql(mutations.recordStudyData, {
          input: { outcomeId, studyId, events1: 5 + (i % 7), n1: 100, events2: 10 + (i % 5), n2: 100 },
        }),
      ),
    );
    const versions = results.map((result) => {
      const payload = dataOf(result).recordStudyData;
      expect(payload.errors).toEqual([]);
      return payload.outcome.version as number;
    });
    expect([...versions].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => base + 1 + i));
    // Each acknowledged write saw every earlier one: the analysis at version v has v - base studies.
    for (const result of results) {
      const outcome = dataOf(result).recordStudyData.outcome;
      expect(outcome.analysis.k).toBe(outcome.version - base);
    }
    const review = dataOf(
      await second.gql(`query($id: ID!) { review(id: $id) { version changes(first: 100) { version action } outcomes { analysis { k } versions { version } } } }`, { id: reviewId }),
    ).review;
    expect(review.version).toBe(base + 40);
    expect(review.outcomes[0].analysis.k).toBe(40);
    const changeVersions = review.changes.map((c: { version: number }) => c.version);
    expect(new Set(changeVersions).size).toBe(changeVersions.length);
    expect(changeVersions[0]).toBe(base + 40);
    expect(review.outcomes[0].versions.filter((v: { version: number }) => v.version > base)).toHaveLength(40);
  });
});
