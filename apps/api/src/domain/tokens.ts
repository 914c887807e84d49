// Bearer tokens, each acting for a user: personal access tokens (a person's, limited to chosen reviews and roles, with
// an expiry), and the older administrator-made tokens with a role, each acting for a service user named after it.
// The secret is shown once and stored as a hash; a revoked or expired token stops at once (checked on every request).
import type { ApiTokenRow, CumulusDatabase, Kysely, Database, ReviewRole, TokenRole } from '@cumulus/db';
import { z } from 'zod';
import { permissionsOf, reviewRoles } from '../auth/permissions.js';
import { adminRefusal, generateTokenSecret, hashToken, type Viewer } from '../auth/viewer.js';
import { newId } from './ids.js';
import { now } from './rows.js';
import { refusable, refuse, type WriteResult } from './user-errors.js';
import { text, validate } from './validate.js';

const createTokenInput = z
  .object({ name: text('name', 200), role: z.enum(['admin', 'maintainer', 'reader']), reviewId: z.string().nullish() })
  .superRefine((value, context) => {
    if (value.role === 'maintainer' && !value.reviewId) {
      context.addIssue({ code: 'custom', path: ['reviewId'], message: 'a maintainer token needs the reviewId of the review it maintains' });
    }
    if (value.role === 'admin' && value.reviewId) {
      context.addIssue({ code: 'custom', path: ['reviewId'], message: 'an administrator token covers every review; leave reviewId out' });
    }
  });
export type CreateApiTokenInput = z.input<typeof createTokenInput>;

/**
 * The service user an administrator-made token acts for, with the reach its role had: an administrator; a member of
 * its review (maintainer or reader); or, for a reader of every review, an administrator narrowed to reading by scope.
 * Migration 0009 does the same for tokens made before accounts.
 */
async function serviceUserFor(trx: Kysely<Database>, token: { name: string; role: TokenRole; reviewId: string | null; at: string }) {
  const userId = newId();
  const admin = token.role === 'admin' || (token.role === 'reader' && token.reviewId === null);
  await trx
    .insertInto('users')
    .values({ id: userId, email: null, email_key: null, display_name: token.name, orcid: null, password_hash: null, kind: 'service', is_admin: admin ? 1 : 0, email_confirmed_at: null, created_at: token.at })
    .execute();
  if (token.reviewId !== null) {
    await trx.insertInto('review_members').values({ review_id: token.reviewId, user_id: userId, role: token.role === 'maintainer' ? 'maintainer' : 'reader', added_by: null, created_at: token.at }).execute();
  }
  return {
    user_id: userId,
    scope_roles: token.role === 'reader' ? JSON.stringify(['reader']) : null,
    scope_review_ids: token.reviewId === null ? null : JSON.stringify([token.reviewId]),
  };
}

export function createApiToken(
  database: CumulusDatabase,
  actor: Viewer,
  input: CreateApiTokenInput,
): Promise<WriteResult<{ token: ApiTokenRow; secret: string }>> {
  return refusable(async () => {
    if (actor.role !== 'admin') refuse([], adminRefusal(actor, 'creating a token'));
    const valid = validate(createTokenInput, input);
    if (valid.reviewId) {
      const review = await database.db.selectFrom('reviews').select('id').where('id', '=', valid.reviewId).executeTakeFirst();
      if (!review) refuse(['input', 'reviewId'], `there is no review with id '${valid.reviewId}'`);
    }
    const secret = generateTokenSecret();
    const at = now();
    const token = await database.writeTransaction(null, async (trx) => {
      const owner = await serviceUserFor(trx, { name: valid.name, role: valid.role, reviewId: valid.reviewId ?? null, at });
      const row: ApiTokenRow = { id: newId(), name: valid.name, token_hash: hashToken(secret), role: valid.role, review_id: valid.reviewId ?? null, created_at: at, revoked_at: null, expires_at: null, ...owner };
      await trx.insertInto('api_tokens').values(row).execute();
      return row;
    });
    return { ok: true, value: { token, secret }, version: 0 };
  });
}

