// The RevMan import preview in words: what the import will create, and each analysis against the numbers RevMan
// stored ("matches RevMan (24 numbers)", or where, which field, RevMan's number and Cumulus's). Pure.
import { measureName } from '../format';
import type { RevManImportPreview, RevManPreviewAnalysis } from '../graphql/revman-import';

const plural = (count: number, one: string, many: string) => `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;

const kindWords: Record<string, string> = {
  dichotomous: 'Dichotomous',
  continuous: 'Continuous',
  generic: 'Generic inverse variance',
  'oe-variance': 'O-E and variance',
  other: '“Other data” (text, not pooled)',
};
const totalsWords: Record<string, string> = { all: 'all totals', subgroups: 'subgroup totals only', none: 'no totals' };
const methodWords: Record<string, string> = { MH: 'M-H', IV: 'IV', PETO: 'Peto' };

/** "Will create 3 studies and 2 analyses with 6 data rows, and 1 “Other data” table." */
export function previewCounts(preview: Pick<RevManImportPreview, 'studies' | 'rows' | 'otherDataTables' | 'analyses'>): string {
  const analyses = preview.analyses.filter((a) => a.kind !== 'other').length;
  const tables = preview.otherDataTables ?? 0;
  const other = tables > 0 ? `, and ${plural(tables, '“Other data” table', '“Other data” tables')}` : '';
  return `Will create ${plural(preview.studies ?? 0, 'study', 'studies')} and ${plural(analyses, 'analysis', 'analyses')} with ${plural(preview.rows ?? 0, 'data row', 'data rows')}${other}.`;
}

/** Every analysis against RevMan's stored numbers, in one sentence. */
export function previewVerdict(preview: Pick<RevManImportPreview, 'analyses'>): { matches: boolean; text: string } {
  const pooled = preview.analyses.filter((a) => a.kind !== 'other');
  const differing = pooled.filter((a) => !a.matches);
  if (differing.length === 0) {
    const compared = pooled.reduce((sum, a) => sum + a.compared, 0);
    return { matches: true, text: `Cumulus reproduces every number RevMan stored (${plural(compared, 'number', 'numbers')} in ${plural(pooled.length, 'analysis', 'analyses')}).` };
  }
  return {
    matches: false,
    text: `${differing.length} of ${plural(pooled.length, 'analysis differs', 'analyses differ')} from the numbers RevMan stored: see below. The import keeps RevMan's numbers beside Cumulus's.`,
  };
}

export interface PreviewDifferenceRow {
  where: string;
  field: string;
  revman: string;
  cumulus: string;
  reason: string;
}

export interface PreviewAnalysisRow {
  key: string;
  analysis: string;
  name: string;
  kind: string;
  /** "Risk ratio, M-H, fixed". */
  settings: string;
  totals: string;
  /** "4 rows (3 studies)". */
  rows: string;
  matches: boolean;
  /** "matches RevMan (5 numbers)", "differs from RevMan in 1 of 5 numbers", "nothing to compare". */
  comparison: string;
  differences: PreviewDifferenceRow[];
  /** What was not compared, and the import's notes. */
  notes: string[];
}

/** A number as RevMan stores it, to as many digits as tell two apart: 0.661773, 1.2e-7. */
export function parityNumber(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '–';
  if (value !== 0 && Math.abs(value) < 1e-4) return value.toExponential(2);
  return String(Number(value.toPrecision(6)));
}

function comparisonInWords(a: RevManPreviewAnalysis): string {
  if (a.compared === 0) return a.kind === 'other' ? 'text: nothing to compare' : 'RevMan stored no numbers to compare';
  if (a.matches) return `matches RevMan (${plural(a.compared, 'number', 'numbers')})`;
  return `differs from RevMan in ${a.differences.length} of ${plural(a.compared, 'number', 'numbers')}`;
}

export function previewAnalysisRows(analyses: readonly RevManPreviewAnalysis[]): PreviewAnalysisRow[] {
  return analyses.map((a, i) => ({
    key: `${a.analysis}-${i}`,
    analysis: a.analysis,
    // The API names the outcome "1.2 Days of cough": the number has its own column here.
    name: a.name.startsWith(`${a.analysis} `) ? a.name.slice(a.analysis.length + 1) : a.name,
    kind: kindWords[a.kind] ?? a.kind,
    settings: [a.measure ? measureName(a.measure) : null, a.method ? (methodWords[a.method] ?? a.method) : null, a.model].filter(Boolean).join(', '),
    totals: a.kind === 'other' ? '' : (totalsWords[a.totals] ?? a.totals),
    rows: a.rows === a.studies ? plural(a.rows, 'row', 'rows') : `${plural(a.rows, 'row', 'rows')} (${plural(a.studies, 'study', 'studies')})`,
    matches: a.matches,
    comparison: comparisonInWords(a),
    differences: a.differences.map((d) => ({ where: d.where, field: d.field, revman: parityNumber(d.revman), cumulus: parityNumber(d.cumulus), reason: d.reason ?? '' })),
    notes: [...a.notCompared.filter(() => a.kind !== 'other').map((text) => `Not compared: ${text}`), ...a.notes],
  }));
}
