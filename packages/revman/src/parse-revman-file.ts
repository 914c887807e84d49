// Reads a RevMan 5 review file (.rm5, XML): the title, the included studies with their characteristics, and
// each comparison's outcomes with their study data, subgroups and RevMan's own computed results.
import { RevManFileError, type RevManProblem } from './errors.js';
import type {
  RevManComparison,
  RevManContinuousRow,
  RevManDichotomousRow,
  RevManGenericMeasure,
  RevManGenericOutcome,
  RevManGenericRow,
  RevManOEVarianceRow,
  RevManOtherRow,
  RevManOutcome,
  RevManResults,
  RevManReview,
  RevManStudy,
  RevManStudyResult,
  RevManSubgroup,
  RevManSubgroupDifferences,
} from './types.js';
import { childElement, childElements, findElement, parseXml, textOf, XmlSyntaxError, type XmlElement } from './xml-tree.js';

const ROOT = 'COCHRANE_REVIEW';
/** Stands in for an element the file leaves out. */
const NONE: XmlElement = { name: '', attributes: {}, children: [] };

/**
 * The outcome elements of RevMan 5, by the prefix of their data and subgroup elements: dichotomous, continuous,
 * generic inverse variance, O-E and variance (IPD), and 'Other data' tables.
 */
const outcomeKinds = { DICH_OUTCOME: 'DICH', CONT_OUTCOME: 'CONT', IV_OUTCOME: 'IV', IPD_OUTCOME: 'IPD', OTHER_OUTCOME: 'OTHER' } as const;
type OutcomePrefix = (typeof outcomeKinds)[keyof typeof outcomeKinds];

/** Generic inverse variance effect measures Cumulus knows, as RevMan names them (looked up in lower case). */
const genericMeasures: Record<string, RevManGenericMeasure> = {
  or: 'OR',
  'odds ratio': 'OR',
  'odds ratio (non-event)': 'OR',
  peto_or: 'OR',
  'peto odds ratio': 'OR',
  rr: 'RR',
  'risk ratio': 'RR',
  'risk ratio (non-event)': 'RR',
  rd: 'RD',
  'risk difference': 'RD',
  md: 'MD',
  'mean difference': 'MD',
  smd: 'SMD',
  'std. mean difference': 'SMD',
  'standardized mean difference': 'SMD',
  'standardised mean difference': 'SMD',
  hr: 'HR',
  'hazard ratio': 'HR',
  rom: 'ROM',
  'ratio of means': 'ROM',
};

/** Measures analysed on the log scale and reported as ratios. */
const ratioMeasures = new Set<RevManGenericMeasure>(['OR', 'RR', 'HR', 'ROM']);

/** The suffix the Cochrane Library's statistical data exports add to the title. */
const citationSuffix = /\s*\[\s*Data only\.\s*When citing this record quote\s*"([^"]*)"\s*\.?\s*\]\s*$/i;

/** RevMan's rich text inside a cell: formatting, not cells of their own. */
const richText = new Set(['P', 'BR', 'B', 'I', 'U', 'SUP', 'SUB', 'LINK', 'OL', 'UL', 'LI', 'SMALLCAPS']);

const whatToDo = 'correct it in RevMan, save, and import the file again';

/** Collects problems while the whole file is read, so one import attempt reports all of them. */
class Reader {
  readonly problems: RevManProblem[] = [];

  problem(element: string, id: string | null, message: string): void {
    this.problems.push({ element, id, message });
  }

  text(element: XmlElement, name: string): string | null {
    const value = element.attributes[name]?.trim();
    return value ? value : null;
  }

  /** A numeric attribute; empty or absent is null, anything else that is not a number is a problem. */
  number(element: XmlElement, name: string, where: string): number | null {
    const raw = element.attributes[name]?.trim();
    if (raw === undefined || raw === '') return null;
    const value = Number(raw);
    if (Number.isFinite(value)) return value;
    // RevMan writes infinite limits for studies it cannot estimate; they carry no number to keep.
    if (/^-?(infinity|inf)$/i.test(raw) || /^nan$/i.test(raw)) return null;
    this.problem(element.name, element.attributes.ID ?? element.attributes.STUDY_ID ?? null, `${where}: ${name} is '${raw}', not a number; ${whatToDo}`);
    return null;
  }

