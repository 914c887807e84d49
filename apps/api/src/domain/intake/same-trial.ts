// Reports of one study: a registry record and its publications, or several papers of one trial, name the same trial
// id. They are not duplicates (each is its own report, counted as one in PRISMA), so they are linked, not merged:
// these reads find the studies and records a record should join as a report.
import type { Database, Kysely, RecordRow, StudyRow } from '@cumulus/db';

/** The trial ids a record names, its own registry id first. */
export function trialIdsOf(record: Pick<RecordRow, 'registry_id' | 'nct_ids'>): string[] {
  return [...new Set([...(record.registry_id ? [record.registry_id] : []), ...(JSON.parse(record.nct_ids) as string[])])];
}

/** The trial a record is about: its own registry id, or the one trial id it names (none when it names several). */
export function ownTrialIdOf(record: Pick<RecordRow, 'registry_id' | 'nct_ids'>): string | null {
  const named = JSON.parse(record.nct_ids) as string[];
  return record.registry_id ?? (named.length === 1 ? named[0] : null);
}

/** Studies of the review registered under one of the record's trial ids. */
export async function studiesOfSameTrial(db: Kysely<Database>, record: RecordRow): Promise<StudyRow[]> {
  const ids = trialIdsOf(record);
  if (ids.length === 0) return [];
  return db.selectFrom('studies').selectAll().where('review_id', '=', record.review_id).where('registry_id', 'in', ids).where('retracted_version', 'is', null).execute();
}

/** Other records of the review (not duplicates) that name one of the record's trial ids. */
export async function recordsOfSameTrial(db: Kysely<Database>, record: RecordRow): Promise<RecordRow[]> {
  const ids = trialIdsOf(record);
  if (ids.length === 0) return [];
  return db
    .selectFrom('records')
    .selectAll()
    .where('review_id', '=', record.review_id)
    .where('id', '!=', record.id)
    .where('duplicate_of', 'is', null)
    // nct_ids is a JSON array of ids: an id in quotes is an element (ids with LIKE's wildcards are matched by registry_id only).
    .where((eb) => eb.or(ids.flatMap((id) => [eb('registry_id', '=', id), ...(/^[A-Za-z0-9-]+$/.test(id) ? [eb('nct_ids', 'like', `%"${id}"%`)] : [])])))
    .orderBy('created_version')
    .orderBy('position')
    .execute();
}
