// An outcome's stored rows as the maintainer works with them: a study may give several (a multi-arm trial's arms,
// or one row per subgroup). Each row's name, the choices of the entry form's Row select, which mutation a save is
// (the study's first row, another row beside those it has, or a correction of one) and the words after it. Pure.
import { formatEffectWithCi } from '../format';
import type { OutcomeResult } from '../graphql/maintain';
import type { StoredStudyData } from '../graphql/study-data';
import { describeStoredNumbers } from './stored-study-data';

type Row = Pick<StoredStudyData, 'id' | 'studyId' | 'label' | 'subgroup' | 'study'>;

/** The Row select's value for a row not stored yet. */
export const NEW_ROW = 'new';

/**
 * Each row's name, as the forest plot writes it ("Smith 2019 (high dose)"), made unique among the study's rows with
 * its subgroup ("Smith 2019, 12 months") or, failing that, its place ("Smith 2019, row 2").
 */
export function rowNames(rows: readonly Row[]): Map<string, string> {
  const base = (row: Row) => (row.label ? `${row.study.label} (${row.label})` : row.study.label);
  const names = new Map<string, string>();
  const byStudy = new Map<string, Row[]>();
  for (const row of rows) byStudy.set(row.studyId, [...(byStudy.get(row.studyId) ?? []), row]);
  for (const siblings of byStudy.values()) {
    const count = (name: string, list: string[]) => list.filter((other) => other === name).length;
    const first = siblings.map(base);
    const second = siblings.map((row, i) => (count(first[i], first) > 1 && row.subgroup ? `${first[i]}, ${row.subgroup}` : first[i]));
    siblings.forEach((row, i) => names.set(row.id, count(second[i], second) > 1 ? `${second[i]}, row ${i + 1}` : second[i]));
  }
  return names;
}

/** The Row select's text for a stored row: "high dose · 6 months · 4/123 vs 11/139". */
export function rowChoiceLabel(row: Row & StoredStudyData, index: number): string {
  const parts = [row.label ?? `row ${index + 1}`, ...(row.subgroup ? [row.subgroup] : []), describeStoredNumbers(row)];
  return parts.join(' · ');
}

/** The rows of one study, with where each stands among them (the data view marks a study's first and last row). */
export function rowsOfStudies<T extends Row>(rows: readonly T[]): { row: T; first: boolean; last: boolean; siblings: number }[] {
  return rows.map((row, i) => {
    const siblings = rows.filter((other) => other.studyId === row.studyId).length;
    return { row, first: rows[i - 1]?.studyId !== row.studyId, last: rows[i + 1]?.studyId !== row.studyId, siblings };
  });
}

export type StudyDataMutation = 'recordStudyData' | 'addStudyDataRow' | 'updateStudyDataRow';

export interface StudyDataEntry {
  outcomeId: string;
  studyId: string;
  /** The stored row being corrected; null for a new one. */
  row: Pick<StoredStudyData, 'id'> | null;
  /** How many rows the study has in the outcome already. */
  studyRowCount: number;
  numbers: Record<string, number>;
  label: string;
  subgroup: string;
  source: string;
}

/**
 * The mutation a save is, and its input: a correction replaces the row's numbers and sends label, subgroup and source
 * (null clears them); the study's first row is recorded as before; another row is added beside those it has.
 */
export function studyDataWrite(entry: StudyDataEntry): { mutation: StudyDataMutation; input: Record<string, unknown> } {
  const text = (value: string) => value.trim() || undefined;
  const [label, subgroup, source] = [text(entry.label), text(entry.subgroup), text(entry.source)];
  if (entry.row) {
    return { mutation: 'updateStudyDataRow', input: { rowId: entry.row.id, ...entry.numbers, label: label ?? null, subgroup: subgroup ?? null, source: source ?? null } };
  }
  const input = { outcomeId: entry.outcomeId, studyId: entry.studyId, ...entry.numbers, label, subgroup, source };
  return { mutation: entry.studyRowCount === 0 ? 'recordStudyData' : 'addStudyDataRow', input };
}

/** "14 studies, pooled 0.47 [0.33, 0.68]", or "(no overall total)" when the outcome shows none. */
export function recomputedInWords(analysis: OutcomeResult['analysis']): string {
  const { k, estimate, ciLower, ciUpper } = analysis;
  const studies = `${k} stud${k === 1 ? 'y' : 'ies'}`;
  return estimate === null && k > 0 ? `${studies} (no overall total)` : `${studies}, pooled ${formatEffectWithCi(estimate, ciLower, ciUpper)}`;
}

/** What removing a row does, for its confirmation. */
export function removalMessage(name: string, siblings: number, outcomeName: string): string {
  if (siblings <= 1) {
    return (
      `The numbers of ${name} will be taken out of “${outcomeName}”, and the outcome will be recomputed without them under a new version of the review. ` +
      'The results before stay in the history; to bring the study back, enter its numbers again.'
    );
  }
  const others = siblings - 1;
  return (
    `The row ${name} will be taken out of “${outcomeName}” (the study's other ${others === 1 ? 'row stays' : `${others} rows stay`}), and the outcome will be ` +
    'recomputed without it under a new version of the review. The results before stay in the history; to bring the row back, add it again.'
  );
}
