import { parse } from 'csv-parse/sync';
import { StatsInputError } from '../errors.js';
import type { StudyInput } from '../types.js';

const NUMERIC = new Set([
  'year', 'events1', 'n1', 'events2', 'n2', 'mean1', 'sd1', 'mean2', 'sd2', 'meanBefore', 'sdBefore', 'meanAfter', 'sdAfter', 'n',
  'yi', 'sei', 'estimate', 'ciLower', 'ciUpper',
]);

/** Studies from CSV text with a header row (see examples/README.md for the columns). */
export function readStudiesCsv(text: string): StudyInput[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  return rows.map((row, index) => {
    const line = index + 2;
    const id = row.study ?? row.id ?? row.label;
    if (!id) throw new StatsInputError(`line ${line}: a study needs a name in a 'study' column`, null, 'study');
    const study: Record<string, unknown> = { id };
    for (const [column, raw] of Object.entries(row)) {
      if (raw === '' || ['study', 'id', 'label'].includes(column)) continue;
      if (column === 'subgroup') {
        study.subgroup = raw;
      } else if (NUMERIC.has(column)) {
        const value = Number(raw);
        if (!Number.isFinite(value)) throw new StatsInputError(`line ${line}, study '${id}': ${column} ('${raw}') is not a number`, id, column);
        study[column] = value;
      }
    }
    return study as unknown as StudyInput;
  });
}
