// The numbers of a data row (or of one person's extraction of it) as GraphQL fields, by the names the inputs use:
// events1, n1, …, meanBefore, ciLower. One definition for StudyData and Extraction.
import { numbersOfRow, type NumberColumns } from '../domain/rows.js';
import type { StudyNumbers } from '../domain/study-data-shapes.js';
import type { CumulusSchemaTypes } from './builder.js';

const names = ['events1', 'n1', 'events2', 'n2', 'mean1', 'sd1', 'mean2', 'sd2', 'meanBefore', 'sdBefore', 'meanAfter', 'sdAfter', 'n', 'yi', 'sei', 'estimate', 'ciLower', 'ciUpper'] as const satisfies readonly (keyof StudyNumbers)[];

/** The row's number fields, `columnsOf` giving the stored columns of the parent object. */
export function studyNumberFields<Parent>(t: PothosSchemaTypes.ObjectFieldBuilder<CumulusSchemaTypes, Parent>, columnsOf: (parent: Parent) => NumberColumns) {
  return Object.fromEntries(names.map((name) => [name, t.float({ nullable: true, resolve: (parent) => numbersOfRow(columnsOf(parent))[name] ?? null })])) as Record<
    (typeof names)[number],
    ReturnType<typeof t.float>
  >;
}
