// The newest snapshot of each outcome this instance stored, kept once its change commits. The next change of the
// outcome stores its delta against it without asking the database which snapshot is the newest, and the change's
// answer (the outcome as of the new version) finds its header without a query.
//
// A cache, never the truth. A kept head is the outcome's newest snapshot exactly when the outcome's row, read in the
// new change's transaction, says it was last recomputed at the head's version: every change that stores a snapshot of
// an outcome sets the outcome's version to that version in the same transaction, and one version of an outcome has one
// snapshot. A change of another instance, or one that rolled back, leaves the kept head at an older version than the
// row's (or never kept it), so it is not used.
import type { CumulusDatabase } from '@cumulus/db';
import { cachePerDatabase } from './byte-bounded-cache.js';
import type { SnapshotHeader } from './reads.js';

/** A stored snapshot's header with what a delta against it needs (its chain back to a checkpoint). */
export interface SnapshotHead extends SnapshotHeader {
  base_id: string | null;
  chain: number;
  /**
   * The outcome's snapshot before this one (null for its first), which a change's comparison with the version before
   * reads: its base when it is a delta, and also known for a checkpoint, which has no base.
   */
  previous_id: string | null;
}

/** Heads weigh a few hundred bytes: 2 MB keep those of several thousand outcomes per instance. */
export const SNAPSHOT_HEADS_BYTES = 2 * 1024 * 1024;
const HEAD_BYTES = 400;

/** Kept heads by outcome id, one cache per database handle (an instance). */
const keptFor = cachePerDatabase<string, SnapshotHead>(SNAPSHOT_HEADS_BYTES);

/** Keeps the snapshots a change stored, once it has committed (a head kept meanwhile at a later version stays). */
export function rememberSnapshotHeads(database: CumulusDatabase, heads: SnapshotHead[]): void {
  const cache = keptFor(database);
  for (const head of heads) {
    const current = cache.get(head.outcome_id);
    if (current === undefined || current.version < head.version) cache.set(head.outcome_id, head, HEAD_BYTES);
  }
}

/**
 * The outcome's snapshot stored at `version`, when it is the one kept (one version of an outcome has one snapshot).
 * Asked with the version its row says it was last recomputed at, read in a transaction, it is the outcome's newest.
 */
export function keptSnapshotHead(database: CumulusDatabase, outcomeId: string, version: number): SnapshotHead | undefined {
  const head = keptFor(database).get(outcomeId);
  return head !== undefined && head.version === version ? head : undefined;
}
