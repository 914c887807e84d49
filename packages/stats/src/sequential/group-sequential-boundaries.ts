// Group sequential boundaries by alpha spending, found by recursive numerical integration of the
// distribution of the cumulative Z statistic across looks (Armitage, McPherson & Rowe 1969; Jennison &
// Turnbull 2000, ch. 19). Two integrations: `rpact` repeats R rpact 3.3.4 step for step
// (getGroupSequentialProbabilitiesCpp, getDesignGroupSequentialAlphaSpendingCpp: 91 Newton-Cotes points,
// caps at 8 and -6, bisection to 1e-8), so its numbers agree with rpact's to its own digits, including
// where rpact's grid is too coarse for looks close together and spends several times the alpha it should;
// `accurate` sizes the grid to the spacing of the looks and is correct to about 1e-10 everywhere. It sums the
// normal kernels over uniform runs of the grid (normal-kernel-sums.ts) and finds each boundary by Newton's method.
import { StatsInputError } from '../errors.js';
import { safeguardedNewtonRoot } from '../numeric/newton.js';
import { normalCdf, normalUpperTail } from '../numeric/distributions.js';
import { alphaSpending, normalUpperQuantile, type Sides, type SpendingFunction } from './alpha-spending.js';
import { normalKernelSums, type UniformRun } from './normal-kernel-sums.js';

/** Newton-Cotes blocks per interval: 15 blocks of 6 panels, 91 grid points (rpact C_CONST_NEWTON_COTES). */
const RPACT_BLOCKS = 15;
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
/** Accurate integration: grid points per standard deviation of the narrowest normal kernel the grid meets. */
const POINTS_PER_KERNEL_SD = 10;
/** Accurate integration: beyond 9 standard deviations a normal kernel is below 1e-18 and is not summed. */
const KERNEL_REACH = 9;
/** Accurate integration: at most 20000 Newton-Cotes blocks (120001 points) per interval, for looks almost on top of each other. */
const MAX_BLOCKS = 20000;
/** Accurate integration: each boundary is solved to about this accuracy. */
const BOUNDARY_TOLERANCE = 1e-14;
/** A boundary so far out nothing crosses it (P(|Z| > 40) underflows), for a look with no alpha left to spend. */
const NO_ALPHA_LEFT = 40;

/**
 * How the recursion integrates. `rpact`: rpact 3.3.4's 91 points per interval, for parity with its
 * numbers, coarse where looks are close together. `accurate`: a grid as fine as the spacing of the
 * looks needs, with each boundary bracketed between the quantiles that bound it.
 */
export type Integration = 'rpact' | 'accurate';

/** One look's grid: Z at this look on the continuation region (ascending), each point with its quadrature weight times density. */
export interface LookGrid {
  t: number;
  x: Float64Array;
  dn: Float64Array;
  /** The grid's equally spaced runs, one per interval of the continuation region. */
  runs: UniformRun[];
  /** Running sums of dn for windowed sums (accurate integration); null for rpact's full sums. */
  cumulative: Float64Array | null;
}

/** Quadrature points and weights over the union of intervals, `points` (6n + 1) per interval, each interval a uniform run. */
function newtonCotesGrid(
  intervals: readonly (readonly [number, number])[],
  points: (width: number) => number,
): { x: Float64Array; w: Float64Array; runs: UniformRun[] } {
  const counts = intervals.map(([lower, upper]) => points(upper - lower));
  const x = new Float64Array(counts.reduce((a, b) => a + b, 0));
  const w = new Float64Array(x.length);
  const runs: UniformRun[] = [];
  let offset = 0;
  intervals.forEach(([lower, upper], block) => {
    const n = counts[block];
    const dx = (upper - lower) / (n - 1);
    for (let i = 0; i < n; i++) {
      x[offset + i] = lower + i * dx;
      // Composite Newton-Cotes (Weddle-type) weights: 246 at both ends, 492 where blocks meet (rpact getW).
      w[offset + i] = i === 0 || i === n - 1 ? (246 * dx) / 840 : NEWTON_COTES_WEIGHTS[i % 6] * (dx / 840);
    }
    runs.push({ start: offset, count: n, lower, step: dx });
    offset += n;
  });
  return { x, w, runs };
}

