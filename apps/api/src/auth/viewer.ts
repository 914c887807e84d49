// Who is asking, and what they may read and write: nobody, CUMULUS_ADMIN_TOKEN, a bearer token (its user's reach,
// narrowed by the token's scope) or a dashboard session (the user's reach). Secrets are stored as SHA-256 hashes.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CumulusDatabase, ReviewRole, ReviewRow, TokenRole, UserKind } from '@cumulus/db';
import { everyPermission, permissionsOf, rolesWith, type Permission } from './permissions.js';
import { ANTI_FORGERY_HEADER, antiForgeryTokenOf, parseCookies, SESSION_COOKIE } from './sessions.js';

export interface Viewer {
  /** The old token roles, kept for clients that read them: admin, maintainer (may write somewhere), reader, anonymous. */
  readonly role: TokenRole | 'anonymous';
  /** Shown in the change log: the user's display name (an old token's service user bears the token's name). */
  readonly name: string;
  /** The user acting (null: anonymous, CUMULUS_ADMIN_TOKEN, the demo loader). */
  readonly userId: string | null;
  readonly userKind: UserKind | null;
  readonly tokenId: string | null;
  /** Set for a dashboard session (cookie). */
  readonly sessionId: string | null;
  /** For a session: whether the request carried its anti-forgery token (mutations need it). */
  readonly antiForgery: 'valid' | 'missing' | 'wrong' | null;
  /** Administers everything: people, tokens, creating reviews. */
  readonly admin: boolean;
  /** May create reviews (and become their owner): administrators, and people not limited by a token's scope. */
  readonly mayCreateReviews: boolean;
  /** What the viewer may do in every review (administrators, narrowed by a token's scope). */
  readonly everyReview: readonly Permission[];
  /** What the viewer may do per review, from the review's team (narrowed by a token's scope). */
  readonly reviews: Readonly<Record<string, readonly Permission[]>>;
  /** The one review a viewer's reach is limited to, when it is one (old maintainer and reader tokens). */
  readonly reviewId: string | null;
  /** Set when a credential was sent but not accepted, so a refused write can say why. */
  readonly credentialProblem: string | null;
}

const nobody = {
  userId: null,
  userKind: null,
  tokenId: null,
  sessionId: null,
  antiForgery: null,
  admin: false,
  mayCreateReviews: false,
  everyReview: [],
  reviews: {},
  reviewId: null,
  credentialProblem: null,
} as const;

export const anonymousViewer: Viewer = { ...nobody, role: 'anonymous', name: 'anonymous' };

const administrator = (name: string): Viewer => ({ ...nobody, role: 'admin', name, admin: true, mayCreateReviews: true, everyReview: everyPermission });

/** The identity the demo loader writes under. */
export const demoLoaderViewer: Viewer = administrator('demo loader');

/** What a request presents: a bearer token, or a session cookie and its anti-forgery header. */
export interface RequestCredentials {
  authorization: string | null;
  cookie: string | null;
  antiForgery: string | null;
}

export function credentialsOf(headers: { get(name: string): string | null } | Record<string, string | string[] | undefined>): RequestCredentials {
  const get = (name: string): string | null => {
    if (typeof headers.get === 'function') return (headers as { get(name: string): string | null }).get(name);
    const value = (headers as Record<string, string | string[] | undefined>)[name];
    return Array.isArray(value) ? value.join('; ') : (value ?? null);
  };
  return { authorization: get('authorization'), cookie: get('cookie'), antiForgery: get(ANTI_FORGERY_HEADER) };
}

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

/** A token's limits: the reviews and roles it may act in (null: no limit). */
export interface TokenScope {
  reviewIds: string[] | null;
  roles: ReviewRole[] | null;
}

export function scopeOf(row: { scope_review_ids: string | null; scope_roles: string | null }): TokenScope {
  return {
    reviewIds: row.scope_review_ids === null ? null : (JSON.parse(row.scope_review_ids) as string[]),
    roles: row.scope_roles === null ? null : (JSON.parse(row.scope_roles) as ReviewRole[]),
  };
}

