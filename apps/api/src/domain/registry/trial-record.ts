// A registered trial as the review keeps it: its row in `registry_trials`, the record to screen it becomes when a
// registry search first finds it, and what changed between two versions of its registry record, in words.
import type { RegistryTrialRow } from '@cumulus/db';
import type { BibRecord } from '@cumulus/records';
import type { Study } from '@cumulus/registry';

/** The trial's page on ClinicalTrials.gov (what a reader follows; the API's URL is kept on proposals). */
export const trialPageUrl = (nctId: string) => `https://clinicaltrials.gov/study/${nctId}`;

/** What `registry_trials` keeps of a record, besides the review's own columns. */
export type TrialFacts = Pick<
  RegistryTrialRow,
  'nct_id' | 'title' | 'overall_status' | 'enrollment' | 'enrollment_type' | 'start_date' | 'primary_completion_date' | 'completion_date' | 'last_update_posted' | 'results_first_posted' | 'has_results'
>;

export function factsOfStudy(study: Study): TrialFacts {
  return {
    nct_id: study.nctId,
    title: study.briefTitle ?? study.officialTitle ?? study.nctId,
    overall_status: study.overallStatus,
    enrollment: study.enrollment?.count ?? null,
    enrollment_type: study.enrollment?.type ?? null,
    start_date: study.dates.start?.date ?? null,
    primary_completion_date: study.dates.primaryCompletion?.date ?? null,
    completion_date: study.dates.completion?.date ?? null,
    last_update_posted: study.dates.lastUpdatePosted?.date ?? null,
    results_first_posted: study.dates.resultsFirstPosted?.date ?? null,
    has_results: study.hasResults ? 1 : 0,
  };
}

/** The registry's brief summary of a record as sent (the normalised study does not keep it). */
function briefSummaryOf(json: unknown): string | null {
  const summary = (json as { protocolSection?: { descriptionModule?: { briefSummary?: unknown } } } | null)?.protocolSection?.descriptionModule?.briefSummary;
  return typeof summary === 'string' && summary.trim() !== '' ? summary.trim() : null;
}

/** A trial found by a registry search as a record to screen: its titles, summary, conditions and its own id. */
export function recordOfTrial(study: Study, json: unknown, position: number): BibRecord {
  const title = study.officialTitle && study.briefTitle && study.officialTitle !== study.briefTitle ? `${study.briefTitle} (${study.officialTitle})` : (study.briefTitle ?? study.officialTitle);
  const firstPosted = study.dates.firstPosted?.date ?? study.dates.start?.date ?? null;
  return {
    position,
    line: 0,
    recordId: study.nctId,
    title,
    authors: [],
    year: firstPosted ? Number(firstPosted.slice(0, 4)) : null,
    journal: 'ClinicalTrials.gov',
    volume: null,
    issue: null,
    pages: null,
    doi: null,
    pmid: null,
    nctIds: [study.nctId],
    abstract: briefSummaryOf(json),
    keywords: [...study.conditions, ...study.keywords],
    registryId: study.nctId,
    sourceFormat: 'registry',
  };
}

/** What changed in a trial between two versions of its record, as the change log says it ("status RECRUITING → COMPLETED"). */
export function changesOfTrial(before: TrialFacts, after: TrialFacts): { changes: string[]; resultsPosted: boolean } {
  const changes: string[] = [];
  const resultsPosted = before.has_results === 0 && after.has_results === 1;
  if (resultsPosted) changes.push(`results posted${after.results_first_posted ? ` (${after.results_first_posted})` : ''}`);
  const said = (value: string | number | null) => (value === null ? 'none' : String(value));
  if (before.overall_status !== after.overall_status) changes.push(`status ${said(before.overall_status)} → ${said(after.overall_status)}`);
  if (before.enrollment !== after.enrollment || before.enrollment_type !== after.enrollment_type) {
    const enrollment = (facts: TrialFacts) => (facts.enrollment === null ? 'none' : `${facts.enrollment}${facts.enrollment_type ? ` ${facts.enrollment_type.toLowerCase()}` : ''}`);
    changes.push(`enrollment ${enrollment(before)} → ${enrollment(after)}`);
  }
  const dates: [keyof TrialFacts, string][] = [
    ['start_date', 'start'],
    ['primary_completion_date', 'primary completion'],
    ['completion_date', 'completion'],
  ];
  for (const [column, name] of dates) if (before[column] !== after[column]) changes.push(`${name} date ${said(before[column])} → ${said(after[column])}`);
  if (!resultsPosted && before.has_results === 1 && before.last_update_posted !== after.last_update_posted && after.has_results === 1) changes.push('results updated');
  return { changes, resultsPosted };
}
