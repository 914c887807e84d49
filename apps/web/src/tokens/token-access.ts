// Who may manage tokens (administrators), and for everyone else a plain explanation of why not and what to do. Pure.
import type { Viewer } from '../composables/use-session';

export interface TokenAccess {
  allowed: boolean;
  /** Why the page shows no tokens; empty when allowed. */
  explanation: string;
  /** Whether signing in with another token is the way forward. */
  offerSignIn: boolean;
}

const needsAdmin = 'Managing API tokens needs an administrator token.';

export function tokenAccess(viewer: Viewer): TokenAccess {
  if (viewer.role === 'ADMIN') return { allowed: true, explanation: '', offerSignIn: false };
  if (viewer.credentialProblem) {
    return { allowed: false, explanation: `${needsAdmin} The token this browser sent was refused: ${viewer.credentialProblem}.`, offerSignIn: true };
  }
  if (viewer.role === 'ANONYMOUS') return { allowed: false, explanation: `${needsAdmin} You are not signed in.`, offerSignIn: true };
  const what = viewer.role === 'MAINTAINER' ? 'a maintainer token: it can change its review but cannot see or change tokens' : 'a reader token: it can only read';
  return {
    allowed: false,
    explanation: `${needsAdmin} You are signed in with ‘${viewer.name}’, ${what}. Ask an administrator to create or revoke a token for you.`,
    offerSignIn: false,
  };
}
