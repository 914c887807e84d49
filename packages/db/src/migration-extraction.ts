// 0012: dual extraction (extraction-schema.ts): a review's setting, the rows being extracted twice, and each
// person's extraction.
import type { Kysely, Migration } from 'kysely';

const numberColumns = [
  ['events1', 'integer'],
  ['n1', 'integer'],
  ['events2', 'integer'],
  ['n2', 'integer'],
  ['mean1', 'double precision'],
  ['sd1', 'double precision'],
  ['mean2', 'double precision'],
  ['sd2', 'double precision'],
  ['mean_before', 'double precision'],
  ['sd_before', 'double precision'],
  ['mean_after', 'double precision'],
  ['sd_after', 'double precision'],
  ['n', 'integer'],
  ['yi', 'double precision'],
  ['sei', 'double precision'],
  ['estimate', 'double precision'],
  ['ci_lower', 'double precision'],
  ['ci_upper', 'double precision'],
] as const;

export const extraction: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('extraction_settings')
      .addColumn('review_id', 'text', (c) => c.primaryKey().references('reviews.id'))
      .addColumn('dual_extraction', 'integer', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('dual_extractions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('outcome_id', 'text', (c) => c.notNull().references('outcomes.id'))
      .addColumn('study_id', 'text', (c) => c.notNull().references('studies.id'))
      .addColumn('label', 'text')
      .addColumn('subgroup', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('differences', 'text')
      .addColumn('row_id', 'text')
      .addColumn('decided_by', 'text')
      .addColumn('decided_version', 'integer')
      .addColumn('note', 'text')
      .addColumn('created_version', 'integer', (c) => c.notNull())
      .addColumn('updated_version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('dual_extractions_review').on('dual_extractions').columns(['review_id', 'status']).execute();
    await db.schema.createIndex('dual_extractions_outcome').on('dual_extractions').columns(['outcome_id', 'study_id']).execute();

    let extractions = db.schema
      .createTable('extractions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('dual_extraction_id', 'text', (c) => c.notNull().references('dual_extractions.id'))
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'));
    for (const [name, type] of numberColumns) extractions = extractions.addColumn(name, type);
    await extractions
      .addColumn('source', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('replaced_version', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('extractions_dual_extraction').on('extractions').columns(['dual_extraction_id', 'replaced_version']).execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['extractions', 'dual_extractions', 'extraction_settings']) await db.schema.dropTable(table).execute();
  },
};
