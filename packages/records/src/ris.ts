// RIS as databases and reference managers write it (Embase, Scopus, Ovid, ProQuest, Web of Science, EndNote, Zotero),
// and Web of Science's own field-tagged text (FN/PT … ER/EF), read into tagged records.
import { RecordsParseError } from './record.js';
import { addValue, continueValue, type TaggedRecord } from './tagged-record.js';

// 'TY  - JOUR': two characters, two spaces, a hyphen, a space and the value; exporters also write 'ER  -' and
// 'SP  -' with nothing after the hyphen (rispy's empty tags), and some one space before it.
const RIS_TAG = /^([A-Z][A-Z0-9]) {1,2}-(?:[ \t](.*))?$/;

/**
 * RIS records: each opens with TY and closes with ER. Lines between records (Ovid's numbering and 'NL' after ER,
 * 'Record #1 of 2' headers, blank lines) are data outside records and ignored. Inside a record, a line that is not a
 * tag continues the previous tag's value (multi-line abstracts, EndNote's one keyword per line under KW), even when
 * it starts with 'ER' (rispy's multiline example): only 'ER  -' closes a record.
 */
export function readRisRecords(lines: string[]): TaggedRecord[] {
  const records: TaggedRecord[] = [];
  let current: TaggedRecord | null = null;
  let lastTag: string | null = null;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    const match = RIS_TAG.exec(line);
    if (match) {
      const [, tag, value = ''] = match;
      if (tag === 'TY') {
        if (current) {
          throw new RecordsParseError(
            current.line,
            `this record has no end ('ER  - ') before the next record starts at line ${i + 1}: the export is damaged; export it again`,
          );
        }
        current = { line: i + 1, fields: new Map() };
        addValue(current, 'TY', value.trim());
        lastTag = 'TY';
      } else if (tag === 'ER') {
        if (current) records.push(current);
        current = null;
        lastTag = null;
      } else if (current) {
        addValue(current, tag, value.trim());
        lastTag = tag;
      }
    } else if (current && lastTag && line.trim() !== '') {
      continueValue(current, lastTag, line.trim());
    }
  }
  if (current) {
    throw new RecordsParseError(current.line, "this record has no end ('ER  - '): the file may be cut short; export it again");
  }
  if (records.length === 0) {
    throw new RecordsParseError(1, "no RIS records: a record starts with 'TY  - ' and ends with 'ER  - '; export the search results as RIS again");
  }
  return records;
}

// 'PT J', 'AU Parkes-Loach, PS': two characters, a space and the value; continuation lines are indented three spaces.
const WOS_TAG = /^([A-Z][A-Z0-9])(?: (.*))?$/;

/** Web of Science field-tagged text: the header (FN, VR), records from PT to ER, EF at the end. */
export function readWebOfScienceRecords(lines: string[]): TaggedRecord[] {
  const records: TaggedRecord[] = [];
  let current: TaggedRecord | null = null;
  let lastTag: string | null = null;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (current && lastTag && /^\s/.test(line) && line.trim() !== '') {
      continueValue(current, lastTag, line.trim());
      continue;
    }
    const match = WOS_TAG.exec(line);
    if (!match) continue;
    const [, tag, value = ''] = match;
    if (tag === 'PT') {
      if (current) {
        throw new RecordsParseError(current.line, `this record has no end ('ER') before the next record starts at line ${i + 1}: the export is damaged; export it again`);
      }
      current = { line: i + 1, fields: new Map() };
      addValue(current, 'PT', value.trim());
      lastTag = 'PT';
    } else if (tag === 'ER') {
      if (current) records.push(current);
      current = null;
      lastTag = null;
    } else if (current) {
      addValue(current, tag, value.trim());
      lastTag = tag;
    }
  }
  if (current) throw new RecordsParseError(current.line, "this record has no end ('ER'): the file may be cut short; export it again");
  if (records.length === 0) throw new RecordsParseError(1, "no Web of Science records: a record starts with 'PT' and ends with 'ER'; export the records again");
  return records;
}
