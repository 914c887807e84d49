/* eslint-disable @typescript-eslint/no-explicit-any -- tests read GraphQL results by path */
// The real thing for tests: an SQLite file or a fresh PostgreSQL schema, the real schema and Yoga, and
// Redis when reachable. Suites that cannot reach PostgreSQL or Redis skip and say why.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, probeDatabase, type CumulusDatabase } from '@cumulus/db';
import { Redis } from 'ioredis';
import { createApp, type AppOptions, type CumulusYoga } from '../src/app.js';
import { createEventBus, type EventBus } from '../src/events.js';
import { createWebhookDispatcher, type WebhookDispatcher, type WebhookDispatcherOptions } from '../src/webhooks/dispatcher.js';

export const adminSecret = 'test-admin-secret';
export const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function postgresAvailability(): Promise<string | null> {
  const probe = await probeDatabase({ url: postgresUrl });
  return probe.reachable ? null : probe.reason;
}

export async function redisAvailability(): Promise<string | null> {
  const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
  let cause: Error | null = null;
  client.on('error', (error: Error) => (cause ??= error));
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (error) {
    return `Redis at ${redisUrl} is not reachable: ${(cause ?? (error as Error)).message}`;
  } finally {
    client.disconnect();
  }
}

export type DialectName = 'sqlite' | 'postgres';

/** The dialects to run a suite on; PostgreSQL only when reachable (the reason is printed otherwise). */
export async function dialects(suite: string): Promise<DialectName[]> {
  const reason = await postgresAvailability();
  if (reason) console.warn(`[skipped] ${suite} on PostgreSQL: ${reason}`);
  return reason ? ['sqlite'] : ['sqlite', 'postgres'];
}

let counter = 0;

/** A migrated, empty database of the given dialect; `dispose` removes it. */
export async function testDatabase(dialect: DialectName): Promise<{ database: CumulusDatabase; url: string; schema?: string; dispose(): Promise<void> }> {
  counter += 1;
  if (dialect === 'postgres') {
    const schema = `test_api_${process.pid}_${Date.now()}_${counter}`;
    const database = createDatabase({ url: postgresUrl, schema });
    const { error } = await database.migrate();
    if (error) throw error;
    return {
      database,
      url: postgresUrl,
      schema,
      async dispose() {
        await database.drop();
        await database.close();
      },
    };
  }
  const directory = mkdtempSync(join(tmpdir(), 'cumulus-api-'));
  const url = join(directory, 'cumulus.db');
  const database = createDatabase({ url });
  const { error } = await database.migrate();
  if (error) throw error;
  return {
    database,
    url,
    async dispose() {
      await database.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface TestApp {
  yoga: CumulusYoga;
  database: CumulusDatabase;
  events: EventBus;
  webhooks: WebhookDispatcher;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<{ data?: T; errors?: { message: string }[] }>;
  close(): Promise<void>;
}

export function testApp(
  database: CumulusDatabase,
  options: { events?: EventBus; app?: Partial<AppOptions>; webhooks?: Partial<WebhookDispatcherOptions> } = {},
): TestApp {
  const events = options.events ?? createEventBus();
  // Retries a few tens of milliseconds apart, so a test sees all five attempts.
  const webhooks = createWebhookDispatcher({ database, baseDelayMs: 40, timeoutMs: 5000, pollIntervalMs: 1000, ...options.webhooks });
  webhooks.start();
  const yoga = createApp({ database, events, webhooks, adminToken: adminSecret, anonymousRateLimit: null, ...options.app });
  return {
    yoga,
    database,
    events,
    webhooks,
    async gql(query, variables, token = adminSecret) {
      const response = await yoga.fetch('http://yoga/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return response.json();
    },
    async close() {
      await webhooks.close();
      await events.close();
    },
  };
}

/** Reads until `done` says yes (every 25 ms), failing with the last value read after `timeoutMs`. */
export async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting; last value ${JSON.stringify(value).slice(0, 800)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Throws with the GraphQL errors, so a failing test says what the server said. */
export function dataOf(result: { data?: any; errors?: { message: string }[] }): any {
  if (result.errors?.length) throw new Error(`GraphQL errors: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.data;
}

/** Every row count, to show a refused write stored nothing. */
export async function rowCounts(database: CumulusDatabase): Promise<Record<string, number>> {
  const tables = [
    'reviews',
    'studies',
    'quality_assessments',
    'outcomes',
    'study_data',
    'prisma_counts',
    'analysis_snapshots',
    'reference_results',
    'change_log',
    'api_tokens',
    'conclusion_changes',
    'webhooks',
    'webhook_deliveries',
  ] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await database.db.selectFrom(table).select(({ fn }) => fn.countAll().as('count')).executeTakeFirstOrThrow();
    counts[table] = Number(row.count);
  }
  return counts;
}

export const mutations = {
  createReview: `mutation($input: CreateReviewInput!) { createReview(input: $input) { review { id version } errors { field message } } }`,
  addOutcome: `mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { outcome { id version } errors { field message } } }`,
  addStudy: `mutation($input: AddStudyInput!) { addStudy(input: $input) { study { id label } errors { field message } } }`,
  recordStudyData: `mutation($input: RecordStudyDataInput!) {
    recordStudyData(input: $input) { outcome { id version analysis { k estimate ciLower ciUpper tau2 } } errors { field message } }
  }`,
  updateOutcomeSettings: `mutation($input: UpdateOutcomeSettingsInput!) {
    updateOutcomeSettings(input: $input) { outcome { id version analysis { k estimate tau2 } } errors { field message } }
  }`,
};

/** Creates a review with one outcome through the API. */
export async function reviewWithOutcome(app: TestApp, outcome: Record<string, unknown> = { name: 'Deaths', measure: 'OR' }, review: Record<string, unknown> = {}) {
  const created = dataOf(await app.gql(mutations.createReview, { input: { title: 'Test review', ...review } }));
  const reviewId = created.createReview.review.id as string;
  const added = dataOf(await app.gql(mutations.addOutcome, { input: { reviewId, ...outcome } }));
  return { reviewId, outcomeId: added.addOutcome.outcome.id as string };
}

export async function addStudyWithData(app: TestApp, reviewId: string, outcomeId: string, label: string, numbers: Record<string, unknown>, year?: number) {
  const study = dataOf(await app.gql(mutations.addStudy, { input: { reviewId, label, year } }));
  if (study.addStudy.errors.length) throw new Error(JSON.stringify(study.addStudy.errors));
  const studyId = study.addStudy.study.id as string;
  const recorded = dataOf(await app.gql(mutations.recordStudyData, { input: { outcomeId, studyId, ...numbers } }));
  if (recorded.recordStudyData.errors.length) throw new Error(JSON.stringify(recorded.recordStudyData.errors));
  return { studyId, outcome: recorded.recordStudyData.outcome };
}
