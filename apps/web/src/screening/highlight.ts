// The review's inclusion and exclusion terms marked in a title or abstract, as plain segments: the page shows each
// as a text node or a <mark>, so the record's text is never read as HTML.

export type TermKind = 'inclusion' | 'exclusion';

export interface Segment {
  text: string;
  /** Which list the term came from; null for the text between terms. */
  term: TermKind | null;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Splits `text` at every occurrence of a term, ignoring case. A term matches from the start of a word (so 'random'
 * marks 'randomised'); where terms overlap, the longest wins, and an inclusion term wins a tie with an exclusion term.
 */
export function highlightSegments(text: string, inclusionTerms: readonly string[], exclusionTerms: readonly string[]): Segment[] {
  if (!text) return [];
  const kinds = new Map<string, TermKind>();
  for (const term of exclusionTerms) if (term.trim()) kinds.set(term.trim().toLocaleLowerCase(), 'exclusion');
  for (const term of inclusionTerms) if (term.trim()) kinds.set(term.trim().toLocaleLowerCase(), 'inclusion');
  if (kinds.size === 0) return [{ text, term: null }];
  const terms = [...kinds.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${terms.map(escapeRegExp).join('|')})`, 'giu');
  const segments: Segment[] = [];
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index;
    if (start > at) segments.push({ text: text.slice(at, start), term: null });
    segments.push({ text: match[0], term: kinds.get(match[0].toLocaleLowerCase()) ?? null });
    at = start + match[0].length;
  }
  if (at < text.length) segments.push({ text: text.slice(at), term: null });
  return segments;
}

/** The terms of a list written one a line or separated by commas or semicolons, trimmed, without repeats. */
export function termsOf(text: string): string[] {
  const seen = new Set<string>();
  return text
    .split(/[\n,;]/)
    .map((t) => t.trim())
    .filter((t) => {
      const key = t.toLocaleLowerCase();
      if (!t || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
