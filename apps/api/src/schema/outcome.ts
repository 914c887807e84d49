// Outcomes: their settings, the analysis at any version, the evidence timeline, comparisons between versions,
// published reference results, and the outcomeUpdated subscription.
import type { OutcomeRow } from '@cumulus/db';
import { GraphQLError } from 'graphql';
import { conclusionChangesBetween } from '../domain/conclusions.js';
import { conclusionOf, type ConclusionChange, type Measure } from '../domain/engine.js';
import { addOutcome, clearCertaintyOverride, overrideCertaintyDomain, setSequentialAssumptions, updateOutcomeSettings } from '../domain/outcomes.js';
import { missedOutcomeEvent } from '../domain/missed-events.js';
import { given } from '../domain/validate.js';
import { analysisOf, loadOutcomeView, outcomeViewForEvent, outcomeViewOf, snapshotHeaders, type OutcomeView, type SnapshotHeader } from '../domain/reads.js';
import { AnalysisRef } from './analysis.js';
import { evidenceInputFields, GradeDomainEnum, ImportanceThresholdsRef, MetaRegressionModeratorRef } from './evidence.js';
import { builder, type GraphQLContext } from './builder.js';
import { studyNumberFields } from './study-numbers.js';
import { ChangeLogEntryRef } from './change-log.js';
import {
  AnalysisTotalsEnum,
  CiMethodEnum,
  MeasureEnum,
  ModelEnum,
  ModelRuleEnum,
  PoolingMethodEnum,
  PrePostDirectionEnum,
  PresetEnum,
  Tau2EstimatorEnum,
  UnitOfAnalysisRemedyEnum,
} from './enums.js';
import { keysetConnection, type Keyset } from './pagination.js';
import { OutcomeRef, ReviewRef, StudyRef } from './refs.js';
import { readableReview } from './review.js';
import type { WriteResult } from '../domain/user-errors.js';
import { UserErrorRef, type Payload } from './user-error.js';

/** An outcome the viewer may read, as of a version (latest when omitted). */
export async function readableOutcome(context: GraphQLContext, outcomeId: string, asOfVersion?: number | null): Promise<OutcomeView | null> {
  const view = await loadOutcomeView(context.services.database, outcomeId, asOfVersion);
  if (!view) return null;
  return (await readableReview(context, view.outcome.review_id)) ? view : null;
}

const OutcomeSettingsRef = builder.objectRef<OutcomeRow>('OutcomeSettings').implement({
  description: 'How this outcome is analysed now (each Analysis also says what it ran with).',
  fields: (t) => ({
    model: t.field({ type: ModelEnum, nullable: true, description: 'Null when a rule chooses the model.', resolve: (o) => (o.model === 'rule' ? null : (o.model as 'fixed' | 'random')) }),
    modelRule: t.field({ type: ModelRuleEnum, nullable: true, resolve: (o) => (o.model === 'rule' ? 'rule' : null) }),
    method: t.field({ type: PoolingMethodEnum, resolve: (o) => o.method as 'IV' | 'MH' | 'PETO' }),
    tau2Estimator: t.field({ type: Tau2EstimatorEnum, resolve: (o) => o.tau2_estimator as 'DL' }),
    ciMethod: t.field({ type: CiMethodEnum, resolve: (o) => o.ci_method as 'z' | 'hksj' }),
    preset: t.field({ type: PresetEnum, resolve: (o) => o.preset as 'metafor' | 'revman5' }),
    subgroupVariable: t.exposeString('subgroup_variable', { nullable: true, description: "A study characteristic (or 'design', 'country') whose values form subgroups." }),
    timepoint: t.exposeString('timepoint', { nullable: true }),
    prePostCorrelation: t.exposeFloat('pre_post_correlation', { nullable: true }),
    prePostDirection: t.field({ type: PrePostDirectionEnum, nullable: true, resolve: (o) => o.pre_post_direction as 'increase' | 'decrease' | null }),
    totals: t.field({ type: AnalysisTotalsEnum, description: "Which pooled totals the analysis shows (RevMan's TOTALS YES / SUB / NO).", resolve: (o) => o.totals }),
    unitOfAnalysis: t.field({
      type: UnitOfAnalysisRemedyEnum,
      description: 'What is done when one study could enter one total more than once (several rows of one study).',
      resolve: (o) => o.unit_of_analysis,
    }),
    evidence: t.field({
      type: 'JSON',
      description: 'Information size and TSA assumptions, control risks, GRADE overrides, thresholds and meta-regression moderators, as stored.',
      resolve: (o) => JSON.parse(o.evidence_settings),
    }),
    importanceThresholds: t.field({
      type: ImportanceThresholdsRef,
      nullable: true,
      description: "The maintainer's thresholds of an important effect for GRADE (null: the trial sequential analysis's effect worth detecting when stated, else no effect).",
      resolve: (o) => (JSON.parse(o.evidence_settings) as { importanceThresholds?: object }).importanceThresholds ?? null,
    }),
    metaRegressionModerators: t.field({
      type: [MetaRegressionModeratorRef],
      description: 'The study characteristics the analysis regresses the effects on (empty: no meta-regression).',
      resolve: (o) => {
        const chosen = (JSON.parse(o.evidence_settings) as { metaRegression?: { moderators: string[]; factors?: string[] } }).metaRegression;
        return (chosen?.moderators ?? []).map((name) => ({ name, kind: chosen?.factors?.includes(name) ? ('categorical' as const) : ('numeric' as const) }));
      },
    }),
  }),
});

