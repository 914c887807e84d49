// An outcome's analysis as stored at one version: the pooled result (API.md) and everything behind it.
import type { Fit, Measure, OutcomeAnalysis, SequenceOfFits } from '../domain/engine.js';
import type { SnapshotHeader } from '../domain/reads.js';
import { builder, type CumulusSchemaTypes, type GraphQLContext } from './builder.js';
import { AbsoluteEffectRef, CertaintyRef, InformationSizeRef, SequentialRef } from './evidence.js';
import {
  AnalysisTotalsEnum,
  CiMethodEnum,
  MeasureEnum,
  ModelEnum,
  PoolingMethodEnum,
  PresetEnum,
  PrePostDirectionEnum,
  Tau2EstimatorEnum,
  UnitOfAnalysisKindEnum,
  UnitOfAnalysisRemedyEnum,
} from './enums.js';
import { measureWords } from '../domain/measure-words.js';
import { MetaRegressionAnalysisRef } from './meta-regression.js';

export interface AnalysisView {
  analysis: OutcomeAnalysis | null;
  snapshot: SnapshotHeader;
  measure: Measure;
}

/** Ratios are fitted on the log scale and reported as ratios. */
function reportingScale(view: AnalysisView): (value: number) => number {
  return view.analysis?.scale === 'log' ? Math.exp : (value) => value;
}

const methodWords = { IV: 'inverse-variance weights', MH: 'Mantel-Haenszel weights', PETO: "Peto's method" } as const;
const tau2Words = {
  DL: 'DerSimonian-Laird',
  REML: 'restricted maximum likelihood',
  PM: 'Paule-Mandel',
  SJ: 'Sidik-Jonkman',
  HE: 'Hedges',
  ML: 'maximum likelihood',
  EB: 'empirical Bayes',
} as const;

export function settingsInWords(analysis: OutcomeAnalysis): string {
  const s = analysis.settings;
  const parts: string[] = [];
  parts.push(
    s.model === 'random'
      ? `Random-effects model (${tau2Words[s.tau2Estimator]} estimate of τ²)`
      : 'Fixed-effect (common-effect) model',
  );
  if (analysis.modelChoice) parts.push(`chosen by the rule "fixed if I² ≤ 50% and heterogeneity P > 0.1": ${analysis.modelChoice.reason}`);
  parts.push(methodWords[s.method]);
  parts.push(s.ciMethod === 'hksj' ? 'Hartung-Knapp-Sidik-Jonkman 95% CI (t distribution)' : 'normal (Wald) 95% CI');
  parts.push(`pooling ${measureWords[analysis.measure]}${analysis.scale === 'log' ? ' on the log scale' : ''}`);
  if (analysis.measure === 'MC') {
    parts.push(
      `pre/post correlation r = ${s.prePostCorrelation}${s.prePostCorrelation === 0 ? ' (the two-independent-groups analysis)' : ''}, ${s.prePostDirection === 'decrease' ? 'before minus after' : 'after minus before'}`,
    );
  }
  parts.push(s.preset === 'revman5' ? 'RevMan 5 conventions' : 'metafor conventions');
  return `${parts.join('; ')}.`;
}

const AnalysisSettingsRef = builder.objectRef<OutcomeAnalysis>('AnalysisSettings').implement({
  description: 'The settings this analysis ran with (as of its version).',
  fields: (t) => ({
    measure: t.field({ type: MeasureEnum, resolve: (a) => a.measure }),
    model: t.field({ type: ModelEnum, description: 'The model used (after any rule chose it).', resolve: (a) => a.settings.model }),
    method: t.field({ type: PoolingMethodEnum, resolve: (a) => a.settings.method }),
    tau2Estimator: t.field({ type: Tau2EstimatorEnum, nullable: true, resolve: (a) => (a.settings.model === 'random' ? a.settings.tau2Estimator : null) }),
    ciMethod: t.field({ type: CiMethodEnum, resolve: (a) => a.settings.ciMethod }),
    preset: t.field({ type: PresetEnum, resolve: (a) => a.settings.preset }),
    prePostCorrelation: t.float({ nullable: true, resolve: (a) => (a.measure === 'MC' ? a.settings.prePostCorrelation : null) }),
    prePostDirection: t.field({ type: PrePostDirectionEnum, nullable: true, resolve: (a) => (a.measure === 'MC' ? a.settings.prePostDirection : null) }),
    totals: t.field({ type: AnalysisTotalsEnum, description: 'The pooled totals shown (ALL in analyses stored before this setting).', resolve: (a) => (a.settings as Partial<OutcomeAnalysis['settings']>).totals ?? 'all' }),
    unitOfAnalysis: t.field({
      type: UnitOfAnalysisRemedyEnum,
      description: 'The remedy for a study counted more than once in one total (FLAG in analyses stored before this setting).',
      resolve: (a) => (a.settings as Partial<OutcomeAnalysis['settings']>).unitOfAnalysis ?? 'flag',
    }),
    inWords: t.string({ description: 'The settings in plain words, for a methods section.', resolve: settingsInWords }),
  }),
});

