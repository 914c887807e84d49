// A chart's tooltip is lines of plain text. ECharts writes a tooltip formatter's string into the page as HTML, so
// this is the one place that string is made: every line escaped by @cumulus/text, joined by <br/>. Chart options
// take no other formatter (chart-option.ts), so no chart writes markup around what a user typed.
import { escapeHtml } from '@cumulus/text';
import type { TooltipFormatter } from './chart-option';

/** What ECharts tells a formatter about the item under the pointer (trigger: 'item'). */
export interface TooltipPoint {
  dataIndex: number;
  name: string;
  value: unknown;
  seriesId?: string;
}

/** A tooltip's lines, top down; null, undefined and false lines are left out. */
export type TooltipLines = readonly (string | null | undefined | false)[];

export function tooltipHtml(lines: TooltipLines): string {
  return lines
    .filter((line): line is string => typeof line === 'string')
    .map(escapeHtml)
    .join('<br/>');
}

/** The formatter for a tooltip whose lines `linesOf` writes for the item hovered (null: no tooltip). */
export function tooltipFormatter(linesOf: (point: TooltipPoint) => TooltipLines | null): TooltipFormatter {
  return ((params: unknown) => tooltipHtml(linesOf(params as TooltipPoint) ?? [])) as TooltipFormatter;
}