/** 1 / sqrt(2 pi), the standard normal density at 0. */
export const NORMAL_DENSITY_AT_0 = 0.3989422804014327;

function normalDensity(z: number): number {
  return NORMAL_DENSITY_AT_0 * Math.exp(-0.5 * z * z);
}

/**
 * Grid spacing for the accurate integration at look `index`: a tenth (by default) of the narrowest
 * kernel the grid meets, the one that made this look's density (sqrt(increment / t) wide) or the one
 * to the next look. Ten points per kernel SD give boundaries to about 1e-10.
 */
export function accurateSpacing(fractions: readonly number[], index: number, pointsPerKernelSd = POINTS_PER_KERNEL_SD): number {
  const t = fractions[index];
  let narrowest = 1;
  if (index > 0) narrowest = Math.min(narrowest, Math.sqrt((t - fractions[index - 1]) / t));
  if (index + 1 < fractions.length) narrowest = Math.min(narrowest, Math.sqrt((fractions[index + 1] - t) / t));
  return narrowest / pointsPerKernelSd;
}

/**
 * The grid of look k from the grid of look k - 1: the density of Z_k restricted to the continuation
 * region, given the looks before it (Jennison & Turnbull 2000, ch. 19). `spacing` null: rpact's
 * 91-point grid; a number: the largest step of a finer grid (accurate integration).
 */
export function nextLookGrid(
  previous: LookGrid | null,
  t: number,
  intervals: readonly (readonly [number, number])[],
  spacing: number | null = null,
): LookGrid {
  const points =
    spacing === null
      ? () => RPACT_BLOCKS * 6 + 1
      : (width: number) => 6 * Math.min(MAX_BLOCKS, Math.max(2, Math.ceil(width / (6 * spacing)))) + 1;
  const { x, w, runs } = newtonCotesGrid(intervals, points);
  const dn = new Float64Array(x.length);
  if (previous === null) {
    for (let j = 0; j < x.length; j++) dn[j] = w[j] * normalDensity(x[j]);
  } else if (spacing === null) {
    const sqrtT = Math.sqrt(t);
    const sqrtPrevious = Math.sqrt(previous.t);
    const sqrtIncrement = Math.sqrt(t - previous.t);
    const scale = Math.sqrt(t / (t - previous.t));
    for (let j = 0; j < x.length; j++) {
      const center = x[j] * sqrtT;
      let density = 0;
      for (let i = 0; i < previous.x.length; i++) {
        // Independent increments: Z_k sqrt(t_k) = Z_(k-1) sqrt(t_(k-1)) + N(0, t_k - t_(k-1)) (Jennison & Turnbull 2000, ch. 19)
        density += scale * normalDensity((center - previous.x[i] * sqrtPrevious) / sqrtIncrement) * previous.dn[i];
      }
      dn[j] = w[j] * density;
    }
  } else {
    accurateDensities(previous, t, x, w, dn);
  }
  let cumulative: Float64Array | null = null;
  if (spacing !== null) {
    cumulative = new Float64Array(x.length + 1);
    for (let j = 0; j < x.length; j++) cumulative[j + 1] = cumulative[j] + dn[j];
  }
  return { t, x, dn, runs, cumulative };
}

/**
 * The density of Z_k at x, jointly with Z having stayed in the continuation region before, as a sum of normal
 * kernels over the previous look's grid: `at(center, from, to)` sums points from to to - 1 for center = x sqrt(t_k),
 * and only points within KERNEL_REACH kernel SDs of the centre, in [center / sqrt(t_(k-1)) - reach, ... + reach], count.
 */