/** The evidence timeline, oldest first: one analysis snapshot per version. */
const versionKeyset: Keyset = { name: 'outcome-versions', columns: [{ column: 'version', direction: 'asc', type: 'integer' }] };

interface VersionView {
  snapshot: SnapshotHeader;
  measure: Measure;
}

const OutcomeVersionRef = builder.objectRef<VersionView>('OutcomeVersion').implement({
  description: 'The pooled result at one version: a point on the evidence timeline.',
  fields: (t) => ({
    version: t.int({ resolve: (v) => v.snapshot.version }),
    k: t.int({ resolve: (v) => v.snapshot.k }),
    estimate: t.float({ nullable: true, resolve: (v) => v.snapshot.estimate }),
    ciLower: t.float({ nullable: true, resolve: (v) => v.snapshot.ci_lower }),
    ciUpper: t.float({ nullable: true, resolve: (v) => v.snapshot.ci_upper }),
    pValue: t.float({ nullable: true, resolve: (v) => v.snapshot.p_value }),
    significant: t.boolean({
      description: 'The 95% CI excludes no effect (1 for ratios, 0 for differences).',
      resolve: async (v, _args, context) => conclusionOf(await analysisOf(context.services.database, v.snapshot.id)).significant,
    }),
    computedAt: t.string({ resolve: (v) => v.snapshot.created_at }),
    change: t.field({
      type: ChangeLogEntryRef,
      nullable: true,
      description: 'The change that produced this version.',
      resolve: (v, _args, context) =>
        context.services.database.db
          .selectFrom('change_log')
          .selectAll()
          .where('review_id', '=', v.snapshot.review_id)
          .where('version', '=', v.snapshot.version)
          .executeTakeFirst()
          .then((row) => row ?? null),
    }),
  }),
});

interface ComparisonView {
  outcome: OutcomeRow;
  from: SnapshotHeader;
  to: SnapshotHeader;
}

export const ConclusionChangeKindEnum = builder.enumType('ConclusionChangeKind', {
  values: {
    SIGNIFICANCE_GAINED: { value: 'significance-gained' },
    SIGNIFICANCE_LOST: { value: 'significance-lost' },
    DIRECTION_FLIPPED: { value: 'direction-flipped', description: 'The pooled estimate crossed the line of no effect.' },
    CERTAINTY_CHANGED: { value: 'certainty-changed', description: 'The GRADE certainty level changed.' },
    SEQUENTIAL_VERDICT_CHANGED: { value: 'sequential-verdict-changed', description: 'The trial sequential analysis verdict changed.' },
  } as const,
});

