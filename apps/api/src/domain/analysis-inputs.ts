// What recomputing an outcome reads: its data rows, their studies and the studies' risk-of-bias assessments. Read once
// for all the outcomes of a change, and kept by the instance once the change commits, so that the next change of the
// review reads only what may have changed.
//
// The kept inputs are a cache, never the truth, checked inside the new change's own transaction: kept rows are used
// whole only when the change noted that it corrected nothing but some rows (those are read again) and the review's version
// is still the one they were kept at (no write of any instance can leave it unchanged: every change of a review raises
// it); otherwise an outcome's kept rows are used only when the database still has as many and none written later (every
// write of a row sets its version), and the studies and assessments are read again.
import type { CumulusDatabase, Database, Kysely, OutcomeRow, StudyDataRow, StudyRow } from '@cumulus/db';
import { cachePerDatabase } from './byte-bounded-cache.js';
import type { Measure } from './engine.js';
import { riskOfBiasByStudy } from './risk-of-bias.js';
import type { NumberColumns } from './rows.js';
import { numberColumnsFor } from './study-data-shapes.js';

/** A data row as the analysis reads it (its numbers: those of its outcome's measure), with its place and version. */
export type AnalysedRow = Pick<StudyDataRow, 'id' | 'outcome_id' | 'study_id' | 'subgroup' | 'label' | 'position' | 'version'> & NumberColumns;

const studyColumns = ['id', 'label', 'year', 'characteristics', 'design', 'country', 'participants', 'created_version', 'created_position', 'retracted_version'] as const;
type StudyColumns = Pick<StudyRow, (typeof studyColumns)[number]>;
type AssessmentColumns = { study_id: string; tool: 'rob2' | 'nos' | 'robins-i'; total_stars: number | null; overall_judgement: string | null; domains: string };

/** The studies of an outcome's rows by id, and their assessments by `${tool} ${studyId}` and as risk-of-bias lists. */
export interface StudiesOfRows {
  byId: Map<string, StudyColumns>;
  assessment: Map<string, AssessmentColumns>;
  riskOfBiasOf: ReturnType<typeof riskOfBiasByStudy>;
}

/**
 * An outcome's data rows as kept: all of them (of retracted studies too), in no order, with how many there were and the
 * latest version any of them was written at (every write of a row sets its version: a new count or latest version
 * means they changed), and the review version at which they were last known to be the outcome's rows.
 */
interface KeptOutcome {
  rows: AnalysedRow[];
  count: number;
  latest: number;
  asOf: number;
}

