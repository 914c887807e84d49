// What recomputing an outcome reads: its data rows, their studies and the studies' risk-of-bias assessments. Read once
// for all the outcomes of a change, and kept by the instance as of the review version that change committed, so that the
// next change of the review, when it says it only corrected data rows, re-reads those rows and nothing else.
//
// The kept inputs are a cache, never the truth: they are used only when the review's version read inside the new
// change's own transaction (under the review's write lock) is still the one they were kept at, which no write of any
// instance can leave unchanged (every change of a review raises its version in the same transaction).
import type { CumulusDatabase, Database, Kysely, OutcomeRow, StudyDataRow, StudyRow } from '@cumulus/db';
import { ByteBoundedCache } from './byte-bounded-cache.js';
import type { Measure } from './engine.js';
import { riskOfBiasByStudy } from './risk-of-bias.js';
import type { NumberColumns } from './rows.js';
import { numberColumnsFor } from './study-data-shapes.js';

/** A data row as the analysis reads it (its numbers: those of its outcome's measure). */
export type AnalysedRow = Pick<StudyDataRow, 'id' | 'outcome_id' | 'study_id' | 'subgroup' | 'label'> & NumberColumns;

const studyColumns = ['id', 'label', 'year', 'characteristics', 'design', 'country', 'participants'] as const;
type StudyColumns = Pick<StudyRow, (typeof studyColumns)[number]>;
type AssessmentColumns = { study_id: string; tool: 'rob2' | 'nos' | 'robins-i'; total_stars: number | null; overall_judgement: string | null; domains: string };

/** The studies of an outcome's rows by id, and their assessments by `${tool} ${studyId}` and as risk-of-bias lists. */
export interface StudiesOfRows {
  byId: Map<string, StudyColumns>;
  assessment: Map<string, AssessmentColumns>;
  riskOfBiasOf: ReturnType<typeof riskOfBiasByStudy>;
}

/** The inputs of a review's outcomes as of one committed version of the review. */
interface ReviewInputs {
  version: number;
  studies: StudiesOfRows;
  /** Each outcome's rows, in the order the analysis takes them. */
  rows: Map<string, AnalysedRow[]>;
}

/** Inputs read inside a change, kept once it commits (`rememberAnalysisInputs`). */
export interface PendingInputs {
  reviewId: string;
  inputs: ReviewInputs;
}

/**
 * Bytes the kept inputs may take per instance (rows weighed at about what a row object with its strings takes): 16 MB
 * hold the inputs of about 130 outcomes of 200 rows.
 */
export const ANALYSIS_INPUTS_BYTES = 16 * 1024 * 1024;
const ROW_BYTES = 400;
const STUDY_BYTES = 400;

/** Kept inputs by review id, one cache per database handle (an instance). */
const kept = new WeakMap<object, ByteBoundedCache<string, ReviewInputs>>();
function keptFor(database: CumulusDatabase): ByteBoundedCache<string, ReviewInputs> {
  let cache = kept.get(database);
  if (!cache) kept.set(database, (cache = new ByteBoundedCache(ANALYSIS_INPUTS_BYTES)));
  return cache;
}

/** The data rows a change corrected in place (same study, same place), by outcome: noted by the change itself. */
const corrected = new WeakMap<object, Map<string, Set<string>>>();

/**
 * Notes, inside a change's transaction, that the change corrected these existing data rows of the outcome in place and
 * changed nothing else the analyses read: recompute may then take the rest from the inputs kept at the version before.
 */
export function noteCorrectedRows(trx: Kysely<Database>, outcomeId: string, rowIds: string[]): void {
  let byOutcome = corrected.get(trx);
  if (!byOutcome) corrected.set(trx, (byOutcome = new Map()));
  const ids = byOutcome.get(outcomeId) ?? new Set<string>();
  for (const id of rowIds) ids.add(id);
  byOutcome.set(outcomeId, ids);
}

/**
 * The columns of a data row the analysis reads, for outcomes of these measures: its identity, and the numbers the
 * measures take (materialising a row costs by the column, and most of the eighteen number columns are null); not its
 * provenance or timestamps. Its study's columns are read once per change (`studiesOf`), not once per row and outcome.
 */
function analysedColumns(measures: Measure[]) {
  const numbers = [...new Set(measures.flatMap(numberColumnsFor))].map((column) => `study_data.${column}`) as `study_data.${keyof NumberColumns}`[];
  return ['study_data.id', 'study_data.outcome_id', 'study_data.study_id', 'study_data.subgroup', 'study_data.label', ...numbers] as const;
}

/** Data rows of studies not retracted, in the order analyses take them; `where` picks which. */
function dataRows(trx: Kysely<Database>, measures: Measure[]) {
  return trx
    .selectFrom('study_data')
    .innerJoin('studies', 'studies.id', 'study_data.study_id')
    .select(analysedColumns(measures))
    .where('studies.retracted_version', 'is', null)
    .orderBy('studies.created_version')
    .orderBy('studies.created_position')
    .orderBy('study_data.position')
    .orderBy('study_data.id');
}

