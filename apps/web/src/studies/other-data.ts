// A review's "Other data" tables (RevMan 5): text per study, kept and shown, never pooled. Their rows under their
// subgroup headings, in the order given. Pure.
import type { OtherDataTable } from '../graphql/reviews';

export interface OtherDataGroup {
  /** null for rows without a subgroup. */
  subgroup: string | null;
  rows: OtherDataTable['rows'];
}

export function otherDataGroups(table: Pick<OtherDataTable, 'rows'>): OtherDataGroup[] {
  const groups: OtherDataGroup[] = [];
  for (const row of table.rows) {
    const last = groups.at(-1);
    if (last && last.subgroup === row.subgroup) last.rows.push(row);
    else groups.push({ subgroup: row.subgroup, rows: [row] });
  }
  return groups;
}

/** How many columns the table needs: its headings, or more when a row has more cells (a table without headings). */
export function widthOf(table: Pick<OtherDataTable, 'columns' | 'rows'>): number {
  return Math.max(table.columns.length, ...table.rows.map((row) => row.cells.length));
}

/** A row's cells, padded to `width` so the table stays straight. */
export function cellsOf(row: OtherDataTable['rows'][number], width: number): string[] {
  return Array.from({ length: Math.max(width, row.cells.length) }, (_, i) => row.cells[i] ?? '');
}
