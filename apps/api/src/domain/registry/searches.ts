// A review's saved registry searches: what to ask ClinicalTrials.gov (conditions, interventions, other terms,
// overall statuses, study type) and how often. Saving, changing and removing one is a change of the review (its
// methods); a removed search no longer runs, and what its runs brought stays.
import type { RegistrySearchRow } from '@cumulus/db';
import type { SearchQuery, StudyType } from '@cumulus/registry';
import { z } from 'zod';
import type { Viewer } from '../../auth/viewer.js';
import { reviewForWrite } from '../access.js';
import { newId } from '../ids.js';
import { now } from '../rows.js';
import { refusable, refuse, type WriteResult } from '../user-errors.js';
import { optionalText, text, validate } from '../validate.js';
import { commitChange, type Services } from '../write-path.js';

/** ClinicalTrials.gov's overall statuses (the OpenAPI description's Status enum). */
export const registryStatuses = [
  'ACTIVE_NOT_RECRUITING',
  'COMPLETED',
  'ENROLLING_BY_INVITATION',
  'NOT_YET_RECRUITING',
  'RECRUITING',
  'SUSPENDED',
  'TERMINATED',
  'WITHDRAWN',
  'AVAILABLE',
  'NO_LONGER_AVAILABLE',
  'TEMPORARILY_NOT_AVAILABLE',
  'APPROVED_FOR_MARKETING',
  'WITHHELD',
  'UNKNOWN',
] as const;
export const registryStudyTypes = ['INTERVENTIONAL', 'OBSERVATIONAL', 'EXPANDED_ACCESS'] as const satisfies readonly StudyType[];
/** The longest schedule: every 30 days. */
export const MAX_SCHEDULE_HOURS = 720;

const saveInput = z
  .object({
    reviewId: z.string(),
    id: z.string().nullish(),
    name: text('name', 200),
    conditions: optionalText('conditions', 2000),
    interventions: optionalText('interventions', 2000),
    terms: optionalText('terms', 2000),
    statuses: z
      .array(z.enum(registryStatuses, { message: `each status must be one of ClinicalTrials.gov's overall statuses: ${registryStatuses.join(', ')}` }))
      .max(registryStatuses.length)
      .nullish(),
    studyType: z.enum(registryStudyTypes).nullish(),
    scheduleHours: z
      .number()
      .int('scheduleHours must be a whole number of hours')
      .min(1, 'scheduleHours must be at least 1 (or leave it out to run the search on demand only)')
      .max(MAX_SCHEDULE_HOURS, `scheduleHours must be at most ${MAX_SCHEDULE_HOURS} (30 days)`)
      .nullish(),
  })
  .superRefine((input, context) => {
    if (!input.conditions && !input.interventions && !input.terms) {
      context.addIssue({ code: 'custom', path: ['conditions'], message: 'give conditions, interventions or terms: a search without any would ask for every trial in the registry' });
    }
  });
/** Statuses are checked against the registry's list here, so a client may send any text and hear which is wrong. */
export type SaveRegistrySearchInput = Omit<z.input<typeof saveInput>, 'statuses'> & { statuses?: string[] | null };

const removeInput = z.object({ id: z.string() });
export type RemoveRegistrySearchInput = z.input<typeof removeInput>;

/** The registry query a saved search asks, from the date its next run asks from. */
export function queryOfSearch(search: RegistrySearchRow): SearchQuery {
  return {
    ...(search.conditions ? { conditions: search.conditions } : {}),
    ...(search.interventions ? { interventions: search.interventions } : {}),
    ...(search.terms ? { terms: search.terms } : {}),
    ...(JSON.parse(search.statuses).length > 0 ? { statuses: JSON.parse(search.statuses) as string[] } : {}),
    ...(search.study_type ? { studyType: search.study_type as StudyType } : {}),
    ...(search.updated_since ? { updatedSince: search.updated_since } : {}),
  };
}

/** The query in words, as a search's `query` keeps it for PRISMA's record of what was searched. */
export function queryInWords(search: Pick<RegistrySearchRow, 'conditions' | 'interventions' | 'terms' | 'statuses' | 'study_type'>): string {
  const statuses = JSON.parse(search.statuses) as string[];
  return [
    search.conditions ? `condition: ${search.conditions}` : null,
    search.interventions ? `intervention: ${search.interventions}` : null,
    search.terms ? `terms: ${search.terms}` : null,
    statuses.length > 0 ? `status: ${statuses.join(' | ')}` : null,
    search.study_type ? `study type: ${search.study_type}` : null,
  ]
    .filter((part): part is string => part !== null)
    .join('; ');
}

