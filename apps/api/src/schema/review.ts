// Reviews: queries, the review-level mutations, PRISMA flow counts, and the reviewUpdated subscription.
import { randomUUID } from 'node:crypto';
import type { ReviewRow, StudyRow } from '@cumulus/db';
import { GraphQLError } from 'graphql';
import { canRead, type Viewer } from '../auth/viewer.js';
import type { ReviewEvent } from '../events.js';
import { outcomeViewOf } from '../domain/reads.js';
import { missedNewRecordsEvents, missedReviewEvent } from '../domain/missed-events.js';
import { createReview, recordPrismaCounts, updateReview, type PrismaCounts } from '../domain/reviews.js';
import { given } from '../domain/validate.js';
import { builder, type GraphQLContext } from './builder.js';
import { ChangeLogEntryRef } from './change-log.js';
import { ReviewStatusEnum, StudyDesignEnum } from './enums.js';
import { containsText, keysetConnection, type Keyset } from './pagination.js';
import { OutcomeRef, ReviewRef, StudyRef } from './refs.js';
import { UserErrorRef, payloadOf, type Payload } from './user-error.js';

export async function readableReview(context: GraphQLContext, reviewId: string): Promise<ReviewRow | null> {
  const review = await context.services.database.db.selectFrom('reviews').selectAll().where('id', '=', reviewId).executeTakeFirst();
  return review && canRead(context.viewer, review) ? review : null;
}

/** Reviews in the order they were created (the id breaks ties). */
const reviewKeyset: Keyset = {
  name: 'reviews',
  columns: [
    { column: 'created_at', direction: 'asc', type: 'string' },
    { column: 'id', direction: 'asc', type: 'string' },
  ],
};

/** Studies in the order they were added, as `studies` lists them (unique within a review). */
const studyKeyset: Keyset = {
  name: 'studies',
  columns: [
    { column: 'created_version', direction: 'asc', type: 'integer' },
    { column: 'created_position', direction: 'asc', type: 'integer' },
  ],
};

/** The change log, newest first: one entry per version. */
const changeKeyset: Keyset = { name: 'changes', columns: [{ column: 'version', direction: 'desc', type: 'integer' }] };

/**
 * The reviews `canRead` lets the viewer read, as an SQL condition, so a page's LIMIT and the COUNT only ever see
 * readable reviews. canRead looks at nothing but a review's id and is_public, so asking it about an id no review
 * has tells whether the viewer reads every public review and every private one; otherwise the private reviews it can
 * allow are those of the viewer's teams (narrowed by a token's scope). Pages are still filtered with canRead row by row.
 */
function readableReviews(viewer: Viewer) {
  const unknownId = `no-such-review-${randomUUID()}`;
  const everyPublic = canRead(viewer, { id: unknownId, is_public: 1 });
  const everyPrivate = canRead(viewer, { id: unknownId, is_public: 0 });
  const ownPrivate = Object.keys(viewer.reviews).filter((id) => canRead(viewer, { id, is_public: 0 }));
  return { everyPublic, everyPrivate, ownPrivate };
}

const SourceCountRef = builder.objectRef<{ source: string; count: number }>('SourceCount').implement({
  fields: (t) => ({ source: t.exposeString('source'), count: t.exposeInt('count') }),
});

