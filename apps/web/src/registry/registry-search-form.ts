// A saved ClinicalTrials.gov search as the maintainer's form holds it, and as saveRegistrySearch takes it. Pure;
// RegistrySearchForm and the searches' list use it.
import type { RegistrySearch, RegistryStudyType } from './registry-queries';

/** ClinicalTrials.gov's overallStatus values a search can ask for, in the registry's own order. */
export const REGISTRY_STATUSES = [
  { value: 'RECRUITING', label: 'Recruiting' },
  { value: 'NOT_YET_RECRUITING', label: 'Not yet recruiting' },
  { value: 'ACTIVE_NOT_RECRUITING', label: 'Active, not recruiting' },
  { value: 'ENROLLING_BY_INVITATION', label: 'Enrolling by invitation' },
  { value: 'COMPLETED', label: 'Completed' },
  { value: 'TERMINATED', label: 'Terminated' },
  { value: 'SUSPENDED', label: 'Suspended' },
  { value: 'WITHDRAWN', label: 'Withdrawn' },
  { value: 'UNKNOWN', label: 'Unknown status' },
] as const;

export const REGISTRY_STUDY_TYPES: readonly { value: RegistryStudyType | ''; label: string }[] = [
  { value: '', label: 'Any' },
  { value: 'INTERVENTIONAL', label: 'Interventional' },
  { value: 'OBSERVATIONAL', label: 'Observational' },
  { value: 'EXPANDED_ACCESS', label: 'Expanded access' },
];

/** A status as the registry's site words it; one the list does not know is shown as sent. */
export function statusInWords(status: string | null | undefined): string {
  if (!status) return '';
  return REGISTRY_STATUSES.find((s) => s.value === status)?.label ?? status;
}

export interface RegistrySearchFields {
  name: string;
  conditions: string;
  interventions: string;
  terms: string;
  statuses: string[];
  studyType: RegistryStudyType | '';
  /** 'every': run every `everyHours` hours; 'on-demand': only when a maintainer presses Run now. */
  schedule: 'every' | 'on-demand';
  everyHours: string;
}

export function searchFields(search: RegistrySearch | null): RegistrySearchFields {
  return {
    name: search?.name ?? '',
    conditions: search?.conditions ?? '',
    interventions: search?.interventions ?? '',
    terms: search?.terms ?? '',
    statuses: [...(search?.statuses ?? [])],
    studyType: search?.studyType ?? '',
    schedule: search && search.scheduleHours === null ? 'on-demand' : 'every',
    everyHours: String(search?.scheduleHours ?? 24),
  };
}

const text = (value: string) => (value.trim() === '' ? null : value.trim());

/**
 * saveRegistrySearch's input, or what to fix first: a schedule that is not a whole number of hours cannot be sent as
 * an Int (the range, 1 to 720, is the API's to check and word).
 */
export function saveSearchInput(
  reviewId: string,
  id: string | null,
  fields: RegistrySearchFields,
): { input: Record<string, unknown> } | { problem: { field: 'scheduleHours'; message: string } } {
  let scheduleHours: number | null = null;
  if (fields.schedule === 'every') {
    const hours = fields.everyHours.trim();
    if (!/^-?\d+$/.test(hours)) return { problem: { field: 'scheduleHours', message: `Every how many hours: a whole number, not '${fields.everyHours}'.` } };
    scheduleHours = Number(hours);
  }
  return {
    input: {
      reviewId,
      ...(id ? { id } : {}),
      name: fields.name.trim(),
      conditions: text(fields.conditions),
      interventions: text(fields.interventions),
      terms: text(fields.terms),
      statuses: REGISTRY_STATUSES.map((s) => s.value).filter((value) => fields.statuses.includes(value)),
      studyType: fields.studyType || null,
      scheduleHours,
    },
  };
}

/** "every 24 hours" or "on demand only". */
export function scheduleInWords(scheduleHours: number | null): string {
  if (scheduleHours === null) return 'on demand only';
  return scheduleHours === 1 ? 'every hour' : `every ${scheduleHours} hours`;
}

/** What the search asks for, in one line: "conditions: systemic sclerosis · statuses: Recruiting, Completed · interventional". */
export function queryInWords(search: Pick<RegistrySearch, 'conditions' | 'interventions' | 'terms' | 'statuses' | 'studyType'>): string {
  const parts = [
    search.conditions ? `conditions: ${search.conditions}` : '',
    search.interventions ? `interventions: ${search.interventions}` : '',
    search.terms ? `terms: ${search.terms}` : '',
    search.statuses.length > 0 ? `statuses: ${search.statuses.map(statusInWords).join(', ')}` : '',
    search.studyType ? (REGISTRY_STUDY_TYPES.find((t) => t.value === search.studyType)?.label ?? search.studyType).toLowerCase() : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'every trial';
}

/** An ISO timestamp as "2026-12-02 14:05 UTC" (the same for every reader, wherever they are). */
export function timestampInWords(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
