// Importing a Cochrane RevMan 5 review (.rm5) as a new living review: the whole file is read and planned first
// (nothing is stored when anything is really wrong), and can be previewed: what will be created, and for each
// analysis whether Cumulus's numbers equal the ones RevMan stored. The review, its studies, outcomes with their data
// rows and "Other data" tables are then written through the same domain functions as every mutation, and RevMan's
// own results are kept as published reference results beside the recomputed ones.
import type { ReviewRow } from '@cumulus/db';
import {
  parseRevManFile,
  RevManFileError,
  type RevManOutcome,
  type RevManOtherOutcome,
  type RevManResults,
  type RevManReview,
  type RevManStudy,
} from '@cumulus/revman';
import { labelKey, plainTextProblem } from '@cumulus/text';
import { z } from 'zod';
import { adminRefusal, type Viewer } from '../auth/viewer.js';
import { analyzeOutcome, StatsInputError, type Measure, type OutcomeAnalysis, type OutcomeSettings } from './engine.js';
import { measureWords } from './measure-words.js';
import { insertOtherDataTable, type OtherDataTableInput } from './other-data-tables.js';
import { insertOutcome, parseNewOutcome, type AddOutcomeInput } from './outcomes.js';
import { storeReferenceResults, type ReferenceResultEntry } from './reference-results.js';
import { compareWithRevMan, type RevManParity } from './revman-parity.js';
import { createReview, updateReview, type CreateReviewInput } from './reviews.js';
import { storeStudyDataTable } from './study-data.js';
import { checkStudyNumbers, toStudyInput, type StudyNumbers } from './study-data-shapes.js';
import { characteristicsLimits, insertStudies, parseNewStudies, type AddStudyInput } from './studies.js';
import { refusable, refuse, UserInputError, type UserError, type WriteResult } from './user-errors.js';
import { validate } from './validate.js';
import { commitChange, type Services } from './write-path.js';

/** Large Cochrane reviews save a few megabytes; this leaves room and refuses anything absurd. */
const MAX_FILE_CHARACTERS = 50_000_000;

const importInput = z.object({
  rm5: z
    .string()
    .min(1, 'rm5 is empty: give the text of a RevMan 5 review file (.rm5)')
    .max(MAX_FILE_CHARACTERS, `rm5 is longer than ${MAX_FILE_CHARACTERS} characters`),
  isPublic: z.boolean().nullish(),
});
export type ImportRevManReviewInput = z.input<typeof importInput>;

const RM5 = ['input', 'rm5'];
const correctAndRetry = 'correct it in RevMan, save, and import the file again';

/** One data row of an outcome, as the import will record it. */
interface PlannedRow {
  /** Its place among the outcome's rows in the file (RevMan's published numbers are matched by it). */
  fileIndex: number;
  /** RevMan's study ID. */
  studyId: string;
  numbers: StudyNumbers;
  subgroup: string | null;
  /** Set when the study has several rows in one subgroup, to tell them apart ('#2'). */
  label: string | null;
  source: string;
}

interface PlannedOutcome {
  revman: RevManOutcome;
  input: Omit<AddOutcomeInput, 'reviewId'>;
  rows: PlannedRow[];
  references: Record<string, unknown>[];
  notes: string[];
  /** A generic ratio Cumulus has no name for: its effects are shown as logs. */
  logged: boolean;
  /** Why Cumulus's numbers can differ from RevMan's for this analysis (a method Cumulus does not have), if so. */
  knownDifference: string | null;
}

interface PlannedOtherTable {
  /** RevMan's study IDs of the rows. */
  rows: { studyId: string; subgroup: string | null; cells: string[] }[];
  input: Omit<OtherDataTableInput, 'rows'>;
}

/** Everything the import will write, checked against Cumulus's rules before anything is. */
export interface RevManImportPlan {
  review: Omit<CreateReviewInput, 'isPublic'>;
  /** By RevMan study ID, in file order. */
  studies: { id: string; input: Omit<AddStudyInput, 'reviewId'> }[];
  outcomes: PlannedOutcome[];
  otherTables: PlannedOtherTable[];
  notes: string[];
}

