// Refits of the intercept-only inverse-variance model to subsets of one data set (leave-one-out, cumulative), with the
// summaries poolVectors gives them: each τ² evaluated from sums expanded about a nearby τ² (tau2-expansion.ts) where
// the series converges fast, else in one fused pass over the subset's rows.
import { StatsInputError } from '../errors.js';
import { i2FromQ, i2FromTau2, interceptTypicalVariance } from '../heterogeneity.js';
import { fitAtTau2, interceptDesign, unweightedMoments, type WeightedFit } from '../numeric/weighted-regression.js';
import { tau2Estimators, type Tau2Input } from '../tau2/index.js';
import { interceptLogLikelihoodFromSums } from '../tau2/log-likelihood.js';
import type { CiMethod, Tau2Estimator } from '../types.js';
import { pooledInference } from './inference.js';
import { expansionAbout, expansionRatio, momentsAt, unweightedSums, type SubsetMoments, type Tau2Expansion } from './tau2-expansion.js';

/** What leave-one-out and cumulative analyses keep of each refit (SequenceOfFits). */
export interface RefitSummary {
  estimate: number;
  se: number;
  ciLower: number;
  ciUpper: number;
  pval: number;
  Q: number;
  I2: number;
  tau2: number;
}

export interface RefitOptions {
  model: 'fixed' | 'random';
  tau2Estimator?: Tau2Estimator;
  ciMethod?: CiMethod;
  /** Start iterative τ² estimators here (a neighbouring fit's τ²), as poolVectors' `tau2Start`. */
  tau2Start?: number;
}

/** One data set prepared for refits of its subsets: rows in the order they are left out or accumulated. */
export interface RefitData {
  yi: Float64Array;
  vi: Float64Array;
  /** Sums about τ² = 0 (the fixed-effect fit, Q, Hedges' moments) and about τ² values the refits come close to. */
  zero: Tau2Expansion;
  near: Tau2Expansion[];
  /** Whether a refit may expand the sums about a τ² no expansion reaches (cumulative: its τ² drifts as studies accumulate). */
  leaveOut: boolean;
  /** Room for a leave-one-out subset's rows, filled only when a refit needs them. */
  subsetYi: Float64Array;
  subsetVi: Float64Array;
}

/**
 * Prepares refits of rows [0, a) (cumulative) or, `leaveOut`, of rows [0, a) ∪ [b, n). `nearTau2` are the τ² values the
 * refits' estimators will come close to (the full data's estimate and Hedges' estimate): sums are expanded about them.
 */
export function prepareRefits(yi: Float64Array, vi: Float64Array, nearTau2: number[], leaveOut: boolean): RefitData {
  const n = yi.length;
  const near = n < MIN_ROWS_TO_EXPAND ? [] : [...new Set(nearTau2.filter((t) => t > 0 && Number.isFinite(t)))].map((t) => expansionAbout(yi, vi, t, leaveOut));
  return {
    yi,
    vi,
    // τ² = 0 is asked for itself (Q, tr(P), DerSimonian-Laird), not for its neighbours.
    zero: expansionAbout(yi, vi, 0, leaveOut, 0),
    near,
    leaveOut,
    subsetYi: new Float64Array(leaveOut ? n : 0),
    subsetVi: new Float64Array(leaveOut ? n : 0),
  };
}

/**
 * Below this many rows a pass over them costs little more than a series, and refits' τ² lie too far apart for one
 * expansion to serve many: only the sums about τ² = 0 are kept.
 */
const MIN_ROWS_TO_EXPAND = 512;

/** Expansions a cumulative analysis may add: each costs about as much as a few dozen passes over all rows. */
const MAX_EXPANSIONS = 8;

/**
 * A cumulative step's τ² stays near its neighbours' once an eighth of the rows are in, so an expansion about it serves the
 * steps that follow; earlier steps are short, and their passes cheap.
 */
function worthExpanding(data: RefitData, k: number): boolean {
  return !data.leaveOut && data.near.length < MAX_EXPANSIONS && 8 * k >= data.yi.length && k >= MIN_ROWS_TO_EXPAND;
}

/** Sums lose at most this factor (8 binary digits) to cancellation before they are recomputed around a nearer centre. */
const CANCELLATION_LIMIT = 256;

/**
 * The weighted fit from moments about `center` (d = y - center): μ = center + Σwd/Σw, Σw(y - μ)² and Σw²(y - μ)² expanded
 * about the centre; null when the expansion cancels more than CANCELLATION_LIMIT allows (a centre far from μ).
 */
function fitFromMoments({ sumW, sumW2, sumW3, sumWD, sumWD2, sumW2D, sumW2D2, center }: SubsetMoments): WeightedFit | null {
  const shift = sumWD / sumW;
  const RSS = sumWD2 - shift * sumWD;
  const RSS2 = sumW2D2 - 2 * shift * sumW2D + shift * shift * sumW2;
  if (!(sumWD2 <= CANCELLATION_LIMIT * RSS) || !(sumW2D2 <= CANCELLATION_LIMIT * RSS2)) return null;
  const ratio = sumW2 / sumW;
  return {
    beta: [center + shift],
    vb: [[1 / sumW]],
    RSS,
    RSS2,
    sumW,
    sumW2,
    trP: sumW - ratio,
    trPP: sumW2 - (2 * sumW3) / sumW + ratio * ratio,
  };
}

