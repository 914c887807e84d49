// Migration 0006 (study data rows) on a database that already holds a review: every review, study, row of
// numbers, snapshot and change is kept; rows are numbered in their studies' order; a study may then have a
// second row in one outcome.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, migrations, probeDatabase, type CumulusDatabase, type DatabaseConfig } from '../src/index.js';

const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const directory = mkdtempSync(join(tmpdir(), 'cumulus-db-0006-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const postgresProbe = await probeDatabase({ url: postgresUrl });
if (!postgresProbe.reachable) console.warn(`[skipped] migration 0006 on PostgreSQL: ${postgresProbe.reason}`);

const dialects: { name: string; config: () => DatabaseConfig & { schema?: string }; skip: boolean }[] = [
  { name: 'SQLite file', config: () => ({ url: join(directory, 'at-0005.db') }), skip: false },
  {
    name: 'PostgreSQL',
    config: () => ({ url: postgresUrl, schema: `test_db_0006_${process.pid}_${Date.now()}` }),
    skip: !postgresProbe.reachable,
  },
];

const at = '2024-01-01T00:00:00.000Z';
const numbers = { events1: null, n1: null, events2: null, n2: null, mean1: null, sd1: null, mean2: null, sd2: null, mean_before: null, sd_before: null, mean_after: null, sd_after: null, n: null, yi: null, sei: null, estimate: null, ci_lower: null, ci_upper: null };

/** The database as migration 0005 left it, holding a review with three studies, two outcomes, their numbers, snapshots and changes. */
async function databaseAt0005(database: CumulusDatabase, schema: string | undefined): Promise<void> {
  const db = database.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async (): Promise<Record<string, Migration>> => Object.fromEntries(migrations) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateTo('0005-study-positions');
  expect(error).toBeUndefined();
  expect(results?.map((r) => r.migrationName)).toEqual(['0001-initial', '0002-outcome-evidence-settings', '0003-conclusion-alerts-and-webhooks', '0004-snapshot-header-index', '0005-study-positions']);

  await db.insertInto('reviews').values({ id: 'r1', title: 'Magnesium', status: 'active', version: 4, is_public: 1, created_at: at, updated_at: at }).execute();
  const study = (id: string, label: string, createdVersion: number, createdPosition: number) => ({
    id, review_id: 'r1', label, characteristics: '{"dose":"8 g"}', created_version: createdVersion, created_position: createdPosition, created_at: at, updated_at: at,
  });
  // Inserted out of order: their order in the review is (created_version, created_position).
  await db.insertInto('studies').values([study('s3', 'Third 2003', 2, 1), study('s1', 'First 2001', 1, 0), study('s2', 'Second 2002', 2, 0)]).execute();
  const outcome = (id: string, name: string) => ({
    id, review_id: 'r1', name, data_type: 'binary', measure: 'OR', model: 'random', method: 'IV', tau2_estimator: 'REML', ci_method: 'z',
    preset: 'metafor', evidence_settings: '{}', created_version: 1, version: 3, created_at: at, updated_at: at,
  });
  await db.insertInto('outcomes').values([outcome('o1', 'Deaths'), outcome('o2', 'Arrhythmia')]).execute();
  const data = (id: string, outcomeId: string, studyId: string, events1: number, subgroup: string | null) => ({
    ...numbers, id, outcome_id: outcomeId, study_id: studyId, events1, n1: 100, events2: 20, n2: 100, subgroup, source: `table ${id}`, version: 3, created_at: at, updated_at: at,
  });
  await db
    .insertInto('study_data')
    .values([data('d-c', 'o1', 's3', 7, 'high dose'), data('d-a', 'o1', 's1', 5, null), data('d-b', 'o1', 's2', 6, null), data('d-z', 'o2', 's2', 1, null)])
    .execute();
  const snapshot = (id: string, outcomeId: string, version: number, analysis: string | null, k: number) => ({
    id, outcome_id: outcomeId, review_id: 'r1', version, analysis, k, estimate: k > 0 ? 0.5 : null, ci_lower: k > 0 ? 0.3 : null, ci_upper: k > 0 ? 0.8 : null, p_value: k > 0 ? 0.01 : null, created_at: at,
  });
  await db
    .insertInto('analysis_snapshots')
    .values([
      snapshot('a1', 'o1', 1, null, 0),
      snapshot('a2', 'o1', 3, JSON.stringify({ k: 3, studies: [{ id: 's1' }, { id: 's2' }, { id: 's3' }] }), 3),
      snapshot('a3', 'o2', 3, JSON.stringify({ k: 1, studies: [{ id: 's2' }] }), 1),
    ])
    .execute();
  await db
    .insertInto('change_log')
    .values([1, 2, 3, 4].map((version) => ({ id: `c${version}`, review_id: 'r1', version, actor: 'test', action: 'recordStudyData', summary: `change ${version}`, outcome_ids: '["o1"]', details: null, created_at: at })))
    .execute();
}

const everything = async (database: CumulusDatabase) => {
  const db = database.db;
  return {
    reviews: await db.selectFrom('reviews').selectAll().orderBy('id').execute(),
    studies: await db.selectFrom('studies').selectAll().orderBy('id').execute(),
    outcomes: await db.selectFrom('outcomes').selectAll().orderBy('id').execute(),
    studyData: await db.selectFrom('study_data').selectAll().orderBy('id').execute(),
    snapshots: await db.selectFrom('analysis_snapshots').selectAll().orderBy('id').execute(),
    changes: await db.selectFrom('change_log').selectAll().orderBy('id').execute(),
  };
};

describe.each(dialects)('migration 0006 on $name', ({ config, skip }) => {
  it.skipIf(skip)('keeps every review, study, row, snapshot and version, numbers rows in study order, and lets a study have several rows', async () => {
    const { schema, ...rest } = config();
    const database = createDatabase({ ...rest, schema });
    try {
      await databaseAt0005(database, schema);
      const before = await everything(database);
      expect(before.studyData).toHaveLength(4);

      const { error, results } = await database.migrate();
      expect(error).toBeUndefined();
      // Later migrations run too; these are the ones this test is about.
      expect(results?.filter((r) => r.migrationName <= '0008-compact-snapshots').map((r) => [r.migrationName, r.status])).toEqual([
        ['0006-study-data-rows', 'Success'],
        ['0007-other-data-tables', 'Success'],
        ['0008-compact-snapshots', 'Success'],
      ]);
      const after = await everything(database);

      expect(after.reviews).toEqual(before.reviews);
      expect(after.studies).toEqual(before.studies);
      // Each outcome's first analysis is a checkpoint: stored whole, as it was (0008).
      expect(after.snapshots).toEqual(before.snapshots.map((snapshot) => ({ ...snapshot, delta: null, base_id: null, chain: 0 })));
      // Old change-log entries name no user (0009).
      expect(after.changes).toEqual(before.changes.map((change) => ({ ...change, actor_user_id: null })));
      expect(after.outcomes).toEqual(before.outcomes.map((o) => ({ ...o, totals: 'all', unit_of_analysis: 'flag' })));
      // Rows numbered within each outcome by their study's (created_version, created_position): s1, s2, s3.
      const positions: Record<string, number> = { 'd-a': 0, 'd-b': 1, 'd-c': 2, 'd-z': 0 };
      // Rows typed or imported before 0011 have no provenance.
      expect(after.studyData).toEqual(before.studyData.map((row) => ({ ...row, label: null, position: positions[row.id as string], provenance: null })));

      // The unique (outcome, study) index is gone: a multi-arm trial gets a second, labelled row.
      await database.db
        .insertInto('study_data')
        .values({ ...numbers, id: 'd-a2', outcome_id: 'o1', study_id: 's1', events1: 4, n1: 100, events2: 20, n2: 100, subgroup: null, label: 'low dose', position: 3, source: null, version: 5, created_at: at, updated_at: at })
        .execute();
      const rows = await database.db
        .selectFrom('study_data')
        .innerJoin('studies', 'studies.id', 'study_data.study_id')
        .select(['study_data.id', 'study_data.label'])
        .where('study_data.outcome_id', '=', 'o1')
        .orderBy('studies.created_version')
        .orderBy('studies.created_position')
        .orderBy('study_data.position')
        .execute();
      expect(rows).toEqual([
        { id: 'd-a', label: null },
        { id: 'd-a2', label: 'low dose' },
        { id: 'd-b', label: null },
        { id: 'd-c', label: null },
      ]);
      // Outcomes store the new settings.
      await database.db
        .insertInto('outcomes')
        .values({ ...before.outcomes[0], id: 'o3', name: 'Stroke', totals: 'subgroups', unit_of_analysis: 'combine-groups' })
        .execute();
      expect(await database.db.selectFrom('outcomes').select(['totals', 'unit_of_analysis']).where('id', '=', 'o3').executeTakeFirstOrThrow()).toEqual({
        totals: 'subgroups',
        unit_of_analysis: 'combine-groups',
      });
    } finally {
      await database.drop();
      await database.close();
    }
  });
});
