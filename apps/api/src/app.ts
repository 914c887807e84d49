// The GraphQL application: schema, context (who is asking), limits. No port: tests call `yoga.fetch`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CumulusDatabase } from '@cumulus/db';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { resolveViewer, type Viewer } from './auth/viewer.js';
import { createStudyLabelCache } from './domain/study-labels.js';
import type { EventBus } from './events.js';
import { useInputPathsInValidationErrors } from './input-paths.js';
import { defaultRequestLimits, documentLimitPlugins, type RequestLimits } from './limits.js';
import { createAnonymousRateLimiter, useAnonymousRateLimit, type AnonymousRateLimiter, type RateLimitOptions } from './rate-limit.js';
import type { GraphQLContext } from './schema/builder.js';
import { schema } from './schema/index.js';
import { useSharedSubscriptionResults } from './shared-subscription-results.js';
import { useSummaryOfFindingsDownloads } from './downloads/summary-of-findings-route.js';
import type { WebhookDispatcher } from './webhooks/dispatcher.js';

export interface AppOptions {
  database: CumulusDatabase;
  events: EventBus;
  /** Sends webhook deliveries after commit (none: they wait, queued, for an instance that sends them). */
  webhooks?: WebhookDispatcher | null;
  /** CUMULUS_ADMIN_TOKEN: a secret accepted as an administrator's bearer token. */
  adminToken?: string | null;
  /** Anonymous requests per IP; null turns the limit off. */
  anonymousRateLimit?: RateLimitOptions | null;
  /** A limiter shared with the read cache in front of Yoga (takes precedence over `anonymousRateLimit`). */
  anonymousRateLimiter?: AnonymousRateLimiter | null;
  /** Overrides of the request limits (limits.ts); the server in front of Yoga reads the same ones. */
  limits?: Partial<RequestLimits>;
  logging?: boolean;
}

interface InitialContext {
  request?: Request;
  req?: IncomingMessage;
  res?: ServerResponse;
  socket?: unknown;
  params?: unknown;
  /** Set by the read cache in front of Yoga when it has already counted an anonymous request. */
  counted?: boolean;
  /** graphql-ws: the client's connectionParams. */
  connectionParams?: Record<string, unknown>;
  /** Who is asking, when the server or the rate limit has resolved it already for this request. */
  viewer?: Viewer;
}

/** Yoga, and what the server in front of it needs to apply the same rules before Yoga runs (server.ts). */
export type CumulusYoga = YogaServerInstance<InitialContext, GraphQLContext> & {
  cumulus: {
    limits: RequestLimits;
    /** Who an Authorization header says is asking (anonymous for none, or for a token that is not one). */
    viewerOf(authorization: string | null): Promise<Viewer>;
    anonymousRateLimiter: AnonymousRateLimiter | null;
  };
};

export function createApp(options: AppOptions): CumulusYoga {
  const services = { database: options.database, events: options.events, webhooks: options.webhooks ?? null };
  const studyLabels = createStudyLabelCache(options.database, options.events);
  const adminToken = options.adminToken || null;
  const rateLimit = options.anonymousRateLimit === undefined ? { limit: 600, windowMs: 60_000 } : options.anonymousRateLimit;
  const limiter = options.anonymousRateLimiter !== undefined ? options.anonymousRateLimiter : rateLimit ? createAnonymousRateLimiter(rateLimit) : null;
  const limits: RequestLimits = { ...defaultRequestLimits, ...options.limits };
  const viewerOf = (authorization: string | null) => resolveViewer(options.database, authorization, adminToken);
  const yoga = createYoga<InitialContext, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    logging: options.logging ?? false,
    landingPage: false,
    context: async ({ request, connectionParams, viewer }) => {
      const header =
        request?.headers.get('authorization') ??
        (typeof connectionParams?.authorization === 'string' ? connectionParams.authorization : null) ??
        (typeof connectionParams?.Authorization === 'string' ? connectionParams.Authorization : null);
      return {
        services,
        viewer: viewer ?? (await viewerOf(header)),
        studyLabels,
      };
    },
    plugins: [
      ...(limiter ? [useAnonymousRateLimit(limiter, viewerOf)] : []),
      useSummaryOfFindingsDownloads({ services, adminToken }),
      ...documentLimitPlugins(limits),
      useInputPathsInValidationErrors(),
      useSharedSubscriptionResults(),
    ],
  });
  return Object.assign(yoga, { cumulus: { limits, viewerOf, anonymousRateLimiter: limiter } });
}
