// Long tables (leave-one-out for 500 studies) show one page of rows at a time: the page renders in
// milliseconds whatever the review's size, and the CSV download still carries every row.

export interface Page {
  /** 0-based page shown, clamped into range. */
  page: number;
  pages: number;
  /** Row indices [from, to). */
  from: number;
  to: number;
}

export function pageOf(total: number, page: number, size: number): Page {
  const pages = Math.max(1, Math.ceil(total / size));
  const shown = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  return { page: shown, pages, from: shown * size, to: Math.min(total, (shown + 1) * size) };
}

/** The page a row is on, to show a row that just changed. */
export function pageOfRow(index: number, size: number): number {
  return index < 0 ? 0 : Math.floor(index / size);
}
