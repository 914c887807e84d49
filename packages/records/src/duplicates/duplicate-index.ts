// An index of records already seen, answering: is this one a duplicate, which titles are close, which report the same trial.
// fastest-levenshtein (MIT, no dependencies, tens of millions of downloads a month, used by stylelint and webpack-cli):
// Myers' bit-vector edit distance, a finished algorithm, so its rare releases are not neglect.
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

const BAG_SIZE = 64;

/** A title's characters counted in 64 buckets (code point mod 64): enough to bound the edit distance from below. */
function characterBag(title: string): Uint16Array {
  const bag = new Uint16Array(BAG_SIZE);
  for (let i = 0; i < title.length; i += 1) bag[title.charCodeAt(i) % BAG_SIZE] += 1;
  return bag;
}

// Bag distance: max(characters only in a, characters only in b) as multisets, never more than the edit distance.
// True as soon as it exceeds the distance allowed.
function bagDistanceOver(bags: Uint16Array, at: number, b: Uint16Array, allowed: number): boolean {
  let onlyA = 0;
  let onlyB = 0;
  for (let i = 0; i < BAG_SIZE; i += 1) {
    const gap = bags[at + i] - b[i];
    if (gap > 0) onlyA += gap;
    else onlyB -= gap;
    if (onlyA > allowed || onlyB > allowed) return true;
  }
  return false;
}

function push<K>(map: Map<K, Entry[]>, key: K, entry: Entry): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

/**
 * Records added under ids, looked up by DOI, PMID, registry id, title-year-author key, title word and trial id, so a
 * new record is compared with a few candidates, never with all (20,000 records: about 1.5 s on one core, see the bench).
 *
 * Near matches use blocking. A title's words (not stop words or single letters) are ranked by how many indexed titles
 * hold them, rarest first, leaving out words no indexed title holds. The candidates are the records holding the rarest
 * of them, and of the next rarest up to ⌊3·(1 − threshold)·n⌋ + 1 words in all (n its words; 5 of 14 at 0.9) those
 * held by at most max(100, 1% of the index). Only candidates within the length gap and the character-multiset gap the
 * threshold allows are compared by edit distance. Recall trade-off: a pair is found when the new title shares its
 * rarest indexed word with the other, or one of its next rare words: so typos, punctuation, a changed word or a
 * subtitle are found, but a title whose words are mostly changed, or one whose only shared words are common in the
 * index (above 1%) once its rarest word is missing from the other, is not compared.
 */
export class DuplicateIndex {
  private readonly entries: Entry[] = [];
  private readonly byDoi = new Map<string, Entry[]>();
  private readonly byPmid = new Map<string, Entry[]>();
  private readonly byRegistryId = new Map<string, Entry[]>();
  private readonly byStrictKey = new Map<string, Entry[]>();
  private readonly byTrialId = new Map<string, Entry[]>();
  // Title words → orders of the entries holding them; per order, flat arrays the candidate loop reads without
  // touching the entries (20,000 records: millions of candidates, each rejected in a few typed-array reads).
  private readonly ordersByWord = new Map<string, number[]>();
  private titleLengths = new Int32Array(1024);
  private notices = new Uint8Array(1024);
  private bags = new Uint16Array(1024 * BAG_SIZE);
  // Which query last saw each entry, so a candidate found under two words is compared once.
  private seenIn = new Int32Array(1024);
  private query = 0;

  /** Adds a record under an id (the first of its group; a record already known as a duplicate need not be added). */
  add(id: string, record: BibRecord): void {
    const keys = recordKeys(record);
    const entry: Entry = { id, order: this.entries.length, keys };
    this.entries.push(entry);
    if (entry.order >= this.seenIn.length) this.grow();
    this.titleLengths[entry.order] = keys.title.length;
    this.notices[entry.order] = keys.notice ? 1 : 0;
    this.bags.set(characterBag(keys.title), entry.order * BAG_SIZE);
    if (record.doi) push(this.byDoi, record.doi, entry);
    if (record.pmid) push(this.byPmid, record.pmid, entry);
    if (record.registryId) push(this.byRegistryId, record.registryId, entry);
    const strictKey = this.strictKey(entry.keys);
    if (strictKey) push(this.byStrictKey, strictKey, entry);
    for (const word of titleWords(keys.title)) {
      const orders = this.ordersByWord.get(word);
      if (orders) orders.push(entry.order);
      else this.ordersByWord.set(word, [entry.order]);
    }
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
    const titleWordList = titleWords(keys.title);
    const words = titleWordList
      .map((word) => this.ordersByWord.get(word) ?? [])
      .filter((orders) => orders.length > 0)
      .sort((a, b) => a.length - b.length);
    const wanted = Math.floor(3 * (1 - threshold) * titleWordList.length) + 1;
    const common = Math.max(100, 0.01 * this.entries.length);
    const probes = words.filter((orders, i) => i < wanted && (i === 0 || orders.length <= common));
    this.query += 1;
    const found: (NearMatch & { order: number })[] = [];
    const bag = characterBag(keys.title);
    const length = keys.title.length;
    const notice = keys.notice ? 1 : 0;
    for (const orders of probes) {
      for (const order of orders) {
        if (this.seenIn[order] === this.query) continue;
        this.seenIn[order] = this.query;
        // Errata, retractions and replies are linked to a paper, never offered as its duplicate.
        if (this.notices[order] !== notice) continue;
        const otherLength = this.titleLengths[order];
        const allowed = (1 - threshold) * (otherLength > length ? otherLength : length);
        // Two cheap lower bounds of the edit distance first: the length gap, then the characters' multiset difference.
        if (Math.abs(otherLength - length) > allowed || bagDistanceOver(this.bags, order * BAG_SIZE, bag, allowed)) continue;
        const entry = this.entries[order];
        if (entry.keys.record === record) continue;
        const similarity = titleSimilarity(entry.keys.title, keys.title);
        if (similarity < threshold || duplicateReason(entry.keys, keys)) continue;
        found.push({ id: entry.id, similarity, order });
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

  private grow(): void {
    const size = this.seenIn.length * 2;
    const seenIn = new Int32Array(size);
    seenIn.set(this.seenIn);
    this.seenIn = seenIn;
    const titleLengths = new Int32Array(size);
    titleLengths.set(this.titleLengths);
    this.titleLengths = titleLengths;
    const notices = new Uint8Array(size);
    notices.set(this.notices);
    this.notices = notices;
    const bags = new Uint16Array(size * BAG_SIZE);
    bags.set(this.bags);
    this.bags = bags;
  }

  private strictKey(keys: RecordKeys): string | null {
    if (keys.title === '' || keys.record.year === null || !keys.surname) return null;
    return `${keys.title}\u0000${keys.record.year}\u0000${keys.surname}`;
  }
}
