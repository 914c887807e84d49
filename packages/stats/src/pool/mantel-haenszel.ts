import { binaryEffect, correctedIfZero, isDoubleZero, table, validateBinaryStudy, type Table2x2 } from '../effect-sizes/binary.js';
import { StatsInputError } from '../errors.js';
import type { BinaryMeasure, BinaryStudy, Fit, Preset } from '../types.js';
import { fixedFitFrom } from './pooled-fixed.js';

interface MantelHaenszelEstimate {
  estimate: number;
  variance: number;
  weights: number[];
}

// Mantel-Haenszel odds ratio (Mantel and Haenszel 1959) with the Robins-Breslow-Greenland (1986) variance.
function oddsRatio(tables: Table2x2[]): MantelHaenszelEstimate {
  let sumR = 0, sumS = 0, sumPR = 0, sumPSQR = 0, sumQS = 0;
  const weights: number[] = [];
  for (const { a, b, c, d, n1, n2 } of tables) {
    const n = n1 + n2;
    const R = (a * d) / n;
    const S = (b * c) / n;
    const P = (a + d) / n;
    const Q = (b + c) / n;
    sumR += R;
    sumS += S;
    sumPR += P * R;
    sumPSQR += P * S + Q * R;
    sumQS += Q * S;
    weights.push(S);
  }
  return {
    estimate: Math.log(sumR / sumS),
    variance: sumPR / (2 * sumR * sumR) + sumPSQR / (2 * sumR * sumS) + sumQS / (2 * sumS * sumS),
    weights,
  };
}

// Mantel-Haenszel risk ratio with the Greenland and Robins (1985) variance.
function riskRatio(tables: Table2x2[]): MantelHaenszelEstimate {
  let sumR = 0, sumS = 0, sumP = 0;
  const weights: number[] = [];
  for (const { a, c, n1, n2 } of tables) {
    const n = n1 + n2;
    sumR += (a * n2) / n;
    sumS += (c * n1) / n;
    sumP += (n1 * n2 * (a + c) - a * c * n) / (n * n);
    weights.push((c * n1) / n);
  }
  return { estimate: Math.log(sumR / sumS), variance: sumP / (sumR * sumS), weights };
}

// Mantel-Haenszel risk difference with the Sato, Greenland and Robins (1989) variance, as metafor.
function riskDifference(tables: Table2x2[]): MantelHaenszelEstimate {
  let sumNum = 0, sumW = 0, sumB = 0, sumC = 0;
  const weights: number[] = [];
  for (const { a, c, n1, n2 } of tables) {
    const n = n1 + n2;
    sumNum += (a * n2 - c * n1) / n;
    sumW += (n1 * n2) / n;
    weights.push((n1 * n2) / n);
  }
  const rd = sumNum / sumW;
  for (const { a, c, n1, n2 } of tables) {
    const n = n1 + n2;
    sumB += c * (n1 / n) ** 2 - a * (n2 / n) ** 2 + ((n1 / n) * (n2 / n) * (n2 - n1)) / 2;
    sumC += (a * (n2 - c)) / n + (c * (n1 - a)) / n;
  }
  return { estimate: rd, variance: (rd * sumB + sumC / 2) / (sumW * sumW), weights };
}

// Mantel-Haenszel risk difference with the Greenland and Robins (1985) variance, as RevMan 5 computes it: the
// estimate and weights from the raw counts, each variance term from the counts with 0.5 added where a cell is zero
// (reproduces RevMan 5's stored results, zero and double-zero studies included).
function riskDifferenceGreenlandRobins(tables: Table2x2[]): MantelHaenszelEstimate {
  let sumNum = 0, sumW = 0, sumV = 0;
  const weights: number[] = [];
  for (const raw of tables) {
    const { a, c, n1, n2 } = raw;
    const n = n1 + n2;
    sumNum += (a * n2 - c * n1) / n;
    sumW += (n1 * n2) / n;
    weights.push((n1 * n2) / n);
    const t = correctedIfZero(raw);
    const N = t.n1 + t.n2;
    sumV += (t.a * t.b * t.n2 ** 3 + t.c * t.d * t.n1 ** 3) / (t.n1 * t.n2 * N * N);
  }
  // One study alone keeps its own variance (the corrected table's weight), as RevMan 5 shows a single study's row.
  const only = tables.length === 1 ? correctedIfZero(tables[0]) : null;
  const denominator = only ? (only.n1 * only.n2) / (only.n1 + only.n2) : sumW;
  return { estimate: sumNum / sumW, variance: sumV / (denominator * denominator), weights };
}

/**
 * Mantel-Haenszel fixed-effect pooling of 2×2 tables (Cochrane Handbook 10.4.1). metafor pools the raw
 * counts; RevMan 5 adds 0.5 to every cell of a study with a zero cell and leaves out double-zero studies
 * (OR, RR), and pools a risk difference from the raw counts (RD, double-zero studies kept). Q uses
 * inverse-variance weights around the MH estimate, as RevMan and metafor do.
 */
export function poolMantelHaenszel(studies: BinaryStudy[], measure: BinaryMeasure, preset: Preset): Fit {
  studies.forEach(validateBinaryStudy);
  const included = studies.filter((s) => !(preset === 'revman5' && measure !== 'RD' && isDoubleZero(table(s))));
  if (included.length === 0) throw new StatsInputError('there are no studies with events to pool', null, 'studies');
  const revmanRD = preset === 'revman5' && measure === 'RD';
  const tables = included.map((s) => (preset === 'revman5' && !revmanRD ? correctedIfZero(table(s)) : table(s)));
  const mh =
    measure === 'OR' ? oddsRatio(tables)
    : measure === 'RR' ? riskRatio(tables)
    : revmanRD ? riskDifferenceGreenlandRobins(tables)
    : riskDifference(tables);
  if (!Number.isFinite(mh.estimate) || !(mh.variance > 0)) {
    throw new StatsInputError(
      `the Mantel-Haenszel ${measure} cannot be estimated: every study has no events (or only events) in one arm; use inverse-variance or Peto pooling`,
      null,
      'method',
    );
  }
  // Q with inverse-variance weights of the corrected per-study effects; metafor leaves double-zero studies out of
  // Q, RevMan 5 keeps them in a risk difference's Q (its effect from the raw counts, its variance corrected).
  const forQ = revmanRD ? included : included.filter((s) => !isDoubleZero(table(s)));
  let Q = 0;
  for (const s of forQ) {
    const { yi, vi } = binaryEffect(correctedIfZero(table(s)), measure);
    const effect = revmanRD ? binaryEffect(table(s), 'RD').yi : yi;
    Q += (effect - mh.estimate) ** 2 / vi;
  }
  return fixedFitFrom({
    method: 'MH',
    estimate: mh.estimate,
    se: Math.sqrt(mh.variance),
    Q,
    Qdf: forQ.length - 1,
    rawWeights: mh.weights,
    ids: included.map((s) => s.id),
  });
}
