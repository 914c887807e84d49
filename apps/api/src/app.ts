// The GraphQL application: schema, context (who is asking), limits. No port: tests call `yoga.fetch`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CumulusDatabase } from '@cumulus/db';
import { getOperationAST, GraphQLError } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { OidcProviderSettings } from './auth/auth-config.js';
import { createOidcProviders, useOidcRoutes } from './auth/oidc.js';
import { ANTI_FORGERY_HEADER, antiForgeryTokenOf, cameOverHttps, defaultSessionTtlMs, parseCookies, SESSION_COOKIE } from './auth/sessions.js';
import { createSignInThrottle, defaultThrottle, type ThrottleOptions } from './auth/throttle.js';
import { credentialsOf, resolveViewer, type RequestCredentials, type Viewer } from './auth/viewer.js';
import { createMailer, type Mailer } from './mail/mailer.js';
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
import { createRegistryClient, type RegistryClient } from '@cumulus/registry';

export interface AppOptions {
  database: CumulusDatabase;
  events: EventBus;
  /** Sends webhook deliveries after commit (none: they wait, queued, for an instance that sends them). */
  webhooks?: WebhookDispatcher | null;
  /** The trial registry registry searches ask (default: ClinicalTrials.gov; null: they cannot run). */
  registry?: RegistryClient | null;
  /** CUMULUS_ADMIN_TOKEN: a secret accepted as an administrator's bearer token. */
  adminToken?: string | null;
  /** Anonymous requests per IP; null turns the limit off. */
  anonymousRateLimit?: RateLimitOptions | null;
  /** A limiter shared with the read cache in front of Yoga (takes precedence over `anonymousRateLimit`). */
  anonymousRateLimiter?: AnonymousRateLimiter | null;
  /** Overrides of the request limits (limits.ts); the server in front of Yoga reads the same ones. */
  limits?: Partial<RequestLimits>;
  logging?: boolean;
  /** Sign-in: where links in mail point, sessions, mail, OpenID Connect providers, throttling. */
  auth?: Partial<AuthOptions>;
}

export interface AuthOptions {
  /** CUMULUS_PUBLIC_URL: links in mail and OpenID Connect redirects start with it. */
  publicUrl: string;
  sessionTtlMs: number;
  /** Invitations, password resets and sign-up confirmations (default: written to the log). */
  mailer: Mailer;
  oidcProviders: OidcProviderSettings[];
  throttle: ThrottleOptions;
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
    /** Who a request's bearer token or session cookie says is asking (anonymous for none, or for one that is not valid). */
    viewerOf(credentials: RequestCredentials | string | null): Promise<Viewer>;
    anonymousRateLimiter: AnonymousRateLimiter | null;
  };
};

