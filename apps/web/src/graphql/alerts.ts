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

export const CONCLUSION_CHANGES_QUERY = gql`
  query ConclusionChanges($reviewId: ID!) {
    review(id: $reviewId) {
      id
      # Newest first; 200 stays well inside the API's query cost limit (500 does not).
      conclusionChanges(first: 200) { ${ALERT_FIELDS} }
    }
  }
`;

export const CONCLUSION_CHANGED = gql`
  subscription ConclusionChanged($reviewId: ID!) {
    conclusionChanged(reviewId: $reviewId) {
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