/** A saved search of the review that is not removed, or a refusal at `field`. */
export async function liveSearch(services: Services, id: string, field: string[]): Promise<RegistrySearchRow> {
  const search = await services.database.db.selectFrom('registry_searches').selectAll().where('id', '=', id).executeTakeFirst();
  if (!search) refuse(field, `there is no registry search with id '${id}'`);
  if (search.removed_version !== null) refuse(field, `registry search '${search.name}' was removed at version ${search.removed_version}`);
  return search;
}

const addHours = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();

/** When a search on a schedule runs next: `hours` after its last run (or now, when it never ran). */
export function nextRunAt(hours: number | null, lastRunAt: string | null, at: string): string | null {
  return hours === null ? null : lastRunAt === null ? at : addHours(lastRunAt, hours);
}

export function saveRegistrySearch(services: Services, viewer: Viewer, input: SaveRegistrySearchInput): Promise<WriteResult<RegistrySearchRow>> {
  return refusable(async () => {
    const valid = validate(saveInput, input);
    const reviewId = await reviewForWrite(services.database, viewer, valid.reviewId, 'save a registry search');
    const existing = valid.id ? await liveSearch(services, valid.id, ['input', 'id']) : null;
    if (existing && existing.review_id !== reviewId) refuse(['input', 'id'], `there is no registry search with id '${valid.id}' in this review`);
    return commitChange(services, viewer, reviewId, {
      action: 'saveRegistrySearch',
      async apply(trx, version) {
        const at = now();
        const fields = {
          name: valid.name,
          conditions: valid.conditions ?? null,
          interventions: valid.interventions ?? null,
          terms: valid.terms ?? null,
          statuses: JSON.stringify([...new Set(valid.statuses ?? [])]),
          study_type: valid.studyType ?? null,
          schedule_hours: valid.scheduleHours ?? null,
          updated_at: at,
        };
        let search: RegistrySearchRow;
        if (existing) {
          // A changed question asks again from the start: records the old query did not match may match the new one.
          const sameQuestion = queryInWords(existing) === queryInWords(fields);
          search = { ...existing, ...fields, updated_since: sameQuestion ? existing.updated_since : null, next_run_at: nextRunAt(fields.schedule_hours, existing.last_run_at, at) };
          await trx.updateTable('registry_searches').set(search).where('id', '=', existing.id).execute();
        } else {
          search = {
            id: newId(),
            review_id: reviewId,
            ...fields,
            updated_since: null,
            last_run_at: null,
            next_run_at: nextRunAt(fields.schedule_hours, null, at),
            created_by: viewer.userId,
            created_version: version,
            removed_version: null,
            created_at: at,
          };
          await trx.insertInto('registry_searches').values(search).execute();
        }
        const schedule = search.schedule_hours === null ? 'on demand' : `every ${search.schedule_hours} hour${search.schedule_hours === 1 ? '' : 's'}`;
        return {
          value: search,
          summary: `${existing ? 'Changed' : 'Saved'} ClinicalTrials.gov search '${search.name}' (${queryInWords(search)}; ${schedule})`,
          outcomeIds: [],
          details: { registrySearchId: search.id },
        };
      },
    });
  });
}

export function removeRegistrySearch(services: Services, viewer: Viewer, input: RemoveRegistrySearchInput): Promise<WriteResult<RegistrySearchRow>> {
  return refusable(async () => {
    const valid = validate(removeInput, input);
    const search = await liveSearch(services, valid.id, ['input', 'id']);
    await reviewForWrite(services.database, viewer, search.review_id, 'remove a registry search');
    return commitChange(services, viewer, search.review_id, {
      action: 'removeRegistrySearch',
      async apply(trx, version) {
        const removed = { ...search, removed_version: version, next_run_at: null, updated_at: now() };
        await trx.updateTable('registry_searches').set({ removed_version: version, next_run_at: null, updated_at: removed.updated_at }).where('id', '=', search.id).execute();
        return { value: removed, summary: `Removed ClinicalTrials.gov search '${search.name}' (what its runs brought stays)`, outcomeIds: [], details: { registrySearchId: search.id } };
      },
    });
  });
}
