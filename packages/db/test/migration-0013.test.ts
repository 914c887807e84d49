// Migration 0013 (a snapshot's delta stored without a compression attempt) on a database at the migration before it
// that holds a snapshot stored as a delta: on PostgreSQL the column's storage becomes EXTERNAL and back to EXTENDED
// going down; in both dialects every delta, stored before or after, reads back byte for byte and rebuilds its analysis.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { decodeSnapshotDelta, encodeSnapshotDelta, migrations, type CumulusDatabase } from '../src/index.js';
import { databaseBefore, migrationDialects, outcomeRow } from './migration-harness.js';

const dialects = await migrationDialects('0013');

const at = '2024-01-01T00:00:00.000Z';
const names = migrations.map(([name]) => name);
const before = names[names.indexOf('0013-delta-storage') - 1];

/** An analysis of many numbers, as a delta stores it: big enough (about 20 KB) to be stored out of line. */
const analysisOf = (shift: number) => ({ k: 2000, yi: Array.from({ length: 2000 }, (_, i) => Math.sin(i + shift) / 3), note: `shift ${shift}` });
const base = analysisOf(0);

/** How PostgreSQL stores the delta column: 'x' extended (compressed when it shrinks), 'e' external (as it is). */
async function deltaStorageOf(database: CumulusDatabase, schema: string): Promise<string> {
  const table = `"${schema}".analysis_snapshots`;
  // attstorage is a one-byte "char": read as text.
  const { rows } = await sql<{ storage: string }>`select attstorage::text as storage from pg_attribute where attrelid = ${table}::regclass and attname = 'delta'`.execute(database.db);
  return rows[0].storage;
}

describe.each(dialects)('migration 0013 on $name', ({ name, config, skip }) => {
  it.skipIf(skip)('stores deltas as they are on PostgreSQL, every delta reading back the same, and goes back down', async () => {
    const { database, db, migrator, schema } = await databaseBefore(config, before);
    try {
      await db.insertInto('reviews').values({ id: 'r1', title: 'Seed', status: 'active', version: 3, is_public: 1, created_at: at, updated_at: at }).execute();
      await database.db.insertInto('outcomes').values(outcomeRow({ id: 'o1', review_id: 'r1', name: 'Deaths', data_type: 'binary', measure: 'OR' }, at)).execute();
      const snapshot = (version: number, delta: Uint8Array | null) => ({
        id: `a${version}`, outcome_id: 'o1', review_id: 'r1', version, analysis: delta === null ? JSON.stringify(base) : null, delta, base_id: delta === null ? null : 'a1',
        chain: delta === null ? 0 : 1, k: 2000, estimate: 1, ci_lower: 0.5, ci_upper: 2, p_value: 0.5, created_at: at,
      });
      const earlier = encodeSnapshotDelta(base, analysisOf(1));
      expect(earlier.length).toBeGreaterThan(8 * 1024);
      await database.db.insertInto('analysis_snapshots').values([snapshot(1, null), snapshot(2, earlier)]).execute();

      const { error, results } = await migrator.migrateTo('0013-delta-storage');
      expect(error).toBeUndefined();
      expect(results?.map((r) => [r.migrationName, r.status])).toEqual([['0013-delta-storage', 'Success']]);
      if (name === 'PostgreSQL') expect(await deltaStorageOf(database, schema!)).toBe('e');

      const later = encodeSnapshotDelta(base, analysisOf(2));
      await database.db.insertInto('analysis_snapshots').values(snapshot(3, later)).execute();
      const stored = await database.db.selectFrom('analysis_snapshots').select(['version', 'delta']).orderBy('version').execute();
      expect(stored.map((row) => row.delta && Buffer.from(row.delta).equals(Buffer.from(row.version === 2 ? earlier : later)))).toEqual([null, true, true]);
      expect(decodeSnapshotDelta(base, stored[2].delta!)).toEqual(analysisOf(2));

      expect((await migrator.migrateTo(before)).error).toBeUndefined();
      if (name === 'PostgreSQL') expect(await deltaStorageOf(database, schema!)).toBe('x');
      const after = await database.db.selectFrom('analysis_snapshots').select(['version', 'delta']).orderBy('version').execute();
      expect(after.map((row) => row.delta && Buffer.from(row.delta).toString('base64'))).toEqual(stored.map((row) => row.delta && Buffer.from(row.delta).toString('base64')));
    } finally {
      await database.drop();
      await database.close();
    }
  });
});