  yes(element: XmlElement, name: string): boolean {
    return element.attributes[name]?.trim().toUpperCase() === 'YES';
  }
}

/**
 * Parses the text of a RevMan 5 .rm5 file (see decodeRevManFile for its bytes). Throws RevManFileError listing
 * every problem a user can fix: not XML, not a RevMan 5 review, data naming an unknown study, outcome elements
 * RevMan 5 does not write, unknown effect measures or methods, numbers that are not numbers.
 */
export function parseRevManFile(xml: string): RevManReview {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    throw new RevManFileError([
      {
        element: 'XML',
        id: null,
        message: `the file is not well-formed XML (${error.message}); choose the .rm5 file RevMan 5 saved, not a PDF, Word or CSV export of it`,
      },
    ]);
  }
  if (root.name !== ROOT) {
    throw new RevManFileError([
      {
        element: root.name,
        id: null,
        message: `the file is XML but not a RevMan 5 review: its root element is <${root.name}>, not <${ROOT}>; open the review in RevMan 5 and save it as a .rm5 file`,
      },
    ]);
  }
  const reader = new Reader();
  const type = reader.text(root, 'TYPE');
  if (type === 'DIAGNOSTIC' || type === 'OVERVIEW') {
    throw new RevManFileError([
      {
        element: ROOT,
        id: reader.text(root, 'ID'),
        message: `the file is a RevMan 5 ${type === 'DIAGNOSTIC' ? 'diagnostic test accuracy review' : 'overview of reviews'}; Cumulus imports intervention reviews (comparisons with dichotomous, continuous or generic inverse variance outcomes)`,
      },
    ]);
  }

  const fullTitle = textOf(findElement(childElement(root, 'COVER_SHEET') ?? root, 'TITLE'));
  const suffix = citationSuffix.exec(fullTitle);
  const title = suffix ? fullTitle.slice(0, suffix.index).trim() : fullTitle;
  const citation = suffix ? suffix[1].trim() || null : null;
  if (!title) reader.problem('TITLE', null, `the review has no title (COVER_SHEET > TITLE is empty); give it a title in RevMan, save, and import the file again`);

  const studies = readIncludedStudies(root, reader);
  const known = new Map(studies.map((study) => [study.id, study]));
  const listedElsewhere = otherStudyLists(root);
  const comparisons = childElements(findElement(root, 'ANALYSES_AND_DATA') ?? NONE, 'COMPARISON').map((comparison) =>
    readComparison(comparison, reader, known, listedElsewhere),
  );

  if (reader.problems.length > 0) throw new RevManFileError(reader.problems);
  return {
    id: reader.text(root, 'ID'),
    title,
    citation,
    type,
    revmanVersion: reader.text(root, 'REVMAN_SUB_VERSION') ?? reader.text(root, 'REVMAN_VERSION'),
    reviewNumber: reader.text(root, 'REVIEW_NO'),
    doi: reader.text(root, 'DOI'),
    objectives: textOf(findElement(childElement(root, 'MAIN_TEXT') ?? NONE, 'OBJECTIVES')) || null,
    studies,
    comparisons,
  };
}

function readIncludedStudies(root: XmlElement, reader: Reader): RevManStudy[] {
  const included = findElement(root, 'INCLUDED_STUDIES');
  const characteristics = new Map(
    childElements(findElement(root, 'CHARACTERISTICS_OF_INCLUDED_STUDIES') ?? NONE, 'INCLUDED_CHAR').map((row) => [
      row.attributes.STUDY_ID,
      row,
    ]),
  );
  const studies: RevManStudy[] = [];
  for (const element of included ? childElements(included, 'STUDY') : []) {
    const id = reader.text(element, 'ID');
    const name = reader.text(element, 'NAME');
    if (!id) {
      reader.problem('STUDY', null, `an included study${name ? ` ('${name}')` : ''} has no ID; ${whatToDo}`);
      continue;
    }
    if (!name) {
      reader.problem('STUDY', id, `included study ${id} has no NAME (the study ID RevMan shows, e.g. 'Smith 2001'); ${whatToDo}`);
      continue;
    }
    if (studies.some((study) => study.id === id)) {
      reader.problem('STUDY', id, `the study ID ${id} is used by two included studies; ${whatToDo}`);
      continue;
    }
    const row = characteristics.get(id);
    const cell = (name: string) => (row ? textOf(childElement(row, name)) || null : null);
    studies.push({
      id,
      name,
      year: reader.text(element, 'YEAR'),
      dataSource: reader.text(element, 'DATA_SOURCE'),
      characteristics: {
        methods: cell('CHAR_METHODS'),
        participants: cell('CHAR_PARTICIPANTS'),
        interventions: cell('CHAR_INTERVENTIONS'),
        outcomes: cell('CHAR_OUTCOMES'),
        notes: cell('CHAR_NOTES'),
      },
    });
  }
  return studies;
}

