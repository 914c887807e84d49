// Review teams: members and their roles, and invitations by a single-use, expiring link (mailed when SMTP is set).
// Team changes are not review versions: they change who may act, not the evidence.
import type { CumulusDatabase, InvitationRow, ReviewMemberRow, ReviewRole } from '@cumulus/db';
import { z } from 'zod';
import { reviewRoles } from '../auth/permissions.js';
import { randomSecret, sha256 } from '../auth/sessions.js';
import { can, canRead, writeRefusal, type Viewer } from '../auth/viewer.js';
import { newId } from './ids.js';
import type { AuthServices } from './people.js';
import { now } from './rows.js';
import { refusable, refuse, type WriteResult } from './user-errors.js';
import { validate } from './validate.js';

const INVITATION_TTL_MS = 7 * 24 * 3600_000;
const role = z.enum(reviewRoles as [ReviewRole, ...ReviewRole[]]);

/** The review whose team `viewer` manages; one they cannot read is unknown. */
async function teamForChange(database: CumulusDatabase, viewer: Viewer, reviewId: string, what: string) {
  const review = await database.db.selectFrom('reviews').select(['id', 'title', 'is_public']).where('id', '=', reviewId).executeTakeFirst();
  if (viewer.role === 'anonymous') refuse([], writeRefusal(viewer, what, 'manage-team'));
  if (!review || !canRead(viewer, review)) refuse(['input', 'reviewId'], `there is no review with id '${reviewId}'`);
  if (!can(viewer, review.id, 'manage-team')) refuse([], writeRefusal(viewer, what, 'manage-team', review.id));
  return review;
}

export interface CreatedInvitation {
  invitation: InvitationRow;
  /** The link to accept it: shown once to the inviter (and mailed to the invitee when SMTP is configured). */
  link: string;
}

const inviteInput = z.object({
  reviewId: z.string(),
  email: z.string().trim().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'email is not an email address (name@example.org)'),
  role,
});

export function inviteMember(auth: AuthServices, viewer: Viewer, input: z.input<typeof inviteInput>): Promise<WriteResult<CreatedInvitation>> {
  return refusable(async () => {
    const valid = validate(inviteInput, input);
    const review = await teamForChange(auth.database, viewer, valid.reviewId, 'inviting a member');
    const secret = randomSecret('inv_');
    const created = new Date();
    const invitation: InvitationRow = {
      id: newId(),
      review_id: review.id,
      email: valid.email,
      role: valid.role,
      token_hash: sha256(secret),
      invited_by: viewer.userId,
      inviter_name: viewer.name,
      created_at: created.toISOString(),
      expires_at: new Date(created.getTime() + INVITATION_TTL_MS).toISOString(),
      accepted_at: null,
      accepted_by: null,
      revoked_at: null,
    };
    await auth.database.db.insertInto('invitations').values(invitation).execute();
    const link = `${auth.publicUrl}/invitations/accept?token=${encodeURIComponent(secret)}`;
    auth.mailer.send({
      to: valid.email,
      subject: `Cumulus: join the review '${review.title}'`,
      text: `${viewer.name} invites you to the team of the living review '${review.title}' as ${valid.role}.\n\nFollow this link within 7 days to accept (sign in or sign up first; the link works once):\n${link}\n`,
    });
    return { ok: true, value: { invitation, link }, version: 0 };
  });
}

