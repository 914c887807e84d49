/* eslint-disable @typescript-eslint/no-explicit-any -- tests read GraphQL results by path */
// Abuse from the outside, over a real port set up as main.ts sets it up (read cache, one anonymous rate limit):
// each cheap denial of service is refused with a clear error within 250 ms, while an anonymous reader polling a
// public review keeps being answered within 250 ms; over POST, GET and graphql-ws. And every route sends the
// security headers.
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getIntrospectionQuery } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { defaultRequestLimits } from '../src/limits.js';
import { createAnonymousRateLimiter } from '../src/rate-limit.js';
import { createReadCache, type ReadCache } from '../src/read-cache.js';
import { schema } from '../src/schema/index.js';
import { startServer, type RunningServer } from '../src/server.js';
import { adminSecret, addStudyWithData, reviewWithOutcome, testApp, testDatabase, type TestApp } from './helpers.js';

const aliased = (count: number, selection: string) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${selection}`).join(' ')} }`;
const nested = (levels: number) => `{ reviews ${'{ outcomes { review '.repeat(levels / 2)}{ id }${' } }'.repeat(levels / 2)} }`;
const declaringVariables = (count: number) => `query(${Array.from({ length: count }, (_, i) => `$v${i}: Int`).join(' ')}) { reviews { id } }`;
const withDirectives = (count: number) => `{ reviews { id ${'@include(if: true) '.repeat(count)} } }`;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  ms: number;
}

/** POST /graphql with a JSON body; `ms` is the time to the whole answer. */
async function post(url: string, body: unknown, token?: string): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: Object.fromEntries(response.headers), body: text ? JSON.parse(text) : null, ms: performance.now() - started };
}

/**
 * A POST that declares `declared` bytes (or none: chunked) and sends `chunk` every few milliseconds until the server
 * answers, or until `sendBytes` are sent. Resolves with the answer and how much was sent by then.
 */
