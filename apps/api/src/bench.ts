// Benchmark (not a test): write → recompute → push latency with 1, 100 and 1000 SSE subscribers, and reads per
// second of a stored analysis against a bare node:http server returning the same JSON. The API runs in a
// child process (node dist/main.js, SQLite in a temporary folder, demo data), the clients in this one.
//   node apps/api/dist/bench.js [--subscribers 1,100,1000] [--writes 30] [--seconds 5] [--connections 32] [--database-url postgres://…]
// --database-url: run the API on that database instead (an empty one you own: the demo is loaded into it, and it is
// left as it is afterwards).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from './free-port.js';

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '1,100,1000' },
    writes: { type: 'string', default: '30' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    'database-url': { type: 'string' },
  },
});
const subscriberCounts = values.subscribers.split(',').map(Number);
const writes = Number(values.writes);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const token = 'bench-admin-token';
const agent = new http.Agent({ keepAlive: true, maxSockets: 2048 });

async function waitForOutput(child: ChildProcess, text: string): Promise<void> {
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes(text)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', () => reject(new Error(`child exited: ${output}`)));
  });
}

function post(port: number, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers } },
      (response) => {
        let data = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (data += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: data }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function gql<T>(port: number, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const { body } = await post(port, JSON.stringify({ query, variables }));
  const parsed = JSON.parse(body) as { data: T; errors?: { message: string }[] };
  if (parsed.errors) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.data;
}

/** An SSE subscriber that notes when each version arrives (a substring search: cheap for 1000 clients). */
function subscribe(port: number, query: string, variables: Record<string, unknown>, arrivals: Map<number, number[]>): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      },
      (response) => {
        response.setEncoding('utf8');
        let buffer = '';
        response.on('data', (chunk: string) => {
          const now = performance.now();
          buffer += chunk;
          let match: RegExpExecArray | null;
          const pattern = /"version":(\d+)/g;
          let consumed = 0;
          while ((match = pattern.exec(buffer))) {
            const version = Number(match[1]);
            (arrivals.get(version) ?? arrivals.set(version, []).get(version)!).push(now);
            consumed = pattern.lastIndex;
          }
          buffer = buffer.slice(consumed);
        });
        resolve(request);
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify({ query, variables }));
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (value: number) => `${value.toFixed(1)} ms`;

/** Requests per second from `connections` concurrent keep-alive clients for `seconds`. */
async function throughput(port: number, path: string, method: string, body: string | null, withToken = true): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  const client = async () => {
    while (performance.now() < deadline) {
      await new Promise<void>((resolve, reject) => {
        const request = http.request(
          { host: '127.0.0.1', port, path, method, agent, headers: { 'content-type': 'application/json', ...(withToken ? { authorization: `Bearer ${token}` } : {}) } },
          (response) => {
            response.resume();
            response.on('end', () => resolve());
          },
        );
        request.on('error', reject);
        request.end(body ?? undefined);
      });
      done += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, client));
  return done / ((performance.now() - started) / 1000);
}