const PrismaCountsRef = builder.objectRef<PrismaCounts & { version: number }>('PrismaCounts').implement({
  description: 'PRISMA 2020 flow diagram counts, as recorded at one review version. Missing counts are null.',
  fields: (t) => {
    const count = (name: keyof PrismaCounts, description?: string) =>
      t.int({ nullable: true, description, resolve: (p) => (p[name] as number | null | undefined) ?? null });
    const sources = (name: 'identifiedFromDatabases' | 'identifiedFromRegisters' | 'identifiedFromOtherMethods' | 'reportsExcluded') =>
      t.field({ type: [SourceCountRef], resolve: (p) => p[name] ?? [] });
    return {
      version: t.exposeInt('version'),
      searchEnd: t.string({ nullable: true, resolve: (p) => p.searchEnd ?? null }),
      identifiedFromDatabases: sources('identifiedFromDatabases'),
      identifiedFromRegisters: sources('identifiedFromRegisters'),
      identifiedFromOtherMethods: sources('identifiedFromOtherMethods'),
      recordsIdentified: t.int({
        description: 'All records identified, from every source.',
        resolve: (p) =>
          [...(p.identifiedFromDatabases ?? []), ...(p.identifiedFromRegisters ?? []), ...(p.identifiedFromOtherMethods ?? [])].reduce(
            (sum, source) => sum + source.count,
            0,
          ),
      }),
      duplicatesRemoved: count('duplicatesRemoved'),
      recordsAfterDuplicatesRemoved: count('recordsAfterDuplicatesRemoved'),
      recordsScreened: count('recordsScreened'),
      recordsExcluded: count('recordsExcluded'),
      reportsSought: count('reportsSought'),
      reportsNotRetrieved: count('reportsNotRetrieved'),
      reportsAssessed: count('reportsAssessed', 'Reports assessed for eligibility (full text).'),
      reportsExcluded: sources('reportsExcluded'),
      reportsIncluded: count('reportsIncluded'),
      studiesIncluded: count('studiesIncluded'),
      studiesInQuantitativeSynthesis: count('studiesInQuantitativeSynthesis'),
      note: t.string({ nullable: true, resolve: (p) => p.note ?? null }),
    };
  },
});

