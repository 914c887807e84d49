// ClinicalTrials.gov surveillance (issue 15): a review's saved registry searches and their runs, the trials the review
// knows, the rows their posted results could give (proposals), and where a confirmed row's numbers came from.
// Field names from apps/api/src/schema/registry.ts.
import { gql } from '@apollo/client/core';
import type { Measure } from '../graphql/outcome';
import type { DecidedProposal } from './decided-proposals';

export type RegistryStudyType = 'INTERVENTIONAL' | 'OBSERVATIONAL' | 'EXPANDED_ACCESS';
export type RegistryRunStatus = 'SUCCEEDED' | 'FAILED';
export type RegistryProposalStatus = 'OPEN' | 'CONFIRMED' | 'DISMISSED' | 'SUPERSEDED';
export type RegistryProposalKind = 'BINARY' | 'CONTINUOUS';
export type ArmMatchKind = 'EXACT' | 'NORMALISED' | 'TOKEN_SIMILARITY' | 'NONE';

export interface RegistryRun {
  id: string;
  trigger: 'MANUAL' | 'SCHEDULE';
  status: RegistryRunStatus;
  startedAt: string;
  finishedAt: string;
  updatedSince: string | null;
  pages: number;
  trialsSeen: number;
  newRecords: number;
  updatedTrials: number;
  resultsPosted: string[];
  proposals: number;
  error: string | null;
  version: number | null;
  search: { id: string; source: string } | null;
}

export interface RegistrySearch {
  id: string;
  name: string;
  conditions: string | null;
  interventions: string | null;
  terms: string | null;
  statuses: string[];
  studyType: RegistryStudyType | null;
  scheduleHours: number | null;
  lastRunAt: string | null;
  nextRunAt: string | null;
  updatedSince: string | null;
  runs: RegistryRun[];
}

export interface RegistryTrial {
  nctId: string;
  title: string;
  overallStatus: string | null;
  enrollment: number | null;
  enrollmentType: string | null;
  startDate: string | null;
  completionDate: string | null;
  lastUpdatePosted: string | null;
  resultsFirstPosted: string | null;
  hasResults: boolean;
  fetchedAt: string;
  url: string;
  record: { id: string; title: string | null } | null;
  study: { id: string; label: string } | null;
}

export interface RegistryProposalGroup {
  groupId: string;
  groupTitle: string;
  armTitle: string | null;
  armMatch: ArmMatchKind;
  armMatchScore: number | null;
  events: number | null;
  total: number | null;
  derived: boolean;
  mean: number | null;
  sd: number | null;
  n: number | null;
  sdFrom: string | null;
  conversion: string | null;
}

export interface RegistryProposal {
  id: string;
  nctId: string;
  study: { id: string; label: string };
  kind: RegistryProposalKind;
  status: RegistryProposalStatus;
  measureTitle: string;
  measureType: string;
  timeFrame: string | null;
  unitOfMeasure: string | null;
  paramType: string | null;
  dispersionType: string | null;
  classTitle: string | null;
  categoryTitle: string | null;
  recordVersionDate: string | null;
  fetchedAt: string;
  sourceUrl: string;
  groups: RegistryProposalGroup[];
  refused: { groupId: string; groupTitle: string; reason: string }[];
  conversions: string[];
  notes: string[];
}

/** An outcome of the review, to choose where a proposal's row goes (its data type must fit the proposal's kind). */
export interface ReviewOutcomeChoice {
  id: string;
  name: string;
  measure: Measure;
  /** binary, continuous, pre-post or generic. */
  dataType: string;
}

export interface RegistryPageResult {
  review: {
    id: string;
    title: string;
    version: number;
    outcomes: ReviewOutcomeChoice[];
    studies: { id: string; label: string; registryId: string | null }[];
    registrySearches: RegistrySearch[];
    registryTrials: RegistryTrial[];
    registryProposals: RegistryProposal[];
    /** Every proposal, open or decided: the page lists the decided ones. */
    allProposals: DecidedProposal[];
  } | null;
}

const RUN_FIELDS = `
  id
  trigger
  status
  startedAt
  finishedAt
  updatedSince
  pages
  trialsSeen
  newRecords
  updatedTrials
  resultsPosted
  proposals
  error
  version
  search {
    id
    source
  }
`;

