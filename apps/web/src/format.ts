// How numbers read on the dashboard, in one place: effects to two decimals, P < 0.001, weights as percent.
import type { Measure } from './graphql/outcome';

const DASH = '–';

function fixed(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  // -0.00 reads as a negative effect that is not there.
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

function missing(value: number | null | undefined): value is null | undefined {
  return value === null || value === undefined || !Number.isFinite(value);
}

/** An effect on the reporting scale: 0.47, -3.20. */
export function formatEffect(value: number | null | undefined, decimals = 2): string {
  return missing(value) ? DASH : fixed(value, decimals);
}

/** The RevMan way: 0.47 [0.33, 0.68]. */
export function formatEffectWithCi(estimate: number | null | undefined, lower: number | null | undefined, upper: number | null | undefined): string {
  if (missing(estimate)) return DASH;
  return `${formatEffect(estimate)} [${formatEffect(lower)}, ${formatEffect(upper)}]`;
}

/** A P value without the "P": "< 0.001", "0.003", "0.04", "0.32". */
export function formatP(p: number | null | undefined): string {
  if (missing(p)) return DASH;
  if (p < 0.001) return '< 0.001';
  if (p < 0.01) return fixed(p, 3);
  const two = fixed(p, 2);
  // 0.046 must not read as 0.05 (on the line) nor 0.054 as 0.05 (below it).
  return two === '0.05' ? fixed(p, 3) : two;
}

/** "P < 0.001", "P = 0.04". */
export function formatPValue(p: number | null | undefined): string {
  const text = formatP(p);
  if (text === DASH) return `P ${DASH}`;
  return text.startsWith('<') ? `P ${text}` : `P = ${text}`;
}

/** A count of people: 176,782. */
export function formatCount(value: number | null | undefined): string {
  return missing(value) ? '' : Math.round(value).toLocaleString('en-GB');
}

/** A study's share of the pooled weight: 9.7%. */
export function formatWeight(percent: number | null | undefined): string {
  return missing(percent) ? DASH : `${fixed(percent, 1)}%`;
}

/** I² as a whole percentage: 92%. */
export function formatI2(percent: number | null | undefined): string {
  return missing(percent) ? DASH : `${fixed(percent, 0)}%`;
}

/** τ² to two decimals; small non-zero values keep enough digits not to read as zero. */
export function formatTau2(tau2: number | null | undefined): string {
  if (missing(tau2)) return DASH;
  if (tau2 !== 0 && Math.abs(tau2) < 0.01) return tau2.toPrecision(2);
  return fixed(tau2, 2);
}

/**
 * The heterogeneity line under a forest plot: τ² = 0.34; Q = 163.16, df = 12 (P < 0.001); I² = 92%. A
 * fixed-effect model estimates no τ², so its line has none (as RevMan 5 writes it).
 */
export function formatHeterogeneity(h: {
  tau2: number | null;
  q: number | null;
  qDf: number | null;
  qPValue: number | null;
  i2: number | null;
  model?: string | null;
}): string {
  if (missing(h.q)) return 'Heterogeneity: not applicable';
  const parts = [];
  if (!missing(h.tau2) && h.model !== 'FIXED') parts.push(`τ² = ${formatTau2(h.tau2)}`);
  parts.push(`Q = ${fixed(h.q, 2)}, df = ${h.qDf ?? DASH} (${formatPValue(h.qPValue)})`);
  parts.push(`I² = ${formatI2(h.i2)}`);
  return `Heterogeneity: ${parts.join('; ')}`;
}

const measureNames: Record<Measure, string> = {
  OR: 'Odds ratio',
  RR: 'Risk ratio',
  RD: 'Risk difference',
  MD: 'Mean difference',
  SMD: 'Std. mean difference',
  MC: 'Mean change',
  HR: 'Hazard ratio',
  ROM: 'Ratio of means',
  GENERIC: 'Effect',
};

export function measureName(measure: Measure): string {
  return measureNames[measure] ?? measure;
}

/** Ratios are drawn on a log axis and have no effect at 1; differences at 0. */
export function isRatio(measure: Measure): boolean {
  return measure === 'OR' || measure === 'RR' || measure === 'HR' || measure === 'ROM';
}

export function nullEffect(measure: Measure): number {
  return isRatio(measure) ? 1 : 0;
}

/** "Odds ratio, IV, random, 95% CI" as a forest plot column header. */
export function effectHeader(measure: Measure, model: 'FIXED' | 'RANDOM' | null): string {
  const modelWord = model === 'FIXED' ? ', fixed' : model === 'RANDOM' ? ', random' : '';
  return `${measureName(measure)}${modelWord}, 95% CI`;
}
