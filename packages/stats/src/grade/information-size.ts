// Required (optimal) information size: the participants a meta-analysis needs before its result can
// count as firm, as one adequately powered trial would, inflated for between-trial diversity
// (Wetterslev, Thorlund, Brok & Gluud 2008, J Clin Epidemiol 61:64; 2009, BMC Med Res Methodol 9:86).
// GRADE uses it as the optimal information size (OIS) when rating imprecision (GRADE handbook 5.2.4.1).
import { StatsInputError } from '../errors.js';
import { normalQuantileOf } from '../numeric/distributions.js';

interface InformationSizeBase {
  /** Two-sided type I error; 0.05 unless given. */
  alpha?: number;
  /** Type II error (1 - power); 0.2 unless given. */
  beta?: number;
  /** Diversity D² in [0, 1), from `diversity`; 0 (no adjustment) unless given. */
  diversity?: number;
}

export interface BinaryInformationSizeInput extends InformationSizeBase {
  outcome: 'binary';
  /** Risk of the event in the control arm, in (0, 1). */
  controlRisk: number;
  /** The relative risk reduction worth detecting, e.g. 0.2 for 20%; negative for an increase. */
  relativeRiskReduction: number;
}

export interface ContinuousInformationSizeInput extends InformationSizeBase {
  outcome: 'continuous';
  /** Standard deviation of the outcome. */
  sd: number;
  /** The smallest difference in means worth detecting. */
  minimalDifference: number;
}

export type InformationSizeInput = BinaryInformationSizeInput | ContinuousInformationSizeInput;

export interface InformationSize {
  /** Total participants, both arms, adjusted for diversity. */
  participants: number;
  /** The same without the diversity adjustment: one trial's sample size. */
  unadjustedParticipants: number;
  /** 1 / (1 - D²). */
  adjustmentFactor: number;
  alpha: number;
  beta: number;
  diversity: number;
}

/** Required information size in participants (both arms), diversity-adjusted by 1 / (1 - D²). */
export function requiredInformationSize(input: InformationSizeInput): InformationSize {
  const { alpha = 0.05, beta = 0.2, diversity = 0 } = input;
  assertLevels(alpha, beta, diversity);
  const z = normalQuantileOf(1 - alpha / 2) + normalQuantileOf(1 - beta);
  let unadjusted: number;
  if (input.outcome === 'binary') {
    const { controlRisk, relativeRiskReduction } = input;
    if (!(controlRisk > 0 && controlRisk < 1)) {
      throw new StatsInputError(`the control risk must lie between 0 and 1, got ${controlRisk}`, null, 'controlRisk');
    }
    const interventionRisk = controlRisk * (1 - relativeRiskReduction);
    if (relativeRiskReduction === 0 || !(interventionRisk > 0 && interventionRisk < 1)) {
      throw new StatsInputError(
        `a relative risk reduction of ${relativeRiskReduction} with control risk ${controlRisk} gives an intervention risk of ${interventionRisk}: it must differ from the control risk and lie between 0 and 1`,
        null,
        'relativeRiskReduction',
      );
    }
    const delta = controlRisk - interventionRisk;
    const pooledRisk = (controlRisk + interventionRisk) / 2;
    // Wetterslev 2008 (one trial's sample size, two-sided alpha): N = 4 (z[1-alpha/2] + z[1-beta])² p (1 - p) / delta², p the mean of the two risks
    unadjusted = (4 * z * z * pooledRisk * (1 - pooledRisk)) / (delta * delta);
  } else if (input.outcome === 'continuous') {
    const { sd, minimalDifference } = input;
    if (!(sd > 0)) throw new StatsInputError(`the standard deviation must be positive, got ${sd}`, null, 'sd');
    if (!(minimalDifference !== 0 && Number.isFinite(minimalDifference))) {
      throw new StatsInputError(`the minimal difference worth detecting must be a non-zero number, got ${minimalDifference}`, null, 'minimalDifference');
    }
    // Wetterslev 2008 (one trial's sample size, two-sided alpha): N = 4 (z[1-alpha/2] + z[1-beta])² sd² / delta²
    unadjusted = (4 * z * z * sd * sd) / (minimalDifference * minimalDifference);
  } else {
    throw new StatsInputError(`unknown outcome type '${(input as { outcome: string }).outcome}': use 'binary' or 'continuous'`, null, 'outcome');
  }
  // Wetterslev 2009 (diversity-adjusted required information size): DARIS = RIS / (1 - D²)
  const adjustmentFactor = 1 / (1 - diversity);
  return { participants: unadjusted * adjustmentFactor, unadjustedParticipants: unadjusted, adjustmentFactor, alpha, beta, diversity };
}

/** Diversity D² from the variances of the fixed-effect and random-effects pooled estimates. */
export function diversityFromVariances(varianceFixed: number, varianceRandom: number): number {
  if (!(varianceFixed > 0) || !(varianceRandom > 0)) {
    throw new StatsInputError('the variances of the pooled estimates must be positive', null, 'variance');
  }
  // Wetterslev 2009: D² = (V_R - V_F) / V_R = 1 - V_F / V_R
  return Math.max(0, 1 - varianceFixed / varianceRandom);
}

/** Diversity D² of a random-effects fit from the studies' sampling variances and tau². */
export function diversity(vi: readonly number[], tau2: number): number {
  if (vi.length === 0) throw new StatsInputError('diversity needs at least one study', null, 'vi');
  if (!(tau2 >= 0)) throw new StatsInputError(`tau² must be zero or positive, got ${tau2}`, null, 'tau2');
  vi.forEach((v, index) => {
    if (!(v > 0)) throw new StatsInputError(`the sampling variance of study ${index + 1} must be positive, got ${v}`, null, 'vi');
  });
  // Inverse-variance pooled variances: V_F = 1 / sum(1/vi), V_R = 1 / sum(1/(vi + tau²)) (Wetterslev 2009)
  const varianceFixed = 1 / vi.reduce((sum, v) => sum + 1 / v, 0);
  const varianceRandom = 1 / vi.reduce((sum, v) => sum + 1 / (v + tau2), 0);
  return diversityFromVariances(varianceFixed, varianceRandom);
}

function assertLevels(alpha: number, beta: number, diversity: number): void {
  if (!(alpha > 0 && alpha < 1)) throw new StatsInputError(`alpha must lie between 0 and 1, got ${alpha}`, null, 'alpha');
  if (!(beta > 0 && beta < 1)) throw new StatsInputError(`beta must lie between 0 and 1, got ${beta}`, null, 'beta');
  if (!(diversity >= 0 && diversity < 1)) {
    throw new StatsInputError(`diversity D² must lie in [0, 1), got ${diversity}`, null, 'diversity');
  }
}
