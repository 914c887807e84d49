// The intake chain in the API: update rounds, searches and their records, duplicates, and included records becoming
// studies or reports of studies. Screening (votes, queues, agreement) is in screening.ts; the PRISMA flow in
// prisma-flow.ts.
import type { DuplicateCandidateRow, RecordRow, StudyReportRow, UpdateRoundRow } from '@cumulus/db';
import { can } from '../auth/viewer.js';
import { confirmDuplicate, rejectDuplicate, undoMerge } from '../domain/intake/duplicates.js';
import { importSearch, type ImportedSearch } from '../domain/intake/import-search.js';
import { includeRecord, type IncludedRecord } from '../domain/intake/include-record.js';
import { removeRecord, restoreRecord } from '../domain/intake/removal.js';
import { recordsOfSameTrial, studiesOfSameTrial } from '../domain/intake/same-trial.js';
import { openUpdateRound } from '../domain/intake/rounds.js';
import { addStudyReport, removeStudyReport, reportKinds } from '../domain/intake/study-reports.js';
import { given } from '../domain/validate.js';
import { builder } from './builder.js';
import {
  DuplicateCandidateRef,
  RecordFormatEnum,
  RecordRef,
  SearchRef,
  SearchSourceKindEnum,
  StudyReportRef,
  UpdateRoundRef,
} from './intake-refs.js';
import { containsText, keysetConnection, type Keyset } from './pagination.js';
import { ReviewRef, StudyRef } from './refs.js';
import { UserErrorRef, payloadOf, type Payload } from './user-error.js';

const list = (json: string) => JSON.parse(json) as string[];

export const RecordStageStatusEnum = builder.enumType('RecordStageStatus', {
  values: {
    AWAITING: { value: 'awaiting', description: 'Waiting for votes.' },
    CONFLICT: { value: 'conflict', description: 'The screeners disagree: waiting for an arbiter.' },
    INCLUDE: { value: 'include', description: 'Included at this stage (by agreement or by an arbiter).' },
    EXCLUDE: { value: 'exclude', description: 'Excluded at this stage.' },
    NOT_SCREENED: { value: 'not-screened', description: 'Found by other methods: not screened on title and abstract.' },
    NOT_RETRIEVED: { value: 'not-retrieved', description: 'The full text was sought and could not be obtained.' },
  } as const,
});

const DuplicateKindEnum = builder.enumType('DuplicateKind', {
  values: {
    IDENTIFIER: { value: 'identifier', description: 'The same DOI, PMID or registry id.' },
    STRICT: { value: 'strict', description: 'The same title, year and first author, and the same journal or volume and pages.' },
    CONFIRMED: { value: 'confirmed', description: 'A similar title, confirmed by a person.' },
  } as const,
});

UpdateRoundRef.implement({
  description: "An update of the review: the searches run for it and what came of their records (one PRISMA 2020 flow).",
  fields: (t) => ({
    id: t.exposeID('id'),
    number: t.exposeInt('number'),
    label: t.exposeString('label'),
    searchedTo: t.exposeString('searched_to', { nullable: true, description: 'The date its searches ran to (YYYY-MM-DD).' }),
    openedVersion: t.exposeInt('opened_version', { description: 'The review version that opened it: studies included before it are "previous studies".' }),
    createdAt: t.exposeString('created_at'),
    searches: t.field({
      type: [SearchRef],
      resolve: (round, _args, context) => context.services.database.db.selectFrom('searches').selectAll().where('round_id', '=', round.id).orderBy('version').execute(),
    }),
  }),
});

SearchRef.implement({
  description: 'One import of search results (or one registry query run).',
  fields: (t) => ({
    id: t.exposeID('id'),
    source: t.exposeString('source', { description: 'The database or register searched.' }),
    sourceKind: t.field({ type: SearchSourceKindEnum, resolve: (s) => s.source_kind }),
    searchedOn: t.exposeString('searched_on'),
    query: t.exposeString('query', { nullable: true }),
    fileName: t.exposeString('file_name', { nullable: true }),
    format: t.exposeString('format', { description: 'ris, medline, csv, or registry.' }),
    recordCount: t.exposeInt('record_count'),
    version: t.exposeInt('version', { description: 'The review version the import made.' }),
    createdAt: t.exposeString('created_at'),
    round: t.field({
      type: UpdateRoundRef,
      resolve: (s, _args, context) => context.services.database.db.selectFrom('update_rounds').selectAll().where('id', '=', s.round_id).executeTakeFirstOrThrow(),
    }),
    duplicates: t.int({
      description: 'Its records that repeat a record the review already had (or an earlier one of the same file).',
      resolve: async (s, _args, context) =>
        Number(
          (
            await context.services.database.db
              .selectFrom('records')
              .select((eb) => eb.fn.countAll<number | string>().as('count'))
              .where('search_id', '=', s.id)
              .where('duplicate_of', 'is not', null)
              .executeTakeFirstOrThrow()
          ).count,
        ),
    }),
  }),
});

