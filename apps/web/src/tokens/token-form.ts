// The new-token form: the roles to choose from, the reviews a role may name, and the form as CreateApiTokenInput. Pure.
import type { TokenRole } from '../graphql/tokens';

export interface TokenFormValues {
  name: string;
  role: TokenRole;
  /** '' for none. */
  reviewId: string;
}

/** As apps/api/src/schema/enums.ts describes TokenRole. */
export const roleOptions: { value: TokenRole; label: string; hint: string }[] = [
  { value: 'MAINTAINER', label: 'Maintainer', hint: 'Reads and changes one review.' },
  { value: 'READER', label: 'Reader', hint: 'Reads private reviews: the one chosen, or every one.' },
  { value: 'ADMIN', label: 'Administrator', hint: 'Everything, on every review, including tokens.' },
];

/** An administrator token covers every review, so it names none. */
export function roleNamesReview(role: TokenRole): boolean {
  return role !== 'ADMIN';
}

/** The review choices for a role; the empty choice means "none chosen yet" (maintainer) or "all" (reader). */
export function reviewOptions(role: TokenRole, reviews: readonly { id: string; title: string }[]): { value: string; label: string }[] {
  const empty = role === 'READER' ? 'Every private review' : 'Choose a review…';
  return [{ value: '', label: empty }, ...reviews.map((review) => ({ value: review.id, label: review.title }))];
}

/** CreateApiTokenInput: a review only where the role names one (a maintainer without one is for the API to refuse). */
export function tokenInput(values: TokenFormValues): { name: string; role: TokenRole; reviewId?: string } {
  const input: { name: string; role: TokenRole; reviewId?: string } = { name: values.name.trim(), role: values.role };
  if (roleNamesReview(values.role) && values.reviewId) input.reviewId = values.reviewId;
  return input;
}
