// Sign-in settings from the environment: where links in mail point, sessions, mail (SMTP) and OpenID Connect providers.
import type { SmtpSettings } from '../mail/mailer.js';
import { defaultSessionTtlMs } from './sessions.js';

export interface OidcProviderSettings {
  /** Lower case, from CUMULUS_OIDC_<NAME>_ISSUER: the path /auth/oidc/<name>/... */
  name: string;
  /** Shown on the sign-in page ("Sign in with ORCID"). */
  displayName: string;
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  scope: string;
}

export interface AuthConfig {
  /** The dashboard's address as people reach it: links in mail and OpenID Connect redirects start with it. */
  publicUrl: string;
  sessionTtlMs: number;
  smtp: SmtpSettings | null;
  oidcProviders: OidcProviderSettings[];
}

export function readAuthConfig(env: NodeJS.ProcessEnv, port: number): AuthConfig {
  const publicUrl = (env.CUMULUS_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(publicUrl)) throw new Error(`CUMULUS_PUBLIC_URL must be an http(s) address, not '${env.CUMULUS_PUBLIC_URL}'`);
  const hours = Number(env.CUMULUS_SESSION_HOURS ?? defaultSessionTtlMs / 3600_000);
  if (!(hours > 0)) throw new Error(`CUMULUS_SESSION_HOURS must be a number of hours greater than 0, not '${env.CUMULUS_SESSION_HOURS}'`);
  const smtpConfigured = Boolean(env.CUMULUS_SMTP_URL || env.CUMULUS_SMTP_HOST);
  if (smtpConfigured && !env.CUMULUS_MAIL_FROM) throw new Error('CUMULUS_MAIL_FROM (the From address of invitations and password resets) is needed with CUMULUS_SMTP_URL or CUMULUS_SMTP_HOST');
  const smtp: SmtpSettings | null = smtpConfigured
    ? {
        url: env.CUMULUS_SMTP_URL || null,
        host: env.CUMULUS_SMTP_HOST || null,
        port: env.CUMULUS_SMTP_PORT ? Number(env.CUMULUS_SMTP_PORT) : null,
        user: env.CUMULUS_SMTP_USER || null,
        pass: env.CUMULUS_SMTP_PASS || null,
        secure: env.CUMULUS_SMTP_SECURE === '1',
        from: env.CUMULUS_MAIL_FROM!,
      }
    : null;
  return { publicUrl, sessionTtlMs: hours * 3600_000, smtp, oidcProviders: readOidcProviders(env) };
}

/** Every CUMULUS_OIDC_<NAME>_ISSUER with its _CLIENT_ID, _CLIENT_SECRET, and optional _DISPLAY_NAME and _SCOPE. */
export function readOidcProviders(env: NodeJS.ProcessEnv): OidcProviderSettings[] {
  const providers: OidcProviderSettings[] = [];
  for (const key of Object.keys(env).sort()) {
    const match = /^CUMULUS_OIDC_([A-Z0-9]+(?:_[A-Z0-9]+)*)_ISSUER$/.exec(key);
    if (!match || !env[key]) continue;
    const prefix = `CUMULUS_OIDC_${match[1]}`;
    const clientId = env[`${prefix}_CLIENT_ID`];
    if (!clientId) throw new Error(`${prefix}_CLIENT_ID is needed with ${key}`);
    const name = match[1].toLowerCase().replace(/_/g, '-');
    providers.push({
      name,
      displayName: env[`${prefix}_DISPLAY_NAME`] || name,
      issuer: env[key]!,
      clientId,
      clientSecret: env[`${prefix}_CLIENT_SECRET`] || null,
      scope: env[`${prefix}_SCOPE`] || 'openid email profile',
    });
  }
  return providers;
}
