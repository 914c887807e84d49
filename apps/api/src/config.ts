// Settings from the environment (API.md): PORT, DATABASE_URL, REDIS_URL, CUMULUS_ADMIN_TOKEN, CUMULUS_DEMO,
// CUMULUS_WEBHOOK_ALLOW_PRIVATE, CUMULUS_REGISTRY_URL and CUMULUS_REGISTRY_SCHEDULE, the cache sizes CUMULUS_SNAPSHOT_CACHE_MB and CUMULUS_READ_CACHE_MB, and sign-in
// (CUMULUS_PUBLIC_URL, CUMULUS_SESSION_HOURS, CUMULUS_SMTP_*, CUMULUS_MAIL_FROM, CUMULUS_OIDC_<NAME>_*: auth-config.ts).
import { fileURLToPath } from 'node:url';
import { DEFAULT_BASE_URL } from '@cumulus/registry';
import { readAuthConfig, type AuthConfig } from './auth/auth-config.js';

export interface Config {
  port: number;
  databaseUrl: string | undefined;
  redisUrl: string | null;
  adminToken: string | null;
  loadDemo: boolean;
  webDirectory: string;
  anonymousRequestsPerMinute: number;
  /** CUMULUS_WEBHOOK_ALLOW_PRIVATE=1: webhooks may go to private, loopback and link-local addresses (development only). */
  webhookAllowPrivateAddresses: boolean;
  /** CUMULUS_SNAPSHOT_CACHE_MB: parsed analyses kept in memory, in bytes. */
  snapshotCacheBytes: number;
  /** CUMULUS_READ_CACHE_MB: kept answers of the read cache, in bytes. */
  readCacheBytes: number;
  /** CUMULUS_REGISTRY_URL: the ClinicalTrials.gov API v2 root that registry searches ask (another server for tests or air-gapped installations). */
  registryUrl: string;
  /** CUMULUS_REGISTRY_SCHEDULE=0: this instance does not run scheduled registry searches (another one does). */
  registrySchedule: boolean;
  /** Sign-in: public address, sessions, mail, OpenID Connect providers. */
  auth: AuthConfig;
}

/** A size in megabytes from the environment: a positive number, or the default. */
function megabytes(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback * 1024 * 1024;
  const value = Number(raw);
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`${name} must be a number of megabytes greater than 0, not '${raw}'`);
  return Math.round(value * 1024 * 1024);
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not '${env.PORT}'`);
  const perMinute = Number(env.CUMULUS_ANONYMOUS_REQUESTS_PER_MINUTE ?? 600);
  const allowPrivate = env.CUMULUS_WEBHOOK_ALLOW_PRIVATE ?? '';
  // Strict, so that a misspelt value cannot leave private addresses open (or closed) unnoticed.
  if (!['', '0', '1'].includes(allowPrivate)) throw new Error(`CUMULUS_WEBHOOK_ALLOW_PRIVATE must be 1 (allow) or 0 (refuse), not '${allowPrivate}'`);
  const registryUrl = env.CUMULUS_REGISTRY_URL || DEFAULT_BASE_URL;
  if (!/^https?:\/\/[^/]/.test(registryUrl)) throw new Error(`CUMULUS_REGISTRY_URL must be an http:// or https:// address (the API v2 root, like ${DEFAULT_BASE_URL}), not '${registryUrl}'`);
  const registrySchedule = env.CUMULUS_REGISTRY_SCHEDULE ?? '';
  if (!['', '0', '1'].includes(registrySchedule)) throw new Error(`CUMULUS_REGISTRY_SCHEDULE must be 1 (run scheduled registry searches) or 0 (not on this instance), not '${registrySchedule}'`);
  return {
    port,
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || null,
    adminToken: env.CUMULUS_ADMIN_TOKEN || null,
    loadDemo: (env.CUMULUS_DEMO ?? '1') !== '0',
    // The dashboard's build, beside this app in the monorepo.
    webDirectory: env.CUMULUS_WEB_DIST ?? fileURLToPath(new URL('../../web/dist', import.meta.url)),
    anonymousRequestsPerMinute: perMinute,
    webhookAllowPrivateAddresses: allowPrivate === '1',
    snapshotCacheBytes: megabytes(env, 'CUMULUS_SNAPSHOT_CACHE_MB', 64),
    readCacheBytes: megabytes(env, 'CUMULUS_READ_CACHE_MB', 32),
    registryUrl: registryUrl.replace(/\/+$/, ''),
    registrySchedule: registrySchedule !== '0',
    auth: readAuthConfig(env, port),
  };
}