const ModelChoiceRef = builder.objectRef<NonNullable<OutcomeAnalysis['modelChoice']>>('ModelChoice').implement({
  fields: (t) => ({
    rule: t.exposeString('rule'),
    chosen: t.field({ type: ModelEnum, resolve: (c) => c.chosen }),
    reason: t.exposeString('reason'),
  }),
});

type StudyEffect = OutcomeAnalysis['studies'][number];

/** The study a row belongs to; analyses stored before outcomes had rows named the study by `id`. */
const studyIdOf = (effect: StudyEffect): string => (effect as Partial<StudyEffect>).studyId ?? effect.id;

/** The row's id, or null in analyses stored before outcomes had rows (their `id` is the study's). */
const rowIdOf = (effect: StudyEffect): string | null => ((effect as Partial<StudyEffect>).studyId == null ? null : effect.id);

/** The label of a row's arm or comparison, as stored now (null for a row without one, or one removed since). */
async function rowLabelOf(context: GraphQLContext, reviewId: string, rowId: string | null): Promise<string | null> {
  return rowId === null ? null : ((await context.studyLabels.rows(reviewId)).get(rowId)?.label ?? null);
}

/** 'Smith 2019 (high dose)': the study's label, and the row's when it has one. */
async function labelOf(context: GraphQLContext, reviewId: string, studyId: string, rowId: string | null): Promise<string> {
  const [labels, rowLabel] = await Promise.all([context.studyLabels.labels(reviewId), rowLabelOf(context, reviewId, rowId)]);
  const study = labels.get(studyId) ?? studyId;
  return rowLabel === null ? study : `${study} (${rowLabel})`;
}

/** The study of an id the engine gives for a row (excluded rows, funnel points): the row's study, else the id itself (older analyses). */
async function studyOfRowId(context: GraphQLContext, reviewId: string, id: string): Promise<string> {
  return (await context.studyLabels.rows(reviewId)).get(id)?.studyId ?? id;
}

interface StudyResultView {
  effect: StudyEffect;
  reviewId: string;
  version: number;
}

const StudyResultRef = builder.objectRef<StudyResultView>('StudyResult').implement({
  description: "One data row's effect on the reporting scale, and its weight in the pooled result. A study may give several rows (arms, comparisons, subgroups).",
  fields: (t) => ({
    studyId: t.id({ description: 'The study the row belongs to.', resolve: (r) => studyIdOf(r.effect) }),
    rowId: t.id({
      nullable: true,
      description: "The data row (StudyData.id) this effect is computed from; null in analyses stored before outcomes had several rows per study.",
      resolve: (r) => rowIdOf(r.effect),
    }),
    rowLabel: t.string({
      nullable: true,
      description: "The row's arm or comparison label ('high dose'), as stored now; null when the row has none.",
      resolve: (r, _args, context) => rowLabelOf(context, r.reviewId, rowIdOf(r.effect)),
    }),
    label: t.string({
      description: "The study's label, followed by the row's label in parentheses when it has one: 'Smith 2019 (high dose)'.",
      resolve: (r, _args, context) => labelOf(context, r.reviewId, studyIdOf(r.effect), rowIdOf(r.effect)),
    }),
    estimate: t.float({ resolve: (r) => r.effect.estimate }),
    ciLower: t.float({ resolve: (r) => r.effect.ciLower }),
    ciUpper: t.float({ resolve: (r) => r.effect.ciUpper }),
    weight: t.float({ description: 'Percent of the pooled weight.', resolve: (r) => r.effect.weight }),
    yi: t.float({ description: 'Effect on the analysis scale (log for ratios).', resolve: (r) => r.effect.yi }),
    vi: t.float({ description: 'Sampling variance on the analysis scale.', resolve: (r) => r.effect.vi }),
    se: t.float({ resolve: (r) => Math.sqrt(r.effect.vi) }),
    subgroup: t.string({ nullable: true, resolve: (r) => r.effect.subgroup ?? null }),
    year: t.int({ nullable: true, resolve: (r) => r.effect.year ?? null }),
  }),
});

