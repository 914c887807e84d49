/* eslint-disable @typescript-eslint/no-explicit-any -- tests read GraphQL results by path */
// People through the real server: sign-up confirmed by mail (a local SMTP sink), sign-in with a password and through a
// local OpenID Connect provider (the whole redirect flow, with cookies), sessions and their anti-forgery token,
// personal access tokens, throttling, answers that never tell whether an email has an account, and a screener invited
// by mail who can do only what the role allows. SQLite and PostgreSQL.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/free-port.js';
import { createMailer } from '../src/mail/mailer.js';
import { startServer, type RunningServer } from '../src/server.js';
import { adminSecret, dialects, testApp, testDatabase, type DialectName, type TestApp } from './helpers.js';
import { subscribeWs } from './streams.js';
import { Browser, linkIn, startOidcProvider, startSmtpSink, type SmtpSink, type TestProvider } from './sign-in.js';

const PASSWORD = 'correct horse battery';

const q = {
  signUp: `mutation($input: SignUpInput!) { signUp(input: $input) { message errors { field message } } }`,
  confirmEmail: `mutation($token: String!) { confirmEmail(input: { token: $token }) { me { displayName email } antiForgeryToken errors { field message } } }`,
  signIn: `mutation($email: String!, $password: String!) { signIn(input: { email: $email, password: $password }) { me { id displayName } antiForgeryToken errors { field message } } }`,
  me: `{ me { id email displayName isAdmin signedInWith antiForgeryToken identities { provider } memberships { review { id } roles } } viewer { role credentialProblem } }`,
  createReview: `mutation($title: String!, $isPublic: Boolean) { createReview(input: { title: $title, isPublic: $isPublic }) { review { id } errors { field message } } }`,
  addStudy: `mutation($reviewId: ID!, $label: String!) { addStudy(input: { reviewId: $reviewId, label: $label }) { study { id } errors { field message } } }`,
  addOutcome: `mutation($reviewId: ID!) { addOutcome(input: { reviewId: $reviewId, name: "Deaths", measure: OR }) { outcome { id } errors { field message } } }`,
  record: `mutation($outcomeId: ID!, $studyId: ID!) { recordStudyData(input: { outcomeId: $outcomeId, studyId: $studyId, events1: 3, n1: 20, events2: 6, n2: 20 }) { outcome { version } errors { field message } } }`,
  invite: `mutation($reviewId: ID!, $email: String!, $role: ReviewRole!) { inviteMember(input: { reviewId: $reviewId, email: $email, role: $role }) { invitation { id role } link errors { field message } } }`,
  accept: `mutation($token: String!) { acceptInvitation(input: { token: $token }) { review { id title } role errors { field message } } }`,
  setRoles: `mutation($reviewId: ID!, $userId: ID!, $roles: [ReviewRole!]!) { setMemberRoles(input: { reviewId: $reviewId, userId: $userId, roles: $roles }) { roles errors { field message } } }`,
  review: `query($id: ID!) { review(id: $id) { id title viewerPermissions team { displayName roles email } changes { actor actorUser { id displayName } action } } }`,
  createToken: `mutation($input: CreatePersonalAccessTokenInput!) { createPersonalAccessToken(input: $input) { token { id expiresAt reviewIds roles role } secret errors { field message } } }`,
  revoke: `mutation($id: ID!) { revokeApiToken(input: { id: $id }) { token { revokedAt } errors { field message } } }`,
  requestReset: `mutation($email: String!) { requestPasswordReset(input: { email: $email }) { message errors { field message } } }`,
  reset: `mutation($token: String!, $password: String!) { resetPassword(input: { token: $token, password: $password }) { me { displayName } antiForgeryToken errors { field message } } }`,
};

