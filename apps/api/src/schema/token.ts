// API tokens and the viewer: who am I, and (administrators) who else may read and write.
import type { ApiTokenRow } from '@cumulus/db';
import { createApiToken, revokeApiToken } from '../domain/tokens.js';
import type { Viewer } from '../auth/viewer.js';
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
  }),
});

const ViewerRef = builder.objectRef<Viewer>('Viewer').implement({
  fields: (t) => ({
    role: t.field({ type: ViewerRoleEnum, resolve: (viewer) => viewer.role }),
    name: t.exposeString('name'),
    reviewId: t.exposeID('reviewId', { nullable: true }),
    credentialProblem: t.exposeString('credentialProblem', { nullable: true, description: 'Why a token that was sent is not accepted.' }),
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
    description: 'Administrators only.',
    args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await createApiToken(context.services.database, context.viewer, input)),
  }),
  revokeApiToken: t.field({
    type: RevokeApiTokenPayload,
    description: 'Administrators only. The token stops working at once.',
    args: { input: t.arg({ type: RevokeApiTokenInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await revokeApiToken(context.services.database, context.viewer, input)),
  }),
}));
