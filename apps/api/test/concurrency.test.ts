// Concurrent writers to one review get consecutive versions and no lost update, also across two API instances
// sharing one database.
import { createDatabase } from '@cumulus/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsedSnapshots, storedAnalysisOf } from '../src/domain/reads.js';
import { addStudyWithData, dataOf, dialects, mutations, reviewWithOutcome, testApp, testDatabase, type TestApp } from './helpers.js';

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

  it('stores each delta against the newest snapshot, whichever instance stored it, when two instances take turns', async () => {
    // Each instance keeps the newest snapshot it stored of each outcome and writes the next delta against it while the
    // outcome's row says it is still the newest: after the other instance wrote, it must ask the database instead.
    const { reviewId, outcomeId } = await reviewWithOutcome(first, { name: 'Strokes', measure: 'OR', tau2Estimator: 'REML' });
    const studyIds: string[] = [];
    for (let i = 0; i < 6; i++) {
      studyIds.push((await addStudyWithData(first, reviewId, outcomeId, `Trial ${i + 1}`, { events1: 6 + i, n1: 90 + 5 * i, events2: 11, n2: 95 }, 2000 + i)).studyId);
    }
    const turns = [first, first, second, first, second, second, first, second, first, first];
    const answered = new Map<number, string>();
    for (const [i, app] of turns.entries()) {
      const payload = dataOf(
        await app.gql(`mutation($input: RecordStudyDataInput!) { recordStudyData(input: $input) { outcome { version analysis { estimate ciLower ciUpper tau2 } } errors { message } } }`, {
          input: { outcomeId, studyId: studyIds[i % 6], events1: 3 + ((i * 7) % 11), n1: 100, events2: 12, n2: 100 },
        }),
      ).recordStudyData;
      expect(payload.errors).toEqual([]);
      answered.set(payload.outcome.version, JSON.stringify(payload.outcome.analysis));
    }
    const snapshots = await first.database.db
      .selectFrom('analysis_snapshots')
      .select(['id', 'version', 'delta', 'base_id'])
      .where('outcome_id', '=', outcomeId)
      .orderBy('version')
      .execute();
    for (let i = 1; i < snapshots.length; i++) {
      if (snapshots[i].delta !== null) expect(snapshots[i].base_id, `version ${snapshots[i].version}`).toBe(snapshots[i - 1].id);
    }
    expect(snapshots.filter((s) => s.delta !== null).length).toBeGreaterThanOrEqual(turns.length);
    // Read back with nothing cached, every version is what its writer answered.
    for (const { id, version } of snapshots.filter((s) => answered.has(s.version))) {
      parsedSnapshots.clear();
      const analysis = (await storedAnalysisOf(second.database.db, id)) as { summary: { estimate: number; ciLower: number; ciUpper: number }; fit: { tau2: number } };
      const read = dataOf(await second.gql(`query($id: ID!, $v: Int) { outcome(id: $id, asOfVersion: $v) { analysis { estimate ciLower ciUpper tau2 } } }`, { id: outcomeId, v: version })).outcome;
      expect(JSON.stringify(read.analysis), `version ${version}`).toBe(answered.get(version));
      expect(analysis.summary.estimate).toBe(read.analysis.estimate);
    }
  });
});
