// How a review screens: how many independent screeners each record needs, the reasons a full text may be excluded
// for, and the terms highlighted on the screening page. Changing the number of screeners re-decides every record
// from its votes (in the same change).
import type { Database, Kysely, ScreeningSettingsRow } from '@cumulus/db';
import { z } from 'zod';
import type { Viewer } from '../../auth/viewer.js';
import { reviewForWrite } from '../access.js';
import { refusable, type WriteResult } from '../user-errors.js';
import { text, validate } from '../validate.js';
import { commitChange, type Services } from '../write-path.js';
import { restoreRecordStatuses } from './record-status.js';

/** Reasons to exclude a full text a review starts with (Cochrane Handbook 4.6.6; PICO and design). */
export const DEFAULT_EXCLUSION_REASONS = ['wrong population', 'wrong intervention', 'wrong comparator', 'wrong outcomes', 'wrong study design', 'duplicate report', 'not retrievable in full'];

export interface ScreeningSettings {
  screenersPerRecord: number;
  exclusionReasons: string[];
  inclusionTerms: string[];
  exclusionTerms: string[];
}

export const defaultScreeningSettings: ScreeningSettings = { screenersPerRecord: 2, exclusionReasons: DEFAULT_EXCLUSION_REASONS, inclusionTerms: [], exclusionTerms: [] };

function settingsOfRow(row: ScreeningSettingsRow | undefined): ScreeningSettings {
  if (!row) return defaultScreeningSettings;
  return {
    screenersPerRecord: row.screeners_per_record,
    exclusionReasons: JSON.parse(row.exclusion_reasons) as string[],
    inclusionTerms: JSON.parse(row.inclusion_terms) as string[],
    exclusionTerms: JSON.parse(row.exclusion_terms) as string[],
  };
}

export async function screeningSettingsOf(db: Kysely<Database>, reviewId: string): Promise<ScreeningSettings> {
  return settingsOfRow(await db.selectFrom('screening_settings').selectAll().where('review_id', '=', reviewId).executeTakeFirst());
}

const distinct = (field: string) => (values: string[], context: z.RefinementCtx) => {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    const key = value.toLocaleLowerCase();
    if (seen.has(key)) context.addIssue({ code: 'custom', path: [index], message: `${field} lists '${value}' twice` });
    seen.add(key);
  });
};

const updateInput = z.object({
  reviewId: z.string(),
  screenersPerRecord: z.number().int('screenersPerRecord must be a whole number').min(1, 'screenersPerRecord must be at least 1').max(5, 'screenersPerRecord can be at most 5').nullish(),
  exclusionReasons: z.array(text('an exclusion reason', 200)).min(1, 'exclusionReasons needs at least one reason').max(50, 'exclusionReasons can hold at most 50 reasons').superRefine(distinct('exclusionReasons')).nullish(),
  inclusionTerms: z.array(text('an inclusion term', 100)).max(200, 'inclusionTerms can hold at most 200 terms').superRefine(distinct('inclusionTerms')).nullish(),
  exclusionTerms: z.array(text('an exclusion term', 100)).max(200, 'exclusionTerms can hold at most 200 terms').superRefine(distinct('exclusionTerms')).nullish(),
});
export type UpdateScreeningSettingsInput = z.input<typeof updateInput>;

export function updateScreeningSettings(services: Services, viewer: Viewer, input: UpdateScreeningSettingsInput): Promise<WriteResult<ScreeningSettings>> {
  return refusable(async () => {
    const valid = validate(updateInput, input);
    const reviewId = await reviewForWrite(services.database, viewer, valid.reviewId, 'change how the review screens');
    return commitChange(services, viewer, reviewId, {
      action: 'updateScreeningSettings',
      async apply(trx, version) {
        const before = await screeningSettingsOf(trx, reviewId);
        const after: ScreeningSettings = {
          screenersPerRecord: valid.screenersPerRecord ?? before.screenersPerRecord,
          exclusionReasons: valid.exclusionReasons ?? before.exclusionReasons,
          inclusionTerms: valid.inclusionTerms ?? before.inclusionTerms,
          exclusionTerms: valid.exclusionTerms ?? before.exclusionTerms,
        };
        const row: ScreeningSettingsRow = {
          review_id: reviewId,
          screeners_per_record: after.screenersPerRecord,
          exclusion_reasons: JSON.stringify(after.exclusionReasons),
          inclusion_terms: JSON.stringify(after.inclusionTerms),
          exclusion_terms: JSON.stringify(after.exclusionTerms),
          version,
        };
        await trx.deleteFrom('screening_settings').where('review_id', '=', reviewId).execute();
        await trx.insertInto('screening_settings').values(row).execute();
        const changed: string[] = [];
        if (after.screenersPerRecord !== before.screenersPerRecord) {
          changed.push(`${after.screenersPerRecord} screener${after.screenersPerRecord === 1 ? '' : 's'} per record`);
          await restoreRecordStatuses(trx, reviewId, version, after.screenersPerRecord);
        }
        if (JSON.stringify(after.exclusionReasons) !== JSON.stringify(before.exclusionReasons)) changed.push('exclusion reasons');
        if (JSON.stringify([after.inclusionTerms, after.exclusionTerms]) !== JSON.stringify([before.inclusionTerms, before.exclusionTerms])) changed.push('highlighted terms');
        return { value: after, summary: `Changed how the review screens${changed.length ? `: ${changed.join(', ')}` : ''}`, outcomeIds: [] };
      },
    });
  });
}
