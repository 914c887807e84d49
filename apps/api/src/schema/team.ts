// Review teams: members and roles, invitations by link, and what the viewer may do in a review.
import type { InvitationRow, ReviewRole } from '@cumulus/db';
import { can, type Viewer } from '../auth/viewer.js';
import { acceptInvitation, invitationPreview, inviteMember, revokeInvitation, setMemberRoles, teamOf, type CreatedInvitation } from '../domain/teams.js';
import { builder } from './builder.js';
import { notVersioned } from './not-versioned.js';
import { PermissionEnum, ReviewRoleEnum } from './people.js';
import { ReviewRef } from './refs.js';
import { UserErrorRef, payloadOf, type Payload } from './user-error.js';

type Member = Awaited<ReturnType<typeof teamOf>>[number] & { showEmail: boolean };

const MemberRef = builder.objectRef<Member>('ReviewMember').implement({
  description: "A person in a review's team and their roles.",
  extensions: notVersioned,
  fields: (t) => ({
    userId: t.exposeID('userId'),
    displayName: t.exposeString('displayName'),
    orcid: t.exposeString('orcid', { nullable: true }),
    email: t.string({ nullable: true, description: 'Shown to those who manage the team.', resolve: (m) => (m.showEmail ? m.email : null) }),
    isService: t.boolean({ resolve: (m) => m.kind === 'service' }),
    roles: t.field({ type: [ReviewRoleEnum], resolve: (m) => m.roles }),
    since: t.exposeString('since'),
  }),
});

const InvitationRef = builder.objectRef<InvitationRow>('Invitation').implement({
  extensions: notVersioned,
  fields: (t) => ({
    id: t.exposeID('id'),
    email: t.exposeString('email'),
    role: t.field({ type: ReviewRoleEnum, resolve: (i) => i.role }),
    invitedBy: t.exposeString('inviter_name'),
    createdAt: t.exposeString('created_at'),
    expiresAt: t.exposeString('expires_at'),
    acceptedAt: t.exposeString('accepted_at', { nullable: true }),
    revokedAt: t.exposeString('revoked_at', { nullable: true }),
  }),
});

type Preview = NonNullable<Awaited<ReturnType<typeof invitationPreview>>>;
const InvitationPreviewRef = builder.objectRef<Preview>('InvitationPreview').implement({
  description: 'What an invitation link is for, shown before it is accepted.',
  extensions: notVersioned,
  fields: (t) => ({
    reviewId: t.exposeID('review_id'),
    reviewTitle: t.exposeString('title'),
    role: t.field({ type: ReviewRoleEnum, resolve: (p) => p.role }),
    email: t.exposeString('email'),
    invitedBy: t.exposeString('inviter_name'),
    expiresAt: t.exposeString('expires_at'),
    state: t.string({ description: "'open', 'accepted', 'expired' or 'revoked'.", resolve: (p) => p.state }),
  }),
});

const permissionsIn = (viewer: Viewer, reviewId: string) =>
  (['read', 'edit-review', 'edit-studies', 'edit-data', 'screen', 'resolve-conflicts', 'manage-team'] as const).filter((p) => can(viewer, reviewId, p));

builder.objectFields(ReviewRef, (t) => ({
  team: t.field({
    type: [MemberRef],
    description: "The review's team (members of the team and administrators; empty for anyone else).",
    resolve: async (review, _args, context) => {
      if (!can(context.viewer, review.id, 'read') ) return [];
      const manages = can(context.viewer, review.id, 'manage-team');
      return (await teamOf(context.services.database, review.id)).map((m) => ({ ...m, showEmail: manages }));
    },
  }),
  invitations: t.field({
    type: [InvitationRef],
    description: 'Invitations not yet accepted, withdrawn or expired (those who manage the team; empty for anyone else).',
    resolve: (review, _args, context) =>
      can(context.viewer, review.id, 'manage-team')
        ? context.services.database.db
            .selectFrom('invitations')
            .selectAll()
            .where('review_id', '=', review.id)
            .where('accepted_at', 'is', null)
            .where('revoked_at', 'is', null)
            .where('expires_at', '>', new Date().toISOString())
            .orderBy('created_at')
            .execute()
        : [],
  }),
  viewerPermissions: t.field({
    type: [PermissionEnum],
    description: 'What the viewer may do in this review (so the dashboard shows only what will be accepted).',
    resolve: (review, _args, context) => permissionsIn(context.viewer, review.id),
  }),
}));