const ExcludedStudyRef = builder.objectRef<{ id: string; studyId?: string; reason: string; reviewId: string; version: number }>('ExcludedStudy').implement({
  description: 'A data row left out of the analysis, and why.',
  fields: (t) => ({
    studyId: t.id({ resolve: async (e, _args, context) => e.studyId ?? (await studyOfRowId(context, e.reviewId, e.id)) }),
    label: t.string({
      resolve: async (e, _args, context) => {
        const studyId = e.studyId ?? (await studyOfRowId(context, e.reviewId, e.id));
        return labelOf(context, e.reviewId, studyId, studyId === e.id ? null : e.id);
      },
    }),
    reason: t.exposeString('reason'),
  }),
});

const UnitOfAnalysisNoteRef = builder.objectRef<{ note: OutcomeAnalysis['unitOfAnalysis'][number]; reviewId: string }>('UnitOfAnalysisNote').implement({
  description: "A study whose participants could enter one total more than once (Cochrane Handbook 23.3.4), and the outcome's remedy.",
  fields: (t) => ({
    studyId: t.id({ description: 'The study counted more than once.', resolve: (n) => n.note.studyId }),
    studyLabel: t.string({ description: "The study's label.", resolve: async (n, _args, context) => (await context.studyLabels.labels(n.reviewId)).get(n.note.studyId) ?? n.note.studyId }),
    rowIds: t.idList({ description: 'The rows of the study involved (StudyData.id, StudyResult.rowId).', resolve: (n) => n.note.rowIds }),
    totals: t.stringList({ description: "The totals concerned: 'overall' and/or subgroup names.", resolve: (n) => n.note.totals }),
    kind: t.field({ type: UnitOfAnalysisKindEnum, description: 'How the study comes to be counted more than once.', resolve: (n) => n.note.kind }),
    message: t.string({ description: 'What happened, and the remedy applied if any, in words.', resolve: (n) => n.note.message }),
  }),
});

interface FitView {
  fit: Fit;
  scale: (value: number) => number;
}

const PooledFitRef = builder.objectRef<FitView>('PooledFit').implement({
  description: 'A fitted model: estimate and CI on the reporting scale, heterogeneity statistics.',
  fields: (t) => ({
    k: t.int({ resolve: (f) => f.fit.k }),
    model: t.field({ type: ModelEnum, resolve: (f) => f.fit.model }),
    estimate: t.float({ resolve: (f) => f.scale(f.fit.estimate) }),
    ciLower: t.float({ resolve: (f) => f.scale(f.fit.ciLower) }),
    ciUpper: t.float({ resolve: (f) => f.scale(f.fit.ciUpper) }),
    pValue: t.float({ resolve: (f) => f.fit.pval }),
    tau2: t.float({ resolve: (f) => f.fit.tau2 }),
    i2: t.float({ resolve: (f) => f.fit.I2 }),
    q: t.float({ resolve: (f) => f.fit.Q }),
    qDf: t.int({ description: "Q's degrees of freedom.", resolve: (f) => f.fit.Qdf }),
    qPValue: t.float({ resolve: (f) => f.fit.Qp }),
    i2Q: t.float({ description: 'I² as (Q - df)/Q, percent, as RevMan reports it (0 with no degree of freedom).', resolve: (f) => f.fit.I2Q }),
    z: t.float({ description: 'The test statistic for the overall effect: z, or t for Hartung-Knapp-Sidik-Jonkman.', resolve: (f) => f.fit.stat }),
  }),
});

interface SubgroupView {
  name: string;
  k: number;
  studies: number;
  fit: FitView;
}

