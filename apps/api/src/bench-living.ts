// Benchmark (not a test): the living path at a realistic size, each figure printed beside its target (issue "A living
// review at scale"). One review of 20 outcomes × 200 binary trials (REML), one outcome of 1,000 trials, and four small
// reviews for concurrent writers; every write through the real schema (yoga.fetch) on a fresh SQLite file, or on
// PostgreSQL with --database-url (an empty database you own). Then the server as users run it, in its own process
// (dist/main.js over HTTP): its resident memory after thousands of writes, and on PostgreSQL, writers spread over one
// and over two instances.
//   node apps/api/dist/bench-living.js [--writes 30] [--warm 20] [--sustained 200] [--rss-writes 4000] [--rss-thousand 500] [--database-url postgres://…]
import { createDatabase } from '@cumulus/db';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from './app.js';
import { startBenchServer } from './bench-server.js';
import { analyzeOutcome } from './domain/engine.js';
import { createEventBus } from './events.js';

const { values } = parseArgs({
  options: {
    writes: { type: 'string', default: '30' },
    warm: { type: 'string', default: '20' },
    sustained: { type: 'string', default: '200' },
    'rss-writes': { type: 'string', default: '4000' },
    'rss-thousand': { type: 'string', default: '500' },
    'database-url': { type: 'string' },
  },
});
const writes = Number(values.writes);
const sustained = Number(values.sustained);
const token = 'bench-admin-token';

const folder = mkdtempSync(join(tmpdir(), 'cumulus-bench-living-'));
const database = createDatabase({ url: values['database-url'] ?? join(folder, 'bench.db') });
const migration = await database.migrate();
if (migration.error) throw migration.error;
const events = createEventBus({});
const yoga = createApp({ database, events, adminToken: token, anonymousRateLimit: null });

/** What a request answers: its JSON body. */
type Send = (body: string) => Promise<{ json(): Promise<unknown> }>;
const inProcess: Send = async (body) => yoga.fetch('http://yoga/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
/**
 * Requests over HTTP as a client on another machine would send them, on kept-alive connections. node:http rather than
 * fetch, and the answer's JSON parsed from its bytes rather than through a Response: this client shares the machine's
 * two cores with the server (and PostgreSQL), and fetch spends about 0.5 ms more CPU a request, a Response about 0.4 ms,
 * which a sequential writer waits for and a real client elsewhere would not take from the server.
 */
const keptAlive = new Agent({ keepAlive: true });
const overHttp = (url: string): Send => (body) =>
  new Promise((resolve, reject) => {
    const sent = request(url, { method: 'POST', agent: keptAlive, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ json: async () => JSON.parse(text) as unknown });
      });
      answer.on('error', reject);
    });
    sent.on('error', reject);
    sent.end(body);
  });

