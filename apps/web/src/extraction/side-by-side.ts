// Two extractions of one row read side by side: the numbers either gave, each marked when the two differ; what a
// pair's state means in words; and where a reconciliation form starts (the agreed numbers, the differing left empty
// for the reconciler to settle). Pure.
import type { DualExtraction, ExtractedNumbers } from '../graphql/extraction';
import type { Measure } from '../graphql/outcome';
import { STUDY_NUMBER_KEYS, type StudyNumberKey } from '../graphql/study-data';
import { studyDataFields, type StudyDataMode } from '../maintain/form-values';
import { storedDataMode } from '../maintain/stored-study-data';

const given = (value: number | null | undefined): value is number => value !== null && value !== undefined;

/** Every number's label as the data forms show it. */
const LABELS: Record<string, string> = Object.fromEntries(
  (['OR', 'MD', 'MC'] as Measure[]).flatMap((measure) => (['arms', 'estimate', 'yi'] as StudyDataMode[]).flatMap((mode) => studyDataFields(measure, mode))).map((f) => [f.name, f.label]),
);
export const numberLabel = (field: StudyNumberKey) => LABELS[field] ?? field;

export interface SideBySideLine {
  field: StudyNumberKey;
  label: string;
  first: number | null;
  second: number | null;
  differs: boolean;
}

/** The numbers either extraction gave, in the forms' order. */
export function sideBySide(first: ExtractedNumbers, second: ExtractedNumbers): SideBySideLine[] {
  return STUDY_NUMBER_KEYS.filter((field) => given(first[field]) || given(second[field])).map((field) => ({
    field,
    label: numberLabel(field),
    first: first[field],
    second: second[field],
    differs: first[field] !== second[field],
  }));
}

/** "Smith 2019 (high dose, subgroup 6 months)". */
export function rowName(pair: Pick<DualExtraction, 'study' | 'label' | 'subgroup'>): string {
  const tags = [pair.label, pair.subgroup === null ? null : `subgroup ${pair.subgroup}`].filter((t): t is string => t !== null);
  return `${pair.study.label}${tags.length ? ` (${tags.join(', ')})` : ''}`;
}

/** Where a pair stands, for the person reading it. */
export function statusInWords(pair: Pick<DualExtraction, 'status' | 'extractors' | 'myExtraction' | 'differences' | 'reconciledBy' | 'decidedVersion'>): string {
  switch (pair.status) {
    case 'AWAITING':
      return pair.myExtraction ? 'Your extraction is in (1 of 2); waiting for the second extractor' : `Extracted by ${pair.extractors.join(', ')} (1 of 2); waiting for a second extractor`;
    case 'CONFLICT':
      return `The extractions differ${pair.differences ? ` in ${pair.differences.map((d) => d.field).join(', ')}` : ''}; waiting for reconciliation`;
    case 'AGREED':
      return `The extractions agreed; the row entered the analysis at version ${pair.decidedVersion}`;
    case 'RECONCILED':
      return `Reconciled by ${pair.reconciledBy}; the row entered the analysis at version ${pair.decidedVersion}`;
    default:
      return 'Withdrawn';
  }
}

/** A reconciliation form's start: the kind of numbers the extractions are in, agreed numbers filled, differing ones empty. */
export function reconcileStart(first: ExtractedNumbers, second: ExtractedNumbers, measure: Measure): { mode: StudyDataMode; values: Record<StudyNumberKey, number | ''> } {
  const values = Object.fromEntries(STUDY_NUMBER_KEYS.map((field) => [field, given(first[field]) && first[field] === second[field] ? first[field] : ''])) as Record<StudyNumberKey, number | ''>;
  return { mode: storedDataMode(first, measure), values };
}