const personalTokenInput = z.object({
  name: text('name', 200),
  reviewIds: z.array(z.string()).min(1, 'reviewIds, when given, names at least one review (leave it out for all of yours)').max(100).nullish(),
  roles: z
    .array(z.enum(reviewRoles as [ReviewRole, ...ReviewRole[]]))
    .min(1, 'roles, when given, names at least one role (leave it out for all of yours)')
    .nullish(),
  expiresInDays: z.number().int('expiresInDays is a whole number of days').min(1, 'expiresInDays is at least 1').max(366, 'a token lives at most 366 days').nullish(),
});
export type CreatePersonalAccessTokenInput = z.input<typeof personalTokenInput>;

/**
 * A person's token, made from a dashboard session (a token cannot make a wider one): it acts as its owner, limited to
 * the reviews and roles chosen, until it expires (90 days unless chosen) or is revoked.
 */
export function createPersonalAccessToken(
  database: CumulusDatabase,
  actor: Viewer,
  input: CreatePersonalAccessTokenInput,
): Promise<WriteResult<{ token: ApiTokenRow; secret: string }>> {
  return refusable(async () => {
    if (actor.userId === null || actor.userKind !== 'person') refuse([], 'creating a personal access token needs you signed in');
    if (actor.sessionId === null) refuse([], 'personal access tokens are made from a signed-in session (the dashboard), not with another token');
    const valid = validate(personalTokenInput, input);
    for (const [i, reviewId] of (valid.reviewIds ?? []).entries()) {
      if (!actor.everyReview.includes('read') && !actor.reviews[reviewId]) refuse(['input', 'reviewIds', String(i)], `you are not in the team of a review with id '${reviewId}'`);
      if (!(await database.db.selectFrom('reviews').select('id').where('id', '=', reviewId).executeTakeFirst())) refuse(['input', 'reviewIds', String(i)], `there is no review with id '${reviewId}'`);
    }
    const secret = generateTokenSecret();
    const created = new Date();
    const writes = permissionsOf(valid.roles ?? reviewRoles).some((p) => p !== 'read');
    const token: ApiTokenRow = {
      id: newId(),
      name: valid.name,
      token_hash: hashToken(secret),
      // The old role, for clients that read it: what the token can do at most.
      role: actor.admin && !valid.roles && !valid.reviewIds ? 'admin' : writes ? 'maintainer' : 'reader',
      review_id: valid.reviewIds?.length === 1 ? valid.reviewIds[0] : null,
      created_at: created.toISOString(),
      revoked_at: null,
      user_id: actor.userId,
      expires_at: new Date(created.getTime() + (valid.expiresInDays ?? 90) * 24 * 3600_000).toISOString(),
      scope_review_ids: valid.reviewIds ? JSON.stringify([...new Set(valid.reviewIds)]) : null,
      scope_roles: valid.roles ? JSON.stringify(reviewRoles.filter((r) => valid.roles!.includes(r))) : null,
    };
    await database.db.insertInto('api_tokens').values(token).execute();
    return { ok: true, value: { token, secret }, version: 0 };
  });
}

/** Administrators revoke any token; a person revokes their own. */
export function revokeApiToken(database: CumulusDatabase, actor: Viewer, input: { id: string }): Promise<WriteResult<ApiTokenRow>> {
  return refusable(async () => {
    const token = await database.db.selectFrom('api_tokens').selectAll().where('id', '=', input.id).executeTakeFirst();
    const own = token !== undefined && actor.userId !== null && token.user_id === actor.userId && actor.userKind === 'person';
    if (!actor.admin && !own) {
      if (actor.role !== 'admin' && actor.userKind !== 'person') refuse([], adminRefusal(actor, 'revoking a token'));
      refuse(['input', 'id'], `there is no token of yours with id '${input.id}'`);
    }
    if (!token) refuse(['input', 'id'], `there is no token with id '${input.id}'`);
    if (token.revoked_at !== null) refuse(['input', 'id'], `token '${token.name}' was already revoked at ${token.revoked_at}`);
    const revokedAt = now();
    await database.db.updateTable('api_tokens').set({ revoked_at: revokedAt }).where('id', '=', token.id).execute();
    return { ok: true, value: { ...token, revoked_at: revokedAt }, version: 0 };
  });
}
