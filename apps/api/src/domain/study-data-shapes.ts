// The ways a study's numbers for one outcome can be given, which measures take which, and their checks.
import { computeEffects, StatsInputError, type Measure, type OutcomeSettings, type StudyInput } from './engine.js';
import type { UserError } from './user-errors.js';

export type DataShape = 'binary' | 'continuous' | 'pre-post' | 'effect-se' | 'estimate-ci';

/** The numbers as entered (GraphQL input and stored row share these names). */
export interface StudyNumbers {
  events1?: number | null;
  n1?: number | null;
  events2?: number | null;
  n2?: number | null;
  mean1?: number | null;
  sd1?: number | null;
  mean2?: number | null;
  sd2?: number | null;
  meanBefore?: number | null;
  sdBefore?: number | null;
  meanAfter?: number | null;
  sdAfter?: number | null;
  n?: number | null;
  yi?: number | null;
  sei?: number | null;
  estimate?: number | null;
  ciLower?: number | null;
  ciUpper?: number | null;
}

const shapeFields: Record<DataShape, (keyof StudyNumbers)[]> = {
  binary: ['events1', 'n1', 'events2', 'n2'],
  continuous: ['mean1', 'sd1', 'n1', 'mean2', 'sd2', 'n2'],
  'pre-post': ['meanBefore', 'sdBefore', 'meanAfter', 'sdAfter', 'n'],
  'effect-se': ['yi', 'sei'],
  'estimate-ci': ['estimate', 'ciLower', 'ciUpper'],
};

/** The stored column of each number. */
const columnOfField: Record<keyof StudyNumbers, string> = {
  events1: 'events1', n1: 'n1', events2: 'events2', n2: 'n2', mean1: 'mean1', sd1: 'sd1', mean2: 'mean2', sd2: 'sd2',
  meanBefore: 'mean_before', sdBefore: 'sd_before', meanAfter: 'mean_after', sdAfter: 'sd_after', n: 'n',
  yi: 'yi', sei: 'sei', estimate: 'estimate', ciLower: 'ci_lower', ciUpper: 'ci_upper',
};

/**
 * The columns that can hold a row's numbers under this measure (every stored row was checked against it): a recompute
 * reads these and leaves the rest, which are null, unread.
 */
export function numberColumnsFor(measure: Measure): string[] {
  return [...new Set(shapesForMeasure[measure].flatMap((shape) => shapeFields[shape].map((field) => columnOfField[field])))];
}

/** Fields that identify a shape on their own (n1 and n2 are shared by binary and continuous data). */
const shapeMarkers: Record<DataShape, (keyof StudyNumbers)[]> = {
  binary: ['events1', 'events2'],
  continuous: ['mean1', 'sd1', 'mean2', 'sd2'],
  'pre-post': ['meanBefore', 'sdBefore', 'meanAfter', 'sdAfter', 'n'],
  'effect-se': ['yi', 'sei'],
  'estimate-ci': ['estimate', 'ciLower', 'ciUpper'],
};

export const shapesForMeasure: Record<Measure, DataShape[]> = {
  OR: ['binary', 'effect-se', 'estimate-ci'],
  RR: ['binary', 'effect-se', 'estimate-ci'],
  RD: ['binary', 'effect-se', 'estimate-ci'],
  MD: ['continuous', 'effect-se', 'estimate-ci'],
  SMD: ['continuous', 'effect-se', 'estimate-ci'],
  MC: ['pre-post', 'effect-se', 'estimate-ci'],
  HR: ['effect-se', 'estimate-ci'],
  ROM: ['effect-se', 'estimate-ci'],
  GENERIC: ['effect-se', 'estimate-ci'],
};

const shapeInWords: Record<DataShape, string> = {
  binary: 'events1, n1, events2, n2',
  continuous: 'mean1, sd1, n1, mean2, sd2, n2',
  'pre-post': 'meanBefore, sdBefore, meanAfter, sdAfter, n',
  'effect-se': 'yi and sei',
  'estimate-ci': 'estimate, ciLower and ciUpper',
};

/** 'an OR outcome', 'a GENERIC outcome': the letters are read out, and O, R, M and S start with a vowel sound. */
const outcomeOf = (measure: Measure) => `${measure === 'GENERIC' || measure === 'ROM' ? 'a' : 'an'} ${measure} outcome`;

