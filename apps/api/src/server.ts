// One HTTP server: GraphQL on /graphql (POST, GET + SSE, and graphql-ws over WebSocket), Summary of Findings
// downloads on /reviews/<id>/summary-of-findings.{csv,html}, the dashboard on /.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { CumulusYoga } from './app.js';
import { anonymousViewer, credentialsOf, identityKey, type RequestCredentials, type Viewer } from './auth/viewer.js';
import { OIDC_PATH } from './auth/oidc.js';
import { SUMMARY_OF_FINDINGS_PATH } from './downloads/summary-of-findings-route.js';
import type { RequestLimits } from './limits.js';
import { rateLimitedBody, type AnonymousRateLimiter } from './rate-limit.js';
import type { ReadCache } from './read-cache.js';
import { setSecurityHeaders } from './security-headers.js';
import { createStaticHandler } from './static-files.js';

type OperationResult = ReturnType<NonNullable<ServerOptions['execute']>>;
interface EnvelopedRoot {
  execute(args: ExecutionArgs): OperationResult;
  subscribe(args: ExecutionArgs): OperationResult;
}

/**
 * The request's body, or null as soon as it passes `maxBytes` (reading stops there: a chunked body is not read to
 * its end, and one whose Content-Length is already over is not read at all).
 */
function readBodyWithin(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  if (Number(req.headers['content-length']) > maxBytes) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => req.off('data', onData).off('end', onEnd).off('close', onClose).off('error', reject);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      stop();
      req.pause();
      resolve(null);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onClose = () => {
      stop();
      reject(new Error('the client closed the request before sending all of its body'));
    };
    req.on('data', onData).on('end', onEnd).on('close', onClose).on('error', reject);
  });
}

function kilobytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`;
}

/** 413, and the connection closed after it, so the rest of the body is never read. */
function refuseBody(res: ServerResponse, limits: RequestLimits, anonymous: boolean): void {
  const message = anonymous
    ? `The request body is larger than ${kilobytes(limits.anonymousBodyBytes)}, the limit without a token (${kilobytes(limits.authenticatedBodyBytes)} with one).`
    : `The request body is larger than ${kilobytes(limits.authenticatedBodyBytes)}, the limit for one request.`;
  res.writeHead(413, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify({ errors: [{ message, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] }));
}

/** A response's headers for Node, each Set-Cookie kept apart (a sign-in sets one, OpenID Connect two). */
function nodeHeaders(response: Response): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  return headers;
}

/** Writes Yoga's answer as it comes (a subscription over SSE streams until either side ends it). */
async function sendResponse(response: Response, res: ServerResponse): Promise<void> {
  res.writeHead(response.status, nodeHeaders(response));
  if (!response.body) return void res.end();
  // Yoga's fetch API on Node (@whatwg-node/node-fetch) keeps a Node stream under its ReadableStream: piped straight
  // to the socket, each event of a subscription is written without a reader's promise round per chunk (a thousand
  // subscribers, a thousand of them per event). Either side ending ends the other; a client that leaves is no error.
  const { readable } = response.body as { readable?: unknown };
  if (readable instanceof Readable) return pipeline(readable, res).catch(() => undefined);
  const reader = response.body.getReader();
  res.once('close', () => void reader.cancel().catch(() => undefined));
  for (;;) {
    const { value, done } = await reader.read();
    if (done || res.destroyed) break;
    if (!res.write(value)) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
  }
  res.end();
}

interface PostHandling {
  yoga: CumulusYoga;
  cache: ReadCache | null;
  limiter: AnonymousRateLimiter | null;
  viewerOf(credentials: RequestCredentials): Promise<Viewer>;
}

/**
 * A POST to /graphql. Who is asking is settled first, then the anonymous rate limit, then the body is read within
 * the size limit for that viewer; then the answer comes from the read cache when it holds it for this viewer's
 * identity, or from Yoga (kept if it may be), which takes the viewer as resolved here.
 */
async function servePost({ yoga, cache, limiter, viewerOf }: PostHandling, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const viewer = req.headers.authorization || req.headers.cookie ? await viewerOf(credentialsOf(req.headers)) : anonymousViewer;
    const anonymous = viewer.role === 'anonymous';
    if (limiter && anonymous) {
      const retryAfter = limiter.take(req.socket.remoteAddress ?? 'unknown');
      if (retryAfter !== null) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfter) }).end(rateLimitedBody(limiter, retryAfter));
        return;
      }
    }
    const { limits } = yoga.cumulus;
    const body = await readBodyWithin(req, anonymous ? limits.anonymousBodyBytes : limits.authenticatedBodyBytes);
    if (!body) return refuseBody(res, limits, anonymous);
    const text = body.toString('utf8');
    const identity = identityKey(viewer);
    const cacheable = cache && !req.headers.accept?.includes('text/event-stream') ? cache : null;
    const hit = cacheable?.get(identity, text);
    if (hit) {
      res.writeHead(200, { 'content-type': 'application/graphql-response+json; charset=utf-8', 'content-length': hit.length }).end(hit);
      return;
    }
    const startedIn = cacheable?.generation() ?? 0;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
    const url = `http://${req.headers.host ?? 'localhost'}${req.url ?? '/graphql'}`;
    // Ends a subscription over SSE when its client goes.
    const disconnected = new AbortController();
    res.once('close', () => res.writableFinished || disconnected.abort());
    const response = await yoga.fetch(
      url,
      { method: 'POST', headers, body: new Uint8Array(body), signal: disconnected.signal },
      { req, res, counted: limiter !== null, viewer },
    );
    if (!cacheable) return await sendResponse(response, res);
    const answer = Buffer.from(await response.arrayBuffer());
    // Only complete answers are kept: never errors or refusals (the cache itself keeps only queries).
    if (response.status === 200 && !answer.includes('"errors"')) cacheable.store(identity, text, answer, startedIn);
    res.writeHead(response.status, nodeHeaders(response)).end(answer);
  } catch (error) {
    if (req.destroyed && !req.complete) return; // the client went before sending its request
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ message: 'Unexpected error.' }] }));
    console.error('cumulus: serving a POST failed:', error);
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
  /** Who a request's bearer token or session cookie says is asking (default: the app's own resolution). */
  resolveViewer?: ((credentials: RequestCredentials) => Promise<Viewer>) | null;
  /** The anonymous rate limit, counted here before a POST's body is read (default: the app's limiter). */
  anonymousRateLimiter?: AnonymousRateLimiter | null;
}

