// Versions without repetition, through the real server: after many changes of every kind (numbers, new studies,
// retractions, a corrected year, a new estimator), most versions are stored as small deltas, and every version's
// analysis read back after the process forgot everything it had cached is identical, number for number, to the one
// computed when that version was written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKPOINT_EVERY } from '@cumulus/db';
import { parsedSnapshots, storedAnalysisOf } from '../src/domain/reads.js';
import { addStudyWithData, dataOf, dialects, mutations, reviewWithOutcome, testApp, testDatabase, type TestApp } from './helpers.js';

const outcomeAt = `query($id: ID!, $v: Int) { outcome(id: $id, asOfVersion: $v) { version analysis {
  k estimate ciLower ciUpper tau2 i2 q
  studies { label yi vi weight estimate }
  leaveOneOut { label estimate ciLower tau2 i2 }
  cumulative { label year estimate ciUpper }
} } }`;

describe.each(await dialects('compact versions'))('compact versions on %s', (dialect) => {
  let app: TestApp;
  let dispose: () => Promise<void>;
  let outcomeId: string;
  /** Per snapshot id, the analysis as computed by the write (JSON text), and per version what the API served then. */
  const computed = new Map<string, string>();
  const served = new Map<number, unknown>();

  beforeAll(async () => {
    const test = await testDatabase(dialect);
    dispose = test.dispose;
    app = testApp(test.database);
    let reviewId: string;
    ({ reviewId, outcomeId } = await reviewWithOutcome(app, { name: 'Deaths', measure: 'OR', model: 'RANDOM', tau2Estimator: 'REML' }));
    const remember = async () => {
      // The write left the analysis it computed in the cache: that is what a later read must reproduce exactly.
      const snapshots = await app.database.db.selectFrom('analysis_snapshots').select(['id', 'version']).where('outcome_id', '=', outcomeId).execute();
      for (const { id } of snapshots) if (!computed.has(id)) computed.set(id, JSON.stringify(parsedSnapshots.get(id)));
      const outcome = dataOf(await app.gql(outcomeAt, { id: outcomeId })).outcome;
      served.set(outcome.version, outcome);
    };
    const studyIds: string[] = [];
    for (let i = 0; i < 12; i++) {
      const added = await addStudyWithData(app, reviewId, outcomeId, `Trial ${i + 1}`, { events1: 5 + i, n1: 100 + 7 * i, events2: 9 + (i % 4), n2: 100 }, 1990 + i);
      studyIds.push(added.studyId);
      await remember();
    }
    // Many one-number edits: long enough to pass a checkpoint.
    for (let i = 0; i < CHECKPOINT_EVERY + 8; i++) {
      const result = dataOf(await app.gql(mutations.recordStudyData, { input: { outcomeId, studyId: studyIds[i % 12], events1: 4 + ((i * 5) % 13), n1: 120, events2: 10, n2: 100 } }));
      expect(result.recordStudyData.errors).toEqual([]);
      await remember();
    }
    // A retraction, a corrected year (the cumulative order changes), an estimator change, another study.
    dataOf(await app.gql(`mutation($input: RetractStudyInput!) { retractStudy(input: $input) { errors { message } } }`, { input: { studyId: studyIds[3], reason: 'Retracted.' } }));
    await remember();
    dataOf(await app.gql(`mutation($input: UpdateStudyInput!) { updateStudy(input: $input) { errors { message } } }`, { input: { studyId: studyIds[10], year: 1985 } }));
    await remember();
    dataOf(await app.gql(mutations.updateOutcomeSettings, { input: { outcomeId, tau2Estimator: 'DL' } }));
    await remember();
    await addStudyWithData(app, reviewId, outcomeId, 'Trial 13', { events1: 30, n1: 200, events2: 41, n2: 200 }, 2005);
    await remember();
  });
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it('leaves the two newest analyses of the outcome in the cache after its writes, whatever checkpoints they passed', async () => {
    // (Before any test reads an older version.) The one before a checkpoint used to stay until the cache was full,
    // its flattening with it.
    const rows = await app.database.db.selectFrom('analysis_snapshots').select(['id', 'analysis']).where('outcome_id', '=', outcomeId).orderBy('version').execute();
    expect(rows.filter((row) => row.analysis !== null).length).toBeGreaterThanOrEqual(2);
    expect(rows.filter((row) => parsedSnapshots.bytesOf(row.id) !== undefined).map((row) => row.id)).toEqual(rows.slice(-2).map((row) => row.id));
  });

  it('stores most versions as deltas, with checkpoints at most CHECKPOINT_EVERY apart', async () => {
    const rows = await app.database.db.selectFrom('analysis_snapshots').select(['analysis', 'delta', 'chain']).where('outcome_id', '=', outcomeId).orderBy('version').execute();
    expect(rows.length).toBeGreaterThan(CHECKPOINT_EVERY + 10);
    expect(rows.filter((row) => row.delta !== null).length).toBeGreaterThan(rows.length * 0.7);
    expect(Math.max(...rows.map((row) => row.chain))).toBeLessThan(CHECKPOINT_EVERY);
    for (const row of rows) expect(row.delta === null ? row.chain : row.chain > 0).toBe(row.delta === null ? 0 : true);
  });

  it('rebuilds every version exactly as computed, once nothing is cached', async () => {
    parsedSnapshots.clear();
    // Newest first, so each read decodes its chain from the checkpoint without help from the cache.
    for (const [id, text] of [...computed].reverse()) {
      parsedSnapshots.clear();
      expect(JSON.stringify(await storedAnalysisOf(app.database.db, id))).toBe(text);
    }
  });

  it('serves every version as it served it when it was written', async () => {
    parsedSnapshots.clear();
    for (const [version, outcome] of served) {
      expect(dataOf(await app.gql(outcomeAt, { id: outcomeId, v: version })).outcome).toEqual(outcome);
    }
  });
});
