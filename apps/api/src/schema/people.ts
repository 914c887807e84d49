// People: who am I, signing up, in and out, password resets, profiles, and accounts made by administrators.
// Signing in sets the session cookie (HttpOnly, SameSite=Lax); the dashboard then sends me.antiForgeryToken in the
// X-CSRF-Token header with every mutation.
import type { ReviewRole, UserRow } from '@cumulus/db';
import { permissionsOf } from '../auth/permissions.js';
import { antiForgeryTokenOf, cookieHeader, SESSION_COOKIE } from '../auth/sessions.js';
import {
  changePassword,
  confirmEmail,
  createUser,
  requestPasswordReset,
  resetPassword,
  setAdministrator,
  signIn,
  signOut,
  signOutEverywhere,
  signUp,
  updateProfile,
  type SignedIn,
} from '../domain/people.js';
import type { WriteResult } from '../domain/user-errors.js';
import { builder, type GraphQLContext } from './builder.js';
import { notVersioned } from './not-versioned.js';
import { ReviewRef } from './refs.js';
import { UserErrorRef, payloadOf, type Payload } from './user-error.js';

export const ReviewRoleEnum = builder.enumType('ReviewRole', {
  description: 'A role in a review team.',
  values: {
    OWNER: { value: 'owner', description: 'Everything, including the team' },
    MAINTAINER: { value: 'maintainer', description: 'Studies, data, settings, judgements' },
    SCREENER: { value: 'screener', description: 'Screens records' },
    ARBITER: { value: 'arbiter', description: 'Resolves conflicts between screeners' },
    EXTRACTOR: { value: 'extractor', description: 'Records and corrects data rows' },
    READER: { value: 'reader', description: 'Reads the review while it is private' },
  } as const,
});

export const PermissionEnum = builder.enumType('Permission', {
  description: 'What a role allows in a review (ReviewRole lists which role has which).',
  values: {
    READ: { value: 'read' },
    EDIT_REVIEW: { value: 'edit-review' },
    EDIT_STUDIES: { value: 'edit-studies' },
    EDIT_DATA: { value: 'edit-data' },
    SCREEN: { value: 'screen' },
    RESOLVE_CONFLICTS: { value: 'resolve-conflicts' },
    MANAGE_TEAM: { value: 'manage-team' },
  } as const,
});

/** A person as others see them: never their email. */
export const UserRef = builder.objectRef<UserRow>('User').implement({
  description: 'A person (or the service user an older token acts for).',
  extensions: notVersioned,
  fields: (t) => ({
    id: t.exposeID('id'),
    displayName: t.exposeString('display_name'),
    orcid: t.exposeString('orcid', { nullable: true, description: 'ORCID iD, 0000-0002-1825-0097.' }),
    isService: t.boolean({ description: 'A service user: acts only through tokens (every token older than accounts has one).', resolve: (u) => u.kind === 'service' }),
  }),
});

const MembershipRef = builder.objectRef<{ reviewId: string; roles: ReviewRole[] }>('Membership').implement({
  extensions: notVersioned,
  fields: (t) => ({
    review: t.field({
      type: ReviewRef,
      nullable: true,
      resolve: (m, _args, context) => context.services.database.db.selectFrom('reviews').selectAll().where('id', '=', m.reviewId).executeTakeFirst().then((r) => r ?? null),
    }),
    roles: t.field({ type: [ReviewRoleEnum], resolve: (m) => m.roles }),
    permissions: t.field({ type: [PermissionEnum], resolve: (m) => permissionsOf(m.roles) }),
  }),
});

interface MeSource {
  user: UserRow;
  via: 'session' | 'token' | 'sign-in';
  antiForgeryToken: string | null;
}