/** Study IDs of the excluded, awaiting and ongoing lists, to say where a stray data row's study is. */
function otherStudyLists(root: XmlElement): Map<string, string> {
  const lists = new Map<string, string>();
  for (const [element, words] of [
    ['EXCLUDED_STUDIES', 'excluded studies'],
    ['AWAITING_STUDIES', 'studies awaiting classification'],
    ['ONGOING_STUDIES', 'ongoing studies'],
  ] as const) {
    const list = findElement(root, element);
    for (const study of list ? childElements(list, 'STUDY') : []) if (study.attributes.ID) lists.set(study.attributes.ID, words);
  }
  return lists;
}

function readComparison(element: XmlElement, reader: Reader, known: Map<string, RevManStudy>, listedElsewhere: Map<string, string>): RevManComparison {
  const id = reader.text(element, 'ID') ?? `comparison ${reader.text(element, 'NO') ?? '?'}`;
  const number = reader.text(element, 'NO') ?? '';
  const name = textOf(childElement(element, 'NAME'));
  const outcomes: RevManOutcome[] = [];
  for (const child of childElements(element)) {
    const outcomeId = reader.text(child, 'ID') ?? child.name;
    const analysis = `${number}.${reader.text(child, 'NO') ?? '?'}`;
    if (!(child.name in outcomeKinds)) {
      if (child.name.endsWith('_OUTCOME')) {
        const outcomeName = textOf(childElement(child, 'NAME'));
        reader.problem(
          child.name,
          outcomeId,
          `analysis ${analysis}${outcomeName ? ` '${outcomeName}'` : ''} (${child.name}, ID ${outcomeId}) is an outcome type RevMan 5 does not write and Cumulus does not know; delete it from a copy of the review in RevMan, save, and import the copy`,
        );
      }
      continue;
    }
    const outcome = readOutcome(child, outcomeKinds[child.name as keyof typeof outcomeKinds], { id, name, number }, reader, known, listedElsewhere);
    if (outcome) outcomes.push(outcome);
  }
  return { id, number, name, outcomes };
}

function readResults(element: XmlElement, reader: Reader, where: string): RevManResults | null {
  const n = (name: string) => reader.number(element, name, where);
  const results: RevManResults = {
    estimable: element.attributes.ESTIMABLE === undefined ? true : reader.yes(element, 'ESTIMABLE'),
    studies: n('STUDIES'),
    participants1: n('TOTAL_1'),
    participants2: n('TOTAL_2'),
    events1: n('EVENTS_1'),
    events2: n('EVENTS_2'),
    estimate: n('EFFECT_SIZE'),
    ciLower: n('CI_START'),
    ciUpper: n('CI_END'),
    chi2: n('CHI2'),
    df: n('DF'),
    pChi2: n('P_CHI2'),
    i2: n('I2'),
    tau2: n('TAU2'),
    z: n('Z'),
    pZ: n('P_Z'),
    weight: n('WEIGHT'),
  };
  return Object.entries(results).some(([key, value]) => key !== 'estimable' && value !== null) ? results : null;
}

function readStudyResult(element: XmlElement, reader: Reader, where: string): RevManStudyResult | null {
  const n = (name: string) => reader.number(element, name, where);
  const result = { estimate: n('EFFECT_SIZE'), ciLower: n('CI_START'), ciUpper: n('CI_END'), se: n('SE'), weight: n('WEIGHT'), variance: n('VAR') };
  return Object.values(result).some((value) => value !== null) ? result : null;
}