RecordRef.implement({
  description: 'A record a search brought in: a citation to screen.',
  fields: (t) => ({
    id: t.exposeID('id'),
    position: t.exposeInt('position', { description: '1-based position in its search file.' }),
    sourceKey: t.exposeString('source_key', { nullable: true, description: "The file's own id of the record (a CSV's record_id column)." }),
    title: t.exposeString('title', { nullable: true }),
    authors: t.stringList({ resolve: (r) => list(r.authors) }),
    year: t.exposeInt('year', { nullable: true }),
    journal: t.exposeString('journal', { nullable: true }),
    volume: t.exposeString('volume', { nullable: true }),
    issue: t.exposeString('issue', { nullable: true }),
    pages: t.exposeString('pages', { nullable: true }),
    doi: t.exposeString('doi', { nullable: true }),
    pmid: t.exposeString('pmid', { nullable: true }),
    nctIds: t.stringList({ description: 'Trial registry ids the record names.', resolve: (r) => list(r.nct_ids) }),
    registryId: t.exposeString('registry_id', { nullable: true, description: 'Its own trial id, when the record is a registry entry.' }),
    abstract: t.exposeString('abstract', { nullable: true }),
    keywords: t.stringList({ resolve: (r) => list(r.keywords) }),
    sourceFormat: t.exposeString('source_format'),
    search: t.field({ type: SearchRef, resolve: (r, _args, context) => context.services.database.db.selectFrom('searches').selectAll().where('id', '=', r.search_id).executeTakeFirstOrThrow() }),
    duplicateOf: t.field({
      type: RecordRef,
      nullable: true,
      description: 'The record this one repeats (the first of its group); null when it is not a duplicate.',
      resolve: (r, _args, context) => (r.duplicate_of ? context.services.database.db.selectFrom('records').selectAll().where('id', '=', r.duplicate_of).executeTakeFirst() : null),
    }),
    duplicateKind: t.field({ type: DuplicateKindEnum, nullable: true, resolve: (r) => r.duplicate_kind as 'identifier' | 'strict' | 'confirmed' | null }),
    duplicateReason: t.exposeString('duplicate_reason', { nullable: true }),
    duplicates: t.field({
      type: [RecordRef],
      description: 'Records merged into this one.',
      resolve: (r, _args, context) => context.services.database.db.selectFrom('records').selectAll().where('duplicate_of', '=', r.id).orderBy('created_version').orderBy('position').execute(),
    }),
    possibleDuplicates: t.field({
      type: [DuplicateCandidateRef],
      description: 'Similar records waiting for a person to confirm or reject them as duplicates.',
      resolve: (r, _args, context) =>
        context.services.database.db
          .selectFrom('duplicate_candidates')
          .selectAll()
          .where('status', '=', 'pending')
          .where((eb) => eb.or([eb('record_id', '=', r.id), eb('other_id', '=', r.id)]))
          .execute(),
    }),
    sameTrialStudies: t.field({
      type: [StudyRef],
      description: "Studies of the review registered under a trial id the record names: it is probably a report of one of them (includeRecord with studyId).",
      resolve: (r, _args, context) => studiesOfSameTrial(context.services.database.db, r),
    }),
    sameTrialRecords: t.field({
      type: [RecordRef],
      description: 'Other records naming one of its trial ids: reports of the same study (a registry record and its publications), linked, not merged.',
      resolve: (r, _args, context) => recordsOfSameTrial(context.services.database.db, r),
    }),
    removedReason: t.exposeString('removed_reason', { nullable: true, description: 'Why it was removed before screening (not as a duplicate).' }),
    titleAbstractStatus: t.field({ type: RecordStageStatusEnum, resolve: (r) => r.title_abstract_status as never }),
    fullTextStatus: t.field({ type: RecordStageStatusEnum, nullable: true, description: 'Null until it is included on title and abstract.', resolve: (r) => r.full_text_status as never }),
    fullTextReason: t.exposeString('full_text_reason', { nullable: true, description: 'Why the full text was excluded.' }),
    study: t.field({
      type: StudyRef,
      nullable: true,
      description: 'The study it is a report of, once included.',
      resolve: (r, _args, context) => (r.study_id ? context.services.database.db.selectFrom('studies').selectAll().where('id', '=', r.study_id).executeTakeFirst() : null),
    }),
    includedAs: t.exposeString('included_as', { nullable: true, description: "'new-study' or 'report' (of a study the review had)." }),
    version: t.exposeInt('updated_version', { description: 'The review version that last changed it.' }),
  }),
});

