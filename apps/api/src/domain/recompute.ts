// Recomputes the outcomes a change affects inside its write transaction, each result for an immutable snapshot.
import { storedAnalysis, type AnalysisSnapshotRow, type Compilable, type CumulusDatabase, type Database, type Kysely, type OutcomeRow } from '@cumulus/db';
import { analysisInputs, notedOutcomeRows, type AnalysedRow, type PendingInputs, type StudiesOfRows } from './analysis-inputs.js';
import type { RecomputedOutcome } from './conclusions.js';
import { analyzeOutcome, computeEffects, measureScale, StatsInputError, type Measure, type OutcomeAnalysis, type RobinsIJudgement } from './engine.js';
import { newId } from './ids.js';
import { parsedSnapshots, rememberSnapshotAnalysis, storedAnalysisOf } from './reads.js';
import { keptSnapshotHead, type SnapshotHead } from './snapshot-heads.js';
import { gradeDesignOf, moderatorValuesOf, now, numbersOfRow, settingsOfOutcome, subgroupOf } from './rows.js';
import { toStudyInput } from './study-data-shapes.js';
import { UserInputError } from './user-errors.js';

/**
 * Recomputes the analyses of these outcomes (of one review) under `version`; returns each with the analysis it replaces,
 * in the order given, the writes that store them (for the change to run, with its own, in its transaction), and the
 * inputs read for them and the snapshots stored, for `rememberAnalysisInputs` and `rememberSnapshotHeads` once the
 * change commits.
 * Their data rows, studies and assessments are read once for all of them (analysis-inputs.ts).
 */
export async function recomputeOutcomes(
  trx: Kysely<Database>,
  database: CumulusDatabase | null,
  outcomeIds: string[],
  version: number,
): Promise<{ recomputed: RecomputedOutcome[]; inputs: PendingInputs | null; heads: SnapshotHead[]; writes: Compilable[] }> {
  if (outcomeIds.length === 0) return { recomputed: [], inputs: null, heads: [], writes: [] };
  // A change that only corrected rows read its outcomes' rows already, in this transaction, and changed none of them.
  const outcomes = notedOutcomeRows(trx, outcomeIds) ?? (await trx.selectFrom('outcomes').selectAll().where('id', 'in', outcomeIds).execute());
  const outcomeById = new Map(outcomes.map((outcome) => [outcome.id, outcome]));
  for (const outcomeId of outcomeIds) if (!outcomeById.has(outcomeId)) throw new Error(`recompute: there is no outcome with id '${outcomeId}'`);
  const { rowsOf, studies, pending } = await analysisInputs(trx, database, outcomes, version);
  const recomputed: RecomputedOutcome[] = [];
  const snapshots: AnalysisSnapshotRow[] = [];
  const kept: { snapshotId: string; analysis: OutcomeAnalysis | null; bytes: number | null; previous?: { id: string; base_id: string | null; previous_id?: string | null } }[] = [];
  const heads: SnapshotHead[] = [];
  const createdAt = now();
  for (const outcomeId of outcomeIds) {
    const outcome = outcomeById.get(outcomeId)!;
    const analysis = analysisOfOutcome(outcome, rowsOf.get(outcomeId)!, studies);
    // The outcome's newest snapshot: the one this instance stored last, when the outcome's row says it still is.
    const previous =
      (database ? keptSnapshotHead(database, outcomeId, outcome.version) : undefined) ??
      (await trx
        .selectFrom('analysis_snapshots')
        .select(['id', 'chain', 'base_id'])
        .where('outcome_id', '=', outcomeId)
        .where('version', '<', version)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst());
    const before = previous ? await storedAnalysisOf(trx, previous.id) : null;
    const snapshotId = newId();
    // Stored as a delta from the analysis before it where that is small (a version costs what changed).
    const stored = storedAnalysis(previous ? { id: previous.id, chain: previous.chain, analysis: before } : null, analysis);
    const snapshot: AnalysisSnapshotRow = {
      id: snapshotId,
      outcome_id: outcomeId,
      review_id: outcome.review_id,
      version,
      analysis: stored.analysis,
      delta: stored.delta,
      base_id: stored.base_id,
      chain: stored.chain,
      k: analysis?.k ?? 0,
      estimate: analysis?.summary?.estimate ?? null,
      ci_lower: analysis?.summary?.ciLower ?? null,
      ci_upper: analysis?.summary?.ciUpper ?? null,
      p_value: analysis?.summary?.pValue ?? null,
      created_at: createdAt,
    };
    snapshots.push(snapshot);
    kept.push({ snapshotId, analysis, bytes: stored.delta === null ? stored.bytes : null, previous });
    const { analysis: _analysis, delta: _delta, ...header } = snapshot;
    heads.push({ ...header, previous_id: previous?.id ?? null });
    recomputed.push({ outcomeId, before, after: analysis });
  }
  // The change stores these with its change-log entry (executeTogether): one insert for all the change's snapshots (a
  // study edit stores one per outcome), in slices a driver takes, and the outcomes' new version.
  const writes: Compilable[] = [];
  for (let start = 0; start < snapshots.length; start += SNAPSHOTS_PER_INSERT) {
    writes.push(trx.insertInto('analysis_snapshots').values(snapshots.slice(start, start + SNAPSHOTS_PER_INSERT)));
  }
  writes.push(trx.updateTable('outcomes').set({ version, updated_at: createdAt }).where('id', 'in', outcomeIds));
  for (const { snapshotId, analysis, bytes, previous } of kept) {
    // Snapshots never change: the next write compares against this one without parsing it again.
    // Weighed as its checkpoint was (the same shape, near enough) when it went in as a delta.
    rememberSnapshotAnalysis(snapshotId, analysis, bytes, previous?.id);
    // The one before the previous (its base, or for a checkpoint the one this instance stored before it) is no longer
    // what a write or a comparison with the last version reads: it leaves the cache now rather than when the cache is
    // full (writes would otherwise fill it with versions nobody reads, each with its flattening, which the cache does
    // not weigh, and every major collection marks them all). Read again, it is decoded from the snapshots and kept.
    const older = previous?.previous_id ?? previous?.base_id;
    if (older) parsedSnapshots.delete(older);
  }
  return { recomputed, inputs: pending, heads, writes };
}

