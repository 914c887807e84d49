// Starts the API: migrate, load the demo into an empty database, serve GraphQL and the dashboard.
import { createDatabase } from '@cumulus/db';
import { createRegistryClient } from '@cumulus/registry';
import { createApp } from './app.js';
import { resolveViewer } from './auth/viewer.js';
import { readConfig } from './config.js';
import { isDatabaseEmpty, loadDemoReviews } from './demo/load-demo.js';
import { parsedSnapshots } from './domain/reads.js';
import { createRegistryScheduler } from './domain/registry/scheduler.js';
import { createEventBus } from './events.js';
import { createMailer } from './mail/mailer.js';
import { createAnonymousRateLimiter } from './rate-limit.js';
import { createReadCache } from './read-cache.js';
import { startServer } from './server.js';
import { schema } from './schema/index.js';
import { createWebhookDispatcher } from './webhooks/dispatcher.js';

const config = readConfig();
parsedSnapshots.maxBytes = config.snapshotCacheBytes;
const database = createDatabase({ url: config.databaseUrl });
const migration = await database.migrate();
if (migration.error) {
  console.error(`cumulus: migrating ${database.description} failed:`, migration.error);
  process.exit(1);
}
const events = createEventBus({ redisUrl: config.redisUrl });
const webhooks = createWebhookDispatcher({ database, allowPrivateAddresses: config.webhookAllowPrivateAddresses });
const registry = createRegistryClient({ baseUrl: config.registryUrl });
const services = { database, events, webhooks, registry };

if (config.loadDemo && (await isDatabaseEmpty(services))) {
  const started = Date.now();
  await loadDemoReviews(services);
  console.log(`cumulus: loaded the demo reviews (seed, BCG, magnesium) in ${Date.now() - started} ms`);
}

const anonymousRateLimiter =
  config.anonymousRequestsPerMinute > 0 ? createAnonymousRateLimiter({ limit: config.anonymousRequestsPerMinute, windowMs: 60_000 }) : null;
const mailer = createMailer(config.auth.smtp);
const auth = { publicUrl: config.auth.publicUrl, sessionTtlMs: config.auth.sessionTtlMs, oidcProviders: config.auth.oidcProviders, mailer };
const yoga = createApp({ database, events, webhooks, registry, adminToken: config.adminToken, anonymousRateLimiter, logging: true, auth });
const readCache = createReadCache(events, schema, config.readCacheBytes);
const server = await startServer(yoga, {
  port: config.port,
  webDirectory: config.webDirectory,
  readCache,
  anonymousRateLimiter,
  resolveViewer: (authorization) => resolveViewer(database, authorization, config.adminToken),
});
webhooks.start();
const registrySchedule = config.registrySchedule ? createRegistryScheduler({ services }) : null;
registrySchedule?.start();
console.log(
  `cumulus: GraphQL on http://localhost:${server.port}/graphql (${database.description}; events ${config.redisUrl ? 'through Redis' : 'in process'}${config.adminToken ? '; admin token set' : ''}; mail ${mailer.transport === 'smtp' ? 'by SMTP' : 'to this log'}${config.auth.oidcProviders.length > 0 ? `; sign-in through ${config.auth.oidcProviders.map((p) => p.displayName).join(', ')}` : ''})`,
);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`cumulus: ${signal}, closing`);
  await server.close();
  readCache.close();
  await webhooks.close();
  await registrySchedule?.close();
  mailer.close();
  await events.close();
  await database.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