DuplicateCandidateRef.implement({
  description: 'Two records with similar titles that may be one: a person confirms or rejects.',
  fields: (t) => ({
    id: t.exposeID('id'),
    similarity: t.exposeFloat('similarity', { description: 'Title similarity, 0 to 1.' }),
    status: t.exposeString('status', { description: 'pending, confirmed or rejected.' }),
    record: t.field({ type: RecordRef, description: 'The newer record.', resolve: (c, _args, context) => context.services.database.db.selectFrom('records').selectAll().where('id', '=', c.record_id).executeTakeFirstOrThrow() }),
    other: t.field({ type: RecordRef, description: 'The record it may repeat.', resolve: (c, _args, context) => context.services.database.db.selectFrom('records').selectAll().where('id', '=', c.other_id).executeTakeFirstOrThrow() }),
  }),
});

const ReportKindEnum = builder.enumType('ReportKind', {
  values: Object.fromEntries(reportKinds.map((kind) => [kind.toUpperCase().replace(/-/g, '_'), { value: kind }])) as Record<string, { value: (typeof reportKinds)[number] }>,
});

StudyReportRef.implement({
  description: 'A report of a study: a paper, a registry record, a conference abstract. A study may have several.',
  fields: (t) => ({
    id: t.exposeID('id'),
    citation: t.exposeString('citation'),
    year: t.exposeInt('year', { nullable: true }),
    doi: t.exposeString('doi', { nullable: true }),
    pmid: t.exposeString('pmid', { nullable: true }),
    registryId: t.exposeString('registry_id', { nullable: true }),
    kind: t.field({ type: ReportKindEnum, resolve: (r) => r.kind }),
    createdVersion: t.exposeInt('created_version'),
    record: t.field({
      type: RecordRef,
      nullable: true,
      description: 'The screened record it came from, if it did.',
      resolve: (r, _args, context) => (r.record_id ? context.services.database.db.selectFrom('records').selectAll().where('id', '=', r.record_id).executeTakeFirst() : null),
    }),
  }),
});

builder.objectFields(StudyRef, (t) => ({
  reports: t.field({
    type: [StudyReportRef],
    description: 'The reports of the study, oldest first.',
    resolve: (study, _args, context) =>
      context.services.database.db.selectFrom('study_reports').selectAll().where('study_id', '=', study.id).where('removed_version', 'is', null).orderBy('created_version').orderBy('created_at').execute(),
  }),
}));

/** Records in the order they came in: by version, then position in the file (the id breaks ties). */
const recordKeyset: Keyset = {
  name: 'records',
  columns: [
    { column: 'created_version', direction: 'asc', type: 'integer' },
    { column: 'position', direction: 'asc', type: 'integer' },
    { column: 'id', direction: 'asc', type: 'string' },
  ],
};

const RecordFilterEnum = builder.enumType('RecordFilter', {
  values: {
    ALL: { value: 'all' },
    TO_SCREEN: { value: 'to-screen', description: 'Neither duplicates nor removed.' },
    DUPLICATES: { value: 'duplicates' },
    REMOVED: { value: 'removed' },
    INCLUDED: { value: 'included', description: 'Included on the full text.' },
    NOT_YET_STUDIES: { value: 'not-yet-studies', description: 'Included on the full text and not yet a study or a report of one.' },
    EXCLUDED: { value: 'excluded', description: 'Excluded at either stage.' },
    CONFLICTS: { value: 'conflicts', description: 'In conflict at either stage.' },
  } as const,
});

