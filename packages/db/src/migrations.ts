// Migrations in order, each an { up, down } pair. Names sort in the order they run.
import { randomUUID } from 'node:crypto';
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';
import { deltaStorage } from './migration-delta-storage.js';
import { extraction } from './migration-extraction.js';
import { intake } from './migration-intake.js';
import { registry } from './migration-registry.js';
import { decodeSnapshotDelta } from './snapshot-codec.js';
import { rebuildAnalysis, storedAnalysis, type PreviousSnapshot, type StoredSnapshot } from './snapshot-storage.js';

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('reviews')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('question', 'text')
      .addColumn('population', 'text')
      .addColumn('intervention', 'text')
      .addColumn('comparison', 'text')
      .addColumn('outcomes_description', 'text')
      .addColumn('citation', 'text')
      .addColumn('registration', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('is_public', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('studies')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('year', 'integer')
      .addColumn('design', 'text')
      .addColumn('country', 'text')
      .addColumn('participants', 'integer')
      .addColumn('registry_id', 'text')
      .addColumn('characteristics', 'text', (c) => c.notNull())
      .addColumn('adverse_events', 'text')
      .addColumn('created_version', 'integer', (c) => c.notNull())
      .addColumn('retracted_version', 'integer')
      .addColumn('retraction_reason', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('studies_review').on('studies').columns(['review_id', 'created_version']).execute();

    await db.schema
      .createTable('quality_assessments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('study_id', 'text', (c) => c.notNull().references('studies.id'))
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('tool', 'text', (c) => c.notNull())
      .addColumn('domains', 'text', (c) => c.notNull())
      .addColumn('total_stars', 'integer')
      .addColumn('overall_judgement', 'text')
      .addColumn('assessed_by', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('quality_assessments_study_tool')
      .on('quality_assessments')
      .columns(['study_id', 'tool'])
      .unique()
      .execute();

    await db.schema
      .createTable('outcomes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('data_type', 'text', (c) => c.notNull())
      .addColumn('measure', 'text', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('tau2_estimator', 'text', (c) => c.notNull())
      .addColumn('ci_method', 'text', (c) => c.notNull())
      .addColumn('preset', 'text', (c) => c.notNull())
      .addColumn('subgroup_variable', 'text')
      .addColumn('timepoint', 'text')
      .addColumn('pre_post_correlation', 'double precision')
      .addColumn('pre_post_direction', 'text')
      .addColumn('created_version', 'integer', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('outcomes_review').on('outcomes').columns(['review_id', 'created_version']).execute();

    await db.schema
      .createTable('study_data')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('outcome_id', 'text', (c) => c.notNull().references('outcomes.id'))
      .addColumn('study_id', 'text', (c) => c.notNull().references('studies.id'))
      .addColumn('events1', 'integer')
      .addColumn('n1', 'integer')
      .addColumn('events2', 'integer')
      .addColumn('n2', 'integer')
      .addColumn('mean1', 'double precision')
      .addColumn('sd1', 'double precision')
      .addColumn('mean2', 'double precision')
      .addColumn('sd2', 'double precision')
      .addColumn('mean_before', 'double precision')
      .addColumn('sd_before', 'double precision')
      .addColumn('mean_after', 'double precision')
      .addColumn('sd_after', 'double precision')
      .addColumn('n', 'integer')
      .addColumn('yi', 'double precision')
      .addColumn('sei', 'double precision')
      .addColumn('estimate', 'double precision')
      .addColumn('ci_lower', 'double precision')
      .addColumn('ci_upper', 'double precision')
      .addColumn('subgroup', 'text')
      .addColumn('source', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('study_data_outcome_study').on('study_data').columns(['outcome_id', 'study_id']).unique().execute();
    await db.schema.createIndex('study_data_study').on('study_data').column('study_id').execute();

    await db.schema
      .createTable('prisma_counts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('counts', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('prisma_counts_review_version').on('prisma_counts').columns(['review_id', 'version']).unique().execute();

    await db.schema
      .createTable('analysis_snapshots')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('outcome_id', 'text', (c) => c.notNull().references('outcomes.id'))
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('analysis', 'text')
      .addColumn('k', 'integer', (c) => c.notNull())
      .addColumn('estimate', 'double precision')
      .addColumn('ci_lower', 'double precision')
      .addColumn('ci_upper', 'double precision')
      .addColumn('p_value', 'double precision')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('analysis_snapshots_outcome_version')
      .on('analysis_snapshots')
      .columns(['outcome_id', 'version'])
      .unique()
      .execute();

    await db.schema
      .createTable('reference_results')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('outcome_id', 'text', (c) => c.references('outcomes.id'))
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('reference_results_review').on('reference_results').columns(['review_id', 'position']).execute();

    await db.schema
      .createTable('change_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('outcome_ids', 'text', (c) => c.notNull())
      .addColumn('details', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    // One change per version: a second writer that slipped past the lock would fail here, not overwrite.
    await db.schema.createIndex('change_log_review_version').on('change_log').columns(['review_id', 'version']).unique().execute();

    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('review_id', 'text', (c) => c.references('reviews.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute();
  },

  async down(db: Kysely<unknown>) {
    for (const table of [
      'api_tokens',
      'change_log',
      'reference_results',
      'analysis_snapshots',
      'prisma_counts',
      'study_data',
      'outcomes',
      'quality_assessments',
      'studies',
      'reviews',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};

const outcomeEvidenceSettings: Migration = {
  // Assumptions of the information size and trial sequential analysis, control risks for absolute effects,
  // and GRADE overrides: one JSON object per outcome, read by the engine with the other settings.
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('outcomes').addColumn('evidence_settings', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('outcomes').dropColumn('evidence_settings').execute();
  },
};

const conclusionAlertsAndWebhooks: Migration = {
  // Conclusion changes recorded with the change that caused them; webhooks of a review and their deliveries
  // (an outbox: a delivery is stored in the write's transaction and sent after commit, retried until it lands).
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('conclusion_changes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('outcome_id', 'text', (c) => c.notNull().references('outcomes.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('from_value', 'text')
      .addColumn('to_value', 'text')
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('conclusion_changes_review_version').on('conclusion_changes').columns(['review_id', 'version', 'position']).execute();
    await db.schema.createIndex('conclusion_changes_outcome_version').on('conclusion_changes').columns(['outcome_id', 'version']).execute();

    await db.schema
      .createTable('webhooks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('removed_at', 'text')
      .execute();
    await db.schema.createIndex('webhooks_review').on('webhooks').columns(['review_id', 'removed_at']).execute();

    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id'))
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('last_status_code', 'integer')
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('locked_until', 'text')
      .addColumn('delivered_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
    await db.schema.createIndex('webhook_deliveries_webhook').on('webhook_deliveries').columns(['webhook_id', 'created_at']).execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['webhook_deliveries', 'webhooks', 'conclusion_changes']) await db.schema.dropTable(table).execute();
  },
};

const snapshotHeaderIndex: Migration = {
  // The evidence timeline and every read of an outcome ask for snapshot headers (version, k, estimate, CI)
  // without the analysis. In SQLite those columns sit after the analysis text in the row, so reading them
  // walked its overflow pages (tens of megabytes for a long timeline of a large outcome); an index holding
  // them answers from the index alone (18 ms → 0.5 ms for 300 versions of a 300 KB analysis).
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('analysis_snapshots_headers')
      .on('analysis_snapshots')
      .columns(['outcome_id', 'version', 'id', 'review_id', 'k', 'estimate', 'ci_lower', 'ci_upper', 'p_value', 'created_at'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('analysis_snapshots_headers').execute();
  },
};

const studyPositions: Migration = {
  // Studies added together in one version (addStudies, an import) keep the order they were given in:
  // (created_version, created_position) orders a review's studies the same way on every database.
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('studies').addColumn('created_position', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.dropIndex('studies_review').execute();
    await db.schema.createIndex('studies_review').on('studies').columns(['review_id', 'created_version', 'created_position']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('studies_review').execute();
    await db.schema.createIndex('studies_review').on('studies').columns(['review_id', 'created_version']).execute();
    await db.schema.alterTable('studies').dropColumn('created_position').execute();
  },
};

const studyDataRows: Migration = {
  // An outcome's data are rows: one study may have several in one outcome (in several subgroups, or a multi-arm
  // trial compared twice against one control), told apart by subgroup and label. Rows keep their place in the
  // outcome (position, after the study's order); outcomes say which totals RevMan shows and how a study counted
  // more than once is handled.
  async up(db: Kysely<unknown>) {
    await db.schema.dropIndex('study_data_outcome_study').execute();
    await db.schema.createIndex('study_data_outcome_study_rows').on('study_data').columns(['outcome_id', 'study_id']).execute();
    await db.schema.alterTable('study_data').addColumn('label', 'text').execute();
    await db.schema.alterTable('study_data').addColumn('position', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    // Existing rows (one per study) numbered in the order of their studies, so every outcome starts 0, 1, 2, ...
    await sql`
      update study_data set position = ranked.position
      from (
        select study_data.id, row_number() over (
          partition by study_data.outcome_id order by studies.created_version, studies.created_position, study_data.id
        ) - 1 as position
        from study_data inner join studies on studies.id = study_data.study_id
      ) as ranked
      where ranked.id = study_data.id`.execute(db);
    await db.schema.alterTable('outcomes').addColumn('totals', 'text', (c) => c.notNull().defaultTo('all')).execute();
    await db.schema.alterTable('outcomes').addColumn('unit_of_analysis', 'text', (c) => c.notNull().defaultTo('flag')).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('outcomes').dropColumn('unit_of_analysis').execute();
    await db.schema.alterTable('outcomes').dropColumn('totals').execute();
    await db.schema.alterTable('study_data').dropColumn('position').execute();
    await db.schema.alterTable('study_data').dropColumn('label').execute();
    await db.schema.dropIndex('study_data_outcome_study_rows').execute();
    // Fails while a study has several rows in one outcome: going back would lose data.
    await db.schema.createIndex('study_data_outcome_study').on('study_data').columns(['outcome_id', 'study_id']).unique().execute();
  },
};

const otherDataTables: Migration = {
  // RevMan's "Other data" analyses: tables of text per study, kept with the review and shown, never pooled.
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('other_data_tables')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('analysis', 'text')
      .addColumn('description', 'text')
      .addColumn('columns', 'text', (c) => c.notNull())
      .addColumn('rows', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('created_version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('other_data_tables_review').on('other_data_tables').columns(['review_id', 'position']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('other_data_tables').execute();
  },
};

/** Each outcome's snapshots in version order, a page at a time (an outcome may have thousands of large ones). */
async function eachSnapshot<Row extends { version: number }>(
  db: Kysely<unknown>,
  columns: ReturnType<typeof sql>,
  visit: (outcomeId: string, row: Row) => Promise<void>,
): Promise<void> {
  const outcomes = await sql<{ outcome_id: string }>`select distinct outcome_id from analysis_snapshots order by outcome_id`.execute(db);
  for (const { outcome_id: outcomeId } of outcomes.rows) {
    let after = -1;
    for (;;) {
      const page = await sql<Row>`select ${columns} from analysis_snapshots where outcome_id = ${outcomeId} and version > ${after} order by version limit 50`.execute(db);
      for (const row of page.rows) await visit(outcomeId, row);
      if (page.rows.length < 50) break;
      after = page.rows[page.rows.length - 1].version;
    }
  }
}

const compactSnapshots: Migration = {
  // Versions without repetition: a snapshot may hold its analysis as a delta from the snapshot before it
  // (snapshot-storage.ts). Existing snapshots are re-stored the same way; each delta is decoded and compared with the
  // JSON text it replaces before that text is dropped, so no version can change.
  async up(db: Kysely<unknown>) {
    const bytes = db.getExecutor().adapter instanceof PostgresAdapter ? sql`bytea` : sql`blob`;
    await db.schema.alterTable('analysis_snapshots').addColumn('delta', bytes).execute();
    await db.schema.alterTable('analysis_snapshots').addColumn('base_id', 'text').execute();
    await db.schema.alterTable('analysis_snapshots').addColumn('chain', 'integer', (c) => c.notNull().defaultTo(0)).execute();

    let previous: PreviousSnapshot | null = null;
    let outcome = '';
    await eachSnapshot<{ id: string; version: number; analysis: string | null }>(db, sql`id, version, analysis`, async (outcomeId, row) => {
      if (outcomeId !== outcome) [outcome, previous] = [outcomeId, null];
      const analysis: unknown = row.analysis === null ? null : JSON.parse(row.analysis);
      const stored = storedAnalysis(previous, analysis, row.analysis ?? undefined);
      const exact = stored.delta !== null && JSON.stringify(decodeSnapshotDelta(previous!.analysis, stored.delta)) === row.analysis;
      if (exact) {
        await sql`update analysis_snapshots set analysis = null, delta = ${stored.delta}, base_id = ${stored.base_id}, chain = ${stored.chain} where id = ${row.id}`.execute(db);
      }
      previous = { id: row.id, chain: exact ? stored.chain : 0, analysis };
    });
  },
  async down(db: Kysely<unknown>) {
    // Every delta written out as JSON text again, then the columns go.
    let chain: StoredSnapshot[] = [];
    let outcome = '';
    await eachSnapshot<StoredSnapshot & { version: number }>(db, sql`id, version, analysis, delta, base_id, chain`, async (outcomeId, row) => {
      if (outcomeId !== outcome) [outcome, chain] = [outcomeId, []];
      chain = row.delta === null ? [row] : [...chain.slice(-1), row];
      if (row.delta === null) return;
      const { analysis } = rebuildAnalysis(chain, () => undefined);
      chain = [{ ...row, analysis: JSON.stringify(analysis), delta: null, base_id: null, chain: 0 }];
      await sql`update analysis_snapshots set analysis = ${chain[0].analysis} where id = ${row.id}`.execute(db);
    });
    await db.schema.alterTable('analysis_snapshots').dropColumn('chain').execute();
    await db.schema.alterTable('analysis_snapshots').dropColumn('base_id').execute();
    await db.schema.alterTable('analysis_snapshots').dropColumn('delta').execute();
  },
};

const people: Migration = {
  // People: users (password and/or OpenID Connect identities), dashboard sessions, personal access tokens, review
  // teams with roles, invitations and password resets. Every existing token moves to a service user named after it
  // (an administrator for an admin token or a reader of every review; a member of its review otherwise), so it keeps
  // doing exactly what it did. Changes and quality assessments remember the user who made them.
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text')
      .addColumn('email_key', 'text')
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('orcid', 'text')
      .addColumn('password_hash', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('email_confirmed_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('users_email_key').on('users').column('email_key').unique().execute();

    await db.schema
      .createTable('oidc_identities')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('issuer', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('oidc_identities_issuer_subject').on('oidc_identities').columns(['issuer', 'subject']).unique().execute();
    await db.schema.createIndex('oidc_identities_user').on('oidc_identities').column('user_id').execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .addColumn('user_agent', 'text')
      .addColumn('address', 'text')
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

    await db.schema
      .createTable('review_members')
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('added_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('review_members_pk', ['review_id', 'user_id', 'role'])
      .execute();
    await db.schema.createIndex('review_members_user').on('review_members').column('user_id').execute();

    await db.schema
      .createTable('invitations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('invited_by', 'text')
      .addColumn('inviter_name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('accepted_at', 'text')
      .addColumn('accepted_by', 'text')
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema.createIndex('invitations_review').on('invitations').column('review_id').execute();

    await db.schema
      .createTable('password_resets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();

    await db.schema.alterTable('api_tokens').addColumn('user_id', 'text').execute();
    await db.schema.alterTable('api_tokens').addColumn('expires_at', 'text').execute();
    await db.schema.alterTable('api_tokens').addColumn('scope_review_ids', 'text').execute();
    await db.schema.alterTable('api_tokens').addColumn('scope_roles', 'text').execute();
    await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();
    await db.schema.alterTable('change_log').addColumn('actor_user_id', 'text').execute();
    await db.schema.alterTable('quality_assessments').addColumn('assessed_by_user_id', 'text').execute();

    const tokens = await sql<{ id: string; name: string; role: string; review_id: string | null; created_at: string }>`
      select id, name, role, review_id, created_at from api_tokens order by created_at, id`.execute(db);
    for (const token of tokens.rows) {
      const userId = randomUUID();
      // A reader token without a review read every review: an administrator's reach, narrowed to reading by its scope.
      const admin = token.role === 'admin' || (token.role === 'reader' && token.review_id === null) ? 1 : 0;
      await sql`insert into users (id, email, email_key, display_name, orcid, password_hash, kind, is_admin, email_confirmed_at, created_at)
        values (${userId}, null, null, ${token.name}, null, null, 'service', ${admin}, null, ${token.created_at})`.execute(db);
      if (token.review_id !== null) {
        await sql`insert into review_members (review_id, user_id, role, added_by, created_at)
          values (${token.review_id}, ${userId}, ${token.role === 'maintainer' ? 'maintainer' : 'reader'}, null, ${token.created_at})`.execute(db);
      }
      const roles = token.role === 'reader' ? JSON.stringify(['reader']) : null;
      const reviews = token.review_id === null ? null : JSON.stringify([token.review_id]);
      await sql`update api_tokens set user_id = ${userId}, scope_roles = ${roles}, scope_review_ids = ${reviews} where id = ${token.id}`.execute(db);
    }
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('quality_assessments').dropColumn('assessed_by_user_id').execute();
    await db.schema.alterTable('change_log').dropColumn('actor_user_id').execute();
    await db.schema.dropIndex('api_tokens_user').execute();
    // Tokens made after the migration keep working as what they were made as (their role and review columns).
    await db.schema.alterTable('api_tokens').dropColumn('scope_roles').execute();
    await db.schema.alterTable('api_tokens').dropColumn('scope_review_ids').execute();
    await db.schema.alterTable('api_tokens').dropColumn('expires_at').execute();
    await db.schema.alterTable('api_tokens').dropColumn('user_id').execute();
    for (const table of ['password_resets', 'invitations', 'review_members', 'sessions', 'oidc_identities', 'users']) {
      await db.schema.dropTable(table).execute();
    }
  },
};

/** Every migration, in the order it runs. Append; never edit one that has shipped. */
export const migrations: ReadonlyArray<readonly [name: string, migration: Migration]> = [
  ['0001-initial', initial],
  ['0002-outcome-evidence-settings', outcomeEvidenceSettings],
  ['0003-conclusion-alerts-and-webhooks', conclusionAlertsAndWebhooks],
  ['0004-snapshot-header-index', snapshotHeaderIndex],
  ['0005-study-positions', studyPositions],
  ['0006-study-data-rows', studyDataRows],
  ['0007-other-data-tables', otherDataTables],
  ['0008-compact-snapshots', compactSnapshots],
  ['0009-people', people],
  ['0010-intake', intake],
  ['0011-registry', registry],
  ['0012-extraction', extraction],
  ['0013-delta-storage', deltaStorage],
];
