/* eslint-disable @typescript-eslint/no-explicit-any -- tests read GraphQL results by path */
// ClinicalTrials.gov surveillance through the API, on SQLite and PostgreSQL, against a local stand-in of the registry
// (a real HTTP server serving the recorded records): a saved search run over several pages; new trials become records
// to screen (a register in PRISMA 2020); a trial that is a study of the review is updated instead and its posted results
// are proposed as rows; an incremental run asks only for what changed and says what did ("status … → …"); backoff on
// 429; a registry that keeps failing leaves a failed run and nothing else; confirming a proposal (percentages made
// counts, an SE made an SD) puts a row with its provenance into the analysis; refusals name their field; the schedule
// runs due searches once.
import { createRegistryClient, normaliseStudy, proposeRows } from '@cumulus/registry';
import { loadRecord, startRegistryServer, type RegistryServer } from '@cumulus/registry/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.js';
import { missedNewRecordsEvents } from '../src/domain/missed-events.js';
import { createRegistryScheduler } from '../src/domain/registry/scheduler.js';
import { dataOf, dialects, mutations, rowCounts, testApp, testDatabase, type TestApp } from './helpers.js';
import { startReceiver, type Receiver } from './receiver.js';

const errors = '{ field message }';
const q = {
  save: `mutation($input: SaveRegistrySearchInput!) { saveRegistrySearch(input: $input) { registrySearch { id name statuses studyType scheduleHours nextRunAt updatedSince } version errors ${errors} } }`,
  run: `mutation($id: ID!) { runRegistrySearch(input: { id: $id }) { run { id trigger status pages trialsSeen newRecords updatedTrials resultsPosted proposals error version updatedSince search { source sourceKind format recordCount } } version errors ${errors} } }`,
  remove: `mutation($id: ID!) { removeRegistrySearch(input: { id: $id }) { removedId registrySearch { id removedVersion } errors ${errors} } }`,
  review: `query($id: ID!) { review(id: $id) {
    version
    registrySearches { id updatedSince lastRunAt runs { status trigger error version } }
    registryTrials { nctId title overallStatus enrollment hasResults resultsFirstPosted lastUpdatePosted url record { id title registryId titleAbstractStatus } study { id label } }
    registryProposals { id nctId kind status measureTitle timeFrame recordVersionDate sourceUrl notes conversions
      groups { groupId groupTitle armTitle armMatch events total derived mean sd n sdFrom conversion } refused { groupId reason } study { label } }
    changes(first: 5) { version action actor summary }
  } }`,
  confirm: `mutation($input: ConfirmRegistryProposalInput!) { confirmRegistryProposal(input: $input) {
    proposal { status decidedBy decidedVersion rows { id } }
    row { id events1 n1 events2 n2 mean1 sd1 n1 mean2 sd2 n2 source provenance { kind summary nctId recordVersionDate fetchedAt group1 group2 conversions derived confirmedBy confirmedVersion } }
    outcome { id version analysis { k estimate } } version errors ${errors} } }`,
  dismiss: `mutation($input: DismissRegistryProposalInput!) { dismissRegistryProposal(input: $input) { proposal { status dismissedReason decidedVersion } errors ${errors} } }`,
  proposals: `query($id: ID!, $status: RegistryProposalStatus) { review(id: $id) { registryProposals(status: $status) { id status measureTitle recordVersionDate notes } } }`,
  outcome: `query($id: ID!) { outcome(id: $id) { version analysis { k } studyData { id events1 provenance { kind summary } } } }`,
  flow: `query($id: ID!) { review(id: $id) { prismaFlow { register_results database_results duplicates } } }`,
  refresh: `mutation($id: ID!) { refreshRegistryTrial(input: { studyId: $id }) { trial { nctId hasResults study { label } } changes proposals version errors ${errors} } }`,
  updateRow: `mutation($input: UpdateStudyDataRowInput!) { updateStudyDataRow(input: $input) { outcome { studyData { id events1 provenance { kind } } } errors ${errors} } }`,
};

const today = () => new Date().toISOString().slice(0, 10);
const dayBefore = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

/** A newer version of a recorded trial, as the registry would post it today. */
function updatedRecord(nctId: string, change: (record: any) => void): Record<string, unknown> {
  const record = loadRecord(nctId) as any;
  record.protocolSection.statusModule.lastUpdatePostDateStruct = { date: today(), type: 'ACTUAL' };
  change(record);
  return record;
}

