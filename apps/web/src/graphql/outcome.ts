// The outcome page's data: one fragment for the query and the subscription, so an event carries everything a refetch would.
import { gql } from '@apollo/client/core';
import type { CertaintyLevel, GradeDomain } from './summary-of-findings';
import { RISK_OF_BIAS_FIELDS, type RiskOfBiasTable, type WithoutHighRiskOfBias } from './risk-of-bias';

/** HR and ROM are given as effects (log ratios with their standard errors, or ratios with 95% CIs): no arm data. */
export type Measure = 'OR' | 'RR' | 'RD' | 'MD' | 'SMD' | 'MC' | 'HR' | 'ROM' | 'GENERIC';
export type Model = 'FIXED' | 'RANDOM';
export type PrePostDirection = 'INCREASE' | 'DECREASE';

/** Which pooled totals an analysis shows (RevMan's TOTALS YES / SUB / NO). */
export type AnalysisTotals = 'ALL' | 'SUBGROUPS' | 'NONE';
export type UnitOfAnalysisRemedy = 'FLAG' | 'COMBINE_GROUPS' | 'SPLIT_SHARED_GROUP';

/** One data row's effect: a study may give several (arms of a multi-arm trial, subgroups). */
export interface StudyResult {
  /** The study the row belongs to. */
  studyId: string;
  /** The data row (StudyData.id); null in analyses stored before outcomes had rows. */
  rowId: string | null;
  /** The row's arm or comparison ('high dose'), or null. */
  rowLabel: string | null;
  /** 'Smith 2019 (high dose)': the study's label, and the row's in parentheses when it has one. */
  label: string;
  estimate: number;
  ciLower: number;
  ciUpper: number;
  /** Percent of the overall total, or of the row's subgroup when only subgroup totals are shown; 0 with no totals. */
  weight: number;
  subgroup: string | null;
  year: number | null;
}

/** A study whose participants could enter one pooled total more than once, and what was done about it. */
export interface UnitOfAnalysisNote {
  studyId: string;
  studyLabel: string;
  /** Its rows concerned (StudyResult.rowId). */
  rowIds: string[];
  /** 'overall' and/or subgroup names. */
  totals: string[];
  kind: 'SEVERAL_SUBGROUPS' | 'SHARED_GROUP';
  message: string;
}

export interface SubgroupResult {
  name: string;
  /** Rows in the subgroup. */
  k: number;
  /** Distinct studies in the subgroup (a study's several rows count once). */
  studies?: number;
  estimate: number;
  ciLower: number;
  ciUpper: number;
  pValue: number;
  tau2: number | null;
  i2: number;
  fit: { q: number; qDf?: number; qPValue: number } | null;
}

export interface SequenceResult {
  label: string;
  estimate: number;
  ciLower: number;
  ciUpper: number;
  pValue: number;
  i2: number;
  tau2: number | null;
}

export interface LeaveOneOutResult extends SequenceResult {
  omittedStudyId: string;
}

export interface CumulativeResult extends SequenceResult {
  addedStudyId: string;
  year: number | null;
  k: number;
}

export interface FunnelData {
  /** Analysis scale (log for ratios). */
  center: number;
  points: { studyId: string; yi: number; se: number; filled: boolean }[];
  limits: { se: number; lower: number; upper: number }[];
}

export type SequentialVerdict = 'FIRM_EVIDENCE_OF_EFFECT' | 'FIRM_EVIDENCE_OF_NO_EFFECT' | 'NOT_YET_CONCLUSIVE';

/** One look of the trial sequential analysis: the cumulative Z after a study, against the boundaries there. */
export interface SequentialLook {
  studyId: string;
  participants: number;
  informationFraction: number;
  z: number;
  /** |Z| monitoring boundary; null while it is still infinite (too early). */
  boundary: number | null;
  futilityBoundary: number | null;
  crossedBoundary: boolean;
  insideFutilityWedge: boolean;
}

export interface SequentialAnalysis {
  verdict: SequentialVerdict;
  reason: string;
  requiredInformationSize: number;
  alpha: number;
  beta: number;
  finalBoundary: number;
  looks: SequentialLook[];
  adjustedCi: { estimate: number; lower: number; upper: number; boundary: number } | null;
}

export interface AbsoluteEffect {
  label: string;
  controlRisk: number;
  controlPer1000: number;
  interventionPer1000: number;
  interventionPer1000Lower: number;
  interventionPer1000Upper: number;
  differencePer1000: number;
  differencePer1000Lower: number;
  differencePer1000Upper: number;
}

export interface GradeDomainAssessment {
  domain: GradeDomain;
  /** Levels to move: -1 or -2 down, +1 or +2 up. */
  suggested: number;
  /** In force: the override when there is one, else the suggestion. */
  rating: number;
  reason: string;
  override: { rating: number; footnote: string; needsReview: boolean } | null;
}

export type CertaintyTarget = 'AN_IMPORTANT_EFFECT' | 'AN_EFFECT' | 'LITTLE_OR_NO_EFFECT';

