// Absolute effects per 1000 for a GRADE Summary of Findings table: the relative effect applied to an
// assumed control risk (GRADE handbook 5.3.1; Guyatt et al. 2013, J Clin Epidemiol 66:158, GRADE 12).
import { StatsInputError } from '../errors.js';
import type { BinaryMeasure } from '../types.js';

export interface AbsoluteEffectInput {
  measure: BinaryMeasure;
  /** Pooled effect and its CI on the reporting scale (an odds ratio, not its log; a risk difference as a proportion). */
  estimate: number;
  ciLower: number;
  ciUpper: number;
  /** Assumed control risk, a proportion in [0, 1]: e.g. the median control-arm risk, `medianControlRisk`. */
  controlRisk: number;
}

export interface AbsoluteEffect {
  controlPer1000: number;
  interventionPer1000: number;
  interventionPer1000Lower: number;
  interventionPer1000Upper: number;
  /** Intervention minus control, per 1000: negative means fewer events. */
  differencePer1000: number;
  differencePer1000Lower: number;
  differencePer1000Upper: number;
}

/** Control and intervention risks per 1000 and their difference, each with the CI carried over from the relative effect. */
export function absoluteEffect(input: AbsoluteEffectInput): AbsoluteEffect {
  const { measure, estimate, ciLower, ciUpper, controlRisk } = input;
  if (!(controlRisk >= 0 && controlRisk <= 1)) {
    throw new StatsInputError(`the assumed control risk must be a proportion between 0 and 1, got ${controlRisk}`, null, 'controlRisk');
  }
  if (![estimate, ciLower, ciUpper].every(Number.isFinite)) {
    throw new StatsInputError('the estimate and its CI must be numbers', null, 'estimate');
  }
  if ((measure === 'OR' || measure === 'RR') && !(estimate > 0 && ciLower > 0 && ciUpper > 0)) {
    throw new StatsInputError(
      `an ${measure} and its CI must be positive (on the ratio scale, not the log scale): got ${estimate} (${ciLower} to ${ciUpper})`,
      null,
      'estimate',
    );
  }
  const risk = interventionRiskFor(measure, controlRisk);
  const control = controlRisk * 1000;
  const intervention = risk(estimate) * 1000;
  const lower = risk(ciLower) * 1000;
  const upper = risk(ciUpper) * 1000;
  return {
    controlPer1000: control,
    interventionPer1000: intervention,
    interventionPer1000Lower: lower,
    interventionPer1000Upper: upper,
    differencePer1000: intervention - control,
    differencePer1000Lower: lower - control,
    differencePer1000Upper: upper - control,
  };
}

/** The intervention risk implied by a relative effect at the given control risk, kept within [0, 1]. */
function interventionRiskFor(measure: BinaryMeasure, acr: number): (effect: number) => number {
  const clamp = (risk: number): number => Math.min(1, Math.max(0, risk));
  switch (measure) {
    // GRADE handbook 5.3.1: risk = ACR × RR
    case 'RR':
      return (rr) => clamp(acr * rr);
    // GRADE handbook 5.3.1: risk = ACR × OR / (1 - ACR + ACR × OR)
    case 'OR':
      return (or) => clamp((acr * or) / (1 - acr + acr * or));
    // Risk difference: risk = ACR + RD
    case 'RD':
      return (rd) => clamp(acr + rd);
    default:
      throw new StatsInputError(`absolute effects need an OR, RR or RD, got '${measure as string}'`, null, 'measure');
  }
}

export interface ControlArm {
  id: string;
  events2: number;
  n2: number;
}

/** Median control-arm risk (events2 / n2) over the studies: a common assumed control risk (GRADE handbook 5.3.1). */
export function medianControlRisk(studies: readonly ControlArm[]): number {
  if (studies.length === 0) throw new StatsInputError('the median control risk needs at least one study', null, 'studies');
  // A typed array sorts numerically without a comparator.
  const risks = new Float64Array(studies.length);
  studies.forEach((study, i) => {
    if (!(study.n2 > 0)) {
      throw new StatsInputError(`participants in the control arm of '${study.id}' must be positive, got ${study.n2}`, study.id, 'n2');
    }
    if (!(study.events2 >= 0 && study.events2 <= study.n2)) {
      throw new StatsInputError(
        `events (${study.events2}) must lie between 0 and the participants (${study.n2}) in the control arm of '${study.id}'`,
        study.id,
        'events2',
      );
    }
    risks[i] = study.events2 / study.n2;
  });
  risks.sort();
  const middle = Math.floor(risks.length / 2);
  return risks.length % 2 === 1 ? risks[middle] : (risks[middle - 1] + risks[middle]) / 2;
}
