// Titles, surnames and journals reduced to what two exports of one paper share.

/** NFKD, accents and punctuation removed, lower case, whitespace collapsed: 'Brain–Gut Axis: A Review.' → 'brain gut axis a review'. */
export function normaliseTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const INITIALS = /^(?:\p{Lu}\.?-?){1,4}$/u;

/**
 * The first author's surname, normalised: 'Liu R.' / 'Long V' (surname, initials), 'Long, Vicky' (surname, given
 * names), 'Vicky Long' (given names, surname) → 'liu', 'long'. Hyphens and spaces inside a surname are dropped
 * ('Parkes-Loach' → 'parkesloach', 'van den Brink' → 'vandenbrink').
 */
export function firstAuthorSurname(authors: string[]): string | null {
  const author = authors[0]?.trim();
  if (!author) return null;
  let surname: string;
  if (author.includes(',')) {
    surname = author.slice(0, author.indexOf(','));
  } else {
    const parts = author.split(/\s+/);
    let end = parts.length;
    while (end > 1 && INITIALS.test(parts[end - 1])) end -= 1;
    surname = end < parts.length ? parts.slice(0, end).join(' ') : (parts.at(-1) ?? author);
  }
  const out = normaliseTitle(surname).replace(/\s+/g, '');
  return out === '' ? null : out;
}

const JOURNAL_STOP_WORDS = new Set(['the', 'of', 'and', 'in', 'for', 'on', 'de', 'la', 'le', 'der', 'und', 'a']);

/** A journal's words: normalised, a parenthetical qualifier dropped ('Medicine (Baltimore)'), stop words dropped. */
export function journalWords(journal: string): string[] {
  return normaliseTitle(journal.replace(/\s*\([^)]*\)\s*/g, ' ').replace(/&/g, ' and '))
    .split(' ')
    .filter((word) => word !== '' && !JOURNAL_STOP_WORDS.has(word));
}

/**
 * Two journal names agree when, word by word, each is the other or an abbreviation of it: the abbreviation's letters
 * in order within the full word, starting with its first letter ('J Appl Res Mem Cogn' and 'Journal of Applied
 * Research in Memory and Cognition'; 'Natl' and 'National'; 'BIOCHEMISTRY' and 'Biochemistry').
 */
export function journalsAgree(a: string, b: string): boolean {
  const wordsA = journalWords(a);
  const wordsB = journalWords(b);
  if (wordsA.length === 0 || wordsA.length !== wordsB.length) return false;
  return wordsA.every((word, i) => abbreviates(word, wordsB[i]) || abbreviates(wordsB[i], word));
}

function abbreviates(short: string, full: string): boolean {
  if (short === full) return true;
  if (short.length > full.length || short[0] !== full[0]) return false;
  let at = 0;
  for (const char of full) if (char === short[at]) at += 1;
  return at === short.length;
}

// Notices about a paper (errata, retractions, comments and replies) are their own records, never its duplicates.
const NOTICE = /^(erratum|errata|correction|corrigendum|corrigenda|retraction|expression of concern|notice of retraction|comment on|reply|response to|author reply)\b/;

export function isNotice(normalisedTitle: string): boolean {
  return NOTICE.test(normalisedTitle);
}