ReviewRef.implement({
  description: 'A living systematic review. Its version grows by one with every change.',
  fields: (t) => ({
    id: t.exposeID('id'),
    title: t.exposeString('title'),
    version: t.exposeInt('version'),
    question: t.exposeString('question', { nullable: true }),
    population: t.exposeString('population', { nullable: true }),
    intervention: t.exposeString('intervention', { nullable: true }),
    comparison: t.exposeString('comparison', { nullable: true }),
    outcomesDescription: t.exposeString('outcomes_description', { nullable: true }),
    citation: t.exposeString('citation', { nullable: true }),
    registration: t.exposeString('registration', { nullable: true }),
    status: t.field({ type: ReviewStatusEnum, resolve: (r) => r.status }),
    isPublic: t.boolean({ resolve: (r) => r.is_public === 1 }),
    createdAt: t.exposeString('created_at'),
    updatedAt: t.exposeString('updated_at'),
    studies: t.field({
      type: [StudyRef],
      args: { includeRetracted: t.arg.boolean({ defaultValue: false, description: 'Also list retracted studies (kept in the history).' }) },
      resolve: (review, args, context) => {
        let query = context.services.database.db
          .selectFrom('studies')
          .selectAll()
          .where('review_id', '=', review.id)
          .orderBy('created_version')
          .orderBy('created_position');
        if (!args.includeRetracted) query = query.where('retracted_version', 'is', null);
        return query.execute();
      },
    }),
    outcomes: t.field({
      type: [OutcomeRef],
      resolve: async (review, _args, context) => {
        const outcomes = await context.services.database.db
          .selectFrom('outcomes')
          .selectAll()
          .where('review_id', '=', review.id)
          .orderBy('created_version')
          .execute();
        const views = await Promise.all(outcomes.map((outcome) => outcomeViewOf(context.services.database, outcome)));
        return views.filter((view) => view !== null);
      },
    }),
    changes: t.field({
      type: [ChangeLogEntryRef],
      description: 'The change log, newest first.',
      args: {
        first: t.arg.int({ defaultValue: 50, description: 'At most this many entries (up to 500).' }),
        beforeVersion: t.arg.int({ description: 'Only changes older than this version (to page back).' }),
      },
      resolve: (review, args, context) => {
        let query = context.services.database.db
          .selectFrom('change_log')
          .selectAll()
          .where('review_id', '=', review.id)
          .orderBy('version', 'desc')
          .limit(Math.min(Math.max(args.first ?? 50, 0), 500));
        if (given(args.beforeVersion)) query = query.where('version', '<', args.beforeVersion);
        return query.execute();
      },
    }),
    studiesConnection: t.connection(
      {
        type: StudyRef,
        nullable: false,
        description: 'The studies as `studies` lists them (in the order they were added), a page at a time, with filters.',
        args: {
          includeRetracted: t.arg.boolean({ defaultValue: false, description: 'Also list retracted studies (kept in the history).' }),
          design: t.arg({ type: [StudyDesignEnum], description: 'Only studies of these designs (any design when left out or empty).' }),
          search: t.arg.string({ description: 'Only studies whose label contains this text, ignoring case.' }),
        },
        resolve: (review, args, context) => {
          let query = context.services.database.db.selectFrom('studies').selectAll().where('review_id', '=', review.id);
          if (!args.includeRetracted) query = query.where('retracted_version', 'is', null);
          if (args.design && args.design.length > 0) query = query.where('design', 'in', args.design);
          if (given(args.search) && args.search !== '') query = query.where(containsText('label', args.search));
          return keysetConnection({ args, keyset: studyKeyset, query, node: (study: StudyRow) => study });
        },
      },
      { name: 'StudyConnection', description: 'A page of studies.' },
      { name: 'StudyEdge' },
    ),
    changesConnection: t.connection(
      {
        type: ChangeLogEntryRef,
        nullable: false,
        description: 'The change log, newest first, a page at a time: `first`/`after` go back in time, `last`/`before` forward. Cursors are versions, so new changes never shift a page.',
        resolve: (review, args, context) =>
          keysetConnection({
            args,
            keyset: changeKeyset,
            query: context.services.database.db.selectFrom('change_log').selectAll().where('review_id', '=', review.id),
            node: (entry) => entry,
          }),
      },
      { name: 'ChangeLogEntryConnection', description: 'A page of the change log.' },
      { name: 'ChangeLogEntryEdge' },
    ),
    prismaCounts: t.field({
      type: PrismaCountsRef,
      nullable: true,
      description: 'The latest PRISMA 2020 flow counts.',
      resolve: async (review, _args, context) => {
        const row = await context.services.database.db
          .selectFrom('prisma_counts')
          .select(['counts', 'version'])
          .where('review_id', '=', review.id)
          .orderBy('version', 'desc')
          .limit(1)
          .executeTakeFirst();
        return row ? { ...(JSON.parse(row.counts) as PrismaCounts), version: row.version } : null;
      },
    }),
  }),
});

builder.queryFields((t) => ({
  reviews: t.field({
    type: [ReviewRef],
    description: 'Every review the viewer may read: public ones, and private ones their token covers.',
    resolve: async (_root, _args, context) => {
      const reviews = await context.services.database.db.selectFrom('reviews').selectAll().orderBy('created_at').execute();
      return reviews.filter((review) => canRead(context.viewer, review));
    },
  }),
  reviewsConnection: t.connection(
    {
      type: ReviewRef,
      nullable: false,
      description: 'The reviews the viewer may read (as `reviews`: public ones, and private ones their token covers), oldest first, a page at a time, with filters.',
      args: {
        status: t.arg({ type: [ReviewStatusEnum], description: 'Only reviews with one of these statuses (any status when left out or empty).' }),
        search: t.arg.string({ description: 'Only reviews whose title contains this text, ignoring case.' }),
      },
      resolve: (_root, args, context) => {
        const readable = readableReviews(context.viewer);
        let query = context.services.database.db.selectFrom('reviews').selectAll();
        if (!readable.everyPublic || !readable.everyPrivate) {
          query = query.where((eb) => {
            const allowed = [];
            if (readable.everyPublic) allowed.push(eb('is_public', '=', 1));
            if (readable.everyPrivate) allowed.push(eb('is_public', '<>', 1));
            else if (readable.ownPrivate.length > 0) allowed.push(eb('id', 'in', readable.ownPrivate));
            return eb.or(allowed); // no condition at all: Kysely writes 1 = 0, nothing
          });
        }
        if (args.status && args.status.length > 0) query = query.where('status', 'in', args.status);
        if (given(args.search) && args.search !== '') query = query.where(containsText('title', args.search));
        return keysetConnection({
          args,
          keyset: reviewKeyset,
          query,
          keep: (review: ReviewRow) => canRead(context.viewer, review),
          node: (review) => review,
        });
      },
    },
    { name: 'ReviewConnection', description: 'A page of reviews.' },
    { name: 'ReviewEdge' },
  ),
  review: t.field({
    type: ReviewRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => readableReview(context, args.id),
  }),
}));

