/* eslint-disable @typescript-eslint/no-explicit-any -- tests read GraphQL results by path */
// Dual extraction through the API, on SQLite and PostgreSQL: off by default and turned on by someone who may change
// the review; new rows then refused directly (corrections still direct); two extractors who cannot see each other's
// numbers until both are in; agreement enters the row in the same change; a difference waits for reconciliation by a
// third person, whose numbers enter the row; the change log names people and fields, never the blinded numbers.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/auth/viewer.js';
import { newId } from '../src/domain/ids.js';
import { personRow } from '../src/domain/people.js';
import { dataOf, dialects, mutations, rowCounts, testApp, testDatabase, type TestApp } from './helpers.js';

const pairFields = `id status label subgroup extractionsIn extractors study { label } outcomeName rowId reconciledBy note decidedVersion
  myExtraction { extractor events1 n1 events2 n2 source } extractions { extractor events1 n1 events2 n2 } differences { field first second }`;

const q = {
  settings: `mutation($input: UpdateExtractionSettingsInput!) { updateExtractionSettings(input: $input) { settings { dualExtraction } version errors { field message } } }`,
  submit: `mutation($input: SubmitExtractionInput!) { submitExtraction(input: $input) { dualExtraction { ${pairFields} } version errors { field message } } }`,
  reconcile: `mutation($input: ReconcileExtractionInput!) { reconcileExtraction(input: $input) { dualExtraction { ${pairFields} } version errors { field message } } }`,
  withdraw: `mutation($id: ID!) { withdrawExtraction(input: { dualExtractionId: $id }) { dualExtraction { status extractionsIn } errors { field message } } }`,
  pair: `query($id: ID!, $pair: ID!) { review(id: $id) { dualExtraction(id: $pair) { ${pairFields} } } }`,
  lists: `query($id: ID!, $outcome: ID!) { review(id: $id) { version extractionSettings { dualExtraction } dualExtractions { id status } extractionConflicts { id } }
    outcome(id: $outcome) { extractionConflicts { id } } }`,
  outcome: `query($id: ID!) { outcome(id: $id) { version analysis { k studies { studyId estimate } } studyData { id study { label } label events1 n1 events2 n2 source recordedInVersion } } }`,
  changes: `query($id: ID!) { review(id: $id) { version changes(first: 1) { version actor action summary details } } }`,
  addRow: `mutation($input: AddStudyDataRowInput!) { addStudyDataRow(input: $input) { outcome { id } errors { field message } } }`,
  table: `mutation($input: RecordStudyDataTableInput!) { recordStudyDataTable(input: $input) { outcome { id } errors { field message } } }`,
};

