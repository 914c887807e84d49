// The non-binding futility inner wedge of a trial sequential analysis by O'Brien-Fleming beta spending
// (Thorlund et al. 2011, TSA manual; rpact getDesignGroupSequentialBetaSpending): under the alternative
// the drift moves Z by drift·√t, and the wedge at each look spends the beta due by then. The drift is
// solved so that the wedge closes on the monitoring boundary at the required information size, i.e.
// the power there is 1 - beta.
import { brentRoot } from '../numeric/brent.js';
import { safeguardedNewtonRoot } from '../numeric/newton.js';
import { betaSpending, normalUpperQuantile } from './alpha-spending.js';
import {
  accurateSpacing,
  continuationDensity,
  nextLookGrid,
  NORMAL_DENSITY_AT_0,
  probabilityBelow,
  Z_CAP,
  type LookGrid,
} from './group-sequential-boundaries.js';

/** The wedge's grid: five points per kernel SD put it within about 1e-8 of a grid twice as fine, at a quarter of the cost. */
const WEDGE_POINTS_PER_KERNEL_SD = 5;
/** Each look's wedge is solved to about this accuracy, the drift to DRIFT_TOLERANCE. */
const WEDGE_TOLERANCE = 1e-13;
const DRIFT_TOLERANCE = 1e-10;
/** A wedge found this close to the boundary is checked against the whole continuation region. */
const AT_BOUNDARY = 1e-6;
/** The second drift tried overshoots the root the first one's slope predicts by a quarter (and by at least 1e-3), to bracket it at once. */
const DRIFT_OVERSHOOT = 1.25;
const MIN_DRIFT_STEP = 1e-3;
/** The widest drift searched, as before the bracket: a Z shifted by 16 is beyond every cap. */
const MAX_DRIFT = 2 * Z_CAP;

interface WedgeAtDrift {
  wedge: number[];
  /** The futility probability of all looks together: beta at the solved drift. */
  spent: number;
}

/**
 * The futility wedge at each look, and the drift at which its total futility probability is beta, for
 * the efficacy boundaries `efficacy` (|Z|) at information fractions `fractions` (the last is 1).
 */
export function futilityWedge(fractions: readonly number[], efficacy: readonly number[], beta: number): { wedge: number[]; drift: number } {
  const betaDue = fractions.map((t) => betaSpending(t, beta));
  // Each drift tried is remembered: Brent's method asks again for its bracket's ends and returns a point it has tried.
  const tried = new Map<number, WedgeAtDrift>();
  let latest: number[] | null = null;
  const excess = (drift: number): number => {
    let result = tried.get(drift);
    if (result === undefined) {
      // The wedge of the drift tried last starts each look's search: successive drifts differ less and less.
      result = wedgeAtDrift(fractions, efficacy, betaDue, drift, latest);
      tried.set(drift, result);
      latest = result.wedge;
    }
    return result.spent - beta;
  };
  // One look at t = 1 with boundary c needs drift c + z[1 - beta] (P(|Z + drift| < c) = beta but for the far tail),
  // and its futility probability falls by phi(z[1 - beta]) per unit of drift; interim looks raise the drift by up to ~0.2.
  const zBeta = normalUpperQuantile(beta);
  const singleLook = Math.min(efficacy[efficacy.length - 1], Z_CAP) + zBeta;
  const slope = NORMAL_DENSITY_AT_0 * Math.exp(-0.5 * zBeta * zBeta);
  const step = Math.max((DRIFT_OVERSHOOT * Math.abs(excess(singleLook))) / slope, MIN_DRIFT_STEP);
  const [lower, upper] = bracketDecreasing(excess, singleLook, step, 0, MAX_DRIFT);
  const drift = brentRoot(excess, lower, upper, { tolerance: DRIFT_TOLERANCE });
  return { wedge: tried.get(drift)!.wedge, drift };
}

/**
 * An interval [lower, upper] around a root of a decreasing f, searched from `start` in steps that double,
 * within [min, max]; [min, max] itself when no smaller bracket is found (brentRoot then reports the failure).
 */