/** Parses a file and plans its import; every problem found comes back at once, on input.rm5. */
function planFromText(rm5: string): RevManImportPlan {
  let parsed: RevManReview;
  try {
    parsed = parseRevManFile(rm5);
  } catch (error) {
    if (error instanceof RevManFileError) throw new UserInputError(error.problems.map((problem) => ({ field: RM5, message: problem.message })));
    throw error;
  }
  return planRevManImport(parsed);
}

/**
 * Imports a RevMan 5 file as a new review: administrators only, like createReview. Every problem in the file is
 * reported at once and nothing is stored; otherwise the review is built as one change after its creation.
 */
export function importRevManReview(services: Services, actor: Viewer, input: ImportRevManReviewInput): Promise<WriteResult<ReviewRow>> {
  return refusable(async () => {
    if (actor.role !== 'admin') refuse([], adminRefusal(actor, 'importing a RevMan review'));
    const valid = validate(importInput, input);
    return writePlan(services, actor, planFromText(valid.rm5), valid.isPublic ?? null);
  });
}

/** One analysis of the preview: what will be created and how its numbers compare with RevMan's. */
export interface RevManPreviewAnalysis extends RevManParity {
  name: string;
  /** 'dichotomous', 'continuous', 'generic', 'oe-variance' or 'other'. */
  kind: string;
  measure: Measure | null;
  model: 'fixed' | 'random' | null;
  method: string | null;
  totals: 'all' | 'subgroups' | 'none';
  rows: number;
  studies: number;
  notes: string[];
}

export interface RevManImportPreview {
  title: string;
  citation: string | null;
  studies: number;
  rows: number;
  analyses: RevManPreviewAnalysis[];
  otherDataTables: number;
  notes: string[];
}

/**
 * What an import would create, without writing anything: the review, its studies, each analysis with its rows,
 * and whether each number RevMan stored is reproduced (and if not, which and why). Administrators only.
 */
export async function previewRevManImport(actor: Viewer, input: Pick<ImportRevManReviewInput, 'rm5'>): Promise<WriteResult<RevManImportPreview>> {
  return refusable(async () => {
    if (actor.role !== 'admin') refuse([], adminRefusal(actor, 'previewing a RevMan import'));
    const valid = validate(importInput, input);
    const plan = planFromText(valid.rm5);
    const analyses: RevManPreviewAnalysis[] = plan.outcomes.map((outcome) => {
      const analysis = analyzePlanned(outcome);
      const parity = compareWithRevMan(outcome.revman, analysis, parityContextOf(outcome, plan));
      return {
        ...parity,
        name: outcome.input.name,
        kind: outcome.revman.kind,
        measure: outcome.input.measure,
        model: outcome.input.model === 'rule' ? null : (outcome.input.model ?? null),
        method: outcome.input.method ?? 'IV',
        totals: outcome.input.totals ?? 'all',
        rows: outcome.rows.length,
        studies: new Set(outcome.rows.map((row) => row.studyId)).size,
        notes: outcome.notes,
      };
    });
    for (const table of plan.otherTables) {
      analyses.push({
        analysis: table.input.analysis ?? '',
        name: table.input.name,
        kind: 'other',
        measure: null,
        model: null,
        method: null,
        totals: 'none',
        rows: table.rows.length,
        studies: new Set(table.rows.map((row) => row.studyId)).size,
        notes: ['"Other data": a table of text, kept and shown with the review, not pooled.'],
        matches: true,
        compared: 0,
        differences: [],
        notCompared: ['"Other data" tables hold no statistics'],
      });
    }
    const preview: RevManImportPreview = {
      title: plan.review.title,
      citation: plan.review.citation ?? null,
      studies: plan.studies.length,
      rows: plan.outcomes.reduce((sum, outcome) => sum + outcome.rows.length, 0),
      analyses,
      otherDataTables: plan.otherTables.length,
      notes: plan.notes,
    };
    return { ok: true, value: preview, version: 0 };
  });
}

