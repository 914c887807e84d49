// The screener's queue kept in memory: the record shown is the head, the next ones are already loaded, so a vote
// shows the next record at once while the queue is asked for again in the background.

export interface Queued {
  id: string;
}

/**
 * The queue after a background refetch: the record on screen stays where it is (the screener is reading it), the
 * rest come from the server in its order, less the records voted on here since the refetch was asked for.
 */
export function mergeQueue<T extends Queued>(shown: T | null, fetched: readonly T[], votedHere: ReadonlySet<string>): T[] {
  const rest = fetched.filter((record) => record.id !== shown?.id && !votedHere.has(record.id));
  return shown && !votedHere.has(shown.id) ? [shown, ...rest] : rest;
}

/** A study label from a record: the first author's surname and the year ('Granel 2015'). */
export function studyLabelOf(record: { authors: readonly string[]; year: number | null; title?: string | null }): string {
  const first = record.authors[0]?.trim() ?? '';
  // 'Granel, B' (RIS) and 'Del Papa N' (MEDLINE: surname, then initials).
  const words = first.split(/\s+/).filter(Boolean);
  const surname = first.includes(',') ? first.split(',')[0].trim() : words.length > 1 && /^[A-Z]{1,3}$/.test(words[words.length - 1]) ? words.slice(0, -1).join(' ') : first;
  const name = surname || (record.title ?? '').split(/\s+/).slice(0, 3).join(' ');
  return [name, record.year ?? ''].filter((part) => part !== '').join(' ').trim();
}
