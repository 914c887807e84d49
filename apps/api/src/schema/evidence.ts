// GRADE certainty, absolute effects, information size and trial sequential analysis of an analysis, and the
// outcome settings they run with (assumptions, control risks, a maintainer's GRADE overrides).
import type { OutcomeAnalysis } from '../domain/engine.js';
import { builder, type CumulusSchemaTypes } from './builder.js';

type Certainty = NonNullable<OutcomeAnalysis['certainty']> & { scale?: OutcomeAnalysis['scale'] };
type Thresholds = NonNullable<Certainty['thresholds']> & { scale?: OutcomeAnalysis['scale'] };
type Sequential = NonNullable<OutcomeAnalysis['sequential']> & { scale?: OutcomeAnalysis['scale'] };

export const GradeDomainEnum = builder.enumType('GradeDomain', {
  values: {
    RISK_OF_BIAS: { value: 'risk-of-bias' },
    INCONSISTENCY: { value: 'inconsistency' },
    INDIRECTNESS: { value: 'indirectness' },
    IMPRECISION: { value: 'imprecision' },
    PUBLICATION_BIAS: { value: 'publication-bias' },
    LARGE_EFFECT: { value: 'large-effect' },
    DOSE_RESPONSE: { value: 'dose-response' },
    PLAUSIBLE_CONFOUNDING: { value: 'plausible-confounding' },
  } as const,
});

export const CertaintyLevelEnum = builder.enumType('CertaintyLevel', {
  values: { HIGH: { value: 'high' }, MODERATE: { value: 'moderate' }, LOW: { value: 'low' }, VERY_LOW: { value: 'very-low' } } as const,
});

const CertaintyOverrideRef = builder.objectRef<NonNullable<Certainty['domains'][number]['override']>>('CertaintyOverride').implement({
  fields: (t) => ({
    rating: t.exposeInt('rating'),
    footnote: t.exposeString('footnote'),
    dataFingerprint: t.exposeString('dataFingerprint'),
    needsReview: t.exposeBoolean('needsReview', { description: 'The data changed since the judgement was made.' }),
  }),
});

const GradeDomainAssessmentRef = builder.objectRef<Certainty['domains'][number]>('GradeDomainAssessment').implement({
  fields: (t) => ({
    domain: t.field({ type: GradeDomainEnum, resolve: (d) => d.domain }),
    suggested: t.exposeInt('suggested', { description: 'Levels to move: -1, -2 or -3 down (-3 for imprecision only: GRADE guidance 34), +1 or +2 up.' }),
    rating: t.exposeInt('rating', { description: 'The final rating in force: the override when there is one, else the suggestion.' }),
    finalRating: t.exposeInt('rating', { description: 'The same as rating: the override when there is one, else the suggestion.' }),
    reason: t.exposeString('reason'),
    override: t.field({ type: CertaintyOverrideRef, nullable: true, resolve: (d) => d.override }),
  }),
});

export const CertaintyTargetEnum = builder.enumType('CertaintyTarget', {
  description: 'What the certainty is about (Core GRADE 2; GRADE guidance 34): set by where the point estimate lies relative to the thresholds.',
  values: {
    AN_IMPORTANT_EFFECT: { value: 'an important effect', description: 'The point estimate lies beyond a threshold of an important effect.' },
    AN_EFFECT: { value: 'an effect', description: 'No thresholds are set: the certainty is that there is an effect (or none) on the side of no effect the estimate lies.' },
    LITTLE_OR_NO_EFFECT: { value: 'little or no effect', description: 'The point estimate lies between the thresholds of an important benefit and harm.' },
  } as const,
});

const CertaintyThresholdsRef = builder.objectRef<Thresholds>('CertaintyThresholds').implement({
  description: 'The thresholds of an important effect that imprecision and inconsistency were judged against.',
  fields: (t) => {
    const reporting = (value: number, scale: OutcomeAnalysis['scale'] | undefined) => (scale === 'log' ? Math.exp(value) : value);
    return {
      lower: t.float({ description: 'The lower threshold on the reporting scale (a ratio for OR and RR).', resolve: (th) => reporting(th.lower, th.scale) }),
      upper: t.float({ description: 'The upper threshold on the reporting scale.', resolve: (th) => reporting(th.upper, th.scale) }),
      analysisScaleLower: t.exposeFloat('lower', { description: 'On the analysis scale (log for OR and RR).' }),
      analysisScaleUpper: t.exposeFloat('upper'),
      source: t.exposeString('source', { description: "How they were stated: 'a 10% relative risk reduction'." }),
    };
  },
});

