// Trial registry surveillance in the API: a review's saved ClinicalTrials.gov searches and their runs, the trials the
// review knows, the rows their posted results could give (to confirm or dismiss), and each data row's provenance.
import type { RegistryProposalRow, RegistryRunRow, RegistrySearchRow, RegistryTrialRow } from '@cumulus/db';
import type { BinaryGroupRow, ContinuousGroupRow, GroupRefusal } from '@cumulus/registry';
import { outcomeViewOf } from '../domain/reads.js';
import { confirmRegistryProposal, dismissRegistryProposal, proposalOf } from '../domain/registry/proposals.js';
import type { RowProvenance } from '../domain/registry/provenance.js';
import { refreshRegistryTrial, type RefreshedTrial } from '../domain/registry/refresh-trial.js';
import { runRegistrySearch } from '../domain/registry/run-search.js';
import { registryStudyTypes, removeRegistrySearch, saveRegistrySearch } from '../domain/registry/searches.js';
import { trialPageUrl } from '../domain/registry/trial-record.js';
import { given } from '../domain/validate.js';
import { builder } from './builder.js';
import { notVersioned } from './not-versioned.js';
import { RecordRef, SearchRef } from './intake-refs.js';
import { StudyDataRef } from './outcome.js';
import { OutcomeRef, ReviewRef, StudyRef } from './refs.js';
import { UserErrorRef, payloadOf, type Payload } from './user-error.js';

const list = (json: string) => JSON.parse(json) as string[];

const RegistryStudyTypeEnum = builder.enumType('RegistryStudyType', { values: registryStudyTypes });
const RegistryRunTriggerEnum = builder.enumType('RegistryRunTrigger', {
  values: { MANUAL: { value: 'manual', description: 'Run by a person (runRegistrySearch).' }, SCHEDULE: { value: 'schedule', description: "Run by the search's schedule." } } as const,
});
const RegistryRunStatusEnum = builder.enumType('RegistryRunStatus', {
  values: { SUCCEEDED: { value: 'succeeded' }, FAILED: { value: 'failed', description: 'The registry could not be asked, or refused: `error` says why and what to do.' } } as const,
});
const RegistryProposalStatusEnum = builder.enumType('RegistryProposalStatus', {
  values: {
    OPEN: { value: 'open', description: 'Waiting for a person to confirm or dismiss it.' },
    CONFIRMED: { value: 'confirmed', description: 'Confirmed for an outcome: its row is in the analysis.' },
    DISMISSED: { value: 'dismissed' },
    SUPERSEDED: { value: 'superseded', description: 'A newer record of the trial gave a new proposal for the same measure.' },
  } as const,
});
const RegistryProposalKindEnum = builder.enumType('RegistryProposalKind', {
  values: { BINARY: { value: 'binary', description: 'Participants with an event of those analysed.' }, CONTINUOUS: { value: 'continuous', description: 'Means with SDs and numbers analysed.' } } as const,
});
const ArmMatchKindEnum = builder.enumType('ArmMatchKind', {
  values: {
    EXACT: { value: 'exact', description: "The group's title is the arm's." },
    NORMALISED: { value: 'normalised', description: 'The same title after case, spaces and punctuation are set aside.' },
    TOKEN_SIMILARITY: { value: 'token-similarity', description: 'Similar words (armMatchScore): check it.' },
    NONE: { value: 'none', description: 'Not tied to an arm: a person decides what the group is.' },
  } as const,
});

const RegistrySearchRef = builder.objectRef<RegistrySearchRow>('RegistrySearch');
const RegistryRunRef = builder.objectRef<RegistryRunRow>('RegistryRun');
const RegistryTrialRef = builder.objectRef<RegistryTrialRow>('RegistryTrial');
const RegistryProposalRef = builder.objectRef<RegistryProposalRow>('RegistryProposal');
type GroupRow = BinaryGroupRow | ContinuousGroupRow;
const RegistryProposalGroupRef = builder.objectRef<GroupRow>('RegistryProposalGroup');
const RegistryRefusedGroupRef = builder.objectRef<GroupRefusal>('RegistryRefusedGroup');
const RowProvenanceRef = builder.objectRef<RowProvenance>('RowProvenance');

