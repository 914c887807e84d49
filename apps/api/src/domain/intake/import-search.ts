// Importing search results: the file is read whole first (@cumulus/records; a file that cannot be read is refused
// with its line and reason, and nothing is stored), then in one change of the review: the search, its records, and
// for each record whether it repeats one the review already has (same DOI, PMID or registry id; or the same title,
// year, first author and journal) or may repeat one (similar titles: a person decides). Records found by other
// methods (websites, organisations, citation searching) go straight to full text, as in PRISMA 2020.
import type { Database, Kysely, RecordRow, SearchRow, SearchSourceKind } from '@cumulus/db';
import { DuplicateIndex, parseRecords, RecordsParseError, type BibRecord, type RecordFormat } from '@cumulus/records';
import { z } from 'zod';
import type { Viewer } from '../../auth/viewer.js';
import { reviewForWrite } from '../access.js';
import { newId } from '../ids.js';
import { now } from '../rows.js';
import { refusable, refuse, type WriteResult } from '../user-errors.js';
import { isoDate, optionalText, text, validate } from '../validate.js';
import { NEW_RECORDS_EVENT, queueReviewDeliveries } from '../webhooks.js';
import { commitChange, type Services } from '../write-path.js';
import { isDatabaseOrRegister } from './prisma-flow.js';
import { bibRecordOfRow, identityColumns, identityOfRecord } from './record-rows.js';
import { roundForSearch } from './rounds.js';

export const searchSourceKinds = ['database', 'register', 'website', 'organisation', 'citation'] as const satisfies readonly SearchSourceKind[];

/** The most possible duplicates kept per record for a person to look at. */
const NEAR_MATCHES_PER_RECORD = 3;
/** Titles at least this similar (0 to 1) are offered as possible duplicates. */
export const NEAR_MATCH_THRESHOLD = 0.9;
/**
 * The largest file one import takes, in characters: 40 million (a 20,000-record export with abstracts is about 36).
 * The request itself may carry 64 MB, but the text is held twice while it is read (the body and its JSON) at two
 * bytes a character when it has any character beyond Latin-1, so this keeps one import within the server's heap.
 */
const MAX_CONTENT_CHARACTERS = 40_000_000;

const importInput = z.object({
  reviewId: z.string(),
  roundId: z.string().nullish(),
  source: text('source', 200),
  sourceKind: z.enum(searchSourceKinds).nullish(),
  searchedOn: isoDate('searchedOn'),
  query: optionalText('query', 20_000, { multiline: true }),
  fileName: optionalText('fileName', 300),
  format: z.enum(['ris', 'medline', 'csv']).nullish(),
  content: z.string().max(MAX_CONTENT_CHARACTERS, `content is longer than ${MAX_CONTENT_CHARACTERS.toLocaleString('en')} characters (about 20,000 records with abstracts); split the export into smaller files and import each as a search of the same source`),
});
export type ImportSearchInput = z.input<typeof importInput>;

export interface ImportedSearch {
  search: SearchRow;
  /** The number of the update round it belongs to. */
  round: number;
  /** The stored records' ids, in the file's order. */
  recordIds: string[];
  records: number;
  /** Records that repeat one already in the review (or earlier in the file), by identifier or strict match. */
  duplicates: number;
  /** Records with a possible duplicate waiting for a person. */
  possibleDuplicates: number;
  /** Records that now wait for screening. */
  newRecords: number;
}

function read(content: string, format: RecordFormat | null | undefined, fileName: string | null | undefined): { format: RecordFormat; records: BibRecord[] } {
  try {
    const parsed = parseRecords(content, { format: format ?? undefined, fileName: fileName ?? undefined });
    if (parsed.records.length === 0) refuse(['input', 'content'], 'the file holds no records; export the search results again, with their titles');
    return parsed;
  } catch (error) {
    if (error instanceof RecordsParseError) refuse(['input', 'content'], `line ${error.line}: ${error.reason}; nothing was imported`);
    throw error;
  }
}

/** The review's records that are not duplicates, indexed for matching. */
async function indexOfReview(trx: Kysely<Database>, reviewId: string): Promise<DuplicateIndex> {
  const index = new DuplicateIndex();
  const rows = await trx.selectFrom('records').select(['id', ...identityColumns]).where('review_id', '=', reviewId).where('duplicate_of', 'is', null).execute();
  for (const row of rows) index.add(row.id, bibRecordOfRow(row));
  return index;
}

export function importSearch(services: Services, viewer: Viewer, input: ImportSearchInput): Promise<WriteResult<ImportedSearch>> {
  return refusable(async () => {
    const valid = validate(importInput, input);
    const reviewId = await reviewForWrite(services.database, viewer, valid.reviewId, 'import search results');
    const parsed = read(valid.content, valid.format, valid.fileName);
    return commitChange(services, viewer, reviewId, {
      action: 'importSearch',
      async apply(trx, version) {
        const imported = await storeSearch(trx, {
          reviewId,
          version,
          roundId: valid.roundId,
          source: valid.source,
          sourceKind: valid.sourceKind ?? 'database',
          searchedOn: valid.searchedOn,
          query: valid.query ?? null,
          fileName: valid.fileName ?? null,
          format: parsed.format,
          importedBy: viewer.userId,
          records: parsed.records,
        });
        const summary = importSummary(imported);
        return {
          value: imported,
          summary,
          outcomeIds: [],
          details: { searchId: imported.search.id, roundId: imported.search.round_id, records: imported.records, duplicates: imported.duplicates, possibleDuplicates: imported.possibleDuplicates, newRecords: imported.newRecords },
          deliveries: await queueNewRecordsDeliveries(trx, imported, { reviewId, version, action: 'importSearch', summary }),
          announce: imported.newRecords > 0 ? { newRecords: imported.newRecords } : undefined,
        };
      },
    });
  });
}