/** A user's reach (administrator, or their roles per review), narrowed by a token's scope. */
async function viewerOfUser(
  database: CumulusDatabase,
  user: { id: string; display_name: string; kind: UserKind; is_admin: number },
  scope: TokenScope,
  via: { tokenId: string | null; sessionId: string | null; antiForgery: Viewer['antiForgery'] },
): Promise<Viewer> {
  const allowed = scope.roles === null ? everyPermission : permissionsOf(scope.roles);
  const narrow = (permissions: readonly Permission[]) => permissions.filter((p) => allowed.includes(p));
  const memberships = await database.db.selectFrom('review_members').select(['review_id', 'role']).where('user_id', '=', user.id).execute();
  const rolesByReview = new Map<string, ReviewRole[]>();
  for (const { review_id, role } of memberships) rolesByReview.set(review_id, [...(rolesByReview.get(review_id) ?? []), role]);
  const everywhere = user.is_admin === 1 ? everyPermission : [];
  const reviews: Record<string, readonly Permission[]> = {};
  const reviewIds = scope.reviewIds ?? [...rolesByReview.keys()];
  for (const reviewId of reviewIds) {
    const own = permissionsOf(rolesByReview.get(reviewId) ?? []);
    const permissions = narrow(everyPermission.filter((p) => own.includes(p) || everywhere.includes(p)));
    if (permissions.length > 0) reviews[reviewId] = permissions;
  }
  const everyReview = scope.reviewIds === null ? narrow(everywhere) : [];
  const admin = user.is_admin === 1 && scope.roles === null && scope.reviewIds === null;
  const writes = [...everyReview, ...Object.values(reviews).flat()].some((p) => p !== 'read');
  const only = Object.keys(reviews);
  return {
    role: admin ? 'admin' : writes ? 'maintainer' : 'reader',
    name: user.display_name,
    userId: user.id,
    userKind: user.kind,
    tokenId: via.tokenId,
    sessionId: via.sessionId,
    antiForgery: via.antiForgery,
    admin,
    mayCreateReviews: admin || (user.kind === 'person' && scope.reviewIds === null && (scope.roles === null || scope.roles.includes('owner'))),
    everyReview,
    reviews,
    reviewId: everyReview.length === 0 && only.length === 1 ? only[0] : null,
    credentialProblem: null,
  };
}

const userColumns = ['users.id', 'users.display_name', 'users.kind', 'users.is_admin'] as const;

export async function resolveViewer(
  database: CumulusDatabase,
  credentials: RequestCredentials | string | null | undefined,
  adminToken: string | null,
): Promise<Viewer> {
  const presented: RequestCredentials =
    typeof credentials === 'object' && credentials !== null ? credentials : { authorization: credentials ?? null, cookie: null, antiForgery: null };
  const authorization = presented.authorization;
  if (!authorization) return presented.cookie ? sessionViewer(database, presented) : anonymousViewer;
  const secret = bearerSecret(authorization);
  if (secret === null) return { ...anonymousViewer, credentialProblem: 'the Authorization header is not "Bearer <token>"' };
  if (adminToken && sameSecret(secret, adminToken)) return administrator('administrator');
  const row = await database.db
    .selectFrom('api_tokens')
    .leftJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id as token_id', 'api_tokens.name', 'api_tokens.revoked_at', 'api_tokens.expires_at', 'api_tokens.scope_review_ids', 'api_tokens.scope_roles', ...userColumns])
    .where('api_tokens.token_hash', '=', hashToken(secret))
    .executeTakeFirst();
  if (!row) return { ...anonymousViewer, credentialProblem: 'the bearer token is not known' };
  if (row.revoked_at !== null) return { ...anonymousViewer, credentialProblem: `the bearer token '${row.name}' was revoked` };
  if (row.expires_at !== null && row.expires_at <= new Date().toISOString()) {
    return { ...anonymousViewer, credentialProblem: `the bearer token '${row.name}' expired at ${row.expires_at}; create a new one` };
  }
  if (row.id === null) return { ...anonymousViewer, credentialProblem: `the bearer token '${row.name}' belongs to no user` };
  const user = { id: row.id, display_name: row.display_name!, kind: row.kind!, is_admin: row.is_admin! };
  return viewerOfUser(database, user, scopeOf(row), { tokenId: row.token_id, sessionId: null, antiForgery: null });
}

async function sessionViewer(database: CumulusDatabase, presented: RequestCredentials): Promise<Viewer> {
  const secret = parseCookies(presented.cookie).get(SESSION_COOKIE);
  if (!secret) return anonymousViewer;
  const row = await database.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id as session_id', 'sessions.expires_at', 'sessions.revoked_at', ...userColumns])
    .where('sessions.token_hash', '=', hashToken(secret))
    .executeTakeFirst();
  if (!row) return { ...anonymousViewer, credentialProblem: 'the session cookie is not known: sign in again' };
  if (row.revoked_at !== null) return { ...anonymousViewer, credentialProblem: 'this session was signed out: sign in again' };
  if (row.expires_at <= new Date().toISOString()) return { ...anonymousViewer, credentialProblem: `this session expired at ${row.expires_at}: sign in again` };
  const expected = antiForgeryTokenOf(secret);
  const antiForgery = presented.antiForgery === null ? 'missing' : presented.antiForgery.length === expected.length && timingSafeEqual(Buffer.from(presented.antiForgery), Buffer.from(expected)) ? 'valid' : 'wrong';
  return viewerOfUser(database, row, { reviewIds: null, roles: null }, { tokenId: null, sessionId: row.session_id, antiForgery });
}