RegistrySearchRef.implement({
  description: "A review's saved query of ClinicalTrials.gov, run on demand and on a schedule.",
  // A run that finds nothing new, or fails, changes its runs and times without a review version.
  extensions: notVersioned,
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    conditions: t.exposeString('conditions', { nullable: true }),
    interventions: t.exposeString('interventions', { nullable: true }),
    terms: t.exposeString('terms', { nullable: true }),
    statuses: t.stringList({ description: "Overall statuses kept (ClinicalTrials.gov's values); empty: all.", resolve: (s) => list(s.statuses) }),
    studyType: t.field({ type: RegistryStudyTypeEnum, nullable: true, resolve: (s) => s.study_type as (typeof registryStudyTypes)[number] | null }),
    scheduleHours: t.exposeInt('schedule_hours', { nullable: true, description: 'Runs every this many hours; null: on demand only.' }),
    lastRunAt: t.exposeString('last_run_at', { nullable: true }),
    nextRunAt: t.exposeString('next_run_at', { nullable: true }),
    updatedSince: t.exposeString('updated_since', { nullable: true, description: 'The next run asks for records updated on or after this date (YYYY-MM-DD); null: all.' }),
    createdVersion: t.exposeInt('created_version'),
    removedVersion: t.exposeInt('removed_version', { nullable: true }),
    runs: t.field({
      type: [RegistryRunRef],
      description: 'Its runs, newest first.',
      args: { first: t.arg.int({ defaultValue: 10 }) },
      resolve: (s, args, context) =>
        context.services.database.db
          .selectFrom('registry_runs')
          .selectAll()
          .where('registry_search_id', '=', s.id)
          .orderBy('started_at', 'desc')
          .orderBy('id')
          .limit(Math.min(Math.max(args.first ?? 10, 1), 100))
          .execute(),
    }),
  }),
});

RegistryRunRef.implement({
  description: 'One run of a registry search: what it asked, what came back, and what it changed.',
  extensions: notVersioned,
  fields: (t) => ({
    id: t.exposeID('id'),
    trigger: t.field({ type: RegistryRunTriggerEnum, resolve: (r) => r.trigger as 'manual' | 'schedule' }),
    status: t.field({ type: RegistryRunStatusEnum, resolve: (r) => r.status as 'succeeded' | 'failed' }),
    startedAt: t.exposeString('started_at'),
    finishedAt: t.exposeString('finished_at'),
    updatedSince: t.exposeString('updated_since', { nullable: true, description: 'It asked for records updated on or after this date; null: all.' }),
    pages: t.exposeInt('pages'),
    trialsSeen: t.exposeInt('trials_seen'),
    newRecords: t.exposeInt('new_records', { description: 'Trials that became records to screen (duplicates of records the review has are not counted).' }),
    updatedTrials: t.exposeInt('updated_trials', { description: 'Trials the review knew whose record changed what the change log says (status, enrollment, dates, results).' }),
    resultsPosted: t.stringList({ description: 'NCT ids whose results the run found newly posted.', resolve: (r) => list(r.results_posted) }),
    proposals: t.exposeInt('proposals', { description: 'Proposals of data rows it made.' }),
    error: t.exposeString('error', { nullable: true }),
    version: t.exposeInt('version', { nullable: true, description: 'The review version it made; null when it changed nothing or failed.' }),
    search: t.field({
      type: SearchRef,
      nullable: true,
      description: 'The search (ClinicalTrials.gov, a register in PRISMA 2020) its new records belong to.',
      resolve: (r, _args, context) => (r.search_id ? context.services.database.db.selectFrom('searches').selectAll().where('id', '=', r.search_id).executeTakeFirst() : null),
    }),
  }),
});

const proposalsOf = (context: { services: { database: { db: import('@cumulus/db').Kysely<import('@cumulus/db').Database> } } }, where: { reviewId?: string; studyId?: string; nctId?: string }, status: string | null | undefined) => {
  let query = context.services.database.db.selectFrom('registry_proposals').selectAll();
  if (where.reviewId) query = query.where('review_id', '=', where.reviewId);
  if (where.studyId) query = query.where('study_id', '=', where.studyId);
  if (where.nctId) query = query.where('nct_id', '=', where.nctId);
  if (given(status)) query = query.where('status', '=', status);
  return query.orderBy('created_version').orderBy('created_at').orderBy('id').execute();
};

