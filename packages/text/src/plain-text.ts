// What a title or label may hold: characters that are shown, not characters that hide or reorder what is shown.
// Control characters, bidirectional overrides and zero-width characters make two labels look alike or make text
// read differently from how it is stored (Unicode Technical Report 36; CVE-2021-42574, "Trojan Source").

/** C0 and C1 controls (line breaks allowed only where `multiline`), bidi embeddings, overrides and isolates, zero-width and other invisible format characters. */
const forbidden: { pattern: RegExp; what: string }[] = [
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  { pattern: /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u, what: 'a control character' },
  { pattern: /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u, what: 'a bidirectional control character' },
  { pattern: /[\u200b-\u200d\u2060-\u2064\ufeff\u00ad\u180e]/u, what: 'an invisible (zero-width) character' },
];
const lineBreak = /[\n\r\t]/;

function codePoint(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Why `text` cannot be stored as typed, or null when it can: it holds a character that hides or reorders text (named
 * with its code point and position, so the user can find it), or a line break where one line is expected.
 */
export function plainTextProblem(text: string, options: { multiline?: boolean } = {}): string | null {
  for (const { pattern, what } of forbidden) {
    const match = pattern.exec(text);
    if (match) return `contains ${what} (${codePoint(match[0])}) at position ${match.index + 1}; remove it`;
  }
  if (!options.multiline) {
    const match = lineBreak.exec(text);
    if (match) return `contains a line break or tab at position ${match.index + 1}; keep it on one line`;
  }
  return null;
}

/**
 * The key under which two labels are the same label: Unicode compatibility-normalised (NFKC: 'ﬁ' is 'fi', a
 * full-width 'Ａ' is 'A'), case-folded, spaces collapsed. 'Smith 2019', 'smith  2019' and 'Ｓｍｉｔｈ 2019' share a key.
 */
export function labelKey(label: string): string {
  return label.normalize('NFKC').toLowerCase().normalize('NFKC').replace(/\s+/g, ' ').trim();
}
