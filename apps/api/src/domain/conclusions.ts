// Conclusion-change alerts: inside the write transaction, each recomputed outcome's new analysis is compared
// with its previous one by the rule of @cumulus/stats, and every change is recorded with the change log entry.
import type { ConclusionChangeRow, Database, Kysely } from '@cumulus/db';
import type { ConclusionAlert } from '../events.js';
import { conclusionChanges, conclusionOf, type ConclusionChange, type OutcomeAnalysis } from './engine.js';
import { newId } from './ids.js';
import { now } from './rows.js';

/** What a reader would conclude differently after this version; an outcome whose studies were all taken out loses its significance. */
export function conclusionChangesBetween(before: OutcomeAnalysis | null, after: OutcomeAnalysis | null): ConclusionChange[] {
  if (after) return conclusionChanges(before, after);
  return conclusionOf(before).significant
    ? [{ kind: 'significance-lost', from: 'significant', to: 'not significant', message: 'No studies remain in the analysis.' }]
    : [];
}

/** A stored conclusion change as the alert it was published as. */
export function alertOfRow(row: ConclusionChangeRow): ConclusionAlert {
  return {
    id: row.id,
    reviewId: row.review_id,
    outcomeId: row.outcome_id,
    version: row.version,
    kind: row.kind,
    from: row.from_value,
    to: row.to_value,
    message: row.message,
    createdAt: row.created_at,
  };
}

export interface RecomputedOutcome {
  outcomeId: string;
  before: OutcomeAnalysis | null;
  after: OutcomeAnalysis | null;
}

/** Stores the conclusion changes of one version (same transaction as the change) and returns them as alerts. */
export async function recordConclusionChanges(
  trx: Kysely<Database>,
  entry: { reviewId: string; version: number; recomputed: RecomputedOutcome[] },
): Promise<ConclusionAlert[]> {
  const createdAt = now();
  const alerts: ConclusionAlert[] = entry.recomputed.flatMap(({ outcomeId, before, after }) =>
    conclusionChangesBetween(before, after).map((change) => ({
      id: newId(),
      reviewId: entry.reviewId,
      outcomeId,
      version: entry.version,
      kind: change.kind,
      from: change.from,
      to: change.to,
      message: change.message,
      createdAt,
    })),
  );
  if (alerts.length === 0) return alerts;
  await trx
    .insertInto('conclusion_changes')
    .values(
      alerts.map((alert, position) => ({
        id: alert.id,
        review_id: alert.reviewId,
        outcome_id: alert.outcomeId,
        version: alert.version,
        kind: alert.kind,
        from_value: alert.from,
        to_value: alert.to,
        message: alert.message,
        position,
        created_at: createdAt,
      })),
    )
    .execute();
  return alerts;
}