describe('registry settings', () => {
  it('reads CUMULUS_REGISTRY_URL and CUMULUS_REGISTRY_SCHEDULE, and refuses what it cannot use', () => {
    expect(readConfig({})).toMatchObject({ registryUrl: 'https://clinicaltrials.gov/api/v2', registrySchedule: true });
    expect(readConfig({ CUMULUS_REGISTRY_URL: 'http://127.0.0.1:8080/api/v2/', CUMULUS_REGISTRY_SCHEDULE: '0' })).toMatchObject({ registryUrl: 'http://127.0.0.1:8080/api/v2', registrySchedule: false });
    expect(() => readConfig({ CUMULUS_REGISTRY_URL: 'clinicaltrials.gov' })).toThrow("CUMULUS_REGISTRY_URL must be an http:// or https:// address (the API v2 root, like https://clinicaltrials.gov/api/v2), not 'clinicaltrials.gov'");
    expect(() => readConfig({ CUMULUS_REGISTRY_SCHEDULE: 'yes' })).toThrow("CUMULUS_REGISTRY_SCHEDULE must be 1 (run scheduled registry searches) or 0 (not on this instance), not 'yes'");
  });
});

for (const dialect of await dialects('registry')) {
  describe(`registry surveillance on ${dialect}`, () => {
    let app: TestApp;
    let dispose: () => Promise<void>;
    let registry: RegistryServer;
    const waits: number[] = [];
    let reviewId: string;
    let binaryOutcomeId: string;
    let continuousOutcomeId: string;
    let studyId: string;
    let searchId: string;
    let hook: Receiver;

    beforeAll(async () => {
      hook = await startReceiver();
      const made = await testDatabase(dialect);
      dispose = made.dispose;
      // Two records a page: the six recorded trials come in three pages.
      registry = await startRegistryServer(undefined, { maxPageSize: 2 });
      const client = createRegistryClient({
        baseUrl: registry.baseUrl,
        minIntervalMs: 1000,
        baseDelayMs: 2000,
        maxRetries: 2,
        // No test waits for real time: waits are recorded.
        sleep: async (ms) => void waits.push(ms),
      });
      app = testApp(made.database, { app: { registry: client }, webhooks: { allowPrivateAddresses: true } });
      reviewId = dataOf(await app.gql(mutations.createReview, { input: { title: 'Certolizumab in axial spondyloarthritis' } })).createReview.review.id;
      binaryOutcomeId = dataOf(await app.gql(mutations.addOutcome, { input: { reviewId, name: 'ASAS40 at week 12', measure: 'RR' } })).addOutcome.outcome.id;
      continuousOutcomeId = dataOf(await app.gql(mutations.addOutcome, { input: { reviewId, name: 'BASFI change at week 12', measure: 'MD' } })).addOutcome.outcome.id;
      const study = dataOf(await app.gql(mutations.addStudy, { input: { reviewId, label: 'Deodhar 2019', year: 2019, registryId: 'NCT02552212' } }));
      studyId = study.addStudy.study.id;
    });

    afterAll(async () => {
      await app?.close();
      await registry?.close();
      await hook?.close();
      await dispose?.();
    });

    it('refuses a search it cannot run, naming the field, and stores nothing', async () => {
      const before = await rowCounts(app.database);
      const refused = dataOf(await app.gql(q.save, { input: { reviewId, name: 'Nothing asked' } })).saveRegistrySearch;
      expect(refused.errors).toEqual([{ field: ['input', 'conditions'], message: expect.stringContaining('give conditions, interventions or terms') }]);
      const badStatus = dataOf(await app.gql(q.save, { input: { reviewId, name: 'x', conditions: 'spondyloarthritis', statuses: ['FINISHED'], scheduleHours: 0 } })).saveRegistrySearch;
      expect(badStatus.errors.map((e: any) => e.field.join('.'))).toEqual(['input.statuses.0', 'input.scheduleHours']);
      expect(badStatus.errors[0].message).toContain('RECRUITING');
      const anonymous = dataOf(await app.gql(q.save, { input: { reviewId, name: 'x', conditions: 'y' } }, null)).saveRegistrySearch;
      expect(anonymous.errors[0].message).toContain('needs a token');
      expect(await rowCounts(app.database)).toEqual(before);
    });

    it('runs a saved search over several pages: new trials become records to screen, the trial of a study is updated and its results proposed', async () => {
      const saved = dataOf(await app.gql(q.save, { input: { reviewId, name: 'CZP in axSpA', conditions: 'axial spondyloarthritis', interventions: 'certolizumab', scheduleHours: 24 } })).saveRegistrySearch;
      expect(saved.errors).toEqual([]);
      searchId = saved.registrySearch.id;
      expect(saved.registrySearch).toMatchObject({ statuses: [], studyType: null, scheduleHours: 24, updatedSince: null });

      const webhook = dataOf(await app.gql(`mutation($r: ID!, $url: String!) { registerWebhook(input: { reviewId: $r, url: $url }) { errors { message } } }`, { r: reviewId, url: hook.url })).registerWebhook;
      expect(webhook.errors).toEqual([]);
      const stream = app.events.subscribe(reviewId, { wanted: (event) => event.action === 'runRegistrySearch', keep: 10 });
      const published = stream.next();

      registry.requests.length = 0;
      waits.length = 0;
      const { run, errors: runErrors } = dataOf(await app.gql(q.run, { id: searchId })).runRegistrySearch;
      expect(runErrors).toEqual([]);
      expect(run).toMatchObject({ trigger: 'MANUAL', status: 'SUCCEEDED', pages: 3, trialsSeen: 6, newRecords: 5, updatedTrials: 1, resultsPosted: ['NCT02552212'], error: null, updatedSince: null });
      expect(run.search).toEqual({ source: 'ClinicalTrials.gov', sourceKind: 'REGISTER', format: 'registry', recordCount: 5 });
      // Every measure the registry package can propose rows for (its own tests check which and how).
      expect(run.proposals).toBe(proposeRows(normaliseStudy(loadRecord('NCT02552212'))).proposals.length);
      expect(run.proposals).toBeGreaterThan(10);
      // Three pages, every one with the same query, the first asking for the total; about one request a second.
      expect(registry.requests.map((url) => url.searchParams.get('pageToken'))).toEqual([null, 'page-at-2', 'page-at-4']);
      for (const url of registry.requests) {
        expect(url.searchParams.get('query.cond')).toBe('axial spondyloarthritis');
        expect(url.searchParams.get('query.intr')).toBe('certolizumab');
        expect(url.searchParams.get('filter.advanced')).toBeNull();
      }
      expect(registry.requests[0]!.searchParams.get('countTotal')).toBe('true');

      const review = dataOf(await app.gql(q.review, { id: reviewId })).review;
      expect(review.registryTrials).toHaveLength(6);
      const czp = review.registryTrials.find((t: any) => t.nctId === 'NCT02552212');
      expect(czp).toMatchObject({ overallStatus: 'COMPLETED', hasResults: true, lastUpdatePosted: '2022-08-18', url: 'https://clinicaltrials.gov/study/NCT02552212', record: null, study: { id: studyId, label: 'Deodhar 2019' } });
      const brain = review.registryTrials.find((t: any) => t.nctId === 'NCT06171568');
      expect(brain.record).toMatchObject({ registryId: 'NCT06171568', titleAbstractStatus: 'AWAITING' });
      expect(brain.record.title).toContain('Lariboisière Cognitive Assessment');
      expect(brain.study).toBeNull();
      expect(review.changes[0]).toMatchObject({ version: run.version, action: 'runRegistrySearch' });
      expect(review.changes[0].summary).toContain("ClinicalTrials.gov search 'CZP in axSpA': 5 new records to screen");
      expect(review.changes[0].summary).toContain("NCT02552212 (study 'Deodhar 2019'): results posted (2020-08-17)");
      expect(review.changes[0].summary).toContain(`${run.proposals} proposed rows of posted results to confirm`);
      expect(review.registrySearches[0].updatedSince).toBe(dayBefore());

      // Announced live (reviewUpdated, newRecordsToScreen) and to webhooks: the new records, and what changed in known trials.
      expect((await published).value).toMatchObject({ reviewId, version: run.version, action: 'runRegistrySearch', newRecords: 5, summary: review.changes[0].summary });
      await stream.return?.();
      const deliveries = await hook.waitFor(2);
      const byEvent = Object.fromEntries(deliveries.map((d) => [d.headers['cumulus-event'], JSON.parse(d.body)]));
      expect(byEvent['records.new']).toMatchObject({ event: 'records.new', action: 'runRegistrySearch', newRecords: 5, search: { source: 'ClinicalTrials.gov' } });
      expect(byEvent['registry.updated']).toMatchObject({
        event: 'registry.updated',
        registrySearch: { id: searchId, name: 'CZP in axSpA' },
        updatedTrials: [{ nctId: 'NCT02552212', studyId, studyLabel: 'Deodhar 2019', changes: ['results posted (2020-08-17)'] }],
        resultsPosted: ['NCT02552212'],
        proposals: run.proposals,
      });

      // A subscriber to newRecordsToScreen who was away gets the run's records first.
      expect(await missedNewRecordsEvents(app.database, reviewId, run.version - 1, 10)).toEqual([expect.objectContaining({ version: run.version, action: 'runRegistrySearch', newRecords: 5 })]);

      // PRISMA 2020 counts the run's records as register results.
      const flow = dataOf(await app.gql(q.flow, { id: reviewId })).review.prismaFlow;
      expect(flow).toMatchObject({ register_results: 5, database_results: 0, duplicates: 0 });

      // Proposals keep the registry's numbers, the conversion of each, and where they came from.
      const asas40 = review.registryProposals.find((p: any) => p.measureTitle.startsWith('Percentage of Subjects With Axial SpondyloArthritis International Society 40%') && p.timeFrame === 'Week 12');
      expect(asas40).toMatchObject({ kind: 'BINARY', status: 'OPEN', nctId: 'NCT02552212', recordVersionDate: '2022-08-18', study: { label: 'Deodhar 2019' } });
      expect(asas40.sourceUrl).toBe(`${registry.baseUrl}/studies/NCT02552212`);
      expect(asas40.groups.map((g: any) => [g.groupId, g.groupTitle, g.armTitle, g.armMatch, g.events, g.total, g.derived])).toEqual([
        ['OG000', 'Placebo (FAS)', 'Placebo', 'TOKEN_SIMILARITY', 18, 158, true],
        ['OG001', 'CZP 200 mg Q2W (FAS)', 'Certolizumab Pegol 200 mg Q2W', 'TOKEN_SIMILARITY', 76, 159, true],
      ]);
      expect(asas40.conversions.join(' ')).toContain('percentage');
    });

    it('confirms a binary proposal into the outcome: the row enters the analysis with its provenance', async () => {
      const open = dataOf(await app.gql(q.review, { id: reviewId })).review.registryProposals;
      const asas40 = open.find((p: any) => p.measureTitle.includes('40%') && p.timeFrame === 'Week 12');
      const basfi = open.find((p: any) => p.measureTitle.startsWith('Change From Baseline to Week 12 in the Bath Ankylosing Spondylitis Functional Index'));
      const before = await rowCounts(app.database);

      const wrongKind = dataOf(await app.gql(q.confirm, { input: { proposalId: asas40.id, outcomeId: continuousOutcomeId, experimentalGroupId: 'OG001', controlGroupId: 'OG000' } })).confirmRegistryProposal;
      expect(wrongKind.errors).toEqual([{ field: ['input', 'outcomeId'], message: expect.stringContaining("outcome 'BASFI change at week 12' takes continuous data") }]);
      const sameGroup = dataOf(await app.gql(q.confirm, { input: { proposalId: asas40.id, outcomeId: binaryOutcomeId, experimentalGroupId: 'OG001', controlGroupId: 'OG001' } })).confirmRegistryProposal;
      expect(sameGroup.errors[0].field).toEqual(['input', 'controlGroupId']);
      const noGroup = dataOf(await app.gql(q.confirm, { input: { proposalId: asas40.id, outcomeId: binaryOutcomeId, experimentalGroupId: 'OG009', controlGroupId: 'OG000' } })).confirmRegistryProposal;
      expect(noGroup.errors).toEqual([{ field: ['input', 'experimentalGroupId'], message: expect.stringContaining("OG000 ('Placebo (FAS)'), OG001 ('CZP 200 mg Q2W (FAS)')") }]);
      const anonymous = dataOf(await app.gql(q.confirm, { input: { proposalId: asas40.id, outcomeId: binaryOutcomeId, experimentalGroupId: 'OG001', controlGroupId: 'OG000' } }, null)).confirmRegistryProposal;
      expect(anonymous.errors[0].message).toContain('needs a token');
      expect(await rowCounts(app.database)).toEqual(before);

      const confirmed = dataOf(await app.gql(q.confirm, { input: { proposalId: asas40.id, outcomeId: binaryOutcomeId, experimentalGroupId: 'OG001', controlGroupId: 'OG000' } })).confirmRegistryProposal;
      expect(confirmed.errors).toEqual([]);
      expect(confirmed.row).toMatchObject({ events1: 76, n1: 159, events2: 18, n2: 158 });
      expect(confirmed.row.source).toContain('ClinicalTrials.gov NCT02552212');
      expect(confirmed.row.provenance).toMatchObject({
        kind: 'registry',
        nctId: 'NCT02552212',
        recordVersionDate: '2022-08-18',
        group1: 'CZP 200 mg Q2W (FAS)',
        group2: 'Placebo (FAS)',
        derived: true,
        confirmedVersion: confirmed.version,
      });
      expect(confirmed.row.provenance.summary).toMatch(/^ClinicalTrials\.gov NCT02552212, 'Percentage of Subjects With Axial SpondyloArthritis International Society 40% .*' \(Week 12\), record of 2022-08-18, fetched \d{4}-\d{2}-\d{2}, some numbers derived/);
      expect(confirmed.row.provenance.conversions).toHaveLength(2);
      expect(confirmed.outcome).toMatchObject({ id: binaryOutcomeId, version: confirmed.version, analysis: { k: 1 } });
      // RR of 76/159 against 18/158.
      expect(confirmed.outcome.analysis.estimate).toBeCloseTo(76 / 159 / (18 / 158), 10);
      expect(confirmed.proposal).toMatchObject({ status: 'CONFIRMED', decidedVersion: confirmed.version, rows: [{ id: confirmed.row.id }] });

      const again = dataOf(await app.gql(q.confirm, { input: { proposalId: asas40.id, outcomeId: binaryOutcomeId, experimentalGroupId: 'OG001', controlGroupId: 'OG000' } })).confirmRegistryProposal;
      expect(again.errors).toEqual([{ field: ['input', 'proposalId'], message: expect.stringContaining(`was confirmed at version ${confirmed.version}`) }]);

      // An SE becomes an SD (SD = SE × √n), and the row says so.
      const continuous = dataOf(await app.gql(q.confirm, { input: { proposalId: basfi.id, outcomeId: continuousOutcomeId, experimentalGroupId: 'OG001', controlGroupId: 'OG000' } })).confirmRegistryProposal;
      expect(continuous.errors).toEqual([]);
      const czp = basfi.groups.find((g: any) => g.groupId === 'OG001');
      expect(czp.sdFrom).toBe('standard-error');
      expect(continuous.row).toMatchObject({ mean1: czp.mean, sd1: czp.sd, n1: czp.n });
      expect(continuous.row.provenance.derived).toBe(true);
      expect(continuous.row.provenance.conversions[0]).toContain('CZP 200 mg Q2W (FAS)');

      // A correction by hand: the numbers are no longer the registry's as confirmed.
      const corrected = dataOf(await app.gql(q.updateRow, { input: { rowId: confirmed.row.id, events1: 75, n1: 159, events2: 18, n2: 158 } })).updateStudyDataRow;
      expect(corrected.errors).toEqual([]);
      expect(corrected.outcome.studyData).toEqual([{ id: confirmed.row.id, events1: 75, provenance: null }]);
    });

    it('dismisses a proposal with its reason', async () => {
      const open = dataOf(await app.gql(q.proposals, { id: reviewId, status: 'OPEN' })).review.registryProposals;
      const dismissed = dataOf(await app.gql(q.dismiss, { input: { proposalId: open[0].id, reason: 'Week 52 is outside the review’s time frame' } })).dismissRegistryProposal;
      expect(dismissed.errors).toEqual([]);
      expect(dismissed.proposal).toMatchObject({ status: 'DISMISSED', dismissedReason: 'Week 52 is outside the review’s time frame' });
      expect(dataOf(await app.gql(q.proposals, { id: reviewId, status: 'OPEN' })).review.registryProposals).toHaveLength(open.length - 1);
    });

    it('runs incrementally: asks only for records updated since the last run, and says what changed', async () => {
      registry.requests.length = 0;
      const quiet = dataOf(await app.gql(q.run, { id: searchId })).runRegistrySearch;
      expect(quiet.run).toMatchObject({ status: 'SUCCEEDED', trialsSeen: 0, newRecords: 0, updatedTrials: 0, version: null, updatedSince: dayBefore() });
      expect(registry.requests).toHaveLength(1);
      expect(registry.requests[0]!.searchParams.get('filter.advanced')).toBe(`AREA[LastUpdatePostDate]RANGE[${dayBefore()},MAX]`);

      // Two trials change: one starts recruiting; the study's trial posts a new record with other numbers.
      registry.putRecord(
        updatedRecord('NCT06171568', (record) => {
          record.protocolSection.statusModule.overallStatus = 'RECRUITING';
          record.protocolSection.designModule.enrollmentInfo = { count: 120, type: 'ESTIMATED' };
        }),
      );
      registry.putRecord(
        updatedRecord('NCT02552212', (record) => {
          const measure = record.resultsSection.outcomeMeasuresModule.outcomeMeasures[1];
          measure.classes[0].categories[0].measurements[1].value = '47.2'; // 75/159 = 47.17%
        }),
      );
      const versionBefore = dataOf(await app.gql(q.review, { id: reviewId })).review.version;
      const { run } = dataOf(await app.gql(q.run, { id: searchId })).runRegistrySearch;
      expect(run).toMatchObject({ status: 'SUCCEEDED', trialsSeen: 2, newRecords: 0, updatedTrials: 2, resultsPosted: [], version: versionBefore + 1, search: null });
      const review = dataOf(await app.gql(q.review, { id: reviewId })).review;
      expect(review.changes[0].summary).toContain('NCT06171568: status NOT_YET_RECRUITING → RECRUITING, enrollment');
      expect(review.changes[0].summary).toContain("NCT02552212 (study 'Deodhar 2019'): results updated");
      expect(review.registryTrials.find((t: any) => t.nctId === 'NCT06171568')).toMatchObject({ overallStatus: 'RECRUITING', enrollment: 120, lastUpdatePosted: today() });

      // Only the measure with other numbers is proposed again: its open proposal is superseded, and the note says
      // the numbers differ from those already confirmed.
      const proposals = dataOf(await app.gql(q.proposals, { id: reviewId, status: null })).review.registryProposals;
      const asas40 = proposals.filter((p: any) => p.measureTitle.includes('40%') && p.recordVersionDate === today());
      expect(asas40.map((p: any) => p.status)).toEqual(['OPEN', 'OPEN']);
      expect(asas40.flatMap((p: any) => p.notes).filter((n: string) => n.startsWith("The registry's numbers differ from those confirmed"))).toHaveLength(1);
      expect(proposals.filter((p: any) => p.status === 'SUPERSEDED').length).toBeGreaterThan(0);
    });

    it('backs off on 429 as Retry-After says, and keeps a failed run when the registry keeps failing', async () => {
      waits.length = 0;
      registry.script.push({ status: 429, headers: { 'retry-after': '3' }, body: 'slow down' });
      const backedOff = dataOf(await app.gql(q.run, { id: searchId })).runRegistrySearch;
      expect(backedOff.run.status).toBe('SUCCEEDED');
      expect(waits).toContain(3000);

      const runs = async () => Number((await app.database.db.selectFrom('registry_runs').select(({ fn }) => fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const before = { ...(await rowCounts(app.database)), registry_runs: await runs() };
      registry.script.push({ status: 503, body: 'down' }, { status: 503, body: 'down' }, { status: 503, body: 'down' });
      const failed = dataOf(await app.gql(q.run, { id: searchId })).runRegistrySearch;
      expect(failed.errors).toEqual([]);
      expect(failed.run).toMatchObject({ status: 'FAILED', version: null, newRecords: 0 });
      expect(failed.run.error).toContain('503');
      expect({ ...(await rowCounts(app.database)), registry_runs: await runs() }).toEqual({ ...before, registry_runs: before.registry_runs + 1 });
      const search = dataOf(await app.gql(q.review, { id: reviewId })).review.registrySearches[0];
      expect(search.runs[0]).toMatchObject({ status: 'FAILED', trigger: 'MANUAL' });
    });

    it('keeps a failed run that names the registry it could not reach', async () => {
      const unreachable = createRegistryClient({ baseUrl: 'http://127.0.0.1:9/api/v2', minIntervalMs: 0, sleep: async () => undefined });
      const other = testApp(app.database, { app: { registry: unreachable } });
      try {
        const { run } = dataOf(await other.gql(q.run, { id: searchId })).runRegistrySearch;
        expect(run).toMatchObject({ status: 'FAILED', version: null });
        expect(run.error).toContain('could not reach the registry at http://127.0.0.1:9/api/v2');
      } finally {
        await other.close();
      }
    });

    it('runs searches that are due on the schedule once, under the schedule’s name', async () => {
      registry.putRecord(updatedRecord('NCT03418623', (record) => void (record.protocolSection.statusModule.overallStatus = 'TERMINATED')));
      // Due now.
      await app.database.db.updateTable('registry_searches').set({ next_run_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', searchId).execute();
      // A second instance's scheduler on the same database and registry: each tick claims before it runs.
      const client = createRegistryClient({ baseUrl: registry.baseUrl, minIntervalMs: 0, sleep: async () => undefined });
      const scheduled = createRegistryScheduler({ services: { database: app.database, events: app.events, registry: client }, log: () => undefined });
      expect(await scheduled.tick()).toBe(1);
      expect(await scheduled.tick()).toBe(0);
      await scheduled.close();
      const review = dataOf(await app.gql(q.review, { id: reviewId })).review;
      expect(review.registrySearches[0].runs[0]).toMatchObject({ trigger: 'SCHEDULE', status: 'SUCCEEDED' });
      expect(review.registrySearches[0].runs.filter((r: any) => r.trigger === 'SCHEDULE')).toHaveLength(1);
      expect(review.changes[0]).toMatchObject({ action: 'runRegistrySearch', actor: "schedule of ClinicalTrials.gov search 'CZP in axSpA'" });
      expect(review.changes[0].summary).toContain('NCT03418623: status COMPLETED → TERMINATED');
    });

    it('reads again a trial that became a study after its results were read, and proposes its rows at the next run', async () => {
      // The first run brought NCT05594173 (results posted) as a record; only now does a study name it (given its id by an edit).
      const study = dataOf(await app.gql(mutations.addStudy, { input: { reviewId, label: 'Chewing 2022' } })).addStudy.study;
      const edited = dataOf(await app.gql(`mutation($input: UpdateStudyInput!) { updateStudy(input: $input) { errors { message } } }`, { input: { studyId: study.id, registryId: 'NCT05594173' } })).updateStudy;
      expect(edited.errors).toEqual([]);
      registry.requests.length = 0;
      const { run } = dataOf(await app.gql(q.run, { id: searchId })).runRegistrySearch;
      expect(run).toMatchObject({ status: 'SUCCEEDED', newRecords: 0, updatedTrials: 1, proposals: proposeRows(normaliseStudy(loadRecord('NCT05594173'))).proposals.length });
      expect(run.proposals).toBeGreaterThan(0);
      expect(registry.requests.map((url) => url.pathname)).toContain('/api/v2/studies/NCT05594173');
      const review = dataOf(await app.gql(q.review, { id: reviewId })).review;
      expect(review.changes[0].summary).toContain("NCT05594173 (study 'Chewing 2022'): read again as a study of the review");
      expect(review.registryProposals.filter((p: any) => p.study.label === 'Chewing 2022')).toHaveLength(run.proposals);
      // Read once: the next run does not read it again.
      registry.requests.length = 0;
      const next = dataOf(await app.gql(q.run, { id: searchId })).runRegistrySearch.run;
      expect(next).toMatchObject({ status: 'SUCCEEDED', updatedTrials: 0, proposals: 0, version: null });
      expect(registry.requests.map((url) => url.pathname)).not.toContain('/api/v2/studies/NCT05594173');
      expect(study.label).toBe('Chewing 2022');
    });

    it('reads a study’s trial from the registry on demand, and refuses ids it cannot read', async () => {
      const added = async (label: string, registryId: string) => dataOf(await app.gql(mutations.addStudy, { input: { reviewId, label, registryId } })).addStudy.study.id as string;
      // A trial the search brought as a record, now a study: its results are proposed though its record did not change.
      const dupilumab = await added('Hamilton 2020', 'NCT02210780');
      const known = dataOf(await app.gql(q.refresh, { id: dupilumab })).refreshRegistryTrial;
      expect(known.errors).toEqual([]);
      expect(known.trial).toEqual({ nctId: 'NCT02210780', hasResults: true, study: { label: 'Hamilton 2020' } });
      expect(known.changes).toEqual([]);
      expect(known.proposals).toBe(proposeRows(normaliseStudy(loadRecord('NCT02210780'))).proposals.length);
      let review = dataOf(await app.gql(q.review, { id: reviewId })).review;
      expect(review.version).toBe(known.version);
      expect(review.changes[0]).toMatchObject({ action: 'refreshRegistryTrial', summary: `Read NCT02210780 (study 'Hamilton 2020') from ClinicalTrials.gov: no change; ${known.proposals} proposed rows of posted results to confirm` });
      // Nothing new: nothing stored.
      const again = dataOf(await app.gql(q.refresh, { id: dupilumab })).refreshRegistryTrial;
      expect(again).toMatchObject({ changes: [], proposals: 0, version: known.version, errors: [] });

      // A trial no search brought (added by hand with its NCT id): read for the first time.
      registry.putRecord(updatedRecord('NCT03418623', (record) => void (record.protocolSection.identificationModule.nctId = 'NCT04000001')));
      const fresh = dataOf(await app.gql(q.refresh, { id: await added('Fresh 2023', 'nct04000001') })).refreshRegistryTrial;
      // The id typed in lower case is kept as the registry writes it.
      expect(fresh).toMatchObject({ trial: { nctId: 'NCT04000001', hasResults: false, study: { label: 'Fresh 2023' } }, changes: [], proposals: 0, errors: [] });
      review = dataOf(await app.gql(q.review, { id: reviewId })).review;
      expect(review.changes[0].summary).toBe("Read NCT04000001 (study 'Fresh 2023') from ClinicalTrials.gov: first read (status COMPLETED)");

      // A group whose number was not posted is refused with its reason; the others are proposed.
      registry.putRecord(
        updatedRecord('NCT02552212', (record) => {
          record.protocolSection.identificationModule.nctId = 'NCT04000002';
          record.resultsSection.outcomeMeasuresModule.outcomeMeasures[28].classes[0].categories[0].measurements[2].value = 'NA';
        }),
      );
      const partial = dataOf(await app.gql(q.refresh, { id: await added('Partial 2024', 'NCT04000002') })).refreshRegistryTrial;
      expect(partial.errors).toEqual([]);
      const teae = dataOf(await app.gql(q.review, { id: reviewId })).review.registryProposals.find(
        (p: any) => p.nctId === 'NCT04000002' && p.measureTitle.startsWith('Percentage of Subjects With Treatment-Emergent Adverse Events'),
      );
      expect(teae.groups.map((g: any) => g.groupId)).toEqual(['OG000', 'OG001', 'OG003', 'OG004']);
      expect(teae.refused).toEqual([{ groupId: 'OG002', reason: "the percentage 'NA' is not a number" }]);

      const isrctn = dataOf(await app.gql(q.refresh, { id: await added('Other 2021', 'ISRCTN12345678') })).refreshRegistryTrial;
      expect(isrctn.errors).toEqual([{ field: ['input', 'studyId'], message: expect.stringContaining("registry id 'ISRCTN12345678', which is not a ClinicalTrials.gov id") }]);
      const missing = dataOf(await app.gql(q.refresh, { id: await added('Ghost 2022', 'NCT99999999') })).refreshRegistryTrial;
      expect(missing.errors).toEqual([{ field: ['input', 'studyId'], message: expect.stringContaining('NCT99999999 was not found on the registry') }]);
      const none = dataOf(await app.gql(q.refresh, { id: await added('Unregistered 2018', '') })).refreshRegistryTrial;
      expect(none.errors[0].message).toContain("study 'Unregistered 2018' has no registry id");
    });

    it('removes a search: it no longer runs, and what it brought stays', async () => {
      const removed = dataOf(await app.gql(q.remove, { id: searchId })).removeRegistrySearch;
      expect(removed.errors).toEqual([]);
      expect(removed.removedId).toBe(searchId);
      const again = dataOf(await app.gql(q.run, { id: searchId })).runRegistrySearch;
      expect(again.errors).toEqual([{ field: ['input', 'id'], message: expect.stringContaining('was removed at version') }]);
      const review = dataOf(await app.gql(q.review, { id: reviewId })).review;
      expect(review.registrySearches).toEqual([]);
      expect(review.registryTrials).toHaveLength(8);
    });
  });
}
