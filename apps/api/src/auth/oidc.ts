// Sign-in through OpenID Connect providers (openid-client): the authorization-code flow with PKCE, a state and a nonce.
//   GET /auth/oidc/<name>/start?returnTo=/path  → 302 to the provider (the flow's secrets in a short-lived cookie)
//   GET /auth/oidc/<name>/callback              → exchanges the code, signs the person in (session cookie), 302 back
// A person is found by the provider's (issuer, subject); the first time, by a verified email of an existing account;
// otherwise a new account is made. Failures go back to /sign-in?error=<message>.
import type { CumulusDatabase, UserRow } from '@cumulus/db';
import type { Plugin } from 'graphql-yoga';
import * as client from 'openid-client';
import { newId } from '../domain/ids.js';
import { emailKey, personRow, type AuthServices } from '../domain/people.js';
import { now } from '../domain/rows.js';
import type { OidcProviderSettings } from './auth-config.js';
import { normaliseOrcid } from './orcid.js';
import { cameOverHttps, cookieHeader, createSession, parseCookies, SESSION_COOKIE } from './sessions.js';

export const OIDC_PATH = /^\/auth\/oidc\/([a-z0-9-]+)\/(start|callback)$/;
const FLOW_COOKIE = 'cumulus_oidc';
const FLOW_TTL_SECONDS = 600;

export interface OidcProviders {
  list: readonly OidcProviderSettings[];
  /** The provider's discovered configuration (fetched once, again after a failure). */
  configuration(name: string): Promise<client.Configuration>;
}

