// People: sign-up (confirmed by mail), sign-in with a password, sessions, password resets, profiles, and accounts
// made by administrators. No answer tells whether an email has an account: refusals, sign-ups of a known email and
// reset requests read the same and take about as long either way.
import type { CumulusDatabase, SessionRow, UserRow } from '@cumulus/db';
import { z } from 'zod';
import { hashPassword, verifyPassword, decoyPasswordHash } from '../auth/passwords.js';
import { normaliseOrcid } from '../auth/orcid.js';
import { createSession, randomSecret, sha256 } from '../auth/sessions.js';
import type { SignInThrottle } from '../auth/throttle.js';
import { adminRefusal, type Viewer } from '../auth/viewer.js';
import type { Mailer } from '../mail/mailer.js';
import { newId } from './ids.js';
import { now } from './rows.js';
import { refusable, refuse, type WriteResult } from './user-errors.js';
import { text, validate } from './validate.js';

export interface AuthServices {
  database: CumulusDatabase;
  mailer: Mailer;
  throttle: SignInThrottle;
  /** Links in mail start here (CUMULUS_PUBLIC_URL). */
  publicUrl: string;
  sessionTtlMs: number;
}

/** Where a request came from, for sessions and throttling. */
export interface RequestInfo {
  address: string;
  userAgent: string | null;
}

export interface SignedIn {
  user: UserRow;
  session: SessionRow;
  /** The cookie's value: shown to nobody but the browser. */
  secret: string;
}

const RESET_TTL_MS = 3600_000;
const CONFIRM_TTL_MS = 3 * 24 * 3600_000;

export const emailKey = (email: string) => email.trim().toLowerCase();

/** A new person's row: no email for a provider that gave none; `confirmedAt` when the email is known to be theirs. */
export function personRow(person: {
  email: string | null;
  displayName: string;
  orcid: string | null;
  passwordHash: string | null;
  admin?: boolean | null;
  confirmedAt: string | null;
  createdAt: string;
}): UserRow {
  return {
    id: newId(),
    email: person.email,
    email_key: person.email === null ? null : emailKey(person.email),
    display_name: person.displayName,
    orcid: person.orcid,
    password_hash: person.passwordHash,
    kind: 'person',
    is_admin: person.admin ? 1 : 0,
    email_confirmed_at: person.confirmedAt,
    created_at: person.createdAt,
  };
}

const email = (field = 'email') =>
  z
    .string()
    .trim()
    .max(320, `${field} is longer than 320 characters`)
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, `${field} is not an email address (name@example.org)`);
const password = z
  .string()
  .min(10, 'the password needs at least 10 characters')
  .max(200, 'the password is longer than 200 characters');
const orcid = z
  .string()
  .nullish()
  .transform((value, context) => {
    if (value === null || value === undefined || value.trim() === '') return null;
    const normalised = normaliseOrcid(value);
    if (normalised === null) {
      context.addIssue({ code: 'custom', message: `'${value}' is not an ORCID iD: 16 digits (the last may be X) in four groups, e.g. 0000-0002-1825-0097, whose last character checks the others` });
      return z.NEVER;
    }
    return normalised;
  });

const signUpInput = z.object({ email: email(), displayName: text('displayName', 200), password, orcid });
export type SignUpInput = z.input<typeof signUpInput>;

/** The one answer to every sign-up, whether or not the email already has an account. */
export const signUpMessage = (address: string) =>
  `We sent a message to ${address}. Follow its link within 3 days to finish signing up (if you already have an account, the message says how to sign in).`;

function link(auth: AuthServices, path: string, token: string) {
  return `${auth.publicUrl}${path}?token=${encodeURIComponent(token)}`;
}

async function issueMailToken(database: CumulusDatabase, userId: string, purpose: 'reset' | 'confirm-email', ttlMs: number): Promise<string> {
  const secret = randomSecret();
  const created = new Date();
  await database.db
    .insertInto('password_resets')
    .values({ id: newId(), user_id: userId, purpose, token_hash: sha256(secret), created_at: created.toISOString(), expires_at: new Date(created.getTime() + ttlMs).toISOString(), used_at: null })
    .execute();
  return secret;
}