const CreateReviewInput = builder.inputType('CreateReviewInput', {
  fields: (t) => ({
    title: t.string({ required: true }),
    question: t.string(),
    population: t.string(),
    intervention: t.string(),
    comparison: t.string(),
    outcomesDescription: t.string(),
    citation: t.string(),
    registration: t.string({ description: 'e.g. PROSPERO CRD42020200350' }),
    status: t.field({ type: ReviewStatusEnum }),
    isPublic: t.boolean({ description: 'Readable without a token (default true).' }),
  }),
});

const UpdateReviewInput = builder.inputType('UpdateReviewInput', {
  description: 'Fields left out stay as they are; an empty string clears a text field.',
  fields: (t) => ({
    reviewId: t.id({ required: true }),
    title: t.string(),
    question: t.string(),
    population: t.string(),
    intervention: t.string(),
    comparison: t.string(),
    outcomesDescription: t.string(),
    citation: t.string(),
    registration: t.string(),
    status: t.field({ type: ReviewStatusEnum }),
    isPublic: t.boolean(),
  }),
});

const SourceCountInput = builder.inputType('SourceCountInput', {
  fields: (t) => ({ source: t.string({ required: true }), count: t.int({ required: true }) }),
});

const RecordPrismaCountsInput = builder.inputType('RecordPrismaCountsInput', {
  description: 'PRISMA 2020 flow counts; leave out what the review does not report.',
  fields: (t) => ({
    reviewId: t.id({ required: true }),
    searchEnd: t.string({ description: 'Date of the last search, YYYY-MM-DD.' }),
    identifiedFromDatabases: t.field({ type: [SourceCountInput] }),
    identifiedFromRegisters: t.field({ type: [SourceCountInput] }),
    identifiedFromOtherMethods: t.field({ type: [SourceCountInput] }),
    duplicatesRemoved: t.int(),
    recordsAfterDuplicatesRemoved: t.int(),
    recordsScreened: t.int(),
    recordsExcluded: t.int(),
    reportsSought: t.int(),
    reportsNotRetrieved: t.int(),
    reportsAssessed: t.int(),
    reportsExcluded: t.field({ type: [SourceCountInput], description: 'Reports excluded after full text, by reason.' }),
    reportsIncluded: t.int(),
    studiesIncluded: t.int(),
    studiesInQuantitativeSynthesis: t.int(),
    note: t.string(),
  }),
});

function reviewPayload(name: string) {
  return builder.objectRef<Payload<ReviewRow>>(name).implement({
    fields: (t) => ({
      review: t.field({ type: ReviewRef, nullable: true, resolve: (p) => p.value }),
      errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
    }),
  });
}
const CreateReviewPayload = reviewPayload('CreateReviewPayload');
const UpdateReviewPayload = reviewPayload('UpdateReviewPayload');
const RecordPrismaCountsPayload = reviewPayload('RecordPrismaCountsPayload');