const SubgroupResultRef = builder.objectRef<SubgroupView>('SubgroupResult').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    k: t.exposeInt('k', { description: 'Rows in the subgroup.' }),
    studies: t.exposeInt('studies', { description: 'Distinct studies in the subgroup (as RevMan counts them).' }),
    estimate: t.float({ resolve: (g) => g.fit.scale(g.fit.fit.estimate) }),
    ciLower: t.float({ resolve: (g) => g.fit.scale(g.fit.fit.ciLower) }),
    ciUpper: t.float({ resolve: (g) => g.fit.scale(g.fit.fit.ciUpper) }),
    pValue: t.float({ resolve: (g) => g.fit.fit.pval }),
    tau2: t.float({ resolve: (g) => g.fit.fit.tau2 }),
    i2: t.float({ resolve: (g) => g.fit.fit.I2 }),
    fit: t.field({ type: PooledFitRef, resolve: (g) => g.fit }),
  }),
});

const SubgroupAnalysisRef = builder
  .objectRef<{ groups: SubgroupView[]; qBetween: number; qBetweenDf: number; qBetweenPValue: number; qBetweenI2: number }>('SubgroupAnalysis')
  .implement({
    description: 'Each subgroup pooled as the outcome is (Mantel-Haenszel or Peto weights within a subgroup, as RevMan 5 does), and the test for subgroup differences.',
    fields: (t) => ({
      groups: t.field({ type: [SubgroupResultRef], resolve: (s) => s.groups }),
      qBetween: t.exposeFloat('qBetween', { description: 'Test for subgroup differences: Q between subgroups.' }),
      qBetweenDf: t.exposeInt('qBetweenDf'),
      qBetweenPValue: t.exposeFloat('qBetweenPValue'),
      qBetweenI2: t.exposeFloat('qBetweenI2', { description: 'I² of the test for subgroup differences, percent: (Q - df)/Q.' }),
    }),
  });

interface SequenceStep {
  studyId: string;
  reviewId: string;
  version: number;
  index: number;
  sequence: SequenceOfFits;
  scale: (value: number) => number;
  year: number | null;
}

function sequenceFields(t: PothosSchemaTypes.ObjectFieldBuilder<CumulusSchemaTypes, SequenceStep>) {
  return {
    label: t.string({ resolve: async (s, _args, context) => (await context.studyLabels.labels(s.reviewId)).get(s.studyId) ?? s.studyId }),
    estimate: t.float({ resolve: (s) => s.scale(s.sequence.estimate[s.index]) }),
    ciLower: t.float({ resolve: (s) => s.scale(s.sequence.ciLower[s.index]) }),
    ciUpper: t.float({ resolve: (s) => s.scale(s.sequence.ciUpper[s.index]) }),
    pValue: t.float({ resolve: (s) => s.sequence.pval[s.index] }),
    i2: t.float({ resolve: (s) => s.sequence.I2[s.index] }),
    q: t.float({ resolve: (s) => s.sequence.Q[s.index] }),
    tau2: t.float({ nullable: true, resolve: (s) => s.sequence.tau2[s.index] ?? null }),
  };
}

const LeaveOneOutRef = builder.objectRef<SequenceStep>('LeaveOneOutResult').implement({
  description: 'The model refitted without one study.',
  fields: (t) => ({ omittedStudyId: t.id({ resolve: (s) => s.studyId }), ...sequenceFields(t) }),
});

const CumulativeRef = builder.objectRef<SequenceStep>('CumulativeResult').implement({
  description: 'The model fitted to the studies up to and including this one, in year order.',
  fields: (t) => ({
    addedStudyId: t.id({ resolve: (s) => s.studyId }),
    year: t.int({ nullable: true, resolve: (s) => s.year }),
    k: t.int({ resolve: (s) => s.index + 1 }),
    ...sequenceFields(t),
  }),
});

const EggerRef = builder.objectRef<{ egger: NonNullable<OutcomeAnalysis['egger']>; scale: (v: number) => number }>('EggerTest').implement({
  description: "Egger's regression test for funnel plot asymmetry.",
  fields: (t) => ({
    bias: t.float({ resolve: (e) => e.egger.bias }),
    biasSe: t.float({ resolve: (e) => e.egger.biasSe }),
    t: t.float({ resolve: (e) => e.egger.t }),
    df: t.int({ resolve: (e) => e.egger.df }),
    pValue: t.float({ resolve: (e) => e.egger.pval }),
    limitEstimate: t.float({ description: 'The estimate as the standard error goes to zero, reporting scale.', resolve: (e) => e.scale(e.egger.limitEstimate) }),
  }),
});