for (const dialect of await dialects('extraction')) {
  describe(`dual extraction on ${dialect}`, () => {
    let app: TestApp;
    let dispose: () => Promise<void>;
    let reviewId: string;
    let outcomeId: string;
    const studies: Record<string, string> = {};
    const people: Record<string, { id: string; token: string }> = {};

    /** A person with a personal access token and roles in the review (as screening.test.ts makes them). */
    async function person(name: string, roles: string[]) {
      const user = personRow({ email: `${name.toLowerCase()}@uni.example`, displayName: name, orcid: null, passwordHash: null, confirmedAt: new Date().toISOString(), createdAt: new Date().toISOString() });
      await app.database.db.insertInto('users').values(user).execute();
      const secret = `cumulus_pat_${randomBytes(18).toString('hex')}`;
      await app.database.db
        .insertInto('api_tokens')
        .values({ id: newId(), name, token_hash: hashToken(secret), role: 'maintainer', review_id: null, created_at: new Date().toISOString(), revoked_at: null, user_id: user.id, expires_at: null, scope_review_ids: null, scope_roles: null })
        .execute();
      for (const role of roles) await app.database.db.insertInto('review_members').values({ review_id: reviewId, user_id: user.id, role: role as never, added_by: null, created_at: new Date().toISOString() }).execute();
      people[name] = { id: user.id, token: secret };
    }
    const as = (name: string) => people[name].token;
    const submit = async (name: string, study: string, numbers: Record<string, unknown>) =>
      dataOf(await app.gql(q.submit, { input: { outcomeId, studyId: studies[study], ...numbers } }, as(name))).submitExtraction;
    const lastChange = async () => dataOf(await app.gql(q.changes, { id: reviewId }, as('Eve'))).review.changes[0];
    /** The provenance stored with a row (StudyData.provenance reads it). */
    const provenanceOf = async (rowId: string) =>
      JSON.parse((await app.database.db.selectFrom('study_data').select('provenance').where('id', '=', rowId).executeTakeFirstOrThrow()).provenance ?? 'null');
    const readPair = async (name: string | null, pair: string) => dataOf(await app.gql(q.pair, { id: reviewId, pair }, name === null ? null : as(name))).review.dualExtraction;

    beforeAll(async () => {
      const test = await testDatabase(dialect);
      dispose = test.dispose;
      app = testApp(test.database);
      reviewId = dataOf(await app.gql(mutations.createReview, { input: { title: 'MSCs for systemic sclerosis', isPublic: true } })).createReview.review.id;
      outcomeId = dataOf(await app.gql(mutations.addOutcome, { input: { reviewId, name: 'Mortality', measure: 'OR' } })).addOutcome.outcome.id;
      for (const label of ['Smith 2019', 'Jones 2020', 'Lee 2021', 'Kim 2022']) {
        studies[label] = dataOf(await app.gql(mutations.addStudy, { input: { reviewId, label } })).addStudy.study.id;
      }
      // Entered directly before the review took up dual extraction.
      expect(dataOf(await app.gql(mutations.recordStudyData, { input: { outcomeId, studyId: studies['Lee 2021'], events1: 3, n1: 30, events2: 6, n2: 30 } })).recordStudyData.errors).toEqual([]);
      await person('Ann', ['extractor']);
      await person('Ben', ['extractor']);
      await person('Cat', ['maintainer']);
      await person('Dan', ['reader']);
      await person('Eve', ['owner']);
    });
    afterAll(async () => {
      await app?.close();
      await dispose?.();
    });

    it('is off by default, and is turned on only by someone who may change the review', async () => {
      const before = dataOf(await app.gql(q.lists, { id: reviewId, outcome: outcomeId }, as('Eve'))).review;
      expect(before.extractionSettings).toEqual({ dualExtraction: false });
      const off = await submit('Ann', 'Smith 2019', { events1: 4, n1: 20, events2: 9, n2: 21 });
      expect(off.errors).toEqual([{ field: [], message: "this review does not use dual extraction: enter the row of study 'Smith 2019' with recordStudyData, or turn dual extraction on with updateExtractionSettings" }]);
      const refused = dataOf(await app.gql(q.settings, { input: { reviewId, dualExtraction: true } }, as('Ann'))).updateExtractionSettings;
      expect(refused.settings).toBeNull();
      expect(refused.errors[0].message).toMatch(/change how the review extracts data/);
      const on = dataOf(await app.gql(q.settings, { input: { reviewId, dualExtraction: true } }, as('Eve'))).updateExtractionSettings;
      expect(on).toEqual({ settings: { dualExtraction: true }, version: before.version + 1, errors: [] });
      expect(await lastChange()).toMatchObject({ version: before.version + 1, actor: 'Eve', action: 'updateExtractionSettings', summary: 'Turned dual extraction on: new data rows are entered by two extractors independently' });
    });

    it('refuses new rows entered directly while it is on, naming submitExtraction; corrections of existing rows stay direct', async () => {
      const counts = await rowCounts(app.database);
      const direct = dataOf(await app.gql(mutations.recordStudyData, { input: { outcomeId, studyId: studies['Smith 2019'], events1: 4, n1: 20, events2: 9, n2: 21 } }, as('Cat'))).recordStudyData;
      expect(direct.outcome).toBeNull();
      expect(direct.errors).toHaveLength(1);
      expect(direct.errors[0].field).toEqual(['input', 'studyId']);
      expect(direct.errors[0].message).toMatch(/^this review uses dual extraction \(extractionSettings\.dualExtraction\): the new row of study 'Smith 2019' is entered by two extractors, each with submitExtraction \(the review's data extraction page\)/);
      const added = dataOf(await app.gql(q.addRow, { input: { outcomeId, studyId: studies['Lee 2021'], label: 'high dose', events1: 1, n1: 10, events2: 2, n2: 10 } }, as('Cat'))).addStudyDataRow;
      expect(added.errors.map((e: any) => e.field)).toEqual([['input', 'studyId']]);
      const table = dataOf(
        await app.gql(
          q.table,
          { input: { outcomeId, rows: [{ studyLabel: 'Lee 2021', events1: 3, n1: 30, events2: 7, n2: 30 }, { studyLabel: 'Smith 2019', events1: 4, n1: 20, events2: 9, n2: 21 }, { studyLabel: 'Jones 2020', events1: 1, n1: 5, events2: 2, n2: 5 }] } },
          as('Cat'),
        ),
      ).recordStudyDataTable;
      // Only the rows that would be added are refused; the correction of Lee 2021 is not, but nothing is stored.
      expect(table.errors.map((e: any) => e.field)).toEqual([['input', 'rows', '1', 'studyId'], ['input', 'rows', '2', 'studyId']]);
      expect(await rowCounts(app.database)).toEqual(counts);

      const corrected = dataOf(await app.gql(mutations.recordStudyData, { input: { outcomeId, studyId: studies['Lee 2021'], events1: 3, n1: 30, events2: 7, n2: 30 } }, as('Cat'))).recordStudyData;
      expect(corrected.errors).toEqual([]);
      expect(corrected.outcome.analysis.k).toBe(1);
      expect((await lastChange()).summary).toBe("Corrected data of study 'Lee 2021' for outcome 'Mortality'");
    });

    let smith: string;

    it("checks an extraction against the outcome's measure as a row, and keeps it blinded from everyone but its extractor", async () => {
      const impossible = await submit('Ann', 'Smith 2019', { events1: 24, n1: 20, events2: 9, n2: 21 });
      expect(impossible.errors).toEqual([{ field: ['input', 'events1'], message: "study 'Smith 2019': events1 (24) cannot exceed n1 (20) in arm 1" }]);
      expect((await submit('Ann', 'Smith 2019', { mean1: 4, sd1: 1, n1: 20, mean2: 5, sd2: 1, n2: 21 })).errors[0]).toMatchObject({ field: ['input', 'mean1'] });
      const admin = dataOf(await app.gql(q.submit, { input: { outcomeId, studyId: studies['Smith 2019'], events1: 4, n1: 20, events2: 9, n2: 21 } })).submitExtraction;
      expect(admin.errors[0].message).toMatch(/^an extraction needs a person/);
      expect((await submit('Dan', 'Smith 2019', { events1: 4, n1: 20, events2: 9, n2: 21 })).errors[0].message).toMatch(/extracting study data/);

      const first = await submit('Ann', 'Smith 2019', { events1: 4, n1: 20, events2: 9, n2: 22, source: 'Table 2' });
      expect(first.errors).toEqual([]);
      smith = first.dualExtraction.id;
      expect(first.dualExtraction).toMatchObject({
        status: 'AWAITING', extractionsIn: 1, extractors: ['Ann'], study: { label: 'Smith 2019' }, outcomeName: 'Mortality', rowId: null,
        myExtraction: { extractor: 'Ann', events1: 4, n1: 20, events2: 9, n2: 22, source: 'Table 2' }, extractions: null, differences: null,
      });
      expect(await lastChange()).toMatchObject({ version: first.version, actor: 'Ann', action: 'submitExtraction', summary: "Ann extracted study 'Smith 2019' for outcome 'Mortality' (1 of 2)" });

      // The other extractor, a maintainer, a reader and anonymous readers see no numbers of Ann's.
      expect(await readPair('Ben', smith)).toMatchObject({ status: 'AWAITING', extractionsIn: 1, extractors: ['Ann'], myExtraction: null, extractions: null, differences: null });
      expect(await readPair('Cat', smith)).toMatchObject({ myExtraction: null, extractions: null, differences: null });
      expect(await readPair('Dan', smith)).toBeNull();
      expect(await readPair(null, smith)).toBeNull();
      const readerLists = dataOf(await app.gql(q.lists, { id: reviewId, outcome: outcomeId }, as('Dan'))).review;
      expect(readerLists.dualExtractions).toEqual([]);
      // The change log is public to readers: it names the person, never the numbers.
      expect((await lastChange()).details).toEqual({ dualExtractionId: smith });

      // Ann replaces her own while Ben has not extracted.
      const again = await submit('Ann', 'Smith 2019', { events1: 4, n1: 20, events2: 9, n2: 22, source: 'Table 2, intention to treat' });
      expect(again.dualExtraction).toMatchObject({ id: smith, extractionsIn: 1, myExtraction: { source: 'Table 2, intention to treat' } });
      expect((await lastChange()).summary).toBe("Ann replaced their extraction of study 'Smith 2019' for outcome 'Mortality' (1 of 2)");
    });

    it('compares the second extraction field by field: a difference waits for reconciliation and is shown to the team side by side', async () => {
      const versionBefore = dataOf(await app.gql(q.outcome, { id: outcomeId })).outcome.version;
      const second = await submit('Ben', 'Smith 2019', { events1: 4, n1: 20, events2: 9, n2: 21, source: 'Table 2' });
      expect(second.errors).toEqual([]);
      expect(second.dualExtraction).toMatchObject({
        id: smith, status: 'CONFLICT', extractionsIn: 2, extractors: ['Ann', 'Ben'], rowId: null,
        extractions: [{ extractor: 'Ann', n2: 22 }, { extractor: 'Ben', n2: 21 }],
        differences: [{ field: 'n2', first: 22, second: 21 }],
      });
      const change = await lastChange();
      expect(change.summary).toBe("Ben extracted study 'Smith 2019' for outcome 'Mortality' (2 of 2): the extractions of Ann and Ben differ in n2; waiting for reconciliation");
      expect(change.details).toEqual({ dualExtractionId: smith, differ: ['n2'] });
      // Nothing entered the analysis.
      const outcome = dataOf(await app.gql(q.outcome, { id: outcomeId })).outcome;
      expect(outcome.version).toBe(versionBefore);
      expect(outcome.analysis.k).toBe(1);
      const lists = dataOf(await app.gql(q.lists, { id: reviewId, outcome: outcomeId }, as('Cat')));
      expect(lists.review.extractionConflicts).toEqual([{ id: smith }]);
      expect(lists.outcome.extractionConflicts).toEqual([{ id: smith }]);
      expect(await readPair('Ann', smith)).toMatchObject({ extractions: [{ extractor: 'Ann' }, { extractor: 'Ben' }], differences: [{ field: 'n2' }] });

      // Two have extracted: a third is refused, and so is a change of mind.
      expect((await submit('Cat', 'Smith 2019', { events1: 4, n1: 20, events2: 9, n2: 21 })).errors).toEqual([
        { field: ['input', 'studyId'], message: "two people have extracted study 'Smith 2019' for outcome 'Mortality' and their numbers differ; it waits for reconciliation (reconcileExtraction), not a third extraction" },
      ]);
      expect((await submit('Ann', 'Smith 2019', { events1: 4, n1: 20, events2: 9, n2: 21 })).errors[0].message).toMatch(/not a third extraction/);
      expect(dataOf(await app.gql(q.withdraw, { id: smith }, as('Ann'))).withdrawExtraction.errors[0].message).toMatch(/no longer change/);
    });

    it('enters the reconciled row, named with who reconciled and what differed', async () => {
      const refusedReader = dataOf(await app.gql(q.reconcile, { input: { dualExtractionId: smith, events1: 4, n1: 20, events2: 9, n2: 21 } }, as('Dan'))).reconcileExtraction;
      expect(refusedReader.errors[0].message).toMatch(/reconciling extractions/);
      const unknown = dataOf(await app.gql(q.reconcile, { input: { dualExtractionId: 'nope', events1: 4, n1: 20, events2: 9, n2: 21 } }, as('Cat'))).reconcileExtraction;
      expect(unknown.errors).toEqual([{ field: ['input', 'dualExtractionId'], message: "there is no dual extraction with id 'nope'" }]);
      const invalid = dataOf(await app.gql(q.reconcile, { input: { dualExtractionId: smith, events1: 4, n1: 20, events2: 29, n2: 21 } }, as('Cat'))).reconcileExtraction;
      expect(invalid.errors).toEqual([{ field: ['input', 'events2'], message: "study 'Smith 2019': events2 (29) cannot exceed n2 (21) in arm 2" }]);

      const done = dataOf(await app.gql(q.reconcile, { input: { dualExtractionId: smith, events1: 4, n1: 20, events2: 9, n2: 21, note: 'Table 2 counts 21 randomised' } }, as('Cat'))).reconcileExtraction;
      expect(done.errors).toEqual([]);
      expect(done.dualExtraction).toMatchObject({ status: 'RECONCILED', reconciledBy: 'Cat', note: 'Table 2 counts 21 randomised', decidedVersion: done.version });
      const outcome = dataOf(await app.gql(q.outcome, { id: outcomeId })).outcome;
      expect(outcome.version).toBe(done.version);
      expect(outcome.analysis.k).toBe(2);
      const row = outcome.studyData.find((r: any) => r.id === done.dualExtraction.rowId);
      // Both sources are kept (they are not compared).
      expect(row).toMatchObject({ study: { label: 'Smith 2019' }, label: null, events1: 4, n1: 20, events2: 9, n2: 21, source: 'Table 2, intention to treat; Table 2', recordedInVersion: done.version });
      // Odds ratio (4/16)/(9/12) = 1/3.
      expect(outcome.analysis.studies.find((s: any) => s.studyId === studies['Smith 2019']).estimate).toBeCloseTo(1 / 3, 12);
      const traced = dataOf(await app.gql(`query($id: ID!) { outcome(id: $id) { studyData { id provenance { kind summary confirmedBy confirmedVersion derived conversions nctId } } } }`, { id: outcomeId }));
      expect(traced.outcome.studyData.find((r: any) => r.id === row.id).provenance).toEqual({
        kind: 'dual-extraction',
        summary: 'Extracted independently by Ann and Ben; reconciled by Cat (differed in n2)',
        confirmedBy: 'Cat',
        confirmedVersion: done.version,
        derived: false,
        conversions: [],
        nctId: null,
      });
      expect(await provenanceOf(row.id)).toEqual({
        kind: 'dual-extraction',
        summary: 'Extracted independently by Ann and Ben; reconciled by Cat (differed in n2)',
        extractors: ['Ann', 'Ben'],
        reconciledBy: 'Cat',
        differences: [{ field: 'n2', first: 22, second: 21 }],
        note: 'Table 2 counts 21 randomised',
        confirmedBy: 'Cat',
        confirmedVersion: done.version,
        conversions: [],
        derived: false,
      });
      expect(await lastChange()).toMatchObject({
        actor: 'Cat',
        action: 'reconcileExtraction',
        summary: "Cat reconciled the extractions of study 'Smith 2019' for outcome 'Mortality' by Ann and Ben (they differed in n2): row entered",
      });
      expect(dataOf(await app.gql(q.lists, { id: reviewId, outcome: outcomeId }, as('Cat'))).review.extractionConflicts).toEqual([]);
      expect(dataOf(await app.gql(q.reconcile, { input: { dualExtractionId: smith, events1: 4, n1: 20, events2: 9, n2: 21 } }, as('Cat'))).reconcileExtraction.errors[0].message).toBe(
        "the dual extraction of study 'Smith 2019' for outcome 'Mortality' was reconciled already; only extractions that differ are reconciled",
      );
    });

    it('enters the row in the same change when the second extraction agrees; the row then is corrected directly, not extracted again', async () => {
      const first = await submit('Ben', 'Jones 2020', { events1: 10, n1: 50, events2: 15, n2: 50 });
      expect(first.dualExtraction.status).toBe('AWAITING');
      const second = await submit('Ann', 'Jones 2020', { events1: 10, n1: 50, events2: 15, n2: 50, source: 'Figure 3' });
      expect(second.errors).toEqual([]);
      expect(second.dualExtraction).toMatchObject({ status: 'AGREED', differences: [], decidedVersion: second.version, extractors: ['Ben', 'Ann'] });
      expect((await lastChange()).summary).toBe("Ann extracted study 'Jones 2020' for outcome 'Mortality' (2 of 2): the extractions of Ben and Ann agree; row entered");
      const outcome = dataOf(await app.gql(q.outcome, { id: outcomeId })).outcome;
      expect(outcome.version).toBe(second.version);
      expect(outcome.analysis.k).toBe(3);
      // Odds ratio (10/40)/(15/35) = 7/12.
      expect(outcome.analysis.studies.find((s: any) => s.studyId === studies['Jones 2020']).estimate).toBeCloseTo(7 / 12, 12);
      expect(await provenanceOf(second.dualExtraction.rowId)).toMatchObject({ kind: 'dual-extraction', summary: 'Extracted independently by Ben and Ann; agreed', reconciledBy: null, differences: [], confirmedBy: 'Ann' });
      // A correction by hand is no longer the extractors' numbers: the row's provenance goes (the change log keeps who did what).
      const fix = dataOf(await app.gql(`mutation($input: UpdateStudyDataRowInput!) { updateStudyDataRow(input: $input) { errors { field message } } }`, { input: { rowId: second.dualExtraction.rowId, events1: 11, n1: 50, events2: 15, n2: 50 } }, as('Cat')));
      expect(fix.updateStudyDataRow.errors).toEqual([]);
      expect(await provenanceOf(second.dualExtraction.rowId)).toBeNull();
      const again = await submit('Cat', 'Jones 2020', { events1: 10, n1: 50, events2: 15, n2: 50 });
      expect(again.errors).toHaveLength(1);
      expect(again.errors[0].field).toEqual(['input', 'label']);
      expect(again.errors[0].message).toMatch(/^outcome 'Mortality' already has the row of study 'Jones 2020' \(rowId .+\): an existing row is corrected directly with updateStudyDataRow/);
    });

    it('lets an extractor withdraw while the other is awaited; a row of another label is a row of its own', async () => {
      const first = await submit('Ann', 'Lee 2021', { label: 'High dose', events1: 2, n1: 15, events2: 6, n2: 30 });
      expect(first.errors).toEqual([]);
      expect(first.dualExtraction).toMatchObject({ label: 'High dose', status: 'AWAITING' });
      expect(dataOf(await app.gql(q.withdraw, { id: first.dualExtraction.id }, as('Ben'))).withdrawExtraction.errors[0].message).toBe(
        "you have no extraction of study 'Lee 2021' (High dose) for outcome 'Mortality' to withdraw",
      );
      expect(dataOf(await app.gql(q.withdraw, { id: first.dualExtraction.id }, as('Ann'))).withdrawExtraction).toEqual({ dualExtraction: { status: 'WITHDRAWN', extractionsIn: 0 }, errors: [] });
      // 'high dose' is the same label as 'High dose' (labelKey): Ben's is the first of a new pair, and one of the extractors reconciles.
      const ben = await submit('Ben', 'Lee 2021', { label: 'high dose', events1: 2, n1: 15, events2: 6, n2: 30 });
      expect(ben.dualExtraction).toMatchObject({ status: 'AWAITING', extractionsIn: 1, extractors: ['Ben'] });
      expect(ben.dualExtraction.id).not.toBe(first.dualExtraction.id);
      const ann = await submit('Ann', 'Lee 2021', { label: 'HIGH DOSE', events1: 2, n1: 16, events2: 6, n2: 30 });
      expect(ann.dualExtraction).toMatchObject({ id: ben.dualExtraction.id, status: 'CONFLICT', label: 'high dose', differences: [{ field: 'n1', first: 15, second: 16 }] });
      const settled = dataOf(await app.gql(q.reconcile, { input: { dualExtractionId: ann.dualExtraction.id, events1: 2, n1: 15, events2: 6, n2: 30 } }, as('Ann'))).reconcileExtraction;
      expect(settled.errors).toEqual([]);
      expect((await lastChange()).summary).toBe("Ann, one of the extractors, reconciled the extractions of study 'Lee 2021' (high dose) for outcome 'Mortality' by Ben and Ann (they differed in n1): row entered");
      const rows = dataOf(await app.gql(q.outcome, { id: outcomeId })).outcome.studyData.filter((r: any) => r.study.label === 'Lee 2021');
      expect(rows.map((r: any) => [r.label, r.n1])).toEqual([[null, 30], ['high dose', 15]]);
    });

    it("refuses at the first extraction a subgroup spelt otherwise than the outcome's, and lists an outcome's rows by status", async () => {
      const jones = dataOf(await app.gql(q.outcome, { id: outcomeId })).outcome.studyData.find((r: any) => r.study.label === 'Jones 2020');
      const moved = dataOf(await app.gql(`mutation($input: UpdateStudyDataRowInput!) { updateStudyDataRow(input: $input) { errors { field message } } }`, { input: { rowId: jones.id, subgroup: '6 months', events1: 11, n1: 50, events2: 15, n2: 50 } }, as('Cat')));
      expect(moved.updateStudyDataRow.errors).toEqual([]);
      const counts = await rowCounts(app.database);
      const spelt = await submit('Ann', 'Kim 2022', { subgroup: '6 Months', events1: 1, n1: 12, events2: 3, n2: 12 });
      expect(spelt.errors).toEqual([{ field: ['input', 'subgroup'], message: "subgroup '6 Months' is written '6 months' in outcome 'Mortality': use the same spelling, so the rows are pooled together" }]);
      expect(await rowCounts(app.database)).toEqual(counts);
      const byStatus = dataOf(
        await app.gql(`query($id: ID!) { outcome(id: $id) { agreed: dualExtractions(status: [AGREED]) { study { label } } reconciled: dualExtractions(status: [RECONCILED]) { study { label } label } open: dualExtractions { id } } }`, { id: outcomeId }, as('Ben')),
      ).outcome;
      expect(byStatus).toEqual({ agreed: [{ study: { label: 'Jones 2020' } }], reconciled: [{ study: { label: 'Smith 2019' }, label: null }, { study: { label: 'Lee 2021' }, label: 'high dose' }], open: [] });
      const progress = `query($id: ID!) { review(id: $id) { extractionProgress { awaiting conflicts agreed reconciled } } }`;
      expect(dataOf(await app.gql(progress, { id: reviewId }, as('Cat'))).review.extractionProgress).toEqual({ awaiting: 0, conflicts: 0, agreed: 1, reconciled: 2 });
      expect(dataOf(await app.gql(progress, { id: reviewId }, as('Dan'))).review.extractionProgress).toBeNull();
      const latest = dataOf(await app.gql(`query($id: ID!) { review(id: $id) { dualExtractions(status: [AGREED, RECONCILED], newestFirst: true, first: 2) { study { label } status } } }`, { id: reviewId }, as('Cat')));
      expect(latest.review.dualExtractions).toEqual([{ study: { label: 'Lee 2021' }, status: 'RECONCILED' }, { study: { label: 'Jones 2020' }, status: 'AGREED' }]);
      // Readers outside the data team see none of it.
      expect(dataOf(await app.gql(`query($id: ID!) { outcome(id: $id) { dualExtractions(status: [AGREED, RECONCILED]) { id } } }`, { id: outcomeId }, as('Dan'))).outcome.dualExtractions).toEqual([]);
    });

    it('takes one second extraction when two arrive at once; the other is told the row is in', async () => {
      studies['Park 2023'] = dataOf(await app.gql(mutations.addStudy, { input: { reviewId, label: 'Park 2023' } })).addStudy.study.id;
      expect((await submit('Ann', 'Park 2023', { events1: 5, n1: 25, events2: 8, n2: 25 })).dualExtraction.status).toBe('AWAITING');
      const answers = await Promise.all(['Ben', 'Cat'].map((name) => submit(name, 'Park 2023', { events1: 5, n1: 25, events2: 8, n2: 25 })));
      const entered = answers.filter((a) => a.errors.length === 0);
      expect(entered).toHaveLength(1);
      expect(entered[0].dualExtraction).toMatchObject({ status: 'AGREED', extractionsIn: 2 });
      const refused = answers.find((a) => a.errors.length > 0);
      expect(refused.errors[0].message).toMatch(/^outcome 'Mortality' already has the row of study 'Park 2023'/);
      const rows = dataOf(await app.gql(q.outcome, { id: outcomeId })).outcome.studyData.filter((r: any) => r.study.label === 'Park 2023');
      expect(rows).toHaveLength(1);
    });

    it('leaves open extractions to be finished when turned off, and new rows are entered directly again', async () => {
      const open = await submit('Ann', 'Kim 2022', { events1: 1, n1: 12, events2: 3, n2: 12 });
      expect(open.dualExtraction.status).toBe('AWAITING');
      const off = dataOf(await app.gql(q.settings, { input: { reviewId, dualExtraction: false } }, as('Eve'))).updateExtractionSettings;
      expect(off.errors).toEqual([]);
      expect((await lastChange()).summary).toBe('Turned dual extraction off: new data rows are entered directly (1 dual extraction is still open and can be finished)');
      const second = await submit('Ben', 'Kim 2022', { events1: 1, n1: 12, events2: 3, n2: 12 });
      expect(second.dualExtraction.status).toBe('AGREED');
      const direct = dataOf(await app.gql(q.addRow, { input: { outcomeId, studyId: studies['Kim 2022'], label: 'week 12', events1: 1, n1: 12, events2: 2, n2: 12 } }, as('Cat'))).addStudyDataRow;
      expect(direct.errors).toEqual([]);
    });
  });
}