function kernelFromPrevious(previous: LookGrid, t: number): { sqrtT: number; sqrtPrevious: number; reach: number; at: (center: number, from: number, to: number) => number } {
  const sqrtT = Math.sqrt(t);
  const sqrtPrevious = Math.sqrt(previous.t);
  const sqrtIncrement = Math.sqrt(t - previous.t);
  // Independent increments: Z_k sqrt(t_k) = Z_(k-1) sqrt(t_(k-1)) + N(0, t_k - t_(k-1)) (Jennison & Turnbull 2000, ch. 19)
  const scale = NORMAL_DENSITY_AT_0 * Math.sqrt(t / (t - previous.t));
  const kernelSum = normalKernelSums(previous.runs, previous.dn, sqrtPrevious, sqrtIncrement);
  return {
    sqrtT,
    sqrtPrevious,
    reach: (KERNEL_REACH * sqrtIncrement) / sqrtPrevious,
    at: (center, from, to) => scale * kernelSum(center, from, to),
  };
}

/** The accurate integration's densities at look k, at every point x of its grid (ascending) times the weights w. */
function accurateDensities(previous: LookGrid, t: number, x: Float64Array, w: Float64Array, dn: Float64Array): void {
  const { sqrtT, sqrtPrevious, reach, at } = kernelFromPrevious(previous, t);
  const points = previous.x.length;
  let from = 0;
  let to = 0;
  for (let j = 0; j < x.length; j++) {
    const center = x[j] * sqrtT;
    // The window [from, to) moves up with the centre: advance its ends where firstAtLeast would place them.
    while (from < points && previous.x[from] < center / sqrtPrevious - reach) from++;
    while (to < points && previous.x[to] < center / sqrtPrevious + reach) to++;
    dn[j] = w[j] * at(center, from, to);
  }
}

