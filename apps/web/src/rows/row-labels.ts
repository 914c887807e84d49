// An outcome's data rows as the analysis names them: a study may give several ("Smith 2019 (high dose)",
// "Smith 2019 (low dose)"), while the funnel plot, the sequential analysis and the change notes speak of studies. Pure.
import type { StudyResult } from '../graphql/outcome';

/** The study's own label: the row's label without " (high dose)" when the row has one. */
export function studyLabelOf(result: Pick<StudyResult, 'label' | 'rowLabel'>): string {
  const suffix = result.rowLabel ? ` (${result.rowLabel})` : '';
  return suffix && result.label.endsWith(suffix) ? result.label.slice(0, -suffix.length) : result.label;
}

/** Each study's label by its id, once however many rows it gives. */
export function studyLabels(results: readonly Pick<StudyResult, 'studyId' | 'label' | 'rowLabel'>[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const result of results) if (!labels.has(result.studyId)) labels.set(result.studyId, studyLabelOf(result));
  return labels;
}

/** "4 studies", or "3 studies, 4 rows" when a study gives several rows. */
export function countInWords(studies: number, rows: number): string {
  const studyWords = `${studies} stud${studies === 1 ? 'y' : 'ies'}`;
  return rows > studies ? `${studyWords}, ${rows} rows` : studyWords;
}

/** The API's name for the rows without a subgroup, when others have one. */
const NO_SUBGROUP = '(no subgroup)';

/** How many different studies give rows in each subgroup (a subgroup's k counts rows). */
export function studiesPerSubgroup(results: readonly Pick<StudyResult, 'studyId' | 'subgroup'>[]): Map<string, number> {
  const studies = new Map<string, Set<string>>();
  for (const result of results) {
    const name = result.subgroup ?? NO_SUBGROUP;
    studies.set(name, (studies.get(name) ?? new Set()).add(result.studyId));
  }
  return new Map([...studies].map(([name, ids]) => [name, ids.size]));
}
