// The review's GRADE Summary of Findings (apps/api/src/schema/summary-of-findings.ts): the API words every cell.
import { gql } from '@apollo/client/core';
import type { Measure } from './outcome';

export type CertaintyLevel = 'HIGH' | 'MODERATE' | 'LOW' | 'VERY_LOW';
export type GradeDomain =
  | 'RISK_OF_BIAS'
  | 'INCONSISTENCY'
  | 'INDIRECTNESS'
  | 'IMPRECISION'
  | 'PUBLICATION_BIAS'
  | 'LARGE_EFFECT'
  | 'DOSE_RESPONSE'
  | 'PLAUSIBLE_CONFOUNDING';

export interface SummaryOfFindingsCertainty {
  level: CertaintyLevel;
  /** ⊕⊕⊕◯ for moderate. */
  symbols: string;
  label: string;
  /** Letters of the footnotes that explain the rating. */
  footnotes: string[];
  needsReview: boolean;
  note: string | null;
}

export interface AnticipatedAbsoluteEffect {
  label: string;
  riskWithComparison: string;
  riskWithIntervention: string;
  riskDifference: string;
}

export interface SummaryOfFindingsRow {
  outcomeName: string;
  outcome: { id: string } | null;
  measure: Measure | null;
  studies: number;
  participants: number | null;
  participantsText: string;
  anticipatedEffects: AnticipatedAbsoluteEffect[];
  effectText: string | null;
  relativeEffect: string | null;
  certainty: SummaryOfFindingsCertainty | null;
  publishedCertainty: SummaryOfFindingsCertainty | null;
  comments: string[];
}

export interface SummaryOfFindingsFootnote {
  letter: string;
  outcomeName: string;
  domain: GradeDomain;
  rating: number;
  overridden: boolean;
  needsReview: boolean;
  text: string;
}

export interface SummaryOfFindings {
  version: number;
  rows: SummaryOfFindingsRow[];
  footnotes: SummaryOfFindingsFootnote[];
  explanations: string[];
  definitions: { level: CertaintyLevel; symbols: string; label: string; definition: string }[];
  csvPath: string;
  htmlPath: string;
}

export interface SummaryOfFindingsReview {
  id: string;
  title: string;
  version: number;
  population: string | null;
  intervention: string | null;
  comparison: string | null;
  summaryOfFindings: SummaryOfFindings;
}

const CERTAINTY = 'level symbols label footnotes needsReview note';

export const SUMMARY_OF_FINDINGS_QUERY = gql`
  query SummaryOfFindings($id: ID!) {
    review(id: $id) {
      id
      title
      version
      population
      intervention
      comparison
      summaryOfFindings {
        version
        rows {
          outcomeName
          outcome {
            id
            version
          }
          measure
          studies
          participants
          participantsText
          anticipatedEffects {
            label
            riskWithComparison
            riskWithIntervention
            riskDifference
          }
          effectText
          relativeEffect
          certainty { ${CERTAINTY} }
          publishedCertainty { ${CERTAINTY} }
          comments
        }
        footnotes {
          letter
          outcomeName
          domain
          rating
          overridden
          needsReview
          text
        }
        explanations
        definitions {
          level
          symbols
          label
          definition
        }
        csvPath
        htmlPath
      }
    }
  }
`;