const MeRef = builder.objectRef<MeSource>('Me').implement({
  description: 'The signed-in person (or the user a token acts for).',
  extensions: notVersioned,
  fields: (t) => ({
    id: t.id({ resolve: (me) => me.user.id }),
    user: t.field({ type: UserRef, resolve: (me) => me.user }),
    email: t.string({ nullable: true, resolve: (me) => me.user.email }),
    emailConfirmed: t.boolean({ resolve: (me) => me.user.email_confirmed_at !== null }),
    displayName: t.string({ resolve: (me) => me.user.display_name }),
    orcid: t.string({ nullable: true, resolve: (me) => me.user.orcid }),
    isAdmin: t.boolean({ resolve: (me) => me.user.is_admin === 1 }),
    hasPassword: t.boolean({ resolve: (me) => me.user.password_hash !== null }),
    signedInWith: t.string({ description: "'session' (the dashboard's cookie) or 'token' (a bearer token).", resolve: (me) => (me.via === 'token' ? 'token' : 'session') }),
    antiForgeryToken: t.string({
      nullable: true,
      description: 'With a session: send it as the X-CSRF-Token header with every mutation. Null with a bearer token (none needed).',
      resolve: (me) => me.antiForgeryToken,
    }),
    memberships: t.field({
      type: [MembershipRef],
      description: 'The review teams the person is in, with their roles.',
      resolve: async (me, _args, context) => {
        const rows = await context.services.database.db.selectFrom('review_members').select(['review_id', 'role']).where('user_id', '=', me.user.id).orderBy('created_at').execute();
        const byReview = new Map<string, ReviewRole[]>();
        for (const row of rows) byReview.set(row.review_id, [...(byReview.get(row.review_id) ?? []), row.role]);
        return [...byReview].map(([reviewId, roles]) => ({ reviewId, roles }));
      },
    }),
    identities: t.field({
      type: [IdentityRef],
      description: 'The OpenID Connect providers the person has signed in with.',
      resolve: (me, _args, context) => context.services.database.db.selectFrom('oidc_identities').select(['provider', 'email', 'created_at']).where('user_id', '=', me.user.id).execute(),
    }),
  }),
});

const IdentityRef = builder.objectRef<{ provider: string; email: string | null; created_at: string }>('SignInIdentity').implement({
  fields: (t) => ({ provider: t.exposeString('provider'), email: t.exposeString('email', { nullable: true }), createdAt: t.exposeString('created_at') }),
});

export { MeRef };

const SignInProviderRef = builder.objectRef<{ name: string; displayName: string }>('SignInProvider').implement({
  description: 'An OpenID Connect provider people may sign in with.',
  fields: (t) => ({
    name: t.exposeString('name'),
    displayName: t.exposeString('displayName'),
    signInPath: t.string({
      description: 'Send the browser here (GET) to sign in; add ?returnTo=/path to come back to a page.',
      resolve: (p) => `/auth/oidc/${p.name}/start`,
    }),
  }),
});

async function meOf(context: GraphQLContext): Promise<MeSource | null> {
  const { viewer } = context;
  if (viewer.userId === null) return null;
  const user = await context.services.database.db.selectFrom('users').selectAll().where('id', '=', viewer.userId).executeTakeFirst();
  if (!user) return null;
  return { user, via: viewer.sessionId !== null ? 'session' : 'token', antiForgeryToken: viewer.sessionId !== null ? context.http.antiForgeryToken : null };
}

builder.queryFields((t) => ({
  me: t.field({
    type: MeRef,
    nullable: true,
    description: 'The signed-in person; null when nobody is (see viewer.credentialProblem for why a credential was refused).',
    resolve: (_root, _args, context) => meOf(context),
  }),
  signInProviders: t.field({
    type: [SignInProviderRef],
    description: 'The OpenID Connect providers configured (CUMULUS_OIDC_<NAME>_ISSUER, ...).',
    resolve: (_root, _args, context) => context.auth.providers.map((p) => ({ name: p.name, displayName: p.displayName })),
  }),
}));

