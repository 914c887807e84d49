// Numbers as reviewers expect them: two decimals for effects, P values as "< 0.001".
export function formatEffect(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return x.toFixed(digits);
}

export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '–';
  if (p < 0.001) return '< 0.001';
  return p.toFixed(3);
}

export function formatPercent(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : `${x.toFixed(1)}%`;
}

/** "P = 0.042" or "P < 0.001". */
export function formatPText(p: number | null | undefined): string {
  const text = formatP(p);
  return text.startsWith('<') ? `P ${text}` : `P = ${text}`;
}
