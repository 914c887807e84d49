// What the migration tests share: an SQLite file and a fresh PostgreSQL schema (skipped, and said, when PostgreSQL
// cannot be reached), and a migrator that can stop at any migration.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { afterAll } from 'vitest';
import { createDatabase, migrations, probeDatabase, type CumulusDatabase, type DatabaseConfig } from '../src/index.js';

export type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

export const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The two dialects a migration is tested on, named for `describe.each`. */
export async function migrationDialects(migration: string): Promise<{ name: string; config: () => DatabaseConfig & { schema?: string }; skip: boolean }[]> {
  const directory = mkdtempSync(join(tmpdir(), `cumulus-db-${migration}-`));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const probe = await probeDatabase({ url: postgresUrl });
  if (!probe.reachable) console.warn(`[skipped] migration ${migration} on PostgreSQL: ${probe.reason}`);
  return [
    { name: 'SQLite file', config: () => ({ url: join(directory, `before-${migration}.db`) }), skip: false },
    { name: 'PostgreSQL', config: () => ({ url: postgresUrl, schema: `test_db_${migration}_${process.pid}_${Date.now()}` }), skip: !probe.reachable },
  ];
}

/** A migrator over every migration of the product, for migrating to a given one; creates the schema when given. */
export async function migratorOf(database: CumulusDatabase, schema?: string): Promise<{ db: AnyDb; migrator: Migrator }> {
  const db = database.db as unknown as AnyDb;
  if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async (): Promise<Record<string, Migration>> => Object.fromEntries(migrations) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  return { db, migrator };
}

/** An outcome's row with every column the schema has had since migration 0006, the ones given and defaults for the rest. */
export function outcomeRow(values: { id: string; review_id: string; name: string; data_type: 'binary' | 'continuous'; measure: string }, at: string) {
  return {
    description: null, model: 'random', method: 'IV', tau2_estimator: 'REML', ci_method: 'Z', preset: 'default', subgroup_variable: null, timepoint: null,
    pre_post_correlation: null, pre_post_direction: null, evidence_settings: '{}', totals: 'all', unit_of_analysis: 'flag', created_version: 1, version: 1,
    created_at: at, updated_at: at, ...values,
  } as const;
}

/** A database of a dialect (`config` from migrationDialects) migrated up to the migration `before`, with its migrator. */
export async function databaseBefore(config: () => DatabaseConfig & { schema?: string }, before: string): Promise<{ database: CumulusDatabase; db: AnyDb; migrator: Migrator; schema?: string }> {
  const { schema, ...rest } = config();
  const database = createDatabase({ ...rest, schema });
  const { db, migrator } = await migratorOf(database, schema);
  const { error } = await migrator.migrateTo(before);
  if (error) {
    await database.close();
    throw error;
  }
  return { database, db, migrator, schema };
}
