// The review list and the review page.
import { gql } from '@apollo/client/core';
import type { AnalysisTotals, Measure } from './outcome';

export interface OutcomeSummary {
  id: string;
  name: string;
  measure: Measure;
  version: number;
  analysis: { k: number; totals: AnalysisTotals; estimate: number | null; ciLower: number | null; ciUpper: number | null; pValue: number | null; i2: number | null };
}

export interface ReviewListItem {
  id: string;
  title: string;
  version: number;
  status: string;
  updatedAt: string;
  outcomes: { id: string }[];
}

export const REVIEWS_QUERY = gql`
  query ReviewList {
    reviews {
      id
      title
      version
      status
      updatedAt
      outcomes {
        id
        version
      }
    }
  }
`;

export type StudyDesign = 'RCT' | 'CLUSTER_RCT' | 'QUASI_RANDOMISED' | 'NON_RANDOMISED' | 'COHORT' | 'CASE_CONTROL' | 'SELF_CONTROLLED_PRE_POST' | 'OTHER';
export type RobJudgement = 'LOW' | 'SOME_CONCERNS' | 'HIGH';

export interface QualityAssessment {
  tool: 'NEWCASTLE_OTTAWA' | 'ROB2' | 'ROBINS_I';
  totalStars: number | null;
  overallJudgement: RobJudgement | null;
  domains: { domain: string; stars: number | null; maxStars: number | null; judgement: RobJudgement | null }[];
  note: string | null;
}

/** A study as the review page lists it (retracted ones too, struck through). */
export interface StudyDetail {
  id: string;
  label: string;
  year: number | null;
  registryId: string | null;
  design: StudyDesign | null;
  country: string | null;
  participants: number | null;
  /** Names to text, numbers or true/false: cell source, dose, route, follow-up, ... */
  characteristics: Record<string, string | number | boolean | null> | null;
  adverseEvents: { patientsWithEvents: number | null; description: string | null } | null;
  retracted: boolean;
  retractionReason: string | null;
  qualityAssessments: QualityAssessment[];
  /** Its papers, registry records and abstracts (left out by queries that do not ask). */
  reports?: StudyReportSummary[];
}

/** A report of a study: a paper, a registry record, a conference abstract. */
export interface StudyReportSummary {
  id: string;
  citation: string;
  kind: string;
  year: number | null;
  doi: string | null;
  pmid: string | null;
  registryId: string | null;
}

export interface SourceCount {
  source: string;
  count: number;
}

/** PRISMA 2020 flow counts as stored; what the review does not report is null. */
export interface PrismaCounts {
  version: number;
  searchEnd: string | null;
  identifiedFromDatabases: SourceCount[];
  identifiedFromRegisters: SourceCount[];
  identifiedFromOtherMethods: SourceCount[];
  recordsIdentified: number;
  duplicatesRemoved: number | null;
  recordsAfterDuplicatesRemoved: number | null;
  recordsScreened: number | null;
  recordsExcluded: number | null;
  reportsSought: number | null;
  reportsNotRetrieved: number | null;
  reportsAssessed: number | null;
  reportsExcluded: SourceCount[];
  reportsIncluded: number | null;
  studiesIncluded: number | null;
  studiesInQuantitativeSynthesis: number | null;
  note: string | null;
}

export interface FlowReasonCount {
  reason: string;
  count: number;
}

export interface AnalysisSummary {
  k: number;
  estimate: number | null;
  ciLower: number | null;
  ciUpper: number | null;
}

/** What an update round changed in one outcome's pooled result: just before the round opened, and now. */
export interface RoundAnalysisChange {
  outcome: { id: string; version: number; name: string; measure: Measure } | null;
  before: AnalysisSummary | null;
  after: AnalysisSummary | null;
}

/**
 * The PRISMA 2020 flow of the latest update round, computed by the API from the searches and decisions (the template
 * for updated reviews; field names of the PRISMA2020 R package's PRISMA.csv).
 */
export interface RoundPrismaFlow {
  round: { id: string; number: number; label: string; searchedTo: string | null; analysisChanges: RoundAnalysisChange[] };
  previous_studies: number;
  previous_reports: number;
  database_results: number;
  database_specific_results: SourceCount[];
  register_results: number;
  register_specific_results: SourceCount[];
  website_results: number;
  organisation_results: number;
  citations_results: number;
  duplicates: number;
  duplicates_by_source: SourceCount[];
  excluded_automatic: number;
  excluded_other: number;
  records_screened: number;
  records_excluded: number;
  dbr_sought_reports: number;
  dbr_notretrieved_reports: number;
  dbr_assessed: number;
  dbr_excluded: FlowReasonCount[];
  other_sought_reports: number;
  other_notretrieved_reports: number;
  other_assessed: number;
  other_excluded: FlowReasonCount[];
  new_studies: number;
  new_reports: number;
  total_studies: number;
  total_reports: number;
  awaiting: { titleAbstract: number; titleAbstractConflicts: number; fullText: number; fullTextConflicts: number; notYetStudies: number; possibleDuplicates: number };
  checks: string[];
}

