// Dashboard sessions: a random secret in an HttpOnly, SameSite=Lax cookie; the database keeps only its SHA-256.
// The anti-forgery token is derived from the secret, so it is checked against the session without storing it.
import { createHash, randomBytes } from 'node:crypto';
import type { CumulusDatabase, SessionRow } from '@cumulus/db';
import { newId } from '../domain/ids.js';

export const SESSION_COOKIE = 'cumulus_session';
/** The header a cookie-authenticated mutation must carry (the value of `me.antiForgeryToken`). */
export const ANTI_FORGERY_HEADER = 'x-csrf-token';
export const defaultSessionTtlMs = 14 * 24 * 3600_000;

export function sha256(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function randomSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function antiForgeryTokenOf(sessionSecret: string): string {
  return createHash('sha256').update(`cumulus anti-forgery\0${sessionSecret}`, 'utf8').digest('base64url');
}

export function parseCookies(header: string | null | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(at + 1).trim());
  }
  return cookies;
}

/** https, directly or behind a proxy that says so (X-Forwarded-Proto). */
export function cameOverHttps(request: Request): boolean {
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return forwarded === 'https' || new URL(request.url).protocol === 'https:';
}

export function cookieHeader(name: string, value: string, options: { secure: boolean; maxAgeSeconds: number; path?: string }): string {
  return [
    `${name}=${value}`,
    `Path=${options.path ?? '/'}`,
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

export async function createSession(
  database: CumulusDatabase,
  userId: string,
  details: { userAgent: string | null; address: string | null; ttlMs: number },
): Promise<{ secret: string; session: SessionRow }> {
  const secret = randomSecret();
  const created = new Date();
  const session: SessionRow = {
    id: newId(),
    token_hash: sha256(secret),
    user_id: userId,
    created_at: created.toISOString(),
    expires_at: new Date(created.getTime() + details.ttlMs).toISOString(),
    revoked_at: null,
    user_agent: details.userAgent?.slice(0, 300) ?? null,
    address: details.address,
  };
  await database.db.insertInto('sessions').values(session).execute();
  return { secret, session };
}
