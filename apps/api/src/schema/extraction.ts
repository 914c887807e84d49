// Dual extraction in the API: a review's setting, a person's extraction of a row (blinded until both are in), the
// rows being extracted and their conflicts side by side, reconciliation, and an extraction taken back.
import type { ArgBuilder } from '@pothos/core';
import type { DualExtractionRow, DualExtractionStatus, ExtractionRow } from '@cumulus/db';
import type { ExtractionDifference } from '../domain/extraction/differences.js';
import {
  dualExtractionOf,
  dualExtractionsOf,
  extractionProgress,
  MAX_DUAL_EXTRACTIONS,
  myExtraction,
  openStatuses,
  standingExtractions,
  visibleDifferences,
  visibleExtractions,
  type ExtractionProgress,
} from '../domain/extraction/extraction-reads.js';
import { reconcileExtraction } from '../domain/extraction/reconcile-extraction.js';
import { extractionSettingsOf, updateExtractionSettings, type ExtractionSettings } from '../domain/extraction/settings.js';
import { displayNameOf, submitExtraction } from '../domain/extraction/submit-extraction.js';
import { withdrawExtraction } from '../domain/extraction/withdraw-extraction.js';
import { builder, type CumulusSchemaTypes } from './builder.js';
import { studyNumberFields } from './study-numbers.js';
import { OutcomeRef, ReviewRef, StudyRef } from './refs.js';
import { studyNumbersFields } from './study-data.js';
import { UserErrorRef, payloadOf, type Payload } from './user-error.js';

const DualExtractionStatusEnum = builder.enumType('DualExtractionStatus', {
  values: {
    AWAITING: { value: 'awaiting', description: 'One extraction is in; the other is awaited (the first is blinded).' },
    CONFLICT: { value: 'conflict', description: 'Both are in and differ: waiting for reconciliation.' },
    AGREED: { value: 'agreed', description: 'Both agreed: the row entered the analysis.' },
    RECONCILED: { value: 'reconciled', description: 'They differed and were reconciled: the row entered the analysis.' },
    WITHDRAWN: { value: 'withdrawn', description: 'Its extraction was taken back before the second came in.' },
  } as const,
});

const ExtractionSettingsRef = builder.objectRef<ExtractionSettings>('ExtractionSettings').implement({
  fields: (t) => ({
    dualExtraction: t.exposeBoolean('dualExtraction', {
      description: 'New data rows are entered by two extractors independently (submitExtraction) and enter the analysis when they agree or are reconciled; corrections of existing rows stay direct.',
    }),
  }),
});

const ExtractionDifferenceRef = builder.objectRef<ExtractionDifference>('ExtractionDifference').implement({
  fields: (t) => ({
    field: t.exposeString('field', { description: 'The number that differs: events1, n2, mean1, ...' }),
    first: t.float({ nullable: true, description: 'The first extractor’s value.', resolve: (d) => d.first }),
    second: t.float({ nullable: true, description: 'The second extractor’s value.', resolve: (d) => d.second }),
  }),
});

const ExtractionRef = builder.objectRef<ExtractionRow>('Extraction').implement({
  description: "One person's extraction of a row's numbers. Visible to its extractor, and to the review's data team once both extractions are in.",
  fields: (t) => ({
    id: t.exposeID('id'),
    extractorId: t.exposeID('user_id'),
    extractor: t.string({ description: "The extractor's display name.", resolve: (e, _args, context) => displayNameOf(context.services.database.db, e.user_id) }),
    ...studyNumberFields(t, (e) => e),
    source: t.exposeString('source', { nullable: true }),
    version: t.exposeInt('version'),
    createdAt: t.exposeString('created_at'),
  }),
});

