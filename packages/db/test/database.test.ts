import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, probeDatabase, sql, type CumulusDatabase, type DatabaseConfig } from '../src/index.js';

const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const directory = mkdtempSync(join(tmpdir(), 'cumulus-db-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const postgresProbe = await probeDatabase({ url: postgresUrl });
if (!postgresProbe.reachable) console.warn(`[skipped] PostgreSQL suite: ${postgresProbe.reason}`);

const dialects: { name: string; config: () => DatabaseConfig; skip: boolean }[] = [
  { name: 'SQLite file', config: () => ({ url: join(directory, 'nested', 'cumulus.db') }), skip: false },
  {
    name: 'PostgreSQL',
    config: () => ({ url: postgresUrl, schema: `test_db_${process.pid}_${Date.now()}` }),
    skip: !postgresProbe.reachable,
  },
];

const now = () => new Date().toISOString();

describe.each(dialects)('$name', ({ config, skip }) => {
  let database: CumulusDatabase;

  beforeAll(async () => {
    if (skip) return;
    database = createDatabase(config());
    const { error } = await database.migrate();
    expect(error).toBeUndefined();
    return async () => {
      await database.drop();
      await database.close();
    };
  });

  it.skipIf(skip)('migrates, and a second migration is a no-op', async () => {
    const { error, results } = await database.migrate();
    expect(error).toBeUndefined();
    expect(results).toEqual([]);
  });

  it.skipIf(skip)('stores and reads a review with the same types on every dialect', async () => {
    await database.db
      .insertInto('reviews')
      .values({
        id: 'r1', title: 'BCG', question: null, population: null, intervention: null, comparison: null,
        outcomes_description: null, citation: null, registration: null, status: 'active', version: 1, is_public: 1,
        created_at: now(), updated_at: now(),
      })
      .execute();
    const row = await database.db.selectFrom('reviews').selectAll().where('id', '=', 'r1').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ title: 'BCG', version: 1, is_public: 1 });
    expect(typeof row.version).toBe('number');
  });

  it.skipIf(skip)('keeps a conclusion change, a webhook and its delivery with their types', async () => {
    const at = now();
    await database.db
      .insertInto('outcomes')
      .values({
        id: 'o1', review_id: 'r1', name: 'Deaths', description: null, data_type: 'binary', measure: 'OR', model: 'fixed', method: 'IV',
        tau2_estimator: 'DL', ci_method: 'z', preset: 'metafor', subgroup_variable: null, timepoint: null, pre_post_correlation: null,
        pre_post_direction: null, evidence_settings: '{}', totals: 'all', unit_of_analysis: 'flag', created_version: 1, version: 1, created_at: at, updated_at: at,
      })
      .execute();
    await database.db
      .insertInto('conclusion_changes')
      .values({ id: 'c1', review_id: 'r1', outcome_id: 'o1', version: 1, kind: 'significance-gained', from_value: 'not significant', to_value: 'significant', message: 'm', position: 0, created_at: at })
      .execute();
    await database.db.insertInto('webhooks').values({ id: 'w1', review_id: 'r1', url: 'http://127.0.0.1:1/hook', secret: 's', created_by: 'test', created_at: at, removed_at: null }).execute();
    await database.db
      .insertInto('webhook_deliveries')
      .values({
        id: 'd1', webhook_id: 'w1', review_id: 'r1', version: 1, event: 'conclusion.changed', payload: '{}', status: 'pending', attempts: 0,
        last_error: null, last_status_code: null, next_attempt_at: at, locked_until: null, delivered_at: null, created_at: at, updated_at: at,
      })
      .execute();
    const delivery = await database.db
      .selectFrom('webhook_deliveries')
      .innerJoin('conclusion_changes', 'conclusion_changes.review_id', 'webhook_deliveries.review_id')
      .select(['webhook_deliveries.attempts', 'webhook_deliveries.status', 'conclusion_changes.kind'])
      .executeTakeFirstOrThrow();
    expect(delivery).toEqual({ attempts: 0, status: 'pending', kind: 'significance-gained' });
    await expect(
      database.db.insertInto('webhooks').values({ id: 'w2', review_id: 'no-such-review', url: 'x', secret: 's', created_by: 't', created_at: at, removed_at: null }).execute(),
    ).rejects.toThrow(/foreign key/i);
  });

  it.skipIf(skip)('enforces foreign keys', async () => {
    await expect(
      database.db
        .insertInto('studies')
        .values({
          id: 's-orphan', review_id: 'no-such-review', label: 'x', year: null, design: null, country: null,
          participants: null, registry_id: null, characteristics: '{}', adverse_events: null, created_version: 1, created_position: 0,
          retracted_version: null, retraction_reason: null, created_at: now(), updated_at: now(),
        })
        .execute(),
    ).rejects.toThrow(/foreign key/i);
  });

  it.skipIf(skip)('rolls a write transaction back entirely when it throws', async () => {
    await expect(
      database.writeTransaction('r1', async (trx) => {
        await trx.updateTable('reviews').set({ version: 2 }).where('id', '=', 'r1').execute();
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    const row = await database.db.selectFrom('reviews').select('version').where('id', '=', 'r1').executeTakeFirstOrThrow();
    expect(row.version).toBe(1);
  });

  it.skipIf(skip)('serialises concurrent writers: 20 increments give 20 consecutive versions', async () => {
    const seen = await Promise.all(
      Array.from({ length: 20 }, () =>
        database.writeTransaction('r1', async (trx) => {
          const { version } = await trx.selectFrom('reviews').select('version').where('id', '=', 'r1').executeTakeFirstOrThrow();
          await new Promise((resolve) => setTimeout(resolve, 1));
          await trx.updateTable('reviews').set({ version: version + 1 }).where('id', '=', 'r1').execute();
          return version + 1;
        }),
      ),
    );
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    const row = await database.db.selectFrom('reviews').select('version').where('id', '=', 'r1').executeTakeFirstOrThrow();
    expect(row.version).toBe(21);
  });

  it.skipIf(skip)('serialises writers whose first statement raises the version (no lock taken before): 20 give 20 consecutive versions', async () => {
    const seen = await Promise.all(
      Array.from({ length: 20 }, () =>
        database.writeTransaction(null, async (trx) => {
          const { version } = await trx
            .updateTable('reviews')
            .set({ version: sql<number>`version + 1` })
            .where('id', '=', 'r1')
            .returning('version')
            .executeTakeFirstOrThrow();
          await new Promise((resolve) => setTimeout(resolve, 1));
          return version;
        }),
      ),
    );
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 22));
  });

  it.skipIf(skip)('runs independent writes together: each value where its write put it, and none kept when one fails', async () => {
    const entry = (id: string, version: number, summary: string) =>
      ({ id, review_id: 'r1', version, actor: 'Ann', actor_user_id: null, action: 'test', summary, outcome_ids: '[]', details: null, created_at: now() });
    // Text a user typed goes as parameters, whatever it holds ($1, quotes, a statement's end).
    const title = `BCG $1 "it's" $2; drop table reviews`;
    await database.writeTransaction('r1', (trx) =>
      database.executeTogether(trx, [
        trx.insertInto('change_log').values([entry('c1', 100, 'first $2'), entry('c2', 101, "second 'quoted'")]),
        trx.updateTable('reviews').set({ title, updated_at: 'then' }).where('id', '=', 'r1'),
        trx.insertInto('change_log').values(entry('c3', 102, 'third')),
      ]),
    );
    const log = await database.db.selectFrom('change_log').select(['id', 'version', 'summary']).where('id', 'in', ['c1', 'c2', 'c3']).orderBy('id').execute();
    expect(log).toEqual([
      { id: 'c1', version: 100, summary: 'first $2' },
      { id: 'c2', version: 101, summary: "second 'quoted'" },
      { id: 'c3', version: 102, summary: 'third' },
    ]);
    expect(await database.db.selectFrom('reviews').select(['title', 'updated_at']).where('id', '=', 'r1').executeTakeFirstOrThrow()).toEqual({ title, updated_at: 'then' });

    // A write that fails (a review that does not exist) takes the others with it.
    await expect(
      database.writeTransaction('r1', (trx) =>
        database.executeTogether(trx, [
          trx.updateTable('reviews').set({ title: 'changed' }).where('id', '=', 'r1'),
          trx.insertInto('change_log').values({ ...entry('c4', 103, 'fourth'), review_id: 'nowhere' }),
        ]),
      ),
    ).rejects.toThrow(/foreign key/i);
    expect((await database.db.selectFrom('reviews').select('title').where('id', '=', 'r1').executeTakeFirstOrThrow()).title).toBe(title);
  });
});

describe('SQLite file settings', () => {
  it('runs in WAL mode with foreign keys on and a busy timeout', async () => {
    const database = createDatabase({ url: join(directory, 'pragmas.db') });
    const { sql } = await import('kysely');
    const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.db);
    const keys = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(database.db);
    const busy = await sql<{ timeout: number }>`pragma busy_timeout`.execute(database.db);
    expect(journal.rows[0].journal_mode).toBe('wal');
    expect(keys.rows[0].foreign_keys).toBe(1);
    expect(busy.rows[0].timeout).toBeGreaterThan(0);
    await database.close();
  });

  it('reads snapshot headers from an index, never walking the analysis text', async () => {
    const database = createDatabase({ url: join(directory, 'plans.db') });
    expect((await database.migrate()).error).toBeUndefined();
    const { CompiledQuery } = await import('kysely');
    const headers = database.db
      .selectFrom('analysis_snapshots')
      .select(['id', 'outcome_id', 'review_id', 'version', 'k', 'estimate', 'ci_lower', 'ci_upper', 'p_value', 'created_at'])
      .where('outcome_id', '=', 'o1');
    for (const query of [headers.orderBy('version'), headers.orderBy('version', 'desc').limit(1)]) {
      const { sql: text, parameters } = query.compile();
      const plan = await database.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${text}`, [...parameters]));
      expect(plan.rows.map((row) => row.detail).join('; ')).toContain('COVERING INDEX analysis_snapshots_headers');
    }
    await database.close();
  });
});
