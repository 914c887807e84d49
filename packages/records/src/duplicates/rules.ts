// When two records are one: the rules a screening tool applies, in order.
import { pageRange } from '../fields.js';
import type { BibRecord } from '../record.js';
import { firstAuthorSurname, isNotice, journalsAgree, normaliseTitle } from './normalise.js';

export type DuplicateKind = 'identifier' | 'strict';

/** A record with the keys the rules compare, computed once. */
export interface RecordKeys {
  record: BibRecord;
  title: string;
  surname: string | null;
  notice: boolean;
  /** The record's trial ids: its NCT ids and, for a registry entry, its own id. */
  trialIds: string[];
}

// Keys computed once per record object (dedupe asks three times: match, near matches, add): records are read-only once read.
const cache = new WeakMap<BibRecord, RecordKeys>();

export function recordKeys(record: BibRecord): RecordKeys {
  const cached = cache.get(record);
  if (cached) return cached;
  const keys = computeKeys(record);
  cache.set(record, keys);
  return keys;
}

function computeKeys(record: BibRecord): RecordKeys {
  const title = record.title ? normaliseTitle(record.title) : '';
  return {
    record,
    title,
    surname: firstAuthorSurname(record.authors),
    notice: isNotice(title),
    trialIds: [...new Set([...(record.registryId ? [record.registryId] : []), ...record.nctIds])],
  };
}

/**
 * Two records that can never be one, whatever else agrees: both have DOIs and they differ, or PMIDs, or registry
 * ids; or one is a registry entry and the other a publication (a trial's reports, not duplicates: see sameTrial).
 */
export function conflicting(a: BibRecord, b: BibRecord): boolean {
  if (a.doi && b.doi && a.doi !== b.doi) return true;
  if (a.pmid && b.pmid && a.pmid !== b.pmid) return true;
  if (a.registryId && b.registryId && a.registryId !== b.registryId) return true;
  return (a.registryId === null) !== (b.registryId === null);
}

/**
 * Why b duplicates a, or null. Identifier duplicates: the same DOI, PMID or registry id. Strict duplicates: the same
 * normalised title, year and first author's surname, and the same journal (abbreviations aside) or the same volume
 * and pages. Naming the same NCT id is not enough: papers of one trial are its reports, not duplicates.
 */
export function duplicateReason(a: RecordKeys, b: RecordKeys): { kind: DuplicateKind; reason: string } | null {
  const ra = a.record;
  const rb = b.record;
  if (conflicting(ra, rb)) return null;
  if (ra.doi && ra.doi === rb.doi) return { kind: 'identifier', reason: 'doi' };
  if (ra.pmid && ra.pmid === rb.pmid) return { kind: 'identifier', reason: 'pmid' };
  if (ra.registryId && ra.registryId === rb.registryId) return { kind: 'identifier', reason: 'registry id' };
  if (a.title === '' || a.title !== b.title || ra.year === null || ra.year !== rb.year || !a.surname || a.surname !== b.surname) return null;
  if (ra.journal && rb.journal && journalsAgree(ra.journal, rb.journal)) return { kind: 'strict', reason: 'title, year, first author and journal' };
  if (ra.volume && ra.volume === rb.volume && samePages(ra.pages, rb.pages)) return { kind: 'strict', reason: 'title, year, first author, volume and pages' };
  return null;
}

const REASON_ORDER = ['doi', 'pmid', 'registry id'];

/** Identifier reasons before strict ones, DOI first. */
export function reasonRank(reason: string): number {
  const i = REASON_ORDER.indexOf(reason);
  return i < 0 ? REASON_ORDER.length : i;
}

// '454-81' and '454-481' are one range; a first page alone agrees with a range starting there.
function samePages(a: string | null, b: string | null): boolean {
  const pa = pageRange(a);
  const pb = pageRange(b);
  if (!pa || !pb || pa.first !== pb.first) return false;
  return pa.last === null || pb.last === null || pa.last === pb.last;
}