function bracketDecreasing(f: (x: number) => number, start: number, step: number, min: number, max: number): [number, number] {
  let near = Math.min(Math.max(start, min), max);
  const fNear = f(near);
  if (fNear === 0) return [near, near];
  // f > 0: the root is above; f < 0: below.
  const direction = fNear > 0 ? 1 : -1;
  const limit = direction > 0 ? max : min;
  while (near !== limit) {
    const far = direction > 0 ? Math.min(near + step, max) : Math.max(near - step, min);
    if (Math.sign(f(far)) !== direction) return direction > 0 ? [near, far] : [far, near];
    near = far;
    step *= 2;
  }
  return [min, max];
}

/**
 * The wedge for one drift, look by look, and the futility probability it spends: each look's half-width
 * w solves P(continued so far, |Z| < w) = beta due - beta spent before, under the alternative.
 */
function wedgeAtDrift(
  fractions: readonly number[],
  efficacy: readonly number[],
  betaDue: readonly number[],
  drift: number,
  guesses: readonly number[] | null,
): WedgeAtDrift {
  const wedge: number[] = [];
  const last = fractions.length - 1;
  let grid: LookGrid | null = null;
  let spent = 0;
  for (let k = 0; k <= last; k++) {
    const t = fractions[k];
    const shift = drift * Math.sqrt(t);
    const c = Math.min(efficacy[k], Z_CAP);
    const previous = grid;
    // P(still going at this look, |Z| < w) under the alternative: Z - drift·√t is standard (Jennison & Turnbull 2000, ch. 19).
    const futile = (w: number): number =>
      w === 0 ? 0 : probabilityBelow(previous, t, clampZ(w - shift)) - probabilityBelow(previous, t, clampZ(-w - shift));
    const target = betaDue[k] - spent;
    let w: number;
    if (k === last) {
      // The wedge closes on the monitoring boundary at the required information size.
      w = c;
      spent += futile(c);
    } else if (target <= 0) {
      // No beta due yet: no wedge (P(|Z| < 0) is 0), unless nothing is left to continue at all.
      const whole = futile(c);
      w = whole <= target ? c : 0;
      if (w === c) spent += whole;
    } else {
      const density = continuationDensity(previous, t);
      // d/dw P(-w < Z < w): the density at both ends, where they lie inside the caps.
      const slope = (width: number): number =>
        (Math.abs(width - shift) < Z_CAP ? density(width - shift) : 0) + (Math.abs(width + shift) < Z_CAP ? density(-width - shift) : 0);
      // Start from this look's wedge at the drift tried last, or from 0 (P(|Z| < 0) = 0 needs no sum) where that
      // wedge was so thin that one Newton step from 0 finds it to the tolerance (early looks, with almost no beta due).
      const nearby = guesses?.[k] ?? wedge[k - 1] ?? c / 2;
      const guess = nearby * nearby < WEDGE_TOLERANCE ? 0 : nearby;
      w = safeguardedNewtonRoot((width) => futile(width) - target, slope, 0, c, { guess, tolerance: WEDGE_TOLERANCE });
      // A root found at the boundary may mean there is none below it (the whole region is less futile than due):
      // the wedge is then the whole continuation region. Elsewhere the wedge spends the beta due, to the root's tolerance.
      const whole = w > c - AT_BOUNDARY ? futile(c) : Number.POSITIVE_INFINITY;
      if (whole <= target) {
        w = c;
        spent += whole;
      } else spent = betaDue[k];
    }
    wedge.push(w);
    if (k === last) break;
    grid = nextLookGrid(
      previous,
      t,
      [
        [clampZ(-c - shift), clampZ(-w - shift)],
        [clampZ(w - shift), clampZ(c - shift)],
      ],
      accurateSpacing(fractions, k, WEDGE_POINTS_PER_KERNEL_SD),
    );
  }
  return { wedge, spent };
}

function clampZ(z: number): number {
  return Math.min(Math.max(z, -Z_CAP), Z_CAP);
}
