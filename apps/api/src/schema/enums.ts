// Enumerations shared by the domain modules. GraphQL names on the left, stored values on the right.
import { builder } from './builder.js';

export const MeasureEnum = builder.enumType('Measure', {
  description: 'Effect measure. MC is the mean change of a single-group pre/post study.',
  values: {
    OR: { value: 'OR', description: 'Odds ratio' },
    RR: { value: 'RR', description: 'Risk ratio' },
    RD: { value: 'RD', description: 'Risk difference' },
    MD: { value: 'MD', description: 'Mean difference' },
    SMD: { value: 'SMD', description: "Standardised mean difference (Hedges' g)" },
    HR: { value: 'HR', description: 'Hazard ratio, from log hazard ratios with their standard errors (or hazard ratios with 95% CIs); pooled on the log scale' },
    ROM: { value: 'ROM', description: 'Ratio of means, from log ratios with their standard errors (or ratios with 95% CIs); pooled on the log scale' },
    GENERIC: { value: 'GENERIC', description: 'An effect and its standard error, pooled as given' },
    MC: { value: 'MC', description: 'Mean change, before to after, in a single-group pre/post study' },
  } as const,
});

export const ModelEnum = builder.enumType('Model', {
  values: { FIXED: { value: 'fixed' }, RANDOM: { value: 'random' } } as const,
});

export const ModelRuleEnum = builder.enumType('ModelRule', {
  description: 'A rule that chooses the model from the data.',
  values: {
    I2_AND_HETEROGENEITY_P: {
      value: 'rule',
      description: 'Fixed effect if I² ≤ 50% and the heterogeneity P > 0.1, otherwise random effects (the seed review\'s rule).',
    },
  } as const,
});

export const PoolingMethodEnum = builder.enumType('PoolingMethod', {
  values: {
    IV: { value: 'IV', description: 'Inverse variance' },
    MH: { value: 'MH', description: 'Mantel-Haenszel (binary measures, fixed effect)' },
    PETO: { value: 'PETO', description: 'Peto (odds ratios, fixed effect)' },
  } as const,
});

export const Tau2EstimatorEnum = builder.enumType('Tau2Estimator', {
  values: {
    DL: { value: 'DL', description: 'DerSimonian-Laird' },
    REML: { value: 'REML', description: 'Restricted maximum likelihood' },
    PM: { value: 'PM', description: 'Paule-Mandel' },
    SJ: { value: 'SJ', description: 'Sidik-Jonkman' },
    HE: { value: 'HE', description: 'Hedges' },
    ML: { value: 'ML', description: 'Maximum likelihood' },
    EB: { value: 'EB', description: 'Empirical Bayes' },
  } as const,
});

export const CiMethodEnum = builder.enumType('CiMethod', {
  values: {
    Z: { value: 'z', description: 'Normal (Wald) interval' },
    HKSJ: { value: 'hksj', description: 'Hartung-Knapp-Sidik-Jonkman (t with k - 1 df)' },
  } as const,
});

export const PresetEnum = builder.enumType('Preset', {
  description: 'Conventions the numbers follow.',
  values: {
    METAFOR: { value: 'metafor', description: "R metafor's defaults" },
    REVMAN5: { value: 'revman5', description: 'Cochrane RevMan 5, number for number' },
  } as const,
});

export const PrePostDirectionEnum = builder.enumType('PrePostDirection', {
  values: {
    INCREASE: { value: 'increase', description: 'after minus before' },
    DECREASE: { value: 'decrease', description: 'before minus after (an improvement in a score that falls is positive)' },
  } as const,
});

export const StudyDesignEnum = builder.enumType('StudyDesign', {
  values: {
    RCT: { value: 'rct' },
    CLUSTER_RCT: { value: 'cluster-rct' },
    QUASI_RANDOMISED: { value: 'quasi-randomised', description: 'Allocation by alternation, date or another systematic rule' },
    NON_RANDOMISED: { value: 'non-randomised' },
    COHORT: { value: 'cohort' },
    CASE_CONTROL: { value: 'case-control' },
    SELF_CONTROLLED_PRE_POST: { value: 'self-controlled-pre-post', description: 'One group measured before and after' },
    OTHER: { value: 'other' },
  } as const,
});

