// Trial sequential analysis (TSA) of a living meta-analysis: the cumulative Z after each trial is
// judged against monitoring boundaries that allow for looking again every time a trial is added
// (Wetterslev, Thorlund, Brok & Gluud 2008, J Clin Epidemiol 61:64; Thorlund et al. 2011, TSA manual).
import { StatsInputError } from '../errors.js';
import { futilityWedge } from './futility-wedge.js';
import { groupSequentialBoundaries } from './group-sequential-boundaries.js';

/** The meta-analysis as it stood after one more trial, in date order. */
export interface CumulativeResult {
  /** The trial added at this look. */
  id: string;
  /** Cumulative pooled estimate on the analysis scale (log for OR and RR), where 0 is no effect. */
  estimate: number;
  se: number;
  /** Participants in all trials so far. */
  participants: number;
}

export interface TrialSequentialOptions {
  /** Required (optimal) information size in participants, e.g. from `requiredInformationSize`. */
  requiredInformationSize: number;
  /** Two-sided type I error; 0.05 unless given. */
  alpha?: number;
  /** Type II error the information size was planned with; 0.2 (80% power) unless given. */
  beta?: number;
}

export type TrialSequentialVerdict = 'firm-evidence-of-effect' | 'firm-evidence-of-no-effect' | 'not-yet-conclusive';

export interface TrialSequentialLook {
  id: string;
  participants: number;
  /** participants / required information size, not capped (above 1 once the size is reached). */
  informationFraction: number;
  z: number;
  /** |Z| monitoring boundary; null where it is beyond 7.5, so nothing realistic crosses it. */
  boundary: number | null;
  /** Half-width of the futility inner wedge (|Z| below it: futile); null where the wedge has not opened. */
  futilityBoundary: number | null;
  /** Alpha spent by this look, both sides together. */
  alphaSpent: number;
  crossedBoundary: boolean;
  insideFutilityWedge: boolean;
}

export interface TrialSequentialAnalysis {
  requiredInformationSize: number;
  alpha: number;
  beta: number;
  looks: TrialSequentialLook[];
  /** The monitoring boundary at the required information size (information fraction 1), where the wedge closes on it. */
  finalBoundary: number;
  /** Expected Z at the required information size under the alternative, solved so the wedge closes there. */
  drift: number;
  /** The latest estimate ± the latest boundary × SE (analysis scale); null while the boundary is infinite. */
  adjustedCi: { estimate: number; lower: number; upper: number; boundary: number } | null;
  verdict: TrialSequentialVerdict;
  reason: string;
}

/** Below this the inner wedge counts as not yet open (rpact reports such futility bounds as NA). */
const WEDGE_OPEN = 1e-5;

/**
 * Trial sequential analysis of cumulative results in date order against a required information size:
 * O'Brien-Fleming alpha-spending monitoring boundaries and an O'Brien-Fleming beta-spending futility
 * wedge, recomputed at the information fractions of all looks so far.
 */
export function trialSequentialAnalysis(results: readonly CumulativeResult[], options: TrialSequentialOptions): TrialSequentialAnalysis {
  const { requiredInformationSize: ris, alpha = 0.05, beta = 0.2 } = options;
  assertInputs(results, ris, alpha, beta);

  const fractions = results.map((look) => look.participants / ris);
  // A look at or past the required information size is the final look; later looks reuse its boundary.
  const reachedAt = fractions.findIndex((t) => t >= 1);
  const observedDesignLooks = reachedAt === -1 ? fractions.length : reachedAt + 1;
  const designFractions = fractions.slice(0, observedDesignLooks).map((t) => Math.min(t, 1));
  if (reachedAt === -1) designFractions.push(1);
  const design = groupSequentialBoundaries({ informationFractions: designFractions, alpha, sided: 2, integration: 'accurate' });
  const final = design.searchedCriticalValues.length - 1;
  const { wedge, drift } = futilityWedge(designFractions, design.searchedCriticalValues, beta);

  const looks: TrialSequentialLook[] = results.map((result, index) => {
    const designIndex = Math.min(index, final);
    const boundary = design.criticalValues[designIndex];
    const futility = wedge[designIndex] >= WEDGE_OPEN ? wedge[designIndex] : null;
    // Cumulative Z: pooled estimate over its standard error (Wetterslev 2008).
    const z = result.estimate / result.se;
    return {
      id: result.id,
      participants: result.participants,
      informationFraction: fractions[index],
      z,
      boundary,
      futilityBoundary: futility,
      alphaSpent: design.alphaSpent[designIndex],
      crossedBoundary: boundary !== null && Math.abs(z) >= boundary,
      insideFutilityWedge: futility !== null && Math.abs(z) < futility,
    };
  });

  const latest = looks[looks.length - 1];
  const latestResult = results[results.length - 1];
  // TSA-adjusted CI: estimate ± boundary × SE, the interval at the boundary's nominal level (Thorlund 2011, TSA manual).
  const adjustedCi =
    latest.boundary === null
      ? null
      : {
          estimate: latestResult.estimate,
          lower: latestResult.estimate - latest.boundary * latestResult.se,
          upper: latestResult.estimate + latest.boundary * latestResult.se,
          boundary: latest.boundary,
        };
  const { verdict, reason } = judge(looks, ris);
  return {
    requiredInformationSize: ris,
    alpha,
    beta,
    looks,
    finalBoundary: design.searchedCriticalValues[final],
    drift,
    adjustedCi,
    verdict,
    reason,
  };
}

