// The one entry point for reading an export: detect (or take) the format, read its records.
import { readCsvRecords } from './csv.js';
import { detectFormat } from './detect-format.js';
import { medlineFields, readMedlineRecords } from './medline.js';
import { type BibRecord, type RecordFormat } from './record.js';
import { readRisRecords, readWebOfScienceRecords } from './ris.js';
import { risFields, webOfScienceFields } from './ris-fields.js';
import { assertReadableText, normaliseText } from './text-lines.js';

export interface ParseRecordsOptions {
  /** The format, when the caller knows it; otherwise detected from the content and the file name. */
  format?: RecordFormat;
  fileName?: string;
}

/** Every record of an export, or a RecordsParseError naming the line and the reason; never a part of the file. */
export function parseRecords(text: string, options: ParseRecordsOptions = {}): { format: RecordFormat; records: BibRecord[] } {
  const normal = normaliseText(text);
  assertReadableText(normal);
  const format = options.format ?? detectFormat(normal, options.fileName);
  if (format === 'csv') return { format, records: readCsvRecords(normal) };
  const lines = normal.split('\n');
  if (format === 'medline') return { format, records: readMedlineRecords(lines).map((tagged, i) => medlineFields(tagged, i + 1)) };
  const firstLine = lines.find((line) => line.trim() !== '') ?? '';
  if (/^(FN|VR|PT) \S/.test(firstLine) && !lines.some((line) => /^TY {1,2}-/.test(line))) {
    return { format, records: readWebOfScienceRecords(lines).map((tagged, i) => webOfScienceFields(tagged, i + 1)) };
  }
  return { format, records: readRisRecords(lines).map((tagged, i) => risFields(tagged, i + 1)) };
}
