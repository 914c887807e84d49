// The plain data the engine takes and returns. Every result is serialisable JSON.
import type { AbsoluteEffect } from './grade/absolute-effects.js';
import type { CertaintyAssessment, CertaintyOverride } from './grade/certainty.js';
import type { InformationSize } from './grade/information-size.js';
import type { ImportanceThresholdSettings } from './grade/thresholds.js';
import type { MetaRegressionSettings, OutcomeMetaRegression } from './meta-regression/of-outcome.js';
import type { RiskOfBiasTable, RobinsIJudgement, StudyRiskOfBias, WithoutHighRiskOfBias } from './risk-of-bias.js';
import type { TrialSequentialAnalysis } from './sequential/trial-sequential-analysis.js';

/**
 * Effect measures. MC is the mean change of a single-group pre/post study; HR (hazard ratio) and ROM (ratio of
 * means) are ratios given as effects with their SE (generic inverse variance), analysed on the log scale.
 */
export type Measure = 'OR' | 'RR' | 'RD' | 'MD' | 'SMD' | 'MC' | 'HR' | 'ROM' | 'GENERIC';
export type RatioMeasure = 'OR' | 'RR';
export type BinaryMeasure = 'OR' | 'RR' | 'RD';

export type ModelKind = 'fixed' | 'random';
export type PoolingMethod = 'IV' | 'MH' | 'PETO';
export type Tau2Estimator = 'DL' | 'REML' | 'PM' | 'SJ' | 'HE' | 'ML' | 'EB';
export type CiMethod = 'z' | 'hksj';
/** `metafor` follows R metafor's defaults; `revman5` gives numbers exactly as Cochrane RevMan 5. */
export type Preset = 'metafor' | 'revman5';

interface StudyBase {
  /** The data row's id, unique within the outcome (a study may give several rows: arms, subgroups). */
  id: string;
  /** The study the row belongs to; the row's own id when absent (one row per study). */
  studyId?: string | null;
  subgroup?: string | null;
  /** Used to order cumulative meta-analyses (living reviews accumulate by year). */
  year?: number | null;
  /** For GRADE: the design (randomised trials start high, others low) and risk of bias. */
  design?: 'randomised' | 'non-randomised' | 'observational' | 'self-controlled' | null;
  /** RoB 2 overall judgement (randomised trials). */
  rob2?: 'low' | 'some-concerns' | 'high' | null;
  /** Newcastle-Ottawa stars, 0 to 9 (non-randomised studies). */
  nosScore?: number | null;
  /** ROBINS-I overall judgement (non-randomised studies of interventions). */
  robinsI?: RobinsIJudgement | null;
  /** The study's assessments per domain, one per tool, for the traffic-light table (`riskOfBias` of the analysis). */
  riskOfBias?: StudyRiskOfBias[] | null;
  /** Participants, for effect-only data (arm data count their own). */
  participants?: number | null;
  /** The study's characteristics the outcome's meta-regression uses, by name (a number, or a level of a factor). */
  moderators?: Record<string, number | string | null> | null;
}

/** Two arms with events out of participants; arm 1 is the experimental arm. */
export interface BinaryStudy extends StudyBase {
  events1: number;
  n1: number;
  events2: number;
  n2: number;
}

/** Two arms with mean, SD and participants; arm 1 is the experimental arm. */
export interface ContinuousStudy extends StudyBase {
  mean1: number;
  sd1: number;
  n1: number;
  mean2: number;
  sd2: number;
  n2: number;
}

/**
 * A single-group pre/post study. The effect is mean(after) - mean(before) (or before - after with
 * direction 'decrease'); `r` is the pre/post correlation, and r = 0 is the two-independent-groups analysis.
 */
export interface PrePostStudy extends StudyBase {
  meanBefore: number;
  sdBefore: number;
  meanAfter: number;
  sdAfter: number;
  n: number;
}

/** An effect on the analysis scale (log scale for ratios) with its standard error. */
export interface GenericStudy extends StudyBase {
  yi: number;
  sei: number;
}

