// Benchmark (not a test): previewing and importing a RevMan 5 review as large as the largest real one we measured
// (591 studies, 113 analyses, about 4 MB; tooling/bench/large-revman-review.mjs makes it), through the real schema
// (yoga.fetch) on a fresh SQLite file, or PostgreSQL with --database-url (an empty database you own).
//   node apps/api/dist/bench-import-revman.js [--runs 3] [--database-url postgres://…]
import { createDatabase } from '@cumulus/db';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from './app.js';
import { createEventBus } from './events.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, 'database-url': { type: 'string' } } });
const runs = Number(values.runs);
const token = 'bench-admin-token';

// The generator is a plain script shared with the dashboard's benchmark.
const { largeRevManReview } = (await import(new URL('../../../tooling/bench/large-revman-review.mjs', import.meta.url).href)) as {
  largeRevManReview: () => string;
};
const rm5 = largeRevManReview();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

const previews: number[] = [];
const imports: number[] = [];
let summary = '';
for (let run = 0; run < runs; run++) {
  const folder = mkdtempSync(join(tmpdir(), 'cumulus-bench-import-'));
  const database = createDatabase({ url: values['database-url'] ?? join(folder, 'bench.db') });
  const migration = await database.migrate();
  if (migration.error) throw migration.error;
  const events = createEventBus({});
  const yoga = createApp({ database, events, adminToken: token, anonymousRateLimit: null });
  const gql = async (query: string) => {
    const response = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables: { input: { rm5 } } }),
    });
    return (await response.json()) as { data: Record<string, { errors: unknown[] } & Record<string, unknown>> };
  };
  const [preview, previewMs] = await timed(() => gql('query($input: ImportRevManReviewInput!) { previewRevManImport(input: $input) { studies rows analyses { name } errors { message } } }'));
  const [imported, importMs] = await timed(() => gql('mutation($input: ImportRevManReviewInput!) { importRevManReview(input: $input) { review { id } errors { message } } }'));
  for (const result of [preview.data.previewRevManImport, imported.data.importRevManReview]) {
    if (result.errors.length > 0) throw new Error(`refused: ${JSON.stringify(result.errors).slice(0, 500)}`);
  }
  previews.push(previewMs);
  imports.push(importMs);
  const p = preview.data.previewRevManImport as unknown as { studies: number; rows: number; analyses: unknown[] };
  summary = `${(rm5.length / 1e6).toFixed(1)} MB, ${p.studies} studies, ${p.analyses.length} analyses, ${p.rows} data rows (largest analysis 300 rows)`;
  await events.close();
  await database.close();
  rmSync(folder, { recursive: true, force: true });
}

console.log(`RevMan import of a large review (${summary}), ${values['database-url'] ? 'PostgreSQL' : 'SQLite'}, median of ${runs}:`);
console.log(`  preview (parse, plan, analyse every outcome, compare with RevMan): ${median(previews).toFixed(0)} ms`);
console.log(`  import (review, studies, outcomes, rows, analyses stored in one change): ${median(imports).toFixed(0)} ms`);
console.log(`  peak resident memory: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
