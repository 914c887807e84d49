// Who is signed in: a bearer token kept in localStorage, checked against the API's `viewer` (the API decides
// what the token may do; the dashboard only shows maintainer controls to a token the API accepted).
import { gql } from '@apollo/client/core';
import type { ApolloClient } from '@apollo/client/core';
import { computed, ref, type Ref } from 'vue';

export const TOKEN_KEY = 'cumulus.token';

export type ViewerRole = 'ADMIN' | 'MAINTAINER' | 'READER' | 'ANONYMOUS';

export interface Viewer {
  role: ViewerRole;
  name: string;
  reviewId: string | null;
  credentialProblem: string | null;
}

export const VIEWER_QUERY = gql`
  query Viewer {
    viewer {
      role
      name
      reviewId
      credentialProblem
    }
  }
`;

type TokenStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function browserStorage(): TokenStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** Why a token cannot sign anyone in, or null when it can (readers too: a reader token opens private reviews). */
export function signInProblem(viewer: Viewer | null | undefined): string | null {
  if (!viewer) return 'The server did not answer.';
  if (viewer.credentialProblem) return `The token was refused: ${viewer.credentialProblem}.`;
  if (viewer.role === 'ANONYMOUS') return 'The token was not recognised.';
  return null;
}

/** May this viewer change this review? (The API checks again on every write.) */
export function canMaintain(viewer: Viewer | null, reviewId?: string | null): boolean {
  if (!viewer) return false;
  if (viewer.role === 'ADMIN') return true;
  return viewer.role === 'MAINTAINER' && (reviewId == null || viewer.reviewId === reviewId);
}

export interface Session {
  token: Ref<string | null>;
  viewer: Ref<Viewer | null>;
  signedIn: Ref<boolean>;
  signIn(client: ApolloClient<unknown>, token: string): Promise<string | null>;
  /** Re-check a token remembered from an earlier visit. */
  restore(client: ApolloClient<unknown>): Promise<void>;
  signOut(): void;
}

export function createSession(storage: TokenStorage | null = browserStorage()): Session {
  const token = ref<string | null>(storage?.getItem(TOKEN_KEY) ?? null);
  const viewer = ref<Viewer | null>(null);

  async function check(client: ApolloClient<unknown>, candidate: string): Promise<Viewer | null> {
    const { data } = await client.query<{ viewer: Viewer }>({
      query: VIEWER_QUERY,
      fetchPolicy: 'network-only',
      context: { headers: { authorization: `Bearer ${candidate}` } },
    });
    return data?.viewer ?? null;
  }

  return {
    token,
    viewer,
    signedIn: computed(() => viewer.value !== null),
    async signIn(client, candidate) {
      const trimmed = candidate.trim();
      if (!trimmed) return 'Paste a token first.';
      let found: Viewer | null;
      try {
        found = await check(client, trimmed);
      } catch (error) {
        return `Could not reach the server: ${(error as Error).message}`;
      }
      const problem = signInProblem(found);
      if (problem) return problem;
      storage?.setItem(TOKEN_KEY, trimmed);
      token.value = trimmed;
      viewer.value = found;
      return null;
    },
    async restore(client) {
      if (!token.value) return;
      try {
        const found = await check(client, token.value);
        if (signInProblem(found)) this.signOut();
        else viewer.value = found;
      } catch {
        // Offline: keep the token, show no maintainer controls until the server answers.
      }
    },
    signOut() {
      storage?.removeItem(TOKEN_KEY);
      token.value = null;
      viewer.value = null;
    },
  };
}

// One session for the whole dashboard.
let shared: Session | null = null;

export function useSession(): Session {
  shared ??= createSession();
  return shared;
}