/** An effect reported as an estimate with its 95% CI, on the reporting scale (an odds ratio, not its log). */
export interface EstimateWithCiStudy extends StudyBase {
  estimate: number;
  ciLower: number;
  ciUpper: number;
}

export type StudyInput = BinaryStudy | ContinuousStudy | PrePostStudy | GenericStudy | EstimateWithCiStudy;

/** One study's effect on the analysis scale. */
export interface EffectSize {
  /** The row's id. */
  id: string;
  /** The study the row belongs to (the row's id when absent). */
  studyId?: string | null;
  yi: number;
  vi: number;
  subgroup?: string | null;
  year?: number | null;
}

export interface ModelOptions {
  model: ModelKind;
  method?: PoolingMethod;
  tau2Estimator?: Tau2Estimator;
  ciMethod?: CiMethod;
  preset?: Preset;
}

/** A fitted meta-analysis: one plain object every follow-up function accepts. */
export interface Fit {
  model: ModelKind;
  method: PoolingMethod;
  tau2Estimator: Tau2Estimator | null;
  ciMethod: CiMethod;
  k: number;
  /** Pooled estimate on the analysis scale (log for ratio measures). */
  estimate: number;
  se: number;
  ciLower: number;
  ciUpper: number;
  /** z, or t with `df` degrees of freedom for Hartung-Knapp-Sidik-Jonkman. */
  stat: number;
  df: number | null;
  pval: number;
  Q: number;
  Qdf: number;
  Qp: number;
  tau2: number;
  /** Model-based I² (metafor), percent. */
  I2: number;
  H2: number;
  /** (Q - df) / Q, percent, as RevMan reports it. */
  I2Q: number;
  /** Weight of each study in percent, in the order of `ids`. */
  weights: number[];
  ids: string[];
  /** Random effects: prediction interval (normal quantile for z, t with k - 1 df for HKSJ). */
  predLower: number | null;
  predUpper: number | null;
  /** Higgins, Thompson and Spiegelhalter (2009): t with k - 2 df. */
  predLowerHiggins: number | null;
  predUpperHiggins: number | null;
  /** Q-profile confidence intervals (Viechtbauer 2007), random effects only. */
  tau2CI: [number, number] | null;
  I2CI: [number, number] | null;
  H2CI: [number, number] | null;
}

/** Each subgroup fitted alone, and the test for subgroup differences. */
export interface SubgroupResult {
  name: string;
  /** Rows in the subgroup. */
  k: number;
  /** Distinct studies in the subgroup (as RevMan counts them). */
  studies: number;
  /** A one-study subgroup is fitted as fixed. */
  fit: Fit;
}
export interface SubgroupAnalysis {
  groups: SubgroupResult[];
  /** Cochran's Q over the subgroup estimates and their standard errors. */
  Qbetween: number;
  QbetweenDf: number;
  QbetweenP: number;
  /** (Q - df)/Q of the test for subgroup differences, percent (RevMan's I² for subgroup differences). */
  QbetweenI2: number;
}

/**
 * Element i is the model refitted without study `ids[i]` (leave-one-out: all of that study's rows) or fitted to
 * the studies up to `ids[i]` (cumulative: every row of each study at once).
 */
export interface SequenceOfFits {
  /** Study ids. */
  ids: string[];
  estimate: number[];
  se: number[];
  ciLower: number[];
  ciUpper: number[];
  pval: number[];
  Q: number[];
  I2: number[];
  tau2: (number | null)[];
}

/** Classic Egger test: weighted regression of yi on sqrt(vi) with weights 1/vi. */
export interface EggerResult {
  /** Slope (the small-study bias) and its test. */
  bias: number;
  biasSe: number;
  t: number;
  df: number;
  pval: number;
  /** Intercept: the estimate as the standard error goes to zero. */
  limitEstimate: number;
}

/** Begg and Mazumdar's rank correlation test. */
export interface BeggResult {
  tau: number;
  /** Exact null distribution when k < 50 and no ties, else normal (as metafor and R's cor.test). */
  pvalExactOrMetafor: number;
  pvalExact: boolean;
  /** Normal approximation with continuity correction (as Stata's metabias). */
  pvalNormalCC: number;
}

