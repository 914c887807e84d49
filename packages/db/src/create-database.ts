// One entry point that picks the dialect: PostgreSQL for postgres:// URLs, otherwise an SQLite file.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  NO_MIGRATIONS,
  PostgresDialect,
  SqliteDialect,
  type SqliteDatabase,
  sql,
  type MigrationResultSet,
  type Migration,
  type MigrationProvider,
  type Compilable,
} from 'kysely';
import pg from 'pg';
import { migrations } from './migrations.js';
import { writesTogether } from './writes-together.js';
import type { Database } from './schema.js';

export const defaultDatabasePath = './data/cumulus.db';

/** How long a statement waits for another connection's lock (reads in WAL mode rarely wait at all). */
const busyTimeoutMs = 10_000;

export interface DatabaseConfig {
  /** `postgres://…` for PostgreSQL; otherwise a path to an SQLite file (default ./data/cumulus.db). */
  url?: string | undefined;
  /** PostgreSQL only: the schema to live in (created by `migrate`). Tests use a fresh one per run. */
  schema?: string | undefined;
  /** PostgreSQL only: connections in the pool. */
  poolSize?: number | undefined;
}

export interface CumulusDatabase {
  readonly db: Kysely<Database>;
  /** Where the data lives, in words, for start-up logs. */
  readonly description: string;
  /** Brings the schema up to date. Returns the migrator's result instead of throwing. */
  migrate(): Promise<MigrationResultSet>;
  /**
   * Runs `work` in one transaction that holds the write lock of `reviewId` (or of the whole database for
   * SQLite), so concurrent writers to one review run one after the other and never lose an update. With `null`,
   * PostgreSQL takes no lock first: `work`'s own first statement takes the row locks it needs (an update of the
   * review's row, as a change of the review begins, locks it as surely and in the same round trip).
   */
  writeTransaction<T>(reviewId: string | null, work: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /**
   * Runs writes of one transaction that do not read what another of them writes (inserts, updates), in this order on
   * SQLite and in one statement, one round trip, on PostgreSQL (writes-together.ts).
   */
  executeTogether(trx: Kysely<Database>, writes: readonly Compilable[]): Promise<void>;
  /** Removes everything this database holds: all tables (SQLite) or the whole schema (PostgreSQL). */
  drop(): Promise<void>;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//.test(url);
}

export function createDatabase(config: DatabaseConfig = {}): CumulusDatabase {
  return isPostgresUrl(config.url) ? createPostgres(config.url, config) : createSqlite(config.url ?? defaultDatabasePath);
}

const provider: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(migrations);
  },
};

const statementCacheSize = 500;

/**
 * The connection as Kysely's SQLite dialect sees it, with prepared statements reused by SQL text: Kysely
 * prepares every query anew, and preparing costs more than running the short reads the API serves.
 */
function withStatementCache(connection: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => connection.close(),
    prepare(sqlText: string) {
      let statement = statements.get(sqlText);
      if (!statement) {
        statement = connection.prepare(sqlText);
        if (statements.size >= statementCacheSize) statements.delete(statements.keys().next().value as string);
        statements.set(sqlText, statement);
      }
      return statement;
    },
  };
}