RegistryTrialRef.implement({
  description: 'A ClinicalTrials.gov trial the review knows (found by a registry search, or named by a study), as its record last said.',
  fields: (t) => ({
    nctId: t.exposeString('nct_id'),
    title: t.exposeString('title'),
    overallStatus: t.exposeString('overall_status', { nullable: true }),
    enrollment: t.exposeInt('enrollment', { nullable: true }),
    enrollmentType: t.exposeString('enrollment_type', { nullable: true, description: 'ACTUAL or ESTIMATED.' }),
    startDate: t.exposeString('start_date', { nullable: true }),
    primaryCompletionDate: t.exposeString('primary_completion_date', { nullable: true }),
    completionDate: t.exposeString('completion_date', { nullable: true }),
    lastUpdatePosted: t.exposeString('last_update_posted', { nullable: true, description: "The record's version date." }),
    resultsFirstPosted: t.exposeString('results_first_posted', { nullable: true }),
    hasResults: t.boolean({ resolve: (r) => r.has_results === 1 }),
    fetchedAt: t.exposeString('fetched_at'),
    url: t.string({ description: "The trial's page on ClinicalTrials.gov.", resolve: (r) => trialPageUrl(r.nct_id) }),
    firstSeenVersion: t.exposeInt('first_seen_version'),
    updatedVersion: t.exposeInt('updated_version'),
    record: t.field({
      type: RecordRef,
      nullable: true,
      description: 'The record to screen it became, when a registry search brought it.',
      resolve: (r, _args, context) => (r.record_id ? context.services.database.db.selectFrom('records').selectAll().where('id', '=', r.record_id).executeTakeFirst() : null),
    }),
    study: t.field({
      type: StudyRef,
      nullable: true,
      description: "The review's study with this registry id (or a report with it), if any.",
      resolve: async (r, _args, context) => {
        const { db } = context.services.database;
        return (
          (await db.selectFrom('studies').selectAll().where('review_id', '=', r.review_id).where('registry_id', '=', r.nct_id).orderBy('created_version').executeTakeFirst()) ??
          (await db
            .selectFrom('study_reports')
            .innerJoin('studies', 'studies.id', 'study_reports.study_id')
            .selectAll('studies')
            .where('study_reports.review_id', '=', r.review_id)
            .where('study_reports.registry_id', '=', r.nct_id)
            .where('study_reports.removed_version', 'is', null)
            .executeTakeFirst()) ??
          null
        );
      },
    }),
    proposals: t.field({
      type: [RegistryProposalRef],
      args: { status: t.arg({ type: RegistryProposalStatusEnum }) },
      resolve: (r, args, context) => proposalsOf(context, { reviewId: r.review_id, nctId: r.nct_id }, args.status),
    }),
  }),
});

const groupsOf = (p: RegistryProposalRow) => proposalOf(p).rows as GroupRow[];