export function signUp(auth: AuthServices, request: RequestInfo, input: SignUpInput): Promise<WriteResult<{ message: string }>> {
  return refusable(async () => {
    const valid = validate(signUpInput, input);
    // Each sign-up mails the address: a few per address and client, whether or not it has an account.
    const throttleKey = `sign-up:${emailKey(valid.email)}`;
    const wait = auth.throttle.attempt(throttleKey, request.address);
    if (wait !== null) refuse(['input', 'email'], `Too many sign-ups for this email or from this address. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''}.`);
    auth.throttle.failed(throttleKey);
    // Hashed whether or not the account exists, so both answers take as long.
    const passwordHash = await hashPassword(valid.password);
    const key = emailKey(valid.email);
    const existing = await auth.database.db.selectFrom('users').selectAll().where('email_key', '=', key).executeTakeFirst();
    if (existing) {
      auth.mailer.send({
        to: valid.email,
        subject: 'Cumulus: you already have an account',
        text: `Someone (perhaps you) tried to sign up to Cumulus with this address, which already has an account.\n\nSign in at ${auth.publicUrl}/sign-in, or choose a new password here:\n${auth.publicUrl}/reset-password\n\nIf it was not you, ignore this message.`,
      });
      return { ok: true, value: { message: signUpMessage(valid.email) }, version: 0 };
    }
    const user = personRow({ email: valid.email, displayName: valid.displayName, orcid: valid.orcid, passwordHash, confirmedAt: null, createdAt: now() });
    try {
      await auth.database.db.insertInto('users').values(user).execute();
    } catch {
      // Signed up twice at once: the other request holds the address; answer as for a known email.
      return { ok: true, value: { message: signUpMessage(valid.email) }, version: 0 };
    }
    const token = await issueMailToken(auth.database, user.id, 'confirm-email', CONFIRM_TTL_MS);
    auth.mailer.send({
      to: valid.email,
      subject: 'Cumulus: confirm your email',
      text: `Welcome to Cumulus, ${user.display_name}.\n\nFollow this link within 3 days to confirm your email and sign in:\n${link(auth, '/confirm-email', token)}\n\nIf you did not sign up, ignore this message.`,
    });
    return { ok: true, value: { message: signUpMessage(valid.email) }, version: 0 };
  });
}