const DualExtractionRef = builder.objectRef<DualExtractionRow>('DualExtraction').implement({
  description: "A row of an outcome's data extracted by two people independently: its key (study, label, subgroup), where it stands, and, once both are in, both extractions and where they differ.",
  fields: (t) => ({
    id: t.exposeID('id'),
    outcomeId: t.exposeID('outcome_id'),
    outcomeName: t.string({
      resolve: async (p, _args, context) => (await context.services.database.db.selectFrom('outcomes').select('name').where('id', '=', p.outcome_id).executeTakeFirstOrThrow()).name,
    }),
    study: t.field({ type: StudyRef, resolve: (p, _args, context) => context.services.database.db.selectFrom('studies').selectAll().where('id', '=', p.study_id).executeTakeFirstOrThrow() }),
    label: t.exposeString('label', { nullable: true }),
    subgroup: t.exposeString('subgroup', { nullable: true }),
    status: t.field({ type: DualExtractionStatusEnum, resolve: (p) => p.status }),
    extractionsIn: t.int({ resolve: async (p, _args, context) => (await standingExtractions(context.services.database.db, p)).length }),
    extractors: t.stringList({
      description: 'Who has extracted it (names are not blinded; numbers are).',
      resolve: async (p, _args, context) => Promise.all((await standingExtractions(context.services.database.db, p)).map((e) => displayNameOf(context.services.database.db, e.user_id))),
    }),
    myExtraction: t.field({ type: ExtractionRef, nullable: true, description: "The viewer's own extraction.", resolve: (p, _args, context) => myExtraction(context.services.database.db, context.viewer, p) }),
    extractions: t.field({
      type: [ExtractionRef],
      nullable: true,
      description: 'Both extractions, first then second, once both are in; null while blinded.',
      resolve: (p, _args, context) => visibleExtractions(context.services.database.db, context.viewer, p),
    }),
    differences: t.field({
      type: [ExtractionDifferenceRef],
      nullable: true,
      description: 'The numbers in which the two extractions differ (empty when they agreed); null while blinded.',
      resolve: (p, _args, context) => visibleDifferences(context.viewer, p),
    }),
    rowId: t.id({ nullable: true, description: 'The data row (StudyData.id) it entered, once agreed or reconciled.', resolve: (p) => p.row_id }),
    reconciledBy: t.string({ nullable: true, resolve: (p, _args, context) => (p.decided_by === null ? null : displayNameOf(context.services.database.db, p.decided_by)) }),
    note: t.exposeString('note', { nullable: true, description: "The reconciler's note." }),
    createdVersion: t.exposeInt('created_version'),
    decidedVersion: t.exposeInt('decided_version', { nullable: true, description: 'The version at which the row entered the analysis.' }),
  }),
});

const listArgs = (arg: ArgBuilder<CumulusSchemaTypes>) => ({
  status: arg({ type: [DualExtractionStatusEnum] }),
  first: arg.int({ defaultValue: 200 }),
  newestFirst: arg.boolean({ defaultValue: false }),
});

const ExtractionProgressRef = builder.objectRef<ExtractionProgress>('ExtractionProgress').implement({
  description: 'Rows extracted twice, by where they stand.',
  fields: (t) => ({
    awaiting: t.exposeInt('awaiting', { description: 'One extraction in, the other awaited.' }),
    conflicts: t.exposeInt('conflicts', { description: 'Both in and different: waiting for reconciliation.' }),
    agreed: t.exposeInt('agreed', { description: 'Entered because both extractions agreed at once.' }),
    reconciled: t.exposeInt('reconciled', { description: 'Entered after the extractions differed and were reconciled.' }),
  }),
});

const statusesOf = (status: readonly DualExtractionStatus[] | null | undefined) => (status && status.length > 0 ? [...status] : openStatuses);

builder.objectFields(ReviewRef, (t) => ({
  extractionSettings: t.field({ type: ExtractionSettingsRef, resolve: (review, _args, context) => extractionSettingsOf(context.services.database.db, review.id) }),
  dualExtractions: t.field({
    type: [DualExtractionRef],
    description: `Rows being extracted twice, for the review's data team (others: empty), oldest first (newestFirst: the latest changed first), at most ${MAX_DUAL_EXTRACTIONS}. Default: the open ones (AWAITING, CONFLICT).`,
    args: listArgs(t.arg),
    resolve: (review, args, context) =>
      dualExtractionsOf(context.services.database.db, context.viewer, { reviewId: review.id, statuses: statusesOf(args.status), first: args.first, newestFirst: args.newestFirst }),
  }),
  extractionProgress: t.field({
    type: ExtractionProgressRef,
    nullable: true,
    description: "Where the review's dual extraction stands, for its data team (null for others).",
    resolve: (review, _args, context) => extractionProgress(context.services.database.db, context.viewer, review.id),
  }),
  extractionConflicts: t.field({
    type: [DualExtractionRef],
    description: 'Rows whose two extractions differ, waiting for reconciliation, oldest first.',
    resolve: (review, _args, context) => dualExtractionsOf(context.services.database.db, context.viewer, { reviewId: review.id, statuses: ['conflict'] }),
  }),
  dualExtraction: t.field({
    type: DualExtractionRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (review, args, context) => dualExtractionOf(context.services.database.db, context.viewer, review.id, String(args.id)),
  }),
}));

