// RFC 4180 CSV: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or line break. Numbers
// keep their full precision (a download is for reanalysis). Text a spreadsheet could run as a formula is defused.

export type CsvCell = string | number | boolean | null | undefined;

/**
 * Characters that make a spreadsheet (Excel, LibreOffice, Google Sheets) read a cell as a formula or a command:
 * = + - @, tab and carriage return (OWASP, CSV injection), their full-width forms (Excel folds ＝＋－＠ to ASCII), and
 * the same behind leading spaces or invisible characters, which spreadsheets skip.
 */
const formulaStart = /^[\s\u200b-\u200f\u2060\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20\t\r]/;

/** Text that would start a formula gets a leading apostrophe, which spreadsheets show as text and do not run. */
export function defuseFormula(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text;
}

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = typeof value === 'boolean' ? String(value) : defuseFormula(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
