// Importing a Cochrane RevMan 5 review file (.rm5) as a new review: administrators only, like createReview.
import type { ReviewRow } from '@cumulus/db';
import { importRevManReview } from '../domain/import-revman.js';
import { builder } from './builder.js';
import { ReviewRef } from './refs.js';
import { UserErrorRef, payloadOf, type Payload } from './user-error.js';

const ImportRevManReviewInput = builder.inputType('ImportRevManReviewInput', {
  fields: (t) => ({
    rm5: t.string({ required: true, description: 'The text of a RevMan 5 review file (.rm5, XML), decoded as its XML declaration says (RevMan 5 saves ISO-8859-1).' }),
    isPublic: t.boolean({ description: 'Readable without a token (default true).' }),
  }),
});

const ImportRevManReviewPayload = builder.objectRef<Payload<ReviewRow>>('ImportRevManReviewPayload').implement({
  fields: (t) => ({
    review: t.field({ type: ReviewRef, nullable: true, description: 'The new review as imported (its latest version).', resolve: (p) => p.value }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

builder.mutationFields((t) => ({
  importRevManReview: t.field({
    type: ImportRevManReviewPayload,
    description:
      "Creates a review from a RevMan 5 file: its included studies, each comparison's dichotomous, continuous and generic inverse variance outcomes (measure, model, method and subgroups as RevMan had them, RevMan 5 conventions) with their study data, and RevMan's own results as published reference results. The whole file is checked first: any problem is reported, each naming the element and ID, and nothing is stored. Needs an administrator token.",
    args: { input: t.arg({ type: ImportRevManReviewInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await importRevManReview(context.services, context.viewer, input)),
  }),
}));
