// Personal access tokens on the profile page: the form's input for createPersonalAccessToken, and each token's state.
import type { UserError } from '../composables/use-mutation-form';
import type { PersonalAccessToken, ReviewRole } from '../graphql/people';

export interface PersonalAccessTokenForm {
  name: string;
  /** Empty: every review of yours. */
  reviewIds: string[];
  /** Empty: all your roles. */
  roles: ReviewRole[];
  expiresInDays: string | number | null;
}

export const DEFAULT_EXPIRY_DAYS = 90;

/**
 * The mutation's input: empty choices left out (the API reads "left out" as "no limit"), the days as a whole
 * number (its range, 1 to 366, the API checks); or, for days that are no whole number, the error beside that field.
 */
export function personalAccessTokenInput(form: PersonalAccessTokenForm): { input: Record<string, unknown>; errors: UserError[] } {
  const input: Record<string, unknown> = { name: form.name.trim() };
  if (form.reviewIds.length > 0) input.reviewIds = [...form.reviewIds];
  if (form.roles.length > 0) input.roles = [...form.roles];
  const days = typeof form.expiresInDays === 'string' ? form.expiresInDays.trim() : form.expiresInDays;
  if (days === null || days === '') return { input, errors: [] };
  if (!Number.isInteger(Number(days))) return { input, errors: [{ field: ['input', 'expiresInDays'], message: `'${days}' is not a whole number of days` }] };
  input.expiresInDays = Number(days);
  return { input, errors: [] };
}

export type TokenState = 'active' | 'revoked' | 'expired';

export function tokenState(token: Pick<PersonalAccessToken, 'revokedAt' | 'expiresAt'>, now: Date = new Date()): TokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** "BCG review, Magnesium review", or "every review of yours". */
export function tokenReviews(reviewIds: readonly string[] | null, titles: ReadonlyMap<string, string>): string {
  if (!reviewIds) return 'every review of yours';
  return reviewIds.map((id) => titles.get(id) ?? id).join(', ');
}
