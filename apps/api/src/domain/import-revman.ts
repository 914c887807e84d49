// Importing a Cochrane RevMan 5 review (.rm5) as a new living review: the whole file is read and checked against
// Cumulus's rules first (nothing is stored when anything is wrong), then the review, its studies, outcomes and
// study data are written through the same domain functions as every mutation, and RevMan's own results are kept
// as published reference results beside the recomputed ones.
import type { ReviewRow } from '@cumulus/db';
import {
  parseRevManFile,
  RevManFileError,
  type RevManOutcome,
  type RevManResults,
  type RevManReview,
  type RevManStudy,
} from '@cumulus/revman';
import { z } from 'zod';
import { adminRefusal, type Viewer } from '../auth/viewer.js';
import { analyzeOutcome, StatsInputError, type Measure, type OutcomeSettings } from './engine.js';
import { insertOutcome, parseNewOutcome, type AddOutcomeInput } from './outcomes.js';
import { storeReferenceResults, type ReferenceResultEntry } from './reference-results.js';
import { createReview, updateReview, type CreateReviewInput } from './reviews.js';
import { storeStudyDataTable } from './study-data.js';
import { checkStudyNumbers, toStudyInput, type StudyNumbers } from './study-data-shapes.js';
import { insertStudies, parseNewStudies, type AddStudyInput } from './studies.js';
import { refusable, refuse, UserInputError, type UserError, type WriteResult } from './user-errors.js';
import { validate } from './validate.js';
import { commitChange, type Services } from './write-path.js';
import { measureWords } from './measure-words.js';

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

/** One study's numbers for one outcome: a row of recordStudyDataTable. */
interface PlannedData {
  studyId: string;
  numbers: StudyNumbers;
  subgroup: string | null;
  source: string;
}

interface PlannedOutcome {
  input: Omit<AddOutcomeInput, 'reviewId'>;
  data: PlannedData[];
  references: Record<string, unknown>[];
}

/** Everything the import will write, checked against Cumulus's rules before anything is. */
export interface RevManImportPlan {
  review: Omit<CreateReviewInput, 'isPublic'>;
  /** By RevMan study ID, in file order. */
  studies: { id: string; input: Omit<AddStudyInput, 'reviewId'> }[];
  outcomes: PlannedOutcome[];
}

/**
 * Imports a RevMan 5 file as a new review: administrators only, like createReview. Every problem in the file is
 * reported at once and nothing is stored; otherwise the review is built change by change through the write path.
 */
export function importRevManReview(services: Services, actor: Viewer, input: ImportRevManReviewInput): Promise<WriteResult<ReviewRow>> {
  return refusable(async () => {
    if (actor.role !== 'admin') refuse([], adminRefusal(actor, 'importing a RevMan review'));
    const valid = validate(importInput, input);
    let parsed: RevManReview;
    try {
      parsed = parseRevManFile(valid.rm5);
    } catch (error) {
      if (error instanceof RevManFileError) throw new UserInputError(error.problems.map((problem) => ({ field: RM5, message: problem.message })));
      throw error;
    }
    const plan = planRevManImport(parsed);
    return writePlan(services, actor, plan, valid.isPublic ?? null);
  });
}