/** How each planned row is known in an analysis of the plan alone (before anything has an id of its own). */
const plannedRowId = (row: PlannedRow) => `row-${row.fileIndex}`;

/** The analysis the import will store for an outcome, computed from the plan (the write path computes the same from the stored rows). */
function analyzePlanned(outcome: PlannedOutcome): OutcomeAnalysis | null {
  if (outcome.rows.length === 0) return null;
  return analyzeOutcome(
    outcome.rows.map((row) => ({ ...toStudyInput(plannedRowId(row), row.numbers, { subgroup: row.subgroup }), studyId: row.studyId })),
    settingsOfPlanned(outcome),
  );
}

function settingsOfPlanned(outcome: PlannedOutcome): OutcomeSettings {
  const input = outcome.input;
  return {
    measure: input.measure,
    model: input.model ?? 'random',
    method: input.method ?? 'IV',
    tau2Estimator: 'DL',
    ciMethod: 'z',
    preset: 'revman5',
    totals: input.totals ?? 'all',
    unitOfAnalysis: input.unitOfAnalysis ?? 'flag',
  };
}

function parityContextOf(outcome: PlannedOutcome, plan: RevManImportPlan, rowIds?: Map<number, string>) {
  const names = new Map(plan.studies.map((study) => [study.id, study.input.label]));
  const planned = new Map(outcome.rows.map((row) => [row.fileIndex, row]));
  return {
    rowIds: outcome.revman.rows.map((_, index) => {
      const row = planned.get(index);
      return row ? (rowIds?.get(index) ?? plannedRowId(row)) : null;
    }),
    rowNames: outcome.revman.rows.map((row) => names.get(row.studyId) ?? row.studyId),
    logged: outcome.logged,
    reason: outcome.knownDifference,
  };
}