builder.objectFields(OutcomeRef, (t) => ({
  dualExtractions: t.field({
    type: [DualExtractionRef],
    description: "This outcome's rows being extracted twice as they stand now (whatever version the outcome is read at), for the review's data team. Default: the open ones.",
    args: listArgs(t.arg),
    resolve: (v, args, context) =>
      dualExtractionsOf(context.services.database.db, context.viewer, {
        reviewId: v.outcome.review_id,
        outcomeId: v.outcome.id,
        statuses: statusesOf(args.status),
        first: args.first,
        newestFirst: args.newestFirst,
      }),
  }),
  extractionConflicts: t.field({
    type: [DualExtractionRef],
    description: "This outcome's rows whose two extractions differ, waiting for reconciliation (now), for the review's data team.",
    resolve: (v, _args, context) => dualExtractionsOf(context.services.database.db, context.viewer, { reviewId: v.outcome.review_id, outcomeId: v.outcome.id, statuses: ['conflict'] }),
  }),
}));

const UpdateExtractionSettingsInput = builder.inputType('UpdateExtractionSettingsInput', {
  fields: (t) => ({ reviewId: t.id({ required: true }), dualExtraction: t.boolean({ required: true }) }),
});

const SubmitExtractionInput = builder.inputType('SubmitExtractionInput', {
  description:
    "Your extraction of one row's numbers (the row: outcome, study, label, subgroup), checked against the outcome's measure as a data row is. " +
    'Submitting again replaces yours until the second extraction is in. When the second arrives the two are compared: identical numbers enter the row; different ones wait for reconciliation.',
  fields: (t) => ({
    outcomeId: t.id({ required: true }),
    studyId: t.id({ required: true }),
    label: t.string({ description: "The row's arm or comparison label ('high dose'), when the study gives several rows." }),
    ...studyNumbersFields(t),
  }),
});

const ReconcileExtractionInput = builder.inputType('ReconcileExtractionInput', {
  description: 'The numbers of a row whose two extractions differ, as settled (by either extractor or a third person): the row enters the analysis.',
  fields: (t) => {
    const { subgroup: _subgroup, ...numbers } = studyNumbersFields(t);
    return { dualExtractionId: t.id({ required: true }), ...numbers, note: t.string({ description: 'How it was settled (shown with the row).' }) };
  },
});

const DualExtractionIdInput = builder.inputType('DualExtractionIdInput', { fields: (t) => ({ dualExtractionId: t.id({ required: true }) }) });

const ExtractionSettingsPayload = builder.objectRef<Payload<ExtractionSettings>>('ExtractionSettingsPayload').implement({
  fields: (t) => ({
    settings: t.field({ type: ExtractionSettingsRef, nullable: true, resolve: (p) => p.value }),
    version: t.int({ nullable: true, resolve: (p) => p.version }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

const DualExtractionPayload = builder.objectRef<Payload<DualExtractionRow>>('DualExtractionPayload').implement({
  fields: (t) => ({
    dualExtraction: t.field({ type: DualExtractionRef, nullable: true, resolve: (p) => p.value }),
    version: t.int({ nullable: true, resolve: (p) => p.version }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

const ids = <T extends { outcomeId: string | number; studyId: string | number }>(input: T) => ({ ...input, outcomeId: String(input.outcomeId), studyId: String(input.studyId) });
const pairId = <T extends { dualExtractionId: string | number }>(input: T) => ({ ...input, dualExtractionId: String(input.dualExtractionId) });

builder.mutationFields((t) => ({
  updateExtractionSettings: t.field({
    type: ExtractionSettingsPayload,
    args: { input: t.arg({ type: UpdateExtractionSettingsInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await updateExtractionSettings(context.services, context.viewer, { ...input, reviewId: String(input.reviewId) })),
  }),
  submitExtraction: t.field({
    type: DualExtractionPayload,
    args: { input: t.arg({ type: SubmitExtractionInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await submitExtraction(context.services, context.viewer, ids(input))),
  }),
  reconcileExtraction: t.field({
    type: DualExtractionPayload,
    args: { input: t.arg({ type: ReconcileExtractionInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await reconcileExtraction(context.services, context.viewer, pairId(input))),
  }),
  withdrawExtraction: t.field({
    type: DualExtractionPayload,
    description: 'Takes back your extraction while the other is still awaited.',
    args: { input: t.arg({ type: DualExtractionIdInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await withdrawExtraction(context.services, context.viewer, pairId(input))),
  }),
}));
