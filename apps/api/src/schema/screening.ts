// Screening in the API: votes (blinded until every vote is in), arbiters' decisions, a screener's queue, conflicts,
// progress and agreement per stage, and the review's screening settings.
import type { ScreeningStage, ScreeningVoteRow } from '@cumulus/db';
import { can } from '../auth/viewer.js';
import {
  castScreeningVote,
  markFullTextRetrieval,
  resolveScreeningConflict,
  withdrawScreeningResolution,
  withdrawScreeningVote,
} from '../domain/intake/screening.js';
import {
  myVote,
  screeningAgreement,
  screeningConflicts,
  screeningProgress,
  screeningQueue,
  undoableVotes,
  visibleVotes,
  type ScreeningAgreement,
  type ScreeningProgress,
} from '../domain/intake/screening-reads.js';
import { screeningSettingsOf, updateScreeningSettings, type ScreeningSettings } from '../domain/intake/settings.js';
import { builder } from './builder.js';
import { RecordPayload } from './intake.js';
import { ArbiterDecisionEnum, RecordRef, ScreeningDecisionEnum, ScreeningStageEnum } from './intake-refs.js';
import { ReviewRef } from './refs.js';
import { UserErrorRef, payloadOf, type Payload } from './user-error.js';

const ScreeningVoteRef = builder.objectRef<ScreeningVoteRow>('ScreeningVote').implement({
  fields: (t) => ({
    stage: t.field({ type: ScreeningStageEnum, resolve: (v) => v.stage }),
    decision: t.field({ type: ScreeningDecisionEnum, resolve: (v) => v.decision }),
    reason: t.exposeString('reason', { nullable: true }),
    note: t.exposeString('note', { nullable: true }),
    version: t.exposeInt('version'),
    createdAt: t.exposeString('created_at'),
    screenerId: t.exposeID('user_id'),
    screener: t.string({
      description: "The screener's display name.",
      resolve: async (v, _args, context) =>
        (await context.services.database.db.selectFrom('users').select('display_name').where('id', '=', v.user_id).executeTakeFirst())?.display_name ?? 'a former member',
    }),
  }),
});

const ScreeningProgressRef = builder.objectRef<ScreeningProgress>('ScreeningProgress').implement({
  fields: (t) => ({
    stage: t.field({ type: ScreeningStageEnum, resolve: (p) => p.stage }),
    total: t.exposeInt('total', { description: 'Records at this stage (full text: reports sought).' }),
    included: t.exposeInt('included'),
    excluded: t.exposeInt('excluded'),
    conflicts: t.exposeInt('conflicts'),
    awaiting: t.exposeInt('awaiting', { description: 'Still short of votes.' }),
    notRetrieved: t.exposeInt('notRetrieved'),
    myVotes: t.exposeInt('myVotes'),
    myQueue: t.exposeInt('myQueue', { description: 'Records still waiting for my vote.' }),
    screenersPerRecord: t.exposeInt('screenersPerRecord'),
  }),
});

const ScreeningAgreementRef = builder.objectRef<ScreeningAgreement>('ScreeningAgreement').implement({
  description: "Agreement between the first two screeners of each record at a stage (Cohen's kappa over include, exclude and maybe as voted).",
  fields: (t) => ({
    stage: t.field({ type: ScreeningStageEnum, resolve: (a) => a.stage }),
    records: t.exposeInt('n', { description: 'Records with two votes.' }),
    observedAgreement: t.exposeFloat('po'),
    chanceAgreement: t.exposeFloat('pe'),
    kappa: t.exposeFloat('kappa', { nullable: true, description: 'Null without two votes on any record, or when chance agreement is 1.' }),
    caution: t.exposeString('caution'),
  }),
});