export const CertaintyRef = builder.objectRef<Certainty>('CertaintyAssessment').implement({
  description: 'GRADE certainty of the evidence: suggestions from the data, and the maintainer\'s overrides.',
  fields: (t) => ({
    level: t.field({ type: CertaintyLevelEnum, resolve: (c) => c.level }),
    startingLevel: t.field({ type: CertaintyLevelEnum, resolve: (c) => c.startingLevel }),
    startingReason: t.exposeString('startingReason'),
    domains: t.field({ type: [GradeDomainAssessmentRef], resolve: (c) => c.domains }),
    dataFingerprint: t.exposeString('dataFingerprint', { description: 'Send it with an override, so a later change of data flags the override for review.' }),
    needsReview: t.exposeBoolean('needsReview'),
    target: t.field({
      type: CertaintyTargetEnum,
      nullable: true,
      description: 'The target of the rating (null in analyses stored before thresholds).',
      resolve: (c) => (c as Partial<Certainty>).target ?? null,
    }),
    targetText: t.string({ nullable: true, description: "The target in words: 'an important effect', 'an effect', 'little or no effect'.", resolve: (c) => (c as Partial<Certainty>).target ?? null }),
    thresholds: t.field({
      type: CertaintyThresholdsRef,
      nullable: true,
      description: 'Null: judged against no effect alone.',
      resolve: (c) => (c.thresholds ? { ...c.thresholds, scale: c.scale } : null),
    }),
  }),
});

export const AbsoluteEffectRef = builder.objectRef<NonNullable<OutcomeAnalysis['absoluteEffects']>[number]>('AbsoluteEffect').implement({
  description: 'Events per 1000 at an assumed control risk (Summary of Findings).',
  fields: (t) => ({
    label: t.exposeString('label'),
    controlRisk: t.exposeFloat('controlRisk'),
    controlPer1000: t.exposeFloat('controlPer1000'),
    interventionPer1000: t.exposeFloat('interventionPer1000'),
    interventionPer1000Lower: t.exposeFloat('interventionPer1000Lower'),
    interventionPer1000Upper: t.exposeFloat('interventionPer1000Upper'),
    differencePer1000: t.exposeFloat('differencePer1000'),
    differencePer1000Lower: t.exposeFloat('differencePer1000Lower'),
    differencePer1000Upper: t.exposeFloat('differencePer1000Upper'),
  }),
});

export const InformationSizeRef = builder.objectRef<NonNullable<OutcomeAnalysis['informationSize']>>('InformationSize').implement({
  description: 'Diversity-adjusted required information size (participants).',
  fields: (t) => ({
    participants: t.exposeFloat('participants'),
    unadjustedParticipants: t.exposeFloat('unadjustedParticipants'),
    adjustmentFactor: t.exposeFloat('adjustmentFactor'),
    diversity: t.exposeFloat('diversity'),
    alpha: t.exposeFloat('alpha'),
    beta: t.exposeFloat('beta'),
    assumptions: t.exposeString('assumptions'),
  }),
});

const SequentialVerdictEnum = builder.enumType('SequentialVerdict', {
  values: {
    FIRM_EVIDENCE_OF_EFFECT: { value: 'firm-evidence-of-effect' },
    FIRM_EVIDENCE_OF_NO_EFFECT: { value: 'firm-evidence-of-no-effect' },
    NOT_YET_CONCLUSIVE: { value: 'not-yet-conclusive' },
  } as const,
});

const SequentialLookRef = builder.objectRef<Sequential['looks'][number]>('SequentialLook').implement({
  fields: (t) => ({
    studyId: t.exposeID('id'),
    participants: t.exposeFloat('participants'),
    informationFraction: t.exposeFloat('informationFraction'),
    z: t.exposeFloat('z'),
    boundary: t.exposeFloat('boundary', { nullable: true }),
    futilityBoundary: t.exposeFloat('futilityBoundary', { nullable: true }),
    alphaSpent: t.exposeFloat('alphaSpent'),
    crossedBoundary: t.exposeBoolean('crossedBoundary'),
    insideFutilityWedge: t.exposeBoolean('insideFutilityWedge'),
  }),
});

