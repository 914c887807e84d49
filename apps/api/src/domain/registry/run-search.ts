// Running a saved registry search: ask the registry (pages, about one request a second, backoff: @cumulus/registry)
// for the records updated since the last successful run, then in one change of the review: trials it did not know
// become records to screen (a search of source kind 'register', counted as such in PRISMA 2020); trials it knows are
// updated, and what changed is said in the change log ("results posted for NCT…"); a trial that is a study of the
// review and has results gets proposals of data rows for a person to confirm. A run that finds nothing new changes
// nothing (no version); a run the registry refuses is kept with what went wrong. The network is never inside a
// transaction.
import type { Database, Kysely, RegistryRunRow, RegistrySearchRow, RegistryTrialRow } from '@cumulus/db';
import { RegistryError, RegistryFormatError, type SearchPage, type Study } from '@cumulus/registry';
import { z } from 'zod';
import type { Viewer } from '../../auth/viewer.js';
import { reviewForWrite } from '../access.js';
import { newId } from '../ids.js';
import { now } from '../rows.js';
import { refusable, refuse, type WriteResult } from '../user-errors.js';
import { validate } from '../validate.js';
import { queueReviewDeliveries, REGISTRY_UPDATED_EVENT } from '../webhooks.js';
import { commitChange, type Services } from '../write-path.js';
import { importSummary, queueNewRecordsDeliveries, storeSearch } from '../intake/import-search.js';
import { storeProposals } from './proposals.js';
import { liveSearch, nextRunAt, queryInWords, queryOfSearch } from './searches.js';
import { changesOfTrial, factsOfStudy, recordOfTrial, trialPageUrl } from './trial-record.js';

/** The most trials one run takes: a search matching more is refused, to be narrowed (the registry holds 500,000+). */
export const MAX_TRIALS_PER_RUN = 5000;
/** Trials per page asked of the registry. */
const PAGE_SIZE = 100;
/** The source name of the searches runs make, as PRISMA 2020 lists registers. */
export const REGISTRY_SOURCE = 'ClinicalTrials.gov';
/** Changes named one by one in a run's summary; the rest are counted. */
const CHANGES_NAMED = 10;

const runInput = z.object({ id: z.string() });
export type RunRegistrySearchInput = z.input<typeof runInput>;

export type RunTrigger = 'manual' | 'schedule';

export interface FetchedTrial {
  study: Study;
  json: unknown;
  fetchedAt: string;
  url: string;
  /** Read again though its record did not change: it became a study's trial since the review last read it. */
  recheck?: boolean;
}

/** A run that cannot go on for a reason of its own (too many trials, no registry configured), said to the user. */
class RunProblem extends Error {}

/** Every page of the search; one trial per NCT id, its newest record (the range's first day is seen again). */
async function fetchTrials(services: Services, search: RegistrySearchRow): Promise<{ trials: FetchedTrial[]; pages: number }> {
  const client = services.registry;
  if (!client) throw new RunProblem('this server has no trial registry configured: set CUMULUS_REGISTRY_URL');
  const trials = new Map<string, FetchedTrial>();
  let pages = 0;
  for await (const page of client.searchStudies(queryOfSearch(search), { pageSize: PAGE_SIZE }) as AsyncIterable<SearchPage>) {
    pages++;
    if (page.page === 1 && page.totalCount !== null && page.totalCount > MAX_TRIALS_PER_RUN) {
      throw new RunProblem(
        `the search matches ${page.totalCount.toLocaleString('en')} trials, more than the ${MAX_TRIALS_PER_RUN.toLocaleString('en')} one run takes: narrow it (conditions, interventions, statuses, study type)`,
      );
    }
    page.studies.forEach((study, index) => {
      const seen = trials.get(study.nctId);
      const date = study.dates.lastUpdatePosted?.date ?? '';
      // The record's own address (what a reader follows to check a number), not the search page it came in.
      if (!seen || date > (seen.study.dates.lastUpdatePosted?.date ?? '')) trials.set(study.nctId, { study, json: page.json[index], fetchedAt: page.fetchedAt, url: `${client.baseUrl}/studies/${study.nctId}` });
    });
    if (trials.size > MAX_TRIALS_PER_RUN) throw new RunProblem(`the search returned more than ${MAX_TRIALS_PER_RUN.toLocaleString('en')} trials: narrow it`);
  }
  for (const nctId of await trialsAwaitingProposals(services.database.db, search.review_id)) {
    if (trials.has(nctId)) continue;
    try {
      const read = await client.getStudy(nctId);
      trials.set(nctId, { study: read.study, json: read.json, fetchedAt: read.fetchedAt, url: read.url, recheck: true });
    } catch (error) {
      // A record withdrawn from the registry since: nothing to propose.
      if (!(error instanceof RegistryError && error.kind === 'not-found')) throw error;
    }
  }
  return { trials: [...trials.values()], pages };
}

