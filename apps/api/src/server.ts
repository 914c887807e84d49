// One HTTP server: GraphQL on /graphql (POST, GET + SSE, and graphql-ws over WebSocket), Summary of Findings
// downloads on /reviews/<id>/summary-of-findings.{csv,html}, the dashboard on /.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecutionArgs } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { CumulusYoga } from './app.js';
import { anonymousViewer, identityKey, type Viewer } from './auth/viewer.js';
import { SUMMARY_OF_FINDINGS_PATH } from './downloads/summary-of-findings-route.js';
import { rateLimitedBody, type AnonymousRateLimiter } from './rate-limit.js';
import type { ReadCache } from './read-cache.js';
import { createStaticHandler } from './static-files.js';

type OperationResult = ReturnType<NonNullable<ServerOptions['execute']>>;
interface EnvelopedRoot {
  execute(args: ExecutionArgs): OperationResult;
  subscribe(args: ExecutionArgs): OperationResult;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A POST to /graphql, from the read cache when it holds the answer for this viewer's identity, else through Yoga
 * (and kept if it may be), which takes the viewer as resolved here. Requests without a valid token count against
 * the rate limit, answered from memory or not.
 */
async function serveRead(
  yoga: CumulusYoga,
  cache: ReadCache,
  viewer: Viewer,
  limiter: AnonymousRateLimiter | null,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const identity = identityKey(viewer);
    if (limiter && viewer.role === 'anonymous') {
      const retryAfter = limiter.take(req.socket.remoteAddress ?? 'unknown');
      if (retryAfter !== null) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfter) }).end(rateLimitedBody(limiter, retryAfter));
        return;
      }
    }
    const body = await readBody(req);
    const text = body.toString('utf8');
    const hit = cache.get(identity, text);
    if (hit) {
      res.writeHead(200, { 'content-type': 'application/graphql-response+json; charset=utf-8', 'content-length': hit.length }).end(hit);
      return;
    }
    const startedIn = cache.generation();
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const url = `http://${req.headers.host ?? 'localhost'}${req.url ?? '/graphql'}`;
    const response = await yoga.fetch(url, { method: 'POST', headers, body: new Uint8Array(body) }, { req, res, counted: true, viewer });
    const answer = Buffer.from(await response.arrayBuffer());
    // Only complete answers are kept: never errors or refusals (the cache itself keeps only queries).
    if (response.status === 200 && !answer.includes('"errors"')) cache.store(identity, text, answer, startedIn);
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => (responseHeaders[name] = value));
    res.writeHead(response.status, responseHeaders).end(answer);
  } catch (error) {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ message: 'Unexpected error.' }] }));
    console.error('cumulus: serving a read failed:', error);
  }
}

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface StartOptions {
  port: number;
  host?: string;
  webDirectory?: string | null;
  /** POST queries answered from memory until the next committed change (see read-cache.ts). */
  readCache?: ReadCache | null;
  /**
   * Who a request's Authorization header says is asking: requests with a token are answered from the read cache
   * under that viewer's identity. Without it, they always go through Yoga.
   */
  resolveViewer?: ((authorization: string) => Promise<Viewer>) | null;
  /** The anonymous rate limit, counted here for requests the read cache answers. */
  anonymousRateLimiter?: AnonymousRateLimiter | null;
}

export async function startServer(yoga: CumulusYoga, options: StartOptions): Promise<RunningServer> {
  const dashboard = options.webDirectory ? createStaticHandler(options.webDirectory) : null;
  const { readCache = null, anonymousRateLimiter = null, resolveViewer = null } = options;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (readCache && path === '/graphql' && req.method === 'POST' && !req.headers.accept?.includes('text/event-stream')) {
      const authorization = req.headers.authorization;
      if (!authorization) {
        void serveRead(yoga, readCache, anonymousViewer, anonymousRateLimiter, req, res);
        return;
      }
      if (resolveViewer) {
        void resolveViewer(authorization).then(
          (viewer) => serveRead(yoga, readCache, viewer, anonymousRateLimiter, req, res),
          (error: unknown) => {
            console.error('cumulus: checking a token failed:', error);
            if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ errors: [{ message: 'Unexpected error.' }] }));
          },
        );
        return;
      }
    }
    const served = path === '/graphql' || path.startsWith('/graphql/') || path === '/health' || SUMMARY_OF_FINDINGS_PATH.test(path);
    if (served || !dashboard) {
      void yoga.requestListener(req, res);
      return;
    }
    dashboard(req, res);
  });

  const sockets = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  const graphqlWs = useServer(
    {
      // onSubscribe below puts Yoga's enveloped execute and subscribe in rootValue, so plugins run for ws too.
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args),
      onSubscribe: async (context, _id, payload) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...context,
          req: context.extra.request,
          socket: context.extra.socket,
          params: payload,
          connectionParams: context.connectionParams,
        });
        const document = parse(payload.query);
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        return {
          schema,
          operationName: payload.operationName,
          document,
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
      },
    },
    sockets,
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await graphqlWs.dispose();
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