function postStreaming(url: string, options: { declared?: number; sendBytes: number; token?: string; path?: string }): Promise<Answer & { sent: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let sent = 0;
    let answered = false;
    const req = request(`${url}${options.path ?? '/graphql'}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.declared !== undefined ? { 'content-length': String(options.declared) } : { 'transfer-encoding': 'chunked' }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
    });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const pump = () => {
      if (answered || req.destroyed) return;
      if (sent >= options.sendBytes) return;
      sent += chunk.length;
      req.write(chunk);
      setTimeout(pump, 2);
    };
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (data) => (text += data));
      res.on('end', () => {
        req.destroy();
        const json = res.headers['content-type']?.includes('json');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: json && text ? JSON.parse(text) : text, ms: performance.now() - started, sent });
      });
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.flushHeaders();
    pump();
  });
}

/**
 * Runs `abuse` while an anonymous reader polls a public review (one request at a time), and returns the abuse's
 * result with the reader's slowest answer and how many answers it got.
 */
async function whileReaderPolls<T>(url: string, reviewId: string, abuse: () => Promise<T>): Promise<{ result: T; slowestReadMs: number; reads: number }> {
  const query = `query($id: ID!) { review(id: $id) { title outcomes { version analysis { k estimate ciLower ciUpper } } } }`;
  let done = false;
  let slowest = 0;
  let reads = 0;
  const reader = (async () => {
    while (!done || reads < 3) {
      const answer = await post(url, { query, variables: { id: reviewId } });
      expect(answer.body.data.review.title).toBe('Public review');
      slowest = Math.max(slowest, answer.ms);
      reads += 1;
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 30));
  let result: T;
  try {
    result = await abuse();
  } finally {
    done = true;
    await reader;
  }
  return { result, slowestReadMs: slowest, reads };
}

/** A graphql-ws client; `run` resolves with the operation's result, or its errors when refused. */
function wsClient(url: string, token?: string): { client: Client; run(query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: any[]; ms: number }>; closed: Promise<number> } {
  let closedWith: (code: number) => void = () => undefined;
  const closed = new Promise<number>((resolve) => (closedWith = resolve));
  const client = createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    on: { closed: (event) => closedWith((event as { code: number }).code) },
  });
  return {
    client,
    closed,
    run: (query, variables) =>
      new Promise((resolve, reject) => {
        const started = performance.now();
        let result: { data?: any; errors?: any[] } = {};
        client.subscribe(
          { query, variables },
          {
            next: (value) => (result = value as typeof result),
            error: (error) => (Array.isArray(error) ? resolve({ errors: error, ms: performance.now() - started }) : reject(error)),
            complete: () => resolve({ ...result, ms: performance.now() - started }),
          },
        );
      }),
  };
}

const timings: Record<string, string> = {};
afterAll(() => console.log(`refusal times in ms (the reader's slowest answer meanwhile):\n${Object.entries(timings).map(([name, t]) => `  ${name}: ${t}`).join('\n')}`));

describe('limits over a real port', () => {
  let app: TestApp;
  let cache: ReadCache;
  let server: RunningServer;
  let dispose: () => Promise<void>;
  let reviewId: string;
  const web = mkdtempSync(join(tmpdir(), 'cumulus-web-'));

  beforeAll(async () => {
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Cumulus</title>');
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'assets', 'index-abcdef12.js'), 'console.log(1)');
    const test = await testDatabase('sqlite');
    dispose = test.dispose;
    // As main.ts: one limiter for the app and the server in front of it (generous here: the abuse is refused by
    // the limits, not by the rate limit; the rate limit has its own suite below).
    const anonymousRateLimiter = createAnonymousRateLimiter({ limit: 100_000, windowMs: 60_000 });
    app = testApp(test.database, { app: { anonymousRateLimiter } });
    cache = createReadCache(app.events, schema);
    server = await startServer(app.yoga, { port: 0, host: '127.0.0.1', webDirectory: web, readCache: cache, anonymousRateLimiter });
    let outcomeId: string;
    ({ reviewId, outcomeId } = await reviewWithOutcome(app, { name: 'Deaths', measure: 'OR' }, { title: 'Public review', isPublic: true }));
    for (let i = 0; i < 6; i++) await addStudyWithData(app, reviewId, outcomeId, `Trial ${i}`, { events1: 4 + i, n1: 100, events2: 12, n2: 100 });
  });
  afterAll(async () => {
    cache?.close();
    await server?.close();
    await app?.close();
    await dispose?.();
    rmSync(web, { recursive: true, force: true });
  });

  /**
   * Sends `abuse` while a reader polls. The times are printed, not asserted (speed targets live in the benchmarks, and
   * a busy machine is not a defect); what is asserted is the refusal itself, by the limit that must make it.
   */
  async function refusedQuickly<A extends Answer>(name: string, abuse: () => Promise<A>): Promise<A> {
    const { result, slowestReadMs, reads } = await whileReaderPolls(server.url, reviewId, abuse);
    timings[name] = `${result.ms.toFixed(0)} (reader ${slowestReadMs.toFixed(0)}, ${reads} reads)`;
    return result;
  }

  it('refuses 2,000 aliased __schema selections (tokens), 100 aliases (aliases) and two introspections (cost, which counts them), and answers one', async () => {
    const flood = await refusedQuickly('2,000 aliased __schema', () => post(server.url, { query: aliased(2000, '__schema { types { name fields { name } } }') }));
    expect(flood.status).toBe(400);
    expect(flood.body.errors[0].message).toBe(`Syntax Error: Token limit of ${defaultRequestLimits.tokens} exceeded.`);

    const aliases = await refusedQuickly('100 aliases', () => post(server.url, { query: aliased(100, '__schema { queryType { name } }') }));
    expect(aliases.status).toBe(400);
    expect(aliases.body.errors[0].message).toBe(`Syntax Error: Aliases limit of ${defaultRequestLimits.aliases} exceeded, found 100.`);

    const introspection = getIntrospectionQuery().replace('__schema', 'first: __schema');
    const twice = introspection.replace(/\n\s*}\n\s*}\n/, `\n}\nsecond: __schema { types { ...FullType } directives { name args { ...InputValue } } }\n}\n`);
    const costly = await refusedQuickly('two introspections', () => post(server.url, { query: twice }));
    expect(costly.status).toBe(400);
    expect(costly.body.errors[0].message).toMatch(/^Syntax Error: Query Cost limit of 5000 exceeded, found \d+/);

    const once = await post(server.url, { query: getIntrospectionQuery() });
    expect(once.status).toBe(200);
    expect(once.body.data.__schema.types.map((t: any) => t.name)).toContain('Outcome');
  });

  it('refuses a query 5,000 levels deep with a 400 and a GraphQL error, over POST and GET', async () => {
    const deep = nested(5000);
    const refused = await refusedQuickly('5,000 levels (POST)', () => post(server.url, { query: deep }));
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ message: `Syntax Error: Token limit of ${defaultRequestLimits.tokens} exceeded.` })]);

    // Within the token limit, the depth limit speaks; over GET (the URL carries the query) as over POST.
    const response = await fetch(`${server.url}/graphql?query=${encodeURIComponent(nested(14))}`, { headers: { accept: 'application/graphql-response+json' } });
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].message).toMatch(/^Syntax Error: Query depth limit of 12 exceeded, found 16\./);
  });

  it('refuses 200,000 declared variables (body size without a token, tokens with one), 51 of them (variables) and 21 directives', async () => {
    const anonymous = await refusedQuickly('200,000 variables, no token', () => post(server.url, { query: declaringVariables(200_000) }));
    expect(anonymous.status).toBe(413);
    const flood = await refusedQuickly('200,000 variables, with a token', () => post(server.url, { query: declaringVariables(200_000) }, adminSecret));
    expect(flood.status).toBe(400);
    expect(flood.body.errors[0].message).toMatch(/Token limit of 2000 exceeded/);

    const variables = await refusedQuickly('51 variables', () => post(server.url, { query: declaringVariables(51) }));
    expect(variables.status).toBe(400);
    expect(variables.body.errors[0].message).toBe('Variables limit of 50 exceeded, found 51.');
    expect((await post(server.url, { query: declaringVariables(50) })).body.errors[0].message).toMatch(/Variable "\$v0" is never used/);

    const directives = await refusedQuickly('21 directives', () => post(server.url, { query: withDirectives(21) }));
    expect(directives.status).toBe(400);
    expect(directives.body.errors[0].message).toBe('Syntax Error: Directives limit of 20 exceeded, found 21.');
  });

  it('refuses a body declared larger than the limit at once, before it is sent', async () => {
    const anonymous = await refusedQuickly('declared 100 MB, no token', () => postStreaming(server.url, { declared: 100 * 1024 * 1024, sendBytes: 0 }));
    expect(anonymous.status).toBe(413);
    expect(anonymous.body.errors[0]).toEqual({ message: 'The request body is larger than 256 KB, the limit without a token (64 MB with one).', extensions: { code: 'PAYLOAD_TOO_LARGE' } });
    const withToken = await refusedQuickly('declared 100 MB, with a token', () => postStreaming(server.url, { declared: 100 * 1024 * 1024, sendBytes: 0, token: adminSecret }));
    expect(withToken.status).toBe(413);
    expect(withToken.body.errors[0].message).toBe('The request body is larger than 64 MB, the limit for one request.');
    // Other paths take no body at all.
    const elsewhere = await postStreaming(server.url, { path: '/', declared: 1024 * 1024, sendBytes: 0, token: adminSecret });
    expect(elsewhere.status).toBe(413);
  });

  it('stops reading a chunked body as soon as it passes the limit', async () => {
    const anonymous = await refusedQuickly('chunked, no token', () => postStreaming(server.url, { sendBytes: 50 * 1024 * 1024 }));
    expect(anonymous.status).toBe(413);
    // Answered while the client was still sending: nowhere near the 50 MB it meant to send.
    expect(anonymous.sent).toBeLessThan(4 * 1024 * 1024);
  });

  it('takes a body of a few MB with a token (a RevMan file), and not without one', async () => {
    const padded = { query: '{ viewer { role } }', variables: { file: 'x'.repeat(4.3 * 1024 * 1024) } };
    const withToken = await post(server.url, padded, adminSecret);
    expect(withToken.status).toBe(200);
    expect(withToken.body).toEqual({ data: { viewer: { role: 'ADMIN' } } });
    const anonymous = await post(server.url, padded);
    expect(anonymous.status).toBe(413);
    // A made-up token counts as none.
    expect((await post(server.url, padded, 'made-up')).status).toBe(413);
  });

  it('over graphql-ws, refuses the same documents with an error for the operation, and keeps the connection', async () => {
    const { client, run } = wsClient(server.url);
    try {
      const { result: deep, slowestReadMs } = await whileReaderPolls(server.url, reviewId, () => run(nested(5000)));
      timings['5,000 levels (graphql-ws)'] = `${deep.ms.toFixed(0)} (reader ${slowestReadMs.toFixed(0)})`;
      expect(deep.errors).toEqual([expect.objectContaining({ message: `Syntax Error: Token limit of ${defaultRequestLimits.tokens} exceeded.` })]);

      const { result: flood } = await whileReaderPolls(server.url, reviewId, () => run(aliased(2000, '__schema { types { name } }')));
      timings['2,000 aliased __schema (graphql-ws)'] = flood.ms.toFixed(0);
      expect(flood.errors?.[0].message).toMatch(/Token limit/);
      expect((await run(aliased(31, '__typename'))).errors).toBeUndefined(); // __typename aliases are free
      expect((await run(aliased(31, 'reviews { id }'))).errors?.[0].message).toBe('Syntax Error: Aliases limit of 30 exceeded, found 31.');
      expect((await run(declaringVariables(51))).errors?.[0].message).toBe('Variables limit of 50 exceeded, found 51.');
      expect((await run(withDirectives(21))).errors?.[0].message).toMatch(/Directives limit of 20 exceeded/);
      // The same connection still answers.
      const fine = await run(`query($id: ID!) { review(id: $id) { title } }`, { id: reviewId });
      expect(fine.data).toEqual({ review: { title: 'Public review' } });
    } finally {
      await client.dispose();
    }
  });

  it('closes a graphql-ws connection whose message is larger than the limit (1009), without reading it as GraphQL', async () => {
    const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(defaultRequestLimits.webSocketMessageBytes) } }));
    expect(await closed).toBe(1009);
  });

  it('sends the security headers on every route: the dashboard, its assets, GraphQL, downloads, refusals', async () => {
    const dashboardPolicy =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    const common = {
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'cross-origin-opener-policy': 'same-origin',
      'permissions-policy': 'camera=(), microphone=(), geolocation=()',
    };
    const headersOf = async (path: string, init?: RequestInit) => Object.fromEntries((await fetch(`${server.url}${path}`, init)).headers);
    for (const path of ['/', '/assets/index-abcdef12.js', '/reviews/some-review']) {
      expect(await headersOf(path)).toMatchObject({ ...common, 'content-security-policy': dashboardPolicy });
    }
    const html = await headersOf(`/reviews/${reviewId}/summary-of-findings.html`);
    expect(html).toMatchObject({ ...common, 'content-type': 'text/html; charset=utf-8' });
    expect(html['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    const apiPolicy = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    const api = [
      await headersOf(`/reviews/${reviewId}/summary-of-findings.csv`),
      await headersOf('/health'),
      await headersOf(`/graphql?query=${encodeURIComponent('{ viewer { role } }')}`),
      await headersOf('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ viewer { role } }"}' }),
      await headersOf('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ viewer { role } }"}' }), // from the read cache
      await headersOf('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: nested(5000) }) }),
      (await postStreaming(server.url, { declared: 100 * 1024 * 1024, sendBytes: 0 })).headers,
    ];
    for (const headers of api) expect(headers).toMatchObject({ ...common, 'content-security-policy': apiPolicy });
    // A subscription over SSE (GET).
    const abort = new AbortController();
    const sse = await fetch(`${server.url}/graphql?query=${encodeURIComponent(`subscription { reviewUpdated(reviewId: "${reviewId}") { version } }`)}`, {
      headers: { accept: 'text/event-stream' },
      signal: abort.signal,
    });
    expect(Object.fromEntries(sse.headers)).toMatchObject({ ...common, 'content-security-policy': apiPolicy, 'content-type': 'text/event-stream' });
    abort.abort();
  });
});