/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers read by path */
async function gql(query: string, variables: Record<string, unknown>, send: Send = inProcess): Promise<any> {
  const response = await send(JSON.stringify({ query, variables }));
  const body = (await response.json()) as { data?: any; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  const payload = Object.values(body.data)[0] as { errors?: { message: string }[] };
  if (payload?.errors?.length) throw new Error(payload.errors.map((e) => e.message).join('; '));
  return payload;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Park-Miller: the same trials on every run. */
const SEED = 20261202;
let state = SEED;
const random = () => (state = (state * 16807) % 2147483647) / 2147483647;
function trial() {
  const n1 = 40 + Math.floor(random() * 400);
  const n2 = 40 + Math.floor(random() * 400);
  const risk = 0.05 + random() * 0.3;
  return { events1: Math.round(n1 * risk * (0.6 + random() * 0.5)), n1, events2: Math.round(n2 * risk), n2 };
}

async function reviewWith(outcomes: number, trials: number, label: string, send: Send = inProcess) {
  const review = (await gql('mutation($input: CreateReviewInput!) { createReview(input: $input) { review { id } errors { message } } }', { input: { title: label } }, send)).review;
  const studies = Array.from({ length: trials }, (_, i) => ({ label: `Trial ${i + 1}`, year: 1980 + (i % 45) }));
  const added = await gql('mutation($input: AddStudiesInput!) { addStudies(input: $input) { studies { id } errors { message } } }', { input: { reviewId: review.id, studies } }, send);
  const studyIds: string[] = added.studies.map((s: { id: string }) => s.id);
  const outcomeIds: string[] = [];
  for (let o = 0; o < outcomes; o++) {
    const outcome = (
      await gql('mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { outcome { id } errors { message } } }', {
        input: { reviewId: review.id, name: `Outcome ${o + 1}`, measure: 'OR', model: 'RANDOM', tau2Estimator: 'REML' },
      }, send)
    ).outcome;
    await gql('mutation($input: RecordStudyDataTableInput!) { recordStudyDataTable(input: $input) { outcome { id } errors { message } } }', {
      input: { outcomeId: outcome.id, rows: studyIds.map((studyId) => ({ studyId, ...trial() })) },
    }, send);
    outcomeIds.push(outcome.id);
  }
  return { reviewId: review.id as string, studyIds, outcomeIds };
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}
const recordOne = (outcomeId: string, studyId: string, send: Send = inProcess) =>
  gql('mutation($input: RecordStudyDataInput!) { recordStudyData(input: $input) { outcome { version } errors { message } } }', { input: { outcomeId, studyId, ...trial() } }, send);

/** Bytes stored for the analyses of each of the review's last `versions` versions, newest first. */
async function bytesOfVersions(reviewId: string, versions: number): Promise<number[]> {
  const { version } = await database.db.selectFrom('reviews').select('version').where('id', '=', reviewId).executeTakeFirstOrThrow();
  const rows = await database.db
    .selectFrom('analysis_snapshots')
    .select(['version', 'analysis', 'delta'])
    .where('review_id', '=', reviewId)
    .where('version', '>', version - versions)
    .execute();
  const bytes = new Map<number, number>();
  for (const row of rows) bytes.set(row.version, (bytes.get(row.version) ?? 0) + (row.analysis?.length ?? 0) + (row.delta?.length ?? 0));
  return Array.from({ length: versions }, (_, i) => bytes.get(version - i) ?? 0);
}

const line = (what: string, figure: string, target: string) => console.log(`  ${what.padEnd(58)} ${figure.padStart(12)}   target ${target}`);
const ms = (value: number) => `${value.toFixed(1)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** CPU time the whole machine has spent busy since it started, in ms (every process: the servers, PostgreSQL, this client). */
function machineCpu(): { busyMs: number } {
  // The first line of /proc/stat: user nice system idle iowait irq softirq steal …, in clock ticks (100 a second).
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = ticks[3] + (ticks[4] ?? 0);
  return { busyMs: (ticks.slice(0, 8).reduce((a, b) => a + b, 0) - idle) * 10 };
}

/** The machine's load average: timings taken while other work runs are slower than the code is (say it beside them). */
const load = () => loadavg().map((value) => value.toFixed(2)).join(', ');

/**
 * How fast this machine runs the engine now: one outcome's whole analysis at k = 200 (as a write recomputes it), the
 * median of 15 batches of 20, in ms. Shared machines vary from hour to hour by a third or more, and every figure below
 * moves with this one: compare runs by it.
 */
function engineCalibration(): number {
  // The same trials at the start and at the end of a run (the first outcome's), and the reviews get theirs as in every run.
  const kept = state;
  state = SEED;
  const rows = Array.from({ length: 200 }, (_, i) => ({ id: `T${i + 1}`, year: 1980 + (i % 45), ...trial() }));
  state = kept;
  const settings = { measure: 'OR', model: 'random', tau2Estimator: 'REML' } as const;
  for (let r = 0; r < 30; r++) analyzeOutcome(rows, settings);
  const batches = Array.from({ length: 15 }, () => {
    const begun = performance.now();
    for (let r = 0; r < 20; r++) analyzeOutcome(rows, settings);
    return (performance.now() - begun) / 20;
  });
  return percentile(batches, 50);
}

console.log(`Living path at scale, ${values['database-url'] ? 'PostgreSQL' : 'SQLite'} (${writes} timed writes each, ${sustained} sustained), load average ${load()}:`);
line('this machine now: one analysis at k = 200 (the engine alone)', `${engineCalibration().toFixed(2)} ms`, '– (compare runs by it)');
let loadMs = performance.now();
const big = await reviewWith(20, 200, 'Twenty outcomes of 200 trials');
const huge = await reviewWith(1, 1000, 'One outcome of 1,000 trials');
loadMs = performance.now() - loadMs;
line('load (20 × 200 and 1 × 1,000 trials)', `${(loadMs / 1000).toFixed(1)} s`, '–');

// A server that has run for a while runs optimised code: the first writes after loading (which stored whole analyses,
// no deltas) are left out of the timings, as many as --warm (0 times them from the first).
const warm = Number(values.warm);
const warmed = warm > 0 ? ` (after ${warm} untimed)` : '';
for (let i = 0; i < warm; i++) await recordOne(big.outcomeIds[i % 20], big.studyIds[(i + 100) % 200]);
const one: number[] = [];
for (let i = 0; i < writes; i++) one.push(await timed(() => recordOne(big.outcomeIds[i % 20], big.studyIds[i % 200])));
line(`recordStudyData, k = 200: p50${warmed}`, ms(percentile(one, 50)), '< 15 ms');
// Each timed write is a version with one snapshot; what it stores varies with what moved (a trim-and-fill that fills
// another study stores a new shape), so all of them are weighed, not the last alone.
const oneNumber = await bytesOfVersions(big.reviewId, writes);
line('bytes stored by a one-number edit: median (largest)', `${kb(percentile(oneNumber, 50))} (${kb(Math.max(...oneNumber))})`, '≤ 20 KB');

for (let i = 0; i < warm; i++) await recordOne(huge.outcomeIds[0], huge.studyIds[500 + (i % 500)]);
const thousand: number[] = [];
for (let i = 0; i < writes; i++) thousand.push(await timed(() => recordOne(huge.outcomeIds[0], huge.studyIds[i])));
line(`recordStudyData, k = 1,000: p50${warmed}`, ms(percentile(thousand, 50)), '< 60 ms');

const edits: number[] = [];
for (let i = 0; i < Math.min(writes, 10); i++) {
  // A study's year orders cumulative and sequential analyses: every outcome it is in is recomputed.
  edits.push(await timed(() => gql('mutation($input: UpdateStudyInput!) { updateStudy(input: $input) { study { id } errors { message } } }', { input: { studyId: big.studyIds[i], year: 1970 + i } })));
}
line('a study edit across 20 outcomes of 200: p50', ms(percentile(edits, 50)), '< 120 ms');
const studyEdit = await bytesOfVersions(big.reviewId, edits.length);
line('bytes stored by a study edit: median (largest)', `${kb(percentile(studyEdit, 50))} (${kb(Math.max(...studyEdit))})`, '≤ 400 KB');

let started = performance.now();
for (let i = 0; i < sustained; i++) await recordOne(big.outcomeIds[i % 20], big.studyIds[(i * 7) % 200]);
line('sequential writes, k = 200', `${((sustained / (performance.now() - started)) * 1000).toFixed(0)}/s`, '≥ 100/s');

const writers = await Promise.all([1, 2, 3, 4].map((n) => reviewWith(1, 200, `Concurrent writer ${n}`)));
started = performance.now();
await Promise.all(writers.map(async (writer) => {
  for (let i = 0; i < sustained / 4; i++) await recordOne(writer.outcomeIds[0], writer.studyIds[i % 200]);
}));
line('4 concurrent writers to different reviews, k = 200 (one process)', `${((sustained / (performance.now() - started)) * 1000).toFixed(0)}/s`, '–');
await events.close();
await database.close();

const heapMb = process.env.CUMULUS_HEAP_MB ?? '192';

/** The real server in its own process on `databaseUrl` (bench-server.ts), with this bench's client over HTTP. */
async function serverProcess(databaseUrl: string) {
  // With the heap bounded by CUMULUS_HEAP_MB, or by 192 MB, the bound the memory target was set with (`pnpm start`
  // now defaults to 512 for large search imports: set CUMULUS_HEAP_MB=512 to see it).
  const server = await startBenchServer({ databaseUrl, adminToken: token, heapMb });
  return { send: overHttp(server.url), rssMb: server.rssMb, stop: server.stop };
}

// The server's own memory: 20 × 200 and 1 × 1,000 loaded, then thousands of one-number edits.
const rssWrites = Number(values['rss-writes']);
const rssThousand = Number(values['rss-thousand']);
const rssDatabase = values['database-url'] ?? join(folder, 'rss.db');
const server = await serverProcess(rssDatabase);
const bigAlone = await reviewWith(20, 200, 'Twenty outcomes of 200 trials (server)', server.send);
const hugeAlone = await reviewWith(1, 1000, 'One outcome of 1,000 trials (server)', server.send);
line(`server RSS after loading (heap bounded at ${heapMb} MB)`, `${server.rssMb().toFixed(0)} MB`, '–');
started = performance.now();
for (let i = 0; i < rssWrites; i++) await recordOne(bigAlone.outcomeIds[i % 20], bigAlone.studyIds[(i * 13) % 200], server.send);
line(`server: ${rssWrites} writes at k = 200`, `${((rssWrites / (performance.now() - started)) * 1000).toFixed(0)}/s`, '≥ 100/s');
line(`server RSS after ${rssWrites} writes at k = 200`, `${server.rssMb().toFixed(0)} MB`, '< 300 MB');
for (let i = 0; i < rssThousand; i++) await recordOne(hugeAlone.outcomeIds[0], hugeAlone.studyIds[(i * 13) % 1000], server.send);
line(`server RSS after ${rssThousand} more at k = 1,000`, `${server.rssMb().toFixed(0)} MB`, '< 300 MB');
await server.stop();

if (values['database-url']) {
  // Stateless instances on one PostgreSQL: writers to different reviews through one instance, then spread over two.
  // Writers to different reviews never wait for each other's locks, so what bounds them is the machine: beside each
  // rate, how many of its cores were busy (this client, the servers and PostgreSQL all share them) and the CPU time
  // one write cost the machine, whose inverse times the cores is the most any number of writers could reach here.
  const instances = [await serverProcess(values['database-url']), await serverProcess(values['database-url'])];
  const reviews = await Promise.all([1, 2, 3, 4].map((n) => reviewWith(1, 200, `Writer ${n} across instances`, instances[0].send)));
  const rate = async (writers: number, sendOf: (writer: number) => Send) => {
    const busyBefore = machineCpu();
    const begun = performance.now();
    await Promise.all(reviews.slice(0, writers).map(async (review, w) => {
      for (let i = 0; i < sustained / writers; i++) await recordOne(review.outcomeIds[0], review.studyIds[i % 200], sendOf(w));
    }));
    const elapsed = performance.now() - begun;
    const busy = machineCpu();
    const cores = (busy.busyMs - busyBefore.busyMs) / elapsed;
    const perWrite = (busy.busyMs - busyBefore.busyMs) / sustained;
    return { perSecond: (sustained / elapsed) * 1000, cores, perWrite };
  };
  const shown = (result: { perSecond: number; cores: number; perWrite: number }) =>
    `${result.perSecond.toFixed(0)}/s`.padStart(12) + `   ${result.cores.toFixed(2)} of ${cpus().length} cores busy, ${result.perWrite.toFixed(1)} CPU ms a write`;
  const results: { perSecond: number }[] = [];
  for (const [writers, spread] of [[1, false], [2, false], [4, false], [2, true], [4, true]] as const) {
    const result = await rate(writers, (w) => instances[spread ? w % 2 : 0].send);
    results.push(result);
    console.log(`  ${`${writers} writer${writers > 1 ? 's, each to its own review,' : ''} through ${spread ? 'two instances' : 'one instance'}`.padEnd(58)} ${shown(result)}`);
  }
  const [alone, , , , four] = results;
  line('4 writers across two instances against 1 writer', `×${(four.perSecond / alone.perSecond).toFixed(2)}`, `scaling, up to the machine's cores (${cpus().length} here)`);
  await Promise.all(instances.map((instance) => instance.stop()));
}
keptAlive.destroy();
line('this machine at the end: one analysis at k = 200', `${engineCalibration().toFixed(2)} ms`, '– (beside the start: how the machine changed meanwhile)');
console.log(`  load average at the end: ${load()}`);
rmSync(folder, { recursive: true, force: true });
