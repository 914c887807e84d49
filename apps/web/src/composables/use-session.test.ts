import { describe, expect, it } from 'vitest';
import { canMaintain, createSession, currentAntiForgeryToken, onIdentityChange, signInProblem, TOKEN_KEY, viewerOfPerson, type Viewer } from './use-session';

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

describe('a person signed in with the cookie', () => {
  const me = {
    id: 'u1', email: 'sam@example.org', emailConfirmed: true, displayName: 'Sam', orcid: null, isAdmin: false, hasPassword: true,
    signedInWith: 'session' as const, antiForgeryToken: 'csrf', identities: [], personalAccessTokens: [],
    memberships: [
      { review: { id: 'screened', title: 'S' }, roles: ['SCREENER' as const], permissions: ['READ' as const, 'SCREEN' as const] },
      { review: { id: 'extracted', title: 'E' }, roles: ['EXTRACTOR' as const], permissions: ['READ' as const, 'EDIT_DATA' as const] },
    ],
  };

  it('is offered editing only in reviews where a role allows it', () => {
    const viewer = viewerOfPerson(me);
    expect(viewer.name).toBe('Sam');
    expect(canMaintain(viewer, 'screened')).toBe(false);
    expect(canMaintain(viewer, 'extracted')).toBe(true);
    expect(canMaintain(viewer, 'elsewhere')).toBe(false);
    expect(canMaintain(viewerOfPerson({ ...me, isAdmin: true, memberships: [] }), 'elsewhere')).toBe(true);
  });

  it('keeps the anti-forgery token in memory, forgets a stored bearer token, and drops both on sign-out', async () => {
    const storage = memoryStorage({ [TOKEN_KEY]: 'old' });
    const session = createSession(storage);
    const sent: string[] = [];
    const client = {
      resetStore: async () => [],
      query: async () => ({ data: { viewer: viewer('MAINTAINER'), me } }),
      mutate: async ({ mutation }: { mutation: { definitions: { name: { value: string } }[] } }) => {
        sent.push(`${mutation.definitions[0].name.value} with ${currentAntiForgeryToken()}`);
        return { data: {} };
      },
    } as never;
    let identityChanges = 0;
    const stop = onIdentityChange(() => identityChanges++);
    await session.signedInWithCookie(client, { me, antiForgeryToken: 'csrf' });
    expect(identityChanges).toBe(1);
    expect(storage.items.has(TOKEN_KEY)).toBe(false);
    expect(currentAntiForgeryToken()).toBe('csrf');
    expect(session.me.value?.displayName).toBe('Sam');
    await session.signOut(client);
    expect(sent).toEqual(['SignOut with csrf']);
    expect(currentAntiForgeryToken()).toBeNull();
    expect(session.signedIn.value).toBe(false);
    expect(identityChanges).toBe(2);
    stop();
  });

  it('asks `me` again on entering a review where the person has no role yet, once per review', async () => {
    const session = createSession(memoryStorage());
    let asked = 0;
    const owner = { ...me, memberships: [...me.memberships, { review: { id: 'created', title: 'C' }, roles: ['OWNER' as const], permissions: ['READ' as const, 'EDIT_REVIEW' as const] }] };
    const client = {
      resetStore: async () => [],
      query: async () => ({ data: { viewer: viewer('MAINTAINER'), me: asked++ === 0 ? me : owner } }),
    } as never;
    await session.restore(client);
    expect(canMaintain(session.viewer.value, 'created')).toBe(false);
    await session.enterReview(client, 'created');
    expect(canMaintain(session.viewer.value, 'created')).toBe(true);
    await session.enterReview(client, 'screened');
    await session.enterReview(client, 'elsewhere');
    await session.enterReview(client, 'elsewhere');
    expect(asked).toBe(3);
  });
});