/** The thresholds of an important effect the rating was judged against (reporting scale). */
export interface CertaintyThresholds {
  lower: number;
  upper: number;
  source: string;
}

export interface CertaintyAssessment {
  level: CertaintyLevel;
  startingLevel: CertaintyLevel;
  startingReason: string;
  needsReview: boolean;
  domains: GradeDomainAssessment[];
  /** What the rating is about (null in analyses stored before thresholds). */
  target: CertaintyTarget | null;
  /** Null: judged against no effect alone. */
  thresholds: CertaintyThresholds | null;
}

export type ModeratorKind = 'NUMERIC' | 'CATEGORICAL';
export interface MetaRegressionModerator {
  name: string;
  kind: ModeratorKind;
}

export interface MetaRegressionCoefficient {
  name: string;
  estimate: number;
  se: number;
  statistic: number;
  pValue: number;
  ciLower: number;
  ciUpper: number;
}

export interface MetaRegressionResult {
  model: Model;
  tau2Estimator: string | null;
  ciMethod: 'Z' | 'HKSJ';
  k: number;
  df: number | null;
  coefficients: MetaRegressionCoefficient[];
  qm: number | null;
  qmDf: number | null;
  qmDenominatorDf: number | null;
  qmPValue: number | null;
  qe: number;
  qeDf: number;
  qePValue: number;
  tau2: number;
  i2: number;
  h2: number;
  r2: number | null;
  warnings: string[];
  fittedLine: { moderator: string; points: { x: number; fit: number; ciLower: number; ciUpper: number }[] } | null;
}

/** The meta-regression stored with the analysis (effects on the analysis scale: log for ratios), or why there is none. */
export interface MetaRegressionAnalysis {
  moderators: MetaRegressionModerator[];
  error: string | null;
  result: MetaRegressionResult | null;
  studies: { rowId: string; studyId: string; label: string; x: number | null; yi: number; vi: number; weight: number }[];
}

export type ImportantDifferenceScale = 'OUTCOME_SCALE' | 'RELATIVE_RISK_REDUCTION' | 'PER_1000';
export interface ImportantDifference {
  on: ImportantDifferenceScale;
  value: number;
}

export interface Analysis {
  version: number;
  /** Distinct studies (a study giving several rows counts once). */
  k: number;
  /** Data rows analysed (k or more). */
  rowCount: number;
  totals: AnalysisTotals;
  unitOfAnalysis: UnitOfAnalysisNote[];
  measure: Measure;
  scale: 'log' | 'identity' | string;
  model: Model | null;
  estimate: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  pValue: number | null;
  tau2: number | null;
  i2: number | null;
  q: number | null;
  qDf: number | null;
  qPValue: number | null;
  predictionLower: number | null;
  predictionUpper: number | null;
  settings: { inWords: string; prePostDirection: PrePostDirection | null } | null;
  studies: StudyResult[];
  subgroups: {
    groups: SubgroupResult[];
    qBetween: number;
    qBetweenDf: number;
    qBetweenPValue: number;
    /** I² of the test for subgroup differences (RevMan prints it). */
    qBetweenI2?: number | null;
  } | null;
  excluded: { studyId: string; label: string; reason: string }[];
  leaveOneOut: LeaveOneOutResult[];
  cumulative: CumulativeResult[];
  egger: { bias: number; pValue: number } | null;
  begg: { tau: number; pValue: number } | null;
  trimFill: { k0: number; side: string; estimate: number; ciLower: number; ciUpper: number } | null;
  funnel: FunnelData | null;
  absoluteEffects: AbsoluteEffect[] | null;
  informationSize: { participants: number; assumptions: string } | null;
  sequential: SequentialAnalysis | null;
  certainty: CertaintyAssessment | null;
  metaRegression: MetaRegressionAnalysis | null;
  /** One traffic-light table per assessment tool; absent in analyses read before it was served. */
  riskOfBias?: RiskOfBiasTable[];
  withoutHighRiskOfBias?: WithoutHighRiskOfBias | null;
}

export interface OutcomeVersion {
  version: number;
  k: number;
  estimate: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  pValue: number | null;
  /** Not queried: the API loads every version's analysis to answer it; the timeline reads it from the CI. */
  significant?: boolean;
  change: { summary: string; action: string } | null;
}

/** A pooled result as the review published it (the seed review's Table 3), kept beside the recomputed one. */
export interface ReferenceResult {
  outcome: string;
  analysis: string;
  subgroup: string | null;
  trials: number;
  participants: number;
  measure: string;
  estimate: number;
  ciLower: number;
  ciUpper: number;
  model: string;
  i2: number | null;
  pEffect: string | null;
  certainty: string | null;
  whereReported: string;
}

/** How the outcome is analysed now (what a maintainer changes). */
export interface OutcomeSettings {
  model: Model | null;
  modelRule: 'I2_AND_HETEROGENEITY_P' | null;
  method: 'IV' | 'MH' | 'PETO';
  tau2Estimator: string;
  ciMethod: 'Z' | 'HKSJ';
  preset: 'METAFOR' | 'REVMAN5';
  totals: AnalysisTotals;
  unitOfAnalysis: UnitOfAnalysisRemedy;
  importanceThresholds: { benefit: ImportantDifference | null; harm: ImportantDifference | null } | null;
  metaRegressionModerators: MetaRegressionModerator[];
}

