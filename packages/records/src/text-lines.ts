// The text of an export as lines: byte-order mark dropped, any line ending, and refusals for what is not text at all.
import { RecordsParseError } from './record.js';

/** Text without a leading byte-order mark (Embase and rispy's examples start with one) and with '\n' line endings. */
export function normaliseText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/**
 * Refuses a file that is empty, or binary (a NUL byte, or a PDF, ZIP/XLSX/DOCX signature), naming the line, so a user
 * who picked the wrong file or the wrong export option knows what to do.
 */
export function assertReadableText(text: string): void {
  if (text.trim() === '') throw new RecordsParseError(1, 'the file is empty: export the search results again (RIS, PubMed/MEDLINE or CSV)');
  if (text.startsWith('%PDF')) throw new RecordsParseError(1, 'this is a PDF, not a search export: export the records as RIS, PubMed/MEDLINE (.nbib) or CSV');
  if (text.startsWith('PK\u0003\u0004')) {
    throw new RecordsParseError(1, 'this is a ZIP archive (an .xlsx or .docx file?), not a search export: save it as CSV, or export the records as RIS or PubMed/MEDLINE');
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    throw new RecordsParseError(lineAt(text, nul), 'the file holds binary content (a NUL byte), not text: export the records as RIS, PubMed/MEDLINE (.nbib) or CSV text (UTF-8)');
  }
}

/** The 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}
