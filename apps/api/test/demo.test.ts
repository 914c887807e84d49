// The demonstration reviews load into an empty database through the write path, and read back complete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseEmpty, loadDemoReviews } from '../src/demo/load-demo.js';
import { adminSecret, dataOf, dialects, testApp, testDatabase, type TestApp } from './helpers.js';

describe.each(await dialects('demo loader'))('demo reviews on %s', (dialect) => {
  let app: TestApp;
  let dispose: () => Promise<void>;
  let ids: { seed: string; bcg: string; magnesium: string };

  beforeAll(async () => {
    const test = await testDatabase(dialect);
    dispose = test.dispose;
    app = testApp(test.database);
    expect(await isDatabaseEmpty({ database: app.database, events: app.events })).toBe(true);
    ids = await loadDemoReviews({ database: app.database, events: app.events });
    expect(await isDatabaseEmpty({ database: app.database, events: app.events })).toBe(false);
  });
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it('loads the seed review: 9 studies with characteristics, NOS scores, adverse events, PRISMA counts, published results', async () => {
    const review = dataOf(
      await app.gql(
        `query($id: ID!) { review(id: $id) {
          title registration version
          studies { label design country participants registryId characteristics adverseEvents { patientsWithEvents description } qualityAssessments { tool totalStars } reports { citation year kind registryId } }
          prismaCounts { recordsIdentified recordsAfterDuplicatesRemoved reportsAssessed studiesIncluded studiesInQuantitativeSynthesis }
          referenceResults { outcome subgroup estimate certainty downgradedFor }
          outcomes { name measure settings { modelRule prePostCorrelation prePostDirection subgroupVariable }
            analysis { k estimate ciLower ciUpper studies { label } settings { inWords } }
            referenceResults { estimate ciLower ciUpper } }
        } }`,
        { id: ids.seed },
        null,
      ),
    ).review;
    expect(review.registration).toBe('PROSPERO CRD42020200350');
    expect(review.studies).toHaveLength(9);
    expect(review.studies.reduce((sum: number, s: { participants: number }) => sum + s.participants, 0)).toBe(133);
    const granel = review.studies.find((s: { label: string }) => s.label === 'Granel 2015');
    expect(granel).toMatchObject({
      design: 'SELF_CONTROLLED_PRE_POST',
      country: 'France',
      registryId: 'NCT01813279',
      adverseEvents: { patientsWithEvents: 2 },
      qualityAssessments: [{ tool: 'NEWCASTLE_OTTAWA', totalStars: 8 }],
    });
    expect(granel.characteristics).toMatchObject({ mscSource: 'SVF', route: 'hypodermic (fingers)' });
    // Three reports of one cohort, and 11 reports of the 9 studies in all, as the review's flow counts them.
    expect(granel.reports.map((r: { year: number }) => r.year)).toEqual([2015, 2016, 2017]);
    expect(granel.reports.every((r: { kind: string; registryId: string }) => r.kind === 'PUBLICATION' && r.registryId === 'NCT01813279')).toBe(true);
    expect(review.studies.reduce((sum: number, s: { reports: unknown[] }) => sum + s.reports.length, 0)).toBe(11);
    expect(review.prismaCounts).toEqual({ recordsIdentified: 678, recordsAfterDuplicatesRemoved: 343, reportsAssessed: 11, studiesIncluded: 9, studiesInQuantitativeSynthesis: 7 });
    expect(review.referenceResults).toHaveLength(14);
    expect(review.referenceResults.find((r: { outcome: string }) => r.outcome === 'DU')).toMatchObject({ estimate: 21.1, certainty: 'very low', downgradedFor: ['design', 'imprecision', 'smallStudyEffects'] });

    const at12 = review.outcomes.find((o: { name: string }) => o.name === 'mRSS at 12 months');
    expect(at12.measure).toBe('MC');
    expect(at12.settings).toMatchObject({ modelRule: 'I2_AND_HETEROGENEITY_P', prePostCorrelation: 0, prePostDirection: 'DECREASE' });
    // Zhang 2017: 20.1 ± 3.1 before, 13.8 ± 10.2 after, n = 14; r = 0: SE = sqrt((3.1² + 10.2²)/14).
    expect(at12.analysis.k).toBe(1);
    expect(at12.analysis.estimate).toBeCloseTo(6.3, 10);
    const se = Math.sqrt((3.1 ** 2 + 10.2 ** 2) / 14);
    expect(at12.analysis.ciLower).toBeCloseTo(6.3 - 1.959963984540054 * se, 8);
    expect(at12.referenceResults).toEqual([{ estimate: 6.49, ciLower: 4.61, ciUpper: 8.37 }]);
    const at6 = review.outcomes.find((o: { name: string }) => o.name === 'mRSS at 6 months');
    // Keyszer 2011 entered as the review's own MD 6.70 (-0.22 to 13.62) through its SE.
    expect(at6.analysis.estimate).toBeCloseTo(6.7, 10);
    expect(at6.analysis.ciLower).toBeCloseTo(-0.22, 2);
    expect(at6.settings.subgroupVariable).toBe('cellSource');
    expect(at6.referenceResults).toHaveLength(5);
    expect(review.outcomes.map((o: { name: string }) => o.name)).toEqual([
      'mRSS at 3 months',
      'mRSS at 6 months',
      'mRSS at 12 months',
      'RCS at 6 months',
      'DU at 6 months',
      'VAS at 6 months',
      'MHISS at 12 months',
      'CHFS at 6 months',
      'mRSS at every follow-up time',
    ]);
  });

  it("flags the seed review's double counting: its overall mRSS pools the same patients at several follow-up times", async () => {
    const outcomeQuery = `query($id: ID!) { review(id: $id) { studies { id label } outcomes { id name
      analysis { rowCount estimate studies { label subgroup } unitOfAnalysis { studyLabel kind totals rowIds message } }
      referenceResults { subgroup estimate ciLower ciUpper } } } }`;
    const read = async () => {
      const review = dataOf(await app.gql(outcomeQuery, { id: ids.seed }, null)).review;
      return { review, overTime: review.outcomes.find((o: { name: string }) => o.name === 'mRSS at every follow-up time') };
    };
    const { review, overTime } = await read();
    // The sourced rows (Keyszer 2011 at 6 months, Zhang 2017 at 12), one per study so far, and the review's overall beside them.
    expect(overTime.analysis.studies.map((s: { label: string; subgroup: string }) => [s.label, s.subgroup])).toEqual([
      ['Keyszer 2011', '6 months'],
      ['Zhang 2017', '12 months'],
    ]);
    expect(overTime.analysis.unitOfAnalysis).toEqual([]);
    expect(overTime.referenceResults).toEqual([{ subgroup: 'overall', estimate: 5.23, ciLower: 4.18, ciUpper: 6.29 }]);

    // A maintainer enters Zhang 2017 at 6 months too (illustrative numbers: the per-study means at 6 months are only in
    // the review's forest plot images): the same 14 patients now enter the overall total twice, and it says so.
    const zhang = review.studies.find((s: { label: string }) => s.label === 'Zhang 2017');
    const added = dataOf(
      await app.gql(
        `mutation($input: AddStudyDataRowInput!) { addStudyDataRow(input: $input) { outcome { id } errors { field message } } }`,
        { input: { outcomeId: overTime.id, studyId: zhang.id, subgroup: '6 months', meanBefore: 20.1, sdBefore: 3.1, meanAfter: 15.2, sdAfter: 9.5, n: 14 } },
        adminSecret,
      ),
    ).addStudyDataRow;
    expect(added.errors).toEqual([]);
    const after = (await read()).overTime;
    expect(after.analysis.rowCount).toBe(3);
    expect(after.analysis.unitOfAnalysis).toEqual([
      expect.objectContaining({ studyLabel: 'Zhang 2017', kind: 'SEVERAL_SUBGROUPS', totals: ['overall'], message: expect.stringMatching(/rows in 2 subgroups \('12 months', '6 months'\).*counted more than once/) }),
    ]);
  });

  it("loads BCG with allocation subgroups and metafor's REML result", async () => {
    const outcome = dataOf(
      await app.gql(`query($id: ID!) { review(id: $id) { studies { year } outcomes { analysis { k estimate tau2 subgroups { groups { name k } } cumulative { year } } } } }`, { id: ids.bcg }),
    ).review.outcomes[0];
    expect(outcome.analysis.k).toBe(13);
    expect(Math.log(outcome.analysis.estimate)).toBeCloseTo(-0.745177770843696, 8);
    expect(outcome.analysis.tau2).toBeCloseTo(0.337772033112286, 8);
    expect(Object.fromEntries(outcome.analysis.subgroups.groups.map((g: { name: string; k: number }) => [g.name, g.k]))).toEqual({ random: 7, alternate: 2, systematic: 4 });
    expect(outcome.analysis.cumulative[0].year).toBe(1948);
  });

  it('loads magnesium trial by trial, so its timeline shows the estimate before and after ISIS-4', async () => {
    const outcome = dataOf(
      await app.gql(`query($id: ID!) { review(id: $id) { outcomes { analysis { k } versions { k estimate ciUpper significant } } } }`, { id: ids.magnesium }),
    ).review.outcomes[0];
    expect(outcome.analysis.k).toBe(16);
    const byK = new Map(outcome.versions.map((v: { k: number }) => [v.k, v]));
    expect([...byK.keys()]).toEqual(Array.from({ length: 17 }, (_, k) => k));
    expect((byK.get(15) as { significant: boolean }).significant).toBe(true);
  });
  it("starts the seed review's first update round in Cumulus from its 9 studies and 11 reports", async () => {
    const content = ['TY  - JOUR', 'TI  - Adipose-derived regenerative cells for hand dysfunction in systemic sclerosis', 'AU  - Khanna, D', 'PY  - 2022', 'ER  - ', ''].join('\n');
    const imported = dataOf(
      await app.gql(`mutation($input: ImportSearchInput!) { importSearch(input: $input) { newRecords errors { message } } }`, {
        input: { reviewId: ids.seed, source: 'MEDLINE via PubMed', searchedOn: '2022-06-01', content },
      }),
    ).importSearch;
    expect(imported).toEqual({ newRecords: 1, errors: [] });
    const flow = dataOf(await app.gql(`query($id: ID!) { review(id: $id) { prismaFlow { previous_studies previous_reports database_results records_screened total_studies total_reports } prismaCounts { studiesIncluded } } }`, { id: ids.seed }, null)).review;
    expect(flow.prismaFlow).toEqual({ previous_studies: 9, previous_reports: 11, database_results: 1, records_screened: 1, total_studies: 9, total_reports: 11 });
    // The round before Cumulus keeps its counts as typed.
    expect(flow.prismaCounts.studiesIncluded).toBe(9);
  });
});
