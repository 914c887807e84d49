// Benchmark (not a test): intake at a realistic size, each figure printed beside its target (issue "Search results in,
// two independent screeners, PRISMA 2020 from the decisions"). The real server in its own process, started as
// `pnpm start` starts it (heap bounded by CUMULUS_HEAP_MB), on a fresh SQLite file (or PostgreSQL with --database-url):
// one RIS export of 20,000 records (about 15 % duplicates of every kind, abstracts included) imported and
// deduplicated in one request, with the server's peak resident memory; then a screener's vote followed by the next
// record of their queue, as the screening page asks for it.
//   node apps/api/dist/bench-intake.js [--records 20000] [--votes 200] [--database-url postgres://…]
import { createDatabase } from '@cumulus/db';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { hashToken } from './auth/viewer.js';
import { startBenchServer } from './bench-server.js';
import { newId } from './domain/ids.js';
import { personRow } from './domain/people.js';

const { values } = parseArgs({ options: { records: { type: 'string', default: '20000' }, votes: { type: 'string', default: '200' }, 'database-url': { type: 'string' } } });
const recordCount = Number(values.records);
const voteCount = Number(values.votes);
const adminToken = 'bench-admin-token';
const folder = mkdtempSync(join(tmpdir(), 'cumulus-bench-intake-'));
const databaseUrl = values['database-url'] ?? join(folder, 'bench.db');

/** Park-Miller: the same records on every run. */
let state = 14_2026;
const random = () => (state = (state * 16807) % 2147483647) / 2147483647;
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
const words = 'stem cells mesenchymal systemic sclerosis adipose derived stromal vascular fraction fibrosis skin ulcers digital randomised trial cohort outcomes safety efficacy injection autologous umbilical cord bone marrow hand function raynaud phenomenon scleroderma lung interstitial disease therapy transplantation'.split(' ');
const surnames = 'Smith Garcia Chen Müller Rossi Dubois Kowalski Tanaka Silva Okafor Novak Jensen Ivanova Haddad Nguyen'.split(' ');
const journals = ['Ann Rheum Dis', 'Arthritis Res Ther', 'Rheumatology (Oxford)', 'Stem Cell Res Ther', 'J Rheumatol', 'Clin Rheumatol'];

interface Paper { title: string; authors: string[]; year: number; journal: string; volume: string; pages: string; doi: string | null; abstract: string }

function paper(i: number): Paper {
  const title = Array.from({ length: 8 + Math.floor(random() * 10) }, () => pick(words)).join(' ');
  return {
    title: `${title[0].toUpperCase()}${title.slice(1)} ${i}`,
    authors: Array.from({ length: 1 + Math.floor(random() * 6) }, () => `${pick(surnames)}, ${String.fromCharCode(65 + Math.floor(random() * 26))}`),
    year: 1990 + Math.floor(random() * 35),
    journal: pick(journals),
    volume: String(1 + Math.floor(random() * 80)),
    pages: `${100 + i % 900}-${110 + i % 900}`,
    doi: random() < 0.8 ? `10.1000/bench.${i}` : null,
    abstract: Array.from({ length: 180 }, () => pick(words)).join(' '),
  };
}

function ris(p: Paper): string {
  return [
    'TY  - JOUR',
    `TI  - ${p.title}`,
    ...p.authors.map((a) => `AU  - ${a}`),
    `PY  - ${p.year}`,
    `JO  - ${p.journal}`,
    `VL  - ${p.volume}`,
    `SP  - ${p.pages}`,
    p.doi ? `DO  - ${p.doi}` : null,
    `AB  - ${p.abstract}`,
    'ER  - ',
    '',
  ]
    .filter((line) => line !== null)
    .join('\n');
}

/** 85 % distinct papers; the rest repeat one: the same DOI in upper case, the title re-punctuated (strict), or a word changed (a near match). */
function searchExport(count: number): string {
  const papers: Paper[] = [];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const roll = random();
    if (papers.length > 10 && roll < 0.15) {
      const original = pick(papers);
      if (roll < 0.07 && original.doi) out.push(ris({ ...original, doi: original.doi.toUpperCase() }));
      else if (roll < 0.12) out.push(ris({ ...original, doi: null, title: `${original.title.replace(/ /, ': ')}.` }));
      else out.push(ris({ ...original, doi: null, journal: 'Conference abstracts', title: original.title.replace(/ \S+ /, ' cells ') }));
    } else {
      const made = paper(i);
      papers.push(made);
      out.push(ris(made));
    }
  }
  return out.join('\n');
}


const server = await startBenchServer({ databaseUrl, adminToken, heapMb: process.env.CUMULUS_HEAP_MB ?? 512 });

