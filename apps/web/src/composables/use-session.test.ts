import { describe, expect, it } from 'vitest';
import { canMaintain, createSession, signInProblem, TOKEN_KEY, type Viewer } from './use-session';

const viewer = (role: Viewer['role'], extra: Partial<Viewer> = {}): Viewer => ({ role, name: 'n', reviewId: null, credentialProblem: null, ...extra });

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k), items };
}

// The edge of the machine: a client whose `viewer` answer depends on the bearer token sent.
function clientAnswering(answers: Record<string, Viewer>) {
  return {
    query: async ({ context }: { context: { headers: { authorization: string } } }) => ({ data: { viewer: answers[context.headers.authorization.replace('Bearer ', '')] } }),
  } as never;
}

describe('session', () => {
  it('stores a token the API accepts for writing, and forgets it on sign-out', async () => {
    const storage = memoryStorage();
    const session = createSession(storage);
    expect(await session.signIn(clientAnswering({ secret: viewer('ADMIN', { name: 'administrator' }) }), '  secret \n')).toBeNull();
    expect(storage.items.get(TOKEN_KEY)).toBe('secret');
    expect(session.viewer.value?.name).toBe('administrator');
    expect(session.signedIn.value).toBe(true);
    session.signOut();
    expect(storage.items.has(TOKEN_KEY)).toBe(false);
    expect(session.signedIn.value).toBe(false);
  });

  it('refuses a token the API does not know, saying why, and stores nothing', async () => {
    const storage = memoryStorage();
    const session = createSession(storage);
    const problem = await session.signIn(clientAnswering({ wrong: viewer('ANONYMOUS', { credentialProblem: 'the bearer token is not known' }) }), 'wrong');
    expect(problem).toBe('The token was refused: the bearer token is not known.');
    expect(storage.items.size).toBe(0);
    expect(session.signedIn.value).toBe(false);
  });

  it('drops a remembered token that no longer works', async () => {
    const storage = memoryStorage({ [TOKEN_KEY]: 'revoked' });
    const session = createSession(storage);
    expect(session.token.value).toBe('revoked');
    await session.restore(clientAnswering({ revoked: viewer('ANONYMOUS', { credentialProblem: 'the token was revoked' }) }));
    expect(session.token.value).toBeNull();
    expect(storage.items.size).toBe(0);
  });

  it('shows maintainer controls only where the token may write', () => {
    expect(signInProblem(viewer('READER'))).toBeNull();
    expect(canMaintain(viewer('READER'), 'r1')).toBe(false);
    expect(canMaintain(viewer('ADMIN'), 'r1')).toBe(true);
    expect(canMaintain(viewer('MAINTAINER', { reviewId: 'r1' }), 'r1')).toBe(true);
    expect(canMaintain(viewer('MAINTAINER', { reviewId: 'r1' }), 'r2')).toBe(false);
    expect(canMaintain(null, 'r1')).toBe(false);
  });
});
