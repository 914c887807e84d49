// The searches page: update rounds and their searches, importing search results, possible duplicates, the records
// list, and included records becoming studies or reports of studies.
import { gql } from '@apollo/client/core';
import type { RecordStageStatus, ScreeningSettings } from './screening';

export type SearchSourceKind = 'DATABASE' | 'REGISTER' | 'WEBSITE' | 'ORGANISATION' | 'CITATION';
export type RecordFilter = 'ALL' | 'TO_SCREEN' | 'DUPLICATES' | 'REMOVED' | 'INCLUDED' | 'NOT_YET_STUDIES' | 'EXCLUDED' | 'CONFLICTS';

export interface SearchSummary {
  id: string;
  source: string;
  sourceKind: SearchSourceKind;
  searchedOn: string;
  query: string | null;
  fileName: string | null;
  format: string;
  recordCount: number;
  duplicates: number;
  version: number;
}

export interface UpdateRoundSummary {
  id: string;
  number: number;
  label: string;
  searchedTo: string | null;
  openedVersion: number;
  createdAt: string;
  searches: SearchSummary[];
}

/** A record in a list: enough to recognise it and see where it stands. */
export interface RecordListItem {
  id: string;
  position: number;
  title: string | null;
  authors: string[];
  year: number | null;
  journal: string | null;
  doi: string | null;
  pmid: string | null;
  registryId: string | null;
  duplicateKind: 'IDENTIFIER' | 'STRICT' | 'CONFIRMED' | null;
  duplicateReason: string | null;
  duplicateOf: { id: string; title: string | null } | null;
  removedReason: string | null;
  titleAbstractStatus: RecordStageStatus;
  fullTextStatus: RecordStageStatus | null;
  fullTextReason: string | null;
  includedAs: string | null;
  study: { id: string; label: string } | null;
  search: { id: string; source: string };
}

/** One side of a possible duplicate: enough to compare the two. */
export type DuplicateSide = Pick<RecordListItem, 'id' | 'title' | 'authors' | 'year' | 'journal' | 'doi' | 'pmid' | 'search'>;

export interface DuplicateCandidate {
  id: string;
  similarity: number;
  record: DuplicateSide;
  other: DuplicateSide;
}

const DUPLICATE_SIDE = 'id title authors year journal doi pmid search { id source }';

export const RECORD_LIST_FIELDS = gql`
  fragment RecordListFields on Record {
    id
    position
    title
    authors
    year
    journal
    doi
    pmid
    registryId
    duplicateKind
    duplicateReason
    duplicateOf {
      id
      title
    }
    removedReason
    titleAbstractStatus
    fullTextStatus
    fullTextReason
    includedAs
    study {
      id
      label
    }
    search {
      id
      source
    }
  }
`;

export interface IntakePageResult {
  review: {
    id: string;
    title: string;
    version: number;
    updateRounds: UpdateRoundSummary[];
    possibleDuplicates: DuplicateCandidate[];
    canScreen: boolean;
    screeningSettings: ScreeningSettings;
    studies: { id: string; label: string; year: number | null }[];
  } | null;
}

export const INTAKE_PAGE_QUERY = gql`
  query IntakePage($id: ID!) {
    review(id: $id) {
      id
      title
      version
      updateRounds {
        id
        number
        label
        searchedTo
        openedVersion
        createdAt
        searches {
          id
          source
          sourceKind
          searchedOn
          query
          fileName
          format
          recordCount
          duplicates
          version
        }
      }
      possibleDuplicates(first: 50) {
        id
        similarity
        record { ${DUPLICATE_SIDE} }
        other { ${DUPLICATE_SIDE} }
      }
      canScreen
      screeningSettings {
        screenersPerRecord
        exclusionReasons
        inclusionTerms
        exclusionTerms
      }
      studies {
        id
        label
        year
      }
    }
  }
`;

export interface RecordsPage {
  review: {
    id: string;
    recordsConnection: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { node: RecordListItem }[];
    };
  } | null;
}

export const RECORDS_QUERY = gql`
  query IntakeRecords($id: ID!, $filter: RecordFilter, $text: String, $roundId: ID, $first: Int!, $after: String) {
    review(id: $id) {
      id
      recordsConnection(first: $first, after: $after, filter: $filter, text: $text, roundId: $roundId) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            ...RecordListFields
          }
        }
      }
    }
  }
  ${RECORD_LIST_FIELDS}
`;

const ERRORS = `
  errors {
    field
    message
  }
`;

export interface ImportAnswer {
  search: SearchSummary | null;
  records: number | null;
  duplicates: number | null;
  possibleDuplicates: number | null;
  newRecords: number | null;
  version: number | null;
}

export const IMPORT_SEARCH = gql`
  mutation ImportSearch($input: ImportSearchInput!) {
    importSearch(input: $input) {
      search {
        id
        source
        sourceKind
        searchedOn
        query
        fileName
        format
        recordCount
        duplicates
        version
      }
      records
      duplicates
      possibleDuplicates
      newRecords
      version
      ${ERRORS}
    }
  }
`;

export const OPEN_UPDATE_ROUND = gql`
  mutation OpenUpdateRound($input: OpenUpdateRoundInput!) {
    openUpdateRound(input: $input) {
      round {
        id
        number
        label
      }
      ${ERRORS}
    }
  }
`;

export const CONFIRM_DUPLICATE = gql`
  mutation ConfirmDuplicate($input: DuplicateCandidateInput!) {
    confirmDuplicate(input: $input) {
      candidate {
        id
        status
      }
      ${ERRORS}
    }
  }
`;

export const REJECT_DUPLICATE = gql`
  mutation RejectDuplicate($input: DuplicateCandidateInput!) {
    rejectDuplicate(input: $input) {
      candidate {
        id
        status
      }
      ${ERRORS}
    }
  }
`;

export const UNDO_MERGE = gql`
  mutation UndoMerge($input: UndoMergeInput!) {
    undoMerge(input: $input) {
      record {
        id
      }
      ${ERRORS}
    }
  }
`;

export const REMOVE_RECORD = gql`
  mutation RemoveRecord($input: RemoveRecordInput!) {
    removeRecord(input: $input) {
      record {
        id
      }
      ${ERRORS}
    }
  }
`;

export const RESTORE_RECORD = gql`
  mutation RestoreRecord($input: RestoreRecordInput!) {
    restoreRecord(input: $input) {
      record {
        id
      }
      ${ERRORS}
    }
  }
`;

export const INCLUDE_RECORD = gql`
  mutation IncludeRecord($input: IncludeRecordInput!) {
    includeRecord(input: $input) {
      record {
        id
        includedAs
      }
      study {
        id
        label
      }
      report {
        id
        kind
      }
      ${ERRORS}
    }
  }
`;
