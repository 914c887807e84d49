// What the migration tests share: an SQLite file and a fresh PostgreSQL schema (skipped, and said, when PostgreSQL
// cannot be reached), and a migrator that can stop at any migration.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { afterAll } from 'vitest';
import { migrations, probeDatabase, type CumulusDatabase, type DatabaseConfig } from '../src/index.js';

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
