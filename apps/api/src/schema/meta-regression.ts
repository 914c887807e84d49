// An outcome's meta-regression as stored with its analysis: coefficients and tests (metafor's rma with mods), the
// fitted line of a single numeric moderator, and each row's point for a bubble plot; or why it could not be computed.
import type { MetaRegression, OutcomeMetaRegression } from '../domain/engine.js';
import { builder, type GraphQLContext } from './builder.js';
import { CiMethodEnum, ModelEnum, Tau2EstimatorEnum } from './enums.js';
import { MetaRegressionModeratorRef } from './evidence.js';

type MetaRegressionView = OutcomeMetaRegression & { reviewId: string };
type PointView = OutcomeMetaRegression['points'][number] & { reviewId: string; numeric: boolean };

/** 'Smith 2019 (high dose)' for a row id, as labels are stored now; the id itself when it is gone. */
async function rowLabel(context: GraphQLContext, reviewId: string, rowId: string): Promise<string | null> {
  const row = (await context.studyLabels.rows(reviewId)).get(rowId);
  if (!row) return null;
  const study = (await context.studyLabels.labels(reviewId)).get(row.studyId) ?? row.studyId;
  return row.label ? `${study} (${row.label})` : study;
}

const CoefficientRef = builder.objectRef<MetaRegression['coefficients'][number]>('MetaRegressionCoefficient').implement({
  description: 'One coefficient on the analysis scale (log for OR and RR): the intercept, a numeric moderator\'s slope, or a level of a factor against its reference.',
  fields: (t) => ({
    name: t.exposeString('name', { description: "'intercept', the moderator's name, or 'moderator: level'." }),
    moderator: t.exposeString('moderator', { nullable: true }),
    level: t.exposeString('level', { nullable: true }),
    estimate: t.exposeFloat('estimate'),
    se: t.exposeFloat('se'),
    statistic: t.exposeFloat('stat', { description: 'z, or t with k - p df under Knapp-Hartung.' }),
    pValue: t.exposeFloat('pval'),
    ciLower: t.exposeFloat('ciLower'),
    ciUpper: t.exposeFloat('ciUpper'),
  }),
});

const FittedPointRef = builder.objectRef<NonNullable<MetaRegression['fittedLine']>['points'][number]>('MetaRegressionFittedPoint').implement({
  fields: (t) => ({ x: t.exposeFloat('x'), fit: t.exposeFloat('fit'), ciLower: t.exposeFloat('ciLower'), ciUpper: t.exposeFloat('ciUpper') }),
});

const FittedLineRef = builder.objectRef<NonNullable<MetaRegression['fittedLine']>>('MetaRegressionFittedLine').implement({
  description: 'The fitted line over the observed range of a single numeric moderator, with its 95% confidence band (analysis scale).',
  fields: (t) => ({ moderator: t.exposeString('moderator'), points: t.field({ type: [FittedPointRef], resolve: (l) => l.points }) }),
});

