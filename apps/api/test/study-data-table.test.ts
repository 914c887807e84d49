/* eslint-disable @typescript-eslint/no-explicit-any -- tests read GraphQL results by path */
// Tables as one change: many studies (addStudies), and many studies' numbers for an outcome
// (recordStudyDataTable): one version, one recomputation with metafor's numbers, one change log entry; a refused
// row refuses the whole table, with the errors of every row and nothing stored.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, dialects, reviewWithOutcome, rowCounts, testApp, testDatabase, type DialectName, type TestApp } from './helpers.js';

const fixture = JSON.parse(readFileSync(new URL('../../../packages/stats/test/fixtures/metafor/bcg-OR.json', import.meta.url), 'utf8')) as {
  studies: { id: string; events1: number; n1: number; events2: number; n2: number }[];
  checks: { kind: string; options: Record<string, string>; expected: Record<string, number> }[];
};
const reml = fixture.checks.find((check) => check.kind === 'pool' && JSON.stringify(check.options) === JSON.stringify({ model: 'random', method: 'IV', tau2: 'REML', ci: 'z' }))!.expected;

const addStudies = `mutation($input: AddStudiesInput!) { addStudies(input: $input) { studies { id label } errors { field message } } }`;

const recordTable = `mutation($input: RecordStudyDataTableInput!) {
  recordStudyDataTable(input: $input) { outcome { id version analysis { k estimate ciLower ciUpper tau2 } } errors { field message } }
}`;

