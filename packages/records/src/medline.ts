// PubMed/MEDLINE text (.nbib): four-column tags ('PMID- ', 'TI  - ', 'FAU - '), continuation lines indented six spaces,
// records separated by blank lines.
import { findNctIds, firstOf, firstYear, normaliseDoi, normalisePmid, uniqueValues } from './fields.js';
import { emptyRecord, RecordsParseError, type BibRecord } from './record.js';
import { addValue, all, continueValue, first, type TaggedRecord } from './tagged-record.js';

const MEDLINE_TAG = /^([A-Z][A-Z0-9]{0,3}) *- ?(.*)$/;

/**
 * MEDLINE records: a record opens at its first tag (normally PMID) and closes at a blank line or at the next PMID.
 * Lines before the first tag are data outside records and ignored. Inside a record every line is a tag with its
 * hyphen in column 5, or a continuation line (indented); anything else is refused, naming the line.
 */
export function readMedlineRecords(lines: string[]): TaggedRecord[] {
  const records: TaggedRecord[] = [];
  let current: TaggedRecord | null = null;
  let lastTag: string | null = null;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (line.trim() === '') {
      if (current) records.push(current);
      current = null;
      lastTag = null;
      continue;
    }
    if (current && lastTag && /^\s/.test(line)) {
      continueValue(current, lastTag, line.trim());
      continue;
    }
    const match = line.charAt(4) === '-' ? MEDLINE_TAG.exec(line) : null;
    if (!match) {
      if (!current) continue;
      throw new RecordsParseError(
        i + 1,
        `'${line.slice(0, 40)}' is neither a MEDLINE tag (like 'TI  - ') nor a continuation line (indented six spaces): the export is damaged; export it from PubMed again`,
      );
    }
    const [, tag, value] = match;
    if (tag === 'PMID' && current) {
      records.push(current);
      current = null;
    }
    if (!current) current = { line: i + 1, fields: new Map() };
    addValue(current, tag, value.trim());
    lastTag = tag;
  }
  if (current) records.push(current);
  if (records.length === 0) throw new RecordsParseError(1, "no MEDLINE records: a record starts with 'PMID- '; export the results from PubMed in PubMed format again");
  return records;
}

/**
 * One MEDLINE record's fields: TI (or BTI, a book's title) title; FAU (full names) or AU authors, CN (a group) when
 * there is no person; DP year (DA is the date the record was created, not published); JT journal (TA, the
 * abbreviation, without it); VI volume; IP issue (IS is the ISSN); PG pages as PubMed writes them ('454-81');
 * LID/AID '… [doi]' DOI; PMID; AB abstract; MH and OT keywords; NCT ids from SI 'ClinicalTrials.gov/NCT…', the
 * title, abstract and other terms.
 */
export function medlineFields(tagged: TaggedRecord, position: number): BibRecord {
  const record = emptyRecord('medline', position, tagged.line);
  record.title = first(tagged, 'TI', 'BTI');
  const people = all(tagged, tagged.fields.has('FAU') ? 'FAU' : 'AU');
  record.authors = uniqueValues(people.length > 0 ? people : all(tagged, 'CN'));
  record.year = firstYear(all(tagged, 'DP'));
  record.journal = first(tagged, 'JT', 'TA');
  record.volume = first(tagged, 'VI');
  record.issue = first(tagged, 'IP');
  record.pages = first(tagged, 'PG');
  record.doi = firstOf(all(tagged, 'LID', 'AID'), (value) => (/\[doi\]\s*$/i.test(value) ? normaliseDoi(value.replace(/\s*\[doi\]\s*$/i, '')) : null));
  record.pmid = firstOf(all(tagged, 'PMID'), normalisePmid);
  record.abstract = first(tagged, 'AB');
  record.keywords = uniqueValues(all(tagged, 'MH', 'OT'));
  record.nctIds = findNctIds([...all(tagged, 'SI'), ...all(tagged, 'TI', 'AB', 'OT')]);
  return record;
}