const MessagePayload = builder.objectRef<Payload<{ message: string }>>('MessagePayload').implement({
  description: 'An answer in words (the same whether or not an email has an account).',
  fields: (t) => ({
    message: t.string({ nullable: true, resolve: (p) => p.value?.message ?? null }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

const SignInPayload = builder.objectRef<Payload<MeSource>>('SignInPayload').implement({
  description: 'Signed in: the session cookie is set on this response.',
  fields: (t) => ({
    me: t.field({ type: MeRef, nullable: true, resolve: (p) => p.value }),
    antiForgeryToken: t.string({ nullable: true, description: 'Send it as the X-CSRF-Token header with every mutation of this session.', resolve: (p) => p.value?.antiForgeryToken ?? null }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

const SignOutPayload = builder.objectRef<Payload<{ sessions: number }>>('SignOutPayload').implement({
  fields: (t) => ({
    sessionsEnded: t.int({ nullable: true, resolve: (p) => p.value?.sessions ?? null }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

const MePayload = builder.objectRef<Payload<MeSource>>('MePayload').implement({
  fields: (t) => ({
    me: t.field({ type: MeRef, nullable: true, resolve: (p) => p.value }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

const UserPayload = builder.objectRef<Payload<UserRow>>('UserPayload').implement({
  fields: (t) => ({
    user: t.field({ type: UserRef, nullable: true, resolve: (p) => p.value }),
    email: t.string({ nullable: true, resolve: (p) => p.value?.email ?? null }),
    isAdmin: t.boolean({ nullable: true, resolve: (p) => (p.value ? p.value.is_admin === 1 : null) }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

/** Sets the session cookie for a sign-in that succeeded. */
function signedIn(context: GraphQLContext, result: WriteResult<SignedIn>): Payload<MeSource> {
  return payloadOf(result, ({ user, secret }) => {
    context.http.setCookie(cookieHeader(SESSION_COOKIE, secret, { secure: context.http.secure, maxAgeSeconds: context.auth.sessionTtlMs / 1000 }));
    return { user, via: 'sign-in' as const, antiForgeryToken: antiForgeryTokenOf(secret) };
  });
}

const clearSession = (context: GraphQLContext) => context.http.setCookie(cookieHeader(SESSION_COOKIE, '', { secure: context.http.secure, maxAgeSeconds: 0 }));

const SignUpInput = builder.inputType('SignUpInput', {
  fields: (t) => ({
    email: t.string({ required: true }),
    displayName: t.string({ required: true, description: 'Shown in the change log and on team pages.' }),
    password: t.string({ required: true, description: 'At least 10 characters.' }),
    orcid: t.string({ description: 'ORCID iD (checked with its check character).' }),
  }),
});
const SignInInput = builder.inputType('SignInInput', { fields: (t) => ({ email: t.string({ required: true }), password: t.string({ required: true }) }) });
const TokenInput = builder.inputType('LinkTokenInput', { description: 'The token from a link we mailed.', fields: (t) => ({ token: t.string({ required: true }) }) });
const EmailInput = builder.inputType('RequestPasswordResetInput', { fields: (t) => ({ email: t.string({ required: true }) }) });
const ResetPasswordInput = builder.inputType('ResetPasswordInput', { fields: (t) => ({ token: t.string({ required: true }), password: t.string({ required: true }) }) });
const UpdateProfileInput = builder.inputType('UpdateProfileInput', {
  fields: (t) => ({ displayName: t.string(), orcid: t.string({ description: 'An empty string or null removes it; left out, it stays.' }) }),
});
const ChangePasswordInput = builder.inputType('ChangePasswordInput', { fields: (t) => ({ currentPassword: t.string({ required: true }), newPassword: t.string({ required: true }) }) });
const CreateUserInput = builder.inputType('CreateUserInput', {
  fields: (t) => ({
    email: t.string({ required: true }),
    displayName: t.string({ required: true }),
    password: t.string({ description: 'Left out: the person signs in through a provider, or sets one by a password reset.' }),
    orcid: t.string(),
    admin: t.boolean({ description: 'An administrator: every review, people and tokens.' }),
  }),
});
const SetAdministratorInput = builder.inputType('SetAdministratorInput', { fields: (t) => ({ userId: t.id({ required: true }), admin: t.boolean({ required: true }) }) });

builder.mutationFields((t) => ({
  signUp: t.field({
    type: MessagePayload,
    description: 'Makes an account and mails a link to confirm the email (which signs in). The answer is the same for an email that already has an account.',
    args: { input: t.arg({ type: SignUpInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await signUp(context.auth, context.http, input)),
  }),
  confirmEmail: t.field({
    type: SignInPayload,
    description: 'Follows the link mailed at sign-up: confirms the email and signs in.',
    args: { input: t.arg({ type: TokenInput, required: true }) },
    resolve: async (_root, { input }, context) => signedIn(context, await confirmEmail(context.auth, context.http, input)),
  }),
  signIn: t.field({
    type: SignInPayload,
    description: 'Signs in with an email and password (throttled per email and per address); sets the session cookie.',
    args: { input: t.arg({ type: SignInInput, required: true }) },
    resolve: async (_root, { input }, context) => signedIn(context, await signIn(context.auth, context.http, input)),
  }),
  signOut: t.field({
    type: SignOutPayload,
    description: 'Ends this session and clears its cookie.',
    resolve: async (_root, _args, context) => {
      clearSession(context);
      return payloadOf(await signOut(context.services.database, context.viewer));
    },
  }),
  signOutEverywhere: t.field({
    type: SignOutPayload,
    description: "Ends every session of the signed-in person (tokens stay: revoke them apart).",
    resolve: async (_root, _args, context) => {
      const result = await signOutEverywhere(context.services.database, context.viewer);
      if (result.ok && context.viewer.sessionId !== null) clearSession(context);
      return payloadOf(result);
    },
  }),
  requestPasswordReset: t.field({
    type: MessagePayload,
    description: 'Mails a single-use link (valid an hour) to choose a new password. The answer is the same for an email without an account.',
    args: { input: t.arg({ type: EmailInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await requestPasswordReset(context.auth, context.http, input)),
  }),
  resetPassword: t.field({
    type: SignInPayload,
    description: "Sets the new password from a reset link, ends the person's other sessions and signs in.",
    args: { input: t.arg({ type: ResetPasswordInput, required: true }) },
    resolve: async (_root, { input }, context) => signedIn(context, await resetPassword(context.auth, context.http, input)),
  }),
  updateProfile: t.field({
    type: MePayload,
    args: { input: t.arg({ type: UpdateProfileInput, required: true }) },
    resolve: async (_root, { input }, context) =>
      payloadOf(await updateProfile(context.services.database, context.viewer, input), (user) => ({
        user,
        via: context.viewer.sessionId !== null ? ('session' as const) : ('token' as const),
        antiForgeryToken: context.viewer.sessionId !== null ? context.http.antiForgeryToken : null,
      })),
  }),
  changePassword: t.field({
    type: MePayload,
    description: "Changes the password (the current one is needed when there is one); the person's other sessions end.",
    args: { input: t.arg({ type: ChangePasswordInput, required: true }) },
    resolve: async (_root, { input }, context) =>
      payloadOf(await changePassword(context.services.database, context.viewer, input), (user) => ({ user, via: 'session' as const, antiForgeryToken: context.http.antiForgeryToken })),
  }),
  createUser: t.field({
    type: UserPayload,
    description: 'Administrators (CUMULUS_ADMIN_TOKEN too): makes an account whose email counts as confirmed, e.g. the first administrator.',
    args: { input: t.arg({ type: CreateUserInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await createUser(context.services.database, context.viewer, input)),
  }),
  setAdministrator: t.field({
    type: UserPayload,
    description: 'Administrators: makes a person an administrator, or no longer one.',
    args: { input: t.arg({ type: SetAdministratorInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await setAdministrator(context.services.database, context.viewer, { userId: String(input.userId), admin: input.admin })),
  }),
}));