/** The studies of these ids with their assessments, added to `known` (a new value; `known` is not changed). */
async function studiesOf(trx: Kysely<Database>, studyIds: string[], known?: StudiesOfRows): Promise<StudiesOfRows> {
  const missing = known ? studyIds.filter((id) => !known.byId.has(id)) : studyIds;
  if (known && missing.length === 0) return known;
  const studies = missing.length === 0 ? [] : await trx.selectFrom('studies').select(studyColumns).where('id', 'in', missing).execute();
  // GRADE's risk-of-bias domain reads each study's RoB 2 or ROBINS-I judgement or Newcastle-Ottawa stars; the traffic-light table their domains.
  const assessments = missing.length === 0
    ? []
    : await trx.selectFrom('quality_assessments').select(['study_id', 'tool', 'total_stars', 'overall_judgement', 'domains']).where('study_id', 'in', missing).execute();
  return {
    byId: new Map([...(known?.byId ?? []), ...studies.map((study) => [study.id, study] as const)]),
    assessment: new Map([...(known?.assessment ?? []), ...assessments.map((a) => [`${a.tool} ${a.study_id}`, a] as const)]),
    riskOfBiasOf: new Map([...(known?.riskOfBiasOf ?? []), ...riskOfBiasByStudy(assessments)]),
  };
}

/**
 * The inputs of these outcomes (of one review) for the change that stores `version`, read inside its transaction:
 * from the inputs this instance kept at `version - 1` when the change noted that it only corrected data rows (those are
 * read again, and outcomes not kept are read whole), else read whole. `pending` is kept once the change commits.
 */
export async function analysisInputs(
  trx: Kysely<Database>,
  database: CumulusDatabase | null,
  outcomes: OutcomeRow[],
  version: number,
): Promise<{ rowsOf: Map<string, AnalysedRow[]>; studies: StudiesOfRows; pending: PendingInputs | null }> {
  const reviewId = outcomes[0].review_id;
  const measures = outcomes.map((outcome) => outcome.measure as Measure);
  const before = database ? keptFor(database).get(reviewId) : undefined;
  const corrections = corrected.get(trx);
  // A note serves the one recompute of its change.
  corrected.delete(trx);
  if (before && before.version === version - 1 && corrections && [...corrections.keys()].every((id) => outcomes.some((o) => o.id === id))) {
    const rowsOf = new Map(before.rows);
    const fresh = outcomes.filter((outcome) => !rowsOf.has(outcome.id)).map((outcome) => outcome.id);
    if (fresh.length > 0) {
      for (const id of fresh) rowsOf.set(id, []);
      for (const row of await dataRows(trx, measures).where('study_data.outcome_id', 'in', fresh).execute()) rowsOf.get(row.outcome_id)!.push(row);
    }
    const again = [...corrections].flatMap(([outcomeId, ids]) => (fresh.includes(outcomeId) ? [] : [...ids]));
    let patched = true;
    if (again.length > 0) {
      const read = new Map((await dataRows(trx, measures).where('study_data.id', 'in', again).execute()).map((row) => [row.id, row]));
      for (const [outcomeId, ids] of corrections) {
        if (fresh.includes(outcomeId)) continue;
        const rows = [...rowsOf.get(outcomeId)!];
        for (const id of ids) {
          const at = rows.findIndex((row) => row.id === id);
          const row = read.get(id);
          // A row that was not kept, or is gone from the analysis, is not a correction in place: read all again.
          if (at < 0 || row === undefined || row.outcome_id !== outcomeId) patched = false;
          else rows[at] = row;
        }
        rowsOf.set(outcomeId, rows);
      }
    }
    if (patched) {
      const studies = await studiesOf(trx, [...new Set(outcomes.flatMap((outcome) => rowsOf.get(outcome.id)!.map((row) => row.study_id)))], before.studies);
      return { rowsOf, studies, pending: { reviewId, inputs: { version, studies, rows: rowsOf } } };
    }
  }
  const rowsOf = new Map<string, AnalysedRow[]>(outcomes.map((outcome) => [outcome.id, []]));
  const rows = await dataRows(trx, measures)
    .where(
      'study_data.outcome_id',
      'in',
      outcomes.map((outcome) => outcome.id),
    )
    .execute();
  for (const row of rows) rowsOf.get(row.outcome_id)!.push(row);
  const studies = await studiesOf(trx, [...new Set(rows.map((row) => row.study_id))]);
  return { rowsOf, studies, pending: { reviewId, inputs: { version, studies, rows: rowsOf } } };
}

/** Keeps the inputs a change read, once it has committed (a later version kept meanwhile is not replaced). */
export function rememberAnalysisInputs(database: CumulusDatabase, pending: PendingInputs | null): void {
  if (!pending) return;
  const cache = keptFor(database);
  const current = cache.get(pending.reviewId);
  if (current && current.version >= pending.inputs.version) return;
  const { inputs } = pending;
  let rows = 0;
  for (const list of inputs.rows.values()) rows += list.length;
  cache.set(pending.reviewId, inputs, rows * ROW_BYTES + inputs.studies.byId.size * STUDY_BYTES);
}
