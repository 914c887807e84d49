// Refits of the intercept-only inverse-variance model to subsets of one data set (leave-one-out, cumulative), with the
// summaries poolVectors gives them: each τ² evaluated from sums expanded about a nearby τ² (tau2-expansion.ts) where
// the series converges fast, else in one fused pass over the subset's rows.
import { StatsInputError } from '../errors.js';
import { i2FromQ, i2FromTau2, interceptTypicalVariance } from '../heterogeneity.js';
import { fitAtTau2, interceptDesign, interceptFit, unweightedMoments, type Design, type WeightedFit } from '../numeric/weighted-regression.js';
import { tau2Estimators, type Tau2Input } from '../tau2/index.js';
import { interceptGainBoundFromFits, interceptLogLikelihoodFromSums } from '../tau2/log-likelihood.js';
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
  /**
   * Leave-one-out (rows [0, a) ∪ [b, n), sums kept from both ends); otherwise cumulative (rows [0, a)), whose refits may add
   * expansions about τ² values none reaches: its τ² drifts as studies accumulate.
   */
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
  return interceptFit(center + shift, { sumW, sumW2, sumW3 }, RSS, RSS2);
}

/**
 * The weighted fit at τ² of rows [0, a) ∪ [b, n) in one pass over them where they lie (no copy), about `center`, summed
 * in the order of the subset's rows; in fitAtTau2's two passes over the subset's rows when that centre is too far.
 */
