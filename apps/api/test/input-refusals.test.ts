/* eslint-disable @typescript-eslint/no-explicit-any -- tests read GraphQL results by path */
// Input that must not be stored: PRISMA counts that do not add up, study characteristics of any size, GRADE ratings a
// domain cannot have, the same row twice in one table, text that hides or reorders characters, labels that differ
// only by case, spacing or Unicode form, numbers too large to analyse. Each is refused in the payload at the field the
// user sent, and nothing is stored: the review's version and every table's row count stay as they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStudyWithData, dataOf, dialects, mutations, reviewWithOutcome, rowCounts, testApp, testDatabase, type TestApp } from './helpers.js';

type Refusal = { field: string[]; message: string };

const prisma = `mutation($input: RecordPrismaCountsInput!) { recordPrismaCounts(input: $input) { review { version } errors { field message } } }`;
const addStudies = `mutation($input: AddStudiesInput!) { addStudies(input: $input) { studies { id } errors { field message } } }`;
const updateStudy = `mutation($input: UpdateStudyInput!) { updateStudy(input: $input) { study { id } errors { field message } } }`;
const table = `mutation($input: RecordStudyDataTableInput!) { recordStudyDataTable(input: $input) { outcome { version } errors { field message } } }`;
const override = `mutation($input: OverrideCertaintyDomainInput!) { overrideCertaintyDomain(input: $input) { outcome { id } errors { field message } } }`;
const updateReview = `mutation($input: UpdateReviewInput!) { updateReview(input: $input) { review { version } errors { field message } } }`;