/** The weighted fit at τ² in one pass over the rows, about `center`; in fitAtTau2's two passes when that centre is too far. */
function fusedFitAt(yi: Float64Array, vi: Float64Array, tau2: number, center: number): WeightedFit {
  const k = yi.length;
  let sumW = 0;
  let sumW2 = 0;
  let sumW3 = 0;
  let sumWD = 0;
  let sumWD2 = 0;
  let sumW2D = 0;
  let sumW2D2 = 0;
  for (let i = 0; i < k; i++) {
    const w = 1 / (vi[i] + tau2);
    const d = yi[i] - center;
    const w2 = w * w;
    const wd = w * d;
    const w2d = w2 * d;
    sumW += w;
    sumW2 += w2;
    sumW3 += w2 * w;
    sumWD += wd;
    sumWD2 += wd * d;
    sumW2D += w2d;
    sumW2D2 += w2d * d;
  }
  return fitFromMoments({ sumW, sumW2, sumW3, sumWD, sumWD2, sumW2D, sumW2D2, logV: Number.NaN, center }) ?? fitAtTau2(interceptDesign(k), yi, vi, tau2);
}

/**
 * The model refitted to rows [0, a) and [b, n) of the prepared data: leave-one-out leaves out rows [a, b), a cumulative
 * step keeps [0, a) (b = n). The same numbers as poolVectors on those rows, to rounding.
 */
export function refitSubset(data: RefitData, a: number, b: number, options: RefitOptions): RefitSummary {
  const n = data.yi.length;
  const k = a + n - b;
  const ciMethod = options.model === 'random' ? (options.ciMethod ?? 'z') : 'z';
  if (ciMethod === 'hksj' && k < 2) {
    throw new StatsInputError('the Hartung-Knapp-Sidik-Jonkman method needs at least two studies', null, 'ciMethod');
  }
  // The subset's rows, copied out only when a pass over them is needed.
  let rows: { yi: Float64Array; vi: Float64Array } | null = null;
  const subset = () => {
    if (rows) return rows;
    if (b === n) return (rows = { yi: data.yi.subarray(0, a), vi: data.vi.subarray(0, a) });
    data.subsetYi.set(data.yi.subarray(0, a));
    data.subsetYi.set(data.yi.subarray(b), a);
    data.subsetVi.set(data.vi.subarray(0, a));
    data.subsetVi.set(data.vi.subarray(b), a);
    return (rows = { yi: data.subsetYi.subarray(0, k), vi: data.subsetVi.subarray(0, k) });
  };

  // Each τ² is evaluated from the nearest expansion when its series converges fast, else in one pass about the last estimate.
  let center = data.zero.center;
  let last: { tau2: number; fit: WeightedFit; logV: number } | null = null;
  const evaluate = (tau2: number) => {
    if (last?.tau2 === tau2) return last;
    let nearest = data.zero;
    for (const expansion of data.near) if (expansionRatio(expansion, tau2) < expansionRatio(nearest, tau2)) nearest = expansion;
    let moments = momentsAt(nearest, a, b, tau2);
    if (!moments && worthExpanding(data, k)) {
      data.near.push((nearest = expansionAbout(data.yi, data.vi, tau2, data.leaveOut)));
      moments = momentsAt(nearest, a, b, tau2);
    }
    const fromSums = moments && fitFromMoments(moments);
    const fit = fromSums ?? fusedFitAt(subset().yi, subset().vi, tau2, center);
    center = fit.beta[0];
    return (last = { tau2, fit, logV: fromSums ? moments!.logV : Number.NaN });
  };
  const fixed = evaluate(0);
  const Q = fixed.fit.RSS;

  let tau2 = 0;
  if (options.model === 'random' && k > 1) {
    const design = interceptDesign(k);
    const input: Tau2Input = {
      design,
      get yi() {
        return subset().yi;
      },
      get vi() {
        return subset().vi;
      },
      start: options.tau2Start,
      fitAt: (at) => evaluate(at).fit,
      unweightedMoments: () => {
        const { sumE, sumE2, sumV } = unweightedSums(data.zero, a, b);
        const RSS = sumE2 - (sumE * sumE) / k;
        if (!(sumE2 <= CANCELLATION_LIMIT * RSS)) return unweightedMoments(design, subset().yi, subset().vi);
        return { RSS, trPV: (sumV * (k - 1)) / k };
      },
      interceptLogLikelihoods: (at, kind) => {
        const atZero = evaluate(0);
        const atTau2 = evaluate(at);
        if (Number.isNaN(atZero.logV) || Number.isNaN(atTau2.logV)) return null;
        return [
          interceptLogLikelihoodFromSums(k, atZero.logV, atZero.fit.sumW, atZero.fit.RSS, kind),
          interceptLogLikelihoodFromSums(k, atTau2.logV, atTau2.fit.sumW, atTau2.fit.RSS, kind),
        ];
      },
    };
    tau2 = tau2Estimators[options.tau2Estimator ?? 'REML'](input);
  }
  const fit = evaluate(tau2).fit;
  const estimate = fit.beta[0];
  const { se, ciLower, ciUpper, pval } = pooledInference(estimate, fit.sumW, k, ciMethod === 'hksj' ? fit.RSS : null);
  const I2 = options.model === 'random' && k > 1 ? i2FromTau2(tau2, interceptTypicalVariance(k, fixed.fit.sumW, fixed.fit.sumW2)) : i2FromQ(Q, k - 1);
  return { estimate, se, ciLower, ciUpper, pval, Q, I2, tau2 };
}