/** Index of the first element of an ascending array that is >= value (its length when none is). */
function firstAtLeast(values: Float64Array, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The density of Z_k at the look with fraction t, jointly with Z having stayed in the continuation region at
 * every earlier look: the derivative of probabilityBelow in b. Prepared once per look, then evaluated at any z.
 */
export function continuationDensity(previous: LookGrid | null, t: number): (z: number) => number {
  if (previous === null) return normalDensity;
  const { sqrtT, sqrtPrevious, reach, at } = kernelFromPrevious(previous, t);
  return (z) => {
    const center = z * sqrtT;
    return at(center, firstAtLeast(previous.x, center / sqrtPrevious - reach), firstAtLeast(previous.x, center / sqrtPrevious + reach));
  };
}

/** P(Z stayed in the continuation region at every earlier look, and Z_k < b) at the look with fraction t. */
export function probabilityBelow(previous: LookGrid | null, t: number, b: number): number {
  if (previous === null) return normalCdf(b);
  return tailSum(previous, t, b, 'below');
}

/** P(Z stayed in the continuation region at every earlier look, and Z_k > b): no cancellation in the far tail. */
export function probabilityAbove(previous: LookGrid | null, t: number, b: number): number {
  if (previous === null) return normalUpperTail(b);
  return tailSum(previous, t, b, 'above');
}

function tailSum(previous: LookGrid, t: number, b: number, side: 'below' | 'above'): number {
  const sqrtT = Math.sqrt(t);
  const sqrtPrevious = Math.sqrt(previous.t);
  const sqrtIncrement = Math.sqrt(t - previous.t);
  // Z_k < b given Z_(k-1) = y: Phi((b sqrt(t_k) - y sqrt(t_(k-1))) / sqrt(t_k - t_(k-1))) (Jennison & Turnbull 2000, ch. 19)
  const argument = (y: number): number => (b * sqrtT - y * sqrtPrevious) / sqrtIncrement;
  const probability = side === 'below' ? normalCdf : normalUpperTail;
  let from = 0;
  let to = previous.x.length;
  let sum = 0;
  if (previous.cumulative !== null) {
    const center = (b * sqrtT) / sqrtPrevious;
    const reach = (KERNEL_REACH * sqrtIncrement) / sqrtPrevious;
    from = firstAtLeast(previous.x, center - reach);
    to = firstAtLeast(previous.x, center + reach);
    // Points far below b's window are surely below b, points far above surely above it.
    sum = side === 'below' ? previous.cumulative[from] : previous.cumulative[previous.x.length] - previous.cumulative[to];
  }
  for (let i = from; i < to; i++) sum += probability(argument(previous.x[i])) * previous.dn[i];
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
  /** `accurate` unless given; `rpact` reproduces rpact 3.3.4 digit for digit. */
  integration?: Integration;
}

export interface GroupSequentialBoundaries {
  informationFractions: number[];
  alpha: number;
  sided: Sides;
  spending: SpendingFunction;
  integration: Integration;
  /**
   * The |Z| boundary at each look; null where it lies at or beyond 7.5, where there is almost no alpha
   * to spend and no realistic Z can cross (rpact prints Inf).
   */
  criticalValues: (number | null)[];
  /** The boundaries as searched (what the integration and `alphaSpent` use), finite everywhere. */
  searchedCriticalValues: number[];
  /** Cumulative type I error spent by each look, both sides together, from the boundaries themselves. */
  alphaSpent: number[];
}

/**
 * Boundaries for the cumulative Z statistic by Lan-DeMets alpha spending: at each look the boundary
 * is found so that the probability of having crossed by then, under no effect, is the alpha spent.
 */
export function groupSequentialBoundaries(options: GroupSequentialOptions): GroupSequentialBoundaries {
  const { alpha, sided = 2, spending = 'obrien-fleming', integration = 'accurate' } = options;
  const fractions = [...options.informationFractions];
  assertDesign(fractions, alpha, sided, integration);
  const spentTarget = fractions.map((t) => alphaSpending(t, alpha, sided, spending));
  let boundaries: number[];
  let alphaSpent: number[];
  if (integration === 'rpact') {
    boundaries = rpactBoundaries(fractions, spentTarget, sided);
    alphaSpent = cumulativeCrossing(boundaries, fractions, sided);
    // rpact floors the last to 8 decimals, so integration error never shows more than alpha spent in all.
    alphaSpent[alphaSpent.length - 1] = Math.floor(alphaSpent[alphaSpent.length - 1] * 1e8) / 1e8;
  } else {
    ({ boundaries, alphaSpent } = accurateBoundaries(fractions, spentTarget, sided));
  }
  return {
    informationFractions: fractions,
    alpha,
    sided,
    spending,
    integration,
    criticalValues: boundaries.map((c) => (c >= INFINITE_BOUNDARY ? null : c)),
    searchedCriticalValues: boundaries,
    alphaSpent,
  };
}

/** rpact's search: look by look, bisection on [0, 8] over its 91-point grid, with its caps at 8 and -6. */
function rpactBoundaries(fractions: readonly number[], spentTarget: readonly number[], sided: Sides): number[] {
  const boundaries: number[] = [];
  // Probabilities of looks before k stay fixed while look k's boundary is searched: keep their grid and sum.
  let grid: LookGrid | null = null;
  let spentBefore = 0;
  let previousBelowUpper = 1;
  let previousBelowLower = 0;
  const lowerOf = (c: number): number => (sided === 2 ? Math.max(-c, TWO_ROW_LOWER_CAP) : TWO_ROW_LOWER_CAP);
  for (let k = 0; k < fractions.length; k++) {
    const t = fractions[k];
    const continuing = previousBelowUpper - previousBelowLower;
    if (k === 0) {
      // rpact getOneMinusQNorm: the first boundary is the normal quantile of the alpha spent per side.
      boundaries.push(normalUpperQuantile(spentTarget[0] / sided));
    } else {
      const previous = Math.min(boundaries[k - 1], Z_CAP);
      grid = nextLookGrid(grid, fractions[k - 1], [[lowerOf(previous), previous]]);
      const current = grid;
      const crossedBy = (c: number): number => {
        const capped = Math.min(c, Z_CAP);
        const belowLower = sided === 2 ? probabilityBelow(current, t, lowerOf(capped)) : 0;
        return spentBefore + (continuing - probabilityBelow(current, t, capped) + belowLower);
      };
      boundaries.push(bisectionLikeRpact((c) => crossedBy(c) - spentTarget[k], 0, Z_CAP));
    }
    // Look k's column with its final boundary, as rpact's probability matrix holds it.
    const c = boundaries[k];
    const capped = Math.min(c, Z_CAP);
    const belowUpper = k === 0 ? normalCdf(capped) : probabilityBelow(grid, t, capped);
    const belowLower = k === 0 ? normalCdf(sided === 2 ? -c : TWO_ROW_LOWER_CAP) : probabilityBelow(grid, t, lowerOf(capped));
    spentBefore += continuing - belowUpper + (sided === 2 ? belowLower : 0);
    previousBelowUpper = belowUpper;
    previousBelowLower = belowLower;
  }
  return boundaries;
}

/**
 * The accurate search: a grid fine enough for the spacing of the looks, upper-tail sums without
 * cancellation, and each boundary bracketed: P(|Z_k| > c) <= alpha(t_k) gives c >= z[alpha(t_k)],
 * and P(crossing first at look k) <= P(|Z_k| > c) gives c <= z[alpha(t_k) - alpha spent before].
 * Within the bracket, Newton's method from its lower end: the derivative of the crossing probability is the density at ±c.
 */
function accurateBoundaries(fractions: readonly number[], spentTarget: readonly number[], sided: Sides): { boundaries: number[]; alphaSpent: number[] } {
  const boundaries: number[] = [];
  const alphaSpent: number[] = [];
  let grid: LookGrid | null = null;
  let spentBefore = 0;
  for (let k = 0; k < fractions.length; k++) {
    const t = fractions[k];
    if (k > 0) grid = nextLookGrid(grid, fractions[k - 1], [continuationInterval(boundaries[k - 1], sided)], accurateSpacing(fractions, k - 1));
    const current = grid;
    // P(first crossing at look k): upper and lower tails summed directly, so a 1e-20 stays a 1e-20.
    const crossingAt = (c: number): number => probabilityAbove(current, t, c) + (sided === 2 ? probabilityBelow(current, t, -c) : 0);
    const lower = normalUpperQuantile(spentTarget[k] / sided);
    const increment = spentTarget[k] - spentBefore;
    const upper = increment > 0 ? normalUpperQuantile(Math.min(increment / sided, 0.5)) : NO_ALPHA_LEFT;
    let c: number;
    if (lower >= upper) c = lower;
    else {
      const excess = (value: number): number => spentBefore + crossingAt(value) - spentTarget[k];
      if (excess(lower) <= 0) c = lower;
      else if (excess(upper) >= 0) c = upper;
      else {
        const density = continuationDensity(current, t);
        // -excess increases in c with slope the density at c (and at -c).
        const slope = (value: number): number => density(value) + (sided === 2 ? density(-value) : 0);
        c = safeguardedNewtonRoot((value) => -excess(value), slope, lower, upper, { guess: lower, tolerance: BOUNDARY_TOLERANCE });
      }
    }
    boundaries.push(c);
    spentBefore += crossingAt(c);
    alphaSpent.push(spentBefore);
  }
  return { boundaries, alphaSpent };
}

function continuationInterval(boundary: number, sided: Sides): [number, number] {
  const c = Math.min(boundary, Z_CAP);
  return [sided === 2 ? -c : -Z_CAP, c];
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
  let value: number;
  let result: number;
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

function assertDesign(fractions: readonly number[], alpha: number, sided: number, integration: string): void {
  if (integration !== 'rpact' && integration !== 'accurate') {
    throw new StatsInputError(`unknown integration '${integration}': use 'accurate' or 'rpact'`, null, 'integration');
  }
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
