// Migration 0013: on PostgreSQL, a snapshot's delta is stored out of line without trying to compress it. A delta is
// already packed bits (snapshot-codec.ts) that pglz cannot shrink, so PostgreSQL's default storage tried, failed and
// stored it as it was: on every write, about 0.6 ms of a 20 KB delta's insert (measured on the living-path benchmark's
// one-number edits). Rows stored before keep their storage (both read the same); SQLite stores blobs as they are.
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

const onPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

export const deltaStorage: Migration = {
  async up(db: Kysely<unknown>) {
    if (onPostgres(db)) await sql`alter table analysis_snapshots alter column delta set storage external`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    if (onPostgres(db)) await sql`alter table analysis_snapshots alter column delta set storage extended`.execute(db);
  },
};
