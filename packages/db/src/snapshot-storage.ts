// How one version of an outcome's analysis is stored: as JSON text (a checkpoint), or as a delta from the snapshot of
// the same outcome just before it. Deltas are used while they are small; every CHECKPOINT_EVERY-th snapshot of an
// outcome is whole again, so reading any version decodes at most CHECKPOINT_EVERY - 1 deltas.
import { decodeSnapshotDelta, encodeSnapshotDelta } from './snapshot-codec.js';

export const CHECKPOINT_EVERY = 32;
/** A larger delta is kept only when it is at most this fraction of the JSON text. */
const DELTA_FRACTION = 0.5;

/** The stored columns of one snapshot's analysis. */
export interface StoredAnalysis {
  /** JSON text of the analysis (a checkpoint), or null for a delta or an outcome without data. */
  analysis: string | null;
  /** The difference from the analysis of `base_id`, or null. */
  delta: Uint8Array | null;
  base_id: string | null;
  /** How many deltas lead back to the nearest checkpoint (0 for a checkpoint). */
  chain: number;
}

/** The snapshot a new one may be stored against: its id, its chain length and its analysis (decoded). */
export interface PreviousSnapshot {
  id: string;
  chain: number;
  analysis: unknown;
}

/** A delta this small is kept without comparing it with the JSON text (which is then not computed at all). */
const SMALL_DELTA_BYTES = 64 * 1024;

/**
 * The columns that store `analysis` (null when the outcome has no data) after `previous`; `text` is its JSON when the
 * caller already has it. `bytes` is what the analysis weighs as stored.
 */
export function storedAnalysis(previous: PreviousSnapshot | null, analysis: unknown, text?: string): StoredAnalysis & { bytes: number } {
  if (analysis === null) return { analysis: null, delta: null, base_id: null, chain: 0, bytes: 0 };
  let json = text;
  if (previous !== null && previous.analysis !== null && previous.chain + 1 < CHECKPOINT_EVERY) {
    const delta = encodeSnapshotDelta(previous.analysis, analysis);
    if (delta.length <= SMALL_DELTA_BYTES || delta.length <= (json ??= JSON.stringify(analysis)).length * DELTA_FRACTION) {
      return { analysis: null, delta, base_id: previous.id, chain: previous.chain + 1, bytes: delta.length };
    }
  }
  json ??= JSON.stringify(analysis);
  return { analysis: json, delta: null, base_id: null, chain: 0, bytes: json.length };
}

/** One stored snapshot, as read back to rebuild its analysis. */
export interface StoredSnapshot extends StoredAnalysis {
  id: string;
}

/**
 * The analysis of the last snapshot of `chain`, which runs from a checkpoint (or from a snapshot whose analysis is
 * `known`) forward, each one the base of the next. `known` gives analyses already rebuilt (a cache), by id.
 */
export function rebuildAnalysis(chain: StoredSnapshot[], known: (id: string) => unknown): { analysis: unknown; rebuilt: { id: string; analysis: unknown }[] } {
  const rebuilt: { id: string; analysis: unknown }[] = [];
  let current: { id: string; analysis: unknown } | null = null;
  for (const snapshot of chain) {
    const cached = known(snapshot.id);
    if (cached !== undefined) {
      current = { id: snapshot.id, analysis: cached };
      continue;
    }
    let analysis: unknown;
    if (snapshot.delta === null) {
      analysis = snapshot.analysis === null ? null : JSON.parse(snapshot.analysis);
    } else {
      if (current === null || current.id !== snapshot.base_id) {
        throw new Error(`snapshot ${snapshot.id}: its base ${snapshot.base_id} is not the snapshot before it`);
      }
      analysis = decodeSnapshotDelta(current.analysis, toBytes(snapshot.delta));
    }
    current = { id: snapshot.id, analysis };
    rebuilt.push(current);
  }
  if (current === null) throw new Error('snapshot chain: nothing to rebuild');
  return { analysis: current.analysis, rebuilt };
}

/** Drivers hand back blobs as Buffers (a Uint8Array) or, through some paths, as other views of bytes. */
function toBytes(value: Uint8Array | ArrayBuffer): Uint8Array {
  return value instanceof Uint8Array ? value : new Uint8Array(value);
}