/** Turns a parsed file into the writes that build the review, refusing (with every problem) what is really broken. */
export function planRevManImport(file: RevManReview): RevManImportPlan {
  const problems: UserError[] = [];
  const problem = (message: string) => problems.push({ field: RM5, message });
  const notes: string[] = [];

  // RevMan names studies uniquely in practice; if two share a name, the later one is told apart by its RevMan ID.
  // Names are compared as labels are (labelKey): 'Smith 2001' and 'SMITH 2001' are one name.
  const taken = new Map<string, string>();
  const studies = file.studies.map((study) => {
    let label = study.name.trim();
    const earlier = taken.get(labelKey(label));
    if (earlier !== undefined) {
      notes.push(`Two included studies are named '${earlier === label ? label : `${earlier}' and '${label}`}'; ${study.id} is imported as '${label} (${study.id})'.`);
      label = `${label} (${study.id})`;
    }
    taken.set(labelKey(label), label);
    if (label.length > 200) problem(`study ${study.id}: its name is longer than 200 characters; shorten it in RevMan, save, and import the file again`);
    const { input, shortened } = studyInput(study, label);
    if (shortened.length > 0) {
      notes.push(`Study ${study.id} ('${label}'): ${shortened.join(', ')} ${shortened.length === 1 ? 'is' : 'are'} longer than ${characteristicsLimits.valueLength} characters and ${shortened.length === 1 ? 'was' : 'were'} shortened to that length.`);
    }
    return { id: study.id, input };
  });
  // Studies are checked as addStudies checks them (names shown as typed, characteristics within limits), each
  // problem naming the study by its RevMan ID.
  try {
    parseNewStudies({ reviewId: 'planned', studies: studies.map((study) => study.input) });
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    for (const refused of error.errors) {
      const study = studies[Number(refused.field[2])];
      problem(`study ${study?.id ?? refused.field.slice(2).join('.')}: ${refused.message}; ${correctAndRetry}`);
    }
  }
  const titleProblem = plainTextProblem(file.title);
  if (titleProblem) problem(`the review's title ${titleProblem}; ${correctAndRetry}`);

  const studyNames = new Map(studies.map((study) => [study.id, study.input.label]));
  const outcomes: PlannedOutcome[] = [];
  const otherTables: PlannedOtherTable[] = [];
  const names = new Set<string>();
  for (const comparison of file.comparisons) {
    for (const outcome of comparison.outcomes) {
      const name = nameOf(outcome);
      if (names.has(labelKey(name))) problem(`two analyses would both be named '${name}'; renumber them in RevMan, save, and import the file again`);
      names.add(labelKey(name));
      if (outcome.kind === 'other') otherTables.push(planOtherTable(outcome, name));
      else outcomes.push(planOutcome(outcome, name, { studyNames, revmanVersion: file.revmanVersion }, problem));
    }
  }
  // Outcomes are checked as addOutcome checks them.
  for (const outcome of outcomes) {
    try {
      parseNewOutcome({ ...outcome.input, reviewId: 'planned' });
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      for (const refused of error.errors) problem(`analysis ${outcome.revman.analysis} (${outcome.revman.id}): ${refused.message}; ${correctAndRetry}`);
    }
  }
  if (problems.length > 0) throw new UserInputError(problems);

  const citation = [
    file.citation,
    !file.citation && file.reviewNumber ? `Cochrane Database of Systematic Reviews, ${file.reviewNumber}` : null,
    file.doi ? `doi:${file.doi}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return {
    review: {
      title: clip(file.title, 500),
      question: file.objectives ? clip(file.objectives, 5000) : null,
      citation: citation || null,
    },
    studies,
    outcomes,
    otherTables,
    notes,
  };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function nameOf(outcome: RevManOutcome): string {
  const prefix = `${outcome.analysis} `;
  return `${prefix}${clip(outcome.name || outcome.id, 200 - prefix.length)}`;
}

/** A study as addStudies takes it; characteristics longer than a study may hold are shortened (`shortened` names them). */
function studyInput(study: RevManStudy, label: string): { input: Omit<AddStudyInput, 'reviewId'>; shortened: string[] } {
  const year = /^\s*(\d{4})/.exec(study.year ?? '')?.[1];
  const numericYear = year !== undefined && Number(year) >= 1800 && Number(year) <= 2100 ? Number(year) : null;
  const characteristics: Record<string, string> = { revmanStudyId: study.id };
  // RevMan's year can carry a letter ('2004a'): keep it as written when it is not just the year.
  if (study.year && String(numericYear) !== study.year) characteristics.revmanYear = study.year;
  if (study.dataSource) characteristics.dataSource = study.dataSource;
  const shortened: string[] = [];
  for (const [key, value] of Object.entries(study.characteristics)) {
    if (!value) continue;
    characteristics[key] = clip(value, characteristicsLimits.valueLength);
    if (value.length > characteristicsLimits.valueLength) shortened.push(key);
  }
  return { input: { label, year: numericYear, characteristics }, shortened };
}

const methodWords = { MH: 'Mantel-Haenszel', IV: 'inverse variance', PETO: 'Peto' } as const;
const totalsOf = { YES: 'all', SUB: 'subgroups', NO: 'none' } as const;

/** O-E and variance outcomes name their measure in words; the ratio Cumulus pools, if it knows it. */
function oeMeasureOf(effectMeasure: string): 'OR' | 'HR' | null {
  if (/hazard/i.test(effectMeasure)) return 'HR';
  if (/odds/i.test(effectMeasure)) return 'OR';
  return null;
}

/** How Cumulus analyses a RevMan outcome: measure, pooling method and model, and what differs from RevMan. */
function settingsOf(outcome: Exclude<RevManOutcome, RevManOtherOutcome>): {
  measure: Measure;
  method: 'MH' | 'IV' | 'PETO';
  logged: boolean;
  knownDifference: string | null;
  notes: string[];
} {
  const notes: string[] = [];
  switch (outcome.kind) {
    case 'dichotomous':
      if (outcome.method === 'PETO' && outcome.random) {
        const knownDifference =
          "RevMan pooled this outcome with Peto weights under random effects; Cumulus pools random effects with inverse-variance weights, so its τ² (DerSimonian-Laird from the inverse-variance Q) and pooled estimate can differ a little from RevMan's";
        notes.push(`${knownDifference}.`);
        return { measure: outcome.effectMeasure, method: 'IV', logged: false, knownDifference, notes };
      }
      return { measure: outcome.effectMeasure, method: outcome.method, logged: false, knownDifference: null, notes };
    case 'continuous':
      return { measure: outcome.effectMeasure, method: 'IV', logged: false, knownDifference: null, notes };
    case 'generic':
      if (outcome.measure === null) {
        notes.push(
          outcome.ratio
            ? `Generic inverse variance, ${outcome.effectMeasure}: Cumulus has no such measure, so the effects are analysed and shown as entered, on the log scale (log ${outcome.effectMeasure.toLowerCase()}).`
            : `Generic inverse variance, ${outcome.effectMeasure}: analysed and shown as entered.`,
        );
      }
      return { measure: outcome.measure ?? 'GENERIC', method: 'IV', logged: outcome.measure === null && outcome.ratio, knownDifference: null, notes };
    case 'oe-variance': {
      const measure = oeMeasureOf(outcome.effectMeasure);
      notes.push(
        `O-E and variance (${outcome.effectMeasure}): each row's log ratio is (O − E)/V with variance 1/V, pooled by inverse variance (Peto's method for O − E and V).`,
      );
      if (measure === null) notes.push(`Cumulus has no name for '${outcome.effectMeasure}': the effects are shown on the log scale.`);
      return { measure: measure ?? 'GENERIC', method: 'IV', logged: measure === null, knownDifference: null, notes };
    }
  }
}

function planOutcome(
  outcome: Exclude<RevManOutcome, RevManOtherOutcome>,
  name: string,
  file: { studyNames: Map<string, string>; revmanVersion: string | null },
  problem: (message: string) => void,
): PlannedOutcome {
  const { measure, method, logged, knownDifference, notes } = settingsOf(outcome);
  const model = outcome.random ? 'random' : 'fixed';
  const totals = totalsOf[outcome.totals];
  const where = `analysis ${outcome.analysis} '${outcome.name}' (${outcome.id})`;

  if (outcome.kind === 'dichotomous' && outcome.swapEvents) notes.push('RevMan analysed non-events for this outcome (swap events): each arm was imported as participants minus events.');
  if (outcome.ciTotalLevel !== null && outcome.ciTotalLevel !== 95) notes.push(`RevMan reported ${outcome.ciTotalLevel}% confidence intervals for this outcome; Cumulus reports 95% intervals.`);
  if (totals === 'subgroups') notes.push('RevMan shows subgroup totals only for this outcome (no overall total); so does Cumulus.');
  if (totals === 'none') notes.push('RevMan shows no totals for this outcome; Cumulus shows its rows without pooling.');

  const rows: PlannedRow[] = [];
  const withoutData: string[] = [];
  let refusedNumbers = 0;
  // Rows of one study in one subgroup are told apart by a label: '#1', '#2' in file order.
  const keyOf = (row: { studyId: string; subgroup: string | null }) => `${row.studyId}\u0000${row.subgroup ?? ''}`;
  const perKey = new Map<string, number>();
  for (const row of outcome.rows) perKey.set(keyOf(row), (perKey.get(keyOf(row)) ?? 0) + 1);
  const seen = new Map<string, number>();
  const subgroupsChecked = new Set<string>();
  outcome.rows.forEach((row, fileIndex) => {
    const numbers = numbersOf(outcome, row);
    if (numbers === null) {
      withoutData.push(file.studyNames.get(row.studyId) ?? row.studyId);
      return;
    }
    const key = keyOf(row);
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    if (row.subgroup !== null && !subgroupsChecked.has(row.subgroup)) {
      subgroupsChecked.add(row.subgroup);
      if (row.subgroup.length > 200) problem(`${where}: the subgroup name '${clip(row.subgroup, 40)}' is longer than 200 characters; shorten it in RevMan, save, and import the file again`);
      const subgroupProblem = plainTextProblem(row.subgroup);
      if (subgroupProblem) problem(`${where}: the subgroup name '${clip(row.subgroup, 40)}' ${subgroupProblem}; ${correctAndRetry}`);
    }
    const errors = checkStudyNumbers(numbers, measure, `${where}, study '${file.studyNames.get(row.studyId) ?? row.studyId}'`, ['input'], { preset: 'revman5' });
    refusedNumbers += errors.length;
    for (const error of errors) problem(`${error.message}; ${correctAndRetry}`);
    rows.push({
      fileIndex,
      studyId: row.studyId,
      numbers,
      subgroup: row.subgroup,
      label: (perKey.get(key) ?? 0) > 1 ? `#${occurrence}` : null,
      source: `RevMan 5 file, analysis ${outcome.analysis}`,
    });
  });
  if (withoutData.length > 0) {
    notes.push(
      `The RevMan file has no usable numbers for ${[...new Set(withoutData)].map((label) => `'${label}'`).join(', ')} in this analysis (not estimable there either): no data row is recorded for ${withoutData.length === 1 ? 'it' : 'them'}.`,
    );
  }

  const input: Omit<AddOutcomeInput, 'reviewId'> = { name, measure, model, method, tau2Estimator: 'DL', ciMethod: 'z', preset: 'revman5', totals, unitOfAnalysis: 'flag' };
  const planned: PlannedOutcome = { revman: outcome, input, rows, references: [], notes, logged, knownDifference };
  if (refusedNumbers === 0) preflight(planned, where, problem);

  const groups = [outcome.groupLabel1, outcome.groupLabel2].every(Boolean) ? `: ${outcome.groupLabel1} versus ${outcome.groupLabel2}` : '';
  input.description = clip(
    [
      `RevMan 5 analysis ${outcome.analysis} (${outcome.id}) of comparison ${outcome.comparisonId.replace(/^CMP-0*/, '')} '${outcome.comparisonName}'${groups}.`,
      `Imported as ${measureWords[measure]}, ${methodWords[method]} weights, ${model}-effect model, RevMan 5 conventions.`,
      ...notes,
    ].join(' '),
    5000,
  );
  planned.references = referencesOf(outcome, name, measure, logged, file.revmanVersion);
  return planned;
}

