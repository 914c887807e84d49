// API tokens: created and revoked by administrators; the secret is shown once and stored as a hash.
import type { ApiTokenRow, CumulusDatabase, TokenRole } from '@cumulus/db';
import { z } from 'zod';
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
    const token: ApiTokenRow = {
      id: newId(),
      name: valid.name,
      token_hash: hashToken(secret),
      role: valid.role as TokenRole,
      review_id: valid.reviewId ?? null,
      created_at: now(),
      revoked_at: null,
    };
    await database.db.insertInto('api_tokens').values(token).execute();
    return { ok: true, value: { token, secret }, version: 0 };
  });
}

export function revokeApiToken(database: CumulusDatabase, actor: Viewer, input: { id: string }): Promise<WriteResult<ApiTokenRow>> {
  return refusable(async () => {
    if (actor.role !== 'admin') refuse([], adminRefusal(actor, 'revoking a token'));
    const token = await database.db.selectFrom('api_tokens').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!token) refuse(['input', 'id'], `there is no token with id '${input.id}'`);
    if (token.revoked_at !== null) refuse(['input', 'id'], `token '${token.name}' was already revoked at ${token.revoked_at}`);
    const revokedAt = now();
    await database.db.updateTable('api_tokens').set({ revoked_at: revokedAt }).where('id', '=', token.id).execute();
    return { ok: true, value: { ...token, revoked_at: revokedAt }, version: 0 };
  });
}
