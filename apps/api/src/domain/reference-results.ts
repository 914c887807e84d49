// Published results kept beside the recomputed ones (for the seed review: its Table 3 and Results text).
import type { Database, Kysely } from '@cumulus/db';
import type { Viewer } from '../auth/viewer.js';
import { reviewForWrite } from './access.js';
import { newId } from './ids.js';
import { refusable, refuse, type WriteResult } from './user-errors.js';
import { commitChange, type Services } from './write-path.js';

export interface ReferenceResultEntry {
  /** The outcome it corresponds to, or null for results no single outcome reproduces (pooled time points). */
  outcomeId: string | null;
  result: Record<string, unknown>;
}

export function recordReferenceResults(
  services: Services,
  actor: Viewer,
  input: { reviewId: string; results: ReferenceResultEntry[] },
): Promise<WriteResult<number>> {
  return refusable(async () => {
    const reviewId = await reviewForWrite(services.database, actor, input.reviewId, 'recording published results');
    return commitChange(services, actor, reviewId, {
      action: 'recordReferenceResults',
      async apply(trx) {
        await storeReferenceResults(trx, reviewId, input.results);
        return { value: input.results.length, summary: `Recorded ${input.results.length} published results as reference values`, outcomeIds: [] };
      },
    });
  });
}

/** Stores published results after the review's others; each names an outcome of the review, or none. */
export async function storeReferenceResults(trx: Kysely<Database>, reviewId: string, results: readonly ReferenceResultEntry[]): Promise<void> {
  const outcomeIds = [...new Set(results.map((entry) => entry.outcomeId).filter((id) => id !== null))];
  if (outcomeIds.length > 0) {
    const known = await trx.selectFrom('outcomes').select('id').where('review_id', '=', reviewId).where('id', 'in', outcomeIds).execute();
    const missing = outcomeIds.filter((id) => !known.some((row) => row.id === id));
    if (missing.length > 0) refuse(['input', 'results'], `no outcome with id '${missing[0]}' in this review`);
  }
  const last = await trx.selectFrom('reference_results').select(({ fn }) => fn.max('position').as('position')).where('review_id', '=', reviewId).executeTakeFirst();
  let position = Number(last?.position ?? 0);
  for (const entry of results) {
    position += 1;
    await trx
      .insertInto('reference_results')
      .values({ id: newId(), review_id: reviewId, outcome_id: entry.outcomeId, result: JSON.stringify(entry.result), position })
      .execute();
  }
}