const ScreeningSettingsRef = builder.objectRef<ScreeningSettings>('ScreeningSettings').implement({
  fields: (t) => ({
    screenersPerRecord: t.exposeInt('screenersPerRecord'),
    exclusionReasons: t.exposeStringList('exclusionReasons', { description: 'Reasons a full text may be excluded for (one is required).' }),
    inclusionTerms: t.exposeStringList('inclusionTerms', { description: 'Terms highlighted as signs of eligibility.' }),
    exclusionTerms: t.exposeStringList('exclusionTerms', { description: 'Terms highlighted as signs against.' }),
  }),
});

builder.objectFields(RecordRef, (t) => ({
  myVote: t.field({
    type: ScreeningVoteRef,
    nullable: true,
    args: { stage: t.arg({ type: ScreeningStageEnum, required: true }) },
    resolve: (record, args, context) => myVote(context.services.database.db, context.viewer, record.id, args.stage as ScreeningStage),
  }),
  votes: t.field({
    type: [ScreeningVoteRef],
    nullable: true,
    description: "Every screener's vote at the stage, for the review's team; null while blinded (until the record has all the votes it needs; arbiters see a conflict's votes).",
    args: { stage: t.arg({ type: ScreeningStageEnum, required: true }) },
    resolve: (record, args, context) => {
      const member = can(context.viewer, record.review_id, 'screen') || can(context.viewer, record.review_id, 'edit-review');
      return member ? visibleVotes(context.services.database.db, record, args.stage as ScreeningStage) : null;
    },
  }),
  votesIn: t.int({
    description: 'How many votes the stage has (the votes themselves may be blinded).',
    args: { stage: t.arg({ type: ScreeningStageEnum, required: true }) },
    resolve: (record, args) => (args.stage === 'title-abstract' ? record.title_abstract_votes : record.full_text_votes),
  }),
}));

const first = (value: number | null | undefined) => Math.min(Math.max(value ?? 20, 0), 200);

builder.objectFields(ReviewRef, (t) => ({
  screeningSettings: t.field({ type: ScreeningSettingsRef, resolve: (review, _args, context) => screeningSettingsOf(context.services.database.db, review.id) }),
  screeningQueue: t.field({
    type: [RecordRef],
    description: "My queue: the next records waiting for the viewer's vote at the stage, oldest first.",
    args: { stage: t.arg({ type: ScreeningStageEnum, required: true }), first: t.arg.int({ defaultValue: 20 }) },
    resolve: (review, args, context) =>
      can(context.viewer, review.id, 'screen') ? screeningQueue(context.services.database.db, context.viewer, review.id, args.stage as ScreeningStage, first(args.first)) : [],
  }),
  screeningUndoable: t.field({
    type: [RecordRef],
    description: "The records the viewer voted on at the stage whose vote can still be undone (they wait for other votes), most recent vote last: a screening page's undo list after a reload.",
    args: { stage: t.arg({ type: ScreeningStageEnum, required: true }), last: t.arg.int({ defaultValue: 20 }) },
    resolve: (review, args, context) =>
      can(context.viewer, review.id, 'screen') ? undoableVotes(context.services.database.db, context.viewer, review.id, args.stage as ScreeningStage, first(args.last)) : [],
  }),
  screeningConflicts: t.field({
    type: [RecordRef],
    description: 'Records whose screeners disagree at the stage, for an arbiter, oldest first.',
    args: { stage: t.arg({ type: ScreeningStageEnum, required: true }), first: t.arg.int({ defaultValue: 20 }) },
    resolve: (review, args, context) =>
      can(context.viewer, review.id, 'screen') || can(context.viewer, review.id, 'resolve-conflicts')
        ? screeningConflicts(context.services.database.db, review.id, args.stage as ScreeningStage, first(args.first))
        : [],
  }),
  screeningProgress: t.field({
    type: ScreeningProgressRef,
    args: { stage: t.arg({ type: ScreeningStageEnum, required: true }) },
    resolve: (review, args, context) => screeningProgress(context.services.database.db, context.viewer, review.id, args.stage as ScreeningStage),
  }),
  screeningAgreement: t.field({
    type: ScreeningAgreementRef,
    args: { stage: t.arg({ type: ScreeningStageEnum, required: true }) },
    resolve: (review, args, context) => screeningAgreement(context.services.database.db, review.id, args.stage as ScreeningStage),
  }),
}));