const ConclusionChangeRef = builder.objectRef<ConclusionChange>('ConclusionChange').implement({
  fields: (t) => ({
    kind: t.field({ type: ConclusionChangeKindEnum, resolve: (c) => c.kind }),
    from: t.exposeString('from', { nullable: true }),
    to: t.exposeString('to', { nullable: true }),
    message: t.exposeString('message'),
  }),
});

const OutcomeComparisonRef = builder.objectRef<ComparisonView>('OutcomeComparison').implement({
  description: 'What changed between two versions of an outcome, and whether the conclusion changed (the rule of @cumulus/stats, shared with the dashboard).',
  fields: (t) => {
    const analyses = async (c: ComparisonView, context: GraphQLContext) => {
      const [before, after] = await Promise.all([analysisOf(context.services.database, c.from.id), analysisOf(context.services.database, c.to.id)]);
      return { before, after };
    };
    const changes = async (c: ComparisonView, context: GraphQLContext) => {
      const { before, after } = await analyses(c, context);
      return conclusionChangesBetween(before, after);
    };
    const has = (kind: ConclusionChange['kind']) => async (c: ComparisonView, _args: unknown, context: GraphQLContext) => (await changes(c, context)).some((change) => change.kind === kind);
    const studyIds = async (context: GraphQLContext, snapshot: SnapshotHeader) =>
      // Analyses stored before outcomes had rows named the study by `id`.
      new Set((await analysisOf(context.services.database, snapshot.id))?.studies.map((s) => (s as Partial<typeof s>).studyId ?? s.id) ?? []);
    const studiesIn = async (context: GraphQLContext, ids: string[]) =>
      ids.length === 0 ? [] : context.services.database.db.selectFrom('studies').selectAll().where('id', 'in', ids).orderBy('created_version').orderBy('created_position').execute();
    return {
      outcomeId: t.id({ resolve: (c) => c.outcome.id }),
      from: t.field({ type: OutcomeVersionRef, resolve: (c) => ({ snapshot: c.from, measure: c.outcome.measure as Measure }) }),
      to: t.field({ type: OutcomeVersionRef, resolve: (c) => ({ snapshot: c.to, measure: c.outcome.measure as Measure }) }),
      kChange: t.int({ resolve: (c) => c.to.k - c.from.k }),
      estimateChange: t.float({
        nullable: true,
        description: 'to minus from, on the reporting scale.',
        resolve: (c) => (c.from.estimate !== null && c.to.estimate !== null ? c.to.estimate - c.from.estimate : null),
      }),
      significantBefore: t.boolean({ resolve: async (c, _args, context) => conclusionOf((await analyses(c, context)).before).significant }),
      significantAfter: t.boolean({ resolve: async (c, _args, context) => conclusionOf((await analyses(c, context)).after).significant }),
      significanceGained: t.boolean({ resolve: has('significance-gained') }),
      significanceLost: t.boolean({ resolve: has('significance-lost') }),
      directionFlipped: t.boolean({ description: 'The estimate crossed the line of no effect.', resolve: has('direction-flipped') }),
      conclusionChanged: t.boolean({ resolve: async (c, _args, context) => (await changes(c, context)).length > 0 }),
      conclusionChanges: t.field({ type: [ConclusionChangeRef], resolve: (c, _args, context) => changes(c, context) }),
      summary: t.string({
        description: 'Both versions and what changed, in words.',
        resolve: async (c, _args, context) => {
          const describe = (s: SnapshotHeader) =>
            s.estimate === null ? 'no pooled estimate' : `${c.outcome.measure} ${format(s.estimate)} (${format(s.ci_lower)} to ${format(s.ci_upper)}), k = ${s.k}`;
          const found = await changes(c, context);
          return [
            `Version ${c.from.version}: ${describe(c.from)}. Version ${c.to.version}: ${describe(c.to)}.`,
            ...(found.length > 0 ? found.map((change) => change.message) : ['The conclusion did not change.']),
          ].join(' ');
        },
      }),
      studiesAdded: t.field({
        type: [StudyRef],
        resolve: async (c, _args, context) => {
          const [before, after] = await Promise.all([studyIds(context, c.from), studyIds(context, c.to)]);
          return studiesIn(context, [...after].filter((id) => !before.has(id)));
        },
      }),
      studiesRemoved: t.field({
        type: [StudyRef],
        resolve: async (c, _args, context) => {
          const [before, after] = await Promise.all([studyIds(context, c.from), studyIds(context, c.to)]);
          return studiesIn(context, [...before].filter((id) => !after.has(id)));
        },
      }),
      changes: t.field({
        type: [ChangeLogEntryRef],
        description: "The review's changes after `from` up to and including `to`.",
        resolve: (c, _args, context) =>
          context.services.database.db
            .selectFrom('change_log')
            .selectAll()
            .where('review_id', '=', c.outcome.review_id)
            .where('version', '>', Math.min(c.from.version, c.to.version))
            .where('version', '<=', Math.max(c.from.version, c.to.version))
            .orderBy('version')
            .execute(),
      }),
    };
  },
});

