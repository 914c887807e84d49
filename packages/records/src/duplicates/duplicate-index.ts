// An index of records already seen, answering: is this one a duplicate, which titles are close, which report the same trial.
import { distance } from 'fastest-levenshtein';
import type { BibRecord } from '../record.js';
import { duplicateReason, reasonRank, recordKeys, type DuplicateKind, type RecordKeys } from './rules.js';

export type { DuplicateKind } from './rules.js';

export interface DuplicateMatch {
  kind: DuplicateKind;
  id: string;
  /** Which key agreed: 'doi' | 'pmid' | 'registry id' | 'title, year, first author and journal' | 'title, year, first author, volume and pages'. */
  reason: string;
}

export interface NearMatch {
  id: string;
  /** Title similarity, 0..1: 1 − Levenshtein distance / length of the longer normalised title. */
  similarity: number;
}

interface Entry {
  id: string;
  order: number;
  keys: RecordKeys;
}

// Words too common to tell titles apart; they are never used to find candidates.
const STOP_WORDS = new Set(
  'a an and are as at be by for from in into is its of on or than that the their this to vs versus with without within among after before during between'.split(' '),
);

/** The distinct words of a normalised title that can find its near matches: not stop words, not single letters. */
export function titleWords(title: string): string[] {
  return [...new Set(title.split(' ').filter((word) => word.length > 1 && !STOP_WORDS.has(word)))];
}

/** Normalised edit similarity of two normalised titles (fastest-levenshtein's Myers bit-vector distance). */
export function titleSimilarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - distance(a, b) / longer;
}

function push<K>(map: Map<K, Entry[]>, key: K, entry: Entry): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

/**
 * Records added under ids, looked up by DOI, PMID, registry id, title-year-author key, title word and trial id, so
 * a new record is compared with a few candidates and never with all (20,000 records stay well under a second).
 *
 * Near matches use blocking: a record's candidates are the records sharing one of its rarest title words (the rarer
 * half-third: ⌊3·(1 − threshold)·n⌋ + 1 of its n words, rarest first by how many indexed titles hold them). At the
 * default threshold 0.9 a pair is found whenever fewer than about 30% of the new title's words are missing from the
 * other (typos, punctuation, a word or two changed, a subtitle added to a long title); a title reworded in most of its
 * words, or one made only of stop words and single letters, is not compared, and that recall is the price of not
 * comparing all pairs.
 */
export class DuplicateIndex {
  private readonly entries: Entry[] = [];
  private readonly byDoi = new Map<string, Entry[]>();
  private readonly byPmid = new Map<string, Entry[]>();
  private readonly byRegistryId = new Map<string, Entry[]>();
  private readonly byStrictKey = new Map<string, Entry[]>();
  private readonly byWord = new Map<string, Entry[]>();
  private readonly byTrialId = new Map<string, Entry[]>();

  /** Adds a record under an id (the first of its group; a record already known as a duplicate need not be added). */
  add(id: string, record: BibRecord): void {
    const entry: Entry = { id, order: this.entries.length, keys: recordKeys(record) };
    this.entries.push(entry);
    if (record.doi) push(this.byDoi, record.doi, entry);
    if (record.pmid) push(this.byPmid, record.pmid, entry);
    if (record.registryId) push(this.byRegistryId, record.registryId, entry);
    const strictKey = this.strictKey(entry.keys);
    if (strictKey) push(this.byStrictKey, strictKey, entry);
    for (const word of titleWords(entry.keys.title)) push(this.byWord, word, entry);
    for (const trialId of entry.keys.trialIds) push(this.byTrialId, trialId, entry);
  }

  /** The record already in the index that this one duplicates, or null (a DOI before a PMID before a registry id before a strict match; the earliest added on a tie). */
  match(record: BibRecord): DuplicateMatch | null {
    return this.matches(record)[0] ?? null;
  }

  /** Every record in the index that this one duplicates, best reason first, then in the order added. */
  matches(record: BibRecord): DuplicateMatch[] {
    const keys = recordKeys(record);
    const candidates = new Set<Entry>();
    for (const list of [
      record.doi ? this.byDoi.get(record.doi) : undefined,
      record.pmid ? this.byPmid.get(record.pmid) : undefined,
      record.registryId ? this.byRegistryId.get(record.registryId) : undefined,
      this.byStrictKey.get(this.strictKey(keys) ?? ''),
    ]) {
      for (const entry of list ?? []) if (entry.keys.record !== record) candidates.add(entry);
    }
    const found: (DuplicateMatch & { order: number })[] = [];
    for (const entry of candidates) {
      const why = duplicateReason(entry.keys, keys);
      if (why) found.push({ kind: why.kind, id: entry.id, reason: why.reason, order: entry.order });
    }
    found.sort((a, b) => reasonRank(a.reason) - reasonRank(b.reason) || a.order - b.order);
    return found.map(({ kind, id, reason }) => ({ kind, id, reason }));
  }

  /** Records with similar titles that are not duplicates by the rules above, most similar first (threshold default 0.9). */
  nearMatches(record: BibRecord, options: { threshold?: number; limit?: number } = {}): NearMatch[] {
    const threshold = options.threshold ?? 0.9;
    const keys = recordKeys(record);
    const words = titleWords(keys.title);
    if (words.length === 0) return [];
    words.sort((a, b) => (this.byWord.get(a)?.length ?? 0) - (this.byWord.get(b)?.length ?? 0));
    const probes = words.slice(0, Math.floor(3 * (1 - threshold) * words.length) + 1);
    const seen = new Set<Entry>();
    const found: (NearMatch & { order: number })[] = [];
    const maxLengthGap = 1 - threshold;
    for (const word of probes) {
      for (const entry of this.byWord.get(word) ?? []) {
        if (seen.has(entry) || entry.keys.record === record) continue;
        seen.add(entry);
        // Errata, retractions and replies are linked to a paper, never offered as its duplicate.
        if (entry.keys.notice !== keys.notice) continue;
        const longer = Math.max(entry.keys.title.length, keys.title.length);
        if (Math.abs(entry.keys.title.length - keys.title.length) > maxLengthGap * longer) continue;
        const similarity = titleSimilarity(entry.keys.title, keys.title);
        if (similarity < threshold || duplicateReason(entry.keys, keys)) continue;
        found.push({ id: entry.id, similarity, order: entry.order });
      }
    }
    found.sort((a, b) => b.similarity - a.similarity || a.order - b.order);
    return found.slice(0, options.limit ?? found.length).map(({ id, similarity }) => ({ id, similarity }));
  }

  /** Records in the index that name one of this record's trial ids (reports of the same study, not duplicates), in the order added. */
  sameTrial(record: BibRecord): string[] {
    const keys = recordKeys(record);
    const found = new Set<Entry>();
    for (const trialId of keys.trialIds) {
      for (const entry of this.byTrialId.get(trialId) ?? []) {
        if (entry.keys.record !== record && !duplicateReason(entry.keys, keys)) found.add(entry);
      }
    }
    return [...found].sort((a, b) => a.order - b.order).map((entry) => entry.id);
  }

  private strictKey(keys: RecordKeys): string | null {
    if (keys.title === '' || keys.record.year === null || !keys.surname) return null;
    return `${keys.title}\u0000${keys.record.year}\u0000${keys.surname}`;
  }
}
