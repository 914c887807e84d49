// "Other data" tables of a review (RevMan 5's OTHER_OUTCOME): text per study, kept with the review and shown,
// never pooled. Written by the RevMan import, inside its change.
import type { Database, Kysely, OtherDataTableRow } from '@cumulus/db';
import { newId } from './ids.js';
import { now } from './rows.js';

export interface OtherDataTableInput {
  name: string;
  /** RevMan's analysis number, e.g. '3.2'. */
  analysis?: string | null;
  description?: string | null;
  columns: string[];
  /** Rows name the review's studies by id. */
  rows: { studyId: string; subgroup: string | null; cells: string[] }[];
}

export interface OtherDataTable {
  id: string;
  name: string;
  analysis: string | null;
  description: string | null;
  columns: string[];
  rows: { studyId: string; subgroup: string | null; cells: string[] }[];
}

export async function insertOtherDataTable(trx: Kysely<Database>, reviewId: string, version: number, position: number, table: OtherDataTableInput): Promise<void> {
  await trx
    .insertInto('other_data_tables')
    .values({
      id: newId(),
      review_id: reviewId,
      name: table.name,
      analysis: table.analysis ?? null,
      description: table.description ?? null,
      columns: JSON.stringify(table.columns),
      rows: JSON.stringify(table.rows),
      position,
      created_version: version,
      created_at: now(),
    })
    .execute();
}

function otherDataTableOf(row: OtherDataTableRow): OtherDataTable {
  return {
    id: row.id,
    name: row.name,
    analysis: row.analysis,
    description: row.description,
    columns: JSON.parse(row.columns) as string[],
    rows: JSON.parse(row.rows) as OtherDataTable['rows'],
  };
}

/** The review's "Other data" tables as of `version` (all of them when null), in their order. */
export async function otherDataTablesOf(db: Kysely<Database>, reviewId: string, version: number | null): Promise<OtherDataTable[]> {
  let query = db.selectFrom('other_data_tables').selectAll().where('review_id', '=', reviewId);
  if (version !== null) query = query.where('created_version', '<=', version);
  return (await query.orderBy('position').execute()).map(otherDataTableOf);
}