builder.objectFields(ReviewRef, (t) => ({
  updateRounds: t.field({
    type: [UpdateRoundRef],
    description: 'The update rounds run in Cumulus, first first. Rounds before Cumulus are in prismaCounts (typed by hand).',
    resolve: (review, _args, context) => context.services.database.db.selectFrom('update_rounds').selectAll().where('review_id', '=', review.id).orderBy('number').execute(),
  }),
  searches: t.field({
    type: [SearchRef],
    resolve: (review, _args, context) => context.services.database.db.selectFrom('searches').selectAll().where('review_id', '=', review.id).orderBy('version').execute(),
  }),
  record: t.field({
    type: RecordRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (review, args, context) => context.services.database.db.selectFrom('records').selectAll().where('id', '=', String(args.id)).where('review_id', '=', review.id).executeTakeFirst(),
  }),
  recordsConnection: t.connection(
    {
      type: RecordRef,
      nullable: false,
      description: 'Records in the order they came in, a page at a time, with filters.',
      args: {
        filter: t.arg({ type: RecordFilterEnum, defaultValue: 'all' }),
        searchId: t.arg.id({ description: 'Only the records of this search.' }),
        roundId: t.arg.id({ description: 'Only the records of this update round.' }),
        text: t.arg.string({ description: 'Only records whose title contains this text, ignoring case.' }),
      },
      resolve: (review, args, context) => {
        let query = context.services.database.db.selectFrom('records').selectAll().where('review_id', '=', review.id);
        if (given(args.searchId)) query = query.where('search_id', '=', String(args.searchId));
        if (given(args.roundId)) query = query.where('round_id', '=', String(args.roundId));
        if (given(args.text) && args.text !== '') query = query.where(containsText('title', args.text));
        const filter = args.filter ?? 'all';
        if (filter === 'duplicates') query = query.where('duplicate_of', 'is not', null);
        else if (filter === 'removed') query = query.where('removed_reason', 'is not', null);
        else if (filter !== 'all') {
          query = query.where('duplicate_of', 'is', null).where('removed_reason', 'is', null);
          if (filter === 'included') query = query.where('full_text_status', '=', 'include');
          if (filter === 'not-yet-studies') query = query.where('full_text_status', '=', 'include').where('study_id', 'is', null);
          if (filter === 'excluded') query = query.where((eb) => eb.or([eb('title_abstract_status', '=', 'exclude'), eb('full_text_status', '=', 'exclude')]));
          if (filter === 'conflicts') query = query.where((eb) => eb.or([eb('title_abstract_status', '=', 'conflict'), eb('full_text_status', '=', 'conflict')]));
        }
        return keysetConnection({ args, keyset: recordKeyset, query, node: (record: RecordRow) => record });
      },
    },
    { name: 'RecordConnection', description: 'A page of records.' },
    { name: 'RecordEdge' },
  ),
  possibleDuplicates: t.field({
    type: [DuplicateCandidateRef],
    description: 'Possible duplicates waiting for a person, oldest first (both records still stand alone).',
    args: { first: t.arg.int({ defaultValue: 50 }) },
    resolve: (review, args, context) =>
      context.services.database.db
        .selectFrom('duplicate_candidates')
        .innerJoin('records', 'records.id', 'duplicate_candidates.record_id')
        .selectAll('duplicate_candidates')
        .where('duplicate_candidates.review_id', '=', review.id)
        .where('duplicate_candidates.status', '=', 'pending')
        .where('records.duplicate_of', 'is', null)
        .orderBy('duplicate_candidates.created_version')
        .orderBy('duplicate_candidates.id')
        .limit(Math.min(Math.max(args.first ?? 50, 0), 500))
        .execute(),
  }),
  canScreen: t.boolean({ description: 'Whether the viewer may screen records of this review.', resolve: (review, _args, context) => can(context.viewer, review.id, 'screen') }),
  canResolveConflicts: t.boolean({ resolve: (review, _args, context) => can(context.viewer, review.id, 'resolve-conflicts') }),
}));

// Mutations --------------------------------------------------------------------------------------------------------

