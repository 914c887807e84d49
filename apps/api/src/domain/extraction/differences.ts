// Two extractions of one row compared field by field: every number exactly (a row's label and subgroup are its key,
// so they match by construction; the source is free text and not compared).
import type { StudyNumbers } from '../study-data-shapes.js';

export interface ExtractionDifference {
  field: keyof StudyNumbers;
  first: number | null;
  second: number | null;
}

/** Every number a row can hold, in the order of its columns (arm counts first). */
export const extractedNumberFields = [
  'events1', 'n1', 'events2', 'n2', 'mean1', 'sd1', 'mean2', 'sd2', 'meanBefore', 'sdBefore', 'meanAfter', 'sdAfter', 'n', 'yi', 'sei', 'estimate', 'ciLower', 'ciUpper',
] as const satisfies readonly (keyof StudyNumbers)[];

export function extractionDifferences(first: StudyNumbers, second: StudyNumbers): ExtractionDifference[] {
  return extractedNumberFields
    .map((field) => ({ field, first: first[field] ?? null, second: second[field] ?? null }))
    .filter((d) => d.first !== d.second);
}

/** "events1, n2": the fields only, so the change log (public to readers) does not show the numbers. */
export const differingFields = (differences: readonly ExtractionDifference[]) => differences.map((d) => d.field).join(', ');