function fusedFitAt(data: RefitData, a: number, b: number, tau2: number, center: number, rows: () => { yi: Float64Array; vi: Float64Array }): WeightedFit {
  const { yi, vi } = data;
  const n = yi.length;
  let sumW = 0;
  let sumW2 = 0;
  let sumW3 = 0;
  let sumWD = 0;
  let sumWD2 = 0;
  let sumW2D = 0;
  let sumW2D2 = 0;
  for (let i = 0; i < n; i++) {
    if (i === a) i = b; // past the rows left out
    if (i >= n) break;
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
  const fit = fitFromMoments({ sumW, sumW2, sumW3, sumWD, sumWD2, sumW2D, sumW2D2, logV: Number.NaN, center });
  if (fit) return fit;
  const subset = rows();
  return fitAtTau2(interceptDesign(subset.yi.length), subset.yi, subset.vi, tau2);
}

/**
 * Rows [0, a) ∪ [b, n) of prepared data as a τ² estimator's input: each τ² evaluated from the nearest expansion when its
 * series converges fast, else in one pass about the last estimate; the rows are copied out only when a fallback needs them.
 */
class SubsetInput implements Tau2Input {
  readonly design: Design;
  readonly start: number | undefined;
  /** The fit at τ² = 0 (Q, tr(P)) and Σlog vi. */
  readonly fixed: WeightedFit;
  private readonly fixedLogV: number;
  private rows: { yi: Float64Array; vi: Float64Array } | null = null;
  private center: number;
  private lastTau2 = Number.NaN;
  private lastFit: WeightedFit | null = null;
  private lastLogV = Number.NaN;

  constructor(
    private readonly data: RefitData,
    private readonly a: number,
    private readonly b: number,
    start: number | undefined,
  ) {
    this.design = interceptDesign(a + data.yi.length - b);
    this.start = start;
    this.center = data.zero.center;
    this.fixed = this.fitAt(0);
    this.fixedLogV = this.lastLogV;
  }

  get yi(): Float64Array {
    return this.subset().yi;
  }

  get vi(): Float64Array {
    return this.subset().vi;
  }

  fitAt(tau2: number): WeightedFit {
    if (tau2 === this.lastTau2 && this.lastFit) return this.lastFit;
    const { data, a, b } = this;
    let nearest = data.zero;
    for (const expansion of data.near) if (expansionRatio(expansion, tau2) < expansionRatio(nearest, tau2)) nearest = expansion;
    let moments = momentsAt(nearest, a, b, tau2);
    if (!moments && worthExpanding(data, this.design.k)) {
      data.near.push((nearest = expansionAbout(data.yi, data.vi, tau2, data.leaveOut)));
      moments = momentsAt(nearest, a, b, tau2);
    }
    const fromSums = moments && fitFromMoments(moments);
    const fit = fromSums ?? fusedFitAt(data, a, b, tau2, this.center, () => this.subset());
    this.center = fit.beta[0];
    this.lastTau2 = tau2;
    this.lastFit = fit;
    this.lastLogV = fromSums ? moments!.logV : Number.NaN;
    return fit;
  }

  unweightedMoments(): { RSS: number; trPV: number } {
    const { k } = this.design;
    const { sumE, sumE2, sumV } = unweightedSums(this.data.zero, this.a, this.b);
    const RSS = sumE2 - (sumE * sumE) / k;
    if (!(sumE2 <= CANCELLATION_LIMIT * RSS)) return unweightedMoments(this.design, this.yi, this.vi);
    return { RSS, trPV: (sumV * (k - 1)) / k };
  }

  /** ll(0) and ll(τ²) from the sums, or null when τ² was evaluated in a pass (which does not sum logarithms). */
  interceptLogLikelihoods(tau2: number, kind: 'ML' | 'REML'): [number, number] | null {
    const fit = this.fitAt(tau2);
    if (Number.isNaN(this.fixedLogV) || Number.isNaN(this.lastLogV)) return null;
    const { k } = this.design;
    return [
      interceptLogLikelihoodFromSums(k, this.fixedLogV, this.fixed.sumW, this.fixed.RSS, kind),
      interceptLogLikelihoodFromSums(k, this.lastLogV, fit.sumW, fit.RSS, kind),
    ];
  }

  /** An upper bound of ll(0) - ll(τ²) from the fits at 0 and τ² (the zero expansion's max 1/vi bounds the subset's). */
  interceptGainBound(tau2: number, kind: 'ML' | 'REML'): number {
    const fit = this.fitAt(tau2);
    return interceptGainBoundFromFits(this.design.k, this.fixed, fit, tau2, this.data.zero.maxW, kind);
  }

  private subset(): { yi: Float64Array; vi: Float64Array } {
    if (this.rows) return this.rows;
    const { data, a, b } = this;
    const n = data.yi.length;
    if (b === n) return (this.rows = { yi: data.yi.subarray(0, a), vi: data.vi.subarray(0, a) });
    const k = this.design.k;
    data.subsetYi.set(data.yi.subarray(0, a));
    data.subsetYi.set(data.yi.subarray(b), a);
    data.subsetVi.set(data.vi.subarray(0, a));
    data.subsetVi.set(data.vi.subarray(b), a);
    return (this.rows = { yi: data.subsetYi.subarray(0, k), vi: data.subsetVi.subarray(0, k) });
  }
}

/**
 * The model refitted to rows [0, a) and [b, n) of the prepared data: leave-one-out leaves out rows [a, b), a cumulative
 * step keeps [0, a) (b = n). The same numbers as poolVectors on those rows, to rounding.
 */
export function refitSubset(data: RefitData, a: number, b: number, options: RefitOptions): RefitSummary {
  const input = new SubsetInput(data, a, b, options.tau2Start);
  const { k } = input.design;
  const ciMethod = options.model === 'random' ? (options.ciMethod ?? 'z') : 'z';
  if (ciMethod === 'hksj' && k < 2) {
    throw new StatsInputError('the Hartung-Knapp-Sidik-Jonkman method needs at least two studies', null, 'ciMethod');
  }
  const Q = input.fixed.RSS;
  const tau2 = options.model === 'random' && k > 1 ? tau2Estimators[options.tau2Estimator ?? 'REML'](input) : 0;
  const fit = input.fitAt(tau2);
  const estimate = fit.beta[0];
  const { se, ciLower, ciUpper, pval } = pooledInference(estimate, fit.sumW, k, ciMethod === 'hksj' ? fit.RSS : null);
  const I2 = options.model === 'random' && k > 1 ? i2FromTau2(tau2, interceptTypicalVariance(k, input.fixed.sumW, input.fixed.sumW2)) : i2FromQ(Q, k - 1);
  return { estimate, se, ciLower, ciUpper, pval, Q, I2, tau2 };
}