/** The most trials a run reads again one by one (about a second each). */
const RECHECKS_PER_RUN = 20;

/**
 * Trials whose results were posted when the review read them but that became a study's trial only afterwards (a record
 * included as a study, a study added or edited with the NCT id): their records have not changed, so the search does not bring them
 * again, and nobody has had their rows proposed. A run reads them again one by one (at most RECHECKS_PER_RUN).
 */
async function trialsAwaitingProposals(db: Kysely<Database>, reviewId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('registry_trials')
    .innerJoin('studies', (join) => join.onRef('studies.review_id', '=', 'registry_trials.review_id').onRef('studies.registry_id', '=', 'registry_trials.nct_id'))
    .select('registry_trials.nct_id')
    .distinct()
    .where('registry_trials.review_id', '=', reviewId)
    .where('registry_trials.has_results', '=', 1)
    .where('studies.retracted_version', 'is', null)
    // Named (added, or given the id) after the review last read the trial.
    .whereRef('studies.updated_at', '>', 'registry_trials.fetched_at')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('registry_proposals').select('registry_proposals.id').whereRef('registry_proposals.study_id', '=', 'studies.id').whereRef('registry_proposals.nct_id', '=', 'registry_trials.nct_id'))),
    )
    .orderBy('registry_trials.nct_id')
    .limit(RECHECKS_PER_RUN)
    .execute();
  return rows.map((row) => row.nct_id);
}

/** The day the next run asks from: the day before this run started, so a record posted late in the registry's own time zone is not missed. */
const dayBefore = (iso: string) => new Date(Date.parse(iso) - 86_400_000).toISOString().slice(0, 10);