function judge(looks: readonly TrialSequentialLook[], ris: number): { verdict: TrialSequentialVerdict; reason: string } {
  const latest = looks[looks.length - 1];
  const z = format(latest.z);
  const percent = `${Math.round(latest.informationFraction * 100)}%`;
  const information = `${latest.participants} of the ${Math.ceil(ris)} participants required, ${percent}`;
  const earlier = looks.slice(0, -1).find((look) => look.crossedBoundary);
  const earlierNote = earlier
    ? ` The boundary was crossed after '${earlier.id}', but later trials brought the cumulative Z back inside it.`
    : '';
  if (latest.crossedBoundary && latest.boundary !== null) {
    return {
      verdict: 'firm-evidence-of-effect',
      reason:
        `The cumulative Z (${z}) has crossed the trial sequential monitoring boundary (±${format(latest.boundary)}) ` +
        `with ${information}: the effect is unlikely to be a random finding from repeated looks at accumulating data.`,
    };
  }
  if (latest.informationFraction >= 1) {
    return {
      verdict: 'firm-evidence-of-no-effect',
      reason:
        `The required information size has been reached (${information}) without the cumulative Z (${z}) ` +
        `crossing the monitoring boundary (±${format(latest.boundary ?? Number.NaN)}): an effect as large as the one ` +
        `the information size was planned for is unlikely.${earlierNote}`,
    };
  }
  if (latest.insideFutilityWedge && latest.futilityBoundary !== null) {
    return {
      verdict: 'firm-evidence-of-no-effect',
      reason:
        `The cumulative Z (${z}) lies inside the futility wedge (±${format(latest.futilityBoundary)}) with ${information}: ` +
        `further trials are unlikely to show an effect as large as the one the information size was planned for.${earlierNote}`,
    };
  }
  const boundaryText = latest.boundary === null ? 'the monitoring boundary (still infinite this early)' : `the monitoring boundary (±${format(latest.boundary)})`;
  const wedgeText = latest.futilityBoundary === null ? 'the futility wedge (not yet open)' : `the futility wedge (±${format(latest.futilityBoundary)})`;
  const conventional =
    Math.abs(latest.z) >= 1.959964
      ? ` |Z| exceeds the conventional 1.96 (P < 0.05), but a conventionally significant result this early may be a random error from repeated looks at accumulating data.`
      : '';
  return {
    verdict: 'not-yet-conclusive',
    reason:
      `The cumulative Z (${z}) is neither beyond ${boundaryText} nor inside ${wedgeText}, with ${information}: ` +
      `more trials are needed.${conventional}${earlierNote}`,
  };
}

function format(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : '∞';
}

function assertInputs(results: readonly CumulativeResult[], ris: number, alpha: number, beta: number): void {
  if (results.length === 0) throw new StatsInputError('trial sequential analysis needs at least one cumulative result', null, 'results');
  if (!(ris > 0) || !Number.isFinite(ris)) {
    throw new StatsInputError(`the required information size must be a positive number of participants, got ${ris}`, null, 'requiredInformationSize');
  }
  if (!(alpha > 0 && alpha < 1)) throw new StatsInputError(`alpha must lie between 0 and 1, got ${alpha}`, null, 'alpha');
  if (!(beta > 0 && beta < 1 - alpha)) throw new StatsInputError(`beta must lie between 0 and 1 - alpha, got ${beta}`, null, 'beta');
  results.forEach((result, index) => {
    if (!Number.isFinite(result.estimate)) {
      throw new StatsInputError(`the cumulative estimate after '${result.id}' is not a number`, result.id, 'estimate');
    }
    if (!(result.se > 0) || !Number.isFinite(result.se)) {
      throw new StatsInputError(`the cumulative standard error after '${result.id}' must be positive, got ${result.se}`, result.id, 'se');
    }
    if (!(result.participants > 0)) {
      throw new StatsInputError(`cumulative participants after '${result.id}' must be positive, got ${result.participants}`, result.id, 'participants');
    }
    const before = results[index - 1];
    if (before && !(result.participants > before.participants)) {
      throw new StatsInputError(
        `cumulative participants must grow from trial to trial: '${result.id}' (${result.participants}) does not add to '${before.id}' (${before.participants})`,
        result.id,
        'participants',
      );
    }
  });
}