const CastScreeningVoteInput = builder.inputType('CastScreeningVoteInput', {
  description: 'Casting again changes your vote, while the record still waits for other votes.',
  fields: (t) => ({
    recordId: t.id({ required: true }),
    stage: t.field({ type: ScreeningStageEnum, required: true }),
    decision: t.field({ type: ScreeningDecisionEnum, required: true }),
    reason: t.string({ description: "One of the review's exclusion reasons: required to exclude a full text." }),
    note: t.string(),
  }),
});
const RecordStageInput = builder.inputType('RecordStageInput', {
  fields: (t) => ({ recordId: t.id({ required: true }), stage: t.field({ type: ScreeningStageEnum, required: true }) }),
});
const ResolveScreeningConflictInput = builder.inputType('ResolveScreeningConflictInput', {
  fields: (t) => ({
    recordId: t.id({ required: true }),
    stage: t.field({ type: ScreeningStageEnum, required: true }),
    decision: t.field({ type: ArbiterDecisionEnum, required: true }),
    reason: t.string({ description: "Required to exclude a full text: one of the review's exclusion reasons." }),
    note: t.string(),
  }),
});
const MarkFullTextRetrievalInput = builder.inputType('MarkFullTextRetrievalInput', {
  fields: (t) => ({ recordId: t.id({ required: true }), retrieved: t.boolean({ required: true, description: 'false: sought but not obtained (PRISMA "reports not retrieved").' }) }),
});
const UpdateScreeningSettingsInput = builder.inputType('UpdateScreeningSettingsInput', {
  description: 'Fields left out stay as they are.',
  fields: (t) => ({
    reviewId: t.id({ required: true }),
    screenersPerRecord: t.int(),
    exclusionReasons: t.stringList(),
    inclusionTerms: t.stringList(),
    exclusionTerms: t.stringList(),
  }),
});
const ScreeningSettingsPayload = builder.objectRef<Payload<ScreeningSettings>>('ScreeningSettingsPayload').implement({
  fields: (t) => ({
    settings: t.field({ type: ScreeningSettingsRef, nullable: true, resolve: (p) => p.value }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

const withId = <T extends { recordId: string | number }>(input: T) => ({ ...input, recordId: String(input.recordId) }) as never;

builder.mutationFields((t) => ({
  castScreeningVote: t.field({
    type: RecordPayload,
    args: { input: t.arg({ type: CastScreeningVoteInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await castScreeningVote(context.services, context.viewer, withId(input))),
  }),
  withdrawScreeningVote: t.field({
    type: RecordPayload,
    description: 'Undoes your vote, while the record still waits for other votes.',
    args: { input: t.arg({ type: RecordStageInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await withdrawScreeningVote(context.services, context.viewer, withId(input))),
  }),
  resolveScreeningConflict: t.field({
    type: RecordPayload,
    description: 'An arbiter (who did not vote on the record) settles a conflict.',
    args: { input: t.arg({ type: ResolveScreeningConflictInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await resolveScreeningConflict(context.services, context.viewer, withId(input))),
  }),
  withdrawScreeningResolution: t.field({
    type: RecordPayload,
    args: { input: t.arg({ type: RecordStageInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await withdrawScreeningResolution(context.services, context.viewer, withId(input))),
  }),
  markFullTextRetrieval: t.field({
    type: RecordPayload,
    args: { input: t.arg({ type: MarkFullTextRetrievalInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await markFullTextRetrieval(context.services, context.viewer, withId(input))),
  }),
  updateScreeningSettings: t.field({
    type: ScreeningSettingsPayload,
    args: { input: t.arg({ type: UpdateScreeningSettingsInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await updateScreeningSettings(context.services, context.viewer, { ...input, reviewId: String(input.reviewId) })),
  }),
}));