const chunks = <T>(items: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** The review's rows of the trials among `nctIds`, by NCT id. */
async function knownTrials(db: Kysely<Database>, reviewId: string, nctIds: string[]): Promise<Map<string, RegistryTrialRow>> {
  const trials = new Map<string, RegistryTrialRow>();
  for (const ids of chunks(nctIds, 500)) {
    for (const row of await db.selectFrom('registry_trials').selectAll().where('review_id', '=', reviewId).where('nct_id', 'in', ids).execute()) trials.set(row.nct_id, row);
  }
  return trials;
}

/** The review's trials among `nctIds`, and the studies that name them (their registry id, or a report's). */
export async function whatTheReviewKnows(db: Kysely<Database>, reviewId: string, nctIds: string[]) {
  const trials = await knownTrials(db, reviewId, nctIds);
  const studies = new Map<string, { id: string; label: string }>();
  for (const ids of chunks(nctIds, 500)) {
    const named = await db
      .selectFrom('studies')
      .select(['id', 'label', 'registry_id'])
      .where('review_id', '=', reviewId)
      .where('registry_id', 'in', ids)
      .where('retracted_version', 'is', null)
      .orderBy('created_version')
      .execute();
    const reported = await db
      .selectFrom('study_reports')
      .innerJoin('studies', 'studies.id', 'study_reports.study_id')
      .select(['studies.id', 'studies.label', 'study_reports.registry_id'])
      .where('study_reports.review_id', '=', reviewId)
      .where('study_reports.registry_id', 'in', ids)
      .where('study_reports.removed_version', 'is', null)
      .where('studies.retracted_version', 'is', null)
      .execute();
    for (const study of [...named, ...reported]) if (study.registry_id && !studies.has(study.registry_id)) studies.set(study.registry_id, { id: study.id, label: study.label });
  }
  return { trials, studies };
}

/** Whether a run with these trials would change anything: a trial not known, or known from an older record. */
async function anythingNew(services: Services, reviewId: string, trials: FetchedTrial[]): Promise<boolean> {
  const known = await knownTrials(services.database.db, reviewId, trials.map((t) => t.study.nctId));
  return trials.some((t) => t.recheck || known.get(t.study.nctId)?.last_update_posted !== (t.study.dates.lastUpdatePosted?.date ?? null) || !known.has(t.study.nctId));
}

export interface TrialUpdate {
  nctId: string;
  studyId: string | null;
  studyLabel: string | null;
  changes: string[];
}

interface RunChanges {
  newRecords: number;
  duplicates: number;
  possibleDuplicates: number;
  searchId: string | null;
  updates: TrialUpdate[];
  resultsPosted: string[];
  proposals: number;
}

/**
 * A record of a trial the review knows (its row, or a study naming it), in the change's transaction: the row updated
 * (or made) when the record is newer, with what changed in words; rows proposed from its results when it is a study's
 * trial (a measure already proposed from this record is not proposed again).
 */
export async function applyKnownTrial(
  trx: Kysely<Database>,
  given: { reviewId: string; version: number; trial: FetchedTrial; row: RegistryTrialRow | null; study: { id: string; label: string } | null },
): Promise<{ update: TrialUpdate | null; resultsPosted: boolean; proposals: number }> {
  const { reviewId, version, trial, row, study } = given;
  const { nctId } = trial.study;
  const facts = factsOfStudy(trial.study);
  let changes: string[] = [];
  let resultsPosted = false;
  if (!row) {
    resultsPosted = facts.has_results === 1;
    if (resultsPosted) changes.push(`results posted${facts.results_first_posted ? ` (${facts.results_first_posted})` : ''}`);
    await trx
      .insertInto('registry_trials')
      .values({ id: newId(), review_id: reviewId, ...facts, record_id: null, source_url: trialPageUrl(nctId), fetched_at: trial.fetchedAt, first_seen_version: version, updated_version: version })
      .execute();
  } else if (row.last_update_posted !== facts.last_update_posted) {
    ({ changes, resultsPosted } = changesOfTrial(row, facts));
    await trx.updateTable('registry_trials').set({ ...facts, source_url: trialPageUrl(nctId), fetched_at: trial.fetchedAt, updated_version: version }).where('id', '=', row.id).execute();
  } else {
    // The same record, read again: marked read at this version, so a run does not read it again for the same study.
    await trx.updateTable('registry_trials').set({ fetched_at: trial.fetchedAt, updated_version: version }).where('id', '=', row.id).execute();
  }
  const proposals = study && trial.study.hasResults ? await storeProposals(trx, { reviewId, studyId: study.id, version, study: trial.study, fetchedAt: trial.fetchedAt, sourceUrl: trial.url }) : 0;
  return { update: changes.length > 0 ? { nctId, studyId: study?.id ?? null, studyLabel: study?.label ?? null, changes } : null, resultsPosted, proposals };
}

/** Stores what the fetched trials change, in the run's transaction. */
async function applyTrials(trx: Kysely<Database>, search: RegistrySearchRow, actor: Viewer, version: number, fetched: FetchedTrial[], searchedOn: string): Promise<RunChanges & { imported: Awaited<ReturnType<typeof storeSearch>> | null }> {
  const reviewId = search.review_id;
  const { trials: known, studies } = await whatTheReviewKnows(trx, reviewId, fetched.map((t) => t.study.nctId));
  const fresh: FetchedTrial[] = [];
  const updates: TrialUpdate[] = [];
  const resultsPosted: string[] = [];
  let proposals = 0;
  for (const trial of fetched) {
    const { nctId } = trial.study;
    const facts = factsOfStudy(trial.study);
    const row = known.get(nctId);
    const study = studies.get(nctId) ?? null;
    if (!row && !study) {
      fresh.push(trial);
      continue;
    }
    if (row && row.last_update_posted === facts.last_update_posted && !trial.recheck) continue;
    const applied = await applyKnownTrial(trx, { reviewId, version, trial, row: row ?? null, study });
    if (applied.resultsPosted) resultsPosted.push(nctId);
    if (applied.update) updates.push(applied.update);
    else if (trial.recheck && study) updates.push({ nctId, studyId: study.id, studyLabel: study.label, changes: ['read again as a study of the review'] });
    proposals += applied.proposals;
  }
  let imported: Awaited<ReturnType<typeof storeSearch>> | null = null;
  if (fresh.length > 0) {
    imported = await storeSearch(trx, {
      reviewId,
      version,
      source: REGISTRY_SOURCE,
      sourceKind: 'register',
      searchedOn,
      query: `${queryInWords(search)}${search.updated_since ? `; records updated since ${search.updated_since}` : ''} (saved search '${search.name}')`,
      fileName: null,
      format: 'registry',
      importedBy: actor.userId,
      records: fresh.map((trial, index) => recordOfTrial(trial.study, trial.json, index + 1)),
    });
    const recordIds = imported.recordIds;
    for (const [index, trial] of fresh.entries()) {
      await trx
        .insertInto('registry_trials')
        .values({ id: newId(), review_id: reviewId, ...factsOfStudy(trial.study), record_id: recordIds[index]!, source_url: trialPageUrl(trial.study.nctId), fetched_at: trial.fetchedAt, first_seen_version: version, updated_version: version })
        .execute();
    }
  }
  return {
    imported,
    newRecords: imported?.newRecords ?? 0,
    duplicates: imported?.duplicates ?? 0,
    possibleDuplicates: imported?.possibleDuplicates ?? 0,
    searchId: imported?.search.id ?? null,
    updates,
    resultsPosted,
    proposals,
  };
}

/** "ClinicalTrials.gov search 'CZP': 3 new records to screen …; NCT02552212 (study 'Deeks 2019'): results posted; 4 proposals to confirm". */
export function runSummary(search: Pick<RegistrySearchRow, 'name'>, changes: RunChanges & { imported: Awaited<ReturnType<typeof storeSearch>> | null }): string {
  const parts: string[] = [];
  if (changes.imported) parts.push(importSummary(changes.imported).replace(` from ${REGISTRY_SOURCE}`, ''));
  const named = changes.updates.slice(0, CHANGES_NAMED).map((u) => `${u.nctId}${u.studyLabel ? ` (study '${u.studyLabel}')` : ''}: ${u.changes.join(', ')}`);
  parts.push(...named);
  if (changes.updates.length > CHANGES_NAMED) parts.push(`${changes.updates.length - CHANGES_NAMED} more trials updated`);
  if (changes.proposals > 0) parts.push(`${changes.proposals} proposed row${changes.proposals === 1 ? '' : 's'} of posted results to confirm`);
  return `${REGISTRY_SOURCE} search '${search.name}': ${parts.length > 0 ? parts.join('; ') : 'records updated, nothing to announce'}`;
}

/** Runs a saved search for `actor` (a person, or the schedule) and keeps the run. Never throws for what the registry answers. */
export async function performRun(services: Services, actor: Viewer, search: RegistrySearchRow, trigger: RunTrigger): Promise<RegistryRunRow> {
  const startedAt = now();
  const base = {
    id: newId(),
    registry_search_id: search.id,
    review_id: search.review_id,
    trigger,
    started_at: startedAt,
    updated_since: search.updated_since,
    started_by: actor.userId,
  };
  const nothing = { pages: 0, trials_seen: 0, new_records: 0, updated_trials: 0, results_posted: '[]', proposals: 0, error: null, version: null, search_id: null };
  const schedule = (at: string) => ({ last_run_at: at, next_run_at: nextRunAt(search.schedule_hours, at, at) });
  let fetched: { trials: FetchedTrial[]; pages: number };
  try {
    fetched = await fetchTrials(services, search);
  } catch (error) {
    if (!(error instanceof RegistryError) && !(error instanceof RunProblem) && !(error instanceof RegistryFormatError)) throw error;
    const message = error instanceof RegistryFormatError ? `the registry sent a record Cumulus cannot read (${error.message}); nothing was stored` : error.message;
    const failed: RegistryRunRow = { ...base, ...nothing, status: 'failed', finished_at: now(), error: message };
    await services.database.db.insertInto('registry_runs').values(failed).execute();
    // A failed scheduled run tries again at the next scheduled time; the date it asks from stays.
    await services.database.db.updateTable('registry_searches').set(schedule(startedAt)).where('id', '=', search.id).execute();
    return failed;
  }
  const seen = { pages: fetched.pages, trials_seen: fetched.trials.length };
  const asked = { ...schedule(startedAt), updated_since: dayBefore(startedAt) };
  if (!(await anythingNew(services, search.review_id, fetched.trials))) {
    const quiet: RegistryRunRow = { ...base, ...nothing, ...seen, status: 'succeeded', finished_at: now() };
    await services.database.db.insertInto('registry_runs').values(quiet).execute();
    await services.database.db.updateTable('registry_searches').set(asked).where('id', '=', search.id).execute();
    return quiet;
  }
  const result = await commitChange(services, actor, search.review_id, {
    action: 'runRegistrySearch',
    async apply(trx, version) {
      const changes = await applyTrials(trx, search, actor, version, fetched.trials, startedAt.slice(0, 10));
      const run: RegistryRunRow = {
        ...base,
        ...seen,
        status: 'succeeded',
        finished_at: now(),
        new_records: changes.newRecords,
        updated_trials: changes.updates.length,
        results_posted: JSON.stringify(changes.resultsPosted),
        proposals: changes.proposals,
        error: null,
        version,
        search_id: changes.searchId,
      };
      await trx.insertInto('registry_runs').values(run).execute();
      await trx.updateTable('registry_searches').set(asked).where('id', '=', search.id).execute();
      const summary = runSummary(search, changes);
      const change = { reviewId: search.review_id, version, action: 'runRegistrySearch', summary };
      let deliveries = changes.imported ? await queueNewRecordsDeliveries(trx, changes.imported, change) : 0;
      if (changes.updates.length > 0 || changes.proposals > 0) {
        deliveries += await queueReviewDeliveries(trx, {
          ...change,
          event: REGISTRY_UPDATED_EVENT,
          body: { registrySearch: { id: search.id, name: search.name }, updatedTrials: changes.updates, resultsPosted: changes.resultsPosted, proposals: changes.proposals },
        });
      }
      return {
        value: run,
        summary,
        outcomeIds: [],
        details: { registrySearchId: search.id, runId: run.id, newRecords: run.new_records, updatedTrials: changes.updates, resultsPosted: changes.resultsPosted, proposals: changes.proposals },
        deliveries,
        announce: changes.newRecords > 0 ? { newRecords: changes.newRecords } : undefined,
      };
    },
  });
  if (!result.ok) throw new Error(`a registry run was refused: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.value;
}

export function runRegistrySearch(services: Services, viewer: Viewer, input: RunRegistrySearchInput): Promise<WriteResult<RegistryRunRow>> {
  return refusable(async () => {
    const valid = validate(runInput, input);
    const search = await liveSearch(services, valid.id, ['input', 'id']);
    await reviewForWrite(services.database, viewer, search.review_id, 'run a registry search');
    if (!services.registry) refuse([], 'this server has no trial registry configured: set CUMULUS_REGISTRY_URL');
    const run = await performRun(services, viewer, search, 'manual');
    const { version } = await services.database.db.selectFrom('reviews').select('version').where('id', '=', search.review_id).executeTakeFirstOrThrow();
    return { ok: true, value: run, version: run.version ?? version };
  });
}
