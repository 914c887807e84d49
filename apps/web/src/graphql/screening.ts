// The screening page: a screener's queue, votes, conflicts for an arbiter, progress and agreement per stage.
import { gql } from '@apollo/client/core';

export type ScreeningStage = 'TITLE_ABSTRACT' | 'FULL_TEXT';
export type ScreeningDecision = 'INCLUDE' | 'EXCLUDE' | 'MAYBE';
export type RecordStageStatus = 'AWAITING' | 'CONFLICT' | 'INCLUDE' | 'EXCLUDE' | 'NOT_SCREENED' | 'NOT_RETRIEVED';

export interface ScreeningVote {
  stage: ScreeningStage;
  decision: ScreeningDecision;
  reason: string | null;
  note: string | null;
  screener: string;
  screenerId: string;
}

/** A record as a screener reads it. */
export interface ScreeningRecord {
  id: string;
  title: string | null;
  authors: string[];
  year: number | null;
  journal: string | null;
  volume: string | null;
  issue: string | null;
  pages: string | null;
  doi: string | null;
  pmid: string | null;
  registryId: string | null;
  nctIds: string[];
  abstract: string | null;
  titleAbstractStatus: RecordStageStatus;
  fullTextStatus: RecordStageStatus | null;
  search: { id: string; source: string };
}

export interface ConflictRecord extends ScreeningRecord {
  votes: ScreeningVote[] | null;
}

export interface ScreeningSettings {
  screenersPerRecord: number;
  exclusionReasons: string[];
  inclusionTerms: string[];
  exclusionTerms: string[];
}

export interface ScreeningProgress {
  stage: ScreeningStage;
  total: number;
  included: number;
  excluded: number;
  conflicts: number;
  awaiting: number;
  notRetrieved: number;
  myVotes: number;
  myQueue: number;
  screenersPerRecord: number;
}

export interface ScreeningAgreement {
  stage: ScreeningStage;
  records: number;
  observedAgreement: number;
  chanceAgreement: number;
  kappa: number | null;
  caution: string;
}

export const SCREENING_RECORD_FIELDS = gql`
  fragment ScreeningRecordFields on Record {
    id
    title
    authors
    year
    journal
    volume
    issue
    pages
    doi
    pmid
    registryId
    nctIds
    abstract
    titleAbstractStatus
    fullTextStatus
    search {
      id
      source
    }
  }
`;

export interface ScreeningPageResult {
  review: {
    id: string;
    title: string;
    version: number;
    canScreen: boolean;
    canResolveConflicts: boolean;
    screeningSettings: ScreeningSettings;
    screeningProgress: ScreeningProgress;
    screeningAgreement: ScreeningAgreement;
  } | null;
}

export const SCREENING_PAGE_QUERY = gql`
  query ScreeningPage($id: ID!, $stage: ScreeningStage!) {
    review(id: $id) {
      id
      title
      version
      canScreen
      canResolveConflicts
      screeningSettings {
        screenersPerRecord
        exclusionReasons
        inclusionTerms
        exclusionTerms
      }
      screeningProgress(stage: $stage) {
        stage
        total
        included
        excluded
        conflicts
        awaiting
        notRetrieved
        myVotes
        myQueue
        screenersPerRecord
      }
      screeningAgreement(stage: $stage) {
        stage
        records
        observedAgreement
        chanceAgreement
        kappa
        caution
      }
    }
  }
`;

export const SCREENING_QUEUE_QUERY = gql`
  query ScreeningQueue($id: ID!, $stage: ScreeningStage!, $first: Int!) {
    review(id: $id) {
      id
      screeningQueue(stage: $stage, first: $first) {
        ...ScreeningRecordFields
      }
    }
  }
  ${SCREENING_RECORD_FIELDS}
`;

/** My votes at a stage that can still be undone (their records wait for other votes), most recent last. */
export const SCREENING_UNDOABLE_QUERY = gql`
  query ScreeningUndoable($id: ID!, $stage: ScreeningStage!) {
    review(id: $id) {
      id
      screeningUndoable(stage: $stage, last: 20) {
        ...ScreeningRecordFields
        myVote(stage: $stage) {
          decision
        }
      }
    }
  }
  ${SCREENING_RECORD_FIELDS}
`;

export const SCREENING_CONFLICTS_QUERY = gql`
  query ScreeningConflicts($id: ID!, $stage: ScreeningStage!) {
    review(id: $id) {
      id
      screeningConflicts(stage: $stage, first: 50) {
        ...ScreeningRecordFields
        votes(stage: $stage) {
          stage
          decision
          reason
          note
          screener
          screenerId
        }
      }
    }
  }
  ${SCREENING_RECORD_FIELDS}
`;

const RECORD_PAYLOAD = `
  record {
    id
    titleAbstractStatus
    fullTextStatus
    fullTextReason
  }
  errors {
    field
    message
  }
`;

export const CAST_SCREENING_VOTE = gql`
  mutation CastScreeningVote($input: CastScreeningVoteInput!) {
    castScreeningVote(input: $input) {
      ${RECORD_PAYLOAD}
    }
  }
`;

export const WITHDRAW_SCREENING_VOTE = gql`
  mutation WithdrawScreeningVote($input: RecordStageInput!) {
    withdrawScreeningVote(input: $input) {
      ${RECORD_PAYLOAD}
    }
  }
`;

export const RESOLVE_SCREENING_CONFLICT = gql`
  mutation ResolveScreeningConflict($input: ResolveScreeningConflictInput!) {
    resolveScreeningConflict(input: $input) {
      ${RECORD_PAYLOAD}
    }
  }
`;

export const MARK_FULL_TEXT_RETRIEVAL = gql`
  mutation MarkFullTextRetrieval($input: MarkFullTextRetrievalInput!) {
    markFullTextRetrieval(input: $input) {
      ${RECORD_PAYLOAD}
    }
  }
`;

export const UPDATE_SCREENING_SETTINGS = gql`
  mutation UpdateScreeningSettings($input: UpdateScreeningSettingsInput!) {
    updateScreeningSettings(input: $input) {
      settings {
        screenersPerRecord
        exclusionReasons
        inclusionTerms
        exclusionTerms
      }
      errors {
        field
        message
      }
    }
  }
`;

export interface NewRecordsEvent {
  reviewId: string;
  version: number;
  summary: string;
  newRecords: number | null;
}

export const NEW_RECORDS_TO_SCREEN = gql`
  subscription NewRecordsToScreen($reviewId: ID!) {
    newRecordsToScreen(reviewId: $reviewId) {
      reviewId
      version
      summary
      newRecords
    }
  }
`;