export async function startServer(yoga: CumulusYoga, options: StartOptions): Promise<RunningServer> {
  const dashboard = options.webDirectory ? createStaticHandler(options.webDirectory) : null;
  const { limits } = yoga.cumulus;
  const posts: PostHandling = {
    yoga,
    cache: options.readCache ?? null,
    limiter: options.anonymousRateLimiter !== undefined ? options.anonymousRateLimiter : yoga.cumulus.anonymousRateLimiter,
    viewerOf: options.resolveViewer ?? yoga.cumulus.viewerOf,
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const download = SUMMARY_OF_FINDINGS_PATH.exec(path);
    const served = path === '/graphql' || path.startsWith('/graphql/') || path === '/health' || download !== null || OIDC_PATH.test(path);
    setSecurityHeaders(res, !served && dashboard ? 'dashboard' : download?.[2] === 'html' ? 'document' : 'api');
    if (path === '/graphql' && req.method === 'POST') {
      void servePost(posts, req, res);
      return;
    }
    // Nothing else reads a body: one declared over the smallest limit is refused before it is sent.
    if (Number(req.headers['content-length']) > limits.anonymousBodyBytes) {
      refuseBody(res, limits, true);
      return;
    }
    if (served || !dashboard) {
      void yoga.requestListener(req, res);
      return;
    }
    dashboard(req, res);
  });

  // A message over the limit closes the socket (1009) before it is parsed.
  const sockets = new WebSocketServer({ server, path: yoga.graphqlEndpoint, maxPayload: limits.webSocketMessageBytes });
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
        // Who is asking first (an anonymous operation counts against the rate limit), then the token limit while
        // parsing, then the other limits in validation: a refusal is an error message for this operation, and the
        // connection stays open.
        try {
          const contextValue = await contextFactory();
          const document = parse(payload.query);
          const errors = validate(schema, document);
          if (errors.length > 0) return errors;
          return { schema, operationName: payload.operationName, document, variableValues: payload.variables, contextValue, rootValue: { execute, subscribe } };
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
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
