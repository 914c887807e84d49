// Thresholds against which GRADE rates imprecision and inconsistency: no effect by default, or minimal important
// differences (MIDs) on either side of it (GRADE guidance 34, Zeng et al. 2022, J Clin Epidemiol 150:216; Core GRADE 2,
// Guyatt et al. 2025, BMJ 389:e081904). A threshold may be given on the outcome's scale, as a relative risk reduction
// or as an absolute difference per 1000; the engine turns each into the analysis scale (log for ratios).
import { StatsInputError } from '../errors.js';
import type { Measure } from '../types.js';

/** One minimal important difference, in the form the maintainer states it. */
export type ImportantDifference =
  /** On the outcome's reporting scale: a ratio for OR and RR (e.g. 0.9), a difference for RD, MD and SMD (e.g. -0.02, 5). */
  | { on: 'outcome-scale'; value: number }
  /** A relative risk reduction, 0.1 for 10% (negative for an increase): ratio 1 - value; binary outcomes only. */
  | { on: 'relative-risk-reduction'; value: number }
  /** An absolute difference per 1000, negative for fewer events (e.g. -20), at the assumed control risk; binary outcomes only. */
  | { on: 'per-1000'; value: number };

/**
 * The thresholds of one outcome. Without either the threshold is no effect (the null). With one, the other is its
 * mirror image (1/ratio, -difference, a relative risk increase 1/(1 - RRR), +/- per 1000); with both, each as given.
 * `benefit` and `harm` lie on opposite sides of no effect; which side is which follows from their values.
 */
export interface ImportanceThresholdSettings {
  benefit?: ImportantDifference;
  harm?: ImportantDifference;
}

/** Thresholds on the analysis scale (log for OR and RR): `lower` < 0 < `upper`, or null for no effect alone. */
export interface CertaintyThresholds {
  lower: number;
  upper: number;
  /** How the thresholds were stated, for the reasons: "from a 10% relative risk reduction". */
  source: string;
}

const RATIO_MEASURES: readonly string[] = ['OR', 'RR'];

/**
 * The thresholds of an outcome on its analysis scale, or null when none is given (no effect is the threshold).
 * `controlRisk` is the assumed control risk of the absolute effects, needed for per-1000 thresholds and for a
 * relative risk reduction of a risk difference.
 */
export function resolveThresholds(
  settings: ImportanceThresholdSettings | null | undefined,
  measure: Measure,
  controlRisk: number | null,
): CertaintyThresholds | null {
  if (!settings || (!settings.benefit && !settings.harm)) return null;
  const given = [settings.benefit, settings.harm].filter((t): t is ImportantDifference => t !== undefined);
  const values = given.map((t) => analysisValue(t, measure, controlRisk));
  if (values.length === 1) values.push(mirrored(given[0], measure, controlRisk, values[0]));
  const [a, b] = values;
  if (!(a * b < 0)) {
    throw new StatsInputError(
      `the benefit and harm thresholds must lie on opposite sides of no effect (got ${given.map(describeDifference).join(' and ')})`,
      null,
      'thresholds',
    );
  }
  return { lower: Math.min(a, b), upper: Math.max(a, b), source: given.map(describeDifference).join(' and ') };
}

/** One stated difference on the analysis scale. */
function analysisValue(t: ImportantDifference, measure: Measure, controlRisk: number | null): number {
  if (!Number.isFinite(t.value) || t.value === 0) {
    throw new StatsInputError(`a minimal important difference must be a non-zero number, got ${t.value}`, null, 'thresholds');
  }
  const ratio = RATIO_MEASURES.includes(measure);
  if (t.on === 'outcome-scale') {
    if (ratio && !(t.value > 0 && t.value !== 1)) {
      throw new StatsInputError(`an ${measure} threshold is a ratio above 0 and other than 1, got ${t.value}`, null, 'thresholds');
    }
    return ratio ? Math.log(t.value) : t.value;
  }
  if (!ratio && measure !== 'RD') {
    throw new StatsInputError(`a threshold ${t.on === 'per-1000' ? 'per 1000' : 'as a relative risk reduction'} needs a binary outcome (OR, RR or RD), not ${measure}`, null, 'thresholds');
  }
  if (t.on === 'relative-risk-reduction') {
    if (!(t.value < 1)) throw new StatsInputError(`a relative risk reduction must be below 100%, got ${100 * t.value}%`, null, 'thresholds');
    // GRADE 34 states relative thresholds on the ratio itself (RR or OR 1 - RRR); for a risk difference, at the control risk.
    if (ratio) return Math.log(1 - t.value);
    return -t.value * requireControlRisk(controlRisk);
  }
  const p = requireControlRisk(controlRisk);
  const risk = p + t.value / 1000;
  if (!(risk > 0 && risk < 1)) {
    throw new StatsInputError(`${t.value} per 1000 at a control risk of ${(1000 * p).toFixed(0)} per 1000 gives a risk outside 0 to 1000 per 1000`, null, 'thresholds');
  }
  // GRADE handbook 5.3.1 inverted: RR = risk / ACR, OR = odds(risk) / odds(ACR), RD = risk - ACR.
  if (measure === 'RR') return Math.log(risk / p);
  if (measure === 'OR') return Math.log(risk / (1 - risk) / (p / (1 - p)));
  return risk - p;
}

/** The other side's threshold: the mirror image of the one given, in the form it was given. */
function mirrored(t: ImportantDifference, measure: Measure, controlRisk: number | null, value: number): number {
  if (t.on === 'per-1000') return analysisValue({ on: 'per-1000', value: -t.value }, measure, controlRisk);
  // Symmetric on the analysis scale: 1/ratio (so a 10% reduction, RR 0.90, mirrors to RR 1.11), -difference.
  return -value;
}

function requireControlRisk(controlRisk: number | null): number {
  if (controlRisk === null || !(controlRisk > 0 && controlRisk < 1)) {
    throw new StatsInputError('a threshold per 1000 or as a relative risk reduction of a risk difference needs an assumed control risk: no study reports control-arm events', null, 'controlRisks');
  }
  return controlRisk;
}

function describeDifference(t: ImportantDifference): string {
  if (t.on === 'relative-risk-reduction') {
    return t.value > 0 ? `a ${formatNumber(100 * t.value)}% relative risk reduction` : `a ${formatNumber(-100 * t.value)}% relative risk increase`;
  }
  if (t.on === 'per-1000') return `${formatNumber(Math.abs(t.value))} ${t.value < 0 ? 'fewer' : 'more'} per 1000`;
  return `a minimal important difference of ${formatNumber(t.value)}`;
}

function formatNumber(value: number): string {
  return String(Number(value.toPrecision(3)));
}