export const REGISTRY_PAGE_QUERY = gql`
  query RegistryPage($id: ID!) {
    review(id: $id) {
      id
      title
      version
      outcomes {
        id
        version
        name
        measure
        dataType
      }
      studies {
        id
        label
        registryId
      }
      registrySearches {
        id
        name
        conditions
        interventions
        terms
        statuses
        studyType
        scheduleHours
        lastRunAt
        nextRunAt
        updatedSince
        runs(first: 5) {
          ${RUN_FIELDS}
        }
      }
      registryTrials {
        nctId
        title
        overallStatus
        enrollment
        enrollmentType
        startDate
        completionDate
        lastUpdatePosted
        resultsFirstPosted
        hasResults
        fetchedAt
        url
        record {
          id
          title
        }
        study {
          id
          label
        }
      }
      registryProposals(status: OPEN) {
        id
        nctId
        study {
          id
          label
        }
        kind
        status
        measureTitle
        measureType
        timeFrame
        unitOfMeasure
        paramType
        dispersionType
        classTitle
        categoryTitle
        recordVersionDate
        fetchedAt
        sourceUrl
        groups {
          groupId
          groupTitle
          armTitle
          armMatch
          armMatchScore
          events
          total
          derived
          mean
          sd
          n
          sdFrom
          conversion
        }
        refused {
          groupId
          groupTitle
          reason
        }
        conversions
        notes
      }
      allProposals: registryProposals(status: null) {
        id
        nctId
        study {
          id
          label
        }
        status
        measureTitle
        timeFrame
        recordVersionDate
        decidedBy
        decidedVersion
        dismissedReason
        rows {
          id
        }
      }
    }
  }
`;

const ERRORS = 'errors { field message }';

export const SAVE_REGISTRY_SEARCH = gql`mutation SaveRegistrySearch($input: SaveRegistrySearchInput!) { saveRegistrySearch(input: $input) { registrySearch { id name } ${ERRORS} } }`;
export const REMOVE_REGISTRY_SEARCH = gql`mutation RemoveRegistrySearch($input: RemoveRegistrySearchInput!) { removeRegistrySearch(input: $input) { removedId ${ERRORS} } }`;
export const RUN_REGISTRY_SEARCH = gql`mutation RunRegistrySearch($input: RunRegistrySearchInput!) { runRegistrySearch(input: $input) { run { ${RUN_FIELDS} } version ${ERRORS} } }`;
export const CONFIRM_REGISTRY_PROPOSAL = gql`
  mutation ConfirmRegistryProposal($input: ConfirmRegistryProposalInput!) {
    confirmRegistryProposal(input: $input) {
      proposal { id status }
      row { id }
      outcome { id version name analysis { k estimate ciLower ciUpper } }
      version
      ${ERRORS}
    }
  }
`;
export const DISMISS_REGISTRY_PROPOSAL = gql`mutation DismissRegistryProposal($input: DismissRegistryProposalInput!) { dismissRegistryProposal(input: $input) { proposal { id status } version ${ERRORS} } }`;

export const REFRESH_REGISTRY_TRIAL = gql`
  mutation RefreshRegistryTrial($input: RefreshRegistryTrialInput!) { refreshRegistryTrial(input: $input) { trial { nctId } changes proposals version ${ERRORS} } }
`;

export interface RefreshAnswer {
  trial: { nctId: string } | null;
  /** What changed since the review last read the record (empty: nothing). */
  changes: string[];
  proposals: number;
  version: number | null;
}

export interface RunAnswer {
  run: RegistryRun | null;
  version: number | null;
}

export interface ConfirmAnswer {
  proposal: { id: string; status: RegistryProposalStatus };
  row: { id: string } | null;
  outcome: { id: string; version: number; name: string; analysis: { k: number; estimate: number | null; ciLower: number | null; ciUpper: number | null } } | null;
  version: number;
}

/** Where a data row's numbers came from, when Cumulus knows more than its free-text source. */
export interface RowProvenance {
  kind: string;
  summary: string;
  nctId: string | null;
  sourceUrl: string | null;
  derived: boolean;
  conversions: string[];
  confirmedBy: string | null;
  confirmedVersion: number | null;
}

export interface ProvenanceRow {
  id: string;
  label: string | null;
  subgroup: string | null;
  study: { id: string; label: string };
  events1: number | null;
  n1: number | null;
  events2: number | null;
  n2: number | null;
  mean1: number | null;
  sd1: number | null;
  mean2: number | null;
  sd2: number | null;
  meanBefore: number | null;
  sdBefore: number | null;
  meanAfter: number | null;
  sdAfter: number | null;
  n: number | null;
  yi: number | null;
  sei: number | null;
  estimate: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  provenance: RowProvenance | null;
}

export interface OutcomeProvenanceResult {
  outcome: { id: string; version: number; studyData: ProvenanceRow[] } | null;
}

/** The outcome's rows with where their numbers came from (no-cache: refetched with each version of the outcome). */
export const OUTCOME_PROVENANCE_QUERY = gql`
  query OutcomeProvenance($id: ID!) {
    outcome(id: $id) {
      id
      version
      studyData {
        id
        label
        subgroup
        study {
          id
          label
        }
        events1
        n1
        events2
        n2
        mean1
        sd1
        mean2
        sd2
        meanBefore
        sdBefore
        meanAfter
        sdAfter
        n
        yi
        sei
        estimate
        ciLower
        ciUpper
        provenance {
          kind
          summary
          nctId
          sourceUrl
          derived
          conversions
          confirmedBy
          confirmedVersion
        }
      }
    }
  }
`;