RegistryProposalRef.implement({
  description: 'The rows one measure (and class and category) of a trial\'s posted results could give. A person picks the outcome and the two groups, and confirms; nothing enters an analysis before.',
  fields: (t) => ({
    id: t.exposeID('id'),
    nctId: t.exposeString('nct_id'),
    study: t.field({ type: StudyRef, resolve: (p, _args, context) => context.services.database.db.selectFrom('studies').selectAll().where('id', '=', p.study_id).executeTakeFirstOrThrow() }),
    kind: t.field({ type: RegistryProposalKindEnum, resolve: (p) => p.kind as 'binary' | 'continuous' }),
    status: t.field({ type: RegistryProposalStatusEnum, resolve: (p) => p.status as 'open' }),
    measureTitle: t.string({ resolve: (p) => proposalOf(p).provenance.measureTitle }),
    measureType: t.string({ description: 'primary, secondary or other.', resolve: (p) => proposalOf(p).provenance.measureType }),
    timeFrame: t.string({ nullable: true, resolve: (p) => proposalOf(p).provenance.timeFrame }),
    unitOfMeasure: t.string({ nullable: true, resolve: (p) => proposalOf(p).provenance.unitOfMeasure }),
    paramType: t.string({ nullable: true, resolve: (p) => proposalOf(p).provenance.paramType }),
    dispersionType: t.string({ nullable: true, resolve: (p) => proposalOf(p).provenance.dispersionType }),
    classTitle: t.string({ nullable: true, resolve: (p) => proposalOf(p).provenance.classTitle }),
    categoryTitle: t.string({ nullable: true, resolve: (p) => proposalOf(p).provenance.categoryTitle }),
    recordVersionDate: t.exposeString('record_version_date', { nullable: true, description: "The record's LastUpdatePostDate." }),
    fetchedAt: t.exposeString('fetched_at'),
    sourceUrl: t.string({ resolve: (p) => proposalOf(p).provenance.sourceUrl }),
    groups: t.field({ type: [RegistryProposalGroupRef], resolve: groupsOf }),
    refused: t.field({ type: [RegistryRefusedGroupRef], description: 'Groups that give no numbers, and why.', resolve: (p) => proposalOf(p).refused }),
    conversions: t.stringList({ description: 'Each conversion rule used, in words.', resolve: (p) => proposalOf(p).conversions }),
    notes: t.stringList({ description: 'What to read before confirming.', resolve: (p) => proposalOf(p).notes }),
    createdVersion: t.exposeInt('created_version'),
    decidedBy: t.exposeString('decided_by_name', { nullable: true }),
    decidedVersion: t.exposeInt('decided_version', { nullable: true }),
    dismissedReason: t.exposeString('dismissed_reason', { nullable: true }),
    rows: t.field({
      type: [StudyDataRef],
      description: 'The data rows its confirmation made (while they exist).',
      resolve: async (p, _args, context) => {
        const ids = list(p.row_ids);
        if (ids.length === 0) return [];
        const rows = await context.services.database.db.selectFrom('study_data').selectAll().where('id', 'in', ids).execute();
        return rows.map((row) => ({ row }));
      },
    }),
  }),
});

RegistryProposalGroupRef.implement({
  description: "One group of a measure with its numbers, and the arm it is tied to by title.",
  fields: (t) => ({
    groupId: t.exposeString('groupId', { description: 'OG000…: local to the measure.' }),
    groupTitle: t.exposeString('groupTitle'),
    armTitle: t.string({ nullable: true, resolve: (g) => (g.arm.method === 'none' ? null : g.arm.armTitle) }),
    armMatch: t.field({ type: ArmMatchKindEnum, resolve: (g) => g.arm.method }),
    armMatchScore: t.float({ nullable: true, resolve: (g) => (g.arm.method === 'none' ? (g.arm.closest?.score ?? null) : g.arm.score) }),
    events: t.int({ nullable: true, resolve: (g) => ('events' in g ? g.events : null) }),
    total: t.int({ nullable: true, resolve: (g) => ('total' in g ? g.total : null) }),
    derived: t.boolean({ description: 'Events computed from a percentage (binary), or an SD converted from an SE or CI (continuous).', resolve: (g) => ('derived' in g ? g.derived : g.sdFrom !== 'standard-deviation') }),
    mean: t.float({ nullable: true, resolve: (g) => ('mean' in g ? g.mean : null) }),
    sd: t.float({ nullable: true, resolve: (g) => ('sd' in g ? g.sd : null) }),
    n: t.int({ nullable: true, resolve: (g) => ('n' in g ? g.n : null) }),
    sdFrom: t.string({ nullable: true, description: 'standard-deviation, standard-error or confidence-interval.', resolve: (g) => ('sdFrom' in g ? g.sdFrom : null) }),
    conversion: t.string({ nullable: true, description: "This group's arithmetic, when a number was converted.", resolve: (g) => g.conversion }),
  }),
});

RegistryRefusedGroupRef.implement({
  fields: (t) => ({ groupId: t.exposeString('groupId'), groupTitle: t.exposeString('groupTitle'), reason: t.exposeString('reason') }),
});