const BeggRef = builder.objectRef<NonNullable<OutcomeAnalysis['begg']>>('BeggTest').implement({
  description: 'Begg and Mazumdar rank correlation test.',
  fields: (t) => ({
    tau: t.exposeFloat('tau', { description: "Kendall's tau." }),
    pValue: t.float({ resolve: (b) => b.pvalExactOrMetafor }),
    exact: t.boolean({ resolve: (b) => b.pvalExact }),
    pValueNormalCC: t.float({ description: 'Normal approximation with continuity correction (Stata metabias).', resolve: (b) => b.pvalNormalCC }),
  }),
});

const FilledStudyRef = builder.objectRef<{ yi: number; vi: number; scale: (v: number) => number }>('FilledStudy').implement({
  fields: (t) => ({
    yi: t.exposeFloat('yi'),
    vi: t.exposeFloat('vi'),
    estimate: t.float({ resolve: (f) => f.scale(f.yi) }),
  }),
});

const TrimFillRef = builder.objectRef<{ trimFill: NonNullable<OutcomeAnalysis['trimFill']>; scale: (v: number) => number }>('TrimFill').implement({
  description: 'Duval and Tweedie trim-and-fill (L0 estimator).',
  fields: (t) => ({
    k0: t.int({ description: 'Studies imputed.', resolve: (r) => r.trimFill.k0 }),
    side: t.string({ resolve: (r) => r.trimFill.side }),
    estimate: t.float({ resolve: (r) => r.scale(r.trimFill.fit.estimate) }),
    ciLower: t.float({ resolve: (r) => r.scale(r.trimFill.fit.ciLower) }),
    ciUpper: t.float({ resolve: (r) => r.scale(r.trimFill.fit.ciUpper) }),
    fit: t.field({ type: PooledFitRef, resolve: (r) => ({ fit: r.trimFill.fit, scale: r.scale }) }),
    filled: t.field({
      type: [FilledStudyRef],
      resolve: (r) => (r.trimFill.filled.yi ?? []).map((yi, i) => ({ yi, vi: r.trimFill.filled.vi[i], scale: r.scale })),
    }),
  }),
});

const FunnelPointRef = builder.objectRef<NonNullable<OutcomeAnalysis['funnel']>['points'][number] & { reviewId: string }>('FunnelPoint').implement({
  fields: (t) => ({
    studyId: t.id({ description: "The study of the point's row (filled points: the id the engine gave them).", resolve: (p, _args, context) => studyOfRowId(context, p.reviewId, p.id) }),
    yi: t.exposeFloat('yi'),
    se: t.exposeFloat('se'),
    filled: t.exposeBoolean('filled'),
  }),
});
const FunnelLimitRef = builder.objectRef<NonNullable<OutcomeAnalysis['funnel']>['limits'][number]>('FunnelLimit').implement({
  fields: (t) => ({ se: t.exposeFloat('se'), lower: t.exposeFloat('lower'), upper: t.exposeFloat('upper') }),
});
const FunnelRef = builder.objectRef<NonNullable<OutcomeAnalysis['funnel']> & { reviewId: string }>('Funnel').implement({
  description: 'Funnel plot data on the analysis scale (log for ratios), with pseudo-95% limits: one point per data row.',
  fields: (t) => ({
    center: t.exposeFloat('center'),
    points: t.field({ type: [FunnelPointRef], resolve: (f) => f.points.map((point) => ({ ...point, reviewId: f.reviewId })) }),
    limits: t.field({ type: [FunnelLimitRef], resolve: (f) => f.limits }),
  }),
});

function steps(view: AnalysisView, sequence: SequenceOfFits | null): SequenceStep[] {
  if (!sequence) return [];
  const years = new Map(view.analysis?.studies.map((s) => [studyIdOf(s), s.year ?? null]));
  return sequence.ids.map((studyId, index) => ({
    studyId,
    index,
    sequence,
    reviewId: view.snapshot.review_id,
    version: view.snapshot.version,
    scale: reportingScale(view),
    year: years.get(studyId) ?? null,
  }));
}

