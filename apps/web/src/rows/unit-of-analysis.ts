// The analysis's unit-of-analysis notes (a study whose participants could enter one total more than once), as the
// outcome page shows them: the study, the totals concerned in words, and its rows by their labels. Pure.
import type { StudyResult, UnitOfAnalysisNote } from '../graphql/outcome';

/** The API's name for the overall total among a note's totals. */
export const OVERALL_TOTAL = 'overall';

/** "the overall total and subgroup ‘6 months’": the totals a note is about. */
export function totalsInWords(totals: readonly string[]): string {
  const overall = totals.includes(OVERALL_TOTAL) ? ['the overall total'] : [];
  const subgroups = totals.filter((name) => name !== OVERALL_TOTAL);
  const named = subgroups.length === 0 ? [] : [`subgroup${subgroups.length === 1 ? '' : 's'} ${subgroups.map((name) => `‘${name}’`).join(', ')}`];
  return [...overall, ...named].join(' and ');
}

export interface UnitOfAnalysisView {
  key: string;
  studyLabel: string;
  totals: string;
  /** The labels of the rows concerned, in the plot's order. */
  rows: string[];
  kind: UnitOfAnalysisNote['kind'];
  message: string;
}

export function unitOfAnalysisViews(notes: readonly UnitOfAnalysisNote[], results: readonly Pick<StudyResult, 'rowId' | 'studyId' | 'label'>[]): UnitOfAnalysisView[] {
  return notes.map((note, i) => ({
    key: `${note.studyId}-${note.kind}-${i}`,
    studyLabel: note.studyLabel,
    totals: totalsInWords(note.totals),
    rows: results.filter((r) => (r.rowId ? note.rowIds.includes(r.rowId) : r.studyId === note.studyId)).map((r) => r.label),
    kind: note.kind,
    message: note.message,
  }));
}