function createSqlite(path: string): CumulusDatabase {
  const inMemory = path === ':memory:';
  const file = inMemory ? path : resolve(path);
  if (!inMemory) mkdirSync(dirname(file), { recursive: true });
  const connection = new BetterSqlite3(file);
  connection.pragma('journal_mode = WAL');
  connection.pragma('foreign_keys = ON');
  // Another process holding the write lock makes us wait rather than fail.
  connection.pragma(`busy_timeout = ${busyTimeoutMs}`);
  // An acknowledged write must survive a crash of the machine, not only of the process.
  connection.pragma('synchronous = FULL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(connection) }) });
  const migrator = new Migrator({ db, provider });

  return {
    db,
    description: `SQLite ${file}`,
    migrate: () => migrator.migrateToLatest(),
    // Kysely's SQLite driver serialises its single connection within the process; BEGIN IMMEDIATE takes the
    // database's write lock up front, so writers in other processes (or instances) queue instead of failing late.
    async writeTransaction(_reviewId, work) {
      const deadline = Date.now() + writeLockTimeoutMs;
      for (let attempt = 0; ; attempt++) {
        const outcome = await db.connection().execute(async (conn) => {
          if (!tryBeginImmediate(connection)) return { locked: true as const };
          try {
            const result = await work(conn);
            await sql`commit`.execute(conn);
            return { locked: false as const, result };
          } catch (error) {
            if (connection.inTransaction) await sql`rollback`.execute(conn);
            throw error;
          }
        });
        if (!outcome.locked) return outcome.result;
        if (Date.now() > deadline) throw new Error(`the database stayed locked by another writer for ${writeLockTimeoutMs / 1000} s`);
        // Wait without blocking the event loop (a busy timeout would block it, and with it the lock holder
        // when that is another connection in this process).
        await new Promise((resolve) => setTimeout(resolve, Math.min(50, 2 ** attempt) + Math.random() * 5));
      }
    },
    async executeTogether(trx, writes) {
      // One statement each: a round trip to an embedded database costs next to nothing.
      for (const write of writes) await trx.executeQuery(write.compile());
    },
    async drop() {
      await migrator.migrateTo(NO_MIGRATIONS);
      await sql`drop table if exists kysely_migration`.execute(db);
      await sql`drop table if exists kysely_migration_lock`.execute(db);
    },
    close: () => db.destroy(),
  };
}

const writeLockTimeoutMs = 30_000;

/** BEGIN IMMEDIATE without waiting: false when another connection holds the write lock. */
function tryBeginImmediate(connection: BetterSqlite3.Database): boolean {
  connection.pragma('busy_timeout = 0');
  try {
    connection.exec('begin immediate');
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return false;
    throw error;
  } finally {
    connection.pragma(`busy_timeout = ${busyTimeoutMs}`);
  }
}

function createPostgres(url: string, config: DatabaseConfig): CumulusDatabase {
  const schema = config.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid PostgreSQL schema name '${schema}'`);
  const pool = new pg.Pool({ connectionString: url, max: config.poolSize ?? 10 });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool,
      onCreateConnection: async (conn) => {
        // The name is checked against a strict pattern above, so quoting it is enough.
        await conn.executeQuery(CompiledQuery.raw(`set search_path to "${schema}"`));
      },
    }),
  });
  const migrator = new Migrator({ db, provider, migrationTableSchema: schema });
  const where = new URL(url);

  return {
    db,
    description: `PostgreSQL ${where.host}${where.pathname}${schema === 'public' ? '' : ` (schema ${schema})`}`,
    async migrate() {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
      return migrator.migrateToLatest();
    },
    writeTransaction: (reviewId, work) =>
      db.transaction().execute(async (trx) => {
        // The review row is the lock: a second writer waits here until the first commits, then reads its version.
        if (reviewId !== null) await trx.selectFrom('reviews').select('id').where('id', '=', reviewId).forUpdate().execute();
        return work(trx);
      }),
    async executeTogether(trx, writes) {
      const compiled = writes.map((write) => write.compile());
      const together = writesTogether(compiled);
      if (together) await trx.executeQuery(together);
      else for (const write of compiled) await trx.executeQuery(write);
    },
    async drop() {
      if (schema === 'public') {
        await migrator.migrateTo(NO_MIGRATIONS);
        await sql`drop table if exists kysely_migration, kysely_migration_lock`.execute(db);
      } else {
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
      }
    },
    close: () => db.destroy(),
  };
}

/** Whether the database can be reached, and if not, why (tests print the reason when they skip). */
export async function probeDatabase(config: DatabaseConfig): Promise<{ reachable: true } | { reachable: false; reason: string }> {
  if (!isPostgresUrl(config.url)) return { reachable: true };
  const client = new pg.Client({ connectionString: config.url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return { reachable: true };
  } catch (error) {
    return { reachable: false, reason: `PostgreSQL at ${config.url} is not reachable: ${(error as Error).message}` };
  } finally {
    await client.end().catch(() => undefined);
  }
}
