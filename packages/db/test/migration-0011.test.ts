// Migration 0011 (registry) on a database at 0010 that holds a review, a study and a data row: it adds the registry
// tables (saved searches, runs, trials, proposals) and a data row's provenance, which hold what the API writes, in
// both dialects; going down removes them and leaves the rest (the data row's numbers included) as it was.
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../src/index.js';
import { migrationDialects, migratorOf } from './migration-harness.js';

const dialects = await migrationDialects('0011');

const at = '2024-01-01T00:00:00.000Z';
const registryTables = ['registry_searches', 'registry_runs', 'registry_trials', 'registry_proposals'];

describe.each(dialects)('migration 0011 on $name', ({ config, skip }) => {
  it.skipIf(skip)('adds the registry tables and data rows’ provenance, and goes back down', async () => {
    const { schema, ...rest } = config();
    const database = createDatabase({ ...rest, schema });
    try {
      const { db, migrator } = await migratorOf(database, schema);
      expect((await migrator.migrateTo('0010-intake')).error).toBeUndefined();
      await db.insertInto('reviews').values({ id: 'r1', title: 'Seed', status: 'active', version: 3, is_public: 1, created_at: at, updated_at: at }).execute();
      await db
        .insertInto('studies')
        .values({ id: 's1', review_id: 'r1', label: 'Deeks 2020', year: 2020, registry_id: 'NCT02552212', characteristics: '{}', created_version: 1, created_position: 0, created_at: at, updated_at: at })
        .execute();
      await db
        .insertInto('outcomes')
        .values({ id: 'o1', review_id: 'r1', name: 'ASAS40', measure: 'RR', data_type: 'binary', model: 'random', method: 'MH', tau2_estimator: 'DL', ci_method: 'wald', preset: 'revman5', created_version: 2, version: 2, created_at: at, updated_at: at })
        .execute();
      const numbers = { events1: 40, n1: 100, events2: 20, n2: 100, mean1: null, sd1: null, mean2: null, sd2: null, mean_before: null, sd_before: null, mean_after: null, sd_after: null, n: null, yi: null, sei: null, estimate: null, ci_lower: null, ci_upper: null };
      await db
        .insertInto('study_data')
        .values({ id: 'd1', outcome_id: 'o1', study_id: 's1', ...numbers, subgroup: null, label: null, position: 0, source: 'paper', version: 2, created_at: at, updated_at: at })
        .execute();

      const { error, results } = await migrator.migrateTo('0011-registry');
      expect(error).toBeUndefined();
      expect(results?.map((r) => [r.migrationName, r.status])).toEqual([['0011-registry', 'Success']]);

      await database.db
        .insertInto('registry_searches')
        .values({ id: 'q1', review_id: 'r1', name: 'CZP in axSpA', conditions: 'axial spondyloarthritis', interventions: 'certolizumab', terms: null, statuses: '["COMPLETED"]', study_type: 'INTERVENTIONAL', schedule_hours: 24, updated_since: '2024-01-31', last_run_at: at, next_run_at: at, created_by: null, created_version: 4, removed_version: null, created_at: at, updated_at: at })
        .execute();
      await database.db
        .insertInto('registry_runs')
        .values({ id: 'run1', registry_search_id: 'q1', review_id: 'r1', trigger: 'manual', status: 'succeeded', started_at: at, finished_at: at, updated_since: null, pages: 2, trials_seen: 6, new_records: 5, updated_trials: 1, results_posted: '["NCT02552212"]', proposals: 3, error: null, version: 5, search_id: null, started_by: null })
        .execute();
      await database.db
        .insertInto('registry_trials')
        .values({ id: 't1', review_id: 'r1', nct_id: 'NCT02552212', title: 'C-axSpAnd', overall_status: 'COMPLETED', enrollment: 317, enrollment_type: 'ACTUAL', start_date: '2015-09', primary_completion_date: null, completion_date: null, last_update_posted: '2019-05-01', results_first_posted: '2018-12-20', has_results: 1, record_id: null, source_url: 'https://clinicaltrials.gov/study/NCT02552212', fetched_at: at, first_seen_version: 5, updated_version: 5 })
        .execute();
      await database.db
        .insertInto('registry_proposals')
        .values({ id: 'p1', review_id: 'r1', study_id: 's1', nct_id: 'NCT02552212', proposal_key: '0//', kind: 'binary', status: 'open', proposal: '{"rows":[]}', record_version_date: '2019-05-01', fetched_at: at, created_version: 5, decided_by: null, decided_by_name: null, decided_version: null, dismissed_reason: null, row_ids: '[]', created_at: at })
        .execute();
      await database.db.updateTable('study_data').set({ provenance: '{"kind":"registry"}' }).where('id', '=', 'd1').execute();
      expect(await database.db.selectFrom('study_data').select(['events1', 'provenance']).executeTakeFirstOrThrow()).toEqual({ events1: 40, provenance: '{"kind":"registry"}' });
      // One row per review and trial.
      await expect(
        database.db
          .insertInto('registry_trials')
          .values({ id: 't2', review_id: 'r1', nct_id: 'NCT02552212', title: 'again', overall_status: null, enrollment: null, enrollment_type: null, start_date: null, primary_completion_date: null, completion_date: null, last_update_posted: null, results_first_posted: null, has_results: 0, record_id: null, source_url: 'x', fetched_at: at, first_seen_version: 6, updated_version: 6 })
          .execute(),
      ).rejects.toThrow();

      expect((await migrator.migrateTo('0010-intake')).error).toBeUndefined();
      const tables = await database.db.introspection.getTables();
      for (const table of registryTables) expect(tables.map((t) => t.name)).not.toContain(table);
      expect(tables.find((t) => t.name === 'study_data')?.columns.map((c) => c.name)).not.toContain('provenance');
      expect(await db.selectFrom('study_data').select(['id', 'events1', 'source']).execute()).toEqual([{ id: 'd1', events1: 40, source: 'paper' }]);
    } finally {
      await database.drop();
      await database.close();
    }
  });
});
