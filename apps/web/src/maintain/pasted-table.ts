// A table of numbers pasted by a maintainer (rows copied from a spreadsheet, which copies them tab-separated, or
// CSV), read for one outcome: which column is which, each row's study (already in the review, or new), its row label
// (a multi-arm trial's arm: a study may give several rows, told apart by label or subgroup) and numbers,
// what to fix before anything is sent, the API's input for recordStudyDataTable (new studies and rows), and the API's row
// errors placed back on the rows and cells they are about. Pure; PasteTableForm.vue shows it.
import { parse } from 'csv-parse/browser/esm/sync';
import type { UserError } from '../composables/use-mutation-form';
import { measureName } from '../format';
import type { Measure } from '../graphql/outcome';
import { STUDY_NUMBER_KEYS, type StudyNumberKey } from '../graphql/study-data';
import { hasArmData, studyDataFields, type NumberField, type StudyDataMode } from './form-values';

/** A column the form uses: the study's label, its year (for a new study), a number, or a row's label, subgroup or source. */
export type PastedField = 'study' | 'year' | 'rowLabel' | 'subgroup' | 'source' | StudyNumberKey;

export interface KnownStudy {
  id: string;
  label: string;
  retracted?: boolean;
}

export interface PastedColumn {
  /** The header as pasted. */
  header: string;
  /** The field it gives, or null when the form does not use it. */
  field: PastedField | null;
  /** Why it is not used. */
  unused?: string;
}

export interface PastedRow {
  /** Position among the data rows, from 0: the index in recordStudyDataTable's `rows` and in the API's errors. */
  index: number;
  /** The line of the pasted text it ends on. */
  line: number;
  /** Each used column's text, trimmed. */
  cells: Partial<Record<PastedField, string>>;
  /** What to fix in a cell before sending. */
  problems: Partial<Record<PastedField, string>>;
  /** What to fix that is about the row as a whole. */
  rowProblems: string[];
  /** The study's label as pasted (spaces collapsed). */
  label: string;
  /** The review's study with that label; null when it is a new study (or there is no label). */
  study: KnownStudy | null;
  year?: number;
  numbers: Partial<Record<StudyNumberKey, number>>;
  /** The row's arm or comparison ('high dose'). */
  rowLabel?: string;
  subgroup?: string;
  source?: string;
}

export interface PastedTable {
  delimiter: 'tab' | 'comma' | null;
  /** Every pasted column, used or not. */
  columns: PastedColumn[];
  /** The used columns, in the order pasted. */
  fields: PastedField[];
  rows: PastedRow[];
  /** Problems with the table as a whole (nothing can be sent until they are fixed). */
  problems: string[];
}

/** As many rows as recordStudyDataTable takes at once. */
export const MAX_PASTED_ROWS = 5000;
const MAX_INT = 2147483647;

const NUMBER_FIELDS = new Set<string>(STUDY_NUMBER_KEYS);

