// Group sequential boundaries by alpha spending, found by recursive numerical integration of the
// distribution of the cumulative Z statistic across looks (Armitage, McPherson & Rowe 1969; Jennison &
// Turnbull 2000, ch. 19). The grid, the caps and the root search are those of R rpact 3.3.4
// (getGroupSequentialProbabilitiesCpp, getDesignGroupSequentialAlphaSpendingCpp), so the boundaries
// agree with rpact's to its own digits, including where rpact's 91-point grid is coarse.
import { StatsInputError } from '../errors.js';
import { normalCdf } from '../numeric/distributions.js';
import { alphaSpending, normalUpperQuantile, type Sides, type SpendingFunction } from './alpha-spending.js';

/** Newton-Cotes blocks per interval: 15 blocks of 6 panels, 91 grid points (rpact C_CONST_NEWTON_COTES). */
const NEWTON_COTES_BLOCKS = 15;
const GRID_POINTS = NEWTON_COTES_BLOCKS * 6 + 1;
/** Composite 7-point Newton-Cotes weights, in units of dx / 840 (rpact getW). */
const NEWTON_COTES_WEIGHTS = [492, 1296, 162, 1632, 162, 1296];
/** Boundaries are integrated no further out than |z| = 8 (rpact C_UPPER_BOUNDS_DEFAULT). */
export const Z_CAP = 8;
/** rpact's lower cap for two-row decision matrices (C_FUTILITY_BOUNDS_DEFAULT). */
const TWO_ROW_LOWER_CAP = -6;
/** rpact reports boundaries at or beyond 7.5 as infinite: no realistic Z crosses them. */
export const INFINITE_BOUNDARY = 7.5;
/** rpact's default design tolerance and bisection limit. */
const DESIGN_TOLERANCE = 1e-8;
const MAX_BISECTION_STEPS = 100;

/** One look's grid: Z at this look on the continuation region, each point with its quadrature weight times density. */
export interface LookGrid {
  t: number;
  x: Float64Array;
  dn: Float64Array;
}

/** Quadrature points and weights over the union of intervals (one 91-point grid per interval). */
function newtonCotesGrid(intervals: readonly (readonly [number, number])[]): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(intervals.length * GRID_POINTS);
  const w = new Float64Array(intervals.length * GRID_POINTS);
  intervals.forEach(([lower, upper], block) => {
    const dx = (upper - lower) / (GRID_POINTS - 1);
    const offset = block * GRID_POINTS;
    for (let i = 0; i < GRID_POINTS; i++) {
      x[offset + i] = lower + i * dx;
      // Composite Newton-Cotes (Weddle-type) weights: 246 at both ends, 492 where blocks meet (rpact getW).
      w[offset + i] = i === 0 || i === GRID_POINTS - 1 ? (246 * dx) / 840 : NEWTON_COTES_WEIGHTS[i % 6] * (dx / 840);
    }
  });
  return { x, w };
}

function normalDensity(z: number): number {
  return 0.3989422804014327 * Math.exp(-0.5 * z * z);
}

/**
 * The grid of look k from the grid of look k - 1: the density of Z_k restricted to the continuation
 * region, given the looks before it (Jennison & Turnbull 2000, §19.2).
 */
export function nextLookGrid(previous: LookGrid | null, t: number, intervals: readonly (readonly [number, number])[]): LookGrid {
  const { x, w } = newtonCotesGrid(intervals);
  const dn = new Float64Array(x.length);
  if (previous === null) {
    for (let j = 0; j < x.length; j++) dn[j] = w[j] * normalDensity(x[j]);
    return { t, x, dn };
  }
  const increment = t - previous.t;
  const sqrtT = Math.sqrt(t);
  const sqrtPrevious = Math.sqrt(previous.t);
  const sqrtIncrement = Math.sqrt(increment);
  const scale = Math.sqrt(t / increment);
  for (let j = 0; j < x.length; j++) {
    const center = x[j] * sqrtT;
    let density = 0;
    for (let i = 0; i < previous.x.length; i++) {
      // Independent increments: Z_k sqrt(t_k) = Z_(k-1) sqrt(t_(k-1)) + N(0, t_k - t_(k-1)) (Jennison & Turnbull 2000, eq. 19.4)
      density += scale * normalDensity((center - previous.x[i] * sqrtPrevious) / sqrtIncrement) * previous.dn[i];
    }
    dn[j] = w[j] * density;
  }
  return { t, x, dn };
}