const ResultRef = builder.objectRef<MetaRegression>('MetaRegressionResult').implement({
  description: "A mixed-effects (or fixed-effects) meta-regression as R metafor's rma(yi, vi, mods = ...).",
  fields: (t) => ({
    model: t.field({ type: ModelEnum, resolve: (r) => r.model }),
    tau2Estimator: t.field({ type: Tau2EstimatorEnum, nullable: true, resolve: (r) => r.tau2Estimator }),
    ciMethod: t.field({ type: CiMethodEnum, resolve: (r) => r.ciMethod }),
    k: t.exposeInt('k', { description: 'Rows in the regression.' }),
    p: t.exposeInt('p', { description: 'Coefficients, the intercept included.' }),
    coefficients: t.field({ type: [CoefficientRef], resolve: (r) => r.coefficients }),
    df: t.exposeInt('df', { nullable: true, description: 'Degrees of freedom of the t tests (k - p) under Knapp-Hartung; null for z tests.' }),
    qm: t.exposeFloat('QM', { nullable: true, description: 'Omnibus test of the moderators: chi-square, or F under Knapp-Hartung.' }),
    qmDf: t.int({ nullable: true, description: 'Its (numerator) degrees of freedom.', resolve: (r) => (Array.isArray(r.QMdf) ? r.QMdf[0] : r.QMdf) }),
    qmDenominatorDf: t.int({ nullable: true, description: "The F test's denominator degrees of freedom (k - p); null for a chi-square test.", resolve: (r) => (Array.isArray(r.QMdf) ? r.QMdf[1] : null) }),
    qmPValue: t.exposeFloat('QMp', { nullable: true }),
    qe: t.exposeFloat('QE', { description: 'Test for residual heterogeneity.' }),
    qeDf: t.exposeInt('QEdf'),
    qePValue: t.exposeFloat('QEp'),
    tau2: t.exposeFloat('tau2', { description: 'Residual τ².' }),
    i2: t.exposeFloat('I2', { description: 'Residual I², percent.' }),
    h2: t.exposeFloat('H2', { description: 'Residual H².' }),
    r2: t.exposeFloat('R2', { nullable: true, description: 'Pseudo-R², percent: the share of τ² the moderators account for (random effects).' }),
    fittedLine: t.field({ type: FittedLineRef, nullable: true, description: 'For a single numeric moderator.', resolve: (r) => r.fittedLine }),
    warnings: t.stringList({ description: 'Fewer than ten studies per coefficient, and the like.', resolve: (r) => r.warnings.map((w) => w.message) }),
  }),
});

const PointRef = builder.objectRef<PointView>('MetaRegressionStudy').implement({
  description: 'One row in the meta-regression: its effect on the analysis scale, its moderators and its weight.',
  fields: (t) => ({
    rowId: t.exposeID('id'),
    studyId: t.exposeID('studyId'),
    label: t.string({ resolve: async (p, _args, context) => (await rowLabel(context, p.reviewId, p.id)) ?? p.studyId }),
    values: t.field({ type: ['String'], nullable: { list: false, items: true }, description: 'The moderators\' values, in the order of `moderators`.', resolve: (p) => p.values.map((v) => (v === null ? null : String(v))) }),
    x: t.float({ nullable: true, description: 'The first moderator\'s value when it is numeric: the bubble plot\'s x.', resolve: (p) => (p.numeric && typeof p.values[0] === 'number' ? p.values[0] : null) }),
    yi: t.exposeFloat('yi'),
    vi: t.exposeFloat('vi'),
    weight: t.exposeFloat('weight', { description: 'Percent of the weight 1 / (vi + τ²).' }),
  }),
});

export const MetaRegressionAnalysisRef = builder.objectRef<MetaRegressionView>('MetaRegressionAnalysis').implement({
  description: 'The meta-regression computed with this analysis, or why it could not be (a moderator missing or constant: fix the studies\' characteristics).',
  fields: (t) => ({
    moderators: t.field({
      type: [MetaRegressionModeratorRef],
      resolve: (m) => m.moderators.map((name) => ({ name, kind: m.factors.includes(name) ? ('categorical' as const) : ('numeric' as const) })),
    }),
    error: t.string({
      nullable: true,
      description: 'Why there is no result, naming the study to fix; null with a result.',
      resolve: async (m, _args, context) => {
        if (m.error === null || m.errorRowId === null) return m.error;
        const label = await rowLabel(context, m.reviewId, m.errorRowId);
        return label ? m.error.replaceAll(`'${m.errorRowId}'`, `'${label}'`) : m.error;
      },
    }),
    result: t.field({ type: ResultRef, nullable: true, resolve: (m) => m.result }),
    studies: t.field({
      type: [PointRef],
      resolve: (m) => m.points.map((p) => ({ ...p, reviewId: m.reviewId, numeric: m.moderators.length > 0 && !m.factors.includes(m.moderators[0]) })),
    }),
  }),
});
