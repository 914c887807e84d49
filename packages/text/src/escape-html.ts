// Text a user typed, placed in HTML (chart tooltips, the Summary of Findings download): every character that could
// open markup or end an attribute is an entity.
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string | null | undefined): string {
  return (text ?? '').replace(/[&<>"']/g, (c) => entities[c]);
}