const field = (p: RowProvenance, name: string) => {
  const value = (p as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : null;
};

RowProvenanceRef.implement({
  description: "Where a data row's numbers came from, when Cumulus knows more than its free-text source.",
  fields: (t) => ({
    kind: t.string({ description: "'registry', or 'dual-extraction'.", resolve: (p) => p.kind }),
    summary: t.string({ description: 'One line to show beside the numbers.', resolve: (p) => p.summary }),
    nctId: t.string({ nullable: true, resolve: (p) => field(p, 'nctId') }),
    sourceUrl: t.string({ nullable: true, resolve: (p) => field(p, 'sourceUrl') }),
    measureTitle: t.string({ nullable: true, resolve: (p) => field(p, 'measureTitle') }),
    timeFrame: t.string({ nullable: true, resolve: (p) => field(p, 'timeFrame') }),
    classTitle: t.string({ nullable: true, resolve: (p) => field(p, 'classTitle') }),
    categoryTitle: t.string({ nullable: true, resolve: (p) => field(p, 'categoryTitle') }),
    recordVersionDate: t.string({ nullable: true, resolve: (p) => field(p, 'recordVersionDate') }),
    fetchedAt: t.string({ nullable: true, resolve: (p) => field(p, 'fetchedAt') }),
    group1: t.string({ nullable: true, description: 'The group that is arm 1, as registered.', resolve: (p) => field(p, 'group1') }),
    group2: t.string({ nullable: true, resolve: (p) => field(p, 'group2') }),
    conversions: t.stringList({ resolve: (p) => (Array.isArray(p.conversions) ? (p.conversions as string[]) : []) }),
    derived: t.boolean({ description: 'Some number was computed (a percentage made a count, an SE or CI an SD).', resolve: (p) => p.derived === true }),
    confirmedBy: t.string({ nullable: true, resolve: (p) => field(p, 'confirmedBy') }),
    confirmedVersion: t.int({ nullable: true, resolve: (p) => (typeof p.confirmedVersion === 'number' ? p.confirmedVersion : null) }),
  }),
});

builder.objectFields(StudyDataRef, (t) => ({
  provenance: t.field({
    type: RowProvenanceRef,
    nullable: true,
    description: 'Where the numbers came from (a registry record, two extractors); null for numbers typed or imported. Cleared when the numbers are corrected by hand.',
    resolve: (d) => (d.row.provenance ? (JSON.parse(d.row.provenance) as RowProvenance) : null),
  }),
}));

builder.objectFields(ReviewRef, (t) => ({
  registrySearches: t.field({
    type: [RegistrySearchRef],
    description: 'Its saved ClinicalTrials.gov searches (not removed), first saved first.',
    resolve: (review, _args, context) =>
      context.services.database.db.selectFrom('registry_searches').selectAll().where('review_id', '=', review.id).where('removed_version', 'is', null).orderBy('created_version').execute(),
  }),
  registryTrials: t.field({
    type: [RegistryTrialRef],
    description: 'The registered trials it knows, the most recently updated record first.',
    resolve: (review, _args, context) =>
      context.services.database.db.selectFrom('registry_trials').selectAll().where('review_id', '=', review.id).orderBy('last_update_posted', 'desc').orderBy('nct_id').execute(),
  }),
  registryProposals: t.field({
    type: [RegistryProposalRef],
    description: 'Rows proposed from posted results, oldest first (OPEN ones by default).',
    args: { status: t.arg({ type: RegistryProposalStatusEnum, defaultValue: 'open' }) },
    resolve: (review, args, context) => proposalsOf(context, { reviewId: review.id }, args.status),
  }),
}));

builder.objectFields(StudyRef, (t) => ({
  registryTrial: t.field({
    type: RegistryTrialRef,
    nullable: true,
    description: 'Its trial as the registry last described it, when a registry search has read it.',
    resolve: (study, _args, context) =>
      study.registry_id ? context.services.database.db.selectFrom('registry_trials').selectAll().where('review_id', '=', study.review_id).where('nct_id', '=', study.registry_id).executeTakeFirst() : null,
  }),
  registryProposals: t.field({
    type: [RegistryProposalRef],
    args: { status: t.arg({ type: RegistryProposalStatusEnum }) },
    resolve: (study, args, context) => proposalsOf(context, { studyId: study.id }, args.status),
  }),
}));

const SaveRegistrySearchInput = builder.inputType('SaveRegistrySearchInput', {
  description: 'Saves a new registry search, or changes the one `id` names (a changed query asks from the start again). Give conditions, interventions or terms.',
  fields: (t) => ({
    reviewId: t.id({ required: true }),
    id: t.id(),
    name: t.string({ required: true }),
    conditions: t.string({ description: "ClinicalTrials.gov's condition query (query.cond)." }),
    interventions: t.string({ description: 'query.intr' }),
    terms: t.string({ description: 'Other terms (query.term).' }),
    statuses: t.stringList({ description: 'Overall statuses to keep (RECRUITING, COMPLETED, …); none: all.' }),
    studyType: t.field({ type: RegistryStudyTypeEnum }),
    scheduleHours: t.int({ description: 'Run every this many hours (1 to 720); none: on demand only.' }),
  }),
});
const RegistrySearchIdInput = (name: string, description: string) => builder.inputType(name, { description, fields: (t) => ({ id: t.id({ required: true }) }) });
const RemoveRegistrySearchInput = RegistrySearchIdInput('RemoveRegistrySearchInput', 'Removes a saved registry search: it no longer runs; what its runs brought stays.');
const RunRegistrySearchInput = RegistrySearchIdInput('RunRegistrySearchInput', 'Runs a saved registry search now (the answer comes when the run is done).');
const ConfirmRegistryProposalInput = builder.inputType('ConfirmRegistryProposalInput', {
  description: "Confirms a proposal's numbers as a data row of its study in `outcomeId` (of the same kind: binary or continuous): the experimental group becomes arm 1, the control group arm 2.",
  fields: (t) => ({
    proposalId: t.id({ required: true }),
    outcomeId: t.id({ required: true }),
    experimentalGroupId: t.string({ required: true }),
    controlGroupId: t.string({ required: true }),
    label: t.string({ description: "The row's label, when the study has other rows in the outcome." }),
    subgroup: t.string(),
  }),
});
const DismissRegistryProposalInput = builder.inputType('DismissRegistryProposalInput', {
  fields: (t) => ({ proposalId: t.id({ required: true }), reason: t.string() }),
});

const payload = <T, R>(name: string, valueName: string, type: R) =>
  builder.objectRef<Payload<T>>(name).implement({
    fields: (t) => ({
      [valueName]: t.field({ type: type as never, nullable: true, resolve: (p: Payload<T>) => p.value as never }),
      version: t.int({ nullable: true, description: 'The review version after the change.', resolve: (p) => p.version }),
      errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
    }),
  });

const SaveRegistrySearchPayload = payload<RegistrySearchRow, typeof RegistrySearchRef>('SaveRegistrySearchPayload', 'registrySearch', RegistrySearchRef);
const RemoveRegistrySearchPayload = builder.objectRef<Payload<RegistrySearchRow>>('RemoveRegistrySearchPayload').implement({
  fields: (t) => ({
    removedId: t.id({ nullable: true, description: 'The id of the search removed.', resolve: (p) => p.value?.id ?? null }),
    registrySearch: t.field({ type: RegistrySearchRef, nullable: true, resolve: (p) => p.value }),
    version: t.int({ nullable: true, resolve: (p) => p.version }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});
const RunRegistrySearchPayload = payload<RegistryRunRow, typeof RegistryRunRef>('RunRegistrySearchPayload', 'run', RegistryRunRef);
const DismissRegistryProposalPayload = payload<RegistryProposalRow, typeof RegistryProposalRef>('DismissRegistryProposalPayload', 'proposal', RegistryProposalRef);

interface Confirmed {
  proposal: RegistryProposalRow;
  row: import('@cumulus/db').StudyDataRow;
  outcome: import('../domain/reads.js').OutcomeView | null;
}
const ConfirmRegistryProposalPayload = builder.objectRef<Payload<Confirmed>>('ConfirmRegistryProposalPayload').implement({
  fields: (t) => ({
    proposal: t.field({ type: RegistryProposalRef, nullable: true, resolve: (p) => p.value?.proposal ?? null }),
    row: t.field({ type: StudyDataRef, nullable: true, description: 'The data row it made.', resolve: (p) => (p.value ? { row: p.value.row } : null) }),
    outcome: t.field({ type: OutcomeRef, nullable: true, description: 'The outcome, recomputed, at the new version.', resolve: (p) => p.value?.outcome ?? null }),
    version: t.int({ nullable: true, resolve: (p) => p.version }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

const RefreshRegistryTrialInput = builder.inputType('RefreshRegistryTrialInput', {
  description: "Reads the study's trial (its registryId) from ClinicalTrials.gov now: the trial's row updated, rows proposed from its posted results.",
  fields: (t) => ({ studyId: t.id({ required: true }) }),
});
const RefreshRegistryTrialPayload = builder.objectRef<Payload<RefreshedTrial>>('RefreshRegistryTrialPayload').implement({
  fields: (t) => ({
    trial: t.field({
      type: RegistryTrialRef,
      nullable: true,
      resolve: async (p, _args, context) => {
        if (!p.value) return null;
        const study = await context.services.database.db.selectFrom('studies').select('review_id').where('id', '=', p.value.studyId).executeTakeFirstOrThrow();
        return (await context.services.database.db.selectFrom('registry_trials').selectAll().where('review_id', '=', study.review_id).where('nct_id', '=', p.value.nctId).executeTakeFirst()) ?? null;
      },
    }),
    changes: t.stringList({ description: 'What changed since the review last read the record (empty: nothing).', resolve: (p) => p.value?.changes ?? [] }),
    proposals: t.int({ description: 'Rows proposed now.', resolve: (p) => p.value?.proposals ?? 0 }),
    version: t.int({ nullable: true, resolve: (p) => p.version }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

builder.mutationFields((t) => ({
  refreshRegistryTrial: t.field({
    type: RefreshRegistryTrialPayload,
    args: { input: t.arg({ type: RefreshRegistryTrialInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await refreshRegistryTrial(context.services, context.viewer, { studyId: String(input.studyId) })),
  }),
  saveRegistrySearch: t.field({
    type: SaveRegistrySearchPayload,
    args: { input: t.arg({ type: SaveRegistrySearchInput, required: true }) },
    resolve: async (_root, { input }, context) =>
      payloadOf(await saveRegistrySearch(context.services, context.viewer, { ...input, reviewId: String(input.reviewId), id: given(input.id) ? String(input.id) : null })),
  }),
  removeRegistrySearch: t.field({
    type: RemoveRegistrySearchPayload,
    args: { input: t.arg({ type: RemoveRegistrySearchInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await removeRegistrySearch(context.services, context.viewer, { id: String(input.id) })),
  }),
  runRegistrySearch: t.field({
    type: RunRegistrySearchPayload,
    description: 'Asks the registry now for what changed since the last run. A run the registry refuses comes back FAILED with its error.',
    args: { input: t.arg({ type: RunRegistrySearchInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await runRegistrySearch(context.services, context.viewer, { id: String(input.id) })),
  }),
  confirmRegistryProposal: t.field({
    type: ConfirmRegistryProposalPayload,
    args: { input: t.arg({ type: ConfirmRegistryProposalInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const result = await confirmRegistryProposal(context.services, context.viewer, { ...input, proposalId: String(input.proposalId), outcomeId: String(input.outcomeId) });
      if (!result.ok) return payloadOf(result) as Payload<Confirmed>;
      const { db } = context.services.database;
      const row = await db.selectFrom('study_data').selectAll().where('id', '=', result.value.rowId).executeTakeFirstOrThrow();
      const outcomeRow = await db.selectFrom('outcomes').selectAll().where('id', '=', result.value.outcomeId).executeTakeFirstOrThrow();
      const outcome = await outcomeViewOf(context.services.database, outcomeRow, result.version);
      return { value: { proposal: result.value.proposal, row, outcome }, errors: [], version: result.version };
    },
  }),
  dismissRegistryProposal: t.field({
    type: DismissRegistryProposalPayload,
    args: { input: t.arg({ type: DismissRegistryProposalInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await dismissRegistryProposal(context.services, context.viewer, { ...input, proposalId: String(input.proposalId) })),
  }),
}));
