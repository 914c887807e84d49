// Whether a review's new data rows are extracted by two people independently (off by default). With it on, a new row
// enters the analysis only through two extractions (submit-extraction.ts); corrections of existing rows stay direct
// (updateStudyDataRow, recordStudyData on a row that exists), each in the change log with who made it.
import type { Database, Kysely } from '@cumulus/db';
import { z } from 'zod';
import type { Viewer } from '../../auth/viewer.js';
import { reviewForWrite } from '../access.js';
import { UserInputError, refusable, type WriteResult } from '../user-errors.js';
import { validate } from '../validate.js';
import { commitChange, type Services } from '../write-path.js';

export interface ExtractionSettings {
  dualExtraction: boolean;
}

export async function extractionSettingsOf(db: Kysely<Database>, reviewId: string): Promise<ExtractionSettings> {
  const row = await db.selectFrom('extraction_settings').select('dual_extraction').where('review_id', '=', reviewId).executeTakeFirst();
  return { dualExtraction: row?.dual_extraction === 1 };
}

/**
 * Refuses adding rows directly while the review asks for two extractors: each new row is named at its input path.
 * Called by the direct row writes for the rows they would add, not for the rows they correct.
 */
export async function refuseNewRowsWithoutDualExtraction(trx: Kysely<Database>, reviewId: string, rows: readonly { path: string[]; what: string }[]): Promise<void> {
  if (rows.length === 0 || !(await extractionSettingsOf(trx, reviewId)).dualExtraction) return;
  throw new UserInputError(
    rows.map(({ path, what }) => ({
      field: path,
      message:
        `this review uses dual extraction (extractionSettings.dualExtraction): the new row of ${what} is entered by two extractors, each with submitExtraction (the review's data extraction page), ` +
        'and enters the analysis when they agree or are reconciled; existing rows are still corrected directly (or turn dual extraction off with updateExtractionSettings)',
    })),
  );
}

const updateInput = z.object({ reviewId: z.string(), dualExtraction: z.boolean() });
export type UpdateExtractionSettingsInput = z.input<typeof updateInput>;

export function updateExtractionSettings(services: Services, viewer: Viewer, input: UpdateExtractionSettingsInput): Promise<WriteResult<ExtractionSettings>> {
  return refusable(async () => {
    const valid = validate(updateInput, input);
    const reviewId = await reviewForWrite(services.database, viewer, valid.reviewId, 'change how the review extracts data');
    return commitChange(services, viewer, reviewId, {
      action: 'updateExtractionSettings',
      async apply(trx, version) {
        const before = await extractionSettingsOf(trx, reviewId);
        await trx.deleteFrom('extraction_settings').where('review_id', '=', reviewId).execute();
        await trx.insertInto('extraction_settings').values({ review_id: reviewId, dual_extraction: valid.dualExtraction ? 1 : 0, version }).execute();
        const open = await trx
          .selectFrom('dual_extractions')
          .select(({ fn }) => fn.countAll().as('count'))
          .where('review_id', '=', reviewId)
          .where('status', 'in', ['awaiting', 'conflict'])
          .executeTakeFirstOrThrow();
        const left = Number(open.count);
        const summary =
          before.dualExtraction === valid.dualExtraction
            ? `Kept dual extraction ${valid.dualExtraction ? 'on' : 'off'}`
            : valid.dualExtraction
              ? 'Turned dual extraction on: new data rows are entered by two extractors independently'
              : `Turned dual extraction off: new data rows are entered directly${left > 0 ? ` (${left} dual ${left === 1 ? 'extraction is' : 'extractions are'} still open and can be finished)` : ''}`;
        return { value: { dualExtraction: valid.dualExtraction }, summary, outcomeIds: [] };
      },
    });
  });
}