function planOtherTable(outcome: RevManOtherOutcome, name: string): PlannedOtherTable {
  return {
    input: { name, analysis: outcome.analysis, description: `RevMan 5 "Other data" table, analysis ${outcome.analysis} of comparison '${outcome.comparisonName}'.`, columns: outcome.columns },
    rows: outcome.rows.map((row) => ({ studyId: row.studyId, subgroup: row.subgroup, cells: row.cells })),
  };
}

/** A row's numbers as Cumulus takes them, or null when the file holds nothing RevMan could analyse either. */
function numbersOf(outcome: Exclude<RevManOutcome, RevManOtherOutcome>, row: RevManOutcome['rows'][number]): StudyNumbers | null {
  const known = (...values: (number | null)[]): boolean => values.every((value) => value !== null);
  switch (outcome.kind) {
    case 'dichotomous': {
      const r = row as (typeof outcome.rows)[number];
      if (!known(r.events1, r.total1, r.events2, r.total2) || r.total1 === 0 || r.total2 === 0) return null;
      const [events1, events2] = outcome.swapEvents ? [r.total1! - r.events1!, r.total2! - r.events2!] : [r.events1!, r.events2!];
      return { events1, n1: r.total1, events2, n2: r.total2 };
    }
    case 'continuous': {
      const r = row as (typeof outcome.rows)[number];
      // RevMan leaves a study with no participants or no spread in an arm out as not estimable.
      if (!known(r.mean1, r.sd1, r.total1, r.mean2, r.sd2, r.total2) || r.total1 === 0 || r.total2 === 0 || r.sd1 === 0 || r.sd2 === 0) return null;
      return { mean1: r.mean1, sd1: r.sd1, n1: r.total1, mean2: r.mean2, sd2: r.sd2, n2: r.total2 };
    }
    case 'generic': {
      const r = row as (typeof outcome.rows)[number];
      if (!known(r.effect, r.se) || r.se === 0) return null;
      return { yi: r.effect, sei: r.se };
    }
    case 'oe-variance': {
      const r = row as (typeof outcome.rows)[number];
      // Peto: log ratio (O - E)/V with variance 1/V; a row with no variance carries no information.
      if (!known(r.oMinusE, r.variance) || !(r.variance! > 0)) return null;
      return { yi: r.oMinusE! / r.variance!, sei: 1 / Math.sqrt(r.variance!) };
    }
  }
}

