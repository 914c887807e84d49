// People, sign-in and review teams: what the dashboard asks the API (apps/api README, "What the dashboard calls").
import { gql, type ApolloClient, type DocumentNode } from '@apollo/client/core';
import type { UserError } from '../composables/use-mutation-form';

export type ReviewRole = 'OWNER' | 'MAINTAINER' | 'SCREENER' | 'ARBITER' | 'EXTRACTOR' | 'READER';
export type Permission = 'READ' | 'EDIT_REVIEW' | 'EDIT_STUDIES' | 'EDIT_DATA' | 'SCREEN' | 'RESOLVE_CONFLICTS' | 'MANAGE_TEAM';

export interface PersonalAccessToken {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  reviewIds: string[] | null;
  roles: ReviewRole[] | null;
}

export interface Membership {
  review: { id: string; title: string };
  roles: ReviewRole[];
  permissions: Permission[];
}

export interface Me {
  id: string;
  email: string | null;
  emailConfirmed: boolean;
  displayName: string;
  orcid: string | null;
  isAdmin: boolean;
  hasPassword: boolean;
  signedInWith: 'session' | 'token' | null;
  antiForgeryToken: string | null;
  memberships: Membership[];
  identities: { provider: string }[];
  personalAccessTokens: PersonalAccessToken[];
}

const ME_FIELDS = `
  id email emailConfirmed displayName orcid isAdmin hasPassword signedInWith antiForgeryToken
  memberships { review { id title } roles permissions }
  identities { provider }
  personalAccessTokens { id name createdAt expiresAt revokedAt reviewIds roles }
`;

/** Who is asking: the old `viewer` (role, name) and, for a person, `me`. */
export const SESSION_QUERY = gql`
  query Session {
    viewer { role name reviewId credentialProblem }
    me { ${ME_FIELDS} }
  }
`;

export interface SignInProvider {
  name: string;
  displayName: string;
  signInPath: string;
}

export const SIGN_IN_PROVIDERS_QUERY = gql`
  query SignInProviders {
    signInProviders { name displayName signInPath }
  }
`;

const ERRORS = 'errors { field message }';
const SIGNED_IN = `me { ${ME_FIELDS} } antiForgeryToken ${ERRORS}`;

export interface SignInAnswer {
  me: Me | null;
  antiForgeryToken: string | null;
  errors: UserError[];
}

export interface MessageAnswer {
  message: string | null;
  errors: UserError[];
}

export const SIGN_UP = gql`mutation SignUp($input: SignUpInput!) { signUp(input: $input) { message ${ERRORS} } }`;
export const CONFIRM_EMAIL = gql`mutation ConfirmEmail($input: LinkTokenInput!) { confirmEmail(input: $input) { ${SIGNED_IN} } }`;
export const SIGN_IN = gql`mutation SignIn($input: SignInInput!) { signIn(input: $input) { ${SIGNED_IN} } }`;
export const SIGN_OUT = gql`mutation SignOut { signOut { sessionsEnded ${ERRORS} } }`;
export const SIGN_OUT_EVERYWHERE = gql`mutation SignOutEverywhere { signOutEverywhere { sessionsEnded ${ERRORS} } }`;
export const REQUEST_PASSWORD_RESET = gql`mutation RequestPasswordReset($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { message ${ERRORS} } }`;
export const RESET_PASSWORD = gql`mutation ResetPassword($input: ResetPasswordInput!) { resetPassword(input: $input) { ${SIGNED_IN} } }`;
export const UPDATE_PROFILE = gql`mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { me { ${ME_FIELDS} } ${ERRORS} } }`;
export const CHANGE_PASSWORD = gql`mutation ChangePassword($input: ChangePasswordInput!) { changePassword(input: $input) { me { id } ${ERRORS} } }`;

export interface CreatedPersonalAccessToken {
  token: PersonalAccessToken;
  secret: string;
}

export const CREATE_PERSONAL_ACCESS_TOKEN = gql`
  mutation CreatePersonalAccessToken($input: CreatePersonalAccessTokenInput!) {
    createPersonalAccessToken(input: $input) { token { id name createdAt expiresAt revokedAt reviewIds roles } secret ${ERRORS} }
  }
`;
export const REVOKE_API_TOKEN = gql`mutation RevokeApiToken($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { token { id revokedAt } ${ERRORS} } }`;

export interface TeamMember {
  userId: string;
  displayName: string;
  orcid: string | null;
  email: string | null;
  isService: boolean;
  roles: ReviewRole[];
  since: string | null;
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: ReviewRole;
  invitedBy: string | null;
  expiresAt: string;
}

export interface TeamResult {
  review: { id: string; title: string; viewerPermissions: Permission[]; team: TeamMember[]; invitations: PendingInvitation[] } | null;
}

export const TEAM_QUERY = gql`
  query Team($id: ID!) {
    review(id: $id) {
      id
      title
      viewerPermissions
      team { userId displayName orcid email isService roles since }
      invitations { id email role invitedBy expiresAt }
    }
  }
`;

export const INVITE_MEMBER = gql`
  mutation InviteMember($input: InviteMemberInput!) { inviteMember(input: $input) { invitation { id email role expiresAt } link ${ERRORS} } }
`;
export const REVOKE_INVITATION = gql`mutation RevokeInvitation($input: RevokeInvitationInput!) { revokeInvitation(input: $input) { invitation { id } ${ERRORS} } }`;
export const SET_MEMBER_ROLES = gql`mutation SetMemberRoles($input: SetMemberRolesInput!) { setMemberRoles(input: $input) { roles ${ERRORS} } }`;
export const REMOVE_MEMBER = gql`mutation RemoveMember($input: RemoveMemberInput!) { removeMember(input: $input) { roles ${ERRORS} } }`;

export interface InvitationPreview {
  reviewId: string | null;
  reviewTitle: string | null;
  role: ReviewRole | null;
  email: string | null;
  invitedBy: string | null;
  expiresAt: string | null;
  state: 'open' | 'accepted' | 'expired' | 'revoked' | null;
}

export const INVITATION_QUERY = gql`
  query Invitation($token: String!) {
    invitation(token: $token) { reviewId reviewTitle role email invitedBy expiresAt state }
  }
`;
export const ACCEPT_INVITATION = gql`
  mutation AcceptInvitation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { review { id title } role ${ERRORS} } }
`;

/** Runs a mutation whose payload is `data[field]`: the payload when it has no errors, and its errors. */
export async function sendMutation<TPayload = { errors?: UserError[] | null }>(
  client: Pick<ApolloClient<unknown>, 'mutate'>,
  mutation: DocumentNode,
  field: string,
  variables: Record<string, unknown> = {},
): Promise<{ value: TPayload | null; errors: UserError[] }> {
  const { data } = await client.mutate<Record<string, (TPayload & { errors?: UserError[] | null }) | null>>({ mutation, variables });
  const payload = data?.[field] ?? null;
  const errors = payload?.errors ?? [];
  return { value: payload && errors.length === 0 ? payload : null, errors };
}
