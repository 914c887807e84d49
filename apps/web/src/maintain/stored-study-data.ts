// A study's numbers as stored for an outcome, read back: which kind of numbers they are (the form's "Numbers as"),
// the text boxes a correction starts from, and one line for the maintainer's data view. Pure.
import type { Measure } from '../graphql/outcome';
import { STUDY_NUMBER_KEYS, type StoredStudyData, type StudyNumberKey } from '../graphql/study-data';
import { hasArmData, type StudyDataMode } from './form-values';

type StoredNumbers = Pick<StoredStudyData, StudyNumberKey>;

const given = (value: number | null | undefined): value is number => value !== null && value !== undefined;

/** What the form asks for first: arm data, except for a generic effect (it has none). */
export function defaultStudyDataMode(measure: Measure): StudyDataMode {
  return hasArmData(measure) ? 'arms' : 'yi';
}

/** The kind of numbers stored: arm data, an estimate with its CI, or an effect with its standard error. */
export function storedDataMode(data: StoredNumbers, measure: Measure): StudyDataMode {
  const arms: StudyNumberKey[] = ['events1', 'n1', 'events2', 'n2', 'mean1', 'sd1', 'mean2', 'sd2', 'meanBefore', 'sdBefore', 'meanAfter', 'sdAfter', 'n'];
  if (hasArmData(measure) && arms.some((key) => given(data[key]))) return 'arms';
  if (given(data.estimate) || given(data.ciLower) || given(data.ciUpper)) return 'estimate';
  if (given(data.yi) || given(data.sei)) return 'yi';
  return defaultStudyDataMode(measure);
}

/** Every number box, filled with what is stored ('' where nothing is), so no other study's numbers linger. */
export function storedNumberValues(data: StoredNumbers | null): Record<StudyNumberKey, number | ''> {
  return Object.fromEntries(STUDY_NUMBER_KEYS.map((key) => [key, data && given(data[key]) ? data[key] : ''])) as Record<StudyNumberKey, number | ''>;
}

const show = (value: number | null) => (given(value) ? String(value) : '?');

/** "4/123 vs 11/139": the numbers as entered, experimental arm first, for the data view. */
export function describeStoredNumbers(data: StoredNumbers): string {
  if (given(data.events1) || given(data.events2)) return `${show(data.events1)}/${show(data.n1)} vs ${show(data.events2)}/${show(data.n2)}`;
  if (given(data.mean1) || given(data.mean2)) {
    return `${show(data.mean1)} (SD ${show(data.sd1)}, n ${show(data.n1)}) vs ${show(data.mean2)} (SD ${show(data.sd2)}, n ${show(data.n2)})`;
  }
  if (given(data.meanBefore) || given(data.meanAfter)) {
    return `before ${show(data.meanBefore)} (SD ${show(data.sdBefore)}), after ${show(data.meanAfter)} (SD ${show(data.sdAfter)}), n ${show(data.n)}`;
  }
  if (given(data.estimate)) return `${show(data.estimate)} [${show(data.ciLower)}, ${show(data.ciUpper)}]`;
  if (given(data.yi)) return `yi ${show(data.yi)}, SE ${show(data.sei)}`;
  return 'no numbers';
}