/** Snapshots inserted by one statement: 14 parameters each, well within SQLite's and PostgreSQL's limits. */
const SNAPSHOTS_PER_INSERT = 100;

/** The outcome's analysis from its rows (null when it has none); a user's error when the data cannot be analysed. */
function analysisOfOutcome(outcome: OutcomeRow, rows: AnalysedRow[], { byId, assessment, riskOfBiasOf }: StudiesOfRows): OutcomeAnalysis | null {
  /** A row as a maintainer knows it: its study's label, and its own label when it has one. */
  const nameOf = (row: AnalysedRow) => `${byId.get(row.study_id)!.label}${row.label ? ` (${row.label})` : ''}`;
  let analysis: OutcomeAnalysis | null = null;
  if (rows.length > 0) {
    // Each row goes in under its own id, with the study it belongs to (a study may give several rows).
    const studies = rows.map((row) => {
      const study = byId.get(row.study_id)!;
      const rob2 = assessment.get(`rob2 ${row.study_id}`)?.overall_judgement ?? null;
      const nos = assessment.get(`nos ${row.study_id}`)?.total_stars ?? null;
      const robinsI = assessment.get(`robins-i ${row.study_id}`)?.overall_judgement ?? null;
      return toStudyInput(row.id, numbersOfRow(row), {
        year: study.year,
        subgroup: subgroupOf(row, study, outcome.subgroup_variable),
        design: gradeDesignOf(study.design),
        rob2: rob2 as 'low' | 'some-concerns' | 'high' | null,
        nosScore: nos,
        robinsI: robinsI as RobinsIJudgement | null,
        riskOfBias: riskOfBiasOf.get(row.study_id) ?? null,
        participants: study.participants,
        studyId: row.study_id,
        // The outcome's meta-regression moderators travel with each row: a study column or characteristic by name.
        moderators: moderatorValuesOf(study, outcome),
      });
    });
    const settings = settingsOfOutcome(outcome);
    const labelOfRow = (rowId: string) => {
      const row = rows.find((r) => r.id === rowId);
      return row ? nameOf(row) : rowId;
    };
    /** The row with the largest effect: where numbers too large to analyse together are worth checking first. */
    const largest = () => {
      const { effects } = computeEffects(studies, settings.measure, settings);
      if (effects.length === 0) return 'check the numbers of its rows';
      const far = effects.reduce((a, b) => (Math.abs(b.yi) > Math.abs(a.yi) ? b : a));
      return `check study '${labelOfRow(far.id)}', whose effect is the largest (${far.yi.toPrecision(4)} on the analysis scale${analysisScale(settings.measure)})`;
    };
    try {
      analysis = analyzeOutcome(studies, settings);
      const beyond = unreportable(analysis, labelOfRow);
      if (beyond) {
        throw new UserInputError([
          { field: ['input'], message: `outcome '${outcome.name}': ${beyond} would be beyond the largest number a computer holds; nothing was stored. The effects are too far apart to pool: ${largest()}` },
        ]);
      }
    } catch (error) {
      if (error instanceof UserInputError) throw error;
      if (error instanceof RangeError && !/converge/.test(error.message)) {
        // A τ² search without an answer: effects so far apart that no between-study variance the engine searches fits them.
        throw new UserInputError([
          { field: ['input'], message: `outcome '${outcome.name}': the analysis cannot be computed with these data (${error.message}); nothing was stored. The effects are too far apart to pool: ${largest()}` },
        ]);
      }
      if (error instanceof RangeError && /converge/.test(error.message)) {
        // An iterative estimator failing on these data is something the maintainer can act on: pick another.
        throw new UserInputError([
          {
            field: ['input'],
            message: `outcome '${outcome.name}': ${error.message} with these data (${outcome.tau2_estimator}); nothing was stored. Choose another τ² estimator for this outcome (DL or PM always give an answer) and try again`,
          },
        ]);
      }
      if (!(error instanceof StatsInputError)) throw error;
      // The engine names rows (or studies) by id; a maintainer knows them by label.
      const row = rows.find((r) => r.id === error.studyId) ?? rows.find((r) => r.study_id === error.studyId);
      const label = row ? nameOf(row) : undefined;
      const message = label && error.studyId ? error.message.replaceAll(error.studyId, label) : error.message;
      throw new UserInputError([
        {
          field: error.field ? ['input', error.field] : ['input'],
          message: `outcome '${outcome.name}'${label && !message.includes(label) ? `, study '${label}'` : ''}: ${message}`,
        },
      ]);
    }
  }

  return analysis;
}