/** P(Z stayed in the continuation region at every earlier look, and Z_k < b) at the look with fraction t. */
export function probabilityBelow(previous: LookGrid | null, t: number, b: number): number {
  if (previous === null) return normalCdf(b);
  const sqrtT = Math.sqrt(t);
  const sqrtPrevious = Math.sqrt(previous.t);
  const sqrtIncrement = Math.sqrt(t - previous.t);
  let sum = 0;
  for (let i = 0; i < previous.x.length; i++) {
    sum += normalCdf((b * sqrtT - previous.x[i] * sqrtPrevious) / sqrtIncrement) * previous.dn[i];
  }
  return sum;
}

/**
 * rpact's group sequential probabilities for a decision matrix of 2 rows (lower, upper: continue
 * between them) or 4 rows (two continuation intervals), one column per look. Row i of the result is
 * P(continue to look k, Z_k < row i of the matrix); the last row is P(continue to look k).
 */
export function groupSequentialProbabilities(decisionMatrix: readonly (readonly number[])[], informationFractions: readonly number[]): number[][] {
  const rows = decisionMatrix.length;
  if (rows !== 2 && rows !== 4) throw new RangeError('a decision matrix has 2 or 4 rows');
  const looks = informationFractions.length;
  // rpact caps boundaries at 8 for the first look, then at -6 (2 rows) or -8 (4 rows) for the recursion.
  const upperCapped = decisionMatrix.map((row) => row.slice(0, looks).map((value) => Math.min(value, Z_CAP)));
  const lowerCap = rows === 2 ? TWO_ROW_LOWER_CAP : -Z_CAP;
  const capped = upperCapped.map((row) => row.map((value) => Math.max(value, lowerCap)));
  const probs: number[][] = Array.from({ length: rows + 1 }, () => new Array<number>(looks).fill(0));
  for (let i = 0; i < rows; i++) probs[i][0] = normalCdf(upperCapped[i][0]);
  probs[rows][0] = 1;
  let grid: LookGrid | null = null;
  for (let k = 1; k < looks; k++) {
    const intervals: [number, number][] = [];
    for (let r = 0; r < rows; r += 2) intervals.push([capped[r][k - 1], capped[r + 1][k - 1]]);
    grid = nextLookGrid(grid, informationFractions[k - 1], intervals);
    for (let i = 0; i < rows; i++) probs[i][k] = probabilityBelow(grid, informationFractions[k], capped[i][k]);
    probs[rows][k] =
      rows === 2
        ? probs[1][k - 1] - probs[0][k - 1]
        : probs[3][k - 1] - probs[2][k - 1] + probs[1][k - 1] - probs[0][k - 1];
  }
  return probs;
}

export interface GroupSequentialOptions {
  /** Information fraction of each look, strictly increasing, in (0, 1]. */
  informationFractions: readonly number[];
  /** Overall type I error, both sides together for a two-sided design. */
  alpha: number;
  sided?: Sides;
  spending?: SpendingFunction;
}

export interface GroupSequentialBoundaries {
  informationFractions: number[];
  alpha: number;
  sided: Sides;
  spending: SpendingFunction;
  /**
   * The |Z| boundary at each look; null where it lies at or beyond 7.5, where there is almost no alpha
   * to spend and no realistic Z can cross (rpact prints Inf).
   */
  criticalValues: (number | null)[];
  /** The boundaries as searched, capped at 8 (what the integration and `alphaSpent` use). */
  searchedCriticalValues: number[];
  /** Cumulative type I error spent by each look, both sides together, from the boundaries themselves. */
  alphaSpent: number[];
}

/**
 * Boundaries for the cumulative Z statistic by Lan-DeMets alpha spending: at each look the boundary
 * is found so that the probability of having crossed by then, under no effect, is the alpha spent.
 */
