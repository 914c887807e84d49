// RFC 4180 CSV: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or line break.
// Numbers keep their full precision (the table on screen rounds; a download is for reanalysis).

export type CsvCell = string | number | boolean | null | undefined;

/** Text a spreadsheet would run as a formula (=, +, @, tab, CR) gets a leading apostrophe (OWASP CSV injection). */
function neutralise(text: string): string {
  return /^[=+@\t\r]/.test(text) ? `'${text}` : text;
}

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = typeof value === 'boolean' ? String(value) : neutralise(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

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
