// Starts the real, built API (apps/api/dist) on a free port with a temporary SQLite file and the demo reviews.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const apiMain = fileURLToPath(new URL('../../../api/dist/main.js', import.meta.url));
export const webDist = fileURLToPath(new URL('../../dist', import.meta.url));
export const chromiumPath = '/usr/bin/chromium';

/** Why the browser suite cannot run here, or null when it can. */
export function browserSuiteSkipReason(): string | null {
  if (!existsSync(chromiumPath)) return `${chromiumPath} is missing (apt-get install chromium)`;
  if (!existsSync(apiMain)) return `the API is not built (${apiMain} is missing; run the build first)`;
  if (!existsSync(join(webDist, 'index.html'))) return `the dashboard is not built (${webDist}/index.html is missing; run vite build)`;
  return null;
}

/** A port nobody listens on now (for a server whose address must be known before it starts). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningApi {
  url: string;
  adminToken: string;
  graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

export interface DemoReview {
  reviewId: string;
  title: string;
  /** Its first outcome. */
  outcomeId: string;
}

/** The demo review whose title starts with `prefix` ('BCG', 'Intravenous magnesium', ...). */
export async function demoReview(api: RunningApi, prefix: string): Promise<DemoReview> {
  const { reviews } = await api.graphql<{ reviews: { id: string; title: string; outcomes: { id: string }[] }[] }>('{ reviews { id title outcomes { id } } }');
  const review = reviews.find((r) => r.title.startsWith(prefix));
  if (!review) throw new Error(`the demo has no review starting '${prefix}': ${reviews.map((r) => r.title).join(', ')}`);
  return { reviewId: review.id, title: review.title, outcomeId: review.outcomes[0].id };
}

export interface StartApiOptions {
  /**
   * Let webhooks be registered for and sent to private and loopback addresses (CUMULUS_WEBHOOK_ALLOW_PRIVATE=1),
   * for a receiver the test runs on 127.0.0.1. Off by default: public internet addresses only, as in production.
   */
  allowPrivateWebhooks?: boolean;
  /** Listen here (default: a free port). */
  port?: number;
  /** More environment for the API (sign-in: CUMULUS_PUBLIC_URL, CUMULUS_SMTP_URL, CUMULUS_OIDC_<NAME>_…). */
  env?: Record<string, string>;
}

export async function startApi(options: StartApiOptions = {}): Promise<RunningApi> {
  const directory = mkdtempSync(join(tmpdir(), 'cumulus-web-e2e-'));
  const port = options.port ?? (await freePort());
  const adminToken = randomBytes(18).toString('hex');
  const child: ChildProcess = spawn(process.execPath, [apiMain], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: join(directory, 'cumulus.db'),
      CUMULUS_DEMO: '1',
      CUMULUS_ADMIN_TOKEN: adminToken,
      CUMULUS_WEB_DIST: webDist,
      REDIS_URL: '',
      CUMULUS_WEBHOOK_ALLOW_PRIVATE: options.allowPrivateWebhooks ? '1' : '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the API did not start within 30 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }

  return {
    url,
    adminToken,
    async graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
      return body.data as T;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
