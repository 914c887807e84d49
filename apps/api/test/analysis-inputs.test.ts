// An instance keeps what its last recompute of a review read, and a correction of one row re-reads only that row. Kept
// inputs are a cache: a write by another instance (another handle on the same database, as a second API process) in
// between must be seen. Each analysis is checked against the one a cold instance computes for the same data.
import { createDatabase, type CumulusDatabase } from '@cumulus/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStudyWithData, dataOf, dialects, mutations, reviewWithOutcome, testApp, testDatabase, type TestApp } from './helpers.js';

describe.each(await dialects('kept analysis inputs'))('kept analysis inputs on %s', (dialect) => {
  let first: TestApp;
  let second: TestApp;
  let url: string;
  let schema: string | undefined;
  const handles: CumulusDatabase[] = [];
  let dispose: () => Promise<void>;

  /** A fresh instance on the same database: nothing kept, so its recompute reads everything. */
  const instance = () => {
    const database = createDatabase({ url, schema });
    handles.push(database);
    return testApp(database);
  };

  beforeAll(async () => {
    const test = await testDatabase(dialect);
    ({ url, schema, dispose } = test);
    first = testApp(test.database);
    second = instance();
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    for (const handle of handles) await handle.close();
    await dispose?.();
  });

  const record = async (app: TestApp, outcomeId: string, studyId: string, numbers: Record<string, number>) => {
    const payload = dataOf(await app.gql(mutations.recordStudyData, { input: { outcomeId, studyId, ...numbers } })).recordStudyData;
    expect(payload.errors).toEqual([]);
    return payload.outcome.analysis as { k: number; estimate: number; ciLower: number; ciUpper: number; tau2: number };
  };

  /** The same correction made again by a cold instance: what the analysis of these data is when everything is read. */
  const cold = async (outcomeId: string, studyId: string, numbers: Record<string, number>) => {
    const app = instance();
    try {
      return await record(app, outcomeId, studyId, numbers);
    } finally {
      await app.close();
    }
  };

  it("sees another instance's correction, retraction and new study before correcting a row from what it kept", async () => {
    const { reviewId, outcomeId } = await reviewWithOutcome(first, { name: 'Deaths', measure: 'OR', tau2Estimator: 'DL' });
    const studies: string[] = [];
    for (const [i, numbers] of [{ events1: 4, n1: 100, events2: 12, n2: 100 }, { events1: 9, n1: 120, events2: 11, n2: 118 }, { events1: 15, n1: 90, events2: 14, n2: 95 }].entries()) {
      studies.push((await addStudyWithData(first, reviewId, outcomeId, `Trial ${i + 1}`, numbers, 2000 + i)).studyId);
    }

    // Corrections in a row through one instance (the second and third from what it kept) agree with a cold read.
    await record(first, outcomeId, studies[0], { events1: 5, n1: 100, events2: 12, n2: 100 });
    const warm = await record(first, outcomeId, studies[0], { events1: 6, n1: 100, events2: 12, n2: 100 });
    expect(warm).toEqual(await cold(outcomeId, studies[0], { events1: 6, n1: 100, events2: 12, n2: 100 }));

    // Another instance moves study 2 far; the first instance's next correction must pool the moved numbers.
    const before = await record(first, outcomeId, studies[0], { events1: 7, n1: 100, events2: 12, n2: 100 });
    await record(second, outcomeId, studies[1], { events1: 60, n1: 120, events2: 5, n2: 118 });
    const after = await record(first, outcomeId, studies[0], { events1: 7, n1: 100, events2: 12, n2: 100 });
    expect(after.estimate).not.toBeCloseTo(before.estimate, 3);
    expect(after).toEqual(await cold(outcomeId, studies[0], { events1: 7, n1: 100, events2: 12, n2: 100 }));

    // Another instance retracts study 3: it leaves the first instance's next analysis.
    const retracted = dataOf(await second.gql(`mutation($input: RetractStudyInput!) { retractStudy(input: $input) { errors { message } } }`, { input: { studyId: studies[2], reason: 'duplicate report' } }));
    expect(retracted.retractStudy.errors).toEqual([]);
    const withoutThird = await record(first, outcomeId, studies[0], { events1: 8, n1: 100, events2: 12, n2: 100 });
    expect(withoutThird.k).toBe(2);
    expect(withoutThird).toEqual(await cold(outcomeId, studies[0], { events1: 8, n1: 100, events2: 12, n2: 100 }));

    // Another instance adds a study with data: the first instance's next correction pools three studies again.
    await addStudyWithData(second, reviewId, outcomeId, 'Trial 4', { events1: 20, n1: 200, events2: 30, n2: 200 }, 2010);
    const withFourth = await record(first, outcomeId, studies[0], { events1: 9, n1: 100, events2: 12, n2: 100 });
    expect(withFourth.k).toBe(3);
    expect(withFourth).toEqual(await cold(outcomeId, studies[0], { events1: 9, n1: 100, events2: 12, n2: 100 }));
  });

  it("recomputes a study edit from kept rows only where no other instance's write changed them", async () => {
    const { reviewId, outcomeId: deaths } = await reviewWithOutcome(first, { name: 'Deaths', measure: 'OR', tau2Estimator: 'REML' });
    const strokes = dataOf(await first.gql(mutations.addOutcome, { input: { reviewId, name: 'Strokes', measure: 'OR', tau2Estimator: 'DL' } })).addOutcome.outcome.id as string;
    const studies: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { studyId } = await addStudyWithData(first, reviewId, deaths, `Trial ${i + 1}`, { events1: 3 + i, n1: 80, events2: 9 + 2 * i, n2: 82 }, 1995 + i);
      await record(first, strokes, studyId, { events1: 10 + i, n1: 80, events2: 8, n2: 82 });
      studies.push(studyId);
    }
    const editYear = async (app: TestApp, year: number) => {
      const payload = dataOf(await app.gql(`mutation($input: UpdateStudyInput!) { updateStudy(input: $input) { errors { message } } }`, { input: { studyId: studies[0], year } })).updateStudy;
      expect(payload.errors).toEqual([]);
      const read = dataOf(await app.gql(`query($id: ID!) { review(id: $id) { outcomes { id analysis { k estimate ciLower ciUpper tau2 cumulative { estimate } } } } }`, { id: reviewId }));
      return read.review.outcomes;
    };
    const coldEdit = async (year: number) => {
      const app = instance();
      try {
        return await editYear(app, year);
      } finally {
        await app.close();
      }
    };
    // A study edit recomputes both outcomes: the first from rows kept and checked, agreeing with a cold instance.
    await editYear(first, 2001);
    expect(await editYear(first, 1990)).toEqual(await coldEdit(1990));
    // Another instance corrects a row of one outcome, and removes a row of the other: both must be read again.
    await record(second, strokes, studies[2], { events1: 40, n1: 80, events2: 4, n2: 82 });
    const removed = dataOf(await second.gql(`mutation($input: RemoveStudyDataInput!) { removeStudyData(input: $input) { errors { message } } }`, { input: { outcomeId: deaths, studyId: studies[3] } }));
    expect(removed.removeStudyData.errors).toEqual([]);
    const edited = await editYear(first, 2003);
    expect(edited.find((o: { id: string }) => o.id === deaths).analysis.k).toBe(3);
    expect(edited).toEqual(await coldEdit(2003));
  });

  it('keeps the other outcomes of the review it knows while one outcome is corrected, and agrees with a cold read on each', async () => {
    const { reviewId, outcomeId: deaths } = await reviewWithOutcome(first, { name: 'Deaths', measure: 'OR', tau2Estimator: 'REML' });
    const strokes = dataOf(await first.gql(mutations.addOutcome, { input: { reviewId, name: 'Strokes', measure: 'RR', tau2Estimator: 'DL' } })).addOutcome.outcome.id as string;
    const studies: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { studyId } = await addStudyWithData(first, reviewId, deaths, `Trial ${i + 1}`, { events1: 3 + i, n1: 80, events2: 9 + 2 * i, n2: 82 }, 1995 + i);
      await record(first, strokes, studyId, { events1: 10 + i, n1: 80, events2: 8, n2: 82 });
      studies.push(studyId);
    }
    // Alternating outcomes: each correction after the first two takes the other outcome's rows from what was kept.
    for (let round = 0; round < 3; round++) {
      await record(first, deaths, studies[round], { events1: 4 + round, n1: 80, events2: 9, n2: 82 });
      await record(first, strokes, studies[round + 1], { events1: 12 + round, n1: 80, events2: 8, n2: 82 });
    }
    const deathsWarm = await record(first, deaths, studies[4], { events1: 2, n1: 80, events2: 15, n2: 82 });
    expect(deathsWarm).toEqual(await cold(deaths, studies[4], { events1: 2, n1: 80, events2: 15, n2: 82 }));
    const strokesWarm = await record(first, strokes, studies[4], { events1: 20, n1: 80, events2: 6, n2: 82 });
    expect(strokesWarm).toEqual(await cold(strokes, studies[4], { events1: 20, n1: 80, events2: 6, n2: 82 }));
  });
});
