// ECharts writes a tooltip formatter's string as HTML: anything a user typed (labels, subgroup names, change
// summaries) goes through here first.
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string | null | undefined): string {
  return (text ?? '').replace(/[&<>"']/g, (c) => entities[c]);
}
