// The token table's rows: who a token is for, what it may do and on which review, and whether it still works. Pure.
import type { ApiToken, TokenRole } from '../graphql/tokens';

export interface TokenRow {
  id: string;
  name: string;
  role: string;
  review: string;
  created: string;
  /** When it was revoked, or null while it still works. */
  revoked: string | null;
}

export const roleNames: Record<TokenRole, string> = { ADMIN: 'Administrator', MAINTAINER: 'Maintainer', READER: 'Reader' };

/** "2026-11-24 23:40 UTC": the same for every administrator, wherever they are. */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The review a token covers, in words: its title, or what a token without one covers. */
export function tokenReview(token: Pick<ApiToken, 'role' | 'reviewId'>, titles: ReadonlyMap<string, string>): string {
  if (token.role === 'ADMIN') return 'Every review';
  if (token.reviewId === null) return 'Every private review';
  return titles.get(token.reviewId) ?? `Review ${token.reviewId} (not found)`;
}

/** Newest first, so a token just created is at the top. */
export function tokenRows(tokens: readonly ApiToken[], reviews: readonly { id: string; title: string }[]): TokenRow[] {
  const titles = new Map(reviews.map((review) => [review.id, review.title]));
  return [...tokens]
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .map((token) => ({
      id: token.id,
      name: token.name,
      role: roleNames[token.role] ?? token.role,
      review: tokenReview(token, titles),
      created: formatTimestamp(token.createdAt),
      revoked: token.revokedAt === null ? null : formatTimestamp(token.revokedAt),
    }));
}
