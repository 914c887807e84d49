// Creating and describing reviews, and their PRISMA 2020 flow counts.
import type { ReviewRow, ReviewStatus } from '@cumulus/db';
import { z } from 'zod';
import { adminRefusal, type Viewer } from '../auth/viewer.js';
import { reviewForWrite } from './access.js';
import { newId } from './ids.js';
import { now } from './rows.js';
import { refusable, refuse, type WriteResult } from './user-errors.js';
import { given, optionalText, text, validate } from './validate.js';
import { commitChange, insertChangeLog, type Services } from './write-path.js';

const reviewStatus = z.enum(['draft', 'active', 'archived']);

const reviewFields = {
  question: optionalText('question', 5000, { multiline: true }),
  population: optionalText('population', 5000, { multiline: true }),
  intervention: optionalText('intervention', 5000, { multiline: true }),
  comparison: optionalText('comparison', 5000, { multiline: true }),
  outcomesDescription: optionalText('outcomesDescription', 5000, { multiline: true }),
  citation: optionalText('citation', 5000, { multiline: true }),
  registration: optionalText('registration'),
};

const createReviewInput = z.object({
  title: text('title'),
  ...reviewFields,
  status: reviewStatus.nullish(),
  isPublic: z.boolean().nullish(),
});
export type CreateReviewInput = z.input<typeof createReviewInput>;

export function createReview(services: Services, actor: Viewer, input: CreateReviewInput): Promise<WriteResult<ReviewRow>> {
  return refusable(async () => {
    if (!actor.mayCreateReviews) refuse([], adminRefusal(actor, 'creating a review'));
    const valid = validate(createReviewInput, input);
    const timestamp = now();
    const review: ReviewRow = {
      id: newId(),
      title: valid.title,
      question: valid.question ?? null,
      population: valid.population ?? null,
      intervention: valid.intervention ?? null,
      comparison: valid.comparison ?? null,
      outcomes_description: valid.outcomesDescription ?? null,
      citation: valid.citation ?? null,
      registration: valid.registration ?? null,
      status: (valid.status ?? 'active') as ReviewStatus,
      version: 1,
      is_public: valid.isPublic === false ? 0 : 1,
      created_at: timestamp,
      updated_at: timestamp,
    };
    await services.database.writeTransaction(null, async (trx) => {
      await trx.insertInto('reviews').values(review).execute();
      // Its creator owns it (and may invite the team).
      if (actor.userId !== null) await trx.insertInto('review_members').values({ review_id: review.id, user_id: actor.userId, role: 'owner', added_by: actor.userId, created_at: timestamp }).execute();
      await insertChangeLog(trx, { reviewId: review.id, version: 1, actor, action: 'createReview', summary: `Created review '${review.title}'`, outcomeIds: [] });
    });
    services.events.publish({ reviewId: review.id, version: 1, outcomeIds: [], action: 'createReview', summary: `Created review '${review.title}'` });
    return { ok: true, value: review, version: 1 };
  });
}

const updateReviewInput = z.object({
  reviewId: z.string(),
  title: text('title').nullish(),
  ...reviewFields,
  status: reviewStatus.nullish(),
  isPublic: z.boolean().nullish(),
});
export type UpdateReviewInput = z.input<typeof updateReviewInput>;

export function updateReview(services: Services, actor: Viewer, input: UpdateReviewInput): Promise<WriteResult<ReviewRow>> {
  return refusable(async () => {
    const valid = validate(updateReviewInput, input);
    const reviewId = await reviewForWrite(services.database, actor, valid.reviewId, 'changing a review');
    const set: Partial<ReviewRow> = {};
    if (given(valid.title)) set.title = valid.title;
    const optional = {
      question: valid.question,
      population: valid.population,
      intervention: valid.intervention,
      comparison: valid.comparison,
      outcomes_description: valid.outcomesDescription,
      citation: valid.citation,
      registration: valid.registration,
    };
    // A field left out stays as it is; an empty string clears it.
    for (const [column, value] of Object.entries(optional)) {
      if (value !== undefined) (set as Record<string, unknown>)[column] = value;
    }
    if (given(valid.status)) set.status = valid.status;
    if (given(valid.isPublic)) set.is_public = valid.isPublic ? 1 : 0;
    if (Object.keys(set).length === 0) refuse(['input'], 'nothing to change: give at least one field besides reviewId');

    return commitChange(services, actor, reviewId, {
      action: 'updateReview',
      async apply(trx, version) {
        await trx.updateTable('reviews').set(set).where('id', '=', reviewId).execute();
        const review = await trx.selectFrom('reviews').selectAll().where('id', '=', reviewId).executeTakeFirstOrThrow();
        return { value: { ...review, version }, summary: `Changed ${Object.keys(set).join(', ').replaceAll('_', ' ')}`, outcomeIds: [], details: set };
      },
    });
  });
}

const count = (field: string) => z.number().int(`${field} must be a whole number`).min(0, `${field} cannot be negative`).nullish();
const sourceCount = z.object({ source: text('source', 200), count: z.number().int('count must be a whole number').min(0, 'count cannot be negative') });