for (const dialect of await dialects('people')) {
  describe(`people on ${dialect}`, () => {
    let app: TestApp;
    let server: RunningServer;
    let smtp: SmtpSink;
    let oidc: TestProvider;
    let dispose: () => Promise<void>;
    let origin: string;

    /** A GraphQL request as the dashboard sends it: the browser's cookies, and the anti-forgery header when given. */
    async function call(browser: Browser | null, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
      const init = { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) };
      const response = browser ? await browser.fetch(`${origin}/graphql`, init) : await fetch(`${origin}/graphql`, init);
      return { status: response.status, body: (await response.json()) as any, setCookie: response.headers.getSetCookie() };
    }
    const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
    const csrf = (token: string) => ({ 'x-csrf-token': token });

    /** Signs up through the API, confirms by the mailed link, and returns the signed-in browser and its anti-forgery token. */
    async function signedUp(email: string, displayName: string) {
      const browser = new Browser();
      const answer = await call(browser, q.signUp, { input: { email, displayName, password: PASSWORD } });
      expect(answer.body.data.signUp.errors).toEqual([]);
      const mail = await smtp.next(email, /confirm your email/);
      const token = linkIn(mail, `${origin}/confirm-email?token=`).searchParams.get('token')!;
      const confirmed = await call(browser, q.confirmEmail, { token });
      expect(confirmed.body.data.confirmEmail.errors).toEqual([]);
      return { browser, antiForgery: confirmed.body.data.confirmEmail.antiForgeryToken as string };
    }

    beforeAll(async () => {
      const test = await testDatabase(dialect as DialectName);
      dispose = test.dispose;
      smtp = await startSmtpSink();
      const port = await freePort();
      origin = `http://127.0.0.1:${port}`;
      oidc = await startOidcProvider(`${origin}/auth/oidc/university/callback`);
      app = testApp(test.database, {
        app: {
          auth: {
            publicUrl: origin,
            mailer: createMailer({ url: smtp.url, from: 'Cumulus <cumulus@example.org>' }, () => undefined),
            oidcProviders: [{ name: 'university', displayName: 'University', issuer: oidc.issuer, clientId: oidc.clientId, clientSecret: oidc.clientSecret, scope: 'openid email profile' }],
            throttle: { perEmail: 4, perAddress: 1000, windowMs: 60_000 },
          },
        },
      });
      server = await startServer(app.yoga, { port, host: '127.0.0.1' });
    }, 60_000);
    afterAll(async () => {
      await server?.close();
      await app?.close();
      await oidc?.close();
      await smtp?.close();
      await dispose?.();
    });

    it('signs up (the email confirmed by a mailed link), signs in with a password in an HttpOnly, SameSite=Lax cookie, and signs out', async () => {
      const { browser } = await signedUp('ann@example.org', 'Ann Smith');
      const me = await call(browser, q.me);
      expect(me.body.data.me).toMatchObject({ email: 'ann@example.org', displayName: 'Ann Smith', isAdmin: false, signedInWith: 'session' });

      const fresh = new Browser();
      const signIn = await call(fresh, q.signIn, { email: 'ANN@example.org', password: PASSWORD });
      expect(signIn.body.data.signIn.errors).toEqual([]);
      expect(signIn.body.data.signIn.me.displayName).toBe('Ann Smith');
      const cookie = signIn.setCookie.find((c) => c.startsWith('cumulus_session='))!;
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).toMatch(/; Max-Age=\d+/);
      expect(cookie).not.toMatch(/Secure/);
      // Behind a proxy that says https, the cookie is Secure.
      const proxied = await call(new Browser(), q.signIn, { email: 'ann@example.org', password: PASSWORD }, { 'x-forwarded-proto': 'https' });
      expect(proxied.setCookie.find((c) => c.startsWith('cumulus_session='))).toMatch(/; Secure/);
      // Only a hash of the session id is stored.
      const secret = fresh.cookie(origin, 'cumulus_session')!;
      const stored = await app.database.db.selectFrom('sessions').select('token_hash').execute();
      expect(stored.map((s) => s.token_hash)).not.toContain(secret);

      const token = signIn.body.data.signIn.antiForgeryToken as string;
      const out = await call(fresh, `mutation { signOut { sessionsEnded errors { message } } }`, {}, csrf(token));
      expect(out.body.data.signOut).toEqual({ sessionsEnded: 1, errors: [] });
      expect(fresh.cookie(origin, 'cumulus_session')).toBeUndefined();
      // The old cookie, sent again, is refused: the session ended.
      const replay = await fetch(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: `cumulus_session=${secret}` }, body: JSON.stringify({ query: q.me }) });
      const replayed = (await replay.json()) as any;
      expect(replayed.data.me).toBeNull();
      expect(replayed.data.viewer.credentialProblem).toMatch(/signed out/);
      // The first browser is still signed in.
      expect((await call(browser, q.me)).body.data.me.email).toBe('ann@example.org');
    });

    it('never tells whether an email has an account: sign-in failures, sign-ups and reset requests read the same and take about as long', async () => {
      const unconfirmed = await call(new Browser(), q.signUp, { input: { email: 'dora@example.org', displayName: 'Dora', password: PASSWORD } });
      await smtp.next('dora@example.org', /confirm your email/);
      const again = await call(new Browser(), q.signUp, { input: { email: 'Dora@Example.org', displayName: 'Someone else', password: 'another password' } });
      expect(again.body.data.signUp.message.replace('Dora@Example.org', '<email>')).toBe(unconfirmed.body.data.signUp.message.replace('dora@example.org', '<email>'));
      await smtp.next('dora@example.org', /already have an account/);

      const attempts = { known: [] as number[], unknown: [] as number[] };
      const answers = new Set<string>();
      for (let i = 0; i < 3; i++) {
        for (const [kind, email] of [['known', 'ann@example.org'], ['unknown', `nobody${i}@example.org`]] as const) {
          const started = performance.now();
          const answer = await call(null, q.signIn, { email, password: 'wrong password!' });
          attempts[kind].push(performance.now() - started);
          expect(answer.status).toBe(200);
          expect(answer.setCookie).toEqual([]);
          answers.add(JSON.stringify(answer.body));
        }
      }
      // An unconfirmed account with the right password reads the same too.
      answers.add(JSON.stringify((await call(null, q.signIn, { email: 'dora@example.org', password: PASSWORD })).body));
      expect(answers.size).toBe(1);
      expect(JSON.parse([...answers][0]).data.signIn.errors).toEqual([
        { field: ['input', 'password'], message: expect.stringMatching(/^The email or password is not right/) },
      ]);
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[1];
      // Both run one scrypt (a decoy hash for no account): neither answer is quick.
      expect(median(attempts.unknown) / median(attempts.known)).toBeGreaterThan(0.33);
      expect(median(attempts.unknown) / median(attempts.known)).toBeLessThan(3);

      const known = await call(null, q.requestReset, { email: 'ann@example.org' });
      const unknown = await call(null, q.requestReset, { email: 'nobody@example.org' });
      expect(known.body.data.requestPasswordReset.message.replace('ann@example.org', '<email>')).toBe(unknown.body.data.requestPasswordReset.message.replace('nobody@example.org', '<email>'));
      await smtp.next('ann@example.org', /new password/);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(smtp.messages.filter((m) => m.to.includes('nobody@example.org'))).toEqual([]);
    });

    it('resets a password by a single-use mailed link, which ends every other session', async () => {
      const before = new Browser();
      expect((await call(before, q.signIn, { email: 'ann@example.org', password: PASSWORD })).body.data.signIn.errors).toEqual([]);
      await call(null, q.requestReset, { email: 'ann@example.org' });
      const token = linkIn(await smtp.next('ann@example.org', /new password/), `${origin}/reset-password?token=`).searchParams.get('token')!;
      const reset = await call(new Browser(), q.reset, { token, password: 'a brand new password' });
      expect(reset.body.data.resetPassword).toMatchObject({ me: { displayName: 'Ann Smith' }, errors: [] });
      const twice = await call(new Browser(), q.reset, { token, password: 'yet another password' });
      expect(twice.body.data.resetPassword.errors).toEqual([{ field: ['input', 'token'], message: expect.stringMatching(/already used: ask for a new one/) }]);
      expect((await call(before, q.me)).body.data.me).toBeNull();
      expect((await call(null, q.signIn, { email: 'ann@example.org', password: PASSWORD })).body.data.signIn.errors).toHaveLength(1);
      expect((await call(null, q.signIn, { email: 'ann@example.org', password: 'a brand new password' })).body.data.signIn.errors).toEqual([]);
      // Back to the usual password for the tests after this one.
      await call(null, q.requestReset, { email: 'ann@example.org' });
      const again = linkIn(await smtp.next('ann@example.org', /new password/), `${origin}/reset-password?token=`).searchParams.get('token')!;
      expect((await call(new Browser(), q.reset, { token: again, password: PASSWORD })).body.data.resetPassword.errors).toEqual([]);
    });

    it('refuses a mutation made with the session cookie but without its anti-forgery token; bearer tokens need none', async () => {
      const browser = new Browser();
      const signIn = await call(browser, q.signIn, { email: 'ann@example.org', password: PASSWORD });
      const token = signIn.body.data.signIn.antiForgeryToken as string;
      const reviewsBefore = await app.database.db.selectFrom('reviews').select('id').execute();

      const without = await call(browser, q.createReview, { title: 'Forged' });
      expect(without.status).toBe(403);
      expect(without.body.errors[0].extensions.code).toBe('ANTI_FORGERY_TOKEN_MISSING');
      expect(without.body.errors[0].message).toMatch(/x-csrf-token/);
      const wrong = await call(browser, q.createReview, { title: 'Forged' }, csrf('not-the-token'));
      expect(wrong.body.errors[0].extensions.code).toBe('ANTI_FORGERY_TOKEN_WRONG');
      expect(await app.database.db.selectFrom('reviews').select('id').execute()).toEqual(reviewsBefore);
      // Reads need no token.
      expect((await call(browser, q.me)).body.data.me.antiForgeryToken).toBe(token);

      const made = await call(browser, q.createReview, { title: 'Ann’s living review', isPublic: false }, csrf(token));
      const reviewId = made.body.data.createReview.review.id as string;
      const added = await call(browser, q.addStudy, { reviewId, label: 'Aronson 1948' }, csrf(token));
      expect(added.body.data.addStudy.errors).toEqual([]);
      const review = (await call(browser, q.review, { id: reviewId })).body.data.review;
      expect(review.team).toEqual([{ displayName: 'Ann Smith', roles: ['OWNER'], email: 'ann@example.org' }]);
      const me = (await call(browser, q.me)).body.data.me;
      // The change log names the person: display name and user id.
      expect(review.changes).toEqual([
        { actor: 'Ann Smith', actorUser: { id: me.id, displayName: 'Ann Smith' }, action: 'addStudy' },
        { actor: 'Ann Smith', actorUser: { id: me.id, displayName: 'Ann Smith' }, action: 'createReview' },
      ]);

      // CUMULUS_ADMIN_TOKEN keeps working, needs no anti-forgery token, and is recorded as before.
      const admin = await call(null, q.addStudy, { reviewId, label: 'Hart 1967' }, bearer(adminSecret));
      expect(admin.body.data.addStudy.errors).toEqual([]);
      const log = (await call(browser, q.review, { id: reviewId })).body.data.review.changes;
      expect(log[0]).toEqual({ actor: 'administrator', actorUser: null, action: 'addStudy' });
    });

    it('signs in through the OpenID Connect provider (authorization code with PKCE), the same person each time', async () => {
      const browser = new Browser();
      const start = await browser.fetch(`${origin}/auth/oidc/university/start?returnTo=/reviews`);
      expect(start.status).toBe(302);
      const authorize = new URL(start.headers.get('location')!);
      expect(authorize.origin).toBe(oidc.issuer);
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorize.searchParams.get('redirect_uri')).toBe(`${origin}/auth/oidc/university/callback`);

      // The provider's login page, then its consent page, each a form; then back to the callback and on to returnTo.
      const signInAt = async (who: Browser, authorization: string, login: string) => {
        const first = await who.follow(authorization);
        let page = { url: first.visited.at(-1)!, html: await first.response.text() };
        let visited: URL[] = [];
        for (let step = 0; step < 3 && !visited.some((u) => u.pathname === '/auth/oidc/university/callback'); step++) {
          const submitted = await who.submit(page, step === 0 ? { login, password: 'any' } : {});
          visited = submitted.visited;
          page = { url: visited.at(-1)!, html: await submitted.response.text() };
        }
        return visited;
      };
      const visited = await signInAt(browser, authorize.href, 'bob');
      expect(visited.map((u) => u.pathname)).toContain('/auth/oidc/university/callback');
      expect(visited.at(-1)!.href).toBe(`${origin}/reviews`);
      const me = (await call(browser, q.me)).body.data.me;
      expect(me).toMatchObject({ displayName: 'Dr bob', email: 'bob@uni.example', identities: [{ provider: 'university' }], signedInWith: 'session' });

      // Again, in another browser: the same account, not a second one.
      const second = new Browser();
      const again = await second.fetch(`${origin}/auth/oidc/university/start`);
      expect((await signInAt(second, again.headers.get('location')!, 'bob')).at(-1)!.href).toBe(`${origin}/`);
      expect((await call(second, q.me)).body.data.me.id).toBe(me.id);
      expect(await app.database.db.selectFrom('users').select('id').where('email_key', '=', 'bob@uni.example').execute()).toHaveLength(1);

      // Someone who signed up with a password and the provider's verified email: linked, not a second account.
      const erin = await signedUp('erin@uni.example', 'Erin Password');
      const erinId = (await call(erin.browser, q.me)).body.data.me.id as string;
      const viaProvider = new Browser();
      const erinStart = await viaProvider.fetch(`${origin}/auth/oidc/university/start`);
      await signInAt(viaProvider, erinStart.headers.get('location')!, 'erin');
      expect((await call(viaProvider, q.me)).body.data.me).toMatchObject({ id: erinId, displayName: 'Erin Password', identities: [{ provider: 'university' }] });

      // A callback without the flow's cookie (another browser, or forged) goes back to sign-in with a reason.
      const forged = await fetch(`${origin}/auth/oidc/university/callback?code=abc&state=xyz`, { redirect: 'manual' });
      expect(forged.status).toBe(302);
      expect(decodeURIComponent(forged.headers.get('location')!)).toMatch(/\/sign-in\?error=.*start it again/);
      // Unknown providers are 404; returnTo never leaves the site.
      expect((await fetch(`${origin}/auth/oidc/nowhere/start`, { redirect: 'manual' })).status).toBe(404);
      const offsite = await new Browser().fetch(`${origin}/auth/oidc/university/start?returnTo=//evil.example/x`);
      expect(offsite.status).toBe(302);
      const flowCookie = offsite.headers.getSetCookie().find((c) => c.startsWith('cumulus_oidc='))!;
      expect(JSON.parse(Buffer.from(flowCookie.split(';')[0].split('=')[1], 'base64url').toString()).returnTo).toBe('/');
    });

    it('invites a screener by mail, who accepts by the link once and can then do only what the role allows', async () => {
      const owner = new Browser();
      const ownerToken = (await call(owner, q.signIn, { email: 'ann@example.org', password: PASSWORD })).body.data.signIn.antiForgeryToken as string;
      const asOwner = (query: string, variables: Record<string, unknown>) => call(owner, query, variables, csrf(ownerToken));
      const reviewId = (await asOwner(q.createReview, { title: 'Private review', isPublic: false })).body.data.createReview.review.id as string;
      const outcomeId = (await asOwner(q.addOutcome, { reviewId })).body.data.addOutcome.outcome.id as string;
      const studyId = (await asOwner(q.addStudy, { reviewId, label: 'Smith 2019' })).body.data.addStudy.study.id as string;

      const invited = await asOwner(q.invite, { reviewId, email: 'carol@example.org', role: 'SCREENER' });
      expect(invited.body.data.inviteMember.errors).toEqual([]);
      const mail = await smtp.next('carol@example.org', /join the review 'Private review'/);
      expect(mail.text).toMatch(/Ann Smith invites you .* as screener/);
      const link = linkIn(mail, `${origin}/invitations/accept?token=`);
      expect(link.href).toBe(invited.body.data.inviteMember.link);
      const token = link.searchParams.get('token')!;
      expect(await app.database.db.selectFrom('invitations').select('token_hash').execute()).not.toContainEqual({ token_hash: token });

      // Before signing in: the preview, and a refusal that says what to do.
      const preview = await call(null, `query($token: String!) { invitation(token: $token) { reviewTitle role invitedBy state } }`, { token });
      expect(preview.body.data.invitation).toEqual({ reviewTitle: 'Private review', role: 'SCREENER', invitedBy: 'Ann Smith', state: 'open' });
      expect((await call(null, q.accept, { token })).body.data.acceptInvitation.errors[0].message).toMatch(/needs you signed in/);

      const carol = await signedUp('carol@example.org', 'Carol Jones');
      const asCarol = (query: string, variables: Record<string, unknown>) => call(carol.browser, query, variables, csrf(carol.antiForgery));
      expect((await asCarol(q.review, { id: reviewId })).body.data.review).toBeNull();
      const accepted = await asCarol(q.accept, { token });
      expect(accepted.body.data.acceptInvitation).toEqual({ review: { id: reviewId, title: 'Private review' }, role: 'SCREENER', errors: [] });
      expect((await asCarol(q.accept, { token })).body.data.acceptInvitation.errors).toEqual([
        { field: ['input', 'token'], message: expect.stringMatching(/already accepted \(a link works once\)/) },
      ]);

      const seen = (await asCarol(q.review, { id: reviewId })).body.data.review;
      expect(seen.viewerPermissions).toEqual(['READ', 'SCREEN']);
      expect(seen.team.map((m: any) => [m.displayName, m.roles, m.email])).toEqual([
        ['Ann Smith', ['OWNER'], null],
        ['Carol Jones', ['SCREENER'], null],
      ]);
      const study = await asCarol(q.addStudy, { reviewId, label: 'Not mine to add' });
      expect(study.body.data.addStudy).toEqual({ study: null, errors: [{ field: [], message: expect.stringMatching(/needs one of the roles owner, maintainer in this review; 'Carol Jones' has none of them/) }] });
      const data = await asCarol(q.record, { outcomeId, studyId });
      expect(data.body.data.recordStudyData.errors[0].message).toMatch(/roles owner, maintainer, extractor/);
      const invite = await asCarol(q.invite, { reviewId, email: 'dan@example.org', role: 'OWNER' });
      expect(invite.body.data.inviteMember.errors[0].message).toMatch(/inviting a member needs one of the roles owner/);

      // Made an extractor as well: data rows, still no studies.
      const carolId = (await call(carol.browser, q.me)).body.data.me.id as string;
      expect((await asOwner(q.setRoles, { reviewId, userId: carolId, roles: ['SCREENER', 'EXTRACTOR'] })).body.data.setMemberRoles).toEqual({ roles: ['SCREENER', 'EXTRACTOR'], errors: [] });
      expect((await asCarol(q.record, { outcomeId, studyId })).body.data.recordStudyData.errors).toEqual([]);
      expect((await asCarol(q.addStudy, { reviewId, label: 'Still not' })).body.data.addStudy.errors).toHaveLength(1);
      // The owner cannot leave the review without an owner.
      const annId = (await call(owner, q.me)).body.data.me.id as string;
      expect((await asOwner(q.setRoles, { reviewId, userId: annId, roles: ['MAINTAINER'] })).body.data.setMemberRoles.errors[0].message).toMatch(/needs an owner/);
      // Removed: the private review is unknown again, at once.
      expect((await asOwner(`mutation($reviewId: ID!, $userId: ID!) { removeMember(input: { reviewId: $reviewId, userId: $userId }) { roles errors { message } } }`, { reviewId, userId: carolId })).body.data.removeMember.errors).toEqual([]);
      expect((await asCarol(q.review, { id: reviewId })).body.data.review).toBeNull();
    });

    it('personal access tokens: limited to chosen reviews and roles, refused once revoked or expired, as are expired sessions', async () => {
      const browser = new Browser();
      const token = (await call(browser, q.signIn, { email: 'ann@example.org', password: PASSWORD })).body.data.signIn.antiForgeryToken as string;
      const reviewId = (await call(browser, q.createReview, { title: 'Token review', isPublic: false }, csrf(token))).body.data.createReview.review.id as string;
      const otherId = (await call(browser, q.createReview, { title: 'Another review', isPublic: false }, csrf(token))).body.data.createReview.review.id as string;

      const full = (await call(browser, q.createToken, { input: { name: 'nightly import', reviewIds: [reviewId], expiresInDays: 30 } }, csrf(token))).body.data.createPersonalAccessToken;
      expect(full.errors).toEqual([]);
      expect(full.token).toMatchObject({ reviewIds: [reviewId], roles: null, role: 'MAINTAINER' });
      expect(new Date(full.token.expiresAt).getTime() - Date.now()).toBeGreaterThan(29 * 24 * 3600_000);
      const reader = (await call(browser, q.createToken, { input: { name: 'read only', roles: ['READER'] } }, csrf(token))).body.data.createPersonalAccessToken;

      expect((await call(null, q.addStudy, { reviewId, label: 'By token' }, bearer(full.secret))).body.data.addStudy.errors).toEqual([]);
      expect((await call(null, q.review, { id: reviewId }, bearer(full.secret))).body.data.review.changes[0]).toMatchObject({ actor: 'Ann Smith', action: 'addStudy' });
      expect((await call(null, q.review, { id: otherId }, bearer(full.secret))).body.data.review).toBeNull();
      expect((await call(null, q.review, { id: otherId }, bearer(reader.secret))).body.data.review.viewerPermissions).toEqual(['READ']);
      expect((await call(null, q.addStudy, { reviewId, label: 'Reader' }, bearer(reader.secret))).body.data.addStudy.errors[0].message).toMatch(/can only read/);
      // A token cannot make another (wider) one.
      expect((await call(null, q.createToken, { input: { name: 'wider' } }, bearer(full.secret))).body.data.createPersonalAccessToken.errors[0].message).toMatch(/made from a signed-in session/);
      const listed = (await call(browser, `{ me { personalAccessTokens { name } } }`)).body.data.me.personalAccessTokens;
      expect(listed.map((t: any) => t.name).sort()).toEqual(['nightly import', 'read only']);

      // Revoked: the very next request is refused.
      expect((await call(browser, q.revoke, { id: full.token.id }, csrf(token))).body.data.revokeApiToken.errors).toEqual([]);
      const after = await call(null, q.addStudy, { reviewId, label: 'After revoking' }, bearer(full.secret));
      expect(after.body.data.addStudy.errors[0].message).toMatch(/the bearer token 'nightly import' was revoked/);

      // Expired token and expired session.
      await app.database.db.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', reader.token.id).execute();
      const expired = await call(null, q.me, {}, bearer(reader.secret));
      expect(expired.body.data.me).toBeNull();
      expect(expired.body.data.viewer.credentialProblem).toMatch(/the bearer token 'read only' expired at .*create a new one/);
      await app.database.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('revoked_at', 'is', null).execute();
      const stale = await call(browser, q.addStudy, { reviewId, label: 'Stale session' }, csrf(token));
      expect(stale.body.data.addStudy.errors[0].message).toMatch(/this session expired at .*sign in again/);
    });

    it('throttles sign-in per email (known or not, the same answer), then lets the right password in after the window', async () => {
      for (const email of ['ann@example.org', 'ghost@example.org']) {
        const messages: string[] = [];
        for (let i = 0; i < 5; i++) messages.push((await call(null, q.signIn, { email, password: 'wrong password!' })).body.data.signIn.errors[0].message);
        expect(messages.slice(0, 4).every((m) => /not right/.test(m))).toBe(true);
        expect(messages[4]).toMatch(/^Too many sign-in attempts for this email or from this address\. Try again in 1 minute/);
      }
      // Even the right password waits.
      expect((await call(null, q.signIn, { email: 'ann@example.org', password: PASSWORD })).body.data.signIn.errors[0].message).toMatch(/Too many/);
    });

    it('subscribes over graphql-ws with the session cookie from a page of this site, never from another site', async () => {
      const browser = new Browser();
      const token = (await call(browser, q.signIn, { email: 'carol@example.org', password: PASSWORD })).body.data.signIn.antiForgeryToken as string;
      const reviewId = (await call(browser, q.createReview, { title: 'Carol’s private review', isPublic: false }, csrf(token))).body.data.createReview.review.id as string;
      const cookie = `cumulus_session=${browser.cookie(origin, 'cumulus_session')}`;
      const subscription = `subscription($reviewId: ID!) { reviewUpdated(reviewId: $reviewId) { version action } }`;
      const own = subscribeWs(origin, subscription, { reviewId }, undefined, { cookie, origin });
      const foreign = subscribeWs(origin, subscription, { reviewId }, undefined, { cookie, origin: 'https://evil.example' });
      expect((await foreign.take(1, 5000))[0].errors[0].message).toMatch(/there is no review with id/);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await call(null, q.addStudy, { reviewId, label: 'Seen live' }, bearer(adminSecret));
      expect((await own.take(1))[0]).toMatchObject({ data: { reviewUpdated: { version: 2, action: 'addStudy' } } });
      own.close();
      foreign.close();
    });

    it('keeps an ORCID iD only when its check character is right, naming the field', async () => {
      const browser = new Browser();
      const token = (await call(browser, q.signIn, { email: 'carol@example.org', password: PASSWORD })).body.data.signIn.antiForgeryToken as string;
      const update = (orcid: string | null) =>
        call(browser, `mutation($orcid: String) { updateProfile(input: { orcid: $orcid }) { me { orcid displayName } errors { field message } } }`, { orcid }, csrf(token));
      expect((await update('0000-0002-1825-0098')).body.data.updateProfile.errors).toEqual([
        { field: ['input', 'orcid'], message: expect.stringMatching(/'0000-0002-1825-0098' is not an ORCID iD: .*whose last character checks the others/) },
      ]);
      expect((await update('https://orcid.org/0000-0002-1694-233x')).body.data.updateProfile.me).toEqual({ orcid: '0000-0002-1694-233X', displayName: 'Carol Jones' });
      expect((await update('0000000218250097')).body.data.updateProfile.me.orcid).toBe('0000-0002-1825-0097');
      expect((await update(null)).body.data.updateProfile.me.orcid).toBeNull();
    });

    it('CUMULUS_ADMIN_TOKEN makes the first administrator, who signs in as one', async () => {
      const made = await call(null, `mutation { createUser(input: { email: "root@example.org", displayName: "Root", password: "${PASSWORD}", admin: true }) { user { id } isAdmin errors { message } } }`, {}, bearer(adminSecret));
      expect(made.body.data.createUser).toMatchObject({ isAdmin: true, errors: [] });
      const browser = new Browser();
      expect((await call(browser, q.signIn, { email: 'root@example.org', password: PASSWORD })).body.data.signIn.errors).toEqual([]);
      const me = await call(browser, q.me);
      expect(me.body.data.me.isAdmin).toBe(true);
      expect(me.body.data.viewer.role).toBe('ADMIN');
      // A person who is not an administrator cannot.
      const carol = new Browser();
      const carolToken = (await call(carol, q.signIn, { email: 'carol@example.org', password: PASSWORD })).body.data.signIn.antiForgeryToken as string;
      const refused = await call(carol, `mutation { createUser(input: { email: "x@example.org", displayName: "X" }) { errors { message } } }`, {}, csrf(carolToken));
      expect(refused.body.data.createUser.errors[0].message).toMatch(/creating an account needs an administrator token; 'Carol Jones' is a/);
    });
  });
}

describe('pnpm create-admin', () => {
  it('makes the first administrator in the database DATABASE_URL names, who then signs in as one', async () => {
    const { database, url, dispose } = await testDatabase('sqlite');
    try {
      const script = fileURLToPath(new URL('../dist/create-admin.js', import.meta.url));
      const run = spawnSync(process.execPath, [script, '--email', 'First@Example.org', '--name', 'First Admin'], {
        env: { ...process.env, DATABASE_URL: url, CUMULUS_ADMIN_PASSWORD: PASSWORD },
        encoding: 'utf8',
      });
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/made administrator First@Example.org \(First Admin\)/);
      const app = testApp(database);
      try {
        const signIn = await app.yoga.fetch('http://yoga/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: q.signIn, variables: { email: 'first@example.org', password: PASSWORD } }),
        });
        const cookie = signIn.headers.getSetCookie()[0].split(';')[0];
        const me = await app.yoga.fetch('http://yoga/graphql', { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ query: q.me }) });
        expect(((await me.json()) as any).data.me).toMatchObject({ displayName: 'First Admin', isAdmin: true });
      } finally {
        await app.close();
      }
    } finally {
      await dispose();
    }
  });
});
