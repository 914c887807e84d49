// Every export in test/fixtures read with its exact number of records, and chosen records' fields checked against the file text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeRecordsFile, detectFormat, normaliseDoi, parseRecords, RecordsParseError, type BibRecord } from '../src/index.js';

const fixture = (name: string) => decodeRecordsFile(readFileSync(join(import.meta.dirname, 'fixtures', name)));
const read = (name: string) => parseRecords(fixture(name), { fileName: name });

function refusal(text: string, fileName?: string): RecordsParseError {
  try {
    parseRecords(text, { fileName });
  } catch (error) {
    if (error instanceof RecordsParseError) return error;
    throw error;
  }
  throw new Error('the file was read, not refused');
}

describe('every fixture: format and number of records', () => {
  it.each([
    ['asreview-baseline_empty_values.ris', 'ris', 4],
    ['asreview-embase.ris', 'ris', 6],
    ['asreview-faulty_year.ris', 'ris', 1],
    ['asreview-ovid_psycinfo.ris', 'ris', 6],
    ['asreview-proquest.ris', 'ris', 6],
    ['asreview-pubmed_endnote.txt', 'ris', 6],
    ['asreview-pubmed_zotero.ris', 'ris', 6],
    ['asreview-scopus.ris', 'ris', 6],
    ['asreview-web_of_science.txt', 'ris', 10],
    ['jabref-medline-complete-entry.nbib', 'medline', 1],
    ['rispy-example_bom.ris', 'ris', 1],
    ['rispy-example_empty_tag.ris', 'ris', 1],
    ['rispy-example_extraneous_data.ris', 'ris', 2],
    ['rispy-example_multiline.ris', 'ris', 3],
    ['rispy-example_starting_newlines.ris', 'ris', 1],
    ['rispy-example_utf_chars.ris', 'ris', 1],
    ['rispy-example_wos.ris', 'ris', 2],
  ])('%s: %s, %i records, positions 1..n', (name, format, count) => {
    const result = read(name);
    expect(result.format).toBe(format);
    expect(result.records).toHaveLength(count);
    expect(result.records.map((r) => r.position)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(detectFormat(fixture(name))).toBe(format);
  });

  it('prisma2020-PRISMA.csv (the flow diagram boxes, not records) is refused at line 1 for want of a title column', () => {
    const error = refusal(fixture('prisma2020-PRISMA.csv'), 'prisma2020-PRISMA.csv');
    expect(error.line).toBe(1);
    expect(error.message).toBe(
      "line 1: the header row has no title column (columns: 'data', 'node', 'box', 'description', 'boxtext', 'tooltips', 'url', 'n'): name the column of titles 'title'",
    );
  });
});

const pick = (record: BibRecord) => ({
  title: record.title,
  authors: record.authors,
  year: record.year,
  journal: record.journal,
  volume: record.volume,
  issue: record.issue,
  pages: record.pages,
  doi: record.doi,
  pmid: record.pmid,
});

describe('vendors', () => {
  it('Embase: byte-order mark, JF before JO, A1 authors, C5 as PMID, Y1 year', () => {
    const { records } = read('asreview-embase.ris');
    expect(records[0].line).toBe(1);
    expect(pick(records[0])).toEqual({
      title: 'Duplication cysts: Diagnosis, management, and the role of endoscopic ultrasound',
      authors: ['Liu R.', 'Adler D.G.'],
      year: 2014,
      journal: 'Endoscopic Ultrasound',
      volume: '3',
      issue: '3',
      pages: '152-160',
      doi: '10.4103/2303-9027.138783',
      pmid: null,
    });
    expect(records[1]).toMatchObject({ line: 51, year: 2004, journal: 'Cancer', pmid: '15368318', doi: '10.1002/cncr.20369' });
    expect(records[1].authors).toHaveLength(7);
    expect(records[2]).toMatchObject({ journal: 'International Journal of Surgery Case Reports', issue: null, pages: '83-86', pmid: null });
    expect(records.map((r) => r.pmid)).toEqual([null, '15368318', null, '30396417', '21218094', null]);
  });

  it('Scopus: T2 journal, C2 as PMID, references in N1 not read as DOIs or trial ids', () => {
    const { records } = read('asreview-scopus.ris');
    expect(pick(records[5])).toEqual({
      title: 'Role of brain imaging in disorders of brain-gut interaction: A Rome Working Team Report',
      authors: ['Mayer, E.A.', 'Labus, J.', 'Aziz, Q.', 'Tracey, I.', 'Kilpatrick, L.', 'Elsenbruch, S.', 'Schweinhardt, P.', 'Van Oudenhove, L.', 'Borsook, D.'],
      year: 2019,
      journal: 'Gut',
      volume: '68',
      issue: '9',
      pages: '1701-1715',
      doi: '10.1136/gutjnl-2019-318308',
      pmid: '31175206',
    });
    expect(records.map((r) => r.pmid)).toEqual([null, '31421429', '31627144', '31574429', '30704343', '31175206']);
    expect(records[0]).toMatchObject({ journal: 'Psychoneuroendocrinology', pages: null, doi: '10.1016/j.psyneuen.2019.104501', line: 1 });
    expect(records.every((r) => r.nctIds.length === 0)).toBe(true);
  });

  it('Ovid PsycINFO: numbering and NL lines outside records ignored, doi.org URLs in DO, no pages for "No"-"Specified", NCT id in the abstract', () => {
    const { records } = read('asreview-ovid_psycinfo.ris');
    expect(records.map((r) => r.line)).toEqual([2, 31, 109, 196, 223, 298]);
    expect(pick(records[0])).toEqual({
      title: 'The influence of self-criticism on depression symptoms among ambulatory patients with inflammatory bowel disease.',
      authors: ['Trindade, Ines A', 'Irons, Chris', 'Ferreira, Claudia', 'Portela, Francisco', 'Pinto-Gouveia, Jose'],
      year: 2019,
      journal: 'Clinical Psychology & Psychotherapy',
      volume: null,
      issue: null,
      pages: null,
      doi: '10.1002/cpp.2398',
      pmid: null,
    });
    // A2 holds Ovid's cited authors ('Andres, Bucchianeri, …'): not authors.
    expect(records[1].authors).toEqual(['Trindade, Ines A', 'Ferreira, Claudia', 'Duarte, Cristiana', 'Pinto-Gouveia, Jose']);
    expect(records[1].pages).toBe('847-856');
    expect(records[5].nctIds).toEqual(['NCT02265588']);
    expect(records[5].registryId).toBeNull();
  });

  it('ProQuest: AN is ProQuest\'s own number, not a PMID; DOI from a doi.org URL', () => {
    const { records } = read('asreview-proquest.ris');
    expect(pick(records[3])).toEqual({
      title: 'An online educational program for individuals with dissociative disorders and their clinicians: 1-year and 2-year follow-up',
      authors: expect.arrayContaining(['Brand, Bethany L', 'Schielke, Hugo J']),
      year: 2019,
      journal: 'Journal of Traumatic Stress',
      volume: '32',
      issue: '1',
      pages: '156-166',
      doi: '10.1002/jts.22370',
      pmid: null,
    });
    expect(records[3].authors).toHaveLength(11);
    expect(records.every((r) => r.pmid === null)).toBe(true);
  });

  it('PubMed via Zotero: DA 2019///, T2 journal, SP alone as pages', () => {
    const { records } = read('asreview-pubmed_zotero.ris');
    expect(pick(records[0])).toEqual({
      title:
        'The importance of cognitive flexibility and flexibility in coping with stress for the quality of life in inflammatory bowel disease patients during biological therapy. A preliminary report.',
      authors: ['Rudnik, Agata', 'Piotrowicz, Grazyna', 'Basinska, Malgorzata A.', 'Rashedi, Vahid'],
      year: 2019,
      journal: 'Przeglad gastroenterologiczny',
      volume: '14',
      issue: '2',
      pages: '121-128',
      doi: '10.5114/pg.2018.81081',
      pmid: null,
    });
    expect(records[2]).toMatchObject({ journal: 'Medicine', pages: 'e16881', doi: '10.1097/md.0000000000016881' });
  });

  it('PubMed via EndNote: a leading blank line, AN as PMID (DP  - NLM), one keyword per continuation line, ID is EndNote\'s number', () => {
    const { records } = read('asreview-pubmed_endnote.txt');
    expect(records[0].line).toBe(2);
    expect(pick(records[0])).toEqual({
      title: 'Boswellia serrata: an overall assessment of in vitro, preclinical, pharmacokinetic and clinical data',
      authors: ['Abdel-Tawab, M.', 'Werz, O.', 'Schubert-Zsilavecz, M.'],
      year: 2011,
      journal: 'Clin Pharmacokinet',
      volume: '50',
      issue: '6',
      pages: '349-69',
      doi: '10.2165/11586800-000000000-00000',
      pmid: '21553931',
    });
    expect(records[0].keywords).toEqual([
      'Animals',
      'Anti-Inflammatory Agents/adverse effects/pharmacokinetics/*pharmacology',
      'Boswellia/*chemistry',
      'Clinical Trials as Topic',
      'Disease Models, Animal',
      'Drug Evaluation, Preclinical',
      'Humans',
      'Inflammation/drug therapy/physiopathology',
      'Medicine, Ayurvedic',
      'Plant Extracts/adverse effects/pharmacokinetics/*pharmacology',
    ]);
    expect(records.map((r) => r.pmid)).toEqual(['21553931', '29459515', '27626602', '27452660', '24407360', '28482341']);
    expect(records[4].doi).toBe('10.1097/meg.0000000000000040');
  });

  it('Web of Science RIS: T2 journal in capitals, AN WOS:… not a PMID, month-only DA ignored for PY', () => {
    const { records } = read('asreview-web_of_science.txt');
    expect(pick(records[0])).toEqual({
      title: 'Holding Yourself Captive: Perceptions of Custody During Interviews and Interrogations',
      authors: ['Alceste, F', 'Luke, TJ', 'Kassin, SM'],
      year: 2018,
      journal: 'JOURNAL OF APPLIED RESEARCH IN MEMORY AND COGNITION',
      volume: '7',
      issue: '3',
      pages: '387-397',
      doi: '10.1016/j.jarmac.2018.03.001',
      pmid: null,
    });
    expect(records[0].keywords).toHaveLength(11);
    expect(records[0].keywords.slice(0, 2)).toEqual(['Police custody', 'Interview']);
    // The one record from another source in the file: JO journal, DA 1997/02/01.
    expect(pick(records[7])).toEqual({
      title: 'Coerced Confessions and the Jury: An Experimental Test of the “Harmless Error” Rule',
      authors: ['Kassin, Saul M.', 'Sukel, Holly'],
      year: 1997,
      journal: 'Law and Human Behavior',
      volume: '21',
      issue: '1',
      pages: '27-46',
      doi: '10.1023/a:1024814009769',
      pmid: null,
    });
    expect(records.every((r) => r.pmid === null)).toBe(true);
  });

  it('Web of Science field-tagged text: PT … ER records, three-space continuation lines, BP-EP pages, DI and PM', () => {
    const { records } = read('rispy-example_wos.ris');
    expect(records.map((r) => r.line)).toEqual([3, 112]);
    expect(pick(records[0])).toEqual({
      title: 'Interactions stabilizing the structure of the core light-harvesting complex (LHl) of photosynthetic bacteria and its subunit (B820)',
      authors: ['Parkes-Loach, PS', 'Majeed, AP', 'Law, CJ', 'Loach, PA'],
      year: 2004,
      journal: 'BIOCHEMISTRY',
      volume: '43',
      issue: '22',
      pages: '7003-7016',
      doi: '10.1021/bi049798f',
      pmid: '15170338',
    });
    // ID is Keywords Plus, split on ';' across continuation lines.
    expect(records[1].keywords).toContain('CARBON-MONOXIDE BINDING');
    expect(records[1]).toMatchObject({ pages: '7017-7027', doi: '10.1021/bi0497291', pmid: '15170339' });
    expect(records[1].authors).toHaveLength(9);
  });

  it('MEDLINE: FAU authors, six-space continuation, JT journal, VI/IP (IS is the ISSN), DP year (not DA), PG pages', () => {
    const { records } = read('jabref-medline-complete-entry.nbib');
    expect(records[0]).toMatchObject({
      line: 1,
      title: 'From danger and motherhood to health and beauty: health advice for the factory girl in early twentieth-century Britain.',
      authors: ['Long, Vicky', 'Marland, Hilary'],
      year: 2009,
      journal: '20 century British history',
      volume: '20',
      issue: '4',
      pages: '454-81',
      doi: null,
      pmid: '20481061',
      abstract: 'Lorem ipsum abstract',
      sourceFormat: 'medline',
    });
    expect(records[0].keywords).toContain('Occupational Health/*history');
  });
});

describe('rispy and asreview edge cases', () => {
  it('a byte-order mark before TY', () => {
    expect(read('rispy-example_bom.ris').records[0]).toMatchObject({ line: 1, doi: '10.1186/s40981-020-0316-0', title: null });
  });

  it('empty tags (SP  -, ER  -) and a dx.doi.org URL in DO; ID is not a PMID', () => {
    const record = read('rispy-example_empty_tag.ris').records[0];
    expect(pick(record)).toEqual({
      title: 'Outcome Measures After Shoulder Stabilization in the Athletic Population: A Systematic Review of Clinical and Patient-Reported Metrics',
      authors: ['Fanning E.'],
      year: 2020,
      journal: 'Orthopaedic Journal of Sports Medicine',
      volume: '8',
      issue: '9',
      pages: null,
      doi: '10.1177/2325967120950040',
      pmid: null,
    });
    expect(record.abstract).toMatch(/repetition\. Outcome measures are valuable when determining an athlete's safe return to sport\.\.\.$/);
    expect(record.keywords).toEqual(['*athlete', 'biomechanics', 'bone remodeling']);
  });

  it('data outside records ignored; A2 (an editor) is not an author', () => {
    const { records } = read('rispy-example_extraneous_data.ris');
    expect(records.map((r) => r.line)).toEqual([5, 33]);
    expect(records.map(pick)).toEqual([
      { title: 'Title of reference', authors: ['Marx, Karl', 'Lindgren, Astrid'], year: 2014, journal: 'Lorem', volume: '9', issue: '3', pages: 'e0815', doi: null, pmid: null },
      { title: 'The title of the reference', authors: ['Marxus, Karlus', 'Lindgren, Astrid'], year: 2006, journal: 'Lorem', volume: '6', issue: '3', pages: 'e0815341', doi: null, pmid: null },
    ]);
    expect(records[1].keywords).toEqual(['Pippi Langstrumpf', 'Nordwind', 'Piraten']);
  });

  it('multi-line values, indented or not, even a line starting "ER then": three records with one abstract', () => {
    const { records } = read('rispy-example_multiline.ris');
    expect(records.map((r) => r.line)).toEqual([1, 8, 17]);
    for (const record of records) expect(record.abstract).toBe('first line, ER then second line and at the end the last line');
  });

  it('leading blank lines; PY 1948/07//; SP and EP joined', () => {
    expect(pick(read('rispy-example_starting_newlines.ris').records[0])).toEqual({
      title: 'A Mathematical Theory of Communication',
      authors: ['Shannon,Claude E.'],
      year: 1948,
      journal: 'Bell System Technical Journal',
      volume: '27',
      issue: null,
      pages: '379-423',
      doi: null,
      pmid: null,
    });
    expect(read('rispy-example_starting_newlines.ris').records[0].line).toBe(3);
  });

  it('UTF-8 text kept; VO as volume; ST as the title when there is no other', () => {
    const record = read('rispy-example_utf_chars.ris').records[0];
    expect(record.title).toBe('Состояние рецепторного аппарата эндометрия и метаболизм эстрогенов при гиперплазиях эндометрия в позднем репродуктивном периоде');
    expect(record).toMatchObject({ year: 2009, journal: 'Gynecology, Obstetrics and Perinatology', volume: '8', issue: '3', pages: '52-57' });
    expect(record.authors).toEqual(['Dobrokhotova, Yu E.', 'Yusupova, R. O.', 'Ozerova, R. I.', 'Fayzullin, L. Z.', 'Karnaukhov, V. N.']);
    expect(record.abstract).toMatch(/ The state of the receptor apparatus of the endometrium and estrogen metabolism in endometrial hyperplasia in the late reproductive period$/);
  });

  it('empty values are absent fields, not empty strings', () => {
    const { records } = read('asreview-baseline_empty_values.ris');
    expect(records.map((r) => [r.title, r.abstract === null])).toEqual([
      ['Title of reference', true],
      [null, false],
      ['Title of reference', true],
      [null, false],
    ]);
  });

  it("a malformed year ('PY  - 10 15': October 2015? 2010 to 2015?) is no year, and the record is still read", () => {
    const { records } = read('asreview-faulty_year.ris');
    expect(records[0].year).toBeNull();
    expect(records[0].title).toBe(
      'The Value of Radiologic Interventions and 18 F-DOPA PET in Diagnosing and Localizing Focal Congenital Hyperinsulinism: Systematic Review and Meta-Analysis',
    );
  });
});

describe('MEDLINE DOIs and trial ids, RIS registry entries', () => {
  it('LID/AID "… [doi]" and SI ClinicalTrials.gov/NCT…', () => {
    const text = [
      'PMID- 31000001',
      'TI  - A trial of something: the main',
      '      results.',
      'DP  - 2019 May 1',
      'LID - S0140-6736(19)30001-1 [pii]',
      'LID - 10.1016/S0140-6736(19)30001-1 [doi]',
      'FAU - Smith, Ann',
      'AU  - Smith A',
      'SI  - ClinicalTrials.gov/NCT01234567',
      'AB  - Registered as NCT 07654321 and NCT01234567.',
      'JT  - The Lancet',
      '',
      'PMID- 31000002',
      'TI  - Another.',
      'AID - 10.1000/XYZ [doi]',
    ].join('\n');
    const { format, records } = parseRecords(text);
    expect(format).toBe('medline');
    expect(records.map((r) => r.line)).toEqual([1, 13]);
    expect(records[0]).toMatchObject({
      title: 'A trial of something: the main results.',
      year: 2019,
      doi: '10.1016/s0140-6736(19)30001-1',
      nctIds: ['NCT01234567', 'NCT07654321'],
      authors: ['Smith, Ann'],
      registryId: null,
    });
    expect(records[1].doi).toBe('10.1000/xyz');
  });

  it('a register\'s RIS export is a registry entry with its own id', () => {
    const text = 'TY  - JOUR\nTI  - Drug A versus placebo\nDB  - ClinicalTrials.gov\nAN  - NCT00000102\nUR  - https://clinicaltrials.gov/study/NCT00000102\nER  - \n';
    expect(parseRecords(text).records[0]).toMatchObject({ registryId: 'NCT00000102', nctIds: ['NCT00000102'] });
  });

  it('normaliseDoi drops prefixes and case, and refuses what is not a DOI', () => {
    expect(normaliseDoi('https://doi.org/10.1000/ABC.1')).toBe('10.1000/abc.1');
    expect(normaliseDoi('doi: 10.1000/ABC.1.')).toBe('10.1000/abc.1');
    expect(normaliseDoi('http://dx.doi.org/10.1016%2Fj.x.2019.1')).toBe('10.1016/j.x.2019.1');
    expect(normaliseDoi('10.1016/0014-5793(81)80778-8')).toBe('10.1016/0014-5793(81)80778-8');
    expect(normaliseDoi('not a doi')).toBeNull();
  });
});

describe('CSV', () => {
  it('common column names, authors split on ";", record_id, registry and trial columns, quoted multi-line values', () => {
    const text = [
      'record_id,Title,Authors,Publication Year,Source title,DOI,PubMed ID,Volume,Issue,Pages,Author Keywords,Abstract,nct',
      'r1,"A trial, with a comma",Smith J; Jones K,2019,The Lancet,https://doi.org/10.1000/ABC,123456,12,3,45-50,rct; placebo,"First line',
      'second line",NCT01234567',
      '',
      'r2,Second,,2020-05-01,,,,,,,,,',
    ].join('\r\n');
    const { format, records } = parseRecords(text, { fileName: 'export.csv' });
    expect(format).toBe('csv');
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      position: 1,
      line: 2,
      recordId: 'r1',
      title: 'A trial, with a comma',
      authors: ['Smith J', 'Jones K'],
      year: 2019,
      journal: 'The Lancet',
      doi: '10.1000/abc',
      pmid: '123456',
      volume: '12',
      issue: '3',
      pages: '45-50',
      keywords: ['rct', 'placebo'],
      abstract: 'First line second line',
      nctIds: ['NCT01234567'],
      registryId: null,
      sourceFormat: 'csv',
    });
    expect(records[1]).toMatchObject({ position: 2, line: 5, recordId: 'r2', year: 2020, authors: [], doi: null });
  });

  it("ClinicalTrials.gov's CSV export: each row a registry entry", () => {
    const text = 'NCT Number,Study Title,Brief Summary\nNCT00000102,Drug A versus placebo,Short\n';
    expect(parseRecords(text).records[0]).toMatchObject({ registryId: 'NCT00000102', nctIds: ['NCT00000102'], title: 'Drug A versus placebo', abstract: 'Short' });
  });

  it('semicolon-delimited', () => {
    expect(parseRecords('title;year\nA;2001\n', { fileName: 'x.csv' }).records[0]).toMatchObject({ title: 'A', year: 2001 });
  });
});

