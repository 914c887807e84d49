// API tokens (administrators only): the list, with the viewer asking and the reviews a token may name; creating
// one (its secret comes back once) and revoking one. Field names from apps/api/src/schema/token.ts.
import { gql, type ApolloClient } from '@apollo/client/core';
import type { UserError } from '../composables/use-mutation-form';
import type { Viewer } from '../composables/use-session';

export type TokenRole = 'ADMIN' | 'MAINTAINER' | 'READER';

export interface ApiToken {
  id: string;
  name: string;
  role: TokenRole;
  reviewId: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export interface TokensResult {
  viewer: Viewer;
  /** Empty for anyone but an administrator. */
  apiTokens: ApiToken[];
  reviews: { id: string; title: string }[];
}

const TOKEN_FIELDS = 'id name role reviewId createdAt revokedAt';

export const TOKENS_QUERY = gql`
  query ApiTokens {
    viewer {
      role
      name
      reviewId
      credentialProblem
    }
    apiTokens {
      ${TOKEN_FIELDS}
    }
    reviews {
      id
      title
    }
  }
`;

export const CREATE_API_TOKEN = gql`mutation CreateApiToken($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { token { ${TOKEN_FIELDS} } secret errors { field message } }
}`;
export const REVOKE_API_TOKEN = gql`mutation RevokeApiToken($input: RevokeApiTokenInput!) {
  revokeApiToken(input: $input) { token { ${TOKEN_FIELDS} } errors { field message } }
}`;

export interface CreatedToken {
  token: ApiToken;
  /** The bearer secret: the API shows it this once and keeps only its hash. */
  secret: string;
}

/** A sender for useMutationForm: the new token together with its secret (sender() picks one field only). */
export function createTokenSender(client: ApolloClient<unknown>) {
  return async (input: Record<string, unknown>): Promise<{ value: CreatedToken | null; errors: UserError[] }> => {
    const { data } = await client.mutate<{ createApiToken: { token: ApiToken | null; secret: string | null; errors: UserError[] } }>({
      mutation: CREATE_API_TOKEN,
      variables: { input },
      fetchPolicy: 'no-cache',
    });
    const answer = data?.createApiToken;
    const value = answer?.token && answer.secret ? { token: answer.token, secret: answer.secret } : null;
    return { value, errors: answer?.errors ?? [] };
  };
}