export const ReviewStatusEnum = builder.enumType('ReviewStatus', {
  values: { DRAFT: { value: 'draft' }, ACTIVE: { value: 'active' }, ARCHIVED: { value: 'archived' } } as const,
});

export const TokenRoleEnum = builder.enumType('TokenRole', {
  values: {
    ADMIN: { value: 'admin', description: 'Everything, including tokens' },
    MAINTAINER: { value: 'maintainer', description: 'Reads and writes one review' },
    READER: { value: 'reader', description: 'Reads private reviews (one, or all when no review is given)' },
  } as const,
});

export const ViewerRoleEnum = builder.enumType('ViewerRole', {
  values: { ADMIN: { value: 'admin' }, MAINTAINER: { value: 'maintainer' }, READER: { value: 'reader' }, ANONYMOUS: { value: 'anonymous' } } as const,
});

export const RobJudgementEnum = builder.enumType('RobJudgement', {
  description: 'RoB 2 judgements (low, some concerns, high) and ROBINS-I judgements (low, moderate, serious, critical, no information).',
  values: {
    LOW: { value: 'low' },
    SOME_CONCERNS: { value: 'some-concerns' },
    HIGH: { value: 'high' },
    MODERATE: { value: 'moderate' },
    SERIOUS: { value: 'serious' },
    CRITICAL: { value: 'critical' },
    NO_INFORMATION: { value: 'no-information' },
  } as const,
});

export const RobinsIJudgementEnum = builder.enumType('RobinsIJudgement', {
  description: 'ROBINS-I judgements of a non-randomised study (Sterne et al. 2016).',
  values: { LOW: { value: 'low' }, MODERATE: { value: 'moderate' }, SERIOUS: { value: 'serious' }, CRITICAL: { value: 'critical' }, NO_INFORMATION: { value: 'no-information' } } as const,
});

export const QualityToolEnum = builder.enumType('QualityTool', {
  values: {
    NEWCASTLE_OTTAWA: { value: 'nos', description: 'Newcastle-Ottawa Scale: stars per domain, 9 at most' },
    ROB2: { value: 'rob2', description: 'Cochrane Risk of Bias 2: a judgement per domain' },
    ROBINS_I: { value: 'robins-i', description: 'ROBINS-I (non-randomised studies of interventions): a judgement per domain' },
  } as const,
});

export const AnalysisTotalsEnum = builder.enumType('AnalysisTotals', {
  description: "Which pooled totals an outcome's analysis shows (RevMan's TOTALS YES / SUB / NO).",
  values: {
    ALL: { value: 'all', description: 'The overall total, and subgroup totals when rows have subgroups' },
    SUBGROUPS: { value: 'subgroups', description: 'Subgroup totals only: no overall estimate (nor what needs one: sensitivity analyses, small-study tests, sequential analysis, GRADE)' },
    NONE: { value: 'none', description: 'No totals: the rows are shown without pooling' },
  } as const,
});

export const UnitOfAnalysisRemedyEnum = builder.enumType('UnitOfAnalysisRemedy', {
  description:
    "What to do when one study's participants could enter one total more than once: a study with rows in several subgroups under the overall total, or a multi-arm trial compared twice against one shared group (Cochrane Handbook 23.3.4).",
  values: {
    FLAG: { value: 'flag', description: 'Analyse the rows as given and say so in Analysis.unitOfAnalysis' },
    COMBINE_GROUPS: { value: 'combine-groups', description: "Combine a multi-arm trial's rows into one comparison" },
    SPLIT_SHARED_GROUP: { value: 'split-shared-group', description: 'Split the shared group among the comparisons, so its participants count once' },
  } as const,
});

export const UnitOfAnalysisKindEnum = builder.enumType('UnitOfAnalysisKind', {
  values: {
    SEVERAL_SUBGROUPS: { value: 'several-subgroups', description: "The study's rows fall in several subgroups, all under the overall total" },
    SHARED_GROUP: { value: 'shared-group', description: 'Several rows of the study in one total, sharing a group (a multi-arm trial)' },
  } as const,
});
