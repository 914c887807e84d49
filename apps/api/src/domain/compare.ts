// Whether the evidence's conclusion changed between two versions of an outcome's analysis.
import type { Measure } from './engine.js';
import type { SnapshotHeader } from './reads.js';

/** The value of no effect on the reporting scale: 1 for ratios, 0 for differences. */
export function nullEffect(measure: Measure): number {
  return measure === 'OR' || measure === 'RR' ? 1 : 0;
}


export interface VersionComparison {
  significantBefore: boolean;
  significantAfter: boolean;
  significanceGained: boolean;
  significanceLost: boolean;
  directionBefore: 'above' | 'below' | 'none';
  directionAfter: 'above' | 'below' | 'none';
  directionFlipped: boolean;
  conclusionChanged: boolean;
  estimateChange: number | null;
  summary: string;
}

/** Significant: the 95% CI excludes no effect. Direction: which side of no effect the estimate lies. */
export function compareSnapshots(measure: Measure, from: SnapshotHeader, to: SnapshotHeader): VersionComparison {
  const none = nullEffect(measure);
  const significant = (s: SnapshotHeader) => s.ci_lower !== null && s.ci_upper !== null && (s.ci_lower > none || s.ci_upper < none);
  const side = (s: SnapshotHeader) => (s.estimate === null || s.estimate === none ? 'none' : s.estimate > none ? 'above' : 'below');
  const significantBefore = significant(from);
  const significantAfter = significant(to);
  const directionBefore = side(from);
  const directionAfter = side(to);
  const directionFlipped = directionBefore !== 'none' && directionAfter !== 'none' && directionBefore !== directionAfter;
  const significanceGained = !significantBefore && significantAfter;
  const significanceLost = significantBefore && !significantAfter;
  const conclusionChanged = significanceGained || significanceLost || (directionFlipped && (significantBefore || significantAfter));
  const estimateChange = from.estimate !== null && to.estimate !== null ? to.estimate - from.estimate : null;

  const describe = (s: SnapshotHeader) =>
    s.estimate === null ? 'no pooled estimate' : `${measure} ${format(s.estimate)} (${format(s.ci_lower)} to ${format(s.ci_upper)}), k = ${s.k}`;
  const parts = [`Version ${from.version}: ${describe(from)}. Version ${to.version}: ${describe(to)}.`];
  if (significanceGained) parts.push('The effect became statistically significant (the 95% CI no longer includes no effect).');
  if (significanceLost) parts.push('The effect is no longer statistically significant (the 95% CI now includes no effect).');
  if (directionFlipped) parts.push(`The estimate crossed the line of no effect (${none}).`);
  if (!conclusionChanged) parts.push('The conclusion did not change.');
  return {
    significantBefore,
    significantAfter,
    significanceGained,
    significanceLost,
    directionBefore,
    directionAfter,
    directionFlipped,
    conclusionChanged,
    estimateChange,
    summary: parts.join(' '),
  };
}

function format(value: number | null): string {
  if (value === null) return '–';
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
}
