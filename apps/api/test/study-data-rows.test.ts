/* eslint-disable @typescript-eslint/no-explicit-any -- tests read GraphQL results by path */
// An outcome's data as rows: a multi-arm trial compared twice against one control gives two labelled rows of one
// study; rows are added, corrected and removed one at a time or as a table, each change one version; a study's
// rows may repeat only with a different subgroup or label; API.md's one-row flow is unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/domain/ids.js';
import { dataOf, dialects, mutations, reviewWithOutcome, rowCounts, testApp, testDatabase, type DialectName, type TestApp } from './helpers.js';

const analysisFields = `k rowCount estimate ciLower ciUpper totals
  studies { studyId rowId rowLabel label estimate weight }
  unitOfAnalysis { studyId studyLabel rowIds totals kind message }`;
const outcomeFields = `id version analysis { ${analysisFields} } studyData { id studyId label subgroup position events1 n1 events2 n2 }`;
const payload = (name: string) => `${name}(input: $input) { outcome { ${outcomeFields} } errors { field message } }`;
const gqlOf = {
  recordStudyData: `mutation($input: RecordStudyDataInput!) { ${payload('recordStudyData')} }`,
  addStudyDataRow: `mutation($input: AddStudyDataRowInput!) { ${payload('addStudyDataRow')} }`,
  updateStudyDataRow: `mutation($input: UpdateStudyDataRowInput!) { ${payload('updateStudyDataRow')} }`,
  removeStudyDataRow: `mutation($input: RemoveStudyDataRowInput!) { ${payload('removeStudyDataRow')} }`,
  removeStudyData: `mutation($input: RemoveStudyDataInput!) { ${payload('removeStudyData')} }`,
  recordStudyDataTable: `mutation($input: RecordStudyDataTableInput!) { ${payload('recordStudyDataTable')} }`,
};

type Arms = { events1: number; n1: number; events2: number; n2: number };

/** Fixed-effect inverse-variance pooled odds ratio of the rows, with its 95% CI (Cochrane Handbook 10.3.1). */
function pooledOddsRatio(rows: Arms[]): { estimate: number; ciLower: number; ciUpper: number } {
  let sumW = 0;
  let sumWY = 0;
  for (const { events1, n1, events2, n2 } of rows) {
    const [a, b, c, d] = [events1, n1 - events1, events2, n2 - events2];
    const yi = Math.log((a * d) / (b * c));
    const w = 1 / (1 / a + 1 / b + 1 / c + 1 / d);
    sumW += w;
    sumWY += w * yi;
  }
  const mean = sumWY / sumW;
  const half = 1.959963984540054 * Math.sqrt(1 / sumW);
  return { estimate: Math.exp(mean), ciLower: Math.exp(mean - half), ciUpper: Math.exp(mean + half) };
}

const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected));