/**
 * The first number a reader would be shown that is not a finite number (a ratio whose log is beyond about 709
 * overflows when reported), named for the message; null when every one is a number. GraphQL cannot send such a
 * number, so an analysis holding one is refused rather than stored.
 */
function unreportable(analysis: OutcomeAnalysis, labelOfRow: (rowId: string) => string): string | null {
  const reported = (value: number) => (analysis.scale === 'log' ? Math.exp(value) : value);
  const beyond = (value: number | null | undefined) => value !== null && value !== undefined && !Number.isFinite(value);
  const limits = ['estimate', 'ciLower', 'ciUpper'] as const;
  if (analysis.summary) {
    for (const field of [...limits, 'predictionLower', 'predictionUpper'] as const) {
      if (beyond(analysis.summary[field])) return `the pooled ${field} (${analysis.summary[field]})`;
    }
  }
  for (const group of analysis.subgroups?.groups ?? []) {
    for (const field of limits) if (beyond(reported(group.fit[field]))) return `the ${field} of subgroup '${group.name}' (${reported(group.fit[field])})`;
  }
  // Every row's effect is checked: this runs on every write, so without building a list of candidates.
  for (const row of analysis.studies) {
    for (const field of limits) if (beyond(row[field])) return `the ${field} of study '${labelOfRow(row.id)}' (${row[field]})`;
  }
  return null;
}

const analysisScale = (measure: Measure) => (measureScale(measure) === 'log' ? ', a log ratio' : '');
