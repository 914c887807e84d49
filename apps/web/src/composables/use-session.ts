// Who is signed in: a person with the dashboard's session cookie (its anti-forgery token kept in memory only,
// asked for again with `me` on every load), or a bearer token kept in localStorage ("Use a token", for
// administrators and automation), checked against the API's `viewer`. The API decides what either may do; the
// dashboard only offers what the API said they may.
import { gql } from '@apollo/client/core';
import type { ApolloClient } from '@apollo/client/core';
import { computed, ref, type Ref } from 'vue';
import { SESSION_QUERY, SIGN_OUT, type Me, type Permission, type SignInAnswer } from '../graphql/people';

export const TOKEN_KEY = 'cumulus.token';

export type ViewerRole = 'ADMIN' | 'MAINTAINER' | 'READER' | 'ANONYMOUS';

export interface Viewer {
  role: ViewerRole;
  name: string;
  reviewId: string | null;
  credentialProblem: string | null;
  /** With a session cookie: what the person may do per review (from `me.memberships`); absent for tokens. */
  permissions?: Record<string, readonly Permission[]>;
}

const EDIT_PERMISSIONS: readonly Permission[] = ['EDIT_REVIEW', 'EDIT_STUDIES', 'EDIT_DATA'];

/** The viewer of a person signed in with the cookie: their name and, per review, their permissions. */
export function viewerOfPerson(me: Me): Viewer {
  const permissions: Record<string, readonly Permission[]> = {};
  for (const membership of me.memberships) permissions[membership.review.id] = membership.permissions;
  const writes = Object.values(permissions).some((list) => list.some((p) => p !== 'READ'));
  return { role: me.isAdmin ? 'ADMIN' : writes ? 'MAINTAINER' : 'READER', name: me.displayName, reviewId: null, credentialProblem: null, permissions };
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

/** May this viewer change this review: its settings, studies or data? (The API checks again on every write.) */
export function canMaintain(viewer: Viewer | null, reviewId?: string | null): boolean {
  if (!viewer) return false;
  if (viewer.role === 'ADMIN') return true;
  if (viewer.permissions) {
    const held = reviewId == null ? Object.values(viewer.permissions).flat() : (viewer.permissions[reviewId] ?? []);
    return held.some((p) => EDIT_PERMISSIONS.includes(p));
  }
  return viewer.role === 'MAINTAINER' && (reviewId == null || viewer.reviewId === reviewId);
}

// The anti-forgery token of the cookie session, in memory only (a reload asks `me` for it again).
let antiForgeryToken: string | null = null;

/** What every mutation sent with the cookie carries as X-CSRF-Token (null: no session, or a bearer token). */
export function currentAntiForgeryToken(): string | null {
  return antiForgeryToken;
}

// Whatever holds the identity of an earlier sign-in (the graphql-ws connection) starts over when it changes.
const identityListeners = new Set<() => void>();

/** Called whenever someone signs in or out; returns the way to stop listening. */
export function onIdentityChange(listener: () => void): () => void {
  identityListeners.add(listener);
  return () => identityListeners.delete(listener);
}

export interface Session {
  token: Ref<string | null>;
  viewer: Ref<Viewer | null>;
  /** The person signed in with the cookie (null with a token or nobody). */
  me: Ref<Me | null>;
  signedIn: Ref<boolean>;
  /** "Use a token": check a bearer token, and keep it in this browser. */
  signIn(client: ApolloClient<unknown>, token: string): Promise<string | null>;
  /** After signIn, confirmEmail or resetPassword answered: the cookie is set, remember its anti-forgery token. */
  signedInWithCookie(client: ApolloClient<unknown>, answer: Pick<SignInAnswer, 'me' | 'antiForgeryToken'>): Promise<void>;
  /** Re-check a token remembered from an earlier visit, or the session cookie. */
  restore(client: ApolloClient<unknown>): Promise<void>;
  /** Ask the API again who is signed in (after a change of profile or team). */
  refresh(client: ApolloClient<unknown>): Promise<void>;
  /**
   * Entering a review where the person has no role yet: ask `me` again, once per review (a review they just created,
   * or a team that took them in since), so the controls their new roles allow appear.
   */
  enterReview(client: ApolloClient<unknown>, reviewId: string): Promise<void>;
  /** Forget the token, or end the cookie session (with a client: on the server too). */
  signOut(client?: ApolloClient<unknown>): Promise<void>;
}

export function createSession(storage: TokenStorage | null = browserStorage()): Session {
  const token = ref<string | null>(storage?.getItem(TOKEN_KEY) ?? null);
  const viewer = ref<Viewer | null>(null);
  const me = ref<Me | null>(null);
  const reviewsAskedAbout = new Set<string>();

  function forgetPerson() {
    reviewsAskedAbout.clear();
    antiForgeryToken = null;
    me.value = null;
  }

  async function askWithCookie(client: ApolloClient<unknown>): Promise<void> {
    const { data } = await client.query<{ viewer: Viewer; me: Me | null }>({ query: SESSION_QUERY, fetchPolicy: 'network-only' });
    if (data?.me && data.me.signedInWith === 'session') {
      me.value = data.me;
      antiForgeryToken = data.me.antiForgeryToken;
      viewer.value = viewerOfPerson(data.me);
    } else {
      forgetPerson();
      viewer.value = null;
    }
  }

  // What one person may see differs from another's: drop every cached answer and ask again.
  async function startOver(client: ApolloClient<unknown>) {
    for (const listener of identityListeners) listener();
    try {
      await client.resetStore();
    } catch {
      // A query in flight during the reset: it is asked again anyway.
    }
  }

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
    me,
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
      // A token wins over the cookie at the API: the person's controls would be wrong now.
      forgetPerson();
      for (const listener of identityListeners) listener();
      return null;
    },
    async signedInWithCookie(client, answer) {
      // The cookie stands for the person now; a token left in this browser would win over it.
      storage?.removeItem(TOKEN_KEY);
      token.value = null;
      antiForgeryToken = answer.antiForgeryToken;
      if (answer.me) {
        me.value = answer.me;
        viewer.value = viewerOfPerson(answer.me);
      }
      await startOver(client);
      await this.refresh(client);
    },
    async restore(client) {
      if (!token.value) {
        try {
          await askWithCookie(client);
        } catch {
          // Offline: nobody is shown signed in until the server answers.
        }
        return;
      }
      try {
        const found = await check(client, token.value);
        if (signInProblem(found)) await this.signOut();
        else viewer.value = found;
      } catch {
        // Offline: keep the token, show no maintainer controls until the server answers.
      }
    },
    async refresh(client) {
      if (token.value) await this.restore(client);
      else await askWithCookie(client);
    },
    async enterReview(client, reviewId) {
      if (!me.value || me.value.isAdmin || viewer.value?.permissions?.[reviewId] || reviewsAskedAbout.has(reviewId)) return;
      reviewsAskedAbout.add(reviewId);
      try {
        await askWithCookie(client);
      } catch {
        // Offline: the controls appear on the next load.
      }
    },
    async signOut(client) {
      const withCookie = me.value !== null;
      storage?.removeItem(TOKEN_KEY);
      token.value = null;
      viewer.value = null;
      if (client && withCookie) {
        try {
          await client.mutate({ mutation: SIGN_OUT });
        } catch {
          // The session ends on the server when it expires; this browser forgets it now.
        }
      }
      forgetPerson();
      if (client) await startOver(client);
    },
  };
}

// One session for the whole dashboard.
let shared: Session | null = null;

export function useSession(): Session {
  shared ??= createSession();
  return shared;
}