describe.each(await dialects('study data rows'))('study data rows on %s', (dialect: DialectName) => {
  let app: TestApp;
  let dispose: () => Promise<void>;
  let reviewId: string;
  let outcomeId: string;
  const studies: Record<string, string> = {};

  const highDose: Arms = { events1: 10, n1: 100, events2: 20, n2: 100 };
  const lowDose: Arms = { events1: 15, n1: 100, events2: 20, n2: 100 };
  const jones: Arms = { events1: 12, n1: 150, events2: 25, n2: 150 };

  beforeAll(async () => {
    const test = await testDatabase(dialect);
    dispose = test.dispose;
    app = testApp(test.database);
    ({ reviewId, outcomeId } = await reviewWithOutcome(app, { name: 'Deaths', measure: 'OR', model: 'FIXED', method: 'IV' }));
    for (const label of ['Smith 2019', 'Jones 2020']) {
      const added = dataOf(await app.gql(mutations.addStudy, { input: { reviewId, label } })).addStudy;
      studies[label] = added.study.id;
    }
  });
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  const versionOf = async () => dataOf(await app.gql(`query($id: ID!) { review(id: $id) { version } }`, { id: reviewId })).review.version as number;
  const lastChange = async () =>
    dataOf(await app.gql(`query($id: ID!) { review(id: $id) { changes(first: 1) { version action summary } } }`, { id: reviewId })).review.changes[0];
  const run = async (name: keyof typeof gqlOf, input: Record<string, unknown>) => dataOf(await app.gql(gqlOf[name], { input }))[name];
  const stored = async (name: keyof typeof gqlOf, input: Record<string, unknown>) => {
    const result = await run(name, input);
    expect(result.errors).toEqual([]);
    return result.outcome;
  };
  /** A refusal: the errors, with nothing stored and the version unchanged. */
  const refused = async (name: keyof typeof gqlOf, input: Record<string, unknown>) => {
    const before = { version: await versionOf(), counts: await rowCounts(app.database) };
    const result = await run(name, input);
    expect(result.outcome).toBeNull();
    expect(await versionOf()).toBe(before.version);
    expect(await rowCounts(app.database)).toEqual(before.counts);
    return result.errors as { field: string[]; message: string }[];
  };
  const smithRows = (outcome: any) => outcome.studyData.filter((row: any) => row.studyId === studies['Smith 2019']);
  const outcomeNow = async () => dataOf(await app.gql(`query($id: ID!) { outcome(id: $id) { ${outcomeFields} } }`, { id: outcomeId })).outcome;

  it("records a study's single row as API.md describes, and corrects it by recording again", async () => {
    const before = await versionOf();
    const first = await stored('recordStudyData', { outcomeId, studyId: studies['Jones 2020'], events1: 11, n1: 150, events2: 25, n2: 150 });
    expect(first.version).toBe(before + 1);
    const corrected = await stored('recordStudyData', { outcomeId, studyId: studies['Jones 2020'], ...jones });
    expect(corrected.version).toBe(before + 2);
    expect(corrected.studyData).toEqual([{ id: expect.any(String), studyId: studies['Jones 2020'], label: null, subgroup: null, position: 0, ...jones }]);
    const { analysis } = corrected;
    expect(analysis.k).toBe(1);
    expect(analysis.rowCount).toBe(1);
    expect(analysis.totals).toBe('ALL');
    expect(analysis.unitOfAnalysis).toEqual([]);
    const expected = pooledOddsRatio([jones]);
    close(analysis.estimate, expected.estimate);
    close(analysis.ciUpper, expected.ciUpper);
    expect(analysis.studies).toEqual([
      { studyId: studies['Jones 2020'], rowId: corrected.studyData[0].id, rowLabel: null, label: 'Jones 2020', estimate: expect.any(Number), weight: 100 },
    ]);
    expect(await lastChange()).toEqual({ version: before + 2, action: 'recordStudyData', summary: "Corrected data of study 'Jones 2020' for outcome 'Deaths'" });
  });

  it('gives a multi-arm trial two labelled rows: two StudyResults of one study, k counts it once', async () => {
    await stored('recordStudyData', { outcomeId, studyId: studies['Smith 2019'], label: 'high dose', ...highDose });
    const before = await versionOf();
    const outcome = await stored('addStudyDataRow', { outcomeId, studyId: studies['Smith 2019'], label: 'low dose', ...lowDose });
    expect(outcome.version).toBe(before + 1);
    expect(await lastChange()).toEqual({
      version: before + 1,
      action: 'addStudyDataRow',
      summary: "Added a row of data of study 'Smith 2019' (low dose) (its row 2) to outcome 'Deaths'",
    });

    // Rows by study (in the order studies were added), then by position.
    expect(outcome.studyData.map((row: any) => [row.studyId, row.label, row.position])).toEqual([
      [studies['Smith 2019'], 'high dose', 1],
      [studies['Smith 2019'], 'low dose', 2],
      [studies['Jones 2020'], null, 0],
    ]);
    const { analysis } = outcome;
    expect(analysis.k).toBe(2);
    expect(analysis.rowCount).toBe(3);
    const [high, low] = smithRows(outcome);
    expect(analysis.studies.map((s: any) => [s.studyId, s.rowId, s.rowLabel, s.label])).toEqual([
      [studies['Smith 2019'], high.id, 'high dose', 'Smith 2019 (high dose)'],
      [studies['Smith 2019'], low.id, 'low dose', 'Smith 2019 (low dose)'],
      [studies['Jones 2020'], expect.any(String), null, 'Jones 2020'],
    ]);
    // FLAG analyses the rows as given (the shared control counted twice) and says so.
    const expected = pooledOddsRatio([highDose, lowDose, jones]);
    close(analysis.estimate, expected.estimate);
    close(analysis.ciLower, expected.ciLower);
    close(analysis.ciUpper, expected.ciUpper);
    expect(analysis.unitOfAnalysis).toHaveLength(1);
    expect(analysis.unitOfAnalysis[0]).toMatchObject({ studyId: studies['Smith 2019'], studyLabel: 'Smith 2019', kind: 'SHARED_GROUP' });
    expect([...analysis.unitOfAnalysis[0].rowIds].sort()).toEqual([high.id, low.id].sort());
  });

  it('refuses a label or subgroup that differs from an existing one only by case, spaces or Unicode form', async () => {
    // Smith 2019 has rows 'high dose' and 'low dose' (test above).
    const [label] = await refused('addStudyDataRow', { outcomeId, studyId: studies['Smith 2019'], label: 'HIGH  dose', ...highDose });
    expect(label).toEqual({ field: ['input', 'label'], message: expect.stringMatching(/^study 'Smith 2019' already has a row with no subgroup and label 'HIGH {2}dose'/) });
    await stored('updateStudyDataRow', { rowId: smithRows(await outcomeNow()).find((r: any) => r.label === 'high dose').id, subgroup: 'Adults', ...highDose });
    const [subgroup] = await refused('addStudyDataRow', { outcomeId, studyId: studies['Jones 2020'], label: 'second arm', subgroup: 'ａｄｕｌｔｓ', ...jones });
    expect(subgroup).toEqual({ field: ['input', 'subgroup'], message: "subgroup 'ａｄｕｌｔｓ' is written 'Adults' in outcome 'Deaths': use the same spelling, or rename that subgroup, so the rows are pooled together" });
    await stored('updateStudyDataRow', { rowId: smithRows(await outcomeNow()).find((r: any) => r.label === 'high dose').id, subgroup: null, ...highDose });
  });

  it('refuses recordStudyData without rowId when the study has several rows, listing them, and corrects the row rowId names', async () => {
    const outcome = dataOf(await app.gql(`query($id: ID!) { outcome(id: $id) { ${outcomeFields} } }`, { id: outcomeId })).outcome;
    const [high, low] = smithRows(outcome);
    const errors = await refused('recordStudyData', { outcomeId, studyId: studies['Smith 2019'], ...highDose });
    expect(errors).toEqual([
      {
        field: ['input', 'rowId'],
        message: `study 'Smith 2019' has 2 rows in outcome 'Deaths': 'high dose' (rowId ${high.id}); 'low dose' (rowId ${low.id}). Give the rowId of the row to correct, or add another row with addStudyDataRow`,
      },
    ]);
    const unknown = await refused('recordStudyData', { outcomeId, studyId: studies['Smith 2019'], rowId: 'no-such-row', ...highDose });
    expect(unknown[0].field).toEqual(['input', 'rowId']);
    expect(unknown[0].message).toContain(`'low dose' (rowId ${low.id})`);

    const before = await versionOf();
    const corrected = await stored('recordStudyData', { outcomeId, studyId: studies['Smith 2019'], rowId: high.id, ...highDose, events1: 9 });
    expect(corrected.version).toBe(before + 1);
    expect(smithRows(corrected).map((row: any) => [row.id, row.label, row.events1])).toEqual([
      [high.id, 'high dose', 9],
      [low.id, 'low dose', lowDose.events1],
    ]);
    expect((await lastChange()).summary).toBe("Corrected data of study 'Smith 2019' (high dose) for outcome 'Deaths'");
  });

  it('corrects one of several rows with updateStudyDataRow, the other untouched', async () => {
    const outcome = dataOf(await app.gql(`query($id: ID!) { outcome(id: $id) { ${outcomeFields} } }`, { id: outcomeId })).outcome;
    const [high, low] = smithRows(outcome);
    const before = await versionOf();
    const corrected = await stored('updateStudyDataRow', { rowId: high.id, ...highDose });
    expect(corrected.version).toBe(before + 1);
    expect(smithRows(corrected)).toEqual([
      { ...high, ...highDose },
      low,
    ]);
    const expected = pooledOddsRatio([highDose, lowDose, jones]);
    close(corrected.analysis.estimate, expected.estimate);
    expect(await lastChange()).toEqual({ version: before + 1, action: 'updateStudyDataRow', summary: "Corrected data of study 'Smith 2019' (high dose) for outcome 'Deaths'" });

    // Rows of one study may repeat only with a different subgroup or label.
    const clash = await refused('updateStudyDataRow', { rowId: low.id, label: 'high dose', ...lowDose });
    expect(clash).toEqual([
      {
        field: ['input', 'label'],
        message: `study 'Smith 2019' already has a row with no subgroup and label 'high dose' in outcome 'Deaths' (rowId ${high.id}): correct that row, or tell this one apart by its subgroup or label (a study's rows in one outcome may repeat only with a different subgroup or label)`,
      },
    ]);
    const again = await refused('addStudyDataRow', { outcomeId, studyId: studies['Smith 2019'], label: 'low dose', ...lowDose });
    expect(again[0].message).toContain(`already has a row with no subgroup and label 'low dose' in outcome 'Deaths' (rowId ${low.id})`);
    expect(await refused('updateStudyDataRow', { rowId: 'no-such-row', ...lowDose })).toEqual([{ field: ['input', 'rowId'], message: "there is no data row with id 'no-such-row'" }]);
    const bad = await refused('updateStudyDataRow', { rowId: low.id, events1: 120, n1: 100, events2: 20, n2: 100 });
    expect(bad).toEqual([{ field: ['input', 'events1'], message: "study 'Smith 2019' (low dose): events1 (120) cannot exceed n1 (100) in arm 1" }]);
  });

  it('refuses a table with two rows of one study, subgroup and label, naming both; stores several rows of one study otherwise', async () => {
    const errors = await refused('recordStudyDataTable', {
      outcomeId,
      newStudies: [{ label: 'Brown 2021' }],
      rows: [
        { studyLabel: 'Brown 2021', label: 'arm A', events1: 5, n1: 50, events2: 9, n2: 50 },
        { studyLabel: 'Brown 2021', label: 'arm A', events1: 6, n1: 50, events2: 9, n2: 50 },
      ],
    });
    expect(errors).toEqual([
      {
        field: ['input', 'rows', '1', 'studyLabel'],
        message: "rows 0 and 1 (input.rows.0 and input.rows.1) both give study 'Brown 2021' with no subgroup and label 'arm A'; a study's rows in one outcome may repeat only with a different subgroup or label",
      },
    ]);

    const before = await versionOf();
    const outcome = await stored('recordStudyDataTable', {
      outcomeId,
      newStudies: [{ label: 'Brown 2021' }],
      rows: [
        { studyLabel: 'Brown 2021', label: 'arm A', events1: 5, n1: 50, events2: 9, n2: 50 },
        { studyLabel: 'Brown 2021', label: 'arm B', events1: 7, n1: 50, events2: 9, n2: 50 },
        // No rowId: corrects Jones 2020's row (same subgroup and label: none).
        { studyId: studies['Jones 2020'], ...jones, events1: 13 },
      ],
    });
    expect(outcome.version).toBe(before + 1);
    expect(await lastChange()).toEqual({
      version: before + 1,
      action: 'recordStudyDataTable',
      summary: "Recorded a table of 3 rows of 2 studies for outcome 'Deaths' (2 recorded, 1 corrected, 1 new study)",
    });
    const brown = outcome.studyData.filter((row: any) => row.label?.startsWith('arm '));
    expect(brown.map((row: any) => [row.label, row.events1])).toEqual([
      ['arm A', 5],
      ['arm B', 7],
    ]);
    expect(outcome.studyData.filter((row: any) => row.studyId === studies['Jones 2020']).map((row: any) => row.events1)).toEqual([13]);
    expect(outcome.analysis.k).toBe(3);
    expect(outcome.analysis.rowCount).toBe(5);
    expect(outcome.analysis.studies.map((s: any) => s.label)).toEqual([
      'Smith 2019 (high dose)',
      'Smith 2019 (low dose)',
      'Jones 2020',
      'Brown 2021 (arm A)',
      'Brown 2021 (arm B)',
    ]);

    // A row with rowId corrects that row; the table may also add a row in another subgroup.
    const armB = brown[1];
    const next = await stored('recordStudyDataTable', {
      outcomeId,
      rows: [
        { studyLabel: 'Brown 2021', rowId: armB.id, label: 'arm B', events1: 8, n1: 50, events2: 9, n2: 50 },
        { studyLabel: 'Brown 2021', label: 'arm B', subgroup: 'Adults', events1: 3, n1: 20, events2: 4, n2: 20 },
      ],
    });
    const brownRows = next.studyData.filter((row: any) => row.label?.startsWith('arm '));
    expect(brownRows.map((row: any) => [row.label, row.subgroup, row.events1])).toEqual([
      ['arm A', null, 5],
      ['arm B', null, 8],
      ['arm B', 'Adults', 3],
    ]);
    expect(brownRows[1].id).toBe(armB.id);
  });

  it('removes one row with removeStudyDataRow, and every row of a study with removeStudyData', async () => {
    const outcome = dataOf(await app.gql(`query($id: ID!) { outcome(id: $id) { ${outcomeFields} } }`, { id: outcomeId })).outcome;
    const [high, low] = smithRows(outcome);
    const before = await versionOf();
    const removed = await stored('removeStudyDataRow', { rowId: low.id });
    expect(removed.version).toBe(before + 1);
    expect(smithRows(removed).map((row: any) => row.id)).toEqual([high.id]);
    expect(removed.analysis.studies.filter((s: any) => s.studyId === studies['Smith 2019']).map((s: any) => s.label)).toEqual(['Smith 2019 (high dose)']);
    expect(await lastChange()).toEqual({
      version: before + 1,
      action: 'removeStudyDataRow',
      summary: "Removed data of study 'Smith 2019' (low dose) from outcome 'Deaths' (1 row of it left)",
    });
    expect(await refused('removeStudyDataRow', { rowId: low.id })).toEqual([{ field: ['input', 'rowId'], message: `there is no data row with id '${low.id}'` }]);

    const brownId = outcome.studyData.find((row: any) => row.label === 'arm A').studyId;
    const all = await stored('removeStudyData', { outcomeId, studyId: brownId });
    expect(all.studyData.filter((row: any) => row.studyId === brownId)).toEqual([]);
    expect(all.analysis.k).toBe(2);
    expect(all.analysis.rowCount).toBe(2);
    expect(await lastChange()).toEqual({ version: before + 2, action: 'removeStudyData', summary: "Removed data of study 'Brown 2021' from outcome 'Deaths' (all 3 of its rows)" });
    const expected = pooledOddsRatio([highDose, { ...jones, events1: 13 }]);
    close(all.analysis.estimate, expected.estimate);
    expect(await refused('removeStudyData', { outcomeId, studyId: brownId })).toEqual([{ field: ['input', 'studyId'], message: `outcome 'Deaths' has no data for study '${brownId}'` }]);
  });

  it('stores the totals and unit-of-analysis settings of an outcome, and the analysis runs with them', async () => {
    const added = dataOf(
      await app.gql(`mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { outcome { id settings { totals unitOfAnalysis } } errors { field message } } }`, {
        input: { reviewId, name: 'Strokes', measure: 'OR', totals: 'SUBGROUPS', unitOfAnalysis: 'COMBINE_GROUPS' },
      }),
    ).addOutcome;
    expect(added.errors).toEqual([]);
    expect(added.outcome.settings).toEqual({ totals: 'SUBGROUPS', unitOfAnalysis: 'COMBINE_GROUPS' });
    const updated = dataOf(
      await app.gql(
        `mutation($input: UpdateOutcomeSettingsInput!) { updateOutcomeSettings(input: $input) { outcome { settings { totals unitOfAnalysis } analysis { totals } } errors { field message } } }`,
        { input: { outcomeId: added.outcome.id, totals: 'NONE' } },
      ),
    ).updateOutcomeSettings;
    expect(updated.errors).toEqual([]);
    expect(updated.outcome.settings).toEqual({ totals: 'NONE', unitOfAnalysis: 'COMBINE_GROUPS' });
    expect((await lastChange()).summary).toBe("Changed totals of outcome 'Strokes'");

    const withData = await stored('recordStudyData', { outcomeId: added.outcome.id, studyId: studies['Jones 2020'], ...jones });
    expect(withData.analysis.totals).toBe('NONE');
    expect(withData.analysis.estimate).toBeNull();
    expect(withData.analysis.studies).toHaveLength(1);
  });

  it('reads analyses stored before outcomes had rows: studyId from the id, no rowId, rowCount from the studies, no notes', async () => {
    const { reviewId: oldReview, outcomeId: oldOutcome } = await reviewWithOutcome(app, { name: 'Old deaths', measure: 'OR' });
    const study = dataOf(await app.gql(mutations.addStudy, { input: { reviewId: oldReview, label: 'Aronson 1948' } })).addStudy.study.id;
    // An analysis as stored before migration 0006: studies named by `id`, no studyId, rowCount, unitOfAnalysis or totals.
    const old = {
      measure: 'OR',
      scale: 'log',
      settings: { measure: 'OR', model: 'fixed', method: 'IV', tau2Estimator: 'REML', ciMethod: 'z', preset: 'metafor', prePostCorrelation: 0, prePostDirection: 'increase', sequential: null, controlRisks: null },
      modelChoice: null,
      k: 1,
      participants: 200,
      studyDesigns: { randomised: 0, observational: 0, unknown: 1 },
      studies: [{ id: study, yi: -0.8, vi: 0.2, estimate: Math.exp(-0.8), ciLower: 0.19, ciUpper: 1.08, weight: 100, subgroup: null, year: null }],
      excluded: [],
      fit: null,
      summary: { estimate: Math.exp(-0.8), ciLower: 0.19, ciUpper: 1.08, pValue: 0.07, predictionLower: null, predictionUpper: null },
      subgroups: null,
      leaveOneOut: null,
      cumulative: null,
      egger: null,
      begg: null,
      trimFill: null,
      funnel: null,
      absoluteEffects: null,
      informationSize: null,
      sequential: null,
      certainty: null,
      notes: [],
    };
    const version = (await versionOf()) + 1000;
    await app.database.db
      .insertInto('analysis_snapshots')
      .values({ id: newId(), outcome_id: oldOutcome, review_id: oldReview, version, analysis: JSON.stringify(old), k: 1, estimate: Math.exp(-0.8), ci_lower: 0.19, ci_upper: 1.08, p_value: 0.07, created_at: new Date().toISOString() })
      .execute();
    const { outcome } = dataOf(
      await app.gql(`query($id: ID!) { outcome(id: $id) { version analysis { k rowCount totals unitOfAnalysis { studyId } settings { totals unitOfAnalysis } studies { studyId rowId rowLabel label } } } }`, { id: oldOutcome }),
    );
    expect(outcome.version).toBe(version);
    expect(outcome.analysis).toEqual({
      k: 1,
      rowCount: 1,
      totals: 'ALL',
      unitOfAnalysis: [],
      settings: { totals: 'ALL', unitOfAnalysis: 'FLAG' },
      studies: [{ studyId: study, rowId: null, rowLabel: null, label: 'Aronson 1948' }],
    });
  });
});