const prismaCountsInput = z
  .object({
    reviewId: z.string(),
    searchEnd: optionalText('searchEnd', 40),
    identifiedFromDatabases: z.array(sourceCount).nullish(),
    identifiedFromRegisters: z.array(sourceCount).nullish(),
    identifiedFromOtherMethods: z.array(sourceCount).nullish(),
    duplicatesRemoved: count('duplicatesRemoved'),
    recordsAfterDuplicatesRemoved: count('recordsAfterDuplicatesRemoved'),
    recordsScreened: count('recordsScreened'),
    recordsExcluded: count('recordsExcluded'),
    reportsSought: count('reportsSought'),
    reportsNotRetrieved: count('reportsNotRetrieved'),
    reportsAssessed: count('reportsAssessed'),
    reportsExcluded: z.array(sourceCount).nullish(),
    reportsIncluded: count('reportsIncluded'),
    studiesIncluded: count('studiesIncluded'),
    studiesInQuantitativeSynthesis: count('studiesInQuantitativeSynthesis'),
    note: optionalText('note', 5000, { multiline: true }),
  })
  .superRefine((counts, context) => {
    // The PRISMA 2020 flow (Page et al. 2021, BMJ 372:n71, figure 1): each box holds what the one above passed on.
    // A count is checked against the counts before it, where both are given; the later count is named.
    const value = (field: keyof typeof counts) => (typeof counts[field] === 'number' ? (counts[field] as number) : null);
    const sources = [counts.identifiedFromDatabases, counts.identifiedFromRegisters, counts.identifiedFromOtherMethods].filter((s) => s != null);
    const identified = sources.length > 0 ? sources.flat().reduce((sum, source) => sum + source.count, 0) : null;
    const excludedReports = counts.reportsExcluded ? counts.reportsExcluded.reduce((sum, reason) => sum + reason.count, 0) : null;
    const disagree = (field: keyof typeof counts, message: string) => context.addIssue({ code: 'custom', path: [field], message });
    const sum = (...parts: [string, number | null][]) => {
      const given = parts.filter((part): part is [string, number] => part[1] !== null);
      return { total: given.reduce((total, [, n]) => total + n, 0), words: given.map(([name, n]) => `${name} (${n})`).join(' + ') };
    };
    /** `parts` (the later counts, the first one named) together cannot exceed `whole`; false when they do. */
    const atMost = (parts: [string, number | null][], whole: [string, number | null]): boolean => {
      const [first] = parts;
      if (whole[1] === null || first[1] === null) return true;
      const { total, words } = sum(...parts);
      if (total <= whole[1]) return true;
      disagree(first[0] as keyof typeof counts, `${words} cannot exceed ${whole[0]} (${whole[1]})`);
      return false;
    };
    const identifiedWords = 'the records identified from all sources';
    if (atMost([['duplicatesRemoved', value('duplicatesRemoved')]], [identifiedWords, identified])) {
      atMost([['recordsAfterDuplicatesRemoved', value('recordsAfterDuplicatesRemoved')], ['duplicatesRemoved', value('duplicatesRemoved')]], [identifiedWords, identified]);
    }
    const screened = value('recordsScreened');
    const afterDuplicates = value('recordsAfterDuplicatesRemoved');
    if (screened !== null && afterDuplicates !== null && screened !== afterDuplicates) {
      disagree('recordsScreened', `recordsScreened (${screened}) must equal recordsAfterDuplicatesRemoved (${afterDuplicates}): every record left after removing duplicates is screened`);
    }
    if (atMost([['recordsExcluded', value('recordsExcluded')]], ['recordsScreened', screened])) {
      atMost([['reportsSought', value('reportsSought')], ['recordsExcluded', value('recordsExcluded')]], ['recordsScreened', screened]);
    }
    if (atMost([['reportsNotRetrieved', value('reportsNotRetrieved')]], ['reportsSought', value('reportsSought')])) {
      atMost([['reportsAssessed', value('reportsAssessed')], ['reportsNotRetrieved', value('reportsNotRetrieved')]], ['reportsSought', value('reportsSought')]);
    }
    if (atMost([['reportsIncluded', value('reportsIncluded')]], ['reportsAssessed', value('reportsAssessed')])) {
      atMost([['reportsExcluded', excludedReports], ['reportsIncluded', value('reportsIncluded')]], ['reportsAssessed', value('reportsAssessed')]);
    }
    atMost([['studiesInQuantitativeSynthesis', value('studiesInQuantitativeSynthesis')]], ['studiesIncluded', value('studiesIncluded')]);
  });
export type PrismaCountsInput = z.input<typeof prismaCountsInput>;
export type PrismaCounts = Omit<z.output<typeof prismaCountsInput>, 'reviewId'>;

export function recordPrismaCounts(services: Services, actor: Viewer, input: PrismaCountsInput): Promise<WriteResult<ReviewRow>> {
  return refusable(async () => {
    const { reviewId: requested, ...counts } = validate(prismaCountsInput, input);
    const reviewId = await reviewForWrite(services.database, actor, requested, 'recording PRISMA counts');
    return commitChange(services, actor, reviewId, {
      action: 'recordPrismaCounts',
      async apply(trx, version) {
        await trx
          .insertInto('prisma_counts')
          .values({ id: newId(), review_id: reviewId, version, counts: JSON.stringify(counts), created_at: now() })
          .execute();
        const review = await trx.selectFrom('reviews').selectAll().where('id', '=', reviewId).executeTakeFirstOrThrow();
        return { value: { ...review, version }, summary: 'Recorded PRISMA flow counts', outcomeIds: [], details: counts };
      },
    });
  });
}