const AdjustedCiRef = builder.objectRef<NonNullable<Sequential['adjustedCi']> & { scale?: OutcomeAnalysis['scale'] }>('SequentialAdjustedCi').implement({
  description: 'The TSA-adjusted CI: the latest estimate ± the monitoring boundary × SE (Thorlund 2011, TSA manual).',
  fields: (t) => {
    const reporting = (value: number, scale: OutcomeAnalysis['scale'] | undefined) => (scale === 'log' ? Math.exp(value) : value);
    return {
      estimate: t.float({ description: 'On the reporting scale (an odds ratio, not its log).', resolve: (ci) => reporting(ci.estimate, ci.scale) }),
      lower: t.float({ description: 'On the reporting scale.', resolve: (ci) => reporting(ci.lower, ci.scale) }),
      upper: t.float({ description: 'On the reporting scale.', resolve: (ci) => reporting(ci.upper, ci.scale) }),
      boundary: t.exposeFloat('boundary', { description: 'The |Z| monitoring boundary used as the multiplier.' }),
      analysisScaleEstimate: t.exposeFloat('estimate', { description: 'On the analysis scale (log for OR and RR).' }),
      analysisScaleLower: t.exposeFloat('lower'),
      analysisScaleUpper: t.exposeFloat('upper'),
    };
  },
});

export const SequentialRef = builder.objectRef<Sequential>('TrialSequentialAnalysis').implement({
  description: "Trial sequential analysis: the cumulative Z at each look against O'Brien-Fleming monitoring boundaries and a futility wedge.",
  fields: (t) => ({
    verdict: t.field({ type: SequentialVerdictEnum, resolve: (s) => s.verdict }),
    reason: t.exposeString('reason'),
    requiredInformationSize: t.exposeFloat('requiredInformationSize'),
    alpha: t.exposeFloat('alpha'),
    beta: t.exposeFloat('beta'),
    finalBoundary: t.exposeFloat('finalBoundary'),
    looks: t.field({ type: [SequentialLookRef], resolve: (s) => s.looks }),
    drift: t.exposeFloat('drift', { description: 'Expected Z at the required information size under the assumed effect.' }),
    adjustedCi: t.field({
      type: AdjustedCiRef,
      nullable: true,
      description: 'Null while the boundary is still infinite (too early to adjust).',
      resolve: (s) => (s.adjustedCi ? { ...s.adjustedCi, scale: s.scale } : null),
    }),
  }),
});

export const SequentialAssumptionsInput = builder.inputType('SequentialAssumptionsInput', {
  description: 'Assumptions of the information size and trial sequential analysis (TSA runs only when they are given).',
  fields: (t) => ({
    relativeRiskReduction: t.float({ description: 'Binary outcomes: the relative risk reduction worth detecting (default 0.2).' }),
    controlRisk: t.float({ description: 'Binary outcomes: default the median control risk of the studies.' }),
    minimalDifference: t.float({ description: 'Continuous outcomes: the smallest difference worth detecting.' }),
    sd: t.float({ description: 'Continuous outcomes: the SD of the outcome.' }),
    alpha: t.float({ description: 'Two-sided type I error (default 0.05).' }),
    beta: t.float({ description: 'Type II error (default 0.2: 80% power).' }),
  }),
});

export const ControlRiskInput = builder.inputType('ControlRiskInput', {
  fields: (t) => ({ label: t.string({ required: true }), risk: t.float({ required: true, description: 'A proportion.' }) }),
});

export const CertaintyOverrideInput = builder.inputType('CertaintyOverrideInput', {
  fields: (t) => ({
    domain: t.field({ type: GradeDomainEnum, required: true }),
    rating: t.int({ required: true, description: '-2 to +2 levels.' }),
    footnote: t.string({ required: true, description: 'Why: the footnote of the Summary of Findings table.' }),
    dataFingerprint: t.string({ required: true, description: "The analysis's certainty.dataFingerprint the judgement was made on." }),
  }),
});

