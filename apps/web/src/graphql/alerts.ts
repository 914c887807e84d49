// Conclusion-change alerts (apps/api/src/schema/alerts.ts): what a change did to a conclusion, listed per review
// and pushed on conclusionChanged after commit.
import { gql } from '@apollo/client/core';

export type ConclusionChangeKind = 'SIGNIFICANCE_GAINED' | 'SIGNIFICANCE_LOST' | 'DIRECTION_FLIPPED' | 'CERTAINTY_CHANGED' | 'SEQUENTIAL_VERDICT_CHANGED';

export interface ConclusionAlert {
  id: string;
  /** The review version whose change caused it. */
  version: number;
  kind: ConclusionChangeKind | string;
  from: string | null;
  to: string | null;
  message: string;
  outcomeId: string;
}

const ALERT_FIELDS = 'id version kind from to message outcomeId';

/** One page of an outcome's conclusion changes, newest first, with the review version it was read at. */
export const CONCLUSION_CHANGES_PAGE_QUERY = gql`
  query ConclusionChangesPage($reviewId: ID!, $outcomeId: ID!, $first: Int!, $after: String) {
    review(id: $reviewId) {
      id
      version
      conclusionChangesConnection(outcomeId: $outcomeId, first: $first, after: $after) {
        edges { node { ${ALERT_FIELDS} } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

export interface ConclusionChangesPage {
  review: {
    version: number;
    conclusionChangesConnection: { edges: { node: ConclusionAlert }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  } | null;
}

export const CONCLUSION_CHANGED = gql`
  subscription ConclusionChanged($reviewId: ID!, $sinceVersion: Int) {
    conclusionChanged(reviewId: $reviewId, sinceVersion: $sinceVersion) {
      reviewId
      version
      summary
      changes { ${ALERT_FIELDS} }
    }
  }
`;

export interface ConclusionChangedEvent {
  reviewId: string;
  version: number;
  summary: string;
  changes: ConclusionAlert[];
}