const given = (value: number | null | undefined): value is number => value !== null && value !== undefined;

export function shapeOf(numbers: StudyNumbers): DataShape | null {
  const shapes = (Object.keys(shapeMarkers) as DataShape[]).filter((shape) => shapeMarkers[shape].some((field) => given(numbers[field])));
  return shapes.length === 1 ? shapes[0] : null;
}

/**
 * Checks entered numbers against the outcome's measure: exactly one complete shape, counts that are whole and
 * within their arm, positive spreads. `where` names the study in messages.
 */
export function checkStudyNumbers(
  numbers: StudyNumbers,
  measure: Measure,
  where: string,
  path: string[] = ['input'],
  settings: Pick<OutcomeSettings, 'preset' | 'prePostCorrelation' | 'prePostDirection'> = {},
): UserError[] {
  const errors: UserError[] = [];
  const at = (field: string) => [...path, field];
  const allowed = shapesForMeasure[measure];
  const present = (Object.keys(shapeMarkers) as DataShape[]).filter((shape) => shapeMarkers[shape].some((field) => given(numbers[field])));

  if (present.length === 0) {
    const n1Only = given(numbers.n1) || given(numbers.n2);
    return [
      {
        field: path,
        message: `${where}: no numbers given; ${outcomeOf(measure)} takes ${allowed.map((shape) => shapeInWords[shape]).join(', or ')}${n1Only ? ' (participants alone are not enough)' : ''}`,
      },
    ];
  }
  if (present.length > 1) {
    return [
      {
        field: path,
        message: `${where}: give one kind of numbers, not several (${present.map((shape) => shapeInWords[shape]).join(' / ')})`,
      },
    ];
  }
  const shape = present[0];
  if (!allowed.includes(shape)) {
    return [
      {
        field: at(shapeMarkers[shape].find((field) => given(numbers[field])) ?? shapeFields[shape][0]),
        message: `${where}: ${outcomeOf(measure)} takes ${allowed.map((s) => shapeInWords[s]).join(', or ')}, not ${shapeInWords[shape]}`,
      },
    ];
  }
  const missing = shapeFields[shape].filter((field) => !given(numbers[field]));
  for (const field of missing) {
    const arm = field.endsWith('1') ? ' (arm 1 is incomplete)' : field.endsWith('2') ? ' (arm 2 is missing)' : '';
    errors.push({ field: at(field), message: `${where}: ${field} is required with ${shapeInWords[shape]}${arm}` });
  }
  const stray = (Object.keys(shapeFields) as DataShape[])
    .filter((other) => other !== shape)
    .flatMap((other) => shapeFields[other])
    .filter((field) => !shapeFields[shape].includes(field) && given(numbers[field]));
  for (const field of new Set(stray)) {
    errors.push({ field: at(field), message: `${where}: ${field} does not belong with ${shapeInWords[shape]}; leave it out` });
  }
  if (errors.length > 0) return errors;

  const wholeCount = (field: 'events1' | 'events2' | 'n1' | 'n2' | 'n', minimum: number) => {
    const value = numbers[field] as number;
    if (!Number.isInteger(value) || value < minimum) {
      errors.push({ field: at(field), message: `${where}: ${field} must be a whole number of at least ${minimum} (got ${value})` });
      return false;
    }
    return true;
  };
  const positive = (field: keyof StudyNumbers) => {
    const value = numbers[field] as number;
    if (!(value > 0)) errors.push({ field: at(field), message: `${where}: ${field} must be greater than 0 (got ${value})` });
  };

  switch (shape) {
    case 'binary':
      for (const arm of ['1', '2'] as const) {
        const events = `events${arm}` as const;
        const total = `n${arm}` as const;
        if (wholeCount(events, 0) && wholeCount(total, 1) && (numbers[events] as number) > (numbers[total] as number)) {
          errors.push({
            field: at(events),
            message: `${where}: ${events} (${numbers[events]}) cannot exceed ${total} (${numbers[total]}) in arm ${arm}`,
          });
        }
      }
      break;
    case 'continuous':
      wholeCount('n1', 1);
      wholeCount('n2', 1);
      positive('sd1');
      positive('sd2');
      break;
    case 'pre-post':
      wholeCount('n', 1);
      positive('sdBefore');
      positive('sdAfter');
      break;
    case 'effect-se':
      positive('sei');
      break;
    case 'estimate-ci': {
      const { estimate, ciLower, ciUpper } = numbers as Required<Pick<StudyNumbers, 'estimate' | 'ciLower' | 'ciUpper'>>;
      const ratioNames: Partial<Record<Measure, string>> = { OR: 'an odds ratio', RR: 'a risk ratio', HR: 'a hazard ratio', ROM: 'a ratio of means' };
      if (ratioNames[measure]) {
        for (const field of ['estimate', 'ciLower', 'ciUpper'] as const) {
          if (!((numbers[field] as number) > 0)) {
            errors.push({ field: at(field), message: `${where}: ${ratioNames[measure]} and its limits must be greater than 0 (${field} is ${numbers[field]})` });
          }
        }
      }
      if (!((ciLower as number) < (estimate as number) && (estimate as number) < (ciUpper as number))) {
        errors.push({ field: at('ciLower'), message: `${where}: the interval must surround the estimate: ciLower (${ciLower}) < estimate (${estimate}) < ciUpper (${ciUpper})` });
      }
      break;
    }
  }
  for (const field of shapeFields[shape]) {
    if (!Number.isFinite(numbers[field] as number)) errors.push({ field: at(field), message: `${where}: ${field} must be a finite number` });
  }
  return errors.length > 0 ? errors : analysable(numbers, measure, where, at, settings);
}