/** Loopback issuers (tests, development) are allowed over plain http; every other one needs https. */
function loopback(issuer: string): boolean {
  const { hostname } = new URL(issuer);
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

export function createOidcProviders(list: readonly OidcProviderSettings[]): OidcProviders {
  const discovered = new Map<string, Promise<client.Configuration>>();
  return {
    list,
    configuration(name) {
      const provider = list.find((p) => p.name === name);
      if (!provider) return Promise.reject(new Error(`no OpenID Connect provider named '${name}'`));
      let configuration = discovered.get(name);
      if (!configuration) {
        configuration = client.discovery(
          new URL(provider.issuer),
          provider.clientId,
          undefined,
          provider.clientSecret ? client.ClientSecretPost(provider.clientSecret) : client.None(),
          loopback(provider.issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
        );
        configuration.catch(() => discovered.delete(name));
        discovered.set(name, configuration);
      }
      return configuration;
    },
  };
}

/** Only a path on this site: never another origin (//evil.example, /\evil.example). */
export function safeReturnPath(value: string | null): string {
  return value && /^\/(?![/\\])/.test(value) ? value : '/';
}

interface Flow {
  provider: string;
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

interface IdentityClaims {
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
  preferred_username?: unknown;
}

/** The user an identity belongs to: known, linked through a verified email, or new. */
export async function userForIdentity(database: CumulusDatabase, provider: OidcProviderSettings, issuer: string, claims: IdentityClaims): Promise<UserRow> {
  return database.writeTransaction(null, async (trx) => {
    const known = await trx
      .selectFrom('oidc_identities')
      .innerJoin('users', 'users.id', 'oidc_identities.user_id')
      .selectAll('users')
      .where('oidc_identities.issuer', '=', issuer)
      .where('oidc_identities.subject', '=', claims.sub)
      .executeTakeFirst();
    if (known) return known;
    const email = typeof claims.email === 'string' && claims.email.includes('@') ? claims.email.trim() : null;
    const verified = email !== null && claims.email_verified === true;
    let user = verified ? await trx.selectFrom('users').selectAll().where('email_key', '=', emailKey(email)).where('kind', '=', 'person').executeTakeFirst() : undefined;
    const at = now();
    if (!user) {
      const host = new URL(issuer).hostname;
      const name = [claims.name, claims.preferred_username, email].find((value): value is string => typeof value === 'string' && value.trim() !== '');
      user = personRow({
        email: verified ? email : null,
        displayName: name?.trim().slice(0, 200) ?? `${provider.displayName} user`,
        orcid: host === 'orcid.org' || host === 'sandbox.orcid.org' ? normaliseOrcid(claims.sub) : null,
        passwordHash: null,
        confirmedAt: verified ? at : null,
        createdAt: at,
      });
      await trx.insertInto('users').values(user).execute();
    } else if (user.email_confirmed_at === null) {
      await trx.updateTable('users').set({ email_confirmed_at: at }).where('id', '=', user.id).execute();
    }
    await trx.insertInto('oidc_identities').values({ id: newId(), user_id: user.id, provider: provider.name, issuer, subject: claims.sub, email, created_at: at }).execute();
    return user;
  });
}

export function useOidcRoutes(options: { auth: AuthServices; providers: OidcProviders }): Plugin {
  const { auth, providers } = options;
  const redirectUri = (name: string) => `${auth.publicUrl}/auth/oidc/${name}/callback`;
  return {
    async onRequest({ request, url, endResponse, fetchAPI, serverContext }) {
      const match = OIDC_PATH.exec(url.pathname);
      if (!match) return;
      const [, name, step] = match;
      const secure = cameOverHttps(request);
      const redirect = (location: string, cookies: string[] = []) => {
        const headers = new fetchAPI.Headers({ location, 'cache-control': 'no-store' });
        for (const cookie of cookies) headers.append('set-cookie', cookie);
        endResponse(new fetchAPI.Response(null, { status: 302, headers }));
      };
      const clearFlow = cookieHeader(FLOW_COOKIE, '', { secure, maxAgeSeconds: 0, path: '/auth/oidc' });
      const fail = (message: string) => redirect(`${auth.publicUrl}/sign-in?error=${encodeURIComponent(message)}`, [clearFlow]);
      if (request.method !== 'GET') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET' } }));
        return;
      }
      const provider = providers.list.find((p) => p.name === name);
      if (!provider) {
        endResponse(new fetchAPI.Response(`there is no sign-in provider named '${name}'`, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
        return;
      }
      let configuration: client.Configuration;
      try {
        configuration = await providers.configuration(name);
      } catch (error) {
        console.error(`cumulus: discovering the OpenID Connect provider '${name}' (${provider.issuer}) failed:`, error);
        return fail(`${provider.displayName} cannot be reached just now; try again later, or sign in with a password.`);
      }
      if (step === 'start') {
        const flow: Flow = { provider: name, state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), returnTo: safeReturnPath(url.searchParams.get('returnTo')) };
        const location = client.buildAuthorizationUrl(configuration, {
          redirect_uri: redirectUri(name),
          scope: provider.scope,
          code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
          code_challenge_method: 'S256',
          state: flow.state,
          nonce: flow.nonce,
        });
        const value = Buffer.from(JSON.stringify(flow), 'utf8').toString('base64url');
        return redirect(location.href, [cookieHeader(FLOW_COOKIE, value, { secure, maxAgeSeconds: FLOW_TTL_SECONDS, path: '/auth/oidc' })]);
      }
      let flow: Flow;
      try {
        flow = JSON.parse(Buffer.from(parseCookies(request.headers.get('cookie')).get(FLOW_COOKIE) ?? '', 'base64url').toString('utf8')) as Flow;
      } catch {
        return fail(`The sign-in with ${provider.displayName} took too long or was started in another browser: start it again.`);
      }
      if (flow.provider !== name) return fail(`The sign-in was started with another provider: start it again.`);
      const providerError = url.searchParams.get('error');
      if (providerError) return fail(`${provider.displayName} did not sign you in (${url.searchParams.get('error_description') ?? providerError}).`);
      try {
        // The address the provider redirected to, as people reach this server (not as a proxy forwarded it).
        const currentUrl = new URL(`${redirectUri(name)}${url.search}`);
        const tokens = await client.authorizationCodeGrant(configuration, currentUrl, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true });
        const claims = tokens.claims();
        if (!claims) return fail(`${provider.displayName} sent no identity: ask the administrator to check its configuration.`);
        // Providers put the profile in the ID token or only behind the userinfo endpoint (OpenID Connect Core 5.4).
        let identity = claims as IdentityClaims;
        if ((identity.email === undefined || identity.name === undefined) && configuration.serverMetadata().userinfo_endpoint) {
          identity = { ...(await client.fetchUserInfo(configuration, tokens.access_token, claims.sub)), ...identity };
        }
        const user = await userForIdentity(auth.database, provider, configuration.serverMetadata().issuer, identity);
        const address = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req?.socket?.remoteAddress ?? 'unknown';
        const { secret } = await createSession(auth.database, user.id, { userAgent: request.headers.get('user-agent'), address, ttlMs: auth.sessionTtlMs });
        return redirect(`${auth.publicUrl}${flow.returnTo}`, [clearFlow, cookieHeader(SESSION_COOKIE, secret, { secure, maxAgeSeconds: auth.sessionTtlMs / 1000 })]);
      } catch (error) {
        console.error(`cumulus: signing in through '${name}' failed:`, error instanceof Error ? error.message : error);
        return fail(`Signing in with ${provider.displayName} failed: start it again.`);
      }
    },
  };
}