const identityKeys = new WeakMap<Viewer, string>();

/**
 * Everything about a viewer that can change what they see: answers are shared only between equal keys. Worked out once
 * per viewer (a viewer does not change once resolved), since every event each subscriber receives asks for it.
 */
export function identityKey(viewer: Viewer): string {
  let key = identityKeys.get(viewer);
  if (key === undefined) {
    key = JSON.stringify([viewer.role, viewer.tokenId, viewer.sessionId, viewer.userId, viewer.name, viewer.everyReview, viewer.reviews, viewer.credentialProblem]);
    identityKeys.set(viewer, key);
  }
  return key;
}

/** Whether the viewer may do `permission` in the review. */
export function can(viewer: Viewer, reviewId: string, permission: Permission): boolean {
  return viewer.everyReview.includes(permission) || (viewer.reviews[reviewId]?.includes(permission) ?? false);
}

export function canRead(viewer: Viewer, review: Pick<ReviewRow, 'id' | 'is_public'>): boolean {
  return review.is_public === 1 || can(viewer, review.id, 'read');
}

/**
 * Why `viewer` may no longer read the review, asked of the database now rather than of what was true when the viewer
 * was resolved: the token or session was revoked (or removed), the viewer left the team, or the review was made
 * private (or removed). Null while they may.
 */
export async function lostReadAccess(database: CumulusDatabase, viewer: Viewer, reviewId: string): Promise<string | null> {
  if (viewer.tokenId !== null) {
    const token = await database.db.selectFrom('api_tokens').select(['name', 'revoked_at', 'expires_at']).where('id', '=', viewer.tokenId).executeTakeFirst();
    if (!token) return `the bearer token '${viewer.name}' no longer exists`;
    if (token.revoked_at !== null) return `the bearer token '${token.name}' was revoked at ${token.revoked_at}`;
    if (token.expires_at !== null && token.expires_at <= new Date().toISOString()) return `the bearer token '${token.name}' expired at ${token.expires_at}`;
  }
  if (viewer.sessionId !== null) {
    const session = await database.db.selectFrom('sessions').select(['revoked_at', 'expires_at']).where('id', '=', viewer.sessionId).executeTakeFirst();
    if (!session || session.revoked_at !== null) return 'the session was signed out';
    if (session.expires_at <= new Date().toISOString()) return `the session expired at ${session.expires_at}`;
  }
  const review = await database.db.selectFrom('reviews').select(['id', 'is_public']).where('id', '=', reviewId).executeTakeFirst();
  if (!review) return `review '${reviewId}' no longer exists`;
  if (review.is_public !== 1 && viewer.userId !== null && !viewer.everyReview.includes('read')) {
    const member = await database.db.selectFrom('review_members').select('role').where('review_id', '=', reviewId).where('user_id', '=', viewer.userId).executeTakeFirst();
    if (!member) return `review '${reviewId}' is private, and '${viewer.name}' is no longer in its team`;
  }
  if (canRead(viewer, review)) return null;
  return viewer.role === 'anonymous'
    ? `review '${reviewId}' is no longer public; subscribe again with a token that may read it`
    : `review '${reviewId}' is no longer public, and token '${viewer.name}' may not read it`;
}

export function canWrite(viewer: Viewer, reviewId: string, permission: Permission = 'edit-review'): boolean {
  return can(viewer, reviewId, permission);
}

const roleList = (permission: Permission) => rolesWith(permission).join(', ');

/** Why a write is refused, in words: no credential, a bad one, or one for something else. */
export function writeRefusal(viewer: Viewer, what: string, permission: Permission = 'edit-review', reviewId?: string): string {
  if (viewer.credentialProblem) return `${what} needs a valid token or session, but ${viewer.credentialProblem}`;
  if (viewer.role === 'anonymous') return `${what} needs a token: send "Authorization: Bearer <token>"`;
  if (viewer.role === 'reader') {
    return `${what} needs a maintainer or administrator token (or one of the roles ${roleList(permission)} in the review); '${viewer.name}' can only read`;
  }
  if (viewer.reviewId !== null && viewer.reviewId !== reviewId) return `${what} is outside the review that token '${viewer.name}' maintains`;
  return `${what} needs one of the roles ${roleList(permission)} in this review; '${viewer.name}' has none of them`;
}

export function adminRefusal(viewer: Viewer, what: string): string {
  if (viewer.role === 'anonymous') return writeRefusal(viewer, what);
  return `${what} needs an administrator token; '${viewer.name}' is a ${viewer.role}`;
}