export const ImportantDifferenceScaleEnum = builder.enumType('ImportantDifferenceScale', {
  values: {
    OUTCOME_SCALE: { value: 'outcome-scale', description: "On the outcome's reporting scale: a ratio for OR and RR (0.9), a difference for RD, MD, SMD (-0.02, 5)." },
    RELATIVE_RISK_REDUCTION: { value: 'relative-risk-reduction', description: 'A relative risk reduction, 0.1 for 10% (negative for an increase); binary outcomes.' },
    PER_1000: { value: 'per-1000', description: 'An absolute difference per 1000 at the assumed control risk, negative for fewer events; binary outcomes.' },
  } as const,
});

export const ImportantDifferenceInput = builder.inputType('ImportantDifferenceInput', {
  description: 'A minimal important difference (GRADE guidance 34).',
  fields: (t) => ({ on: t.field({ type: ImportantDifferenceScaleEnum, required: true }), value: t.float({ required: true }) }),
});

export const ImportanceThresholdsInput = builder.inputType('ImportanceThresholdsInput', {
  description: 'Thresholds of an important effect for GRADE imprecision and inconsistency. With one side only, the other is its mirror image.',
  fields: (t) => ({
    benefit: t.field({ type: ImportantDifferenceInput, description: 'The smallest benefit that matters.' }),
    harm: t.field({ type: ImportantDifferenceInput, description: 'The smallest harm that matters (default: the mirror image of the benefit).' }),
  }),
});

type ImportantDifference = { on: 'outcome-scale' | 'relative-risk-reduction' | 'per-1000'; value: number };

export const ImportantDifferenceRef = builder.objectRef<ImportantDifference>('ImportantDifference').implement({
  fields: (t) => ({ on: t.field({ type: ImportantDifferenceScaleEnum, resolve: (d) => d.on }), value: t.exposeFloat('value') }),
});

export const ImportanceThresholdsRef = builder.objectRef<{ benefit?: ImportantDifference; harm?: ImportantDifference }>('ImportanceThresholds').implement({
  description: "The maintainer's thresholds of an important effect, as stated.",
  fields: (t) => ({
    benefit: t.field({ type: ImportantDifferenceRef, nullable: true, resolve: (th) => th.benefit ?? null }),
    harm: t.field({ type: ImportantDifferenceRef, nullable: true, resolve: (th) => th.harm ?? null }),
  }),
});

export const ModeratorKindEnum = builder.enumType('ModeratorKind', {
  values: { NUMERIC: { value: 'numeric' }, CATEGORICAL: { value: 'categorical', description: 'A factor: treatment-coded, levels sorted, the first the reference.' } } as const,
});

export const MetaRegressionModeratorInput = builder.inputType('MetaRegressionModeratorInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: "A study characteristic's name, or year, participants, country, design." }),
    kind: t.field({ type: ModeratorKindEnum, required: true }),
  }),
});

export const MetaRegressionModeratorRef = builder.objectRef<{ name: string; kind: 'numeric' | 'categorical' }>('MetaRegressionModerator').implement({
  fields: (t) => ({ name: t.exposeString('name'), kind: t.field({ type: ModeratorKindEnum, resolve: (m) => m.kind }) }),
});

export function evidenceInputFields(t: PothosSchemaTypes.InputFieldBuilder<CumulusSchemaTypes, 'InputObject'>) {
  return {
    sequential: t.field({ type: SequentialAssumptionsInput, description: 'null clears.' }),
    controlRisks: t.field({ type: [ControlRiskInput], description: 'Assumed control risks for absolute effects (default: the median of the studies). null clears.' }),
    certaintyOverrides: t.field({ type: [CertaintyOverrideInput], description: 'GRADE judgements that replace the suggestions. null clears.' }),
    importanceThresholds: t.field({
      type: ImportanceThresholdsInput,
      description: "Thresholds of an important effect for GRADE imprecision and inconsistency (default: the trial sequential analysis's effect worth detecting when stated, else no effect). null clears.",
    }),
    metaRegressionModerators: t.field({
      type: [MetaRegressionModeratorInput],
      description: 'Study characteristics to regress the effects on, computed with every analysis (Analysis.metaRegression). null or [] clears.',
    }),
  };
}
