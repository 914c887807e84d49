// Every number RevMan 5 stored for an analysis, beside the number Cumulus computes for it: each row's effect, CI and
// weight; each subgroup's and the overall's effect, CI, Z, P, Chi², df, P(Chi²), I², Tau² and studies; the test for
// subgroup differences. Used by the import preview, the import command and the parity suite on real review files.
import type { RevManOutcome, RevManResults } from '@cumulus/revman';
import type { Fit, OutcomeAnalysis } from './engine.js';

/** RevMan stores doubles: numbers agree to this relative difference (or this absolute one near zero). */
export const RELATIVE_TOLERANCE = 1e-6;
const ABSOLUTE_TOLERANCE = 1e-9;
/**
 * RevMan 5 computes a chi-square P (of a Q, or of the test for subgroup differences) as 1 minus the distribution
 * function, so it is accurate in absolute terms only: on 666 P values stored in 14 real Cochrane reviews, it differs
 * from the exact upper tail of the Q it stored by at most 4.7e-7 (and stores tiny P values as rounding noise, even
 * negative: -2.7e-15), while its Q agrees with Cumulus's to 1e-12. Those P values are compared to this absolute
 * difference; everything else to RELATIVE_TOLERANCE.
 */
export const CHI_SQUARE_P_ABSOLUTE_TOLERANCE = 1e-6;

export interface ParityDifference {
  /** 'overall', "subgroup 'Adults'", "row 'Smith 2001' in 'Adults'", 'test for subgroup differences'. */
  where: string;
  field: string;
  revman: number | null;
  cumulus: number | null;
  /** Why it differs, when Cumulus knows. */
  reason: string | null;
}

export interface RevManParity {
  /** RevMan's analysis number, e.g. '1.2'. */
  analysis: string;
  /** True when every number compared agrees. */
  matches: boolean;
  /** How many of RevMan's numbers were compared. */
  compared: number;
  differences: ParityDifference[];
  /** What was not compared, and why (not estimable in RevMan, a confidence level other than 95%, no degree of freedom). */
  notCompared: string[];
}

/** How Cumulus's numbers relate to RevMan's for one analysis. */
export interface ParityContext {
  /** The Cumulus row id of each of the outcome's data rows, in file order; null where the row has no usable numbers. */
  rowIds: (string | null)[];
  /** Each row's name for messages ('Smith 2001'). */
  rowNames: string[];
  /** Cumulus shows this generic ratio on the log scale (a measure it has no name for): RevMan's ratios are compared as logs. */
  logged: boolean;
  /** Known reasons for a difference (a method Cumulus does not have), attached to every difference. */
  reason: string | null;
}

/** A tolerance: relative (with an absolute floor near zero), or absolute only. */
type Tolerance = { relative: number } | { absolute: number };
const RELATIVE: Tolerance = { relative: RELATIVE_TOLERANCE };
const CHI_SQUARE_P: Tolerance = { absolute: CHI_SQUARE_P_ABSOLUTE_TOLERANCE };

function differs(cumulus: number | null | undefined, revman: number | null, tolerance: Tolerance): boolean {
  if (revman === null) return false;
  if (cumulus === null || cumulus === undefined || !Number.isFinite(cumulus)) return true;
  const difference = Math.abs(cumulus - revman);
  if ('absolute' in tolerance) return difference > tolerance.absolute;
  return difference > ABSOLUTE_TOLERANCE && difference / Math.abs(revman) > tolerance.relative;
}

/**
 * Compares RevMan's stored results of one analysis with Cumulus's analysis of the same rows under RevMan 5
 * conventions. RevMan's Z is compared as |Z|; heterogeneity with no degree of freedom (RevMan prints "not
 * applicable") has its I² and P(Chi²) left out; confidence intervals at a level other than 95% are left out.
 */