describe('refusals name the line and say what to do', () => {
  it.each([
    ['an empty file', '', undefined, 1, /^the file is empty/],
    ['only blank lines', '\n\n  \n', undefined, 1, /^the file is empty/],
    ['binary content', 'TY  - JOUR\nTI  - A\n\u0000\u0001\u0002\nER  - \n', undefined, 3, /binary content/],
    ['a PDF', '%PDF-1.7\n…', 'a.ris', 1, /this is a PDF/],
    ['an .xlsx', 'PK\u0003\u0004...', 'a.csv', 1, /ZIP archive/],
    ['a RIS record without ER at the end', 'TY  - JOUR\nTI  - A\nER  - \n\nTY  - JOUR\nTI  - B\n', undefined, 5, /no end \('ER {2}- '\): the file may be cut short/],
    ['a RIS record without ER before the next', 'TY  - JOUR\nTI  - A\n\nTY  - JOUR\nTI  - B\nER  - \n', undefined, 1, /before the next record starts at line 4/],
    ['a .ris file with no record', 'Record #1 of 1\nnothing here\n', 'a.ris', 1, /^no RIS records/],
    ['a Web of Science record without ER', 'FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nTI A\n', undefined, 3, /no end \('ER'\)/],
    ['a damaged MEDLINE line', 'PMID- 1\nTI  - A\nthis is not a tag\n', undefined, 3, /neither a MEDLINE tag/],
    ['an unterminated CSV quote', 'title,year\nA,2001\n"B,2002\nC,2003\n', 'a.csv', 3, /closing double quote is missing/],
    ['a stray CSV quote', 'title,year\nA "quoted" word,2001\n', 'a.csv', 2, /a double quote in the middle of a value/],
    ['a CSV row with too many fields', 'title,year\nA,2001\nB, an essay,2002\n', 'a.csv', 3, /this row has 3 fields but the header row has 2/],
    ['a CSV header without a title column', '\nname,year\nA,2001\n', 'a.csv', 2, /^the header row has no title column \(columns: 'name', 'year'\)/],
    ['text in no known format', 'Dear colleague\nplease find attached\n', 'notes.txt', 1, /not RIS .* PubMed\/MEDLINE .* or CSV/],
  ])('%s', (_name, text, fileName, line, reason) => {
    const error = refusal(text, fileName);
    expect(error.line).toBe(line);
    expect(error.reason).toMatch(reason);
    expect(error.message).toBe(`line ${line}: ${error.reason}`);
  });

  it('detectFormat refuses at line 1 when no format fits', () => {
    expect(() => detectFormat('just some words')).toThrow(/^line 1: the file is not RIS/);
  });
});

describe('decodeRecordsFile', () => {
  it('UTF-16 with a byte-order mark (EndNote) and Windows-1252 (older exports)', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('TY  - JOUR\nTI  - Café\nER  - \n', 'utf16le')]);
    expect(parseRecords(decodeRecordsFile(utf16)).records[0].title).toBe('Café');
    const cp1252 = Buffer.from('TY  - JOUR\nTI  - Caf\xe9 \x96 a study\nER  - \n', 'latin1');
    expect(parseRecords(decodeRecordsFile(cp1252)).records[0].title).toBe('Café – a study');
  });
});