/** Runs the analysis the import will store, so data the engine refuses stop the import before anything is written. */
function preflight(outcome: PlannedOutcome, where: string, problem: (message: string) => void): void {
  try {
    analyzePlanned(outcome);
  } catch (error) {
    if (!(error instanceof StatsInputError)) throw error;
    problem(`${where}: ${error.message}; ${correctAndRetry}`);
  }
}

/** RevMan's P values as it prints them: '<0.00001' below that, else two significant digits. */
function printedP(p: number | null): string | null {
  if (p === null) return null;
  return p < 0.00001 ? '<0.00001' : String(Number(p.toPrecision(2)));
}

/**
 * RevMan's saved results for the outcome (when RevMan shows an overall total) and each subgroup (when it shows
 * subgroup totals), as published reference results, with the test for subgroup differences and each row's effect,
 * CI and weight on the first. Ratios are kept as ratios, except generic ratios Cumulus shows on the log scale.
 */
function referencesOf(
  outcome: Exclude<RevManOutcome, RevManOtherOutcome>,
  name: string,
  measure: Measure,
  logged: boolean,
  revmanVersion: string | null,
): Record<string, unknown>[] {
  const scale = (value: number | null) => (value === null ? null : logged ? Math.log(value) : value);
  const entry = (results: RevManResults | null, subgroup: string | null): Record<string, unknown> | null => {
    if (!results || !results.estimable || results.estimate === null || results.ciLower === null || results.ciUpper === null) return null;
    if (logged && !(results.estimate > 0 && results.ciLower > 0)) return null;
    return {
      outcome: name,
      analysis: `Analysis ${outcome.analysis}`,
      subgroup,
      timepointMonths: null,
      trials: results.studies,
      participants: (results.participants1 ?? 0) + (results.participants2 ?? 0),
      measure: logged ? `log ${'effectMeasure' in outcome ? outcome.effectMeasure : measure}` : measure,
      estimate: scale(results.estimate),
      ciLower: scale(results.ciLower),
      ciUpper: scale(results.ciUpper),
      model: outcome.random ? 'random' : 'fixed',
      i2: results.i2,
      pHeterogeneity: printedP(results.pChi2),
      pEffect: printedP(results.pZ),
      certainty: null,
      downgraded: null,
      whereReported: `RevMan ${revmanVersion ?? '5'} file`,
      // Beyond what the ReferenceResult type shows: RevMan's other numbers, for API consumers of the stored result.
      source: 'RevMan 5',
      revmanId: outcome.id,
      method: outcome.kind === 'dichotomous' ? outcome.method : 'IV',
      ciLevel: outcome.ciTotalLevel,
      chi2: results.chi2,
      df: results.df,
      pChi2: results.pChi2,
      tau2: results.tau2,
      z: results.z,
      pZ: results.pZ,
    };
  };
  const entries = [
    outcome.totals === 'YES' ? entry(outcome.results, null) : null,
    ...(outcome.totals === 'NO' ? [] : outcome.subgroups.map((subgroup) => entry(subgroup.results, subgroup.name))),
  ].filter((e): e is Record<string, unknown> => e !== null);
  if (entries.length > 0) {
    const test = outcome.subgroupDifferences;
    if (test && outcome.totals !== 'NO' && outcome.subgroups.length > 1) entries[0].subgroupDifferences = { chi2: test.chi2, p: test.p, i2: test.i2 };
    entries[0].rows = outcome.rows.map((row) => ({ studyId: row.studyId, subgroup: row.subgroup, ...('published' in row ? row.published : {}) }));
  }
  return entries;
}