builder.queryFields((t) => ({
  invitation: t.field({
    type: InvitationPreviewRef,
    nullable: true,
    description: 'The invitation a link carries (null for a link that is not one).',
    args: { token: t.arg.string({ required: true }) },
    resolve: async (_root, { token }, context) => invitationPreview(context.services.database, token),
  }),
}));

const InviteMemberInput = builder.inputType('InviteMemberInput', {
  fields: (t) => ({ reviewId: t.id({ required: true }), email: t.string({ required: true }), role: t.field({ type: ReviewRoleEnum, required: true }) }),
});
const AcceptInvitationInput = builder.inputType('AcceptInvitationInput', { fields: (t) => ({ token: t.string({ required: true }) }) });
const RevokeInvitationInput = builder.inputType('RevokeInvitationInput', { fields: (t) => ({ id: t.id({ required: true }) }) });
const SetMemberRolesInput = builder.inputType('SetMemberRolesInput', {
  fields: (t) => ({ reviewId: t.id({ required: true }), userId: t.id({ required: true }), roles: t.field({ type: [ReviewRoleEnum], required: true, description: 'Every role the member keeps; empty removes them.' }) }),
});
const RemoveMemberInput = builder.inputType('RemoveMemberInput', { fields: (t) => ({ reviewId: t.id({ required: true }), userId: t.id({ required: true }) }) });

const InviteMemberPayload = builder.objectRef<Payload<CreatedInvitation>>('InviteMemberPayload').implement({
  fields: (t) => ({
    invitation: t.field({ type: InvitationRef, nullable: true, resolve: (p) => p.value?.invitation ?? null }),
    link: t.string({ nullable: true, description: 'The single-use link (valid 7 days), shown only now; also mailed when SMTP is configured.', resolve: (p) => p.value?.link ?? null }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});
const AcceptInvitationPayload = builder.objectRef<Payload<{ review_id: string; role: ReviewRole }>>('AcceptInvitationPayload').implement({
  fields: (t) => ({
    review: t.field({
      type: ReviewRef,
      nullable: true,
      resolve: async (p, _args, context) => (p.value ? ((await context.services.database.db.selectFrom('reviews').selectAll().where('id', '=', p.value.review_id).executeTakeFirst()) ?? null) : null),
    }),
    role: t.field({ type: ReviewRoleEnum, nullable: true, resolve: (p) => p.value?.role ?? null }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});
const RevokeInvitationPayload = builder.objectRef<Payload<InvitationRow>>('RevokeInvitationPayload').implement({
  fields: (t) => ({
    invitation: t.field({ type: InvitationRef, nullable: true, resolve: (p) => p.value }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});
const SetMemberRolesPayload = builder.objectRef<Payload<ReviewRole[]>>('SetMemberRolesPayload').implement({
  fields: (t) => ({
    roles: t.field({ type: [ReviewRoleEnum], nullable: true, resolve: (p) => p.value }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

builder.mutationFields((t) => ({
  inviteMember: t.field({
    type: InviteMemberPayload,
    description: "Owners: invites someone to the review's team with a role, by a single-use link valid 7 days (mailed when SMTP is configured).",
    args: { input: t.arg({ type: InviteMemberInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await inviteMember(context.auth, context.viewer, { ...input, reviewId: String(input.reviewId) })),
  }),
  acceptInvitation: t.field({
    type: AcceptInvitationPayload,
    description: 'The signed-in person joins the team with the invitation’s role (the link works once).',
    args: { input: t.arg({ type: AcceptInvitationInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await acceptInvitation(context.services.database, context.viewer, input)),
  }),
  revokeInvitation: t.field({
    type: RevokeInvitationPayload,
    description: 'Owners: withdraws an invitation; its link stops working.',
    args: { input: t.arg({ type: RevokeInvitationInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await revokeInvitation(context.services.database, context.viewer, { id: String(input.id) })),
  }),
  setMemberRoles: t.field({
    type: SetMemberRolesPayload,
    description: "Owners: replaces a member's roles (a review keeps at least one owner).",
    args: { input: t.arg({ type: SetMemberRolesInput, required: true }) },
    resolve: async (_root, { input }, context) =>
      payloadOf(await setMemberRoles(context.services.database, context.viewer, { reviewId: String(input.reviewId), userId: String(input.userId), roles: input.roles })),
  }),
  removeMember: t.field({
    type: SetMemberRolesPayload,
    description: 'Owners: takes someone off the team (a review keeps at least one owner).',
    args: { input: t.arg({ type: RemoveMemberInput, required: true }) },
    resolve: async (_root, { input }, context) =>
      payloadOf(await setMemberRoles(context.services.database, context.viewer, { reviewId: String(input.reviewId), userId: String(input.userId), roles: [] })),
  }),
}));