/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers read by path */
async function gql(query: string, variables: Record<string, unknown>, token = adminToken): Promise<any> {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: any; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  const payload = Object.values(body.data)[0] as { errors?: { message: string }[] };
  if (payload?.errors?.length) throw new Error(payload.errors.map((e) => e.message).join('; '));
  return payload;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

const review = (await gql('mutation($input: CreateReviewInput!) { createReview(input: $input) { review { id } errors { message } } }', { input: { title: 'Intake benchmark' } })).review;

// Two screeners with personal access tokens, written to the server's database as an administrator would set them up.
const database = createDatabase({ url: databaseUrl });
const screeners: string[] = [];
for (const name of ['Ann', 'Ben']) {
  const at = new Date().toISOString();
  const user = personRow({ email: `${name.toLowerCase()}@bench.example`, displayName: name, orcid: null, passwordHash: null, confirmedAt: at, createdAt: at });
  await database.db.insertInto('users').values(user).execute();
  const secret = `cumulus_pat_${randomBytes(18).toString('hex')}`;
  await database.db
    .insertInto('api_tokens')
    .values({ id: newId(), name, token_hash: hashToken(secret), role: 'maintainer', review_id: null, created_at: at, revoked_at: null, user_id: user.id, expires_at: null, scope_review_ids: null, scope_roles: null })
    .execute();
  await database.db.insertInto('review_members').values({ review_id: review.id, user_id: user.id, role: 'screener', added_by: null, created_at: at }).execute();
  screeners.push(secret);
}
await database.close();

const content = searchExport(recordCount);
const baseline = server.rssMb();
let peak = baseline;
const sampler = setInterval(() => (peak = Math.max(peak, server.rssMb())), 20);
const started = performance.now();
const imported = await gql(
  'mutation($input: ImportSearchInput!) { importSearch(input: $input) { records duplicates possibleDuplicates newRecords errors { message } } }',
  { input: { reviewId: review.id, source: 'Embase', searchedOn: '2026-11-30', fileName: 'embase.ris', content } },
);
const importSeconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, server.rssMb());

// A screener's rhythm: vote on the record shown, then ask for the next ones (the page keeps the next record loaded,
// so this is what must come back before the one after it is needed).
const queueQuery = 'query($id: ID!) { review(id: $id) { screeningQueue(stage: TITLE_ABSTRACT, first: 3) { id title authors year journal abstract } screeningProgress(stage: TITLE_ABSTRACT) { myQueue } } }';
const vote = 'mutation($input: CastScreeningVoteInput!) { castScreeningVote(input: $input) { record { id titleAbstractStatus } errors { message } } }';
const latencies: number[] = [];
let queue = (await gql(queueQuery, { id: review.id }, screeners[0])).screeningQueue as { id: string }[];
for (let i = 0; i < voteCount && queue.length > 0; i++) {
  const t0 = performance.now();
  await gql(vote, { input: { recordId: queue[0].id, stage: 'TITLE_ABSTRACT', decision: random() < 0.2 ? 'INCLUDE' : 'EXCLUDE' } }, screeners[0]);
  queue = (await gql(queueQuery, { id: review.id }, screeners[0])).screeningQueue;
  latencies.push(performance.now() - t0);
}
latencies.sort((a, b) => a - b);
const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];

const rows: [string, string, string][] = [
  [`import and deduplicate ${recordCount.toLocaleString('en')} records (${(content.length / 1e6).toFixed(1)} MB RIS) in one request`, `${importSeconds.toFixed(1)} s`, '< 30 s'],
  ['  records / duplicates / possible duplicates / new', `${imported.records} / ${imported.duplicates} / ${imported.possibleDuplicates} / ${imported.newRecords}`, '≈ 15 % repeated'],
  ['server peak RSS during the import (baseline before)', `${peak.toFixed(0)} MB (${baseline.toFixed(0)} MB)`, `within the heap limit, ${process.env.CUMULUS_HEAP_MB ?? 512} MB (CUMULUS_HEAP_MB)`],
  [`vote → next records of my queue, p50 (${latencies.length} votes)`, `${percentile(50).toFixed(1)} ms`, '< 100 ms'],
  ['vote → next records of my queue, p95', `${percentile(95).toFixed(1)} ms`, '< 100 ms'],
];
console.log(`\nIntake benchmark (${values['database-url'] ? 'PostgreSQL' : 'SQLite'}, the server in its own process)`);
for (const [what, measured, target] of rows) console.log(`${what.padEnd(72)} ${measured.padStart(22)}   target ${target}`);

await server.stop();
rmSync(folder, { recursive: true, force: true });