/** Duval and Tweedie's trim-and-fill with the L0 estimator. */
export interface TrimFillResult {
  k0: number;
  side: 'left' | 'right';
  fit: Fit;
  filled: { yi: number[]; vi: number[] };
}

/** What a funnel plot needs: points and pseudo-95% confidence limits around the fixed-effect estimate. */
export interface FunnelData {
  center: number;
  points: { id: string; yi: number; se: number; filled: boolean }[];
  /** Pseudo-95% limits: center ± 1.96 se, from se = 0 to the largest se. */
  limits: { se: number; lower: number; upper: number }[];
}

/** The seed review's rule: fixed effect if I² ≤ 50% and heterogeneity P > 0.1, otherwise random effects. */
export interface ModelChoice {
  rule: 'i2-and-heterogeneity-p';
  chosen: ModelKind;
  reason: string;
}

export interface OutcomeSettings {
  measure: Measure;
  /** `rule`: the seed review's model-choice rule. */
  model: ModelKind | 'rule';
  method?: PoolingMethod;
  tau2Estimator?: Tau2Estimator;
  ciMethod?: CiMethod;
  preset?: Preset;
  /** Pre/post correlation for mean-change studies; 0 reproduces the two-independent-groups analysis. */
  prePostCorrelation?: number;
  /** Pre/post direction: 'decrease' reports before - after (an improvement in a score that falls). */
  prePostDirection?: 'increase' | 'decrease';
  /** Assumptions of the information size and trial sequential analysis (stated beside its verdict); TSA runs only when given. */
  sequential?: SequentialAssumptions;
  /** Assumed control risks (proportions) for absolute effects; the median control risk of the studies when absent. */
  controlRisks?: { label: string; risk: number }[];
  /** A maintainer's GRADE judgements that replace the suggestions (flagged when the data under them change). */
  certaintyOverrides?: CertaintyOverride[];
  /**
   * Thresholds of an important effect for GRADE's imprecision and inconsistency (GRADE 34; Core GRADE 2): minimal
   * important differences on the outcome's scale, as a relative risk reduction, or per 1000 at the first assumed control
   * risk. Absent: the relative risk reduction (binary) or minimal difference (continuous) of `sequential` when given,
   * else no effect.
   */
  importanceThresholds?: ImportanceThresholdSettings;
  /** Moderators of a meta-regression computed with every analysis (each row's values in `StudyInput.moderators`). */
  metaRegression?: MetaRegressionSettings;
  /** Which pooled totals are computed: all (overall and subgroups), subgroups only, or none (RevMan's TOTALS YES/SUB/NO). */
  totals?: Totals;
  /** What to do when the same participants could enter one total twice (Cochrane Handbook 23.3.4); `flag` only says so. */
  unitOfAnalysis?: UnitOfAnalysisRemedy;
}

export type Totals = 'all' | 'subgroups' | 'none';
export type UnitOfAnalysisRemedy = 'flag' | 'combine-groups' | 'split-shared-group';

/** Where one study's participants can enter one pooled total more than once. */
export interface UnitOfAnalysisNote {
  studyId: string;
  /** The study's rows involved. */
  rowIds: string[];
  /** The totals concerned: 'overall' and/or subgroup names. */
  totals: string[];
  /** `several-subgroups`: rows in several subgroups under the overall total; `shared-group`: several rows in one total (a multi-arm trial sharing a group). */
  kind: 'several-subgroups' | 'shared-group';
  /** What happened, and the remedy applied if any. */
  message: string;
}

/** The settings an analysis ran with, every default filled in. */
export interface ResolvedSettings {
  measure: Measure;
  model: ModelKind;
  method: PoolingMethod;
  tau2Estimator: Tau2Estimator;
  ciMethod: CiMethod;
  preset: Preset;
  prePostCorrelation: number;
  prePostDirection: 'increase' | 'decrease';
  sequential: SequentialAssumptions | null;
  controlRisks: { label: string; risk: number }[] | null;
  totals: Totals;
  unitOfAnalysis: UnitOfAnalysisRemedy;
}

