import { describe, expect, it } from 'vitest';
import {
  currentApiErrors,
  fieldOfHeader,
  newStudies,
  placeApiErrors,
  problemCount,
  readNumber,
  readPastedTable,
  shapesInWords,
  studyCount,
  studyDataRows,
  type PastedTable,
  type ReadOptions,
} from './pasted-table';

const studies: ReadOptions['studies'] = [
  { id: 's-aronson', label: 'Aronson 1948', retracted: false },
  { id: 's-ferguson', label: 'Ferguson & Simes 1949', retracted: false },
  { id: 's-old', label: 'Withdrawn 1990', retracted: true },
];
const or: ReadOptions = { measure: 'OR', studies };
const read = (text: string, options: ReadOptions = or) => readPastedTable(text, options) as PastedTable;
const tsv = (...lines: string[][]) => lines.map((cells) => cells.join('\t')).join('\n');

describe('a pasted table of numbers', () => {
  it('reads rows copied from a spreadsheet (tabs), with the study in the review or new', () => {
    const table = read(tsv(['study', 'year', 'events1', 'n1', 'events2', 'n2'], ['Aronson 1948', '1948', '4', '123', '11', '139'], ['Smith 2024', '2024', '0', '50', '3', '48']));
    expect(table.delimiter).toBe('tab');
    expect(table.problems).toEqual([]);
    expect(table.fields).toEqual(['study', 'year', 'events1', 'n1', 'events2', 'n2']);
    expect(table.rows.map((row) => [row.label, row.study?.id ?? null, row.year, row.numbers])).toEqual([
      ['Aronson 1948', 's-aronson', 1948, { events1: 4, n1: 123, events2: 11, n2: 139 }],
      ['Smith 2024', null, 2024, { events1: 0, n1: 50, events2: 3, n2: 48 }],
    ]);
    expect(problemCount(table)).toBe(0);
  });

  it('reads CSV, with quoted fields holding commas, quotes and line breaks', () => {
    const table = read('study,events1,n1,events2,n2,source\n"Ferguson & Simes 1949",6,306,29,303,"Table 2, p. 4"\n"Jones ""B"" 2020",1,10,2,10,"line one\nline two"\n');
    expect(table.delimiter).toBe('comma');
    expect(table.problems).toEqual([]);
    expect(table.rows.map((row) => [row.label, row.study?.id ?? null, row.source])).toEqual([
      ['Ferguson & Simes 1949', 's-ferguson', 'Table 2, p. 4'],
      ['Jones "B" 2020', null, 'line one\nline two'],
    ]);
    expect(table.rows[1].line).toBe(4);
  });

  it('detects the separator from the header line: a comma inside a tab-separated row is part of a cell', () => {
    const table = read(tsv(['study', 'events1', 'n1', 'events2', 'n2'], ['Smith, Jones 2001', '1', '10', '2', '10']));
    expect(table.delimiter).toBe('tab');
    expect(table.rows[0].label).toBe('Smith, Jones 2001');
  });

  it('refuses decimal commas and thousands separators rather than guessing, and takes a typographic minus', () => {
    const table = read(tsv(['study', 'estimate', 'ciLower', 'ciUpper'], ['Aronson 1948', '0,47', '0.2', '1.1']));
    expect(table.rows[0].problems.estimate).toBe('“0,47” has a comma: write numbers with a decimal point and no thousands separators (0.47, 13598)');
    expect(read(tsv(['study', 'events1', 'n1', 'events2', 'n2'], ['Aronson 1948', '62', '13,598', '248', '12867'])).rows[0].problems.n1).toMatch(/^“13,598” has a comma/);
    // In CSV a decimal comma can only come quoted; it is refused the same way.
    expect(read('study,yi,sei\nAronson 1948,"-0,5",0.2').rows[0].problems.yi).toMatch(/^“-0,5” has a comma/);
    expect(read(tsv(['study', 'yi', 'sei'], ['Aronson 1948', '\u22120.89', '0.57'])).rows[0].numbers).toEqual({ yi: -0.89, sei: 0.57 });
    expect(readNumber('1e-3', false)).toEqual({ value: 0.001 });
    expect(readNumber('12.5', true).problem).toBe('must be a whole number (got 12.5)');
    expect(readNumber('0x10', false).problem).toBe('“0x10” is not a number');
    expect(readNumber('99999999999', true).problem).toBe('99999999999 is too large');
  });

  it('skips empty lines, lines of empty cells and a trailing line break; reads Windows line ends', () => {
    const text = '\n' + tsv(['study', 'events1', 'n1', 'events2', 'n2'], ['Aronson 1948', '4', '123', '11', '139'], ['', '', '', '', ''], [], ['Smith 2024', '1', '2', '3', '4']).replace(/\n/g, '\r\n') + '\r\n\r\n';
    const table = read(text);
    expect(table.problems).toEqual([]);
    expect(table.rows.map((row) => [row.index, row.label])).toEqual([
      [0, 'Aronson 1948'],
      [1, 'Smith 2024'],
    ]);
    expect(readPastedTable(' \n\t\n', or)).toBeNull();
  });

  it('takes the API names, the one-study form labels and a few short names for the columns, without regard to case or punctuation', () => {
    expect(['Study', 'LABEL', 'Year'].map(fieldOfHeader)).toEqual(['study', 'study', 'year']);
    expect(['Events (exp.)', 'N (exp.)', 'Events (ctrl.)', 'N (ctrl.)', 'events exp'].map(fieldOfHeader)).toEqual(['events1', 'n1', 'events2', 'n2', 'events1']);
    expect(['Events, experimental', 'Participants, control', 'Mean, experimental', 'SD (ctrl.)'].map(fieldOfHeader)).toEqual(['events1', 'n2', 'mean1', 'sd2']);
    expect(['95% CI lower', 'ciUpper', 'Estimate', 'Standard error (sei)', 'meanBefore', 'SD after', 'Participants'].map(fieldOfHeader)).toEqual([
      'ciLower',
      'ciUpper',
      'estimate',
      'sei',
      'meanBefore',
      'sdAfter',
      'n',
    ]);
    expect(fieldOfHeader('allocation')).toBeNull();

    const table = read(tsv(['Study', 'Events (exp.)', 'N (exp.)', 'Events (ctrl.)', 'N (ctrl.)', 'allocation', 'Mean (exp.)'], ['Aronson 1948', '4', '123', '11', '139', 'random', '']));
    expect(table.problems).toEqual([]);
    expect(table.fields).toEqual(['study', 'events1', 'n1', 'events2', 'n2']);
    expect(table.columns.filter((c) => c.unused).map((c) => [c.header, c.unused])).toEqual([
      ['allocation', 'not a column this form knows'],
      ['Mean (exp.)', 'not a number for odds ratio outcomes'],
    ]);
  });

  it('marks a study given twice, on both rows, also when the case differs', () => {
    const table = read(tsv(['study', 'events1', 'n1', 'events2', 'n2'], ['Aronson 1948', '4', '123', '11', '139'], ['Smith 2024', '1', '2', '3', '4'], ['aronson 1948', '4', '123', '11', '139'], ['SMITH 2024', '1', '2', '3', '4']));
    expect(table.rows.map((row) => row.problems.study)).toEqual([
      'also in row 3: give each study once, or tell its rows apart by a label (the arm) or subgroup',
      'also in row 4: give each study once, or tell its rows apart by a label (the arm) or subgroup',
      'also in row 1: give each study once, or tell its rows apart by a label (the arm) or subgroup',
      'also in row 2: give each study once, or tell its rows apart by a label (the arm) or subgroup',
    ]);
    expect(problemCount(table)).toBe(4);
  });

  it('marks each cell to fix: a missing study, a word for a number, an empty number, a retracted study', () => {
    const table = read(
      tsv(
        ['study', 'year', 'events1', 'n1', 'events2', 'n2'],
        ['', '', '4', '123', '11', '139'],
        ['Smith 2024', 'twenty', 'four', '50', '', '48'],
        ['Withdrawn 1990', '', '1', '2', '3', '4'],
        ['Jones 2025', '', '1.5', '2', '3', '4'],
      ),
    );
    expect(table.rows.map((row) => row.problems)).toEqual([
      { study: 'no study: each row needs the label of its study' },
      { year: '“twenty” is not a number', events1: '“four” is not a number', events2: 'empty: events1, n1, events2, n2 go together' },
      { study: 'Withdrawn 1990 was retracted; its numbers stay out of analyses' },
      { events1: 'must be a whole number (got 1.5)' },
    ]);
    expect(problemCount(table)).toBe(6);
  });

  it('asks for one kind of numbers per row, complete', () => {
    const table = read(tsv(['study', 'events1', 'n1', 'events2', 'n2', 'estimate', 'ciLower', 'ciUpper', 'yi'], ['Aronson 1948', '4', '123', '11', '139', '0.4', '', '', ''], ['Smith 2024', '', '', '', '', '', '', '', ''], ['Jones 2025', '', '', '', '', '', '', '', '-0.2'], ['Lee 2026', '', '', '', '', '0.8', '0.6', '1.1', '']));
    expect(table.problems).toEqual([]);
    expect(table.rows.map((row) => row.rowProblems)).toEqual([
      ['give one kind of numbers, not both events1, n1, events2, n2 and estimate'],
      ['no numbers: give events1, n1, events2, n2; or estimate, ciLower, ciUpper; or yi, sei'],
      ['yi, sei go together: there is no column for sei'],
      [],
    ]);
    expect(table.rows[3].numbers).toEqual({ estimate: 0.8, ciLower: 0.6, ciUpper: 1.1 });
  });

  it('says what is wrong with the table as a whole', () => {
    expect(read(tsv(['Aronson 1948', '4', '123', '11', '139'])).problems).toEqual([
      'No study column: the first line must name the columns, e.g. study, events1, n1, events2, n2 (found “Aronson 1948”, “4”, “123”, “11”, “139”)',
      'Columns missing: this outcome takes events1, n1, events2, n2; or estimate, ciLower, ciUpper; or yi, sei (missing events1, n1, events2, n2)',
      'Only a header: paste the rows under it too',
    ]);
    expect(read(tsv(['study', 'events1', 'n1', 'events2'], ['Aronson 1948', '4', '123', '11'])).problems).toEqual([
      'Columns missing: this outcome takes events1, n1, events2, n2; or estimate, ciLower, ciUpper; or yi, sei (missing n2)',
    ]);
    expect(read(tsv(['study', 'n1', 'N (exp.)', 'events1', 'events2', 'n2'], ['Aronson 1948', '123', '123', '4', '11', '139'])).problems).toEqual(['Two columns give n1: “n1” and “N (exp.)”; keep one']);
    expect(read('study;events1;n1\nAronson 1948;4;123').problems).toEqual([
      'The columns are separated by semicolons: paste rows copied from a spreadsheet (tab-separated) or comma-separated text, with decimal points',
    ]);
    expect(read('study,yi,sei\n"Aronson 1948,-0.9,0.5\n').problems[0]).toMatch(/^Could not read the table: Quote Not Closed/);
    const extra = read(tsv(['study', 'yi', 'sei'], ['Aronson 1948', '-0.9', '0.5', 'note']));
    expect(extra.rows[0].rowProblems).toEqual(['a cell beyond the last column (“note”)']);
  });

  it('expects the columns of the measure', () => {
    expect(shapesInWords('MD')).toBe('mean1, sd1, n1, mean2, sd2, n2; or estimate, ciLower, ciUpper; or yi, sei');
    expect(shapesInWords('MC')).toBe('meanBefore, sdBefore, meanAfter, sdAfter, n; or estimate, ciLower, ciUpper; or yi, sei');
    expect(shapesInWords('GENERIC')).toBe('yi, sei; or estimate, ciLower, ciUpper');
    const md = read(tsv(['study', 'Mean (exp.)', 'SD (exp.)', 'N (exp.)', 'Mean (ctrl.)', 'SD (ctrl.)', 'N (ctrl.)', 'subgroup'], ['Aronson 1948', '1.5', '0.4', '20', '1.1', '0.5', '21', 'adults']), { measure: 'MD', studies });
    expect(md.problems).toEqual([]);
    expect(md.rows[0].numbers).toEqual({ mean1: 1.5, sd1: 0.4, n1: 20, mean2: 1.1, sd2: 0.5, n2: 21 });
    expect(md.rows[0].subgroup).toBe('adults');
    // Counts are not what a generic effect takes.
    const generic = read(tsv(['study', 'events1', 'n1', 'events2', 'n2'], ['Aronson 1948', '4', '123', '11', '139']), { measure: 'GENERIC', studies });
    expect(generic.problems).toEqual(['Columns missing: this outcome takes yi, sei; or estimate, ciLower, ciUpper (missing yi, sei)']);
  });

  it('matches a label in another case to the study, unless two studies differ only in case', () => {
    expect(read(tsv(['study', 'yi', 'sei'], ['ARONSON  1948', '-0.9', '0.5'])).rows[0].study?.id).toBe('s-aronson');
    const twins = [...studies, { id: 's-aronson-lower', label: 'aronson 1948' }];
    expect(read(tsv(['study', 'yi', 'sei'], ['aronson 1948', '-0.9', '0.5']), { measure: 'OR', studies: twins }).rows[0].study?.id).toBe('s-aronson-lower');
    expect(read(tsv(['study', 'yi', 'sei'], ['ARONSON 1948', '-0.9', '0.5']), { measure: 'OR', studies: twins }).rows[0].problems.study).toBe(
      'matches Aronson 1948 and aronson 1948: write the label exactly',
    );
  });

  it('gives recordStudyDataTable the new studies (with their year) and every row, in the order pasted: known studies by id, new ones by label', () => {
    const table = read(tsv(['study', 'year', 'events1', 'n1', 'events2', 'n2', 'subgroup'], ['Smith 2024', '2024', '0', '50', '3', '48', ''], ['Aronson 1948', '1948', '4', '123', '11', '139', 'North'], ['Jones 2025', '', '1', '10', '2', '10', '']));
    const fresh = newStudies(table);
    expect(fresh).toEqual([
      { rowIndex: 0, label: 'Smith 2024', year: 2024 },
      { rowIndex: 2, label: 'Jones 2025' },
    ]);
    expect(studyDataRows(table)).toEqual([
      { studyLabel: 'Smith 2024', events1: 0, n1: 50, events2: 3, n2: 48 },
      { studyId: 's-aronson', events1: 4, n1: 123, events2: 11, n2: 139, subgroup: 'North' },
      { studyLabel: 'Jones 2025', events1: 1, n1: 10, events2: 2, n2: 10 },
    ]);
  });

  it("places the API's errors on the rows and cells they name, while those still read the same", () => {
    const text = tsv(['study', 'year', 'events1', 'n1', 'events2', 'n2'], ['Aronson 1948', '', '4', '123', '11', '139'], ['Smith 2024', '1700', '130', '120', '3', '48'], ['Jones 2025', '', '1', '10', '2', '10']);
    const table = read(text);
    const rows = placeApiErrors(table, [
      { field: ['input', 'rows', '1', 'events1'], message: "study 'Smith 2024': events1 (130) cannot exceed n1 (120) in arm 1" },
      { field: ['input', 'rows', '2'], message: "study 'Jones 2025': no numbers given" },
      { field: ['input', 'rows', '0', 'studyId'], message: 'study was retracted' },
      { field: ['input', 'rows', '0', 'sei'], message: 'sei is required' },
      { field: ['input', 'outcomeId'], message: 'there is no outcome with this id' },
      { field: ['input', 'rows', '9', 'n1'], message: 'a row that is not there' },
    ]);
    expect(rows.map(({ row, field, message }) => [row, field, message])).toEqual([
      [1, 'events1', "study 'Smith 2024': events1 (130) cannot exceed n1 (120) in arm 1"],
      [2, null, "study 'Jones 2025': no numbers given"],
      [0, 'study', 'study was retracted'],
      [0, null, 'sei is required'],
      [null, null, 'there is no outcome with this id'],
      [null, null, 'a row that is not there'],
    ]);
    // newStudies counts the new studies only: its study 0 is row 1, its study 1 is row 2.
    const added = placeApiErrors(
      table,
      [
        { field: ['input', 'newStudies', '0', 'year'], message: 'year must be 1800 or later' },
        { field: ['input', 'newStudies', '1', 'label'], message: "the review already has a study labelled 'Jones 2025'" },
      ],
      newStudies(table).map((study) => study.rowIndex),
    );
    expect(added.map(({ row, field }) => [row, field])).toEqual([
      [1, 'year'],
      [2, 'study'],
    ]);

    // Correcting a cell takes its error away; the others stay.
    const corrected = read(text.replace('130\t120', '13\t120'));
    expect(currentApiErrors(corrected, rows).map((error) => error.message)).toEqual([
      "study 'Jones 2025': no numbers given",
      'study was retracted',
      'sei is required',
      'there is no outcome with this id',
      'a row that is not there',
    ]);
    expect(currentApiErrors(read(text.replace('Jones 2025\t\t1', 'Jones 2025\t\t2')), rows).map((error) => error.message)).not.toContain("study 'Jones 2025': no numbers given");
    expect(currentApiErrors(null, rows).map((error) => error.row)).toEqual([null, null]);
  });

  it("takes several rows of a study told apart by a label (a multi-arm trial's arms) or a subgroup, and sends the label", () => {
    const table = read(
      tsv(
        ['study', 'label', 'subgroup', 'events1', 'n1', 'events2', 'n2'],
        ['Smith 2024', 'high dose', '', '3', '50', '9', '48'],
        ['Smith 2024', 'low dose', '', '5', '51', '9', '48'],
        ['Aronson 1948', '', '6 months', '4', '123', '11', '139'],
        ['Aronson 1948', '', '12 months', '6', '120', '14', '135'],
      ),
    );
    expect(table.fields).toEqual(['study', 'rowLabel', 'subgroup', 'events1', 'n1', 'events2', 'n2']);
    expect(problemCount(table)).toBe(0);
    expect(studyCount(table)).toBe(2);
    // The new study is added once, named by its first row.
    expect(newStudies(table)).toEqual([{ rowIndex: 0, label: 'Smith 2024' }]);
    expect(studyDataRows(table)).toEqual([
      { studyLabel: 'Smith 2024', label: 'high dose', events1: 3, n1: 50, events2: 9, n2: 48 },
      { studyLabel: 'Smith 2024', label: 'low dose', events1: 5, n1: 51, events2: 9, n2: 48 },
      { studyId: 's-aronson', events1: 4, n1: 123, events2: 11, n2: 139, subgroup: '6 months' },
      { studyId: 's-aronson', events1: 6, n1: 120, events2: 14, n2: 135, subgroup: '12 months' },
    ]);
    // "label" alone is still the study; "arm" is the row's label.
    expect(read(tsv(['label', 'arm', 'events1', 'n1', 'events2', 'n2'], ['Aronson 1948', 'BCG', '4', '123', '11', '139'])).fields).toEqual(['study', 'rowLabel', 'events1', 'n1', 'events2', 'n2']);

    const same = read(tsv(['study', 'arm', 'events1', 'n1', 'events2', 'n2'], ['Smith 2024', 'high dose', '3', '50', '9', '48'], ['Smith 2024', 'high dose', '5', '51', '9', '48']));
    expect(same.rows.map((row) => row.problems.study)).toEqual([
      'also in row 2 with the same subgroup and label: tell the rows apart by their label or subgroup',
      'also in row 1 with the same subgroup and label: tell the rows apart by their label or subgroup',
    ]);
    // The API's message about a row's label lands on its label cell; about a new study's label, on the study cell.
    const placed = placeApiErrors(table, [{ field: ['input', 'rows', '1', 'label'], message: 'label too long' }], [0]);
    expect(placed.map(({ row, field }) => [row, field])).toEqual([[1, 'rowLabel']]);
  });
});
