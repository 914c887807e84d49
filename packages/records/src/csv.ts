// CSV with a header row (a spreadsheet of records, Zotero's or Scopus's CSV, a register's export), by csv-parse.
import { CsvError, parse } from 'csv-parse/sync';
import { cleanText, findNctIds, findRegistryId, joinPages, normaliseDoi, normalisePmid, parseYear, splitList, uniqueValues } from './fields.js';
import { emptyRecord, RecordsParseError, type BibRecord } from './record.js';

/**
 * Header names each field may have, compared in lower case with punctuation and spaces as '_' ('Publication Year'
 * is publication_year). The first column present wins. Registry columns: an id column (NCT Number in
 * ClinicalTrials.gov's export, registry_id, trial_id) makes the row a registry entry with that id; a column of trial
 * ids a publication names (nct, nct_ids, trial_registration) only adds to its NCT ids.
 */
const COLUMNS = {
  title: ['title', 'article_title', 'primary_title', 'document_title', 'study_title', 'ti'],
  abstract: ['abstract', 'abstract_note', 'ab', 'brief_summary', 'summary'],
  authors: ['authors', 'author', 'au', 'author_names', 'author_full_names'],
  year: ['year', 'publication_year', 'py', 'pub_year', 'year_published', 'publication_date', 'date'],
  journal: ['journal', 'secondary_title', 'source_title', 'publication_title', 'journal_title', 'journal_name', 'source', 'so'],
  doi: ['doi'],
  pmid: ['pmid', 'pubmed_id', 'pubmedid'],
  volume: ['volume', 'vol'],
  issue: ['issue', 'number', 'no'],
  pages: ['pages', 'page', 'page_range'],
  pageStart: ['page_start', 'start_page'],
  pageEnd: ['page_end', 'end_page'],
  keywords: ['keywords', 'author_keywords', 'index_keywords', 'manual_tags', 'mesh_terms'],
  recordId: ['record_id'],
  registryId: ['registry_id', 'nct_number', 'nct_id', 'trial_id'],
  trialIds: ['nct', 'nct_ids', 'trial_registration', 'trial_registrations', 'registration', 'trial_registry_numbers', 'clinical_trial_numbers'],
  links: ['url', 'link', 'study_url', 'notes', 'note'],
} as const;

type Field = keyof typeof COLUMNS;

export function columnKey(header: string): string {
  return header.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

/** The delimiter of the header line: the most frequent of ',', ';' and tab outside quotes (',' on a tie). */
function headerDelimiter(headerLine: string): string {
  const counts = new Map([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best = ',';
  for (const [delimiter, n] of counts) if (n > (counts.get(best) ?? 0)) best = delimiter;
  return best;
}

/** Rows of a CSV with a header row, each read as a record; every refusal names the line. */
export function readCsvRecords(text: string): BibRecord[] {
  const lines = text.split('\n');
  const headerIndex = lines.findIndex((line) => line.trim() !== '');
  const delimiter = headerDelimiter(lines[headerIndex]);
  let lastLine = headerIndex;
  let rows: CsvRow[];
  try {
    rows = parse(text, {
      delimiter,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      raw: true,
      on_record: (row, context) => {
        lastLine = context.lines;
        return row;
      },
    }) as unknown as CsvRow[];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw new RecordsParseError(nextNonBlankLine(lines, lastLine), csvReason(error));
  }
  const [header, ...data] = rows;
  const keys = header.record.map(columnKey);
  const column = (field: Field): number => {
    for (const name of COLUMNS[field]) {
      const index = keys.indexOf(name);
      if (index >= 0) return index;
    }
    return -1;
  };
  if (column('title') < 0) {
    throw new RecordsParseError(
      startLine(header),
      `the header row has no title column (columns: ${header.record.map((h) => `'${h.trim()}'`).join(', ')}): name the column of titles 'title'`,
    );
  }
  const records: BibRecord[] = [];
  for (const row of data) {
    const line = startLine(row);
    if (row.record.every((cell) => cell.trim() === '')) continue;
    if (row.record.length !== header.record.length) {
      throw new RecordsParseError(
        line,
        `this row has ${row.record.length} fields but the header row has ${header.record.length}: a value holding '${delimiter === '\t' ? 'a tab' : delimiter}' must be in double quotes`,
      );
    }
    const cell = (field: Field): string | null => {
      const index = column(field);
      return index < 0 ? null : cleanText(row.record[index]);
    };
    const allCells = (field: Field): string[] =>
      COLUMNS[field].map((name) => keys.indexOf(name)).filter((i) => i >= 0).map((i) => row.record[i]);
    const record = emptyRecord('csv', records.length + 1, line);
    record.recordId = cell('recordId');
    record.title = cell('title');
    record.abstract = cell('abstract');
    record.authors = splitList(cell('authors'));
    record.year = parseYear(cell('year'));
    record.journal = cell('journal');
    const doi = cell('doi');
    const pmid = cell('pmid');
    record.doi = doi === null ? null : normaliseDoi(doi);
    record.pmid = pmid === null ? null : normalisePmid(pmid);
    record.volume = cell('volume');
    record.issue = cell('issue');
    record.pages = joinPages(cell('pages') ?? cell('pageStart'), cell('pages') === null ? cell('pageEnd') : null);
    record.keywords = uniqueValues(allCells('keywords').flatMap((value) => splitList(value)));
    const ownId = cell('registryId');
    record.registryId = ownId === null ? null : (findRegistryId(ownId) ?? ownId);
    record.nctIds = findNctIds([
      ...(record.registryId ? [record.registryId] : []),
      ...allCells('trialIds'),
      record.title ?? '',
      record.abstract ?? '',
      ...record.keywords,
      ...allCells('links'),
    ]);
    records.push(record);
  }
  return records;
}

/** A row as csv-parse gives it with `info` and `raw`. */
interface CsvRow {
  record: string[];
  raw: string;
  info: { lines: number };
}

// csv-parse's info.lines is the line a row ends on; its raw text (after skipped blank lines) says how many it spans.
function startLine(row: CsvRow): number {
  const raw = row.raw.replace(/^\n+/, '').replace(/\n$/, '');
  return row.info.lines - (raw.split('\n').length - 1);
}

function nextNonBlankLine(lines: string[], afterLine: number): number {
  let index = afterLine;
  while (index < lines.length - 1 && lines[index].trim() === '') index += 1;
  return index + 1;
}

function csvReason(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted value starts in this row and its closing double quote is missing: close the quote (a double quote inside a value is written twice: "")';
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a double quote in the middle of a value: put the whole value in double quotes and write the quote inside it twice ("")';
    default:
      return `this row cannot be read as CSV (${error.message}): check its quotes and delimiters`;
  }
}
