// Benchmark (not a test): the living path at a realistic size, each figure printed beside its target (issue "A living
// review at scale"). One review of 20 outcomes × 200 binary trials (REML), one outcome of 1,000 trials, and four small
// reviews for concurrent writers; every write through the real schema (yoga.fetch) on a fresh SQLite file, or on
// PostgreSQL with --database-url (an empty database you own). RSS is this process's: the API and its client together.
//   node apps/api/dist/bench-living.js [--writes 30] [--sustained 200] [--database-url postgres://…]
import { createDatabase } from '@cumulus/db';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from './app.js';
import { createEventBus } from './events.js';

const { values } = parseArgs({
  options: { writes: { type: 'string', default: '30' }, sustained: { type: 'string', default: '200' }, 'database-url': { type: 'string' } },
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

/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers read by path */
async function gql(query: string, variables: Record<string, unknown>): Promise<any> {
  const response = await yoga.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  const payload = Object.values(body.data)[0] as { errors?: { message: string }[] };
  if (payload?.errors?.length) throw new Error(payload.errors.map((e) => e.message).join('; '));
  return payload;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Park-Miller: the same trials on every run. */
let state = 20261202;
const random = () => (state = (state * 16807) % 2147483647) / 2147483647;
function trial() {
  const n1 = 40 + Math.floor(random() * 400);
  const n2 = 40 + Math.floor(random() * 400);
  const risk = 0.05 + random() * 0.3;
  return { events1: Math.round(n1 * risk * (0.6 + random() * 0.5)), n1, events2: Math.round(n2 * risk), n2 };
}

async function reviewWith(outcomes: number, trials: number, label: string) {
  const review = (await gql('mutation($input: CreateReviewInput!) { createReview(input: $input) { review { id } errors { message } } }', { input: { title: label } })).review;
  const studies = Array.from({ length: trials }, (_, i) => ({ label: `Trial ${i + 1}`, year: 1980 + (i % 45) }));
  const added = await gql('mutation($input: AddStudiesInput!) { addStudies(input: $input) { studies { id } errors { message } } }', { input: { reviewId: review.id, studies } });
  const studyIds: string[] = added.studies.map((s: { id: string }) => s.id);
  const outcomeIds: string[] = [];
  for (let o = 0; o < outcomes; o++) {
    const outcome = (
      await gql('mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { outcome { id } errors { message } } }', {
        input: { reviewId: review.id, name: `Outcome ${o + 1}`, measure: 'OR', model: 'RANDOM', tau2Estimator: 'REML' },
      })
    ).outcome;
    await gql('mutation($input: RecordStudyDataTableInput!) { recordStudyDataTable(input: $input) { outcome { id } errors { message } } }', {
      input: { outcomeId: outcome.id, rows: studyIds.map((studyId) => ({ studyId, ...trial() })) },
    });
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
const recordOne = (outcomeId: string, studyId: string) =>
  gql('mutation($input: RecordStudyDataInput!) { recordStudyData(input: $input) { outcome { version } errors { message } } }', { input: { outcomeId, studyId, ...trial() } });

/** Bytes stored for the analyses of one version of a review. */
async function bytesAtVersion(reviewId: string): Promise<number> {
  const { version } = await database.db.selectFrom('reviews').select('version').where('id', '=', reviewId).executeTakeFirstOrThrow();
  const rows = await database.db.selectFrom('analysis_snapshots').select(['analysis', 'delta']).where('review_id', '=', reviewId).where('version', '=', version).execute();
  return rows.reduce((sum, row) => sum + (row.analysis?.length ?? 0) + (row.delta?.length ?? 0), 0);
}

const line = (what: string, figure: string, target: string) => console.log(`  ${what.padEnd(58)} ${figure.padStart(12)}   target ${target}`);
const ms = (value: number) => `${value.toFixed(1)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

console.log(`Living path at scale, ${values['database-url'] ? 'PostgreSQL' : 'SQLite'} (${writes} timed writes each, ${sustained} sustained):`);
let loadMs = performance.now();
const big = await reviewWith(20, 200, 'Twenty outcomes of 200 trials');
const huge = await reviewWith(1, 1000, 'One outcome of 1,000 trials');
loadMs = performance.now() - loadMs;
line('load (20 × 200 and 1 × 1,000 trials)', `${(loadMs / 1000).toFixed(1)} s`, '–');

const one: number[] = [];
for (let i = 0; i < writes; i++) one.push(await timed(() => recordOne(big.outcomeIds[i % 20], big.studyIds[i % 200])));
line('recordStudyData, k = 200: p50', ms(percentile(one, 50)), '< 15 ms');
line('bytes stored by that one-number edit', kb(await bytesAtVersion(big.reviewId)), '≤ 20 KB');

const thousand: number[] = [];
for (let i = 0; i < writes; i++) thousand.push(await timed(() => recordOne(huge.outcomeIds[0], huge.studyIds[i])));
line('recordStudyData, k = 1,000: p50', ms(percentile(thousand, 50)), '< 60 ms');

const edits: number[] = [];
for (let i = 0; i < Math.min(writes, 10); i++) {
  // A study's year orders cumulative and sequential analyses: every outcome it is in is recomputed.
  edits.push(await timed(() => gql('mutation($input: UpdateStudyInput!) { updateStudy(input: $input) { study { id } errors { message } } }', { input: { studyId: big.studyIds[i], year: 1970 + i } })));
}
line('a study edit across 20 outcomes of 200: p50', ms(percentile(edits, 50)), '< 120 ms');
line('bytes stored by that study edit', kb(await bytesAtVersion(big.reviewId)), '≤ 400 KB');

let started = performance.now();
for (let i = 0; i < sustained; i++) await recordOne(big.outcomeIds[i % 20], big.studyIds[(i * 7) % 200]);
line('sequential writes, k = 200', `${((sustained / (performance.now() - started)) * 1000).toFixed(0)}/s`, '≥ 100/s');

const writers = await Promise.all([1, 2, 3, 4].map((n) => reviewWith(1, 200, `Concurrent writer ${n}`)));
started = performance.now();
await Promise.all(writers.map(async (writer) => {
  for (let i = 0; i < sustained / 4; i++) await recordOne(writer.outcomeIds[0], writer.studyIds[i % 200]);
}));
line('4 concurrent writers to different reviews, k = 200', `${((sustained / (performance.now() - started)) * 1000).toFixed(0)}/s`, 'scaling (PostgreSQL)');
line(`resident memory after ${writes * 2 + edits.length + sustained * 2} writes`, `${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`, '< 300 MB (4,000 writes)');

await events.close();
await database.close();
rmSync(folder, { recursive: true, force: true });