/** The unused, unexpired mail token, used up now (once only, even when two requests race). */
async function spendMailToken(database: CumulusDatabase, token: string, purpose: 'reset' | 'confirm-email') {
  const what = purpose === 'reset' ? 'password reset link' : 'confirmation link';
  const row = await database.db.selectFrom('password_resets').selectAll().where('token_hash', '=', sha256(token)).where('purpose', '=', purpose).executeTakeFirst();
  if (!row) refuse(['input', 'token'], `this ${what} is not valid: ask for a new one`);
  if (row.used_at !== null) refuse(['input', 'token'], `this ${what} was already used: ask for a new one`);
  if (row.expires_at <= now()) refuse(['input', 'token'], `this ${what} expired at ${row.expires_at}: ask for a new one`);
  const spent = await database.db.updateTable('password_resets').set({ used_at: now() }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
  if (Number(spent.numUpdatedRows) !== 1) refuse(['input', 'token'], `this ${what} was already used: ask for a new one`);
  return row;
}

async function startSession(auth: AuthServices, user: UserRow, request: RequestInfo): Promise<SignedIn> {
  const { secret, session } = await createSession(auth.database, user.id, { userAgent: request.userAgent, address: request.address, ttlMs: auth.sessionTtlMs });
  return { user, session, secret };
}

export function confirmEmail(auth: AuthServices, request: RequestInfo, input: { token: string }): Promise<WriteResult<SignedIn>> {
  return refusable(async () => {
    const row = await spendMailToken(auth.database, input.token, 'confirm-email');
    await auth.database.db.updateTable('users').set({ email_confirmed_at: now() }).where('id', '=', row.user_id).where('email_confirmed_at', 'is', null).execute();
    const user = await auth.database.db.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirstOrThrow();
    return { ok: true, value: await startSession(auth, user, request), version: 0 };
  });
}

const signInInput = z.object({ email: z.string().trim().min(1, 'email cannot be empty').max(320, 'email is longer than 320 characters'), password: z.string().min(1, 'password cannot be empty').max(200, 'the password is longer than 200 characters') });

export const signInRefusal = 'The email or password is not right (or the email is not confirmed yet: follow the link we sent, or reset your password).';

export function signIn(auth: AuthServices, request: RequestInfo, input: { email: string; password: string }): Promise<WriteResult<SignedIn>> {
  return refusable(async () => {
    const valid = validate(signInInput, input);
    const key = emailKey(valid.email);
    const wait = auth.throttle.attempt(key, request.address);
    if (wait !== null) {
      refuse(['input', 'email'], `Too many sign-in attempts for this email or from this address. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''}, or reset your password.`);
    }
    const user = await auth.database.db.selectFrom('users').selectAll().where('email_key', '=', key).where('kind', '=', 'person').executeTakeFirst();
    // A missing account, a missing password and a wrong one take one scrypt each and read the same.
    const matches = await verifyPassword(valid.password, user?.password_hash ?? (await decoyPasswordHash()));
    if (!user || !user.password_hash || !matches || user.email_confirmed_at === null) {
      auth.throttle.failed(key);
      refuse(['input', 'password'], signInRefusal);
    }
    auth.throttle.succeeded(key);
    return { ok: true, value: await startSession(auth, user, request), version: 0 };
  });
}

export async function signOut(database: CumulusDatabase, viewer: Viewer): Promise<WriteResult<{ sessions: number }>> {
  if (viewer.sessionId === null) return { ok: true, value: { sessions: 0 }, version: 0 };
  const ended = await database.db.updateTable('sessions').set({ revoked_at: now() }).where('id', '=', viewer.sessionId).where('revoked_at', 'is', null).executeTakeFirst();
  return { ok: true, value: { sessions: Number(ended.numUpdatedRows) }, version: 0 };
}

export async function signOutEverywhere(database: CumulusDatabase, viewer: Viewer): Promise<WriteResult<{ sessions: number }>> {
  if (viewer.userId === null) return { ok: false, errors: [{ field: [], message: 'signing out everywhere needs a signed-in person (a session or their token)' }] };
  const ended = await database.db.updateTable('sessions').set({ revoked_at: now() }).where('user_id', '=', viewer.userId).where('revoked_at', 'is', null).executeTakeFirst();
  return { ok: true, value: { sessions: Number(ended.numUpdatedRows) }, version: 0 };
}

export const resetRequestMessage = (address: string) =>
  `If ${address} belongs to an account, we sent it a link to choose a new password. The link works once, within an hour.`;

export function requestPasswordReset(auth: AuthServices, request: RequestInfo, input: { email: string }): Promise<WriteResult<{ message: string }>> {
  return refusable(async () => {
    const valid = validate(z.object({ email: email() }), input);
    const wait = auth.throttle.attempt(`reset:${emailKey(valid.email)}`, request.address);
    if (wait !== null) refuse(['input', 'email'], `Too many requests from this address. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''}.`);
    auth.throttle.failed(`reset:${emailKey(valid.email)}`);
    const user = await auth.database.db.selectFrom('users').selectAll().where('email_key', '=', emailKey(valid.email)).where('kind', '=', 'person').executeTakeFirst();
    if (user?.email) {
      const token = await issueMailToken(auth.database, user.id, 'reset', RESET_TTL_MS);
      auth.mailer.send({
        to: user.email,
        subject: 'Cumulus: choose a new password',
        text: `Follow this link within an hour to choose a new password for Cumulus:\n${link(auth, '/reset-password', token)}\n\nIf you did not ask for it, ignore this message: your password stays as it is.`,
      });
    }
    return { ok: true, value: { message: resetRequestMessage(valid.email) }, version: 0 };
  });
}

/** Sets the new password, confirms the email (the link proved it), ends every other session and starts one. */
export function resetPassword(auth: AuthServices, request: RequestInfo, input: { token: string; password: string }): Promise<WriteResult<SignedIn>> {
  return refusable(async () => {
    const valid = validate(z.object({ token: z.string().min(1, 'token cannot be empty'), password }), input);
    const passwordHash = await hashPassword(valid.password);
    const row = await spendMailToken(auth.database, valid.token, 'reset');
    const at = now();
    await auth.database.db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', row.user_id).execute();
    await auth.database.db.updateTable('users').set({ email_confirmed_at: at }).where('id', '=', row.user_id).where('email_confirmed_at', 'is', null).execute();
    await auth.database.db.updateTable('sessions').set({ revoked_at: at }).where('user_id', '=', row.user_id).where('revoked_at', 'is', null).execute();
    const user = await auth.database.db.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirstOrThrow();
    return { ok: true, value: await startSession(auth, user, request), version: 0 };
  });
}

const profileInput = z.object({ displayName: text('displayName', 200).nullish(), orcid });

export function updateProfile(database: CumulusDatabase, viewer: Viewer, input: z.input<typeof profileInput>): Promise<WriteResult<UserRow>> {
  return refusable(async () => {
    if (viewer.userId === null || viewer.userKind !== 'person') refuse([], 'changing a profile needs a signed-in person');
    const valid = validate(profileInput, input);
    const changes: Partial<UserRow> = {};
    if (valid.displayName) changes.display_name = valid.displayName;
    if (input.orcid !== undefined) changes.orcid = valid.orcid;
    if (Object.keys(changes).length > 0) await database.db.updateTable('users').set(changes).where('id', '=', viewer.userId).execute();
    return { ok: true, value: await database.db.selectFrom('users').selectAll().where('id', '=', viewer.userId).executeTakeFirstOrThrow(), version: 0 };
  });
}

export function changePassword(database: CumulusDatabase, viewer: Viewer, input: { currentPassword: string; newPassword: string }): Promise<WriteResult<UserRow>> {
  return refusable(async () => {
    if (viewer.userId === null || viewer.userKind !== 'person') refuse([], 'changing a password needs a signed-in person');
    const valid = validate(z.object({ currentPassword: z.string(), newPassword: password }), input);
    const user = await database.db.selectFrom('users').selectAll().where('id', '=', viewer.userId).executeTakeFirstOrThrow();
    if (user.password_hash !== null && !(await verifyPassword(valid.currentPassword, user.password_hash))) refuse(['input', 'currentPassword'], 'the current password is not right');
    await database.db.updateTable('users').set({ password_hash: await hashPassword(valid.newPassword) }).where('id', '=', user.id).execute();
    // Every other session ends: whoever knew the old password is signed out.
    let others = database.db.updateTable('sessions').set({ revoked_at: now() }).where('user_id', '=', user.id).where('revoked_at', 'is', null);
    if (viewer.sessionId !== null) others = others.where('id', '<>', viewer.sessionId);
    await others.execute();
    return { ok: true, value: user, version: 0 };
  });
}

const createUserInput = z.object({ email: email(), displayName: text('displayName', 200), password: password.nullish(), orcid, admin: z.boolean().nullish() });
export type CreateUserInput = z.input<typeof createUserInput>;

/** Administrators (CUMULUS_ADMIN_TOKEN included) make accounts, e.g. the first administrator; the email counts as confirmed. */
export function createUser(database: CumulusDatabase, actor: Viewer | null, input: CreateUserInput): Promise<WriteResult<UserRow>> {
  return refusable(async () => {
    if (actor !== null && !actor.admin) refuse([], adminRefusal(actor, 'creating an account'));
    const valid = validate(createUserInput, input);
    const key = emailKey(valid.email);
    if (await database.db.selectFrom('users').select('id').where('email_key', '=', key).executeTakeFirst()) {
      refuse(['input', 'email'], `${valid.email} already has an account; make it an administrator with setAdministrator`);
    }
    const at = now();
    const user = personRow({
      email: valid.email,
      displayName: valid.displayName,
      orcid: valid.orcid,
      passwordHash: valid.password ? await hashPassword(valid.password) : null,
      admin: valid.admin,
      confirmedAt: at,
      createdAt: at,
    });
    await database.db.insertInto('users').values(user).execute();
    return { ok: true, value: user, version: 0 };
  });
}

export function setAdministrator(database: CumulusDatabase, actor: Viewer, input: { userId: string; admin: boolean }): Promise<WriteResult<UserRow>> {
  return refusable(async () => {
    if (!actor.admin) refuse([], adminRefusal(actor, 'making someone an administrator'));
    const user = await database.db.selectFrom('users').selectAll().where('id', '=', input.userId).executeTakeFirst();
    if (!user) refuse(['input', 'userId'], `there is no user with id '${input.userId}'`);
    await database.db.updateTable('users').set({ is_admin: input.admin ? 1 : 0 }).where('id', '=', user.id).execute();
    return { ok: true, value: { ...user, is_admin: input.admin ? 1 : 0 }, version: 0 };
  });
}
