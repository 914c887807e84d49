// @cumulus/records: search exports read into plain records, and the duplicates among them.
export { type BibRecord, type RecordFormat, RecordsParseError } from './record.js';
export { detectFormat } from './detect-format.js';
export { parseRecords, type ParseRecordsOptions } from './parse-records.js';
export { decodeRecordsFile } from './decode.js';
export { normaliseDoi } from './fields.js';
export { normaliseTitle } from './duplicates/normalise.js';
export { DuplicateIndex, type DuplicateKind, type DuplicateMatch, type NearMatch } from './duplicates/duplicate-index.js';
export { dedupe, type DedupeResult } from './duplicates/dedupe.js';