/**
 * Writes the plan: the review (version 1), then everything in it as one change (version 2) in one transaction:
 * the studies in file order, each outcome with its rows, the "Other data" tables, and RevMan's results; each
 * outcome is analysed once, with all its rows. If the change is refused after all (the plan's checks should make
 * that impossible), nothing of it is kept and the empty review is archived.
 */
async function writePlan(services: Services, actor: Viewer, plan: RevManImportPlan, isPublic: boolean | null): Promise<WriteResult<ReviewRow>> {
  // Checked as addStudies and addOutcome check their input, before the review exists (the review id is not part of the checks).
  const studies = parseNewStudies({ reviewId: '', studies: plan.studies.map((study) => study.input) }).studies;
  const outcomes = plan.outcomes.map((outcome) => ({ valid: parseNewOutcome({ ...outcome.input, reviewId: '' }), planned: outcome }));
  const created = await createReview(services, actor, { ...plan.review, isPublic });
  if (!created.ok) return created;
  const reviewId = created.value.id;
  const imported = await commitChange(services, actor, reviewId, {
    action: 'importRevManReview',
    async apply(trx, version) {
      const added = await insertStudies(trx, reviewId, version, studies);
      const studyIds = new Map(plan.studies.map((study, index) => [study.id, added[index].id]));
      const references: ReferenceResultEntry[] = [];
      const outcomeIds: string[] = [];
      for (const { valid, planned } of outcomes) {
        const outcome = await insertOutcome(trx, reviewId, version, valid);
        const rows = planned.rows.map((row) => ({ studyId: studyIds.get(row.studyId)!, ...row.numbers, subgroup: row.subgroup, label: row.label, source: row.source }));
        if (rows.length > 0) await storeStudyDataTable(trx, outcome, version, rows);
        for (const result of planned.references) references.push({ outcomeId: outcome.id, result });
        outcomeIds.push(outcome.id);
      }
      for (const [position, table] of plan.otherTables.entries()) {
        const rows = table.rows.map((row) => ({ ...row, studyId: studyIds.get(row.studyId)! }));
        await insertOtherDataTable(trx, reviewId, version, position, { ...table.input, rows });
      }
      await storeReferenceResults(trx, reviewId, references);
      const tables = plan.otherTables.length > 0 ? `, ${plan.otherTables.length} "Other data" ${plan.otherTables.length === 1 ? 'table' : 'tables'}` : '';
      return {
        value: null,
        summary: `Imported from a RevMan 5 file: ${added.length} ${added.length === 1 ? 'study' : 'studies'}, ${outcomeIds.length} ${outcomeIds.length === 1 ? 'outcome' : 'outcomes'} with their data rows${tables}, and RevMan's results`,
        outcomeIds,
      };
    },
  });
  if (!imported.ok) {
    await updateReview(services, actor, { reviewId, status: 'archived' });
    return {
      ok: false,
      errors: [{ field: RM5, message: `the import was refused after its checks (${imported.errors.map((e) => e.message).join('; ')}); nothing of it was kept, and the empty review ${reviewId} was archived` }],
    };
  }
  const review = await services.database.db.selectFrom('reviews').selectAll().where('id', '=', reviewId).executeTakeFirstOrThrow();
  return { ok: true, value: review, version: review.version };
}