export function createApp(options: AppOptions): CumulusYoga {
  const services = { database: options.database, events: options.events, webhooks: options.webhooks ?? null, registry: options.registry === undefined ? createRegistryClient() : options.registry };
  const studyLabels = createStudyLabelCache(options.database, options.events);
  const adminToken = options.adminToken || null;
  const rateLimit = options.anonymousRateLimit === undefined ? { limit: 600, windowMs: 60_000 } : options.anonymousRateLimit;
  const limiter = options.anonymousRateLimiter !== undefined ? options.anonymousRateLimiter : rateLimit ? createAnonymousRateLimiter(rateLimit) : null;
  const limits: RequestLimits = { ...defaultRequestLimits, ...options.limits };
  const viewerOf = (credentials: RequestCredentials | string | null) => resolveViewer(options.database, credentials, adminToken);
  const auth = {
    database: options.database,
    mailer: options.auth?.mailer ?? createMailer(null),
    throttle: createSignInThrottle(options.auth?.throttle ?? defaultThrottle),
    publicUrl: (options.auth?.publicUrl ?? 'http://localhost:4000').replace(/\/+$/, ''),
    sessionTtlMs: options.auth?.sessionTtlMs ?? defaultSessionTtlMs,
    providers: options.auth?.oidcProviders ?? [],
  };
  const pendingCookies = new WeakMap<Request, string[]>();
  const yoga = createYoga<InitialContext, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    logging: options.logging ?? false,
    landingPage: false,
    // The server in front (server.ts) refuses bodies by who sends them; Yoga's own limit (25 MB by default) is the
    // larger of the two, so yoga.fetch callers are bounded too.
    maxRequestBodySize: limits.authenticatedBodyBytes,
    // Other sites may call the API with a bearer token, never with the dashboard's cookie.
    cors: { credentials: false },
    context: async ({ request, req, connectionParams, viewer }) => {
      const credentials = request ? credentialsOf(request.headers) : webSocketCredentials(req, connectionParams);
      const resolved = viewer ?? (await viewerOf(credentials));
      const cookies: string[] = [];
      if (request) pendingCookies.set(request, cookies);
      const sessionSecret = resolved.sessionId !== null ? parseCookies(credentials.cookie).get(SESSION_COOKIE) : undefined;
      return {
        services,
        viewer: resolved,
        studyLabels,
        auth,
        http: {
          address: req?.socket?.remoteAddress ?? 'in-process',
          userAgent: request?.headers.get('user-agent') ?? null,
          secure: request ? cameOverHttps(request) : false,
          setCookie: (header: string) => void cookies.push(header),
          antiForgeryToken: sessionSecret ? antiForgeryTokenOf(sessionSecret) : null,
        },
      };
    },
    plugins: [
      ...(limiter ? [useAnonymousRateLimit(limiter, viewerOf)] : []),
      useSummaryOfFindingsDownloads({ services, viewerOf }),
      useOidcRoutes({ auth, providers: createOidcProviders(auth.providers) }),
      useAntiForgeryCheck(),
      { onResponse: ({ request, response }) => pendingCookies.get(request)?.forEach((cookie) => response.headers.append('set-cookie', cookie)) },
      ...documentLimitPlugins(limits),
      useInputPathsInValidationErrors(),
      useSharedSubscriptionResults(),
    ],
  });
  return Object.assign(yoga, { cumulus: { limits, viewerOf, anonymousRateLimiter: limiter } });
}

/**
 * graphql-ws: a token in connectionParams; otherwise the session cookie of the upgrade request, but only when the
 * page that opened the socket is on this site (browsers send cookies with cross-site WebSocket handshakes).
 */
function webSocketCredentials(req: IncomingMessage | undefined, params: Record<string, unknown> | undefined): RequestCredentials {
  const authorization = [params?.authorization, params?.Authorization].find((value): value is string => typeof value === 'string') ?? null;
  const origin = req?.headers.origin;
  const sameSite = origin !== undefined && req?.headers.host !== undefined && new URL(origin).host === req.headers.host;
  return { authorization, cookie: sameSite ? (req?.headers.cookie ?? null) : null, antiForgery: null };
}

/** A mutation sent with the session cookie must carry the session's anti-forgery token; bearer tokens need none. */
function useAntiForgeryCheck(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const { viewer } = args.contextValue as unknown as GraphQLContext;
      if (viewer.sessionId === null || viewer.antiForgery === 'valid') return;
      if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return;
      const message =
        viewer.antiForgery === 'missing'
          ? `This mutation came with the session cookie but without its anti-forgery token: send the header ${ANTI_FORGERY_HEADER} with the value of me.antiForgeryToken (or of the sign-in answer), or use a bearer token.`
          : `The ${ANTI_FORGERY_HEADER} header does not match this session (signed in again elsewhere in this browser?): read me.antiForgeryToken again and resend.`;
      setResultAndStopExecution({
        errors: [new GraphQLError(message, { extensions: { code: viewer.antiForgery === 'missing' ? 'ANTI_FORGERY_TOKEN_MISSING' : 'ANTI_FORGERY_TOKEN_WRONG', http: { status: 403 } } })],
      });
    },
  };
}