describe.each(await dialects('a table of study data'))('a table of study data on %s', (dialect: DialectName) => {
  let app: TestApp;
  let dispose: () => Promise<void>;
  let reviewId: string;
  let outcomeId: string;
  let studyIds: string[];

  beforeAll(async () => {
    const test = await testDatabase(dialect);
    dispose = test.dispose;
    app = testApp(test.database);
    ({ reviewId, outcomeId } = await reviewWithOutcome(app, { name: 'Tuberculosis', measure: 'OR', model: 'RANDOM', tau2Estimator: 'REML' }));
    const before = await versionOf();
    const added = dataOf(await app.gql(addStudies, { input: { reviewId, studies: fixture.studies.map((study) => ({ label: `Trial ${study.id}`, design: 'RCT' })) } })).addStudies;
    expect(added.errors).toEqual([]);
    studyIds = added.studies.map((study: any) => study.id);
    expect(added.studies.map((study: any) => study.label)).toEqual(fixture.studies.map((study) => `Trial ${study.id}`));
    expect(await versionOf()).toBe(before + 1);
  });
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  const versionOf = async () => dataOf(await app.gql(`query($id: ID!) { review(id: $id) { version } }`, { id: reviewId })).review.version as number;
  const rows = () => fixture.studies.map(({ events1, n1, events2, n2 }, i) => ({ studyId: studyIds[i], events1, n1, events2, n2 }));

  it('refuses studies whose labels repeat, in the list or in the review, naming each, and adds none', async () => {
    const before = { version: await versionOf(), counts: await rowCounts(app.database) };
    const result = dataOf(
      await app.gql(addStudies, { input: { reviewId, studies: [{ label: 'New 2020' }, { label: 'Trial 1' }, { label: 'Other 2021' }] } }),
    ).addStudies;
    expect(result.studies).toBeNull();
    expect(result.errors).toEqual([
      { field: ['input', 'studies', '1', 'label'], message: "the review already has a study labelled 'Trial 1'; labels tell studies apart in forest plots, so add the year or a letter" },
    ]);
    const twice = dataOf(await app.gql(addStudies, { input: { reviewId, studies: [{ label: 'Same' }, { label: 'Same' }] } })).addStudies;
    expect(twice.errors).toEqual([{ field: ['input', 'studies', '1', 'label'], message: "study 1 is also labelled 'Same'; labels tell studies apart in forest plots, so add the year or a letter" }]);
    expect(await versionOf()).toBe(before.version);
    expect(await rowCounts(app.database)).toEqual(before.counts);
  });

  it('refuses a table with bad rows as a whole, naming every bad row, and stores nothing', async () => {
    const before = { version: await versionOf(), counts: await rowCounts(app.database) };
    const bad = rows();
    bad[1] = { ...bad[1], events1: bad[1].n1 + 1 };
    bad[4] = { ...bad[4], studyId: 'no-such-study' };
    const result = dataOf(await app.gql(recordTable, { input: { outcomeId, rows: bad } })).recordStudyDataTable;
    expect(result.outcome).toBeNull();
    expect(result.errors.map((e: any) => e.field)).toEqual([
      ['input', 'rows', '1', 'events1'],
      ['input', 'rows', '4', 'studyId'],
    ]);
    expect(result.errors[0].message).toBe(`study 'Trial 2': events1 (${bad[1].events1}) cannot exceed n1 (${bad[1].n1}) in arm 1`);
    expect(result.errors[1].message).toBe("there is no study with id 'no-such-study' in this outcome's review");
    const twice = rows();
    twice[3] = { ...twice[3], studyId: twice[0].studyId };
    const duplicate = dataOf(await app.gql(recordTable, { input: { outcomeId, rows: twice } })).recordStudyDataTable;
    expect(duplicate.errors).toEqual([
      {
        field: ['input', 'rows', '3', 'studyId'],
        message: "rows 0 and 3 (input.rows.0 and input.rows.3) both give study 'Trial 1' with no subgroup and no label; a study's rows in one outcome may repeat only with a different subgroup or label",
      },
    ]);
    expect(await versionOf()).toBe(before.version);
    expect(await rowCounts(app.database)).toEqual(before.counts);
  });

  it("stores all 13 BCG trials as one version, recomputed once to metafor's numbers, with one change log entry", async () => {
    const before = await versionOf();
    const result = dataOf(await app.gql(recordTable, { input: { outcomeId, rows: rows() } })).recordStudyDataTable;
    expect(result.errors).toEqual([]);
    expect(result.outcome.version).toBe(before + 1);
    const { analysis } = result.outcome;
    expect(analysis.k).toBe(13);
    for (const [actual, reference] of [
      [analysis.estimate, Math.exp(reml.estimate)],
      [analysis.ciLower, Math.exp(reml.ciLower)],
      [analysis.ciUpper, Math.exp(reml.ciUpper)],
      [analysis.tau2, reml.tau2],
    ]) {
      expect(Math.abs(actual - reference)).toBeLessThanOrEqual(1e-6 * Math.abs(reference));
    }
    const { review } = dataOf(await app.gql(`query($id: ID!) { review(id: $id) { changes(first: 1) { version action summary } } }`, { id: reviewId }));
    expect(review.changes).toEqual([{ version: before + 1, action: 'recordStudyDataTable', summary: "Recorded a table of 13 studies for outcome 'Tuberculosis' (13 recorded)" }]);
    const { outcome } = dataOf(await app.gql(`query($id: ID!) { outcome(id: $id) { versions { version k } } }`, { id: outcomeId }));
    expect(outcome.versions.at(-1)).toEqual({ version: before + 1, k: 13 });
    expect(outcome.versions.filter((v: any) => v.k > 0)).toHaveLength(1);
  });

  it('adds new studies in the same change as their numbers, rows naming studies by label; a refused row keeps neither', async () => {
    const before = { version: await versionOf(), counts: await rowCounts(app.database) };
    const newStudies = [{ label: 'Late 2021', year: 2021 }, { label: 'Later 2023', year: 2023 }];
    const rows = [
      { studyLabel: 'Late 2021', events1: 3, n1: 200, events2: 9, n2: 200 },
      { studyLabel: 'Later 2023', events1: 250, n1: 240, events2: 9, n2: 240 },
      { studyLabel: 'Trial 1', events1: 4, n1: 123, events2: 11, n2: 139 },
      { studyLabel: 'Nobody 1999', events1: 1, n1: 10, events2: 2, n2: 10 },
    ];
    const refused = dataOf(await app.gql(recordTable, { input: { outcomeId, newStudies, rows } })).recordStudyDataTable;
    expect(refused.outcome).toBeNull();
    expect(refused.errors).toEqual([
      { field: ['input', 'rows', '1', 'events1'], message: "study 'Later 2023': events1 (250) cannot exceed n1 (240) in arm 1" },
      { field: ['input', 'rows', '3', 'studyLabel'], message: "there is no study labelled 'Nobody 1999' in this review: add it under newStudies, or check the spelling" },
    ]);
    expect(await versionOf()).toBe(before.version);
    expect(await rowCounts(app.database)).toEqual(before.counts);

    rows[1].events1 = 25;
    const recorded = dataOf(await app.gql(recordTable, { input: { outcomeId, newStudies, rows: rows.slice(0, 3) } })).recordStudyDataTable;
    expect(recorded.errors).toEqual([]);
    expect(recorded.outcome.version).toBe(before.version + 1);
    expect(recorded.outcome.analysis.k).toBe(15);
    const { review } = dataOf(await app.gql(`query($id: ID!) { review(id: $id) { studies { label year } changes(first: 1) { summary } } }`, { id: reviewId }));
    expect(review.studies.slice(-2)).toEqual(newStudies);
    expect(review.changes[0].summary).toBe("Recorded a table of 3 studies for outcome 'Tuberculosis' (2 recorded, 1 corrected, 2 new studies)");
    const neither = dataOf(await app.gql(recordTable, { input: { outcomeId, rows: [{ events1: 1, n1: 2, events2: 1, n2: 2 }] } })).recordStudyDataTable;
    expect(neither.errors).toEqual([{ field: ['input', 'rows', '0', 'studyId'], message: 'give the study as studyId or as studyLabel (one of them)' }]);
  });
});