describe.each(await dialects('input refusals'))('input refusals on %s', (dialect) => {
  let app: TestApp;
  let dispose: () => Promise<void>;
  let reviewId: string;
  let outcomeId: string;
  let studyId: string;

  beforeAll(async () => {
    const test = await testDatabase(dialect);
    dispose = test.dispose;
    app = testApp(test.database);
    ({ reviewId, outcomeId } = await reviewWithOutcome(app, { name: 'Deaths', measure: 'OR' }));
    ({ studyId } = await addStudyWithData(app, reviewId, outcomeId, 'Smith 2019', { events1: 3, n1: 40, events2: 9, n2: 40 }));
  });
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  const version = async (id = reviewId) => dataOf(await app.gql(`query($id: ID!) { review(id: $id) { version } }`, { id })).review.version as number;

  /** Runs a refused write: the errors it gives, after checking that nothing at all was stored. */
  async function refused(write: () => Promise<any>, payload: string): Promise<Refusal[]> {
    const before = await rowCounts(app.database);
    const versionBefore = await version();
    const result = dataOf(await write())[payload];
    expect(result.errors.length).toBeGreaterThan(0);
    expect(Object.entries(result).filter(([key, value]) => key !== 'errors' && value !== null)).toEqual([]);
    expect(await rowCounts(app.database)).toEqual(before);
    expect(await version()).toBe(versionBefore);
    return result.errors;
  }

  describe('PRISMA counts that do not add up', () => {
    const record = (counts: Record<string, unknown>) => refused(() => app.gql(prisma, { input: { reviewId, ...counts } }), 'recordPrismaCounts');
    const identified = { identifiedFromDatabases: [{ source: 'MEDLINE', count: 300 }, { source: 'Embase', count: 200 }] };

    it('refuses more records after removing duplicates than were identified', async () => {
      expect(await record({ ...identified, duplicatesRemoved: 100, recordsAfterDuplicatesRemoved: 450 })).toEqual([
        {
          field: ['input', 'recordsAfterDuplicatesRemoved'],
          message: 'recordsAfterDuplicatesRemoved (450) + duplicatesRemoved (100) cannot exceed the records identified from all sources (500)',
        },
      ]);
      expect(await record({ ...identified, recordsAfterDuplicatesRemoved: 501 })).toEqual([
        { field: ['input', 'recordsAfterDuplicatesRemoved'], message: 'recordsAfterDuplicatesRemoved (501) cannot exceed the records identified from all sources (500)' },
      ]);
    });

    it('refuses a screened count other than the records left after duplicates', async () => {
      expect(await record({ ...identified, recordsAfterDuplicatesRemoved: 400, recordsScreened: 380 })).toEqual([
        {
          field: ['input', 'recordsScreened'],
          message: 'recordsScreened (380) must equal recordsAfterDuplicatesRemoved (400): every record left after removing duplicates is screened',
        },
      ]);
    });

    it('refuses reports sought beyond the records screened and not excluded, assessed beyond sought, included beyond assessed', async () => {
      expect(await record({ recordsScreened: 400, recordsExcluded: 350, reportsSought: 60 })).toEqual([
        { field: ['input', 'reportsSought'], message: 'reportsSought (60) + recordsExcluded (350) cannot exceed recordsScreened (400)' },
      ]);
      expect(await record({ reportsSought: 50, reportsNotRetrieved: 5, reportsAssessed: 46 })).toEqual([
        { field: ['input', 'reportsAssessed'], message: 'reportsAssessed (46) + reportsNotRetrieved (5) cannot exceed reportsSought (50)' },
      ]);
      expect(await record({ reportsSought: 50, reportsAssessed: 51 })).toEqual([{ field: ['input', 'reportsAssessed'], message: 'reportsAssessed (51) cannot exceed reportsSought (50)' }]);
      expect(await record({ reportsAssessed: 45, reportsIncluded: 46 })).toEqual([{ field: ['input', 'reportsIncluded'], message: 'reportsIncluded (46) cannot exceed reportsAssessed (45)' }]);
      expect(await record({ reportsAssessed: 45, reportsExcluded: [{ source: 'wrong population', count: 30 }, { source: 'no control', count: 10 }], reportsIncluded: 6 })).toEqual([
        { field: ['input', 'reportsExcluded'], message: 'reportsExcluded (40) + reportsIncluded (6) cannot exceed reportsAssessed (45)' },
      ]);
    });

    it('stores counts that add up', async () => {
      const result = dataOf(
        await app.gql(prisma, {
          input: {
            reviewId,
            ...identified,
            duplicatesRemoved: 100,
            recordsAfterDuplicatesRemoved: 400,
            recordsScreened: 400,
            recordsExcluded: 340,
            reportsSought: 60,
            reportsNotRetrieved: 4,
            reportsAssessed: 56,
            reportsExcluded: [{ source: 'wrong population', count: 40 }],
            reportsIncluded: 16,
            studiesIncluded: 12,
            studiesInQuantitativeSynthesis: 10,
          },
        }),
      ).recordPrismaCounts;
      expect(result.errors).toEqual([]);
    });
  });

  describe('study characteristics', () => {
    const add = (characteristics: unknown, label = 'Chars 2020') =>
      refused(() => app.gql(mutations.addStudy, { input: { reviewId, label, characteristics } }), 'addStudy');

    it('refuses a value of 1 MB, naming its key', async () => {
      expect(await add({ dose: '10 mg', notes: 'x'.repeat(1_000_000) })).toEqual([
        { field: ['input', 'characteristics', 'notes'], message: "characteristic 'notes' is 1000000 characters long; at most 2000" },
      ]);
    });

    it('refuses 20,000 keys, a key of 200 characters and 20 KB in all', async () => {
      const many = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]));
      expect(await add(many)).toEqual([{ field: ['input', 'characteristics'], message: 'characteristics has 20000 names; a study can have at most 100' }]);
      const longKey = 'k'.repeat(200);
      expect(await add({ [longKey]: 'x' })).toEqual([
        { field: ['input', 'characteristics'], message: `the characteristic named '${'k'.repeat(39)}…' has a name of 200 characters; at most 100` },
      ]);
      const large = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`field ${i}`, 'y'.repeat(1900)]));
      const [error] = await add(large);
      expect(error.field).toEqual(['input', 'characteristics']);
      expect(error.message).toMatch(/^characteristics take 2\d{4} bytes \(as JSON\); a study's may take at most 20480 \(20 KB\)$/);
    });

    it('refuses hidden characters in keys and values, in addStudies and updateStudy too', async () => {
      expect(await add({ 'dose\u200b': '10 mg' })).toEqual([
        { field: ['input', 'characteristics', 'dose\u200b'], message: "the name of characteristic 'dose\u200b' contains an invisible (zero-width) character (U+200B) at position 5; remove it" },
      ]);
      const batch = await refused(
        () => app.gql(addStudies, { input: { reviewId, studies: [{ label: 'Fine 2021' }, { label: 'Bad 2021', characteristics: { arm: 'drug\u202eA' } }] } }),
        'addStudies',
      );
      expect(batch).toEqual([
        { field: ['input', 'studies', '1', 'characteristics', 'arm'], message: "characteristic 'arm' contains a bidirectional control character (U+202E) at position 5; remove it" },
      ]);
      const update = await refused(() => app.gql(updateStudy, { input: { studyId, characteristics: { notes: 'z'.repeat(2001) } } }), 'updateStudy');
      expect(update).toEqual([{ field: ['input', 'characteristics', 'notes'], message: "characteristic 'notes' is 2001 characters long; at most 2000" }]);
      // Line breaks are fine in a value: characteristics are long text.
      expect(dataOf(await app.gql(updateStudy, { input: { studyId, characteristics: { notes: 'line one\nline two' } } })).updateStudy.errors).toEqual([]);
    });
  });

  describe('GRADE ratings a domain cannot have', () => {
    const overrides = (domain: string, rating: number) => [{ domain, rating, footnote: 'judged by the maintainers', dataFingerprint: 'fnv1a64:0' }];

    it('refuses them in addOutcome, updateOutcomeSettings and overrideCertaintyDomain alike', async () => {
      const added = await refused(
        () => app.gql(mutations.addOutcome, { input: { reviewId, name: 'Strokes', measure: 'OR', certaintyOverrides: overrides('RISK_OF_BIAS', 2) } }),
        'addOutcome',
      );
      expect(added).toEqual([{ field: ['input', 'certaintyOverrides', '0', 'rating'], message: "'risk-of-bias' can only rate down: use -2, -1 or 0" }]);
      const updated = await refused(
        () => app.gql(mutations.updateOutcomeSettings, { input: { outcomeId, certaintyOverrides: [...overrides('IMPRECISION', -1), ...overrides('LARGE_EFFECT', -1)] } }),
        'updateOutcomeSettings',
      );
      expect(updated).toEqual([{ field: ['input', 'certaintyOverrides', '1', 'rating'], message: "'large-effect' can only rate up: use 0, 1 or 2" }]);
      const direct = await refused(() => app.gql(override, { input: { outcomeId, domain: 'LARGE_EFFECT', rating: -1, footnote: 'no' } }), 'overrideCertaintyDomain');
      expect(direct).toEqual([{ field: ['input', 'rating'], message: "'large-effect' can only rate up: use 0, 1 or 2" }]);
      const twice = await refused(
        () => app.gql(mutations.updateOutcomeSettings, { input: { outcomeId, certaintyOverrides: [...overrides('IMPRECISION', -1), ...overrides('IMPRECISION', -2)] } }),
        'updateOutcomeSettings',
      );
      expect(twice).toEqual([{ field: ['input', 'certaintyOverrides', '1', 'domain'], message: "one override per domain: 'imprecision' is given twice" }]);
    });

    it('keeps the GRADE rating of an outcome given an allowed override', async () => {
      dataOf(await app.gql(updateStudy, { input: { studyId, design: 'RCT' } }));
      const settings = dataOf(await app.gql(mutations.updateOutcomeSettings, { input: { outcomeId, certaintyOverrides: overrides('IMPRECISION', -1) } })).updateOutcomeSettings;
      expect(settings.errors).toEqual([]);
      const certainty = dataOf(await app.gql(`query($id: ID!) { outcome(id: $id) { analysis { certainty { level domains { domain rating } } } } }`, { id: outcomeId })).outcome.analysis.certainty;
      expect(certainty.domains.find((d: any) => d.domain === 'IMPRECISION').rating).toBe(-1);
      dataOf(await app.gql(mutations.updateOutcomeSettings, { input: { outcomeId, certaintyOverrides: null } }));
    });
  });

  describe('the same row twice in one table', () => {
    it('refuses a study given twice with the same subgroup and label, by id or by label in any case', async () => {
      const rows = [
        { studyId, events1: 4, n1: 40, events2: 9, n2: 40 },
        { studyLabel: 'SMITH 2019', events1: 5, n1: 40, events2: 9, n2: 40 },
      ];
      const errors = await refused(() => app.gql(table, { input: { outcomeId, rows } }), 'recordStudyDataTable');
      expect(errors).toEqual([
        {
          field: ['input', 'rows', '1', 'studyLabel'],
          message:
            "rows 0 and 1 (input.rows.0 and input.rows.1) both give study 'Smith 2019' with no subgroup and no label; a study's rows in one outcome may repeat only with a different subgroup or label",
        },
      ]);
      // Told apart by their labels, the two rows are two arms.
      const armed = rows.map((row, i) => ({ ...row, label: i === 0 ? 'low dose' : 'high dose' }));
      expect(dataOf(await app.gql(table, { input: { outcomeId, rows: armed } })).recordStudyDataTable.errors).toEqual([]);
    });
  });

  describe('text that hides or reorders characters', () => {
    it('refuses control, bidirectional and zero-width characters, and line breaks in one-line text', async () => {
      const title = await refused(() => app.gql(mutations.createReview, { input: { title: 'Statins\u0007 for everyone' } }), 'createReview');
      expect(title).toEqual([{ field: ['input', 'title'], message: 'title contains a control character (U+0007) at position 8; remove it' }]);
      const renamed = await refused(() => app.gql(updateReview, { input: { reviewId, title: 'Effect of \u202egurd' } }), 'updateReview');
      expect(renamed).toEqual([{ field: ['input', 'title'], message: 'title contains a bidirectional control character (U+202E) at position 11; remove it' }]);
      const label = await refused(() => app.gql(mutations.addStudy, { input: { reviewId, label: 'Lee\n2020' } }), 'addStudy');
      expect(label).toEqual([{ field: ['input', 'label'], message: 'label contains a line break or tab at position 4; keep it on one line' }]);
      const name = await refused(() => app.gql(mutations.addOutcome, { input: { reviewId, name: 'Mortality\u200d', measure: 'RR' } }), 'addOutcome');
      expect(name).toEqual([{ field: ['input', 'name'], message: 'name contains an invisible (zero-width) character (U+200D) at position 10; remove it' }]);
      const subgroup = await refused(
        () => app.gql(mutations.recordStudyData, { input: { outcomeId, studyId, events1: 3, n1: 40, events2: 9, n2: 40, subgroup: '6\tmonths' } }),
        'recordStudyData',
      );
      expect(subgroup).toEqual([{ field: ['input', 'subgroup'], message: 'subgroup contains a line break or tab at position 2; keep it on one line' }]);
      const tableLabel = await refused(
        () => app.gql(table, { input: { outcomeId, rows: [{ studyId, label: 'arm\u2066 B', events1: 3, n1: 40, events2: 9, n2: 40 }] } }),
        'recordStudyDataTable',
      );
      expect(tableLabel).toEqual([{ field: ['input', 'rows', '0', 'label'], message: 'label contains a bidirectional control character (U+2066) at position 4; remove it' }]);
    });

    it('takes line breaks in descriptions and long text', async () => {
      const added = dataOf(await app.gql(mutations.addOutcome, { input: { reviewId, name: 'Pain', measure: 'MD', description: 'Pain at 6 months.\nVAS, 0 to 100.' } })).addOutcome;
      expect(added.errors).toEqual([]);
      expect(dataOf(await app.gql(updateReview, { input: { reviewId, question: 'Does it work?\n\nIn adults?' } })).updateReview.errors).toEqual([]);
    });
  });

  describe('labels that differ only by case, spacing or Unicode form', () => {
    it('refuses a new study labelled as an existing one, naming the existing label', async () => {
      for (const label of ['smith 2019', 'Smith  2019', 'Ｓｍｉｔｈ 2019', ' SMITH 2019 ']) {
        const errors = await refused(() => app.gql(mutations.addStudy, { input: { reviewId, label } }), 'addStudy');
        expect(errors).toEqual([
          {
            field: ['input', 'label'],
            message: `the review already has a study labelled 'Smith 2019', the same label as '${label.trim()}' once case, spacing and Unicode forms are set aside; labels tell studies apart in forest plots, so add the year or a letter`,
          },
        ]);
      }
    });

    it('refuses two such labels in one addStudies or newStudies, and renaming a study to another one’s label', async () => {
      const batch = await refused(() => app.gql(addStudies, { input: { reviewId, studies: [{ label: 'Ng 2021' }, { label: 'NG 2021' }] } }), 'addStudies');
      expect(batch).toEqual([
        {
          field: ['input', 'studies', '1', 'label'],
          message: "study 1 is also labelled 'Ng 2021', the same label as 'NG 2021' once case, spacing and Unicode forms are set aside; labels tell studies apart in forest plots, so add the year or a letter",
        },
      ]);
      const inTable = await refused(
        () => app.gql(table, { input: { outcomeId, newStudies: [{ label: 'ｓｍｉｔｈ 2019' }], rows: [{ studyLabel: 'ｓｍｉｔｈ 2019', events1: 1, n1: 10, events2: 2, n2: 10 }] } }),
        'recordStudyDataTable',
      );
      expect(inTable[0]).toMatchObject({ field: ['input', 'newStudies', '0', 'label'], message: expect.stringMatching(/^the review already has a study labelled 'Smith 2019', the same label as/) });
      const other = dataOf(await app.gql(mutations.addStudy, { input: { reviewId, label: 'Jones 2018' } })).addStudy.study.id;
      const renamed = await refused(() => app.gql(updateStudy, { input: { studyId: other, label: 'smith 2019' } }), 'updateStudy');
      expect(renamed[0]).toMatchObject({ field: ['input', 'label'], message: expect.stringMatching(/^the review already has another study labelled 'Smith 2019'/) });
      // A study may change the case of its own label.
      expect(dataOf(await app.gql(updateStudy, { input: { studyId: other, label: 'JONES 2018' } })).updateStudy.errors).toEqual([]);
    });

    it('refuses an outcome named as an existing one', async () => {
      const errors = await refused(() => app.gql(mutations.addOutcome, { input: { reviewId, name: 'deaths', measure: 'RR' } }), 'addOutcome');
      expect(errors).toEqual([{ field: ['input', 'name'], message: "the review already has an outcome named 'Deaths', the same name as 'deaths' once case, spacing and Unicode forms are set aside" }]);
    });
  });

  describe('numbers too large to analyse', () => {
    let genericId: string;
    let mdId: string;
    let otherStudy: string;
    beforeAll(async () => {
      genericId = dataOf(await app.gql(mutations.addOutcome, { input: { reviewId, name: 'Log ratio', measure: 'GENERIC' } })).addOutcome.outcome.id;
      mdId = dataOf(await app.gql(mutations.addOutcome, { input: { reviewId, name: 'Score', measure: 'MD' } })).addOutcome.outcome.id;
      otherStudy = dataOf(await app.gql(mutations.addStudy, { input: { reviewId, label: 'Other 2020' } })).addStudy.study.id;
      dataOf(await app.gql(mutations.recordStudyData, { input: { outcomeId: genericId, studyId: otherStudy, yi: 0.4, sei: 0.2 } }));
    });
    const record = (outcome: string, numbers: Record<string, unknown>) =>
      refused(() => app.gql(mutations.recordStudyData, { input: { outcomeId: outcome, studyId, ...numbers } }), 'recordStudyData');

    it('refuses an effect of 1e300 at the field typed, never with a masked error', async () => {
      expect(await record(genericId, { yi: 1e300, sei: 1 })).toEqual([
        {
          field: ['input', 'yi'],
          message: "study 'Smith 2019': yi (1e+300) is too large for its standard error to analyse: (effect / SE)² is beyond the largest number a computer holds (about 1.8e308)",
        },
      ]);
      expect(await record(genericId, { yi: 1, sei: 1e300 })).toEqual([
        { field: ['input', 'sei'], message: "study 'Smith 2019': sei (1e+300) is too large to analyse: the variance of its effect is beyond the largest number a computer holds (about 1.8e308)" },
      ]);
      expect((await record(genericId, { yi: 1, sei: 1e-300 }))[0]).toMatchObject({ field: ['input', 'sei'], message: expect.stringMatching(/too small to analyse: the weight of its effect/) });
      expect((await record(genericId, { estimate: 0, ciLower: -1e300, ciUpper: 1e300 }))[0].field).toEqual(['input', 'ciLower']);
    });

    it('names the SD typed, not the computed variance vi', async () => {
      expect((await record(mdId, { mean1: 1, sd1: 1e200, n1: 10, mean2: 2, sd2: 1, n2: 10 }))[0]).toMatchObject({
        field: ['input', 'sd1'],
        message: expect.stringMatching(/^study 'Smith 2019': sd1 \(1e\+200\) is too large to analyse: the variance of its effect/),
      });
      const inTable = await refused(
        () =>
          app.gql(table, {
            input: { outcomeId: mdId, rows: [{ studyId: otherStudy, mean1: 1, sd1: 1, n1: 10, mean2: 2, sd2: 1, n2: 10 }, { studyId, mean1: 1, sd1: 1e-170, n1: 10, mean2: 2, sd2: 1e-170, n2: 10 }] },
          }),
        'recordStudyDataTable',
      );
      expect(inTable).toEqual([expect.objectContaining({ field: ['input', 'rows', '1', 'sd1'] })]);
    });

    it('answers effects too far apart to pool with a message, not an unexpected error', async () => {
      const errors = await record(genericId, { yi: 1e140, sei: 1 });
      expect(errors).toEqual([
        {
          field: ['input'],
          message: expect.stringMatching(/^outcome 'Log ratio': the analysis cannot be computed with these data \(.+\); nothing was stored\. The effects are too far apart to pool: check study 'Smith 2019', whose effect is the largest \(1\.000e\+140 on the analysis scale\)$/),
        },
      ]);
    });
  });

  describe('malformed GraphQL input', () => {
    it('names the input path of a NaN literal and of an enum value that does not exist', async () => {
      const nan = await app.gql(`mutation { recordStudyData(input: { outcomeId: "${outcomeId}", studyId: "${studyId}", yi: NaN }) { errors { message } } }`);
      expect(nan.errors).toEqual([
        expect.objectContaining({ message: 'Invalid value at "input.yi": Float cannot represent non numeric value: NaN', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', field: ['input', 'yi'] } }),
      ]);
      const nested = await app.gql(`mutation { recordStudyDataTable(input: { outcomeId: "${outcomeId}", rows: [{ studyId: "a" }, { studyId: "b", sd1: NaN }] }) { errors { message } } }`);
      expect(nested.errors?.[0].message).toBe('Invalid value at "input.rows.1.sd1": Float cannot represent non numeric value: NaN');
      const measure = await app.gql(`mutation { addOutcome(input: { reviewId: "${reviewId}", name: "Falls", measure: ODDS }) { errors { message } } }`);
      expect(measure.errors?.[0].message).toBe('Invalid value at "input.measure": Value "ODDS" does not exist in "Measure" enum.');
      // Variables: graphql-js names the path itself.
      const variable = await app.gql(mutations.addOutcome, { input: { reviewId, name: 'Falls', measure: 'ODDS' } });
      expect(variable.errors?.[0].message).toBe('Variable "$input" got invalid value "ODDS" at "input.measure"; Value "ODDS" does not exist in "Measure" enum.');
      const nanVariable = await app.gql(mutations.recordStudyData, { input: { outcomeId, studyId, yi: 'NaN', sei: 1 } });
      expect(nanVariable.errors?.[0].message).toMatch(/at "input\.yi"; Float cannot represent non numeric value/);
      expect(await version()).toBeGreaterThan(0);
    });
  });
});
