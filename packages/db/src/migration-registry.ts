// 0011: trial registry surveillance (registry-schema.ts): saved registry searches, their runs, the trials a review
// knows and the rows their posted results could give; and each data row's provenance (JSON, nullable).
import type { Kysely, Migration } from 'kysely';

export const registry: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('registry_searches')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('conditions', 'text')
      .addColumn('interventions', 'text')
      .addColumn('terms', 'text')
      .addColumn('statuses', 'text', (c) => c.notNull())
      .addColumn('study_type', 'text')
      .addColumn('schedule_hours', 'integer')
      .addColumn('updated_since', 'text')
      .addColumn('last_run_at', 'text')
      .addColumn('next_run_at', 'text')
      .addColumn('created_by', 'text')
      .addColumn('created_version', 'integer', (c) => c.notNull())
      .addColumn('removed_version', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('registry_searches_review').on('registry_searches').columns(['review_id']).execute();
    await db.schema.createIndex('registry_searches_due').on('registry_searches').columns(['next_run_at']).execute();

    await db.schema
      .createTable('registry_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('registry_search_id', 'text', (c) => c.notNull().references('registry_searches.id'))
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text', (c) => c.notNull())
      .addColumn('updated_since', 'text')
      .addColumn('pages', 'integer', (c) => c.notNull())
      .addColumn('trials_seen', 'integer', (c) => c.notNull())
      .addColumn('new_records', 'integer', (c) => c.notNull())
      .addColumn('updated_trials', 'integer', (c) => c.notNull())
      .addColumn('results_posted', 'text', (c) => c.notNull())
      .addColumn('proposals', 'integer', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('version', 'integer')
      .addColumn('search_id', 'text')
      .addColumn('started_by', 'text')
      .execute();
    await db.schema.createIndex('registry_runs_search').on('registry_runs').columns(['registry_search_id', 'started_at']).execute();

    await db.schema
      .createTable('registry_trials')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('nct_id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('overall_status', 'text')
      .addColumn('enrollment', 'integer')
      .addColumn('enrollment_type', 'text')
      .addColumn('start_date', 'text')
      .addColumn('primary_completion_date', 'text')
      .addColumn('completion_date', 'text')
      .addColumn('last_update_posted', 'text')
      .addColumn('results_first_posted', 'text')
      .addColumn('has_results', 'integer', (c) => c.notNull())
      .addColumn('record_id', 'text')
      .addColumn('source_url', 'text', (c) => c.notNull())
      .addColumn('fetched_at', 'text', (c) => c.notNull())
      .addColumn('first_seen_version', 'integer', (c) => c.notNull())
      .addColumn('updated_version', 'integer', (c) => c.notNull())
      .addUniqueConstraint('registry_trials_review_trial', ['review_id', 'nct_id'])
      .execute();

    await db.schema
      .createTable('registry_proposals')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('study_id', 'text', (c) => c.notNull().references('studies.id'))
      .addColumn('nct_id', 'text', (c) => c.notNull())
      .addColumn('proposal_key', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('proposal', 'text', (c) => c.notNull())
      .addColumn('record_version_date', 'text')
      .addColumn('fetched_at', 'text', (c) => c.notNull())
      .addColumn('created_version', 'integer', (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('decided_by_name', 'text')
      .addColumn('decided_version', 'integer')
      .addColumn('dismissed_reason', 'text')
      .addColumn('row_ids', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('registry_proposals_review').on('registry_proposals').columns(['review_id', 'status']).execute();
    await db.schema.createIndex('registry_proposals_study').on('registry_proposals').columns(['study_id', 'proposal_key']).execute();

    await db.schema.alterTable('study_data').addColumn('provenance', 'text').execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('study_data').dropColumn('provenance').execute();
    for (const table of ['registry_proposals', 'registry_trials', 'registry_runs', 'registry_searches']) await db.schema.dropTable(table).execute();
  },
};
