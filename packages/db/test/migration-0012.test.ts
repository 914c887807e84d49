// Migration 0012 (dual extraction) on a database at the migration before it that holds a review, an outcome, a study
// and two people: it adds the extraction setting, the rows being extracted twice and each person's extraction, which
// hold what the API writes in both dialects (numbers exactly, as doubles); going down removes them and leaves the rest.
import { describe, expect, it } from 'vitest';
import { migrations } from '../src/index.js';
import { databaseBefore, migrationDialects, outcomeRow } from './migration-harness.js';

const dialects = await migrationDialects('0012');

const at = '2024-01-01T00:00:00.000Z';
const extractionTables = ['extraction_settings', 'dual_extractions', 'extractions'];
const names = migrations.map(([name]) => name);
const before = names[names.indexOf('0012-extraction') - 1];

const numbers = {
  events1: null, n1: 20, events2: null, n2: 19, mean1: 11.35, sd1: 4.1, mean2: 0.1 + 0.2, sd2: 3.9,
  mean_before: null, sd_before: null, mean_after: null, sd_after: null, n: null, yi: null, sei: null, estimate: null, ci_lower: null, ci_upper: null,
};

describe.each(dialects)('migration 0012 on $name', ({ config, skip }) => {
  it.skipIf(skip)('adds the dual extraction tables, which hold a setting, a pair and two extractions, and goes back down', async () => {
    const { database, db, migrator } = await databaseBefore(config, before);
    try {
      await db.insertInto('reviews').values({ id: 'r1', title: 'Seed', status: 'active', version: 3, is_public: 1, created_at: at, updated_at: at }).execute();
      await db
        .insertInto('studies')
        .values({ id: 's1', review_id: 'r1', label: 'Granel 2015', year: 2015, characteristics: '{}', created_version: 1, created_position: 0, created_at: at, updated_at: at })
        .execute();
      await database.db.insertInto('outcomes').values(outcomeRow({ id: 'o1', review_id: 'r1', name: 'mRSS', data_type: 'continuous', measure: 'MD' }, at)).execute();
      for (const [id, name] of [['u1', 'Ann'], ['u2', 'Ben']]) {
        await db.insertInto('users').values({ id, email: null, email_key: null, display_name: name, orcid: null, password_hash: null, kind: 'person', is_admin: 0, email_confirmed_at: null, created_at: at }).execute();
      }

      const { error, results } = await migrator.migrateTo('0012-extraction');
      expect(error).toBeUndefined();
      expect(results?.map((r) => [r.migrationName, r.status])).toEqual([['0012-extraction', 'Success']]);

      await database.db.insertInto('extraction_settings').values({ review_id: 'r1', dual_extraction: 1, version: 4 }).execute();
      await database.db
        .insertInto('dual_extractions')
        .values({
          id: 'd1', review_id: 'r1', outcome_id: 'o1', study_id: 's1', label: 'High dose', subgroup: null, status: 'conflict', differences: '[{"field":"n2","first":19,"second":18}]',
          row_id: null, decided_by: null, decided_version: null, note: null, created_version: 5, updated_version: 6, created_at: at,
        })
        .execute();
      await database.db
        .insertInto('extractions')
        .values([
          { id: 'e1', dual_extraction_id: 'd1', review_id: 'r1', user_id: 'u1', ...numbers, source: 'Table 2', version: 5, replaced_version: null, created_at: at },
          { id: 'e2', dual_extraction_id: 'd1', review_id: 'r1', user_id: 'u2', ...numbers, n2: 18, source: null, version: 6, replaced_version: null, created_at: at },
        ])
        .execute();
      const stored = await database.db.selectFrom('extractions').select(['user_id', 'mean2', 'n2', 'events1']).orderBy('version').execute();
      // Doubles stay doubles (0.1 + 0.2 is not 0.3), counts stay whole, nulls stay null.
      expect(stored).toEqual([
        { user_id: 'u1', mean2: 0.30000000000000004, n2: 19, events1: null },
        { user_id: 'u2', mean2: 0.30000000000000004, n2: 18, events1: null },
      ]);
      expect(await database.db.selectFrom('dual_extractions').select(['status', 'label', 'differences']).executeTakeFirstOrThrow()).toEqual({
        status: 'conflict',
        label: 'High dose',
        differences: '[{"field":"n2","first":19,"second":18}]',
      });
      // One setting per review.
      await expect(database.db.insertInto('extraction_settings').values({ review_id: 'r1', dual_extraction: 0, version: 7 }).execute()).rejects.toThrow();

      expect((await migrator.migrateTo(before)).error).toBeUndefined();
      const tables = (await database.db.introspection.getTables()).map((t) => t.name);
      for (const table of extractionTables) expect(tables).not.toContain(table);
      expect(await db.selectFrom('outcomes').select(['id', 'name']).execute()).toEqual([{ id: 'o1', name: 'mRSS' }]);
    } finally {
      await database.drop();
      await database.close();
    }
  });
});
