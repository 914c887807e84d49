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
  question: optionalText('question'),
  population: optionalText('population'),
  intervention: optionalText('intervention'),
  comparison: optionalText('comparison'),
  outcomesDescription: optionalText('outcomesDescription'),
  citation: optionalText('citation'),
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
    if (actor.role !== 'admin') refuse([], adminRefusal(actor, 'creating a review'));
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
    note: optionalText('note'),
  })
  .superRefine((counts, context) => {
    const atMost = (smaller: keyof typeof counts, larger: keyof typeof counts) => {
      const a = counts[smaller];
      const b = counts[larger];
      if (typeof a === 'number' && typeof b === 'number' && a > b) {
        context.addIssue({ code: 'custom', path: [smaller], message: `${smaller} (${a}) cannot exceed ${larger} (${b})` });
      }
    };
    atMost('recordsExcluded', 'recordsScreened');
    atMost('reportsNotRetrieved', 'reportsSought');
    atMost('reportsIncluded', 'reportsAssessed');
    atMost('studiesInQuantitativeSynthesis', 'studiesIncluded');
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
