// The review page's edit form: the review's description as text boxes, and back as UpdateReviewInput with only
// what the maintainer changed (the API keeps fields left out; an empty string clears a text field). Pure.
import type { ReviewDetail, ReviewStatus } from '../graphql/reviews';

export type Visibility = 'PUBLIC' | 'PRIVATE';

export interface ReviewFormValues {
  title: string;
  question: string;
  population: string;
  intervention: string;
  comparison: string;
  outcomesDescription: string;
  citation: string;
  registration: string;
  status: ReviewStatus;
  visibility: Visibility;
}

export type EditableReview = Pick<
  ReviewDetail,
  'title' | 'question' | 'population' | 'intervention' | 'comparison' | 'outcomesDescription' | 'citation' | 'registration' | 'status' | 'isPublic'
>;

const textFields = ['title', 'question', 'population', 'intervention', 'comparison', 'outcomesDescription', 'citation', 'registration'] as const;

/** UpdateReviewInput's fields the form edits (status and isPublic besides the texts). */
export const reviewFormFields: readonly string[] = [...textFields, 'status', 'isPublic'];

export const statusOptions = [
  { value: 'DRAFT', label: 'Draft' },
  { value: 'ACTIVE', label: 'Active' },
  { value: 'ARCHIVED', label: 'Archived' },
];

export const visibilityOptions = [
  { value: 'PUBLIC', label: 'Public' },
  { value: 'PRIVATE', label: 'Private' },
];

export function reviewFormValues(review: EditableReview): ReviewFormValues {
  return {
    title: review.title,
    question: review.question ?? '',
    population: review.population ?? '',
    intervention: review.intervention ?? '',
    comparison: review.comparison ?? '',
    outcomesDescription: review.outcomesDescription ?? '',
    citation: review.citation ?? '',
    registration: review.registration ?? '',
    status: review.status,
    visibility: review.isPublic ? 'PUBLIC' : 'PRIVATE',
  };
}

/**
 * What changed between the values the form opened with and the ones it holds now, as UpdateReviewInput (without
 * reviewId). Texts are compared and sent trimmed; an emptied text is sent as '' so the API clears it (an emptied
 * title too, for the API to refuse next to the field). Comparing with the values the form opened with, not the
 * review now, means a field someone else changed meanwhile is left as they made it.
 */
export function reviewChanges(before: ReviewFormValues, after: ReviewFormValues): Record<string, string | boolean> {
  const changes: Record<string, string | boolean> = {};
  for (const field of textFields) {
    const value = after[field].trim();
    if (value !== before[field].trim()) changes[field] = value;
  }
  if (after.status !== before.status) changes.status = after.status;
  if (after.visibility !== before.visibility) changes.isPublic = after.visibility === 'PUBLIC';
  return changes;
}
