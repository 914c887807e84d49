// People in Chromium against the real API, a local SMTP sink and a local OpenID Connect provider (the API tests'
// own, apps/api/test/sign-in.ts): sign up and confirm by the mailed link, sign in with a password and through the
// provider's login and consent pages; an owner invites a screener by email, who accepts through the link and sees
// the review without data editing; a revoked personal access token is refused at once; a cookie mutation without
// the anti-forgery header is refused.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkIn, startOidcProvider, startSmtpSink, type SmtpSink, type TestProvider } from '../../../api/test/sign-in';
import { browserSuiteSkipReason, demoReview, freePort, startApi, type DemoReview, type RunningApi } from './api-server';
import { launchChromium, openPage, type WatchedPage } from './browser';

const skipReason = browserSuiteSkipReason();
const PASSWORD = 'correct horse battery';

describe.skipIf(skipReason !== null)('people, sign-in and teams in Chromium', { timeout: 120_000 }, () => {
  let api: RunningApi;
  let smtp: SmtpSink;
  let provider: TestProvider;
  let browser: Browser;
  let bcg: DemoReview;
  let owner: BrowserContext;
  let ownerPage: WatchedPage;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider(`${url}/auth/oidc/local/callback`);
    api = await startApi({
      port,
      env: {
        CUMULUS_PUBLIC_URL: url,
        CUMULUS_SMTP_URL: smtp.url,
        CUMULUS_MAIL_FROM: 'Cumulus <cumulus@example.org>',
        CUMULUS_OIDC_LOCAL_ISSUER: provider.issuer,
        CUMULUS_OIDC_LOCAL_CLIENT_ID: provider.clientId,
        CUMULUS_OIDC_LOCAL_CLIENT_SECRET: provider.clientSecret,
        CUMULUS_OIDC_LOCAL_DISPLAY_NAME: 'Local University',
      },
    });
    bcg = await demoReview(api, 'BCG');
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    await provider?.close();
    await smtp?.close();
  });

  async function signInWithPassword(page: WatchedPage, email: string, back = '/') {
    await page.goto(`${api.url}/sign-in?back=${encodeURIComponent(back)}`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${api.url}${back}`);
  }

  it('signs up, confirms the email by the mailed link, signs out and signs in with the password', async () => {
    owner = await browser.newContext();
    ownerPage = await openPage(owner, `${api.url}/`);
    await ownerPage.locator('[data-test=sign-up-link]').click();
    await ownerPage.getByLabel('Email').fill('olivia@example.org');
    await ownerPage.getByLabel('Display name').fill('Olivia Owner');
    await ownerPage.getByLabel('Password').fill('too short');
    await ownerPage.getByRole('button', { name: 'Sign up' }).click();
    // The API's refusal beside the field it names.
    expect(await ownerPage.locator('[data-test=error-password]').textContent()).toMatch(/10 characters/);
    expect(await ownerPage.getByLabel('Password').getAttribute('autocomplete')).toBe('new-password');
    await ownerPage.getByLabel('Password').fill(PASSWORD);
    await ownerPage.getByRole('button', { name: 'Sign up' }).click();
    expect(await ownerPage.locator('[data-test=check-your-mail]').textContent()).toContain('olivia@example.org');

    const link = linkIn(await smtp.next('olivia@example.org', /confirm your email/), `${api.url}/confirm-email?token=`);
    await ownerPage.goto(link.href);
    await ownerPage.locator('[data-test=email-confirmed]').waitFor();
    expect(await ownerPage.locator('[data-test=session-name]').textContent()).toBe('Olivia Owner');

    await ownerPage.locator('[data-test=sign-out]').click();
    await ownerPage.locator('[data-test=sign-in-link]').waitFor();
    await ownerPage.goto(`${api.url}/sign-in`);
    await ownerPage.getByLabel('Email').fill('olivia@example.org');
    await ownerPage.getByLabel('Password').fill('wrong password!');
    await ownerPage.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect(await ownerPage.locator('[data-test=error-password]').textContent()).toMatch(/email or password is not right/);
    expect(await ownerPage.getByLabel('Password').getAttribute('autocomplete')).toBe('current-password');
    await signInWithPassword(ownerPage, 'olivia@example.org');
    expect(await ownerPage.locator('[data-test=session-name]').textContent()).toBe('Olivia Owner');
    // A reload keeps the session (the cookie) and asks `me` for the anti-forgery token again.
    await ownerPage.reload();
    expect(await ownerPage.locator('[data-test=session-name]').textContent()).toBe('Olivia Owner');
  });

  it('signs in through the OpenID Connect provider’s login and consent pages', async () => {
    const context = await browser.newContext();
    const page = await openPage(context, `${api.url}/sign-in?back=/profile`);
    await page.getByRole('link', { name: 'Sign in with Local University' }).click();
    await page.locator('input[name=login]').fill('rosalind');
    await page.locator('input[name=password]').fill('any');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${api.url}/profile`);
    expect(await page.locator('[data-test=session-name]').textContent()).toBe('Dr rosalind');
    expect(await page.getByLabel('Display name').inputValue()).toBe('Dr rosalind');

    // A callback the flow did not start (no cookie of its own): back on the sign-in page with the API's reason.
    const stranger = await openPage(browser, `${api.url}/auth/oidc/local/callback?code=forged&state=forged`);
    await stranger.waitForURL(/\/sign-in\?error=/);
    expect(await stranger.locator('[data-test=provider-error]').textContent()).toBe('The sign-in with Local University took too long or was started in another browser: start it again.');
    await stranger.close();
    await context.close();
  });

  it('an owner invites a screener by email; the screener accepts through the link and is not offered data editing', async () => {
    // An administrator makes Olivia an owner of the BCG review, by an invitation she accepts in the dashboard.
    const { inviteMember } = await api.graphql<{ inviteMember: { link: string } }>(
      'mutation($input: InviteMemberInput!) { inviteMember(input: $input) { link errors { message } } }',
      { input: { reviewId: bcg.reviewId, email: 'olivia@example.org', role: 'OWNER' } },
    );
    await ownerPage.goto(inviteMember.link);
    expect(await ownerPage.locator('[data-test=invitation-role]').textContent()).toBe('Owner');
    await ownerPage.getByRole('button', { name: 'Accept the invitation' }).click();
    await ownerPage.waitForURL(`${api.url}/reviews/${bcg.reviewId}`);
    await ownerPage.locator('details.maintain').first().waitFor();

    await ownerPage.locator('[data-test=team-link]').click();
    await ownerPage.waitForURL(`${api.url}/reviews/${bcg.reviewId}/team`);
    await ownerPage.locator('[data-test="member-Olivia Owner"]').waitFor();
    await ownerPage.getByLabel('Email').fill('sam@example.org');
    await ownerPage.getByLabel('Role', { exact: true }).selectOption('SCREENER');
    await ownerPage.getByRole('button', { name: 'Send invitation' }).click();
    await ownerPage.locator('[data-test=invitation-link]').waitFor();
    expect(await ownerPage.locator('[data-test="invitation-sam@example.org"]').textContent()).toContain('Screener');

    await api.graphql('mutation($input: CreateUserInput!) { createUser(input: $input) { errors { message } } }', {
      input: { email: 'sam@example.org', displayName: 'Sam Screener', password: PASSWORD },
    });
    const mail = await smtp.next('sam@example.org', /join the review/);
    const link = linkIn(mail, `${api.url}/invitations/accept?token=`);
    const screener = await browser.newContext();
    const page = await openPage(screener, link.href);
    expect(await page.locator('[data-test=invitation-review]').textContent()).toBe(bcg.title);
    expect(await page.locator('[data-test=invitation-role]').textContent()).toBe('Screener');
    expect(await page.locator('[data-test=invitation]').textContent()).toContain('Olivia Owner');
    await page.locator('[data-test=invitation-sign-in]').click();
    await page.getByLabel('Email').fill('sam@example.org');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(link.href);
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await page.waitForURL(`${api.url}/reviews/${bcg.reviewId}`);
    await page.locator('[data-test=team-link]').waitFor();
    expect(await page.locator('h1').textContent()).toBe(bcg.title);
    expect(await page.locator('details.maintain').count()).toBe(0);
    await page.goto(`${api.url}/outcomes/${bcg.outcomeId}`);
    await page.locator('h1').waitFor();
    await page.locator('[data-test=session-name]').waitFor();
    expect(await page.locator('details.maintain').count()).toBe(0);
    // The team page shows the screener the team, but nothing to change it with.
    await page.goto(`${api.url}/reviews/${bcg.reviewId}/team`);
    expect(await page.locator('[data-test="member-Sam Screener"] [data-test=member-roles]').textContent()).toBe('Screener');
    expect(await page.getByRole('button', { name: 'Send invitation' }).count()).toBe(0);
    expect(page.problems).toEqual([]);
    await screener.close();

    // The owner sees Sam join, and changes the role.
    await ownerPage.reload();
    const row = ownerPage.locator('[data-test="member-Sam Screener"]');
    await row.getByLabel('Arbiter').check();
    await row.getByRole('button', { name: 'Save the roles of Sam Screener' }).click();
    await expect.poll(async () => (await api.graphql<{ review: { team: { displayName: string; roles: string[] }[] } }>(
      'query($id: ID!) { review(id: $id) { team { displayName roles } } }', { id: bcg.reviewId },
    )).review.team.find((m) => m.displayName === 'Sam Screener')?.roles).toEqual(['SCREENER', 'ARBITER']);
  });

  it('a person creates a review from the list, becomes its owner and is offered its maintenance', async () => {
    await ownerPage.goto(`${api.url}/`);
    await ownerPage.locator('summary', { hasText: 'Create a review' }).click();
    await ownerPage.getByLabel('Title').fill('Olivia’s living review');
    await ownerPage.getByRole('button', { name: 'Create review' }).click();
    await ownerPage.waitForURL(/\/reviews\/[^/]+$/);
    await ownerPage.locator('details.maintain').first().waitFor();
    await ownerPage.locator('[data-test=team-link]').click();
    expect(await ownerPage.locator('[data-test="member-Olivia Owner"]').getByRole('checkbox', { name: 'Owner' }).isChecked()).toBe(true);
  });

  it('a personal access token works until it is revoked on the profile page, then is refused at once', async () => {
    await ownerPage.goto(`${api.url}/profile`);
    await ownerPage.getByLabel('Token name').fill('nightly import');
    await ownerPage.getByRole('checkbox', { name: bcg.title }).check();
    await ownerPage.getByLabel('Expires in (days)').fill('30');
    await ownerPage.getByRole('button', { name: 'Create token' }).click();
    const secret = await ownerPage.locator('[data-test=secret]').inputValue();
    const asToken = async () => {
      const response = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        body: JSON.stringify({ query: '{ viewer { credentialProblem } me { displayName } }' }),
      });
      return ((await response.json()) as { data: { viewer: { credentialProblem: string | null }; me: { displayName: string } | null } }).data;
    };
    expect(await asToken()).toEqual({ viewer: { credentialProblem: null }, me: { displayName: 'Olivia Owner' } });
    const row = ownerPage.locator('[data-test="token-nightly import"]');
    expect(await row.locator('[data-test=token-state]').textContent()).toBe('works');
    await row.getByRole('button', { name: 'Revoke nightly import' }).click();
    await ownerPage.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => row.locator('[data-test=token-state]').textContent()).toBe('revoked');
    const refused = await asToken();
    expect(refused.me).toBeNull();
    expect(refused.viewer.credentialProblem).toBe("the bearer token 'nightly import' was revoked");
  });

  it('refuses a cookie mutation without the anti-forgery header; the dashboard’s own carries it', async () => {
    await ownerPage.goto(`${api.url}/profile`);
    const forged = await ownerPage.evaluate(async () => {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { updateProfile(input: { displayName: "Mallory" }) { me { displayName } } }' }),
      });
      return { status: response.status, body: (await response.json()) as { errors?: { extensions?: { code?: string } }[] } };
    });
    expect(forged.status).toBe(403);
    expect(forged.body.errors?.[0]?.extensions?.code).toBe('ANTI_FORGERY_TOKEN_MISSING');

    await ownerPage.getByLabel('Display name').fill('Olivia O. Owner');
    await ownerPage.getByRole('button', { name: 'Save profile' }).click();
    await ownerPage.locator('[data-test=form-saved]').waitFor();
    await expect.poll(() => ownerPage.locator('[data-test=session-name]').textContent()).toBe('Olivia O. Owner');
  });

  it('sets a new password through the mailed link of the forgotten-password page, which signs in', async () => {
    await api.graphql('mutation($input: CreateUserInput!) { createUser(input: $input) { errors { message } } }', {
      input: { email: 'fay@example.org', displayName: 'Fay Forgetful', password: PASSWORD },
    });
    const context = await browser.newContext();
    const page = await openPage(context, `${api.url}/sign-in`);
    await page.getByRole('link', { name: 'Forgotten your password?' }).click();
    // The sign-in page has an Email field too: wait for the other page.
    await page.locator('h1', { hasText: 'Forgotten password' }).waitFor();
    await page.getByLabel('Email').fill('fay@example.org');
    await page.getByRole('button', { name: 'Mail me a link' }).click();
    expect(await page.locator('[data-test=reset-sent]').textContent()).toContain('fay@example.org');
    const link = linkIn(await smtp.next('fay@example.org', /new password/), `${api.url}/reset-password?token=`);
    await page.goto(link.href);
    await page.getByLabel('New password').fill('a brand new passphrase');
    expect(await page.getByLabel('New password').getAttribute('autocomplete')).toBe('new-password');
    await page.getByRole('button', { name: 'Set the password and sign in' }).click();
    await page.waitForURL(`${api.url}/profile`);
    expect(await page.locator('[data-test=session-name]').textContent()).toBe('Fay Forgetful');
    // The link works once.
    await page.goto(link.href);
    await page.getByLabel('New password').fill('yet another passphrase');
    await page.getByRole('button', { name: 'Set the password and sign in' }).click();
    await page.locator('[data-test=form-error]').first().waitFor();
    await context.close();
  });
});