export interface Outcome {
  id: string;
  settings: OutcomeSettings;
  name: string;
  measure: Measure;
  version: number;
  review: { id: string; title: string };
  analysis: Analysis;
  versions: OutcomeVersion[];
  referenceResults: ReferenceResult[];
}

const OUTCOME_FIELDS = gql`
  fragment OutcomeFields on Outcome {
    id
    name
    measure
    version
    review {
      id
      title
    }
    analysis {
      version
      k
      rowCount
      totals
      unitOfAnalysis {
        studyId
        studyLabel
        rowIds
        totals
        kind
        message
      }
      measure
      scale
      model
      estimate
      ciLower
      ciUpper
      pValue
      tau2
      i2
      q
      qDf
      qPValue
      predictionLower
      predictionUpper
      settings {
        inWords
        prePostDirection
      }
      studies {
        studyId
        rowId
        rowLabel
        label
        estimate
        ciLower
        ciUpper
        weight
        subgroup
        year
      }
      subgroups {
        groups {
          name
          k
          studies
          estimate
          ciLower
          ciUpper
          pValue
          tau2
          i2
          fit {
            q
            qDf
            qPValue
          }
        }
        qBetween
        qBetweenDf
        qBetweenPValue
        qBetweenI2
      }
      excluded {
        studyId
        label
        reason
      }
      leaveOneOut {
        omittedStudyId
        label
        estimate
        ciLower
        ciUpper
        pValue
        i2
        tau2
      }
      cumulative {
        addedStudyId
        label
        year
        k
        estimate
        ciLower
        ciUpper
        pValue
        i2
        tau2
      }
      egger {
        bias
        pValue
      }
      begg {
        tau
        pValue
      }
      trimFill {
        k0
        side
        estimate
        ciLower
        ciUpper
      }
      absoluteEffects {
        label
        controlRisk
        controlPer1000
        interventionPer1000
        interventionPer1000Lower
        interventionPer1000Upper
        differencePer1000
        differencePer1000Lower
        differencePer1000Upper
      }
      informationSize {
        participants
        assumptions
      }
      sequential {
        verdict
        reason
        requiredInformationSize
        alpha
        beta
        finalBoundary
        looks {
          studyId
          participants
          informationFraction
          z
          boundary
          futilityBoundary
          crossedBoundary
          insideFutilityWedge
        }
        adjustedCi {
          estimate
          lower
          upper
          boundary
        }
      }
      certainty {
        level
        startingLevel
        startingReason
        needsReview
        target
        thresholds {
          lower
          upper
          source
        }
        domains {
          domain
          suggested
          rating
          reason
          override {
            rating
            footnote
            needsReview
          }
        }
      }
      ${RISK_OF_BIAS_FIELDS}
      metaRegression {
        moderators {
          name
          kind
        }
        error
        result {
          model
          tau2Estimator
          ciMethod
          k
          df
          coefficients {
            name
            estimate
            se
            statistic
            pValue
            ciLower
            ciUpper
          }
          qm
          qmDf
          qmDenominatorDf
          qmPValue
          qe
          qeDf
          qePValue
          tau2
          i2
          h2
          r2
          warnings
          fittedLine {
            moderator
            points {
              x
              fit
              ciLower
              ciUpper
            }
          }
        }
        studies {
          rowId
          studyId
          label
          x
          yi
          vi
          weight
        }
      }
      funnel {
        center
        points {
          studyId
          yi
          se
          filled
        }
        limits {
          se
          lower
          upper
        }
      }
    }
    settings {
      model
      modelRule
      method
      tau2Estimator
      ciMethod
      preset
      totals
      unitOfAnalysis
      importanceThresholds {
        benefit {
          on
          value
        }
        harm {
          on
          value
        }
      }
      metaRegressionModerators {
        name
        kind
      }
    }
    referenceResults {
      outcome
      analysis
      subgroup
      trials
      participants
      measure
      estimate
      ciLower
      ciUpper
      model
      i2
      pEffect
      certainty
      whereReported
    }
    versions {
      version
      k
      estimate
      ciLower
      ciUpper
      pValue
      change {
        summary
        action
      }
    }
  }
`;

export const OUTCOME_QUERY = gql`
  query OutcomePage($id: ID!) {
    outcome(id: $id) {
      ...OutcomeFields
    }
  }
  ${OUTCOME_FIELDS}
`;

export const OUTCOME_UPDATED = gql`
  subscription OutcomeUpdated($outcomeId: ID!, $sinceVersion: Int) {
    outcomeUpdated(outcomeId: $outcomeId, sinceVersion: $sinceVersion) {
      ...OutcomeFields
    }
  }
  ${OUTCOME_FIELDS}
`;

export interface OutcomeQueryResult {
  outcome: Outcome | null;
}

export interface OutcomeUpdatedResult {
  outcomeUpdated: Outcome;
}
