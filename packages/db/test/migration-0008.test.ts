// Migration 0008 (compact snapshots) on a database that already holds many versions: every version's analysis is
// rebuilt afterwards with exactly the JSON text it had, most of them now stored as small deltas, checkpoints at most
// CHECKPOINT_EVERY apart; going back down writes every delta out as the same text again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECKPOINT_EVERY, createDatabase, migrations, probeDatabase, rebuildAnalysis, type CumulusDatabase, type DatabaseConfig, type StoredSnapshot } from '../src/index.js';

const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const directory = mkdtempSync(join(tmpdir(), 'cumulus-db-0008-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const postgresProbe = await probeDatabase({ url: postgresUrl });
if (!postgresProbe.reachable) console.warn(`[skipped] migration 0008 on PostgreSQL: ${postgresProbe.reason}`);

const dialects: { name: string; config: () => DatabaseConfig & { schema?: string }; skip: boolean }[] = [
  { name: 'SQLite file', config: () => ({ url: join(directory, 'at-0007.db') }), skip: false },
  { name: 'PostgreSQL', config: () => ({ url: postgresUrl, schema: `test_db_0008_${process.pid}_${Date.now()}` }), skip: !postgresProbe.reachable },
];

const at = '2024-01-01T00:00:00.000Z';
const VERSIONS = 80;

/** An analysis of `k` studies as the engine shapes one, its numbers moving a little from version to version. */
function analysisAt(version: number, k: number) {
  const yi = Array.from({ length: k }, (_, i) => Math.log(0.6 + ((i * 37 + version) % 50) / 60));
  const tau2 = 0.01 + version / 1e4;
  return {
    k,
    studies: yi.map((y, i) => ({ id: `s${i}`, yi: y, vi: 1 / (20 + i), weight: 100 / (k + tau2 * i) })),
    fit: { estimate: yi.reduce((a, b) => a + b, 0) / k, tau2, I2: 100 * tau2 / (tau2 + 0.05) },
    leaveOneOut: { estimate: yi.map((y) => (y * (k - 1)) / k + tau2), tau2: yi.map(() => tau2 * 0.97) },
    notes: version % 10 === 0 ? [`version ${version}`] : [],
  };
}

async function databaseAt0007(database: CumulusDatabase, schema: string | undefined): Promise<string[]> {
  const db = database.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async (): Promise<Record<string, Migration>> => Object.fromEntries(migrations) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error } = await migrator.migrateTo('0007-other-data-tables');
  expect(error).toBeUndefined();
  await db.insertInto('reviews').values({ id: 'r1', title: 'Living', status: 'active', version: VERSIONS, is_public: 1, created_at: at, updated_at: at }).execute();
  const outcome = (id: string) => ({
    id, review_id: 'r1', name: id, data_type: 'binary', measure: 'OR', model: 'random', method: 'IV', tau2_estimator: 'REML', ci_method: 'z',
    preset: 'metafor', evidence_settings: '{}', created_version: 1, version: VERSIONS, created_at: at, updated_at: at,
  });
  await db.insertInto('outcomes').values([outcome('o1'), outcome('o2')]).execute();
  const texts: string[] = [];
  for (let version = 1; version <= VERSIONS; version++) {
    // o1: no data at first, then 5 studies, one more every 20 versions (a change of shape); o2: 30 studies.
    const o1 = version < 3 ? null : JSON.stringify(analysisAt(version, 5 + Math.floor(version / 20)));
    const o2 = JSON.stringify(analysisAt(version, 30));
    texts.push(o1 ?? 'null', o2);
    await db
      .insertInto('analysis_snapshots')
      .values([
        { id: `o1-${version}`, outcome_id: 'o1', review_id: 'r1', version, analysis: o1, k: o1 ? 5 : 0, estimate: null, ci_lower: null, ci_upper: null, p_value: null, created_at: at },
        { id: `o2-${version}`, outcome_id: 'o2', review_id: 'r1', version, analysis: o2, k: 30, estimate: null, ci_lower: null, ci_upper: null, p_value: null, created_at: at },
      ])
      .execute();
  }
  return texts;
}

/** Every version's analysis as JSON text, each rebuilt on its own from the stored columns. */
async function rebuiltTexts(database: CumulusDatabase): Promise<string[]> {
  const rows = await database.db.selectFrom('analysis_snapshots').select(['id', 'outcome_id', 'version', 'analysis', 'delta', 'base_id', 'chain']).orderBy('version').orderBy('outcome_id').execute();
  return rows.map((row) => {
    const chain: StoredSnapshot[] = rows.filter((r) => r.outcome_id === row.outcome_id && r.version <= row.version && r.version >= row.version - row.chain);
    return JSON.stringify(rebuildAnalysis(chain, () => undefined).analysis);
  });
}

describe.each(dialects)('migration 0008 on $name', ({ config, skip }) => {
  it.skipIf(skip)('stores old versions as deltas, each rebuilt to exactly its JSON text, and writes them out again going down', async () => {
    const { schema, ...rest } = config();
    const database = createDatabase({ ...rest, schema });
    try {
      const texts = await databaseAt0007(database, schema);
      const bytesBefore = texts.reduce((sum, text) => sum + (text === 'null' ? 0 : text.length), 0);

      const { error, results } = await database.migrate();
      expect(error).toBeUndefined();
      // Later migrations run too; these are the ones this test is about.
      expect(results?.filter((r) => r.migrationName <= '0008-compact-snapshots').map((r) => [r.migrationName, r.status])).toEqual([['0008-compact-snapshots', 'Success']]);
      expect(await rebuiltTexts(database)).toEqual(texts);

      const stored = await database.db.selectFrom('analysis_snapshots').select(['analysis', 'delta', 'chain']).execute();
      const bytesAfter = stored.reduce((sum, row) => sum + (row.analysis?.length ?? 0) + (row.delta?.length ?? 0), 0);
      expect(stored.filter((row) => row.delta !== null).length).toBeGreaterThan(stored.length * 0.8);
      expect(Math.max(...stored.map((row) => row.chain))).toBe(CHECKPOINT_EVERY - 1);
      expect(bytesAfter).toBeLessThan(bytesBefore / 4);

      // Down: the texts are whole again, and the columns gone.
      const migrator = new Migrator({
        db: database.db,
        provider: { getMigrations: async (): Promise<Record<string, Migration>> => Object.fromEntries(migrations) },
        ...(schema ? { migrationTableSchema: schema } : {}),
      });
      expect((await migrator.migrateTo('0007-other-data-tables')).error).toBeUndefined();
      const down = await (database.db as unknown as Kysely<Record<string, Record<string, unknown>>>)
        .selectFrom('analysis_snapshots')
        .selectAll()
        .orderBy('version')
        .orderBy('outcome_id')
        .execute();
      expect(down.map((row) => row.analysis ?? 'null')).toEqual(texts);
      expect(Object.keys(down[0])).not.toContain('delta');
    } finally {
      await database.drop();
      await database.close();
    }
  });
});
