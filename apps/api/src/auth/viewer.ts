// Who is asking, and what they may read and write. Tokens are bearer secrets stored as SHA-256 hashes.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CumulusDatabase, ReviewRow, TokenRole } from '@cumulus/db';

export interface Viewer {
  role: TokenRole | 'anonymous';
  /** Shown in the change log. */
  name: string;
  tokenId: string | null;
  /** The review a maintainer (or a reader of a private review) is limited to. */
  reviewId: string | null;
  /** Set when a token was sent but not accepted, so a refused write can say why. */
  credentialProblem: string | null;
}

export const anonymousViewer: Viewer = { role: 'anonymous', name: 'anonymous', tokenId: null, reviewId: null, credentialProblem: null };

/** The identity the demo loader writes under. */
export const demoLoaderViewer: Viewer = { role: 'admin', name: 'demo loader', tokenId: null, reviewId: null, credentialProblem: null };

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function generateTokenSecret(): string {
  return `cml_${randomBytes(24).toString('base64url')}`;
}

/** `Bearer abc` → `abc`; also accepts the bare token (graphql-ws connectionParams often omit the scheme). */
export function bearerSecret(header: string | null | undefined): string | null {
  if (!header) return null;
  const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(header);
  if (match) return match[1];
  const bare = header.trim();
  return bare.length > 0 && !bare.includes(' ') ? bare : null;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(hashToken(a), 'hex');
  const right = Buffer.from(hashToken(b), 'hex');
  return timingSafeEqual(left, right);
}

export async function resolveViewer(
  database: CumulusDatabase,
  authorization: string | null | undefined,
  adminToken: string | null,
): Promise<Viewer> {
  const secret = bearerSecret(authorization);
  if (secret === null) {
    return authorization ? { ...anonymousViewer, credentialProblem: 'the Authorization header is not "Bearer <token>"' } : anonymousViewer;
  }
  if (adminToken && sameSecret(secret, adminToken)) {
    return { role: 'admin', name: 'administrator', tokenId: null, reviewId: null, credentialProblem: null };
  }
  const row = await database.db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'review_id', 'revoked_at'])
    .where('token_hash', '=', hashToken(secret))
    .executeTakeFirst();
  if (!row) return { ...anonymousViewer, credentialProblem: 'the bearer token is not known' };
  if (row.revoked_at !== null) return { ...anonymousViewer, credentialProblem: `the bearer token '${row.name}' was revoked` };
  return { role: row.role, name: row.name, tokenId: row.id, reviewId: row.review_id, credentialProblem: null };
}

/** Everything about a viewer that can change what they see: answers are shared only between equal keys. */
export function identityKey(viewer: Viewer): string {
  return JSON.stringify([viewer.role, viewer.tokenId, viewer.name, viewer.reviewId, viewer.credentialProblem]);
}

export function canRead(viewer: Viewer, review: Pick<ReviewRow, 'id' | 'is_public'>): boolean {
  if (review.is_public === 1 || viewer.role === 'admin') return true;
  if (viewer.role === 'maintainer') return viewer.reviewId === review.id;
  if (viewer.role === 'reader') return viewer.reviewId === null || viewer.reviewId === review.id;
  return false;
}

/**
 * Why `viewer` may no longer read the review, asked of the database now rather than of what was true when the viewer
 * was resolved: the token was revoked (or removed), or the review was made private (or removed). Null while they may.
 */
export async function lostReadAccess(database: CumulusDatabase, viewer: Viewer, reviewId: string): Promise<string | null> {
  if (viewer.tokenId !== null) {
    const token = await database.db.selectFrom('api_tokens').select(['name', 'revoked_at']).where('id', '=', viewer.tokenId).executeTakeFirst();
    if (!token) return `the bearer token '${viewer.name}' no longer exists`;
    if (token.revoked_at !== null) return `the bearer token '${token.name}' was revoked at ${token.revoked_at}`;
  }
  const review = await database.db.selectFrom('reviews').select(['id', 'is_public']).where('id', '=', reviewId).executeTakeFirst();
  if (!review) return `review '${reviewId}' no longer exists`;
  if (canRead(viewer, review)) return null;
  return viewer.role === 'anonymous'
    ? `review '${reviewId}' is no longer public; subscribe again with a token that may read it`
    : `review '${reviewId}' is no longer public, and token '${viewer.name}' may not read it`;
}

export function canWrite(viewer: Viewer, reviewId: string): boolean {
  return viewer.role === 'admin' || (viewer.role === 'maintainer' && viewer.reviewId === reviewId);
}

/** Why a write is refused, in words: no token, a bad token, or a token for something else. */
export function writeRefusal(viewer: Viewer, what: string): string {
  if (viewer.credentialProblem) return `${what} needs a valid token, but ${viewer.credentialProblem}`;
  if (viewer.role === 'anonymous') return `${what} needs a token: send "Authorization: Bearer <token>"`;
  if (viewer.role === 'reader') return `${what} needs a maintainer or administrator token; '${viewer.name}' can only read`;
  if (viewer.role === 'maintainer') return `${what} is outside the review that token '${viewer.name}' maintains`;
  return `${what} is not allowed`;
}

export function adminRefusal(viewer: Viewer, what: string): string {
  if (viewer.role === 'anonymous') return writeRefusal(viewer, what);
  return `${what} needs an administrator token; '${viewer.name}' is a ${viewer.role}`;
}