const ImportSearchInput = builder.inputType('ImportSearchInput', {
  description: 'Search results as exported by the database (RIS, PubMed/MEDLINE, or CSV with a header row), and where they came from.',
  fields: (t) => ({
    reviewId: t.id({ required: true }),
    roundId: t.id({ description: 'The update round; by default the latest (a first round is opened if there is none).' }),
    source: t.string({ required: true, description: "The database or register searched, e.g. 'MEDLINE via PubMed'." }),
    sourceKind: t.field({ type: SearchSourceKindEnum, description: 'DATABASE by default.' }),
    searchedOn: t.string({ required: true, description: 'The date the search ran (YYYY-MM-DD).' }),
    query: t.string({ description: 'The search strategy as run.' }),
    fileName: t.string(),
    format: t.field({ type: RecordFormatEnum, description: "Detected from the content when left out." }),
    content: t.string({ required: true, description: 'The exported file as text.' }),
  }),
});

const ImportSearchPayload = builder.objectRef<Payload<ImportedSearch>>('ImportSearchPayload').implement({
  fields: (t) => ({
    search: t.field({ type: SearchRef, nullable: true, resolve: (p) => p.value?.search ?? null }),
    records: t.int({ nullable: true, description: 'Records read from the file.', resolve: (p) => p.value?.records ?? null }),
    duplicates: t.int({ nullable: true, resolve: (p) => p.value?.duplicates ?? null }),
    possibleDuplicates: t.int({ nullable: true, description: 'Records with a similar record waiting for a person.', resolve: (p) => p.value?.possibleDuplicates ?? null }),
    newRecords: t.int({ nullable: true, description: 'Records now waiting for screening.', resolve: (p) => p.value?.newRecords ?? null }),
    version: t.int({ nullable: true, resolve: (p) => p.version }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

const OpenUpdateRoundInput = builder.inputType('OpenUpdateRoundInput', {
  fields: (t) => ({ reviewId: t.id({ required: true }), label: t.string(), searchedTo: t.string({ description: 'YYYY-MM-DD' }) }),
});

const RecordPayload = builder.objectRef<Payload<RecordRow>>('RecordPayload').implement({
  description: 'The record as stored after the change.',
  fields: (t) => ({
    record: t.field({ type: RecordRef, nullable: true, resolve: (p) => p.value }),
    version: t.int({ nullable: true, resolve: (p) => p.version }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

const UpdateRoundPayload = builder.objectRef<Payload<UpdateRoundRow>>('UpdateRoundPayload').implement({
  fields: (t) => ({
    round: t.field({ type: UpdateRoundRef, nullable: true, resolve: (p) => p.value }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

const DuplicateCandidatePayload = builder.objectRef<Payload<DuplicateCandidateRow>>('DuplicateCandidatePayload').implement({
  fields: (t) => ({
    candidate: t.field({ type: DuplicateCandidateRef, nullable: true, resolve: (p) => p.value }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

const NewStudyFromRecordInput = builder.inputType('NewStudyFromRecordInput', {
  description: "The study an included record makes; year and registry id default to the record's.",
  fields: (t) => ({ label: t.string({ required: true }), year: t.int(), registryId: t.string(), country: t.string(), participants: t.int() }),
});

const IncludeRecordInput = builder.inputType('IncludeRecordInput', {
  description: 'Give newStudy (the record is a new study) or studyId (it is a report of a study the review has).',
  fields: (t) => ({ recordId: t.id({ required: true }), newStudy: t.field({ type: NewStudyFromRecordInput }), studyId: t.id() }),
});

const IncludeRecordPayload = builder.objectRef<Payload<IncludedRecord>>('IncludeRecordPayload').implement({
  fields: (t) => ({
    record: t.field({ type: RecordRef, nullable: true, resolve: (p) => p.value?.record ?? null }),
    study: t.field({ type: StudyRef, nullable: true, resolve: (p) => p.value?.study ?? null }),
    report: t.field({ type: StudyReportRef, nullable: true, resolve: (p) => (p.value?.report ?? null) as StudyReportRow | null }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

const CandidateInput = builder.inputType('DuplicateCandidateInput', { fields: (t) => ({ candidateId: t.id({ required: true }) }) });
const RecordIdInput = builder.inputType('UndoMergeInput', { fields: (t) => ({ recordId: t.id({ required: true }) }) });
const RemoveRecordInput = builder.inputType('RemoveRecordInput', {
  description: "PRISMA's 'records removed for other reasons' before screening.",
  fields: (t) => ({ recordId: t.id({ required: true }), reason: t.string({ required: true }) }),
});
const RestoreRecordInput = builder.inputType('RestoreRecordInput', { fields: (t) => ({ recordId: t.id({ required: true }), note: t.string() }) });

const AddStudyReportInput = builder.inputType('AddStudyReportInput', {
  description: 'A report of a study typed by hand (reports from screened records are made by includeRecord).',
  fields: (t) => ({
    studyId: t.id({ required: true }),
    citation: t.string({ required: true }),
    year: t.int(),
    doi: t.string(),
    pmid: t.string(),
    registryId: t.string(),
    kind: t.field({ type: ReportKindEnum, description: 'PUBLICATION by default (REGISTRY_RECORD when only a registry id is given).' }),
  }),
});

const StudyReportPayload = builder.objectRef<Payload<StudyReportRow>>('StudyReportPayload').implement({
  fields: (t) => ({
    report: t.field({ type: StudyReportRef, nullable: true, resolve: (p) => p.value }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

const ids = <T extends { reviewId?: string | number; recordId?: string | number; candidateId?: string | number; roundId?: string | number | null; studyId?: string | number | null }>(input: T) =>
  ({
    ...input,
    ...(input.reviewId !== undefined ? { reviewId: String(input.reviewId) } : {}),
    ...(input.recordId !== undefined ? { recordId: String(input.recordId) } : {}),
    ...(input.candidateId !== undefined ? { candidateId: String(input.candidateId) } : {}),
    ...(given(input.roundId) ? { roundId: String(input.roundId) } : {}),
    ...(given(input.studyId) ? { studyId: String(input.studyId) } : {}),
  }) as never;

builder.mutationFields((t) => ({
  importSearch: t.field({
    type: ImportSearchPayload,
    description: 'Imports search results: a file that cannot be read is refused with its line and the reason, and nothing is stored.',
    args: { input: t.arg({ type: ImportSearchInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await importSearch(context.services, context.viewer, ids(input))),
  }),
  openUpdateRound: t.field({
    type: UpdateRoundPayload,
    args: { input: t.arg({ type: OpenUpdateRoundInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await openUpdateRound(context.services, context.viewer, ids(input))),
  }),
  confirmDuplicate: t.field({
    type: DuplicateCandidatePayload,
    args: { input: t.arg({ type: CandidateInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await confirmDuplicate(context.services, context.viewer, ids(input))),
  }),
  rejectDuplicate: t.field({
    type: DuplicateCandidatePayload,
    args: { input: t.arg({ type: CandidateInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await rejectDuplicate(context.services, context.viewer, ids(input))),
  }),
  undoMerge: t.field({
    type: RecordPayload,
    description: 'Takes a record out of its duplicate group; it is screened like any other.',
    args: { input: t.arg({ type: RecordIdInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await undoMerge(context.services, context.viewer, ids(input))),
  }),
  removeRecord: t.field({
    type: RecordPayload,
    args: { input: t.arg({ type: RemoveRecordInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await removeRecord(context.services, context.viewer, ids(input))),
  }),
  restoreRecord: t.field({
    type: RecordPayload,
    args: { input: t.arg({ type: RestoreRecordInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await restoreRecord(context.services, context.viewer, ids(input))),
  }),
  addStudyReport: t.field({
    type: StudyReportPayload,
    args: { input: t.arg({ type: AddStudyReportInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await addStudyReport(context.services, context.viewer, { ...input, studyId: String(input.studyId) })),
  }),
  removeStudyReport: t.field({
    type: StudyReportPayload,
    args: { reportId: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => payloadOf(await removeStudyReport(context.services, context.viewer, { reportId: String(args.reportId) })),
  }),
  includeRecord: t.field({
    type: IncludeRecordPayload,
    description: 'An included record becomes a new study, or a report of a study the review has.',
    args: { input: t.arg({ type: IncludeRecordInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await includeRecord(context.services, context.viewer, ids(input))),
  }),
}));

export { RecordPayload };