export type ReviewStatus = 'DRAFT' | 'ACTIVE' | 'ARCHIVED';

/** An "Other data" table of a RevMan review: text per study, kept and shown, not pooled. */
export interface OtherDataTable {
  id: string;
  name: string;
  /** RevMan's analysis number: '3.2'. */
  analysis: string | null;
  description: string | null;
  /** The column headings (the study column not included). */
  columns: string[];
  rows: { studyId: string; studyLabel: string; subgroup: string | null; cells: string[] }[];
}

export interface ReviewDetail {
  id: string;
  title: string;
  version: number;
  question: string | null;
  population: string | null;
  intervention: string | null;
  comparison: string | null;
  outcomesDescription: string | null;
  citation: string | null;
  registration: string | null;
  status: ReviewStatus;
  /** Readable without a token. */
  isPublic: boolean;
  /** Whether new data rows need two independent extractions (the extraction page); corrections stay direct. */
  extractionSettings: { dualExtraction: boolean };
  studies: StudyDetail[];
  outcomes: OutcomeSummary[];
  prismaCounts: PrismaCounts | null;
  /** The computed flow of the latest update round run in Cumulus; null when the review has none. */
  prismaFlow: RoundPrismaFlow | null;
  otherDataTables: OtherDataTable[];
  changes: { version: number; summary: string; actor: string; createdAt: string }[];
}

export const STUDY_FIELDS = gql`
  fragment StudyFields on Study {
    id
    label
    year
    registryId
    design
    country
    participants
    characteristics
    adverseEvents {
      patientsWithEvents
      description
    }
    retracted
    retractionReason
    reports {
      id
      citation
      kind
      year
      doi
      pmid
      registryId
    }
    qualityAssessments {
      tool
      totalStars
      overallJudgement
      domains {
        domain
        stars
        maxStars
        judgement
      }
      note
    }
  }
`;

export const PRISMA_FIELDS = gql`
  fragment PrismaFields on PrismaCounts {
    version
    searchEnd
    identifiedFromDatabases {
      source
      count
    }
    identifiedFromRegisters {
      source
      count
    }
    identifiedFromOtherMethods {
      source
      count
    }
    recordsIdentified
    duplicatesRemoved
    recordsAfterDuplicatesRemoved
    recordsScreened
    recordsExcluded
    reportsSought
    reportsNotRetrieved
    reportsAssessed
    reportsExcluded {
      source
      count
    }
    reportsIncluded
    studiesIncluded
    studiesInQuantitativeSynthesis
    note
  }
`;

const SUMMARY = 'k estimate ciLower ciUpper';

export const ROUND_FLOW_FIELDS = gql`
  fragment RoundFlowFields on PrismaFlow {
    round {
      id
      number
      label
      searchedTo
      analysisChanges {
        outcome {
          id
          version
          name
          measure
        }
        before { ${SUMMARY} }
        after { ${SUMMARY} }
      }
    }
    previous_studies
    previous_reports
    database_results
    database_specific_results { source count }
    register_results
    register_specific_results { source count }
    website_results
    organisation_results
    citations_results
    duplicates
    duplicates_by_source { source count }
    excluded_automatic
    excluded_other
    records_screened
    records_excluded
    dbr_sought_reports
    dbr_notretrieved_reports
    dbr_assessed
    dbr_excluded { reason count }
    other_sought_reports
    other_notretrieved_reports
    other_assessed
    other_excluded { reason count }
    new_studies
    new_reports
    total_studies
    total_reports
    awaiting { titleAbstract titleAbstractConflicts fullText fullTextConflicts notYetStudies possibleDuplicates }
    checks
  }
`;

export const REVIEW_QUERY = gql`
  query ReviewPage($id: ID!) {
    review(id: $id) {
      id
      title
      version
      question
      population
      intervention
      comparison
      outcomesDescription
      citation
      registration
      status
      isPublic
      extractionSettings {
        dualExtraction
      }
      studies(includeRetracted: true) {
        ...StudyFields
      }
      prismaCounts {
        ...PrismaFields
      }
      prismaFlow {
        ...RoundFlowFields
      }
      outcomes {
        id
        name
        measure
        version
        analysis {
          k
          totals
          estimate
          ciLower
          ciUpper
          pValue
          i2
        }
      }
      otherDataTables {
        id
        name
        analysis
        description
        columns
        rows {
          studyId
          studyLabel
          subgroup
          cells
        }
      }
      changes(first: 10) {
        version
        summary
        actor
        createdAt
      }
    }
  }
  ${STUDY_FIELDS}
  ${PRISMA_FIELDS}
  ${ROUND_FLOW_FIELDS}
`;

export interface ReviewUpdate {
  reviewId: string;
  version: number;
  summary: string;
  outcomeIds: string[];
}

export const REVIEW_UPDATED = gql`
  subscription ReviewUpdated($reviewId: ID!, $sinceVersion: Int) {
    reviewUpdated(reviewId: $reviewId, sinceVersion: $sinceVersion) {
      reviewId
      version
      summary
      outcomeIds
    }
  }
`;