/** What an invitation link is for, so the accept page can show it before anyone signs in; null for an unknown link. */
export async function invitationPreview(database: CumulusDatabase, token: string) {
  const invitation = await database.db
    .selectFrom('invitations')
    .innerJoin('reviews', 'reviews.id', 'invitations.review_id')
    .select(['invitations.id', 'invitations.role', 'invitations.email', 'invitations.inviter_name', 'invitations.expires_at', 'invitations.accepted_at', 'invitations.revoked_at', 'reviews.title', 'reviews.id as review_id'])
    .where('invitations.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!invitation) return null;
  const state = invitation.accepted_at !== null ? 'accepted' : invitation.revoked_at !== null ? 'revoked' : invitation.expires_at <= now() ? 'expired' : 'open';
  return { ...invitation, state } as const;
}

export function acceptInvitation(database: CumulusDatabase, viewer: Viewer, input: { token: string }): Promise<WriteResult<ReviewMemberRow>> {
  return refusable(async () => {
    if (viewer.userId === null || viewer.userKind !== 'person') {
      refuse([], viewer.credentialProblem ? `accepting an invitation needs you signed in, but ${viewer.credentialProblem}` : 'accepting an invitation needs you signed in: sign in or sign up, then follow the link again');
    }
    const invitation = await database.db.selectFrom('invitations').selectAll().where('token_hash', '=', sha256(input.token)).executeTakeFirst();
    if (!invitation) refuse(['input', 'token'], 'this invitation link is not valid: ask the review owner for a new one');
    if (invitation.accepted_at !== null) refuse(['input', 'token'], 'this invitation was already accepted (a link works once): ask the review owner for a new one');
    if (invitation.revoked_at !== null) refuse(['input', 'token'], 'this invitation was withdrawn: ask the review owner for a new one');
    if (invitation.expires_at <= now()) refuse(['input', 'token'], `this invitation expired at ${invitation.expires_at}: ask the review owner for a new one`);
    const at = now();
    const member: ReviewMemberRow = { review_id: invitation.review_id, user_id: viewer.userId, role: invitation.role, added_by: invitation.invited_by, created_at: at };
    await database.writeTransaction(null, async (trx) => {
      const taken = await trx.updateTable('invitations').set({ accepted_at: at, accepted_by: viewer.userId }).where('id', '=', invitation.id).where('accepted_at', 'is', null).executeTakeFirst();
      if (Number(taken.numUpdatedRows) !== 1) refuse(['input', 'token'], 'this invitation was already accepted (a link works once): ask the review owner for a new one');
      const held = await trx.selectFrom('review_members').select('role').where('review_id', '=', member.review_id).where('user_id', '=', member.user_id).where('role', '=', member.role).executeTakeFirst();
      if (!held) await trx.insertInto('review_members').values(member).execute();
    });
    return { ok: true, value: member, version: 0 };
  });
}

export function revokeInvitation(database: CumulusDatabase, viewer: Viewer, input: { id: string }): Promise<WriteResult<InvitationRow>> {
  return refusable(async () => {
    const invitation = await database.db.selectFrom('invitations').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!invitation) refuse(['input', 'id'], `there is no invitation with id '${input.id}'`);
    await teamForChange(database, viewer, invitation.review_id, 'withdrawing an invitation');
    if (invitation.accepted_at !== null) refuse(['input', 'id'], `the invitation to ${invitation.email} was already accepted; change or remove the member instead`);
    const at = now();
    await database.db.updateTable('invitations').set({ revoked_at: at }).where('id', '=', invitation.id).execute();
    return { ok: true, value: { ...invitation, revoked_at: at }, version: 0 };
  });
}

const setRolesInput = z.object({ reviewId: z.string(), userId: z.string(), roles: z.array(role).max(reviewRoles.length) });

/** Replaces a member's roles (none: removes them). A review always keeps an owner. */
export function setMemberRoles(database: CumulusDatabase, viewer: Viewer, input: z.input<typeof setRolesInput>): Promise<WriteResult<ReviewRole[]>> {
  return refusable(async () => {
    const valid = validate(setRolesInput, input);
    const review = await teamForChange(database, viewer, valid.reviewId, valid.roles.length === 0 ? 'removing a member' : "changing a member's roles");
    const roles = reviewRoles.filter((r) => valid.roles.includes(r));
    await database.writeTransaction(null, async (trx) => {
      const current = await trx.selectFrom('review_members').select('role').where('review_id', '=', review.id).where('user_id', '=', valid.userId).execute();
      if (current.length === 0 && !(await trx.selectFrom('users').select('id').where('id', '=', valid.userId).executeTakeFirst())) {
        refuse(['input', 'userId'], `there is no user with id '${valid.userId}'`);
      }
      if (current.some((r) => r.role === 'owner') && !roles.includes('owner')) {
        const owners = await trx.selectFrom('review_members').select('user_id').where('review_id', '=', review.id).where('role', '=', 'owner').execute();
        if (owners.length <= 1) refuse(['input', 'roles'], `'${review.title}' needs an owner: make someone else owner first`);
      }
      await trx.deleteFrom('review_members').where('review_id', '=', review.id).where('user_id', '=', valid.userId).execute();
      const at = now();
      for (const r of roles) await trx.insertInto('review_members').values({ review_id: review.id, user_id: valid.userId, role: r, added_by: viewer.userId, created_at: at }).execute();
    });
    return { ok: true, value: roles, version: 0 };
  });
}

/** The team: one entry per person, their roles in the order of reviewRoles. */
export async function teamOf(database: CumulusDatabase, reviewId: string) {
  const rows = await database.db
    .selectFrom('review_members')
    .innerJoin('users', 'users.id', 'review_members.user_id')
    .select(['review_members.user_id', 'review_members.role', 'review_members.created_at', 'users.display_name', 'users.orcid', 'users.kind', 'users.email'])
    .where('review_members.review_id', '=', reviewId)
    .orderBy('review_members.created_at')
    .execute();
  const members = new Map<string, { userId: string; displayName: string; orcid: string | null; email: string | null; kind: string; roles: ReviewRole[]; since: string }>();
  for (const row of rows) {
    const member = members.get(row.user_id) ?? { userId: row.user_id, displayName: row.display_name, orcid: row.orcid, email: row.email, kind: row.kind, roles: [], since: row.created_at };
    member.roles.push(row.role);
    members.set(row.user_id, member);
  }
  for (const member of members.values()) member.roles = reviewRoles.filter((r) => member.roles.includes(r));
  return [...members.values()];
}