export const AnalysisRef = builder.objectRef<AnalysisView>('Analysis').implement({
  description: "An outcome's analysis as stored at one version. Estimates are on the reporting scale (an odds ratio, not its log).",
  fields: (t) => ({
    version: t.int({ description: 'The review version this analysis was computed at.', resolve: (a) => a.snapshot.version }),
    computedAt: t.string({ resolve: (a) => a.snapshot.created_at }),
    k: t.int({ description: 'Studies in the analysis (each counted once, however many rows it gives).', resolve: (a) => a.analysis?.k ?? 0 }),
    rowCount: t.int({
      description: 'Data rows analysed: a study may give several (arms of a multi-arm trial, subgroups), so this can exceed k.',
      resolve: (a) => (a.analysis ? ((a.analysis as Partial<OutcomeAnalysis>).rowCount ?? a.analysis.studies.length) : 0),
    }),
    totals: t.field({
      type: AnalysisTotalsEnum,
      description: 'Which pooled totals this analysis shows: without the overall total, estimate and everything that needs it are null.',
      resolve: (a) => (a.analysis?.settings as Partial<OutcomeAnalysis['settings']> | undefined)?.totals ?? 'all',
    }),
    unitOfAnalysis: t.field({
      type: [UnitOfAnalysisNoteRef],
      description: "Studies whose participants could enter one total more than once (several rows in one total, or rows in several subgroups under the overall total), and what was done about it.",
      resolve: (a) => ((a.analysis as Partial<OutcomeAnalysis> | null)?.unitOfAnalysis ?? []).map((note) => ({ note, reviewId: a.snapshot.review_id })),
    }),
    measure: t.field({ type: MeasureEnum, resolve: (a) => a.measure }),
    scale: t.string({ description: "'log' when fitted on the log scale (OR, RR), else 'identity'.", resolve: (a) => a.analysis?.scale ?? (a.measure === 'OR' || a.measure === 'RR' ? 'log' : 'identity') }),
    model: t.field({ type: ModelEnum, nullable: true, resolve: (a) => a.analysis?.settings.model ?? null }),
    estimate: t.float({ nullable: true, resolve: (a) => a.analysis?.summary?.estimate ?? null }),
    ciLower: t.float({ nullable: true, resolve: (a) => a.analysis?.summary?.ciLower ?? null }),
    ciUpper: t.float({ nullable: true, resolve: (a) => a.analysis?.summary?.ciUpper ?? null }),
    pValue: t.float({ nullable: true, resolve: (a) => a.analysis?.summary?.pValue ?? null }),
    se: t.float({ nullable: true, description: 'Standard error on the analysis scale.', resolve: (a) => a.analysis?.fit?.se ?? null }),
    tau2: t.float({ nullable: true, resolve: (a) => a.analysis?.fit?.tau2 ?? null }),
    tau2Lower: t.float({ nullable: true, resolve: (a) => a.analysis?.fit?.tau2CI?.[0] ?? null }),
    tau2Upper: t.float({ nullable: true, resolve: (a) => a.analysis?.fit?.tau2CI?.[1] ?? null }),
    i2: t.float({ nullable: true, description: 'Percent.', resolve: (a) => a.analysis?.fit?.I2 ?? null }),
    i2Lower: t.float({ nullable: true, resolve: (a) => a.analysis?.fit?.I2CI?.[0] ?? null }),
    i2Upper: t.float({ nullable: true, resolve: (a) => a.analysis?.fit?.I2CI?.[1] ?? null }),
    h2: t.float({ nullable: true, resolve: (a) => a.analysis?.fit?.H2 ?? null }),
    q: t.float({ nullable: true, resolve: (a) => a.analysis?.fit?.Q ?? null }),
    qDf: t.int({ nullable: true, resolve: (a) => a.analysis?.fit?.Qdf ?? null }),
    qPValue: t.float({ nullable: true, resolve: (a) => a.analysis?.fit?.Qp ?? null }),
    predictionLower: t.float({ nullable: true, resolve: (a) => a.analysis?.summary?.predictionLower ?? null }),
    predictionUpper: t.float({ nullable: true, resolve: (a) => a.analysis?.summary?.predictionUpper ?? null }),
    settings: t.field({ type: AnalysisSettingsRef, nullable: true, resolve: (a) => a.analysis }),
    modelChoice: t.field({ type: ModelChoiceRef, nullable: true, resolve: (a) => a.analysis?.modelChoice ?? null }),
    studies: t.field({
      type: [StudyResultRef],
      resolve: (a) => (a.analysis?.studies ?? []).map((effect) => ({ effect, reviewId: a.snapshot.review_id, version: a.snapshot.version })),
    }),
    excluded: t.field({
      type: [ExcludedStudyRef],
      resolve: (a) => (a.analysis?.excluded ?? []).map((e) => ({ ...e, reviewId: a.snapshot.review_id, version: a.snapshot.version })),
    }),
    subgroups: t.field({
      type: SubgroupAnalysisRef,
      nullable: true,
      resolve: (a) => {
        const subgroups = a.analysis?.subgroups;
        if (!subgroups) return null;
        const scale = reportingScale(a);
        return {
          // Snapshots stored before rows have no study count or I² of the test: one row per study, and I² from Q.
          groups: subgroups.groups.map((g) => ({ name: g.name, k: g.k, studies: g.studies ?? g.k, fit: { fit: g.fit, scale } })),
          qBetween: subgroups.Qbetween,
          qBetweenDf: subgroups.QbetweenDf,
          qBetweenPValue: subgroups.QbetweenP,
          qBetweenI2: subgroups.QbetweenI2 ?? (subgroups.QbetweenDf > 0 && subgroups.Qbetween > 0 ? Math.max(0, (100 * (subgroups.Qbetween - subgroups.QbetweenDf)) / subgroups.Qbetween) : 0),
        };
      },
    }),
    leaveOneOut: t.field({ type: [LeaveOneOutRef], resolve: (a) => steps(a, a.analysis?.leaveOneOut ?? null) }),
    cumulative: t.field({ type: [CumulativeRef], resolve: (a) => steps(a, a.analysis?.cumulative ?? null) }),
    egger: t.field({ type: EggerRef, nullable: true, resolve: (a) => (a.analysis?.egger ? { egger: a.analysis.egger, scale: reportingScale(a) } : null) }),
    begg: t.field({ type: BeggRef, nullable: true, resolve: (a) => a.analysis?.begg ?? null }),
    trimFill: t.field({ type: TrimFillRef, nullable: true, resolve: (a) => (a.analysis?.trimFill ? { trimFill: a.analysis.trimFill, scale: reportingScale(a) } : null) }),
    funnel: t.field({ type: FunnelRef, nullable: true, resolve: (a) => (a.analysis?.funnel ? { ...a.analysis.funnel, reviewId: a.snapshot.review_id } : null) }),
    fit: t.field({ type: PooledFitRef, nullable: true, resolve: (a) => (a.analysis?.fit ? { fit: a.analysis.fit, scale: reportingScale(a) } : null) }),
    notes: t.stringList({ description: 'What the engine did that a reader should know.', resolve: (a) => a.analysis?.notes ?? [] }),
    absoluteEffects: t.field({ type: [AbsoluteEffectRef], nullable: true, description: 'Per 1000 at each assumed control risk (OR, RR, RD).', resolve: (a) => a.analysis?.absoluteEffects ?? null }),
    informationSize: t.field({ type: InformationSizeRef, nullable: true, resolve: (a) => a.analysis?.informationSize ?? null }),
    sequential: t.field({ type: SequentialRef, nullable: true, description: 'Trial sequential analysis, when the outcome states its assumptions.', resolve: (a) => (a.analysis?.sequential ? { ...a.analysis.sequential, scale: a.analysis.scale } : null) }),
    certainty: t.field({ type: CertaintyRef, nullable: true, description: 'GRADE certainty (needs every study\'s design).', resolve: (a) => (a.analysis?.certainty ? { ...a.analysis.certainty, scale: a.analysis.scale } : null) }),
    metaRegression: t.field({
      type: MetaRegressionAnalysisRef,
      nullable: true,
      description: "Meta-regression on the outcome's moderators (metaRegressionModerators), computed with this analysis; null when none are chosen.",
      resolve: (a) => (a.analysis?.metaRegression ? { ...a.analysis.metaRegression, reviewId: a.snapshot.review_id } : null),
    }),
    snapshot: t.field({ type: 'JSON', nullable: true, description: 'The whole stored analysis (@cumulus/stats OutcomeAnalysis), as JSON.', resolve: (a) => a.analysis }),
  }),
});
