// Update rounds: each update of a living review searches again; its searches, records and decisions are counted
// together in that round's PRISMA 2020 flow. Rounds from before Cumulus keep their hand-typed counts (prisma_counts).
import type { Database, Kysely, UpdateRoundRow } from '@cumulus/db';
import { z } from 'zod';
import type { Viewer } from '../../auth/viewer.js';
import { reviewForWrite } from '../access.js';
import { newId } from '../ids.js';
import { now } from '../rows.js';
import { refusable, refuse, type WriteResult } from '../user-errors.js';
import { isoDate, optionalText, validate } from '../validate.js';
import { commitChange, type Services } from '../write-path.js';

const openRoundInput = z.object({
  reviewId: z.string(),
  label: optionalText('label', 200),
  searchedTo: isoDate('searchedTo').nullish(),
});
export type OpenUpdateRoundInput = z.input<typeof openRoundInput>;

async function insertRound(trx: Kysely<Database>, reviewId: string, version: number, label: string | null, searchedTo: string | null): Promise<UpdateRoundRow> {
  const last = await trx.selectFrom('update_rounds').select('number').where('review_id', '=', reviewId).orderBy('number', 'desc').limit(1).executeTakeFirst();
  const number = (last?.number ?? 0) + 1;
  const row: UpdateRoundRow = {
    id: newId(),
    review_id: reviewId,
    number,
    label: label ?? `Update ${number}`,
    searched_to: searchedTo,
    opened_version: version,
    created_at: now(),
  };
  await trx.insertInto('update_rounds').values(row).execute();
  return row;
}

/** Opens the next update round; later searches belong to it unless they name another. */
export function openUpdateRound(services: Services, viewer: Viewer, input: OpenUpdateRoundInput): Promise<WriteResult<UpdateRoundRow>> {
  return refusable(async () => {
    const valid = validate(openRoundInput, input);
    const reviewId = await reviewForWrite(services.database, viewer, valid.reviewId, 'open an update round');
    return commitChange(services, viewer, reviewId, {
      action: 'openUpdateRound',
      async apply(trx, version) {
        const round = await insertRound(trx, reviewId, version, valid.label ?? null, valid.searchedTo ?? null);
        return { value: round, summary: `Opened update round ${round.number} ('${round.label}')`, outcomeIds: [] };
      },
    });
  });
}

/**
 * The round a search joins: the one named (which must be the review's), else the latest, else a first round opened
 * now (inside the same change).
 */
export async function roundForSearch(trx: Kysely<Database>, reviewId: string, version: number, roundId: string | null | undefined): Promise<UpdateRoundRow> {
  if (roundId) {
    const round = await trx.selectFrom('update_rounds').selectAll().where('id', '=', roundId).executeTakeFirst();
    if (!round || round.review_id !== reviewId) refuse(['input', 'roundId'], `the review has no update round with id '${roundId}'`);
    return round;
  }
  const latest = await trx.selectFrom('update_rounds').selectAll().where('review_id', '=', reviewId).orderBy('number', 'desc').limit(1).executeTakeFirst();
  return latest ?? insertRound(trx, reviewId, version, null, null);
}
