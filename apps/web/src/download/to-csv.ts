// CSV downloads: the cells and the file are written by @cumulus/text (RFC 4180, full precision, formulas defused),
// the same rule as the API's downloads.
export { csvCell, toCsv, type CsvCell } from '@cumulus/text';

export interface CsvFile {
  fileName: string;
  content: string;
}

/** "mRSS at 6 months" → "mrss-at-6-months" for a file name. */
export function fileSlug(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'cumulus';
}