/** Turns a parsed file into the writes that build the review, refusing (with every problem) what Cumulus would refuse. */
export function planRevManImport(file: RevManReview): RevManImportPlan {
  const problems: UserError[] = [];
  const problem = (message: string) => problems.push({ field: RM5, message });

  const studies = file.studies.map((study) => ({ id: study.id, input: studyInput(study) }));
  const labels = new Map<string, RevManStudy>();
  for (const study of file.studies) {
    const label = study.name.trim();
    const other = labels.get(label);
    if (label.length > 200) problem(`study ${study.id}: its name is longer than 200 characters; shorten it in RevMan, save, and import the file again`);
    if (other) {
      problem(`studies ${other.id} and ${study.id} are both named '${label}'; Cumulus tells studies apart by their names in forest plots: rename one in RevMan (e.g. '${label}a'), save, and import the file again`);
    }
    labels.set(label, study);
  }
  const byId = new Map(file.studies.map((study) => [study.id, study]));

  const outcomes: PlannedOutcome[] = [];
  const names = new Set<string>();
  for (const comparison of file.comparisons) {
    for (const outcome of comparison.outcomes) {
      const planned = planOutcome(file, outcome, byId, problem);
      if (names.has(planned.input.name)) problem(`two analyses would both be named '${planned.input.name}'; renumber them in RevMan, save, and import the file again`);
      names.add(planned.input.name);
      outcomes.push(planned);
    }
  }
  if (problems.length > 0) throw new UserInputError(problems);

  const citation = [file.reviewNumber ? `Cochrane Database of Systematic Reviews, ${file.reviewNumber}` : null, file.doi ? `doi:${file.doi}` : null].filter(Boolean).join(', ');
  return {
    review: {
      title: clip(file.title, 500),
      question: file.objectives ? clip(file.objectives, 5000) : null,
      citation: citation || null,
    },
    studies,
    outcomes,
  };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function studyInput(study: RevManStudy): Omit<AddStudyInput, 'reviewId'> {
  const year = /^\s*(\d{4})/.exec(study.year ?? '')?.[1];
  const numericYear = year !== undefined && Number(year) >= 1800 && Number(year) <= 2100 ? Number(year) : null;
  const characteristics: Record<string, string> = { revmanStudyId: study.id };
  // RevMan's year can carry a letter ('2004a'): keep it as written when it is not just the year.
  if (study.year && String(numericYear) !== study.year) characteristics.revmanYear = study.year;
  if (study.dataSource) characteristics.dataSource = study.dataSource;
  for (const [key, value] of Object.entries(study.characteristics)) if (value) characteristics[key] = value;
  return { label: study.name.trim(), year: numericYear, characteristics };
}

const methodWords = { MH: 'Mantel-Haenszel', IV: 'inverse variance', PETO: 'Peto' } as const;

/** How Cumulus analyses a RevMan outcome: measure, pooling method and model, and what differs from RevMan. */
function settingsOf(outcome: RevManOutcome): { measure: Measure; method: 'MH' | 'IV' | 'PETO'; model: 'fixed' | 'random'; notes: string[] } {
  const notes: string[] = [];
  const model = outcome.random ? 'random' : 'fixed';
  if (outcome.kind === 'dichotomous') {
    if (outcome.method === 'PETO' && outcome.random) {
      // Peto is a fixed-effect method in Cumulus (and in RevMan 5's own documentation); random effects pool by inverse variance.
      notes.push(
        "RevMan pooled this outcome with Peto weights under random effects; Cumulus pools random effects with inverse-variance weights, so its τ² (DerSimonian-Laird from the inverse-variance Q) and pooled estimate can differ a little from RevMan's.",
      );
      return { measure: outcome.effectMeasure, method: 'IV', model, notes };
    }
    return { measure: outcome.effectMeasure, method: outcome.method, model, notes };
  }
  if (outcome.kind === 'continuous') return { measure: outcome.effectMeasure, method: 'IV', model, notes };
  if (outcome.measure === null) {
    notes.push(
      outcome.ratio
        ? `Generic inverse variance, ${outcome.effectMeasure}: Cumulus has no such measure, so the effects are analysed and shown as entered, on the log scale (log ${outcome.effectMeasure.toLowerCase()}).`
        : `Generic inverse variance, ${outcome.effectMeasure}: analysed and shown as entered.`,
    );
  }
  return { measure: outcome.measure ?? 'GENERIC', method: 'IV', model, notes };
}

function planOutcome(file: RevManReview, outcome: RevManOutcome, studies: Map<string, RevManStudy>, problem: (message: string) => void): PlannedOutcome {
  const { measure, method, model, notes } = settingsOf(outcome);
  const prefix = `${outcome.analysis} `;
  const name = `${prefix}${clip(outcome.name || outcome.id, 200 - prefix.length)}`;
  const where = `analysis ${outcome.analysis} '${outcome.name}' (${outcome.id})`;

  if (outcome.kind === 'dichotomous' && outcome.swapEvents) notes.push('RevMan analysed non-events for this outcome (swap events): each arm was imported as participants minus events.');
  if (outcome.ciTotalLevel !== null && outcome.ciTotalLevel !== 95) notes.push(`RevMan reported ${outcome.ciTotalLevel}% confidence intervals for this outcome; Cumulus reports 95% intervals.`);
  if (outcome.totals === 'NO' || outcome.totals === 'SUB') notes.push('RevMan showed no overall total for this outcome; Cumulus pools all its studies as well as each subgroup.');

  const data: PlannedData[] = [];
  const withoutData: string[] = [];
  let refusedNumbers = 0;
  const seen = new Map<string, string | null>();
  for (const row of outcome.rows) {
    const study = studies.get(row.studyId)!;
    const label = study.name.trim();
    const numbers = numbersOf(outcome, row);
    if (numbers === null) {
      withoutData.push(label);
      continue;
    }
    if (seen.has(row.studyId)) {
      const first = seen.get(row.studyId);
      problem(
        `${where}: study '${label}' (${row.studyId}) has two data rows${first !== row.subgroup ? ` (subgroups '${first ?? 'none'}' and '${row.subgroup ?? 'none'}')` : ''}; Cumulus keeps one set of numbers per study and outcome: split the analysis in RevMan (one outcome per subgroup) or enter the second row under its own study (e.g. '${label} (arm 2)'), save, and import the file again`,
      );
      continue;
    }
    seen.set(row.studyId, row.subgroup);
    if (row.subgroup !== null && row.subgroup.length > 200) problem(`${where}: the subgroup name '${clip(row.subgroup, 40)}' is longer than 200 characters; shorten it in RevMan, save, and import the file again`);
    const errors = checkStudyNumbers(numbers, measure, `${where}, study '${label}'`);
    refusedNumbers += errors.length;
    for (const error of errors) problem(`${error.message}; ${correctAndRetry}`);
    data.push({ studyId: row.studyId, numbers, subgroup: row.subgroup, source: `RevMan 5 file, analysis ${outcome.analysis}` });
  }
  if (withoutData.length > 0) {
    notes.push(`The RevMan file has no usable numbers for ${withoutData.map((label) => `'${label}'`).join(', ')} in this analysis (not estimable there either): ${withoutData.length === 1 ? 'that study has' : 'those studies have'} no data here.`);
  }

  const settings: OutcomeSettings = { measure, model, method, tau2Estimator: 'DL', ciMethod: 'z', preset: 'revman5' };
  if (refusedNumbers === 0) preflight(data, settings, studies, where, problem);

  const groups = [outcome.groupLabel1, outcome.groupLabel2].every(Boolean) ? `: ${outcome.groupLabel1} versus ${outcome.groupLabel2}` : '';
  const description = clip(
    [
      `RevMan 5 analysis ${outcome.analysis} (${outcome.id}) of comparison ${outcome.comparisonId.replace(/^CMP-0*/, '')} '${outcome.comparisonName}'${groups}.`,
      `Imported as ${measureWords[measure]}, ${methodWords[method]} weights, ${model}-effect model, RevMan 5 conventions.`,
      ...notes,
    ].join(' '),
    5000,
  );
  return {
    input: { name, description, measure, model, method, tau2Estimator: 'DL', ciMethod: 'z', preset: 'revman5' },
    data,
    references: referencesOf(file, outcome, name, measure, data.length),
  };
}

/** A row's numbers as Cumulus takes them, or null when the file holds nothing RevMan could analyse either. */
function numbersOf(outcome: RevManOutcome, row: RevManOutcome['rows'][number]): StudyNumbers | null {
  const known = (...values: (number | null)[]): boolean => values.every((value) => value !== null);
  if (outcome.kind === 'dichotomous') {
    const r = row as (typeof outcome.rows)[number];
    if (!known(r.events1, r.total1, r.events2, r.total2) || r.total1 === 0 || r.total2 === 0) return null;
    const [events1, events2] = outcome.swapEvents ? [r.total1! - r.events1!, r.total2! - r.events2!] : [r.events1!, r.events2!];
    return { events1, n1: r.total1, events2, n2: r.total2 };
  }
  if (outcome.kind === 'continuous') {
    const r = row as (typeof outcome.rows)[number];
    // RevMan leaves a study with no participants or no spread in an arm out as not estimable.
    if (!known(r.mean1, r.sd1, r.total1, r.mean2, r.sd2, r.total2) || r.total1 === 0 || r.total2 === 0 || r.sd1 === 0 || r.sd2 === 0) return null;
    return { mean1: r.mean1, sd1: r.sd1, n1: r.total1, mean2: r.mean2, sd2: r.sd2, n2: r.total2 };
  }
  const r = row as (typeof outcome.rows)[number];
  if (!known(r.effect, r.se) || r.se === 0) return null;
  return { yi: r.effect, sei: r.se };
}

/** Runs the analysis the import will store, so a study the engine refuses stops the import before anything is written. */
function preflight(
  data: PlannedData[],
  settings: OutcomeSettings,
  studies: Map<string, RevManStudy>,
  where: string,
  problem: (message: string) => void,
): void {
  if (data.length === 0) return;
  try {
    analyzeOutcome(
      data.map((row) => toStudyInput(row.studyId, row.numbers, { subgroup: row.subgroup })),
      settings,
    );
  } catch (error) {
    if (!(error instanceof StatsInputError)) throw error;
    const label = error.studyId ? studies.get(error.studyId)?.name : undefined;
    const message = label && error.studyId ? error.message.replaceAll(error.studyId, label) : error.message;
    problem(`${where}: ${message}; ${correctAndRetry}`);
  }
}

/** RevMan's P values as it prints them: '<0.00001' below that, else two significant digits. */
function printedP(p: number | null): string | null {
  if (p === null) return null;
  return p < 0.00001 ? '<0.00001' : String(Number(p.toPrecision(2)));
}

/**
 * RevMan's saved results for the outcome and each subgroup, as published reference results. Ratios are kept as
 * ratios, except for generic ratio measures Cumulus shows on the log scale, which are logged to match.
 */
function referencesOf(file: RevManReview, outcome: RevManOutcome, name: string, measure: Measure, rowsWithData: number): Record<string, unknown>[] {
  const logged = outcome.kind === 'generic' && outcome.measure === null && outcome.ratio;
  const scale = (value: number | null) => (value === null ? null : logged ? Math.log(value) : value);
  const entry = (results: RevManResults | null, subgroup: string | null): Record<string, unknown> | null => {
    if (!results || !results.estimable || results.estimate === null || results.ciLower === null || results.ciUpper === null) return null;
    if (logged && !(results.estimate > 0 && results.ciLower > 0)) return null;
    return {
      outcome: name,
      analysis: `Analysis ${outcome.analysis}`,
      subgroup,
      timepointMonths: null,
      trials: results.studies ?? rowsWithData,
      participants: (results.participants1 ?? 0) + (results.participants2 ?? 0),
      measure: logged ? `log ${outcome.kind === 'generic' ? outcome.effectMeasure : measure}` : measure,
      estimate: scale(results.estimate),
      ciLower: scale(results.ciLower),
      ciUpper: scale(results.ciUpper),
      model: outcome.random ? 'random' : 'fixed',
      i2: results.i2,
      pHeterogeneity: printedP(results.pChi2),
      pEffect: printedP(results.pZ),
      certainty: null,
      downgraded: null,
      whereReported: `RevMan ${file.revmanVersion ?? '5'} file`,
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
  const entries = [entry(outcome.results, null), ...outcome.subgroups.map((subgroup) => entry(subgroup.results, subgroup.name))];
  return entries.filter((e): e is Record<string, unknown> => e !== null);
}

/**
 * Writes the plan: the review (version 1), then everything in it as one change (version 2) in one transaction:
 * the studies in file order, each outcome with its table of numbers, and RevMan's results; each outcome is
 * analysed once, with all its studies. If the change is refused after all (the plan's checks should make that
 * impossible), nothing of it is kept and the empty review is archived.
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
        const rows = planned.data.map((row) => ({ studyId: studyIds.get(row.studyId)!, ...row.numbers, subgroup: row.subgroup, source: row.source }));
        await storeStudyDataTable(trx, outcome, version, rows);
        for (const result of planned.references) references.push({ outcomeId: outcome.id, result });
        outcomeIds.push(outcome.id);
      }
      await storeReferenceResults(trx, reviewId, references);
      return {
        value: null,
        summary: `Imported from a RevMan 5 file: ${added.length} ${added.length === 1 ? 'study' : 'studies'}, ${outcomeIds.length} ${outcomeIds.length === 1 ? 'outcome' : 'outcomes'} with their data, and RevMan's results`,
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
