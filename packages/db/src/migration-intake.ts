// 0010: the intake chain (intake-schema.ts): update rounds, searches, records, duplicate candidates, screening votes
// and decisions, screening settings, and the reports of studies.
import type { Kysely, Migration } from 'kysely';

export const intake: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('update_rounds')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('searched_to', 'text')
      .addColumn('opened_version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('update_rounds_number', ['review_id', 'number'])
      .execute();

    await db.schema
      .createTable('searches')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('round_id', 'text', (c) => c.notNull().references('update_rounds.id'))
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('source_kind', 'text', (c) => c.notNull())
      .addColumn('searched_on', 'text', (c) => c.notNull())
      .addColumn('query', 'text')
      .addColumn('file_name', 'text')
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('record_count', 'integer', (c) => c.notNull())
      .addColumn('imported_by', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('searches_review').on('searches').columns(['review_id', 'version']).execute();

    await db.schema
      .createTable('records')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('search_id', 'text', (c) => c.notNull().references('searches.id'))
      .addColumn('round_id', 'text', (c) => c.notNull().references('update_rounds.id'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('source_key', 'text')
      .addColumn('title', 'text')
      .addColumn('authors', 'text', (c) => c.notNull())
      .addColumn('year', 'integer')
      .addColumn('journal', 'text')
      .addColumn('volume', 'text')
      .addColumn('issue', 'text')
      .addColumn('pages', 'text')
      .addColumn('doi', 'text')
      .addColumn('pmid', 'text')
      .addColumn('nct_ids', 'text', (c) => c.notNull())
      .addColumn('registry_id', 'text')
      .addColumn('abstract', 'text')
      .addColumn('keywords', 'text', (c) => c.notNull())
      .addColumn('source_format', 'text', (c) => c.notNull())
      .addColumn('duplicate_of', 'text')
      .addColumn('duplicate_kind', 'text')
      .addColumn('duplicate_reason', 'text')
      .addColumn('removed_reason', 'text')
      .addColumn('title_abstract_status', 'text', (c) => c.notNull())
      .addColumn('full_text_status', 'text')
      .addColumn('title_abstract_votes', 'integer', (c) => c.notNull())
      .addColumn('full_text_votes', 'integer', (c) => c.notNull())
      .addColumn('full_text_reason', 'text')
      .addColumn('study_id', 'text')
      .addColumn('included_as', 'text')
      .addColumn('created_version', 'integer', (c) => c.notNull())
      .addColumn('updated_version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('records_review').on('records').columns(['review_id', 'created_version', 'position']).execute();
    await db.schema.createIndex('records_search').on('records').columns(['search_id', 'position']).execute();
    await db.schema.createIndex('records_study').on('records').column('study_id').execute();

    await db.schema
      .createTable('duplicate_candidates')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('record_id', 'text', (c) => c.notNull().references('records.id'))
      .addColumn('other_id', 'text', (c) => c.notNull().references('records.id'))
      .addColumn('similarity', 'double precision', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('decided_version', 'integer')
      .addColumn('created_version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('duplicate_candidates_review').on('duplicate_candidates').columns(['review_id', 'status']).execute();

    for (const table of ['screening_votes', 'screening_resolutions'] as const) {
      await db.schema
        .createTable(table)
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
        .addColumn('record_id', 'text', (c) => c.notNull().references('records.id'))
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('note', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('withdrawn_version', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex(`${table}_record`).on(table).columns(['record_id', 'stage']).execute();
      await db.schema.createIndex(`${table}_review`).on(table).columns(['review_id', 'stage']).execute();
    }

    await db.schema
      .createTable('screening_settings')
      .addColumn('review_id', 'text', (c) => c.primaryKey().references('reviews.id'))
      .addColumn('screeners_per_record', 'integer', (c) => c.notNull())
      .addColumn('exclusion_reasons', 'text', (c) => c.notNull())
      .addColumn('inclusion_terms', 'text', (c) => c.notNull())
      .addColumn('exclusion_terms', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('study_reports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('study_id', 'text', (c) => c.notNull().references('studies.id'))
      .addColumn('record_id', 'text')
      .addColumn('citation', 'text', (c) => c.notNull())
      .addColumn('year', 'integer')
      .addColumn('doi', 'text')
      .addColumn('pmid', 'text')
      .addColumn('registry_id', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('created_version', 'integer', (c) => c.notNull())
      .addColumn('removed_version', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('study_reports_study').on('study_reports').columns(['study_id', 'created_version']).execute();
    await db.schema.createIndex('study_reports_review').on('study_reports').column('review_id').execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'study_reports',
      'screening_settings',
      'screening_resolutions',
      'screening_votes',
      'duplicate_candidates',
      'records',
      'searches',
      'update_rounds',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