export function groupSequentialBoundaries(options: GroupSequentialOptions): GroupSequentialBoundaries {
  const { alpha, sided = 2, spending = 'obrien-fleming' } = options;
  const fractions = [...options.informationFractions];
  assertDesign(fractions, alpha, sided);
  const spentTarget = fractions.map((t) => alphaSpending(t, alpha, sided, spending));
  const boundaries: number[] = [];
  // Probabilities of looks before k stay fixed while look k's boundary is searched: keep their grid and sum.
  let grid: LookGrid | null = null;
  let spentBefore = 0;
  let previousBelowUpper = 1;
  let previousBelowLower = 0;
  for (let k = 0; k < fractions.length; k++) {
    if (k === 0) {
      // rpact getOneMinusQNorm: the first boundary is the normal quantile of the alpha spent per side.
      boundaries.push(normalUpperQuantile(spentTarget[0] / sided));
    } else {
      const lower = sided === 2 ? Math.max(-Math.min(boundaries[k - 1], Z_CAP), TWO_ROW_LOWER_CAP) : TWO_ROW_LOWER_CAP;
      grid = nextLookGrid(grid, fractions[k - 1], [[lower, Math.min(boundaries[k - 1], Z_CAP)]]);
      const continuing = previousBelowUpper - previousBelowLower;
      const currentGrid = grid;
      const t = fractions[k];
      const crossingBy = (c: number): number => {
        const capped = Math.min(c, Z_CAP);
        const belowLower = sided === 2 ? probabilityBelow(currentGrid, t, Math.max(-capped, TWO_ROW_LOWER_CAP)) : probabilityBelow(currentGrid, t, TWO_ROW_LOWER_CAP);
        return spentBefore + (continuing - probabilityBelow(currentGrid, t, capped) + (sided === 2 ? belowLower : 0));
      };
      boundaries.push(bisectionLikeRpact((c) => crossingBy(c) - spentTarget[k], 0, Z_CAP));
    }
    // The column of look k with its final boundary, as rpact's probability matrix holds it.
    const c = boundaries[k];
    const capped = Math.min(c, Z_CAP);
    const belowUpper = k === 0 ? normalCdf(capped) : probabilityBelow(grid, fractions[k], capped);
    const lowerValue = sided === 2 ? (k === 0 ? -capped : Math.max(-capped, TWO_ROW_LOWER_CAP)) : TWO_ROW_LOWER_CAP;
    const belowLower = k === 0 ? normalCdf(sided === 2 ? -c : TWO_ROW_LOWER_CAP) : probabilityBelow(grid, fractions[k], lowerValue);
    const continuing = k === 0 ? 1 : previousBelowUpper - previousBelowLower;
    spentBefore += continuing - belowUpper + (sided === 2 ? belowLower : 0);
    previousBelowUpper = belowUpper;
    previousBelowLower = belowLower;
  }
  const alphaSpent = cumulativeCrossing(boundaries, fractions, sided);
  // rpact floors the last to 8 decimals, so integration error never shows more than alpha spent in all.
  alphaSpent[alphaSpent.length - 1] = Math.floor(alphaSpent[alphaSpent.length - 1] * 1e8) / 1e8;
  return {
    informationFractions: fractions,
    alpha,
    sided,
    spending,
    criticalValues: boundaries.map((c) => (c >= INFINITE_BOUNDARY ? null : c)),
    searchedCriticalValues: boundaries,
    alphaSpent,
  };
}

/** Cumulative probability of crossing the boundaries by each look under no effect (rpact .calculateAlphaSpent). */
function cumulativeCrossing(boundaries: readonly number[], fractions: readonly number[], sided: Sides): number[] {
  const decision = sided === 2 ? [boundaries.map((c) => -c), [...boundaries]] : [boundaries.map(() => TWO_ROW_LOWER_CAP), [...boundaries]];
  const probs = groupSequentialProbabilities(decision, fractions);
  let sum = 0;
  return fractions.map((_, k) => {
    sum += probs[2][k] - probs[1][k] + (sided === 2 ? probs[0][k] : 0);
    return sum;
  });
}

/**
 * rpact's bisection2: halves [lower, upper] until narrower than the design tolerance (1e-8), moving
 * up while f > 0, and returns the last midpoint. Used instead of Brent's method so that boundaries
 * land where rpact's do when the spent alpha is below the integration's resolution.
 */
function bisectionLikeRpact(f: (x: number) => number, lower: number, upper: number): number {
  let value = lower;
  let result = Number.NaN;
  let step = 1;
  do {
    value = (lower + upper) / 2;
    result = f(value);
    if (result > 0) lower = value;
    else upper = value;
    step++;
    if (step > MAX_BISECTION_STEPS) break;
  } while (upper - lower > DESIGN_TOLERANCE);
  if (Math.abs(result / 100) > DESIGN_TOLERANCE) {
    throw new RangeError(`no group sequential boundary found: the alpha to spend cannot be reached (off by ${result})`);
  }
  return value;
}

function assertDesign(fractions: readonly number[], alpha: number, sided: number): void {
  if (fractions.length === 0) {
    throw new StatsInputError('a sequential design needs at least one look (informationFractions is empty)', null, 'informationFractions');
  }
  fractions.forEach((t, index) => {
    if (!(t > 0 && t <= 1)) {
      throw new StatsInputError(`information fraction ${index + 1} (${t}) must lie in (0, 1]`, null, 'informationFractions');
    }
    if (index > 0 && !(t > fractions[index - 1])) {
      throw new StatsInputError(
        `information fractions must increase from look to look: look ${index + 1} (${t}) is not after look ${index} (${fractions[index - 1]})`,
        null,
        'informationFractions',
      );
    }
  });
  if (!(alpha > 0 && alpha < 1)) throw new StatsInputError(`alpha must lie between 0 and 1, got ${alpha}`, null, 'alpha');
  if (sided !== 1 && sided !== 2) throw new StatsInputError(`sided must be 1 or 2, got ${sided}`, null, 'sided');
}
