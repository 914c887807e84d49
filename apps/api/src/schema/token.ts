// API tokens and the viewer: who am I, and (administrators) who else may read and write.
import type { ApiTokenRow } from '@cumulus/db';
import { createApiToken, createPersonalAccessToken, revokeApiToken } from '../domain/tokens.js';
import { scopeOf, type Viewer } from '../auth/viewer.js';
import { MeRef, ReviewRoleEnum, UserRef } from './people.js';
import { builder } from './builder.js';
import { notVersioned } from './not-versioned.js';
import { TokenRoleEnum, ViewerRoleEnum } from './enums.js';
import { UserErrorRef, payloadOf, type Payload } from './user-error.js';

const ApiTokenRef = builder.objectRef<ApiTokenRow>('ApiToken').implement({
  description: 'A bearer token. Its secret is shown once, when created, and stored only as a SHA-256 hash.',
  extensions: notVersioned,
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    role: t.field({ type: TokenRoleEnum, resolve: (token) => token.role }),
    reviewId: t.exposeID('review_id', { nullable: true }),
    createdAt: t.exposeString('created_at'),
    revokedAt: t.exposeString('revoked_at', { nullable: true }),
    expiresAt: t.exposeString('expires_at', { nullable: true, description: 'Null: never expires (tokens made by administrators).' }),
    reviewIds: t.idList({ nullable: true, description: 'The reviews it is limited to; null: every review its user may reach.', resolve: (token) => scopeOf(token).reviewIds }),
    roles: t.field({ type: [ReviewRoleEnum], nullable: true, description: 'The roles it may act as; null: whatever its user is.', resolve: (token) => scopeOf(token).roles }),
    user: t.field({
      type: UserRef,
      nullable: true,
      description: 'The user it acts for.',
      resolve: async (token, _args, context) =>
        token.user_id === null ? null : ((await context.services.database.db.selectFrom('users').selectAll().where('id', '=', token.user_id).executeTakeFirst()) ?? null),
    }),
  }),
});

builder.objectFields(MeRef, (t) => ({
  personalAccessTokens: t.field({
    type: [ApiTokenRef],
    description: "The person's tokens, newest first (revoked and expired ones too).",
    resolve: (me, _args, context) =>
      context.services.database.db.selectFrom('api_tokens').selectAll().where('user_id', '=', me.user.id).orderBy('created_at', 'desc').execute(),
  }),
}));

const ViewerRef = builder.objectRef<Viewer>('Viewer').implement({
  fields: (t) => ({
    role: t.field({ type: ViewerRoleEnum, resolve: (viewer) => viewer.role }),
    name: t.exposeString('name'),
    reviewId: t.exposeID('reviewId', { nullable: true }),
    credentialProblem: t.exposeString('credentialProblem', { nullable: true, description: 'Why a token (or session cookie) that was sent is not accepted.' }),
    userId: t.exposeID('userId', { nullable: true, description: 'The user acting (null: anonymous, or CUMULUS_ADMIN_TOKEN).' }),
  }),
});

builder.queryFields((t) => ({
  viewer: t.field({ type: ViewerRef, resolve: (_root, _args, context) => context.viewer }),
  apiTokens: t.field({
    type: [ApiTokenRef],
    description: 'Every token (administrators only; empty for anyone else).',
    resolve: (_root, _args, context) =>
      context.viewer.role === 'admin' ? context.services.database.db.selectFrom('api_tokens').selectAll().orderBy('created_at').execute() : [],
  }),
}));

const CreateApiTokenInput = builder.inputType('CreateApiTokenInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'Who or what uses it; shown in the change log.' }),
    role: t.field({ type: TokenRoleEnum, required: true }),
    reviewId: t.id({ description: 'The review a maintainer maintains, or a reader may read when private.' }),
  }),
});
const CreatePersonalAccessTokenInput = builder.inputType('CreatePersonalAccessTokenInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'What it is for ("nightly import").' }),
    reviewIds: t.idList({ description: 'Only these reviews (left out: every review of yours).' }),
    roles: t.field({ type: [ReviewRoleEnum], description: 'Only what these roles allow, and never more than yours (left out: all your roles).' }),
    expiresInDays: t.int({ description: 'Days until it stops working: 1 to 366 (default 90).' }),
  }),
});
const RevokeApiTokenInput = builder.inputType('RevokeApiTokenInput', { fields: (t) => ({ id: t.id({ required: true }) }) });

const CreateApiTokenPayload = builder.objectRef<Payload<{ token: ApiTokenRow; secret: string }>>('CreateApiTokenPayload').implement({
  fields: (t) => ({
    token: t.field({ type: ApiTokenRef, nullable: true, resolve: (p) => p.value?.token ?? null }),
    secret: t.string({ nullable: true, description: 'The bearer secret. Shown only now; store it.', resolve: (p) => p.value?.secret ?? null }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});
const RevokeApiTokenPayload = builder.objectRef<Payload<ApiTokenRow>>('RevokeApiTokenPayload').implement({
  fields: (t) => ({
    token: t.field({ type: ApiTokenRef, nullable: true, resolve: (p) => p.value }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

builder.mutationFields((t) => ({
  createApiToken: t.field({
    type: CreateApiTokenPayload,
    description: 'Administrators only: a token with a role (acting for a service user named after it). People make personal access tokens instead.',
    args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await createApiToken(context.services.database, context.viewer, input)),
  }),
  createPersonalAccessToken: t.field({
    type: CreateApiTokenPayload,
    description: 'A bearer token acting as the signed-in person, limited to chosen reviews and roles, with an expiry. Made from a session (the dashboard).',
    args: { input: t.arg({ type: CreatePersonalAccessTokenInput, required: true }) },
    resolve: async (_root, { input }, context) =>
      payloadOf(await createPersonalAccessToken(context.services.database, context.viewer, { ...input, reviewIds: input.reviewIds?.map(String) })),
  }),
  revokeApiToken: t.field({
    type: RevokeApiTokenPayload,
    description: 'Administrators revoke any token; a person revokes their own personal access tokens. The token stops working at once.',
    args: { input: t.arg({ type: RevokeApiTokenInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await revokeApiToken(context.services.database, context.viewer, input)),
  }),
}));
