// Reads serve stored snapshots: nothing here recomputes. Snapshots never change, so parsed ones are cached.
import { rebuildAnalysis, type AnalysisSnapshotRow, type CumulusDatabase, type Database, type Kysely, type OutcomeRow, type StoredSnapshot } from '@cumulus/db';
import { ByteBoundedCache } from './byte-bounded-cache.js';
import { keptSnapshotHead, type SnapshotHead } from './snapshot-heads.js';
import type { OutcomeAnalysis } from './engine.js';

export type SnapshotHeader = Omit<AnalysisSnapshotRow, 'analysis' | 'delta' | 'base_id' | 'chain'>;

/** An outcome as of one version: its current description and the analysis stored at that version. */
export interface OutcomeView {
  outcome: OutcomeRow;
  snapshot: SnapshotHeader;
}

const snapshotHeaderColumns = ['id', 'outcome_id', 'review_id', 'version', 'k', 'estimate', 'ci_lower', 'ci_upper', 'p_value', 'created_at'] as const;

/** The outcome with its latest snapshot at or before `asOfVersion` (latest of all when omitted). */
export async function loadOutcomeView(database: CumulusDatabase, outcomeId: string, asOfVersion?: number | null): Promise<OutcomeView | null> {
  const outcome = await database.db.selectFrom('outcomes').selectAll().where('id', '=', outcomeId).executeTakeFirst();
  if (!outcome) return null;
  return outcomeViewOf(database, outcome, asOfVersion);
}

export async function outcomeViewOf(database: CumulusDatabase, outcome: OutcomeRow, asOfVersion?: number | null): Promise<OutcomeView | null> {
  // The snapshot a change of this instance stored at that version (a change's answer, its event) is known without a query.
  const kept = asOfVersion !== null && asOfVersion !== undefined ? keptSnapshotHead(database, outcome.id, asOfVersion) : undefined;
  if (kept) return { outcome, snapshot: headerOf(kept) };
  let query = database.db
    .selectFrom('analysis_snapshots')
    .select(snapshotHeaderColumns)
    .where('outcome_id', '=', outcome.id)
    .orderBy('version', 'desc')
    .limit(1);
  if (asOfVersion !== null && asOfVersion !== undefined) query = query.where('version', '<=', asOfVersion);
  const snapshot = await query.executeTakeFirst();
  return snapshot ? { outcome, snapshot } : null;
}

function headerOf({ base_id: _base, chain: _chain, previous_id: _previous, ...header }: SnapshotHead): SnapshotHeader {
  return header;
}

export async function snapshotHeaders(database: CumulusDatabase, outcomeId: string): Promise<SnapshotHeader[]> {
  return database.db
    .selectFrom('analysis_snapshots')
    .select(snapshotHeaderColumns)
    .where('outcome_id', '=', outcomeId)
    .orderBy('version')
    .execute();
}

/**
 * A parsed analysis weighs a little less than its JSON text in memory (measured: 0.6 to 0.9 bytes per character at
 * k = 200 to 1,000), so it is weighed at one byte per character; the cache of them is bounded in bytes
 * (CUMULUS_SNAPSHOT_CACHE_MB, 64 by default: main.ts sets it).
 */
const PARSED_BYTES_PER_CHARACTER = 1;
export const parsedSnapshots = new ByteBoundedCache<string, OutcomeAnalysis | null>(64 * 1024 * 1024);

/**
 * Keeps a snapshot's analysis (snapshots are immutable, so it never goes stale), weighed by its JSON text, or, when
 * that was not written out (a delta), as the snapshot it was stored against was weighed.
 */
export function rememberSnapshotAnalysis(snapshotId: string, analysis: OutcomeAnalysis | null, textLength: number | null, baseId?: string): void {
  const weight = textLength === null && baseId !== undefined ? parsedSnapshots.bytesOf(baseId) : undefined;
  parsedSnapshots.set(snapshotId, analysis, weight ?? Math.max(64, (textLength ?? 0) * PARSED_BYTES_PER_CHARACTER));
}

const storedColumns = ['id', 'analysis', 'delta', 'base_id', 'chain'] as const;

/**
 * The stored analysis of a snapshot (null when the outcome had no data), rebuilt once per process: a checkpoint is
 * parsed, a delta decoded from the snapshot before it (which is usually cached: the last write left it there).
 * `db` may be a transaction.
 */
export async function storedAnalysisOf(db: Kysely<Database>, snapshotId: string): Promise<OutcomeAnalysis | null> {
  const cached = parsedSnapshots.get(snapshotId);
  if (cached !== undefined) return cached;
  const row = await db.selectFrom('analysis_snapshots').select([...storedColumns, 'outcome_id', 'version']).where('id', '=', snapshotId).executeTakeFirstOrThrow();
  let chain: StoredSnapshot[] = [row];
  if (row.base_id !== null && parsedSnapshots.get(row.base_id) !== undefined) {
    chain = [{ id: row.base_id, analysis: null, delta: null, base_id: null, chain: 0 }, row];
  } else if (row.chain > 0) {
    const before = await db
      .selectFrom('analysis_snapshots')
      .select(storedColumns)
      .where('outcome_id', '=', row.outcome_id)
      .where('version', '<', row.version)
      .orderBy('version', 'desc')
      .limit(row.chain)
      .execute();
    chain = [...before.reverse(), row];
  }
  const { analysis, rebuilt } = rebuildAnalysis(chain, (id) => parsedSnapshots.get(id));
  // A delta's analysis weighs what its checkpoint weighs (the same shape, near enough).
  const weight = parsedSnapshots.bytesOf(chain[0].id) ?? Math.max(64, (chain[0].analysis?.length ?? 0) * PARSED_BYTES_PER_CHARACTER);
  for (const entry of rebuilt) parsedSnapshots.set(entry.id, entry.analysis as OutcomeAnalysis | null, weight);
  return analysis as OutcomeAnalysis | null;
}

/** The stored analysis of a snapshot (null when the outcome had no data). */
export function analysisOf(database: CumulusDatabase, snapshotId: string): Promise<OutcomeAnalysis | null> {
  return storedAnalysisOf(database.db, snapshotId);
}

const eventViews = new Map<string, Promise<OutcomeView | null>>();

/**
 * The outcome as of an event's version, loaded once for all subscribers of that event (a thousand
 * subscribers to one outcome cost one read, not a thousand).
 */
export function outcomeViewForEvent(database: CumulusDatabase, outcomeId: string, version: number): Promise<OutcomeView | null> {
  const key = `${outcomeId}@${version}`;
  let view = eventViews.get(key);
  if (!view) {
    view = loadOutcomeView(database, outcomeId, version);
    eventViews.set(key, view);
    view.catch(() => eventViews.delete(key));
    if (eventViews.size > 1000) eventViews.delete(eventViews.keys().next().value as string);
  }
  return view;
}