/** Header text compared without case, spaces or punctuation: "Events (exp.)" → "eventsexp", "ciLower" → "cilower". */
export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * The names each column may have: the API's (events1, ciLower, …), the one-study form's labels ("Events,
 * experimental", "95% CI lower", …) and short arm names ("Events (exp.)", "N (ctrl.)", "SD (exp.)", …); "label" for
 * the study (the row's label when there is a study column too: see readPastedTable); "row label", "arm" or
 * "comparison" for the row's label. Compared by headerKey.
 */
const ALIASES: ReadonlyMap<string, PastedField> = (() => {
  const aliases = new Map<string, PastedField>();
  const add = (name: string, field: PastedField) => aliases.set(headerKey(name), field);
  for (const field of ['study', 'year', 'rowLabel', 'subgroup', 'source', ...STUDY_NUMBER_KEYS] as PastedField[]) add(field, field);
  add('label', 'study');
  for (const name of ['arm', 'comparison', 'Row label (optional)']) add(name, 'rowLabel');
  const measures: Measure[] = ['OR', 'MD', 'MC', 'GENERIC'];
  for (const measure of measures) {
    for (const mode of ['arms', 'estimate', 'yi'] as StudyDataMode[]) {
      for (const field of studyDataFields(measure, mode)) add(field.label, field.name as StudyNumberKey);
    }
  }
  for (const [name, base] of [['events', 'events'], ['n', 'n'], ['mean', 'mean'], ['sd', 'sd']] as const) {
    add(`${name} (exp.)`, `${base}1` as StudyNumberKey);
    add(`${name} (ctrl.)`, `${base}2` as StudyNumberKey);
  }
  return aliases;
})();

/** The field a pasted header names, or null. */
export function fieldOfHeader(header: string): PastedField | null {
  return ALIASES.get(headerKey(header)) ?? null;
}

/** The kinds of numbers a measure takes, as groups of columns that go together, the usual one first. */
export function numberShapes(measure: Measure): NumberField[][] {
  const modes: StudyDataMode[] = hasArmData(measure) ? ['arms', 'estimate', 'yi'] : ['yi', 'estimate'];
  return modes.map((mode) => studyDataFields(measure, mode));
}

const names = (fields: readonly { name: string }[]) => fields.map((f) => f.name).join(', ');
/** "events1, n1, events2, n2; or estimate, ciLower, ciUpper; or yi, sei". */
export function shapesInWords(measure: Measure): string {
  return numberShapes(measure)
    .map((shape) => names(shape))
    .join('; or ');
}

/** A label as compared: spaces trimmed and collapsed. */
function tidyLabel(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/** The review's study a pasted label names: exactly, or else without regard to case when only one matches. */
function findStudy(label: string, studies: readonly KnownStudy[]): { study: KnownStudy | null; problem?: string } {
  const exact = studies.find((s) => tidyLabel(s.label) === label);
  if (exact) return { study: exact };
  const loose = studies.filter((s) => tidyLabel(s.label).toLowerCase() === label.toLowerCase());
  if (loose.length === 1) return { study: loose[0] };
  if (loose.length > 1) return { study: null, problem: `matches ${loose.map((s) => s.label).join(' and ')}: write the label exactly` };
  return { study: null };
}

/** A cell's number, or why it is not one. Decimal commas are refused, not guessed at (0,5 or 1,234?). */
export function readNumber(text: string, integer: boolean): { value?: number; problem?: string } {
  // Papers set minus signs as U+2212.
  const cleaned = text.replace(/\u2212/g, '-');
  if (/^[+-]?[\d.,]*\d[\d.,]*$/.test(cleaned) && cleaned.includes(',')) {
    return { problem: `“${text}” has a comma: write numbers with a decimal point and no thousands separators (0.47, 13598)` };
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cleaned)) return { problem: `“${text}” is not a number` };
  const value = Number(cleaned);
  if (!Number.isFinite(value)) return { problem: `“${text}” is not a number` };
  if (integer && !Number.isInteger(value)) return { problem: `must be a whole number (got ${text})` };
  if (integer && Math.abs(value) > MAX_INT) return { problem: `${text} is too large` };
  return { value };
}

/** Tab when the header line has a tab, else comma; null (with a reason) for semicolons. */
function delimiterOf(text: string): { delimiter: 'tab' | 'comma' | null; problem?: string } {
  const header = text.split(/\r\n|\n|\r/).find((line) => line.trim() !== '') ?? '';
  if (header.includes('\t')) return { delimiter: 'tab' };
  if (header.includes(',')) return { delimiter: 'comma' };
  if (header.includes(';')) {
    return {
      delimiter: null,
      problem: 'The columns are separated by semicolons: paste rows copied from a spreadsheet (tab-separated) or comma-separated text, with decimal points',
    };
  }
  return { delimiter: 'comma' };
}

export interface ReadOptions {
  measure: Measure;
  /** The review's studies (retracted ones too: their labels are taken). */
  studies: readonly KnownStudy[];
}

const emptyTable = (delimiter: PastedTable['delimiter'], problems: string[]): PastedTable => ({ delimiter, columns: [], fields: [], rows: [], problems });

/** Reads pasted text; null when there is nothing but white space. */
export function readPastedTable(text: string, { measure, studies }: ReadOptions): PastedTable | null {
  if (text.trim() === '') return null;
  const { delimiter, problem } = delimiterOf(text);
  if (!delimiter) return emptyTable(null, [problem!]);

  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: delimiter === 'tab' ? '\t' : ',',
      bom: true,
      info: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    return emptyTable(delimiter, [`Could not read the table: ${(error as Error).message}`]);
  }
  if (records.length === 0) return null;

  const allowed = numberShapes(measure);
  const allowedFields = new Set(allowed.flat().map((f) => f.name));
  const [head, ...body] = records;
  const problems: string[] = [];
  const columns: PastedColumn[] = head.record.map((raw) => {
    const header = raw.trim();
    const field = fieldOfHeader(header);
    if (field === null) return { header, field, unused: header === '' ? 'no name' : 'not a column this form knows' };
    if (NUMBER_FIELDS.has(field) && !allowedFields.has(field)) return { header, field: null, unused: `not a number for ${measureName(measure).toLowerCase()} outcomes` };
    return { header, field };
  });
  // "study" and "label" together: the label is the row's (its arm or comparison), as the API names it.
  if (columns.some((c) => c.field === 'study' && headerKey(c.header) !== 'label')) {
    for (const column of columns) if (column.field === 'study' && headerKey(column.header) === 'label') column.field = 'rowLabel';
  }
  // Two columns for one field: which one is meant?
  const positions = new Map<PastedField, number[]>();
  columns.forEach((column, position) => column.field && positions.set(column.field, [...(positions.get(column.field) ?? []), position]));
  for (const [field, at] of positions) {
    if (at.length > 1) problems.push(`Two columns give ${field}: ${at.map((p) => `“${columns[p].header}”`).join(' and ')}; keep one`);
  }
  const fields = [...positions.keys()];
  const has = (field: string) => positions.has(field as PastedField);

  if (!has('study')) {
    problems.push(
      `No study column: the first line must name the columns, e.g. study, ${names(allowed[0])} (found ${columns.map((c) => `“${c.header}”`).join(', ') || 'nothing'})`,
    );
  }
  if (!allowed.some((shape) => shape.every((f) => has(f.name)))) {
    const closest = [...allowed].sort((a, b) => b.filter((f) => has(f.name)).length - a.filter((f) => has(f.name)).length)[0];
    const missing = closest.filter((f) => !has(f.name)).map((f) => f.name);
    problems.push(`Columns missing: this outcome takes ${shapesInWords(measure)} (missing ${missing.join(', ')})`);
  }
  if (body.length === 0) problems.push('Only a header: paste the rows under it too');
  if (body.length > MAX_PASTED_ROWS) problems.push(`${body.length} rows: record at most ${MAX_PASTED_ROWS} at a time`);

  const rows = body.map(({ record, info }, index) => readRow(record, index, info.lines, columns, allowed, studies));
  markRepeatedStudies(rows);
  return { delimiter, columns, fields, rows, problems };
}

function readRow(record: string[], index: number, line: number, columns: PastedColumn[], allowed: NumberField[][], studies: readonly KnownStudy[]): PastedRow {
  const row: PastedRow = { index, line, cells: {}, problems: {}, rowProblems: [], label: '', study: null, numbers: {} };
  record.forEach((raw, position) => {
    const field = columns[position]?.field;
    if (field && row.cells[field] === undefined) row.cells[field] = raw.trim();
  });
  const extra = record.slice(columns.length).filter((cell) => cell.trim() !== '');
  if (extra.length > 0) row.rowProblems.push(`${extra.length === 1 ? 'a cell' : `${extra.length} cells`} beyond the last column (${extra.map((c) => `“${c.trim()}”`).join(', ')})`);

  row.label = tidyLabel(row.cells.study ?? '');
  if (row.label === '') {
    row.problems.study = 'no study: each row needs the label of its study';
  } else {
    const found = findStudy(row.label, studies);
    row.study = found.study;
    if (found.problem) row.problems.study = found.problem;
    else if (found.study?.retracted) row.problems.study = `${found.study.label} was retracted; its numbers stay out of analyses`;
  }

  if (row.cells.year) {
    const year = readNumber(row.cells.year, true);
    if (year.problem) row.problems.year = year.problem;
    else row.year = year.value;
  }
  if (row.cells.rowLabel) row.rowLabel = tidyLabel(row.cells.rowLabel);
  if (row.cells.subgroup) row.subgroup = row.cells.subgroup;
  if (row.cells.source) row.source = row.cells.source;

  // The numbers: one kind, complete; each cell a number.
  const filled = (f: NumberField) => Boolean(row.cells[f.name as PastedField]);
  const given = allowed.filter((shape) => shape.some(filled));
  if (given.length === 0) {
    row.rowProblems.push(`no numbers: give ${allowed.map((shape) => names(shape)).join('; or ')}`);
  } else if (given.length > 1) {
    row.rowProblems.push(`give one kind of numbers, not both ${given.map((shape) => names(shape.filter(filled))).join(' and ')}`);
  } else {
    const shape = given[0];
    const absent: string[] = [];
    for (const field of shape) {
      const name = field.name as StudyNumberKey;
      const text = row.cells[name];
      if (text === undefined) absent.push(name);
      else if (text === '') row.problems[name] = `empty: ${names(shape)} go together`;
      else {
        const number = readNumber(text, field.integer);
        if (number.problem) row.problems[name] = number.problem;
        else row.numbers[name] = number.value;
      }
    }
    if (absent.length > 0) row.rowProblems.push(`${names(shape)} go together: there is no column for ${absent.join(', ')}`);
  }
  return row;
}

/**
 * A study given twice with the same subgroup and row label: both rows say where the other is. A study may give
 * several rows (a multi-arm trial's arms, one per subgroup) when they differ in one of them.
 */
function markRepeatedStudies(rows: PastedRow[]) {
  const byStudy = new Map<string, PastedRow[]>();
  for (const row of rows) {
    if (!row.label) continue;
    const study = row.study ? `id:${row.study.id}` : `new:${row.label.toLowerCase()}`;
    const key = JSON.stringify([study, row.subgroup ?? null, row.rowLabel ?? null]);
    byStudy.set(key, [...(byStudy.get(key) ?? []), row]);
  }
  for (const same of byStudy.values()) {
    if (same.length < 2) continue;
    const apart = same[0].rowLabel || same[0].subgroup ? 'with the same subgroup and label' : '';
    for (const row of same) {
      const others = same.filter((other) => other !== row).map((other) => other.index + 1);
      row.problems.study ??= apart
        ? `also in row ${others.join(', ')} ${apart}: tell the rows apart by their label or subgroup`
        : `also in row ${others.join(', ')}: give each study once, or tell its rows apart by a label (the arm) or subgroup`;
    }
  }
}

/** How many different studies the rows name (a study giving several rows counts once). */
export function studyCount(table: PastedTable): number {
  return new Set(table.rows.filter((row) => row.label).map((row) => (row.study ? `id:${row.study.id}` : `new:${row.label.toLowerCase()}`))).size;
}

/** How many things to fix before the table can be sent. */
export function problemCount(table: PastedTable | null): number {
  if (!table) return 0;
  return table.problems.length + table.rows.reduce((sum, row) => sum + Object.keys(row.problems).length + row.rowProblems.length, 0);
}

export interface NewStudy {
  /** The row it comes from. */
  rowIndex: number;
  label: string;
  year?: number;
}

/**
 * The studies not in the review yet, as recordStudyDataTable's `newStudies` (in row order), each once however many
 * rows it gives: `rowIndex` is its first row.
 */
export function newStudies(table: PastedTable): NewStudy[] {
  const seen = new Set<string>();
  const fresh: NewStudy[] = [];
  for (const row of table.rows) {
    if (row.study !== null || row.label === '' || seen.has(row.label.toLowerCase())) continue;
    seen.add(row.label.toLowerCase());
    const year = row.year ?? table.rows.find((other) => other.study === null && other.label.toLowerCase() === row.label.toLowerCase() && other.year !== undefined)?.year;
    fresh.push({ rowIndex: row.index, label: row.label, ...(year !== undefined ? { year } : {}) });
  }
  return fresh;
}

export interface StudyDataRowInput extends Partial<Record<StudyNumberKey, number>> {
  /** A study of the review, by id; a new study (one of `newStudies`) by its label instead. */
  studyId?: string;
  studyLabel?: string;
  /** The row's arm or comparison. */
  label?: string;
  subgroup?: string;
  source?: string;
}

/** recordStudyDataTable's `rows`, in the order pasted: the review's studies by id, new ones by label. */
export function studyDataRows(table: PastedTable): StudyDataRowInput[] {
  // A new study's rows name it as its first row does (newStudies adds it under that label).
  const newLabels = new Map(newStudies(table).map((study) => [study.label.toLowerCase(), study.label]));
  return table.rows.map((row) => {
    return {
      ...(row.study ? { studyId: row.study.id } : { studyLabel: newLabels.get(row.label.toLowerCase()) ?? row.label }),
      ...(row.rowLabel !== undefined ? { label: row.rowLabel } : {}),
      ...row.numbers,
      ...(row.subgroup !== undefined ? { subgroup: row.subgroup } : {}),
      ...(row.source !== undefined ? { source: row.source } : {}),
    };
  });
}

/** An API error placed on the preview: a cell (row and field), a row (field null), or the table (row null). */
export interface PlacedError {
  row: number | null;
  field: PastedField | null;
  message: string;
  /** What the cell (or the row, for a row's error) said when refused: the error shows while it still does. */
  text: string;
}

const rowText = (row: PastedRow) => JSON.stringify(row.cells);

/**
 * recordStudyDataTable's errors onto the preview: `input.rows.<i>.<field>` (studyId or studyLabel → the study cell,
 * label → the row-label cell), or `input.newStudies.<i>.<field>` (i counts the new studies: `newRows[i]` is its
 * first row; label → the study cell).
 */
export function placeApiErrors(table: PastedTable, errors: readonly UserError[], newRows: readonly number[] = []): PlacedError[] {
  return errors.map((error) => {
    const path = error.field[0] === 'input' ? error.field.slice(1) : error.field;
    const position = (path[0] === 'rows' || path[0] === 'newStudies') && /^\d+$/.test(path[1] ?? '') ? Number(path[1]) : null;
    const rowIndex = position === null ? undefined : path[0] === 'rows' ? position : newRows[position];
    const row = rowIndex === undefined ? undefined : table.rows[rowIndex];
    if (!row) return { row: null, field: null, message: error.message, text: '' };
    const name = path[2];
    const studyNamed = name === 'studyId' || name === 'studyLabel' || (name === 'label' && path[0] === 'newStudies');
    const field: PastedField | null = studyNamed
      ? 'study'
      : name === 'label' || name === 'rowId'
        ? 'rowLabel'
        : name !== undefined && (NUMBER_FIELDS.has(name) || ['year', 'subgroup', 'source'].includes(name))
          ? (name as PastedField)
          : null;
    // An error about a cell the table has no column for is about the row.
    if (field === null || row.cells[field] === undefined) return { row: row.index, field: null, message: error.message, text: rowText(row) };
    return { row: row.index, field, message: error.message, text: row.cells[field] ?? '' };
  });
}

/** The placed errors that still apply: their cell (or row) reads as it did when the API refused it. */
export function currentApiErrors(table: PastedTable | null, placed: readonly PlacedError[]): PlacedError[] {
  return placed.filter((error) => {
    if (error.row === null) return true;
    const row = table?.rows[error.row];
    if (!row) return false;
    return error.field === null ? rowText(row) === error.text : row.cells[error.field] === error.text;
  });
}