/** What one search brings, however it came (an export, or a registry search's run). */
export interface SearchToStore {
  reviewId: string;
  version: number;
  roundId?: string | null;
  source: string;
  sourceKind: SearchSourceKind;
  searchedOn: string;
  query: string | null;
  fileName: string | null;
  /** ris, medline, csv, or registry. */
  format: string;
  importedBy: string | null;
  records: readonly BibRecord[];
}

/**
 * Stores a search and its records in the change's transaction: each record is matched against the review's records
 * (a repeat is stored as a duplicate of the record it repeats; a similar title is offered as a possible duplicate),
 * and records found by other methods go straight to full text, as in PRISMA 2020.
 */
export async function storeSearch(trx: Kysely<Database>, given: SearchToStore): Promise<ImportedSearch> {
  const { reviewId, version, sourceKind } = given;
  const round = await roundForSearch(trx, reviewId, version, given.roundId);
  const createdAt = now();
  const search: SearchRow = {
    id: newId(),
    review_id: reviewId,
    round_id: round.id,
    source: given.source,
    source_kind: sourceKind,
    searched_on: given.searchedOn,
    query: given.query,
    file_name: given.fileName,
    format: given.format,
    record_count: given.records.length,
    imported_by: given.importedBy,
    version,
    created_at: createdAt,
  };
  await trx.insertInto('searches').values(search).execute();

  const index = await indexOfReview(trx, reviewId);
  const rows: RecordRow[] = [];
  const candidates: { record_id: string; other_id: string; similarity: number }[] = [];
  let duplicates = 0;
  const withCandidates = new Set<string>();
  for (const record of given.records) {
    const id = newId();
    const match = index.match(record);
    if (match) duplicates++;
    else {
      for (const near of index.nearMatches(record, { threshold: NEAR_MATCH_THRESHOLD, limit: NEAR_MATCHES_PER_RECORD })) {
        candidates.push({ record_id: id, other_id: near.id, similarity: near.similarity });
        withCandidates.add(id);
      }
      index.add(id, record);
    }
    rows.push({
      id,
      review_id: reviewId,
      search_id: search.id,
      round_id: round.id,
      ...identityOfRecord(record),
      duplicate_of: match?.id ?? null,
      duplicate_kind: match?.kind ?? null,
      duplicate_reason: match?.reason ?? null,
      removed_reason: null,
      title_abstract_status: isDatabaseOrRegister(sourceKind) ? 'awaiting' : 'not-screened',
      full_text_status: isDatabaseOrRegister(sourceKind) ? null : 'awaiting',
      title_abstract_votes: 0,
      full_text_votes: 0,
      full_text_reason: null,
      study_id: null,
      included_as: null,
      created_version: version,
      updated_version: version,
      created_at: createdAt,
    });
  }
  for (let start = 0; start < rows.length; start += 400) await trx.insertInto('records').values(rows.slice(start, start + 400)).execute();
  for (let start = 0; start < candidates.length; start += 1000) {
    await trx
      .insertInto('duplicate_candidates')
      .values(
        candidates.slice(start, start + 1000).map((candidate) => ({
          id: newId(),
          review_id: reviewId,
          ...candidate,
          status: 'pending' as const,
          decided_by: null,
          decided_version: null,
          created_version: version,
          created_at: createdAt,
        })),
      )
      .execute();
  }
  return { search, round: round.number, recordIds: rows.map((row) => row.id), records: rows.length, duplicates, possibleDuplicates: withCandidates.size, newRecords: rows.length - duplicates };
}

/** The signed `records.new` deliveries of a stored search that brought records to screen (none when it brought none). */
export function queueNewRecordsDeliveries(trx: Kysely<Database>, imported: ImportedSearch, change: { reviewId: string; version: number; action: string; summary: string }): Promise<number> {
  if (imported.newRecords === 0) return Promise.resolve(0);
  const { search } = imported;
  return queueReviewDeliveries(trx, {
    ...change,
    event: NEW_RECORDS_EVENT,
    body: {
      newRecords: imported.newRecords,
      records: imported.records,
      duplicates: imported.duplicates,
      possibleDuplicates: imported.possibleDuplicates,
      search: { id: search.id, source: search.source, searchedOn: search.searched_on, round: imported.round },
    },
  });
}

/** "12 new records to screen from MEDLINE (15 records: 3 duplicates; 2 possible duplicates to check)". */
export function importSummary(imported: Pick<ImportedSearch, 'records' | 'duplicates' | 'possibleDuplicates' | 'newRecords'> & { search: Pick<SearchRow, 'source'> }): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const notes = [plural(imported.duplicates, 'duplicate')];
  if (imported.possibleDuplicates > 0) notes.push(`${plural(imported.possibleDuplicates, 'possible duplicate')} to check`);
  const head = imported.newRecords === 0 ? 'No new records' : `${plural(imported.newRecords, 'new record')} to screen`;
  return `${head} from ${imported.search.source} (${plural(imported.records, 'record')}: ${notes.join('; ')})`;
}
