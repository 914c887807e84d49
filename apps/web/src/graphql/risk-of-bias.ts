// Risk of bias as the outcome page reads it from the analysis (Analysis.riskOfBias, Analysis.withoutHighRiskOfBias).
export type QualityTool = 'ROB2' | 'ROBINS_I' | 'NEWCASTLE_OTTAWA';
export type RobJudgement = 'LOW' | 'SOME_CONCERNS' | 'HIGH' | 'MODERATE' | 'SERIOUS' | 'CRITICAL' | 'NO_INFORMATION';

export interface RiskOfBiasStudy {
  studyId: string;
  /** Percent of the analysis's weight. */
  weight: number;
  /** Per domain (RoB 2, ROBINS-I); all null for Newcastle-Ottawa. */
  judgements: (RobJudgement | null)[];
  overall: RobJudgement | null;
  /** Newcastle-Ottawa stars per domain and their maxima. */
  stars: (number | null)[] | null;
  maxStars: (number | null)[] | null;
  totalStars: number | null;
  highRisk: boolean;
}

export interface RiskOfBiasDomainSummary {
  domain: string;
  /** 'low', 'some-concerns', 'high' ..., Newcastle-Ottawa '4 stars' ..., then 'not-assessed'. */
  levels: string[];
  unweighted: number[];
  weighted: number[] | null;
}

export interface RiskOfBiasTable {
  tool: QualityTool;
  domains: string[];
  studies: RiskOfBiasStudy[];
  summary: RiskOfBiasDomainSummary[];
}

export interface WithoutHighRiskOfBias {
  rule: string;
  leftOut: number;
  studyIds: string[];
  weightLeftOut: number;
  k: number;
  estimate: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  pValue: number | null;
}

/** The fields the outcome fragment reads, inside `analysis { ... }`. */
export const RISK_OF_BIAS_FIELDS = `
      riskOfBias {
        tool
        domains
        studies { studyId weight judgements overall stars maxStars totalStars highRisk }
        summary { domain levels unweighted weighted }
      }
      withoutHighRiskOfBias { rule leftOut studyIds weightLeftOut k estimate ciLower ciUpper pValue }`;