builder.mutationFields((t) => ({
  createReview: t.field({
    type: CreateReviewPayload,
    description: 'Creates a review at version 1. Needs an administrator token.',
    args: { input: t.arg({ type: CreateReviewInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await createReview(context.services, context.viewer, input)),
  }),
  updateReview: t.field({
    type: UpdateReviewPayload,
    args: { input: t.arg({ type: UpdateReviewInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await updateReview(context.services, context.viewer, input)),
  }),
  recordPrismaCounts: t.field({
    type: RecordPrismaCountsPayload,
    args: { input: t.arg({ type: RecordPrismaCountsInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await recordPrismaCounts(context.services, context.viewer, input)),
  }),
}));

const ReviewUpdateRef = builder.objectRef<ReviewEvent>('ReviewUpdate').implement({
  description: 'A new version of a review: what changed and which outcomes were recomputed.',
  fields: (t) => ({
    reviewId: t.exposeID('reviewId'),
    version: t.exposeInt('version'),
    action: t.exposeString('action'),
    summary: t.exposeString('summary'),
    outcomeIds: t.exposeIDList('outcomeIds'),
    newRecords: t.int({
      nullable: true,
      description: 'Records the change brought in that now wait for screening (an import of search results); null otherwise.',
      resolve: (event) => event.newRecords ?? null,
    }),
    review: t.field({
      type: ReviewRef,
      nullable: true,
      description: 'The review now (its version may be later than this event if more changes followed).',
      resolve: (event, _args, context) => readableReview(context, event.reviewId),
    }),
    outcomes: t.field({
      type: [OutcomeRef],
      description: 'The recomputed outcomes, as of this version.',
      resolve: async (event, _args, context) => {
        const db = context.services.database.db;
        if (event.outcomeIds.length === 0) return [];
        const rows = await db.selectFrom('outcomes').selectAll().where('id', 'in', event.outcomeIds).execute();
        const views = await Promise.all(rows.map((row) => outcomeViewOf(context.services.database, row, event.version)));
        return views.filter((view) => view !== null);
      },
    }),
  }),
});

builder.subscriptionFields((t) => ({
  newRecordsToScreen: t.field({
    type: ReviewUpdateRef,
    description: 'One event per change that brings new records to screen (an import of search results): "12 new records to screen".',
    args: {
      reviewId: t.arg.id({ required: true }),
      sinceVersion: t.arg.int({ description: 'The version you already have: imports committed after it are sent first (the latest 100).' }),
    },
    subscribe: async (_root, args, context) => {
      const review = await readableReview(context, args.reviewId);
      if (!review) throw new GraphQLError(`there is no review with id '${args.reviewId}'`, { extensions: { code: 'NOT_FOUND' } });
      const { sinceVersion } = args;
      return context.services.events.subscribe(review.id, {
        wanted: (event) => (event.newRecords ?? 0) > 0,
        keep: 100,
        missed: given(sinceVersion) ? () => missedNewRecordsEvents(context.services.database, review.id, sinceVersion, 100) : undefined,
      });
    },
    resolve: (event) => event,
  }),
  reviewUpdated: t.field({
    type: ReviewUpdateRef,
    description:
      'One event per new version of the review (a slow client gets the latest). Query, then subscribe with the version you hold as `sinceVersion`: a newer version committed in between is sent at once.',
    args: {
      reviewId: t.arg.id({ required: true }),
      sinceVersion: t.arg.int({ description: 'The version you already have; if the review is past it, its latest change is sent first.' }),
    },
    subscribe: async (_root, args, context) => {
      const review = await readableReview(context, args.reviewId);
      if (!review) throw new GraphQLError(`there is no review with id '${args.reviewId}'`, { extensions: { code: 'NOT_FOUND' } });
      const { sinceVersion } = args;
      return context.services.events.subscribe(review.id, {
        missed: given(sinceVersion) ? () => missedReviewEvent(context.services.database, review.id, sinceVersion) : undefined,
      });
    },
    resolve: (event) => event,
  }),
}));
