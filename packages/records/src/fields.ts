// Field values as every reader cleans them: DOIs, PMIDs, years, pages, trial ids. One rule per field, in one place.

/** Text trimmed, inner runs of whitespace (continuation lines included) collapsed; empty text is null. */
export function cleanText(value: string | null | undefined): string | null {
  if (value == null) return null;
  const text = value.replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

// A DOI is '10.' + registrant + '/' + suffix (DOI Handbook 2.2); exports wrap it in URLs and 'doi:' prefixes.
const DOI_PREFIX = /^(?:(?:https?:\/\/)?(?:(?:www|dx)\.)?doi\.org\/|doi:\s*|doi\s+)/i;
const DOI_IN_TEXT = /(?:doi\.org\/|doi:\s*|\b)(10\.\d{4,9}\/[^\s"<>]+)/i;

/** Lower case, without a https://doi.org/, dx.doi.org or doi: prefix, URL-decoded, trailing punctuation dropped; null unless it is a DOI. */
export function normaliseDoi(doi: string): string | null {
  let text = doi.trim().replace(DOI_PREFIX, '').trim();
  if (/%[0-9a-f]{2}/i.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      // A stray '%' is part of the suffix, not an escape.
    }
  }
  text = trimTrailingPunctuation(text);
  if (!/^10\.\d{4,9}\/\S+$/.test(text)) return null;
  return text.toLowerCase();
}

/** The first DOI named in free text (a doi.org URL, 'doi: 10…', or a bare 10.…/…), normalised. */
export function findDoi(text: string): string | null {
  const match = DOI_IN_TEXT.exec(text);
  return match ? normaliseDoi(match[1]) : null;
}

/** A doi.org URL only (for link fields, which also hold publishers' and link resolvers' URLs). */
export function doiFromUrl(url: string): string | null {
  const match = /^(?:https?:\/\/)?(?:(?:www|dx)\.)?doi\.org\/(10\..+)$/i.exec(url.trim());
  return match ? normaliseDoi(match[1]) : null;
}

// Sentence punctuation after a DOI is not part of it; a closing bracket is, when the DOI opened one (10.1016/0014-5793(81)80778-8).
function trimTrailingPunctuation(text: string): string {
  let out = text;
  for (;;) {
    const last = out.at(-1);
    if (last === undefined) return out;
    if ('.,;:\'"'.includes(last)) out = out.slice(0, -1);
    else if (last === ')' && count(out, '(') < count(out, ')')) out = out.slice(0, -1);
    else if (last === ']' && count(out, '[') < count(out, ']')) out = out.slice(0, -1);
    else return out;
  }
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n += 1;
  return n;
}

/** Digits only ('PMID: 123', 'pmid123' → '123'); null unless 1 to 9 digits remain. */
export function normalisePmid(value: string): string | null {
  const text = value.trim().replace(/^pmid:?\s*/i, '');
  return /^\d{1,9}$/.test(text) ? String(Number(text)) : null;
}

/**
 * The year a date field starts with: '2019', '2019///', '2019/05/01', '1948/07//', '2009 Jun 15', '2019-03-18',
 * '20100520'. Anything else is null rather than a guess: '10 15' (asreview's faulty year) could be October 2015 or
 * 2010 to 2015, so it is no year at all, and the record is still read.
 */
export function parseYear(value: string | null | undefined): number | null {
  if (value == null) return null;
  const match = /^(\d{4})(?:\d{4})?(?=$|[^\d])/.exec(value.trim());
  if (!match) return null;
  const year = Number(match[1]);
  return year >= 1500 && year <= 2100 ? year : null;
}

/** 'SP'-'EP' joined as '123-130'; a start page already holding a range is kept; pages with no digit ('No', 'Specified': Ovid's 'No pagination specified') are none. */
export function joinPages(start: string | null, end: string | null): string | null {
  const first = cleanText(start);
  const last = cleanText(end);
  if (first === null || !/\d/.test(first)) return null;
  if (last === null || !/\d/.test(last) || last === first || /[-–—]/.test(first)) return first.replace(/\s*[-–—]\s*/, '-');
  return `${first}-${last}`;
}

/** First and last page with an abbreviated last page written out ('454-81' → ['454', '481']), for comparing. */
export function pageRange(pages: string | null): { first: string; last: string | null } | null {
  if (pages === null) return null;
  const [rawFirst, rawLast] = pages.toLowerCase().split(/\s*[-–—]\s*/);
  const first = rawFirst.replace(/^0+(?=\d)/, '');
  if (first === '') return null;
  if (rawLast === undefined || rawLast === '') return { first, last: null };
  let last = rawLast.replace(/^0+(?=\d)/, '');
  if (/^\d+$/.test(first) && /^\d+$/.test(last) && last.length < first.length) last = first.slice(0, first.length - last.length) + last;
  return { first, last };
}

// ClinicalTrials.gov ids are 'NCT' and eight digits; papers also write 'NCT 01234567'.
const NCT_ID = /\bNCT ?(\d{8})(?!\d)/gi;

/** Every NCT id in the texts, upper case, in order of first mention, each once. */
export function findNctIds(texts: Iterable<string>): string[] {
  const ids = new Set<string>();
  for (const text of texts) for (const match of text.matchAll(NCT_ID)) ids.add(`NCT${match[1]}`);
  return [...ids];
}

// Other registers' ids, for a registry entry's own id: ISRCTN, ANZCTR, EU CTR / EudraCT, DRKS, ChiCTR, CTRI.
const REGISTRY_ID = /\b(NCT ?\d{8}|ISRCTN ?\d{8}|ACTRN\d{14}|\d{4}-\d{6}-\d{2}|DRKS\d{8}|ChiCTR[-A-Z0-9]{6,}|CTRI\/\d{4}\/\d{2,3}\/\d{6})\b/i;

/** A register's trial id found in a value (NCT ids upper case, spaces dropped), or null. */
export function findRegistryId(value: string): string | null {
  const match = REGISTRY_ID.exec(value);
  if (!match) return null;
  const id = match[1].replace(/\s+/g, '');
  return /^(nct|isrctn|actrn|drks)/i.test(id) ? id.toUpperCase() : id;
}

/** Values split on ';' (authors and keywords in CSV exports), trimmed, empty ones dropped. */
export function splitList(value: string | null | undefined): string[] {
  if (value == null) return [];
  return value.split(';').map((part) => part.trim()).filter((part) => part !== '');
}

/** Unique values in order, empty ones dropped. */
export function uniqueValues(values: Iterable<string | null>): string[] {
  const out: string[] = [];
  for (const value of values) if (value !== null && value !== '' && !out.includes(value)) out.push(value);
  return out;
}

/** The year of the first value that starts with one. */
export function firstYear(values: string[]): number | null {
  for (const value of values) {
    const year = parseYear(value);
    if (year !== null) return year;
  }
  return null;
}

/** The first value the reader makes something of. */
export function firstOf<T>(values: string[], read: (value: string) => T | null): T | null {
  for (const value of values) {
    const out = read(value);
    if (out !== null) return out;
  }
  return null;
}