function readOutcome(
  element: XmlElement,
  prefix: OutcomePrefix,
  comparison: { id: string; name: string; number: string },
  reader: Reader,
  known: Map<string, RevManStudy>,
  listedElsewhere: Map<string, string>,
): RevManOutcome | null {
  const id = reader.text(element, 'ID') ?? `${comparison.id}.${reader.text(element, 'NO') ?? '?'}`;
  const number = reader.text(element, 'NO') ?? '';
  const analysis = `${comparison.number}.${number}`;
  const name = textOf(childElement(element, 'NAME'));
  const where = `analysis ${analysis} '${name}' (${element.name} ${id})`;
  const problemsBefore = reader.problems.length;

  // Data rows sit in the outcome, or in its subgroups with the subgroup's name.
  const dataElements: { row: XmlElement; subgroup: string | null }[] = childElements(element, `${prefix}_DATA`).map((row) => ({ row, subgroup: null }));
  const subgroups: RevManSubgroup[] = [];
  for (const subgroup of childElements(element, `${prefix}_SUBGROUP`)) {
    const subgroupId = reader.text(subgroup, 'ID') ?? `${id} subgroup ${reader.text(subgroup, 'NO') ?? '?'}`;
    const subgroupName = textOf(childElement(subgroup, 'NAME'));
    if (!subgroupName) reader.problem(subgroup.name, subgroupId, `${where}: subgroup ${subgroupId} has no name; name it in RevMan, save, and import the file again`);
    subgroups.push({
      id: subgroupId,
      number: reader.text(subgroup, 'NO') ?? '',
      name: subgroupName,
      results: readResults(subgroup, reader, `${where}, subgroup '${subgroupName}'`),
    });
    for (const row of childElements(subgroup, `${prefix}_DATA`)) dataElements.push({ row, subgroup: subgroupName });
  }

  const rowBase = (row: XmlElement, subgroup: string | null) => {
    const studyId = reader.text(row, 'STUDY_ID');
    const rowWhere = `${where}, study ${studyId ?? '(none)'}`;
    if (!studyId) {
      reader.problem(row.name, id, `${where}: a ${row.name} row names no study (STUDY_ID is empty); ${whatToDo}`);
    } else if (!known.has(studyId)) {
      const elsewhere = listedElsewhere.get(studyId);
      reader.problem(
        row.name,
        studyId,
        `${where}: a ${row.name} row names study ${studyId}, which is not among the included studies${elsewhere ? ` (the file lists it among the ${elsewhere})` : ''}; move the study to the included studies or delete its data row in RevMan, save, and import the file again`,
      );
    }
    return {
      studyId: studyId ?? '',
      subgroup,
      order: reader.number(row, 'ORDER', rowWhere),
      published: readStudyResult(row, reader, rowWhere),
      rowWhere,
    };
  };

  const base = {
    id,
    number,
    analysis,
    name,
    comparisonId: comparison.id,
    comparisonName: comparison.name,
    groupLabel1: textOf(childElement(element, 'GROUP_LABEL_1')) || null,
    groupLabel2: textOf(childElement(element, 'GROUP_LABEL_2')) || null,
    random: reader.yes(element, 'RANDOM'),
    ciStudyLevel: reader.number(element, 'CI_STUDY', where),
    ciTotalLevel: reader.number(element, 'CI_TOTAL', where),
    totals: totalsOf(element, reader, where),
    subgroupsShown: reader.yes(element, 'SUBGROUPS'),
    subgroupTest: reader.yes(element, 'SUBGROUP_TEST'),
    subgroups,
    subgroupDifferences: subgroups.length > 0 ? subgroupDifferencesOf(element, reader, where) : null,
    results: readResults(element, reader, where),
  };

  let outcome: RevManOutcome | null = null;
  if (prefix === 'DICH') {
    const declared = reader.text(element, 'EFFECT_MEASURE');
    const method = reader.text(element, 'METHOD');
    const effectMeasure = declared === 'PETO_OR' ? 'OR' : declared;
    if (effectMeasure !== 'OR' && effectMeasure !== 'RR' && effectMeasure !== 'RD') {
      reader.problem(element.name, id, `${where}: EFFECT_MEASURE is '${declared ?? ''}'; dichotomous outcomes take OR, RR, RD or PETO_OR; ${whatToDo}`);
    } else if (method !== 'MH' && method !== 'IV' && method !== 'PETO') {
      reader.problem(element.name, id, `${where}: METHOD is '${method ?? ''}'; dichotomous outcomes take MH, IV or PETO; ${whatToDo}`);
    } else {
      const rows: RevManDichotomousRow[] = dataElements.map(({ row, subgroup }) => {
        const { rowWhere, ...common } = rowBase(row, subgroup);
        return {
          ...common,
          events1: reader.number(row, 'EVENTS_1', rowWhere),
          total1: reader.number(row, 'TOTAL_1', rowWhere),
          events2: reader.number(row, 'EVENTS_2', rowWhere),
          total2: reader.number(row, 'TOTAL_2', rowWhere),
        };
      });
      outcome = { ...base, kind: 'dichotomous', effectMeasure, method: declared === 'PETO_OR' ? 'PETO' : method, swapEvents: reader.yes(element, 'SWAP_EVENTS'), rows };
    }
  } else if (prefix === 'CONT') {
    const effectMeasure = reader.text(element, 'EFFECT_MEASURE');
    if (effectMeasure !== 'MD' && effectMeasure !== 'SMD') {
      reader.problem(element.name, id, `${where}: EFFECT_MEASURE is '${effectMeasure ?? ''}'; continuous outcomes take MD or SMD; ${whatToDo}`);
    } else {
      const rows: RevManContinuousRow[] = dataElements.map(({ row, subgroup }) => {
        const { rowWhere, ...common } = rowBase(row, subgroup);
        const n = (name: string) => reader.number(row, name, rowWhere);
        return { ...common, mean1: n('MEAN_1'), sd1: n('SD_1'), total1: n('TOTAL_1'), mean2: n('MEAN_2'), sd2: n('SD_2'), total2: n('TOTAL_2') };
      });
      outcome = { ...base, kind: 'continuous', effectMeasure, rows };
    }
  } else if (prefix === 'IV') {
    const effectMeasure = effectMeasureOf(element, reader);
    if (!effectMeasure) {
      reader.problem(element.name, id, `${where}: the generic inverse variance outcome names no effect measure; name it in RevMan (e.g. 'Hazard Ratio'), save, and import the file again`);
    } else {
      const measure = genericMeasures[effectMeasure.toLowerCase()] ?? null;
      const logData = element.attributes.LOG_DATA?.trim().toUpperCase();
      // A measure Cumulus knows decides; otherwise LOG_DATA (entered on the log scale, shown as a ratio); otherwise the name.
      const ratio = measure !== null ? ratioMeasures.has(measure) : logData ? logData === 'YES' : /ratio/i.test(effectMeasure);
      if (measure !== null && logData && (logData === 'YES') !== ratio) {
        reader.problem(
          element.name,
          id,
          `${where}: the effect measure '${effectMeasure}' is ${ratio ? 'a ratio' : 'not a ratio'}, but LOG_DATA is '${element.attributes.LOG_DATA}', which says its estimates are ${logData === 'YES' ? '' : 'not '}entered on the log scale; correct the outcome's effect measure or scale in RevMan, save, and import the file again`,
        );
      }
      const rows: RevManGenericRow[] = dataElements.map(({ row, subgroup }) => {
        const { rowWhere, ...common } = rowBase(row, subgroup);
        const n = (name: string) => reader.number(row, name, rowWhere);
        return { ...common, effect: genericEffect(row, ratio, reader, rowWhere), se: n('SE'), total1: n('TOTAL_1'), total2: n('TOTAL_2') };
      });
      outcome = { ...base, kind: 'generic', effectMeasure, measure, ratio, rows } satisfies RevManGenericOutcome;
    }
  } else if (prefix === 'IPD') {
    // O-E and variance: each row's O_E and VAR give ln(ratio) = O_E / VAR with variance 1 / VAR (Peto's method).
    const rows: RevManOEVarianceRow[] = dataElements.map(({ row, subgroup }) => {
      const { rowWhere, ...common } = rowBase(row, subgroup);
      const n = (name: string) => reader.number(row, name, rowWhere);
      return { ...common, oMinusE: n('O_E'), variance: n('VAR'), events1: n('EVENTS_1'), total1: n('TOTAL_1'), events2: n('EVENTS_2'), total2: n('TOTAL_2') };
    });
    const effectMeasure = effectMeasureOf(element, reader);
    if (!effectMeasure) {
      reader.problem(element.name, id, `${where}: the O-E and variance outcome names no effect measure; name it in RevMan (e.g. 'Peto Odds Ratio' or 'Hazard Ratio'), save, and import the file again`);
    } else {
      outcome = { ...base, kind: 'oe-variance', effectMeasure, rows };
    }
  } else {
    // 'Other data': column headings and, per study, a row of text cells. No statistics to read.
    const rows: RevManOtherRow[] = dataElements.map(({ row, subgroup }) => {
      const { studyId, order } = rowBase(row, subgroup);
      return { studyId, subgroup, order, cells: otherCells(row) };
    });
    outcome = { ...base, kind: 'other', columns: otherColumns(element), rows };
  }
  return reader.problems.length > problemsBefore ? null : outcome;
}