function format(value: number | null): string {
  if (value === null) return '–';
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

interface ReferenceResult {
  outcome: string;
  analysis: string;
  subgroup: string | null;
  timepointMonths: number | null;
  trials: number;
  participants: number;
  measure: string;
  estimate: number;
  ciLower: number;
  ciUpper: number;
  model: string;
  i2: number | null;
  pHeterogeneity: string | null;
  pEffect: string | null;
  certainty: string | null;
  downgraded: Record<string, boolean> | null;
  whereReported: string;
  /** Kept by the RevMan import: the program's own numbers, at full precision. */
  method?: string | null;
  chi2?: number | null;
  df?: number | null;
  pChi2?: number | null;
  tau2?: number | null;
  z?: number | null;
  pZ?: number | null;
}

export const ReferenceResultRef = builder.objectRef<ReferenceResult>('ReferenceResult').implement({
  description: 'A pooled result as the review published it, kept beside the recomputed one.',
  fields: (t) => ({
    outcome: t.exposeString('outcome'),
    analysis: t.exposeString('analysis'),
    subgroup: t.exposeString('subgroup', { nullable: true }),
    timepointMonths: t.exposeFloat('timepointMonths', { nullable: true }),
    trials: t.exposeInt('trials'),
    participants: t.exposeInt('participants'),
    measure: t.exposeString('measure'),
    estimate: t.exposeFloat('estimate'),
    ciLower: t.exposeFloat('ciLower'),
    ciUpper: t.exposeFloat('ciUpper'),
    model: t.exposeString('model'),
    i2: t.exposeFloat('i2', { nullable: true }),
    pHeterogeneity: t.exposeString('pHeterogeneity', { nullable: true, description: "As printed, e.g. '<0.00001'." }),
    pEffect: t.exposeString('pEffect', { nullable: true }),
    certainty: t.exposeString('certainty', { nullable: true, description: 'GRADE certainty as published.' }),
    downgradedFor: t.stringList({
      description: 'GRADE domains the review downgraded for.',
      resolve: (r) => Object.entries(r.downgraded ?? {}).filter(([, down]) => down).map(([domain]) => domain),
    }),
    whereReported: t.exposeString('whereReported'),
    method: t.string({ nullable: true, description: 'Pooling method (MH, IV, PETO), when the source says.', resolve: (r) => r.method ?? null }),
    q: t.float({ nullable: true, description: "Cochran's Q (RevMan's Chi²), when the source gives it.", resolve: (r) => r.chi2 ?? null }),
    qDf: t.int({ nullable: true, resolve: (r) => r.df ?? null }),
    qPValue: t.float({ nullable: true, description: 'P of Q at full precision, when the source gives it (pHeterogeneity is as printed).', resolve: (r) => r.pChi2 ?? null }),
    tau2: t.float({ nullable: true, resolve: (r) => r.tau2 ?? null }),
    z: t.float({ nullable: true, description: 'Test for the overall effect.', resolve: (r) => r.z ?? null }),
    pValue: t.float({ nullable: true, description: 'P of the overall effect at full precision, when the source gives it (pEffect is as printed).', resolve: (r) => r.pZ ?? null }),
  }),
});

async function referenceResults(context: GraphQLContext, filter: { reviewId: string; outcomeId?: string }) {
  let query = context.services.database.db.selectFrom('reference_results').select('result').where('review_id', '=', filter.reviewId).orderBy('position');
  if (filter.outcomeId) query = query.where('outcome_id', '=', filter.outcomeId);
  return (await query.execute()).map((row) => JSON.parse(row.result) as ReferenceResult);
}

builder.objectField(ReviewRef, 'referenceResults', (t) =>
  t.field({
    type: [ReferenceResultRef],
    description: 'Every result the review published (including ones no single outcome here reproduces, like pooled time points).',
    resolve: (review, _args, context) => referenceResults(context, { reviewId: review.id }),
  }),
);

export interface StudyDataView {
  row: import('@cumulus/db').StudyDataRow;
}

export const StudyDataRef = builder.objectRef<StudyDataView>('StudyData').implement({
  description:
    "One row of this outcome's data, as entered: the numbers of one study, or of one arm, comparison or subgroup of it (a study may give several rows, told apart by subgroup and label).",
  fields: (t) => ({
    id: t.id({ description: 'The row (rowId in updateStudyDataRow, removeStudyDataRow, recordStudyData and tables; StudyResult.rowId).', resolve: (d) => d.row.id }),
    studyId: t.id({ resolve: (d) => d.row.study_id }),
    label: t.string({ nullable: true, description: "The row's arm or comparison ('high dose'); null for a study's only row.", resolve: (d) => d.row.label }),
    position: t.int({ description: "The row's place in the outcome: rows are listed by study (in the order studies were added), then by position.", resolve: (d) => d.row.position }),
    study: t.field({
      type: StudyRef,
      resolve: (d, _args, context) => context.services.database.db.selectFrom('studies').selectAll().where('id', '=', d.row.study_id).executeTakeFirstOrThrow(),
    }),
    ...studyNumberFields(t, (d) => d.row),
    subgroup: t.string({ nullable: true, resolve: (d) => d.row.subgroup }),
    source: t.string({ nullable: true, resolve: (d) => d.row.source }),
    recordedInVersion: t.int({ resolve: (d) => d.row.version }),
  }),
});

OutcomeRef.implement({
  description: "An outcome of a review and its analysis at one version (the latest unless asked otherwise).",
  fields: (t) => ({
    id: t.id({ resolve: (v) => v.outcome.id }),
    name: t.string({ resolve: (v) => v.outcome.name }),
    description: t.string({ nullable: true, resolve: (v) => v.outcome.description }),
    measure: t.field({ type: MeasureEnum, resolve: (v) => v.outcome.measure as Measure }),
    dataType: t.string({ description: 'binary, continuous, pre-post or generic.', resolve: (v) => v.outcome.data_type }),
    version: t.int({ description: "The review's version at which this analysis was computed.", resolve: (v) => v.snapshot.version }),
    latestVersion: t.int({ description: 'The version of the latest analysis of this outcome.', resolve: (v) => v.outcome.version }),
    review: t.field({
      type: ReviewRef,
      resolve: (v, _args, context) => context.services.database.db.selectFrom('reviews').selectAll().where('id', '=', v.outcome.review_id).executeTakeFirstOrThrow(),
    }),
    settings: t.field({ type: OutcomeSettingsRef, resolve: (v) => v.outcome }),
    analysis: t.field({
      type: AnalysisRef,
      resolve: async (v, _args, context) => ({
        analysis: await analysisOf(context.services.database, v.snapshot.id),
        snapshot: v.snapshot,
        measure: v.outcome.measure as Measure,
      }),
    }),
    studyData: t.field({
      type: [StudyDataRef],
      description: "The outcome's data rows as entered now (including retracted studies'), by study in the order studies were added, then by position.",
      resolve: async (v, _args, context) => {
        const rows = await context.services.database.db
          .selectFrom('study_data')
          .innerJoin('studies', 'studies.id', 'study_data.study_id')
          .selectAll('study_data')
          .where('study_data.outcome_id', '=', v.outcome.id)
          .orderBy('studies.created_version')
          .orderBy('studies.created_position')
          .orderBy('study_data.position')
          .orderBy('study_data.id')
          .execute();
        return rows.map((row) => ({ row }));
      },
    }),
    versions: t.field({
      type: [OutcomeVersionRef],
      description: 'Every version at which this outcome was recomputed, oldest first: the evidence timeline.',
      resolve: async (v, _args, context) =>
        (await snapshotHeaders(context.services.database, v.outcome.id)).map((snapshot) => ({ snapshot, measure: v.outcome.measure as Measure })),
    }),
    versionsConnection: t.connection(
      {
        type: OutcomeVersionRef,
        nullable: false,
        description: 'The evidence timeline as `versions` lists it (oldest first), a page at a time. Cursors are versions, so new versions never shift a page.',
        resolve: (v, args, context) =>
          keysetConnection({
            args,
            keyset: versionKeyset,
            query: context.services.database.db
              .selectFrom('analysis_snapshots')
              .select(['id', 'outcome_id', 'review_id', 'version', 'k', 'estimate', 'ci_lower', 'ci_upper', 'p_value', 'created_at'])
              .where('outcome_id', '=', v.outcome.id),
            node: (snapshot: SnapshotHeader): VersionView => ({ snapshot, measure: v.outcome.measure as Measure }),
          }),
      },
      { name: 'OutcomeVersionConnection', description: 'A page of the evidence timeline.' },
      { name: 'OutcomeVersionEdge' },
    ),
    referenceResults: t.field({
      type: [ReferenceResultRef],
      description: 'Published results for this outcome, to compare with the recomputed ones.',
      resolve: (v, _args, context) => referenceResults(context, { reviewId: v.outcome.review_id, outcomeId: v.outcome.id }),
    }),
  }),
});

builder.queryFields((t) => ({
  outcome: t.field({
    type: OutcomeRef,
    nullable: true,
    description: 'An outcome with its analysis as of `asOfVersion` (the latest analysis at or before it), or the latest.',
    args: { id: t.arg.id({ required: true }), asOfVersion: t.arg.int() },
    resolve: (_root, args, context) => readableOutcome(context, args.id, args.asOfVersion),
  }),
  compareOutcomeVersions: t.field({
    type: OutcomeComparisonRef,
    nullable: true,
    args: { outcomeId: t.arg.id({ required: true }), from: t.arg.int({ required: true }), to: t.arg.int({ required: true }) },
    resolve: async (_root, args, context) => {
      const [from, to] = await Promise.all([readableOutcome(context, args.outcomeId, args.from), readableOutcome(context, args.outcomeId, args.to)]);
      if (!from || !to) {
        const latest = await readableOutcome(context, args.outcomeId);
        if (!latest) return null;
        throw new GraphQLError(`outcome '${latest.outcome.name}' has no analysis at version ${!from ? args.from : args.to}; it was added at version ${latest.outcome.created_version}`, {
          extensions: { code: 'BAD_USER_INPUT' },
        });
      }
      return { outcome: to.outcome, from: from.snapshot, to: to.snapshot };
    },
  }),
}));

const outcomeSettingsFields = (t: PothosSchemaTypes.InputFieldBuilder<import('./builder.js').CumulusSchemaTypes, 'InputObject'>) => ({
  description: t.string(),
  model: t.field({ type: ModelEnum, description: 'Default RANDOM.' }),
  modelRule: t.field({ type: ModelRuleEnum, description: 'Let a rule choose the model from the data (instead of `model`).' }),
  method: t.field({ type: PoolingMethodEnum, description: 'Default IV.' }),
  tau2Estimator: t.field({ type: Tau2EstimatorEnum, description: 'Default REML.' }),
  ciMethod: t.field({ type: CiMethodEnum, description: 'Default Z.' }),
  preset: t.field({ type: PresetEnum, description: 'Default METAFOR.' }),
  subgroupVariable: t.string({ description: "Form subgroups from a study characteristic (or 'design', 'country'); a study's own subgroup label wins." }),
  timepoint: t.string(),
  prePostCorrelation: t.float({ description: 'MC only: correlation between before and after (default 0, the two-independent-groups analysis).' }),
  prePostDirection: t.field({ type: PrePostDirectionEnum, description: 'MC only: default INCREASE (after minus before).' }),
  totals: t.field({ type: AnalysisTotalsEnum, description: "Which pooled totals to show (RevMan's TOTALS YES / SUB / NO). Default ALL." }),
  unitOfAnalysis: t.field({
    type: UnitOfAnalysisRemedyEnum,
    description: "What to do when one study's participants could enter one total more than once (a multi-arm trial's rows sharing a group, or a study's rows in several subgroups). Default FLAG: analyse as given and say so.",
  }),
  ...evidenceInputFields(t),
});

const AddOutcomeInput = builder.inputType('AddOutcomeInput', {
  fields: (t) => ({
    reviewId: t.id({ required: true }),
    name: t.string({ required: true }),
    measure: t.field({ type: MeasureEnum, required: true }),
    ...outcomeSettingsFields(t),
  }),
});

const UpdateOutcomeSettingsInput = builder.inputType('UpdateOutcomeSettingsInput', {
  description: 'Settings left out stay as they are. The outcome is recomputed under a new version.',
  fields: (t) => ({
    outcomeId: t.id({ required: true }),
    name: t.string(),
    measure: t.field({ type: MeasureEnum }),
    ...outcomeSettingsFields(t),
  }),
});

/** GraphQL's model + modelRule pair as one stored setting. */
function modelSetting(input: { model?: 'fixed' | 'random' | null; modelRule?: 'rule' | null }): 'fixed' | 'random' | 'rule' | null {
  if (input.modelRule) return 'rule';
  return input.model ?? null;
}

export function outcomePayload(name: string) {
  return builder.objectRef<Payload<OutcomeView>>(name).implement({
    fields: (t) => ({
      outcome: t.field({ type: OutcomeRef, nullable: true, description: 'The outcome as of the version this change produced.', resolve: (p) => p.value }),
      errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
    }),
  });
}
const AddOutcomePayload = outcomePayload('AddOutcomePayload');
const UpdateOutcomeSettingsPayload = outcomePayload('UpdateOutcomeSettingsPayload');

/** The payload's outcome, as of the version the change produced (not a later one a concurrent writer made). */
export async function outcomeAtCommit(context: GraphQLContext, result: WriteResult<OutcomeRow>): Promise<Payload<OutcomeView>> {
  if (!result.ok) return { value: null, errors: result.errors, version: null };
  const view = await outcomeViewOf(context.services.database, result.value, result.version);
  return { value: view, errors: [], version: result.version };
}

function modelConflict(input: { model?: unknown; modelRule?: unknown }): Payload<OutcomeView> | null {
  return input.model && input.modelRule
    ? { value: null, errors: [{ field: ['input', 'modelRule'], message: 'give model or modelRule, not both' }], version: null }
    : null;
}

builder.mutationFields((t) => ({
  addOutcome: t.field({
    type: AddOutcomePayload,
    args: { input: t.arg({ type: AddOutcomeInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const conflict = modelConflict(input);
      if (conflict) return conflict;
      const { modelRule: _rule, ...rest } = input;
      return outcomeAtCommit(context, await addOutcome(context.services, context.viewer, { ...rest, model: modelSetting(input) }));
    },
  }),
  updateOutcomeSettings: t.field({
    type: UpdateOutcomeSettingsPayload,
    args: { input: t.arg({ type: UpdateOutcomeSettingsInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const conflict = modelConflict(input);
      if (conflict) return conflict;
      const { modelRule: _rule, ...rest } = input;
      return outcomeAtCommit(context, await updateOutcomeSettings(context.services, context.viewer, { ...rest, model: modelSetting(input) }));
    },
  }),
}));

const OverrideCertaintyDomainInput = builder.inputType('OverrideCertaintyDomainInput', {
  description: "A maintainer's rating of one GRADE domain: kept on the data it was made on, flagged for re-review (needsReview) when they change.",
  fields: (t) => ({
    outcomeId: t.id({ required: true }),
    domain: t.field({ type: GradeDomainEnum, required: true }),
    rating: t.int({ required: true, description: 'Levels: -2, -1 or 0 for the five downgrade domains; 0, +1 or +2 for the three upgrade domains.' }),
    footnote: t.string({ required: true, description: 'Why: printed as the footnote of the Summary of Findings table.' }),
  }),
});

const SetSequentialAssumptionsInput = builder.inputType('SetSequentialAssumptionsInput', {
  description: 'The assumptions of the required information size and trial sequential analysis; fields left out take their defaults.',
  fields: (t) => ({
    outcomeId: t.id({ required: true }),
    relativeRiskReduction: t.float({ description: 'Binary outcomes: the relative risk reduction worth detecting, 0.1 for 10% (default 0.2).' }),
    controlRisk: t.float({ description: 'Binary outcomes: the control risk, a proportion (default the median control risk of the studies).' }),
    minimalDifference: t.float({ description: 'Continuous outcomes: the smallest difference worth detecting.' }),
    sd: t.float({ description: 'Continuous outcomes: the SD of the outcome.' }),
    alpha: t.float({ description: 'Two-sided type I error (default 0.05).' }),
    power: t.float({ description: 'Power, 1 - beta (default 0.8).' }),
  }),
});

builder.mutationFields((t) => ({
  overrideCertaintyDomain: t.field({
    type: outcomePayload('OverrideCertaintyDomainPayload'),
    args: { input: t.arg({ type: OverrideCertaintyDomainInput, required: true }) },
    resolve: async (_root, { input }, context) => outcomeAtCommit(context, await overrideCertaintyDomain(context.services, context.viewer, input)),
  }),
  clearCertaintyOverride: t.field({
    type: outcomePayload('ClearCertaintyOverridePayload'),
    args: { outcomeId: t.arg.id({ required: true }), domain: t.arg({ type: GradeDomainEnum, required: true }) },
    resolve: async (_root, args, context) => outcomeAtCommit(context, await clearCertaintyOverride(context.services, context.viewer, args)),
  }),
  setSequentialAssumptions: t.field({
    type: outcomePayload('SetSequentialAssumptionsPayload'),
    args: { input: t.arg({ type: SetSequentialAssumptionsInput, required: true }) },
    resolve: async (_root, { input }, context) => outcomeAtCommit(context, await setSequentialAssumptions(context.services, context.viewer, input)),
  }),
}));

builder.subscriptionFields((t) => ({
  outcomeUpdated: t.field({
    type: OutcomeRef,
    description:
      "One event per new version of this outcome's analysis (a slow client gets the latest). Query, then subscribe with the version you hold as `sinceVersion`: a newer version committed in between is sent at once.",
    args: {
      outcomeId: t.arg.id({ required: true }),
      sinceVersion: t.arg.int({ description: 'The version you already have; if the outcome has a newer analysis, it is sent first.' }),
    },
    subscribe: async (_root, args, context) => {
      const view = await readableOutcome(context, args.outcomeId);
      if (!view) throw new GraphQLError(`there is no outcome with id '${args.outcomeId}'`, { extensions: { code: 'NOT_FOUND' } });
      const { review_id: reviewId, id: outcomeId } = view.outcome;
      const { sinceVersion } = args;
      return context.services.events.subscribe(reviewId, {
        wanted: (event) => event.outcomeIds.includes(outcomeId),
        missed: given(sinceVersion) ? () => missedOutcomeEvent(context.services.database, reviewId, outcomeId, sinceVersion) : undefined,
      });
    },
    resolve: async (event, args, context) => {
      const view = await outcomeViewForEvent(context.services.database, args.outcomeId, event.version);
      if (!view) throw new GraphQLError(`outcome '${args.outcomeId}' has no analysis at version ${event.version}`);
      return view;
    },
  }),
}));