/** The row's effect as the engine computes it: one it cannot analyse (a variance or weight beyond any number) is refused at the number typed. */
function analysable(numbers: StudyNumbers, measure: Measure, where: string, at: (field: string) => string[], settings: Parameters<typeof checkStudyNumbers>[4]): UserError[] {
  const id = 'this row';
  try {
    computeEffects([toStudyInput(id, numbers, {})], measure, settings);
    return [];
  } catch (error) {
    if (!(error instanceof StatsInputError)) throw error;
    const message = error.message.replace(` in study '${id}'`, '').replace(`study '${id}'`, 'this row');
    return [{ field: at(error.field ?? shapeFields[shapeOf(numbers) ?? 'effect-se'][0]), message: `${where}: ${message}` }];
  }
}

/** A stored row's numbers as the engine takes them (built field by field: it runs for every row of every recompute). */
export function toStudyInput(
  id: string,
  numbers: StudyNumbers,
  extra: Pick<StudyInput, 'year' | 'subgroup' | 'design' | 'rob2' | 'nosScore' | 'robinsI' | 'riskOfBias' | 'participants' | 'studyId' | 'moderators'>,
): StudyInput {
  const shape = shapeOf(numbers);
  const { year, subgroup, design, rob2, nosScore, robinsI, riskOfBias, participants, studyId, moderators } = extra;
  const n = (value: number | null | undefined) => value as number;
  switch (shape) {
    case 'binary':
      return { id, year, subgroup, design, rob2, nosScore, robinsI, riskOfBias, participants, studyId, moderators, events1: n(numbers.events1), n1: n(numbers.n1), events2: n(numbers.events2), n2: n(numbers.n2) };
    case 'continuous':
      return {
        id, year, subgroup, design, rob2, nosScore, robinsI, riskOfBias, participants, studyId, moderators,
        mean1: n(numbers.mean1), sd1: n(numbers.sd1), n1: n(numbers.n1), mean2: n(numbers.mean2), sd2: n(numbers.sd2), n2: n(numbers.n2),
      };
    case 'pre-post':
      return {
        id, year, subgroup, design, rob2, nosScore, robinsI, riskOfBias, participants, studyId, moderators,
        meanBefore: n(numbers.meanBefore), sdBefore: n(numbers.sdBefore), meanAfter: n(numbers.meanAfter), sdAfter: n(numbers.sdAfter), n: n(numbers.n),
      };
    case 'effect-se':
      return { id, year, subgroup, design, rob2, nosScore, robinsI, riskOfBias, participants, studyId, moderators, yi: n(numbers.yi), sei: n(numbers.sei) };
    case 'estimate-ci':
      return { id, year, subgroup, design, rob2, nosScore, robinsI, riskOfBias, participants, studyId, moderators, estimate: n(numbers.estimate), ciLower: n(numbers.ciLower), ciUpper: n(numbers.ciUpper) };
    default:
      throw new Error(`stored study data for ${id} has no complete shape`);
  }
}