export interface SequentialAssumptions {
  /** Binary outcomes: the relative risk reduction worth detecting (0.2 = 20%); default 0.2. */
  relativeRiskReduction?: number;
  /** Binary outcomes: the control risk; the median control risk of the studies when absent. */
  controlRisk?: number;
  /** Continuous outcomes: the smallest difference worth detecting, and the outcome's SD. */
  minimalDifference?: number;
  sd?: number;
  /** Two-sided type I error (default 0.05) and type II error (default 0.2, 80% power). */
  alpha?: number;
  beta?: number;
}

/** One data row in an analysed outcome, on the reporting scale (an odds ratio, not its log). */
export interface StudyEffect {
  /** The row's id. */
  id: string;
  /** The study the row belongs to. */
  studyId: string;
  yi: number;
  vi: number;
  estimate: number;
  ciLower: number;
  ciUpper: number;
  /** Percent of the pooled weight under the chosen model: of the overall total, or of its subgroup's when only subgroup totals are shown; 0 without totals. */
  weight: number;
  subgroup: string | null;
  year: number | null;
}

/** The pooled result on the reporting scale. */
export interface PooledSummary {
  estimate: number;
  ciLower: number;
  ciUpper: number;
  pValue: number;
  predictionLower: number | null;
  predictionUpper: number | null;
}

/** Everything a dashboard or API shows for one outcome: computed once per version, stored, served. */
export interface OutcomeAnalysis {
  measure: Measure;
  /** `log` for OR and RR: `fit` is on the log scale, `summary` and `studies` on the ratio scale. */
  scale: 'log' | 'identity';
  settings: ResolvedSettings;
  modelChoice: ModelChoice | null;
  /** Studies in the analysis: distinct studies with rows, including rows that could not be estimated (as RevMan counts them). */
  k: number;
  /** Data rows analysed (a study may give several). */
  rowCount: number;
  /** Participants in the analysed studies, each study counted once (its largest row); null when a study does not say. */
  participants: number | null;
  /** Designs of the analysed studies, for a Summary of Findings ('16 RCTs'): non-randomised designs count as observational. */
  studyDesigns: { randomised: number; observational: number; unknown: number };
  studies: StudyEffect[];
  /** Rows left out of the analysis and why (double-zero studies under RevMan 5 rules); `id` is the row's. */
  excluded: { id: string; studyId?: string; reason: string }[];
  /** Where a study's participants can enter one total twice, and what was done about it. */
  unitOfAnalysis: UnitOfAnalysisNote[];
  /** The overall pooled fit; null when the outcome shows no overall total (`settings.totals` is not 'all'). */
  fit: Fit | null;
  summary: PooledSummary | null;
  subgroups: SubgroupAnalysis | null;
  leaveOneOut: SequenceOfFits | null;
  /** Ordered by year (then as given). */
  cumulative: SequenceOfFits | null;
  egger: EggerResult | null;
  begg: BeggResult | null;
  trimFill: TrimFillResult | null;
  funnel: FunnelData | null;
  /** Per 1000 at each assumed control risk (OR, RR and RD). */
  absoluteEffects: (AbsoluteEffect & { label: string; controlRisk: number })[] | null;
  /** Required information size under `settings.sequential` with the analysis's diversity D². */
  informationSize: (InformationSize & { assumptions: string }) | null;
  /** Trial sequential analysis in chronological order. */
  sequential: TrialSequentialAnalysis | null;
  /** GRADE suggestions with their reasons, and the maintainer's overrides. */
  certainty: CertaintyAssessment | null;
  /** Meta-regression on the moderators of `settings.metaRegression` (absent when none are chosen), or why it could not run. */
  metaRegression?: OutcomeMetaRegression | null;
  /** The traffic-light table and per-domain summary of each risk-of-bias tool used (absent or null when no study was assessed). */
  riskOfBias?: RiskOfBiasTable[] | null;
  /** The pooled fit without the studies at high risk of bias; null when none is at high risk or none was assessed. */
  withoutHighRiskOfBias?: WithoutHighRiskOfBias | null;
  /** What the engine did that a reader should know (a method that needed more studies, a follow-up analysed by inverse variance). */
  notes: string[];
}