const directory = mkdtempSync(join(tmpdir(), 'cumulus-bench-'));
const port = await freePort();
const api = spawn(process.execPath, [fileURLToPath(new URL('./main.js', import.meta.url))], {
  env: { ...process.env, PORT: String(port), DATABASE_URL: values['database-url'] ?? join(directory, 'bench.db'), CUMULUS_DEMO: '1', CUMULUS_ADMIN_TOKEN: token, REDIS_URL: '', CUMULUS_ANONYMOUS_REQUESTS_PER_MINUTE: '0' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
try {
  await waitForOutput(api, 'GraphQL on');
  const { reviews } = await gql<{ reviews: { title: string; studies: { id: string }[]; outcomes: { id: string }[] }[] }>(
    port,
    '{ reviews { title studies { id } outcomes { id } } }',
  );
  const bcg = reviews.find((review) => review.title.startsWith('BCG'))!;
  const outcomeId = bcg.outcomes[0].id;
  const studyId = bcg.studies[0].id;
  const on = values['database-url'] ? `PostgreSQL (${values['database-url'].replace(/\/\/[^@]*@/, '//')})` : 'SQLite (synchronous=FULL)';
  console.log(`API: node dist/main.js on ${on}, BCG outcome with 13 trials and its trial sequential analysis, ${writes} writes per run`);
  console.log('\nwrite → recompute → push latency (from sending recordStudyData to the event arriving at each SSE subscriber)');
  console.log('subscribers  mutation p50  p95        push p50     p95          deliveries     target');

  for (const count of subscriberCounts) {
    const arrivals = new Map<number, number[]>();
    const requests: http.ClientRequest[] = [];
    for (let i = 0; i < count; i += 50) {
      requests.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(50, count - i) }, () =>
            subscribe(port, 'subscription($id: ID!) { outcomeUpdated(outcomeId: $id) { version analysis { k estimate ciLower ciUpper } } }', { id: outcomeId }, arrivals),
          ),
        )),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const mutationTimes: number[] = [];
    const pushTimes: number[] = [];
    let delivered = 0;
    for (let i = 0; i < writes; i++) {
      const started = performance.now();
      const result = await gql<{ recordStudyData: { outcome: { version: number } } }>(
        port,
        `mutation($o: ID!, $s: ID!, $e: Int!) { recordStudyData(input: { outcomeId: $o, studyId: $s, events1: $e, n1: 123, events2: 11, n2: 139 }) { outcome { version } } }`,
        { o: outcomeId, s: studyId, e: 3 + (i % 5) },
      );
      mutationTimes.push(performance.now() - started);
      const version = result.recordStudyData.outcome.version;
      const deadline = performance.now() + 10_000;
      while ((arrivals.get(version)?.length ?? 0) < count && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
      const times = arrivals.get(version) ?? [];
      delivered += times.length;
      for (const time of times) pushTimes.push(time - started);
    }
    for (const request of requests) request.destroy();
    mutationTimes.sort((a, b) => a - b);
    pushTimes.sort((a, b) => a - b);
    console.log(
      `${String(count).padEnd(13)}${ms(percentile(mutationTimes, 50)).padEnd(14)}${ms(percentile(mutationTimes, 95)).padEnd(11)}` +
        `${ms(percentile(pushTimes, 50)).padEnd(13)}${ms(percentile(pushTimes, 95)).padEnd(13)}${`${delivered}/${count * writes}`.padEnd(15)}` +
        // The living-review issue's bound: a push to a thousand dashboards within a tenth of a second.
        (count === 1000 ? 'push p95 < 100 ms' : '–'),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  const readQuery = JSON.stringify({
    query: 'query($id: ID!) { outcome(id: $id) { version analysis { k estimate ciLower ciUpper pValue tau2 i2 studies { studyId label estimate ciLower ciUpper weight } } } }',
    variables: { id: outcomeId },
  });
  const sample = await post(port, readQuery);
  const barePort = await freePort();
  const bare = spawn(
    process.execPath,
    ['-e', `const body = ${JSON.stringify(sample.body)}; require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => { s.writeHead(200, { 'content-type': 'application/json' }); s.end(body); }); }).listen(${barePort}, '127.0.0.1', () => console.log('listening'));`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    await waitForOutput(bare, 'listening');
    console.log(`\nreads of a stored analysis (${sample.body.length} bytes of JSON), ${connections} keep-alive connections, ${seconds} s each`);
    const { query, variables } = JSON.parse(readQuery) as { query: string; variables: Record<string, unknown> };
    const uncachedPath = `/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify(variables))}`;
    const anonymousReads = await throughput(port, '/graphql', 'POST', readQuery, false);
    const tokenReads = await throughput(port, '/graphql', 'POST', readQuery);
    const yogaReads = await throughput(port, uncachedPath, 'GET', null);
    const bareReads = await throughput(barePort, '/', 'POST', readQuery);
    const share = (reads: number) => `${((reads / bareReads) * 100).toFixed(0)}% of bare`;
    console.log(`GraphQL outcome query, reader without a token (read cache):  ${anonymousReads.toFixed(0)} req/s (${share(anonymousReads)})`);
    console.log(`GraphQL outcome query, with a token (read cache):            ${tokenReads.toFixed(0)} req/s (${share(tokenReads)})`);
    console.log(`GraphQL outcome query, with a token, GET (through Yoga, as a first read after a change): ${yogaReads.toFixed(0)} req/s (${share(yogaReads)})`);
    console.log(`bare node:http, same JSON:                                   ${bareReads.toFixed(0)} req/s`);
  } finally {
    bare.kill();
  }
} finally {
  api.kill();
  agent.destroy();
  rmSync(directory, { recursive: true, force: true });
}