function subgroupDifferencesOf(element: XmlElement, reader: Reader, where: string): RevManSubgroupDifferences {
  return { chi2: reader.number(element, 'Q', where), p: reader.number(element, 'P_Q', where), i2: reader.number(element, 'I2_Q', where) };
}

/** The effect measure of a generic or O-E outcome: an attribute in some RevMan versions, a child element in others. */
function effectMeasureOf(element: XmlElement, reader: Reader): string {
  return reader.text(element, 'EFFECT_MEASURE') ?? textOf(childElement(element, 'EFFECT_MEASURE'));
}

/**
 * A generic inverse variance row's effect on the analysis scale. RevMan keeps the value as entered in ESTIMATE (the
 * natural log for ratio measures) and, for display, EFFECT_SIZE = exp(ESTIMATE) for ratios. Only when ESTIMATE is
 * absent (files from RevMan versions that did not write it) is EFFECT_SIZE used, and then logged for a ratio.
 * LOG_EFFECT_SIZE is not used: RevMan writes it as a base-10 logarithm.
 */
function genericEffect(row: XmlElement, ratio: boolean, reader: Reader, where: string): number | null {
  const estimate = reader.number(row, 'ESTIMATE', where);
  if (estimate !== null || (row.attributes.ESTIMATE?.trim() ?? '') !== '') return estimate;
  const shown = reader.number(row, 'EFFECT_SIZE', where);
  if (shown === null || !ratio) return shown;
  if (shown > 0) return Math.log(shown);
  reader.problem(
    row.name,
    row.attributes.STUDY_ID ?? null,
    `${where}: the row has no ESTIMATE and its EFFECT_SIZE is ${shown}, which is not a ratio (a ratio is greater than 0); enter the study's log ratio in RevMan, save, and import the file again`,
  );
  return null;
}

