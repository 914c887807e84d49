// Migration 0010 (intake) on a database at 0009 that holds a review, a study and a person: it adds the intake tables
// (rounds, searches, records, duplicate candidates, votes, arbiters' decisions, screening settings, study reports),
// which hold what the API writes, in both dialects; going down removes them and leaves the rest as it was.
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../src/index.js';
import { migrationDialects, migratorOf } from './migration-harness.js';

const dialects = await migrationDialects('0010');

const at = '2024-01-01T00:00:00.000Z';
const intakeTables = ['update_rounds', 'searches', 'records', 'duplicate_candidates', 'screening_votes', 'screening_resolutions', 'screening_settings', 'study_reports'];

describe.each(dialects)('migration 0010 on $name', ({ config, skip }) => {
  it.skipIf(skip)('adds the intake tables, which hold a search, its records, a vote and a report, and goes back down', async () => {
    const { schema, ...rest } = config();
    const database = createDatabase({ ...rest, schema });
    try {
      const { db, migrator } = await migratorOf(database, schema);
      expect((await migrator.migrateTo('0009-people')).error).toBeUndefined();
      await db.insertInto('reviews').values({ id: 'r1', title: 'Seed', status: 'active', version: 3, is_public: 1, created_at: at, updated_at: at }).execute();
      await db
        .insertInto('studies')
        .values({ id: 's1', review_id: 'r1', label: 'Granel 2015', year: 2015, characteristics: '{}', created_version: 1, created_position: 0, created_at: at, updated_at: at })
        .execute();
      await db.insertInto('users').values({ id: 'u1', email: null, email_key: null, display_name: 'Ann', orcid: null, password_hash: null, kind: 'person', is_admin: 0, email_confirmed_at: null, created_at: at }).execute();

      const { error, results } = await migrator.migrateTo('0010-intake');
      expect(error).toBeUndefined();
      expect(results?.map((r) => [r.migrationName, r.status])).toEqual([['0010-intake', 'Success']]);

      await database.db.insertInto('update_rounds').values({ id: 'round1', review_id: 'r1', number: 1, label: 'Update 1', searched_to: '2022-06-01', opened_version: 4, created_at: at }).execute();
      await database.db
        .insertInto('searches')
        .values({ id: 'q1', review_id: 'r1', round_id: 'round1', source: 'MEDLINE', source_kind: 'database', searched_on: '2022-06-01', query: 'sclerosis', file_name: 'a.ris', format: 'ris', record_count: 2, imported_by: 'u1', version: 4, created_at: at })
        .execute();
      const record = (id: string, position: number) => ({
        id, review_id: 'r1', search_id: 'q1', round_id: 'round1', position, source_key: null, title: `Title ${id}`, authors: '["Granel, B"]', year: 2015, journal: 'Ann Rheum Dis',
        volume: '74', issue: '12', pages: '2175-82', doi: null, pmid: null, nct_ids: '["NCT01813279"]', registry_id: null, abstract: 'Über', keywords: '[]', source_format: 'ris',
        duplicate_of: null, duplicate_kind: null, duplicate_reason: null, removed_reason: null, title_abstract_status: 'awaiting', full_text_status: null,
        title_abstract_votes: 0, full_text_votes: 0, full_text_reason: null, study_id: null, included_as: null, created_version: 4, updated_version: 4, created_at: at,
      });
      await database.db.insertInto('records').values([record('a', 1), record('b', 2)]).execute();
      await database.db.insertInto('duplicate_candidates').values({ id: 'd1', review_id: 'r1', record_id: 'b', other_id: 'a', similarity: 0.9523809523809523, status: 'pending', decided_by: null, decided_version: null, created_version: 4, created_at: at }).execute();
      await database.db.insertInto('screening_votes').values({ id: 'v1', review_id: 'r1', record_id: 'a', stage: 'title-abstract', user_id: 'u1', decision: 'include', reason: null, note: null, version: 5, withdrawn_version: null, created_at: at }).execute();
      await database.db.insertInto('screening_settings').values({ review_id: 'r1', screeners_per_record: 2, exclusion_reasons: '["wrong population"]', inclusion_terms: '[]', exclusion_terms: '[]', version: 5 }).execute();
      await database.db
        .insertInto('study_reports')
        .values({ id: 'p1', review_id: 'r1', study_id: 's1', record_id: 'a', citation: 'Granel B, et al. Ann Rheum Dis. 2015.', year: 2015, doi: null, pmid: null, registry_id: 'NCT01813279', kind: 'publication', created_version: 6, removed_version: null, created_at: at })
        .execute();
      // Doubles stay doubles (PostgreSQL's real would round the similarity), text stays text.
      expect(await database.db.selectFrom('duplicate_candidates').select('similarity').executeTakeFirstOrThrow()).toEqual({ similarity: 0.9523809523809523 });
      expect((await database.db.selectFrom('records').select(['abstract', 'position']).orderBy('position').execute()).map((r) => [r.abstract, r.position])).toEqual([['Über', 1], ['Über', 2]]);
      // One round number per review.
      await expect(database.db.insertInto('update_rounds').values({ id: 'round2', review_id: 'r1', number: 1, label: 'Again', searched_to: null, opened_version: 7, created_at: at }).execute()).rejects.toThrow();

      expect((await migrator.migrateTo('0009-people')).error).toBeUndefined();
      const tables = (await database.db.introspection.getTables()).map((t) => t.name);
      for (const table of intakeTables) expect(tables).not.toContain(table);
      expect(await db.selectFrom('studies').select(['id', 'label']).execute()).toEqual([{ id: 's1', label: 'Granel 2015' }]);
    } finally {
      await database.drop();
      await database.close();
    }
  });
});