export function compareWithRevMan(outcome: RevManOutcome, analysis: OutcomeAnalysis | null, context: ParityContext): RevManParity {
  const differences: ParityDifference[] = [];
  const notCompared: string[] = [];
  let compared = 0;
  const toReporting = (value: number) => (analysis?.scale === 'log' || context.logged ? Math.exp(value) : value);
  const check = (where: string, field: string, revman: number | null, cumulus: number | null | undefined, tolerance = RELATIVE) => {
    if (revman === null) return;
    compared++;
    if (differs(cumulus, revman, tolerance)) differences.push({ where, field, revman, cumulus: cumulus ?? null, reason: context.reason });
  };
  const checkTotal = (where: string, results: RevManResults | null, fit: Fit | null, studies: number | null) => {
    if (!results) return;
    if (!results.estimable) {
      notCompared.push(`${where}: not estimable in RevMan`);
      if (fit) differences.push({ where, field: 'estimable', revman: 0, cumulus: 1, reason: 'RevMan could not estimate this total; Cumulus did' });
      return;
    }
    if (!fit) {
      differences.push({ where, field: 'estimate', revman: results.estimate, cumulus: null, reason: context.reason ?? 'Cumulus could not estimate this total' });
      return;
    }
    check(where, 'studies', results.studies, studies);
    check(where, 'estimate', results.estimate, toReporting(fit.estimate));
    if (outcome.ciTotalLevel === null || outcome.ciTotalLevel === 95) {
      check(where, 'ciLower', results.ciLower, toReporting(fit.ciLower));
      check(where, 'ciUpper', results.ciUpper, toReporting(fit.ciUpper));
    } else notCompared.push(`${where}: RevMan's ${outcome.ciTotalLevel}% interval (Cumulus reports 95%)`);
    check(where, 'Z', results.z, Math.abs(fit.stat));
    check(where, 'P', results.pZ, fit.pval);
    check(where, 'Chi²', results.chi2, fit.Q);
    check(where, 'df', results.df, fit.Qdf);
    if (fit.Qdf > 0) {
      check(where, 'P(Chi²)', results.pChi2, fit.Qp, CHI_SQUARE_P);
      check(where, 'I²', results.i2, fit.I2Q);
    } else if (results.i2 !== null || results.pChi2 !== null) notCompared.push(`${where}: I² and P(Chi²) with no degree of freedom (not applicable)`);
    if (outcome.random) check(where, 'Tau²', results.tau2, fit.tau2);
  };

  // Rows: effect, CI and weight.
  const byId = new Map((analysis?.studies ?? []).map((row) => [row.id, row]));
  const subgroupsShown = outcome.subgroups.length > 0;
  outcome.rows.forEach((row, index) => {
    const published = 'published' in row ? row.published : null;
    if (!published) return;
    const where = `row '${context.rowNames[index]}'${subgroupsShown && row.subgroup ? ` in '${row.subgroup}'` : ''}`;
    const id = context.rowIds[index];
    const effect = id === null ? undefined : byId.get(id);
    if (!effect) {
      // RevMan gives a row it cannot estimate no weight (and an effect of 0 or NaN).
      check(where, 'weight', published.weight, 0);
      return;
    }
    const shown = (value: number) => (context.logged ? Math.exp(value) : value);
    check(where, 'estimate', published.estimate, shown(effect.estimate));
    if (outcome.ciStudyLevel === null || outcome.ciStudyLevel === 95) {
      check(where, 'ciLower', published.ciLower, shown(effect.ciLower));
      check(where, 'ciUpper', published.ciUpper, shown(effect.ciUpper));
    } else notCompared.push(`${where}: RevMan's ${outcome.ciStudyLevel}% interval (Cumulus reports 95%)`);
    if (outcome.totals !== 'NO') check(where, 'weight', published.weight, effect.weight);
  });

  if (outcome.totals === 'YES') checkTotal('overall', outcome.results, analysis?.fit ?? null, analysis?.k ?? null);
  if (outcome.totals !== 'NO') {
    for (const subgroup of outcome.subgroups) {
      const group = analysis?.subgroups?.groups.find((g) => g.name === subgroup.name) ?? null;
      checkTotal(`subgroup '${subgroup.name}'`, subgroup.results, group?.fit ?? null, group?.studies ?? null);
    }
    const test = outcome.subgroupDifferences;
    if (test && outcome.subgroups.filter((subgroup) => subgroup.results?.estimable).length > 1) {
      const where = 'test for subgroup differences';
      const subgroups = analysis?.subgroups ?? null;
      check(where, 'Chi²', test.chi2, subgroups?.Qbetween);
      check(where, 'P', test.p, subgroups?.QbetweenP, CHI_SQUARE_P);
      check(where, 'I²', test.i2, subgroups?.QbetweenI2);
    }
  }
  return { analysis: outcome.analysis, matches: differences.length === 0, compared, differences, notCompared };
}