/** TOTALS, normalised: YES (the default), SUB or NO. */
function totalsOf(element: XmlElement, reader: Reader, where: string): 'YES' | 'SUB' | 'NO' {
  const raw = element.attributes.TOTALS?.trim().toUpperCase();
  if (!raw || raw === 'YES') return 'YES';
  if (raw === 'SUB' || raw === 'NO') return raw;
  reader.problem(element.name, reader.text(element, 'ID'), `${where}: TOTALS is '${element.attributes.TOTALS}'; outcomes take YES, SUB or NO; ${whatToDo}`);
  return 'YES';
}

/**
 * An 'Other data' row's cells: its child elements in order, each as text. A row holding only rich text (no cell
 * elements) is one cell.
 */
function otherCells(row: XmlElement): string[] {
  const cells = childElements(row).filter((child) => !richText.has(child.name));
  if (cells.length > 0) return cells.map((cell) => textOf(cell));
  const text = textOf(row);
  return text ? [text] : [];
}

/**
 * The column headings of an 'Other data' table: the children of the outcome's heading element (any child whose name
 * says COLUMN, HEADER or HEADING), or those elements themselves when they stand one per column. No real file with an
 * OTHER_OUTCOME was at hand to confirm RevMan's element names, hence the tolerance (see README).
 */
function otherColumns(element: XmlElement): string[] {
  const headings = childElements(element).filter((child) => /COLUMN|HEADER|HEADING/.test(child.name));
  const heading = (child: XmlElement) => textOf(child) || child.attributes.NAME?.trim() || child.attributes.LABEL?.trim() || '';
  if (headings.length === 1) {
    const inner = childElements(headings[0]).filter((child) => !richText.has(child.name));
    if (inner.length > 0) return inner.map(heading);
  }
  return headings.map(heading);
}