/** What an instance keeps of a review: its studies as of `studiesAsOf`, and the rows of the outcomes it recomputed. */
interface ReviewInputs {
  studiesAsOf: number;
  studies: StudiesOfRows;
  outcomes: Map<string, KeptOutcome>;
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
const keptFor = cachePerDatabase<string, ReviewInputs>(ANALYSIS_INPUTS_BYTES);

/** The data rows a change corrected in place (same study, same place), as stored, by outcome, with the outcome's row: noted by the change itself. */
const corrected = new WeakMap<object, Map<string, { outcome: OutcomeRow; rows: Map<string, StudyDataRow> }>>();

/**
 * Notes, inside a change's transaction, that the change corrected these existing data rows of the outcome (its row as
 * read in this transaction) in place, each as now stored (as the update returned it), and changed nothing else the
 * analyses read: recompute may then take the outcome's row and these rows from the note, and the rest from the inputs
 * kept at the version before.
 */
export function noteCorrectedRows(trx: Kysely<Database>, outcome: OutcomeRow, rows: StudyDataRow[]): void {
  let byOutcome = corrected.get(trx);
  if (!byOutcome) corrected.set(trx, (byOutcome = new Map()));
  const noted = byOutcome.get(outcome.id) ?? { outcome, rows: new Map<string, StudyDataRow>() };
  for (const row of rows) noted.rows.set(row.id, row);
  byOutcome.set(outcome.id, noted);
}

/** The rows of these outcomes as the change that noted corrections of them read them (null unless it noted every one). */
export function notedOutcomeRows(trx: Kysely<Database>, outcomeIds: string[]): OutcomeRow[] | null {
  const byOutcome = corrected.get(trx);
  if (!byOutcome || !outcomeIds.every((id) => byOutcome.has(id))) return null;
  return outcomeIds.map((id) => byOutcome.get(id)!.outcome);
}

/**
 * The columns of a data row the analysis reads, for outcomes of these measures: its identity and place, and the numbers
 * the measures take (materialising a row costs by the column, and most of the eighteen number columns are null); not
 * its provenance or timestamps. Its study's columns are read once per change (`studiesOf`), not once per row and outcome.
 */
function analysedColumns(measures: Measure[]) {
  const numbers = [...new Set(measures.flatMap(numberColumnsFor))] as (keyof NumberColumns)[];
  return ['id', 'outcome_id', 'study_id', 'subgroup', 'label', 'position', 'version', ...numbers] as const;
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

/** A stored row as the analysis reads it: those columns only, as a query of them would give it. */
function analysedRowOf(stored: StudyDataRow, columns: readonly (keyof StudyDataRow)[]): AnalysedRow {
  return Object.fromEntries(columns.map((column) => [column, stored[column]])) as unknown as AnalysedRow;
}

function keptOutcome(rows: AnalysedRow[], asOf: number): KeptOutcome {
  let latest = -1;
  for (const row of rows) latest = Math.max(latest, row.version);
  return { rows, count: rows.length, latest, asOf };
}

/**
 * The outcome's rows the analysis takes (those of studies not retracted) in its order: by study (as the studies were
 * added), then by place. Null when two rows of one study share a place (older data): the database orders those.
 */
function analysedOrder(rows: AnalysedRow[], studies: Map<string, StudyColumns>): AnalysedRow[] | null {
  const taken = rows.filter((row) => studies.get(row.study_id)!.retracted_version === null);
  const keyOf = (row: AnalysedRow) => {
    const study = studies.get(row.study_id)!;
    return [study.created_version, study.created_position, row.position] as const;
  };
  let tie = false;
  taken.sort((a, b) => {
    const [av, ap, ar] = keyOf(a);
    const [bv, bp, br] = keyOf(b);
    const order = av - bv || ap - bp || ar - br;
    if (order === 0 && a !== b) tie = true;
    return order;
  });
  return tie ? null : taken;
}

/** The outcome's rows the analysis takes, ordered by the database (ties by row id, as the database compares ids). */
async function orderedByDatabase(trx: Kysely<Database>, outcome: OutcomeRow): Promise<AnalysedRow[]> {
  const columns = analysedColumns([outcome.measure as Measure]).map((column) => `study_data.${column}` as const);
  return trx
    .selectFrom('study_data')
    .innerJoin('studies', 'studies.id', 'study_data.study_id')
    .select(columns)
    .where('study_data.outcome_id', '=', outcome.id)
    .where('studies.retracted_version', 'is', null)
    .orderBy('studies.created_version')
    .orderBy('studies.created_position')
    .orderBy('study_data.position')
    .orderBy('study_data.id')
    .execute() as Promise<AnalysedRow[]>;
}

/**
 * The inputs of these outcomes (of one review) for the change that stores `version`, read inside its transaction, and
 * what to keep of them once the change commits. Kept rows are used when the change noted that it only corrected rows and
 * the rows and studies kept are those of `version - 1` (the noted rows are read again); otherwise kept rows are used
 * when their count and latest version are still the database's, and the studies and assessments are read again.
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
  const noted = corrections !== undefined && [...corrections.keys()].every((id) => outcomes.some((o) => o.id === id));
  const recomputed = new Set(outcomes.map((outcome) => outcome.id));
  const next = new Map<string, KeptOutcome>();
  let studies: StudiesOfRows | undefined;

  if (noted && before && before.studiesAsOf === version - 1 && outcomes.every((outcome) => before.outcomes.get(outcome.id)?.asOf === version - 1)) {
    // Only the noted rows changed since the version before, whose rows and studies are all kept: each is taken as stored.
    let patched = true;
    const columns = analysedColumns(measures);
    for (const outcome of outcomes) {
      const rows = [...before.outcomes.get(outcome.id)!.rows];
      for (const [id, stored] of corrections.get(outcome.id)?.rows ?? []) {
        const at = rows.findIndex((row) => row.id === id);
        if (at < 0 || stored.outcome_id !== outcome.id) patched = false;
        else rows[at] = analysedRowOf(stored, columns);
      }
      next.set(outcome.id, keptOutcome(rows, version));
    }
    if (patched) {
      studies = before.studies;
      // The others this change did not touch: those kept as of the version before are still current.
      for (const [id, other] of before.outcomes) if (!recomputed.has(id)) next.set(id, other.asOf === version - 1 ? { ...other, asOf: version } : other);
    } else {
      next.clear();
    }
  }
  if (!studies) {
    // Kept rows are checked against the database: how many an outcome has, and the latest version one was written at.
    // After a change that only corrected rows, every kept outcome of the review is checked, so the next such change
    // finds them all current.
    const checked = noted && before ? [...new Set([...recomputed, ...before.outcomes.keys()])] : [...recomputed];
    const fingerprints = await trx
      .selectFrom('study_data')
      .select(({ fn }) => ['outcome_id', fn.countAll().as('count'), fn.max('version').as('latest')])
      .where('outcome_id', 'in', checked)
      .groupBy('outcome_id')
      .execute();
    const current = new Map(fingerprints.map((f) => [f.outcome_id, { count: Number(f.count), latest: Number(f.latest) }]));
    const toRead: string[] = [];
    for (const id of checked) {
      const known = before?.outcomes.get(id);
      const now = current.get(id) ?? { count: 0, latest: -1 };
      if (known && known.count === now.count && known.latest === now.latest) next.set(id, { ...known, asOf: version });
      else if (recomputed.has(id)) toRead.push(id);
    }
    if (toRead.length > 0) {
      const read = new Map<string, AnalysedRow[]>(toRead.map((id) => [id, []]));
      for (const row of await trx.selectFrom('study_data').select(analysedColumns(measures)).where('outcome_id', 'in', toRead).execute()) read.get(row.outcome_id)!.push(row);
      for (const [id, rows] of read) next.set(id, keptOutcome(rows, version));
    }
    // Kept outcomes not checked now stay as they were.
    for (const [id, other] of before?.outcomes ?? []) if (!next.has(id) && !checked.includes(id)) next.set(id, other);
  }
  const studyIds = [...new Set(outcomes.flatMap((outcome) => next.get(outcome.id)!.rows.map((row) => row.study_id)))];
  studies = await studiesOf(trx, studyIds, studies);
  const rowsOf = new Map<string, AnalysedRow[]>();
  for (const outcome of outcomes) rowsOf.set(outcome.id, analysedOrder(next.get(outcome.id)!.rows, studies.byId) ?? (await orderedByDatabase(trx, outcome)));
  return { rowsOf, studies, pending: { reviewId, inputs: { studiesAsOf: version, studies, outcomes: next } } };
}

/** Keeps the inputs a change read, once it has committed (inputs kept meanwhile by a later change are not replaced). */
export function rememberAnalysisInputs(database: CumulusDatabase, pending: PendingInputs | null): void {
  if (!pending) return;
  const cache = keptFor(database);
  const current = cache.get(pending.reviewId);
  if (current && current.studiesAsOf >= pending.inputs.studiesAsOf) return;
  const { inputs } = pending;
  let rows = 0;
  for (const outcome of inputs.outcomes.values()) rows += outcome.rows.length;
  cache.set(pending.reviewId, inputs, rows * ROW_BYTES + inputs.studies.byId.size * STUDY_BYTES);
}