describe('the anonymous rate limit over graphql-ws', () => {
  let app: TestApp;
  let server: RunningServer;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const test = await testDatabase('sqlite');
    dispose = test.dispose;
    app = testApp(test.database, { app: { anonymousRateLimit: { limit: 20, windowMs: 60_000 } } });
    server = await startServer(app.yoga, { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
    await dispose?.();
  });

  it('counts every operation of an anonymous connection against its address, shares the budget with HTTP, and not those with a token', async () => {
    const anonymous = wsClient(server.url);
    const admin = wsClient(server.url, adminSecret);
    const madeUp = wsClient(server.url, 'made-up');
    try {
      // 3,000 queries on one socket: the first 20 are answered, every other one is refused at once.
      const started = performance.now();
      const results = await Promise.all(Array.from({ length: 3000 }, () => anonymous.run('{ viewer { role } }')));
      const elapsed = performance.now() - started;
      timings['3,000 queries on one anonymous socket'] = elapsed.toFixed(0);
      expect(results.filter((r) => r.data?.viewer.role === 'ANONYMOUS')).toHaveLength(20);
      const refused = results.filter((r) => r.errors);
      expect(refused).toHaveLength(2980);
      expect(refused[0].errors?.[0]).toMatchObject({
        message: expect.stringMatching(/^Too many requests without a token: 20 per 60 s\. Retry after \d+ s, or send a token\.$/),
        extensions: { code: 'RATE_LIMITED', retryAfter: expect.any(Number) },
      });
      // The connection stays open, and the budget is the address's: HTTP is refused too, and a made-up token is none.
      expect((await anonymous.run('{ viewer { role } }')).errors?.[0].extensions.code).toBe('RATE_LIMITED');
      const http = await post(server.url, { query: '{ viewer { role } }' });
      expect(http.status).toBe(429);
      expect((await madeUp.run('{ viewer { role } }')).errors?.[0].extensions.code).toBe('RATE_LIMITED');
      // A connection with a token is not counted.
      const withToken = await Promise.all(Array.from({ length: 50 }, () => admin.run('{ viewer { role } }')));
      expect(withToken.every((r) => r.data?.viewer.role === 'ADMIN')).toBe(true);
    } finally {
      await Promise.all([anonymous.client.dispose(), admin.client.dispose(), madeUp.client.dispose()]);
    }
  });
});
