// The other changes a maintainer makes: each is one new version, recomputes exactly what it affects, and is
// in the change log; retracted studies stay in the history but leave every analysis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStudyWithData, dataOf, dialects, reviewWithOutcome, testApp, testDatabase, type TestApp } from './helpers.js';

const outcomeQuery = `query($id: ID!) { outcome(id: $id) { version analysis { k estimate cumulative { label year } studies { label } } } }`;

describe.each(await dialects('maintainer changes'))('maintainer changes on %s', (dialect) => {
  let app: TestApp;
  let dispose: () => Promise<void>;
  let reviewId: string;
  let outcomeId: string;
  const studies: Record<string, string> = {};

  beforeAll(async () => {
    const test = await testDatabase(dialect);
    dispose = test.dispose;
    app = testApp(test.database);
    ({ reviewId, outcomeId } = await reviewWithOutcome(app, { name: 'Deaths', measure: 'RR', model: 'FIXED' }));
    for (const [label, year, events1] of [['Alpha 1990', 1990, 4], ['Beta 1995', 1995, 6], ['Gamma 2000', 2000, 9]] as const) {
      studies[label] = (await addStudyWithData(app, reviewId, outcomeId, label, { events1, n1: 100, events2: 10, n2: 100 }, year)).studyId;
    }
  });
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  const version = async () => dataOf(await app.gql(`query($id: ID!) { review(id: $id) { version } }`, { id: reviewId })).review.version as number;

  it('retracts a study: out of the analysis, kept in the history with its reason', async () => {
    const before = await version();
    const result = dataOf(
      await app.gql(`mutation($input: RetractStudyInput!) { retractStudy(input: $input) { study { retracted retractedInVersion retractionReason } errors { message } } }`, {
        input: { studyId: studies['Beta 1995'], reason: 'Retracted by the journal (data fabrication).' },
      }),
    ).retractStudy;
    expect(result).toEqual({ study: { retracted: true, retractedInVersion: before + 1, retractionReason: 'Retracted by the journal (data fabrication).' }, errors: [] });
    const outcome = dataOf(await app.gql(outcomeQuery, { id: outcomeId })).outcome;
    expect(outcome.version).toBe(before + 1);
    expect(outcome.analysis.studies.map((s: { label: string }) => s.label)).toEqual(['Alpha 1990', 'Gamma 2000']);
    const review = dataOf(
      await app.gql(`query($id: ID!) { review(id: $id) { studies { label } all: studies(includeRetracted: true) { label retracted } changes(first: 1) { action summary actor } } }`, { id: reviewId }),
    ).review;
    expect(review.studies.map((s: { label: string }) => s.label)).toEqual(['Alpha 1990', 'Gamma 2000']);
    expect(review.all).toContainEqual({ label: 'Beta 1995', retracted: true });
    expect(review.changes[0]).toEqual({ action: 'retractStudy', summary: 'Retracted study \'Beta 1995\': Retracted by the journal (data fabrication).', actor: 'administrator' });
    // The analysis before the retraction is still there.
    expect(dataOf(await app.gql(`query($id: ID!, $v: Int) { outcome(id: $id, asOfVersion: $v) { analysis { k } } }`, { id: outcomeId, v: before })).outcome.analysis.k).toBe(3);
  });

  it("moves a study in the cumulative analysis when its year is corrected", async () => {
    const result = dataOf(
      await app.gql(`mutation($input: UpdateStudyInput!) { updateStudy(input: $input) { study { year } errors { message } } }`, { input: { studyId: studies['Gamma 2000'], year: 1985 } }),
    ).updateStudy;
    expect(result).toEqual({ study: { year: 1985 }, errors: [] });
    const outcome = dataOf(await app.gql(outcomeQuery, { id: outcomeId })).outcome;
    expect(outcome.analysis.cumulative.map((c: { label: string }) => c.label)).toEqual(['Gamma 2000', 'Alpha 1990']);
  });

  it('removes study data and records PRISMA counts and Newcastle-Ottawa stars, each as a version', async () => {
    const start = await version();
    const removed = dataOf(
      await app.gql(`mutation($input: RemoveStudyDataInput!) { removeStudyData(input: $input) { outcome { version analysis { k } } errors { message } } }`, {
        input: { outcomeId, studyId: studies['Alpha 1990'] },
      }),
    ).removeStudyData;
    expect(removed).toEqual({ outcome: { version: start + 1, analysis: { k: 1 } }, errors: [] });

    const prisma = dataOf(
      await app.gql(`mutation($input: RecordPrismaCountsInput!) { recordPrismaCounts(input: $input) { review { version prismaCounts { recordsIdentified recordsScreened } } errors { field message } } }`, {
        input: { reviewId, identifiedFromDatabases: [{ source: 'PubMed', count: 120 }, { source: 'Embase', count: 80 }], recordsScreened: 150, recordsExcluded: 120 },
      }),
    ).recordPrismaCounts;
    expect(prisma).toEqual({ review: { version: start + 2, prismaCounts: { recordsIdentified: 200, recordsScreened: 150 } }, errors: [] });
    const badPrisma = dataOf(
      await app.gql(`mutation($input: RecordPrismaCountsInput!) { recordPrismaCounts(input: $input) { errors { field message } } }`, {
        input: { reviewId, recordsScreened: 10, recordsExcluded: 12 },
      }),
    ).recordPrismaCounts;
    expect(badPrisma.errors).toEqual([{ field: ['input', 'recordsExcluded'], message: 'recordsExcluded (12) cannot exceed recordsScreened (10)' }]);

    const nos = dataOf(
      await app.gql(`mutation($input: RecordQualityAssessmentInput!) { recordQualityAssessment(input: $input) { assessment { totalStars domains { domain stars maxStars } } errors { field message } } }`, {
        input: { studyId: studies['Gamma 2000'], newcastleOttawa: { selection: 4, comparability: 1, outcome: 2 } },
      }),
    ).recordQualityAssessment;
    expect(nos.assessment.totalStars).toBe(7);
    const badNos = dataOf(
      await app.gql(`mutation($input: RecordQualityAssessmentInput!) { recordQualityAssessment(input: $input) { errors { field message } } }`, {
        input: { studyId: studies['Gamma 2000'], newcastleOttawa: { selection: 5, comparability: 1, outcome: 2 } },
      }),
    ).recordQualityAssessment;
    expect(badNos.errors).toEqual([{ field: ['input', 'newcastleOttawa', 'selection'], message: 'selection stars run from 0 to 4' }]);
    expect(await version()).toBe(start + 3);
  });
});
