// The ClinicalTrials.gov API v2 client: HTTP at the edge, one request a second through one queue, backoff on 429/5xx.
import { RegistryError, RegistryFormatError } from './errors.js';
import { createRequestQueue, realSleep, type Sleep } from './request-queue.js';
import { normaliseStudy, type Study } from './study.js';

export const DEFAULT_BASE_URL = 'https://clinicaltrials.gov/api/v2';

export interface RegistryClientOptions {
  /** The API v2 root; tests and air-gapped installations point it elsewhere. */
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  /** Least time between the starts of two requests (the public service allows about 50 a minute). */
  minIntervalMs?: number;
  /** Retries after a 429 or 5xx before giving up. */
  maxRetries?: number;
  /** First backoff delay when no Retry-After is given; doubled on each retry. */
  baseDelayMs?: number;
  /** The longest single wait: a Retry-After asking for more gives up at once, saying when to try again. */
  maxDelayMs?: number;
  /** Per request; a request taking longer fails as a network error. */
  timeoutMs?: number;
  sleep?: Sleep;
  now?: () => number;
}

export interface FetchedStudy {
  nctId: string;
  /** The URL the record was read from. */
  url: string;
  /** ISO 8601, when the answer arrived. */
  fetchedAt: string;
  /** The record as the registry sent it. */
  json: unknown;
  study: Study;
}

export type StudyType = 'INTERVENTIONAL' | 'OBSERVATIONAL' | 'EXPANDED_ACCESS';

export interface SearchQuery {
  /** query.cond, in the registry's Essie syntax. */
  conditions?: string;
  /** query.intr */
  interventions?: string;
  /** query.term */
  terms?: string;
  /** filter.overallStatus: RECRUITING, COMPLETED… */
  statuses?: string[];
  /** filter.advanced AREA[StudyType] */
  studyType?: StudyType;
  /** 'YYYY-MM-DD': only records whose LastUpdatePostDate is on or after it (filter.advanced AREA[LastUpdatePostDate]RANGE[date,MAX]). */
  updatedSince?: string;
}

export interface SearchOptions {
  /** Studies per page, 1 to 1000 (the registry's limit). */
  pageSize?: number;
}

export interface SearchPage {
  /** 1 for the first page. */
  page: number;
  url: string;
  fetchedAt: string;
  /** The registry's count of all matching studies (asked for on the first page only). */
  totalCount: number | null;
  nextPageToken: string | null;
  studies: Study[];
  json: unknown[];
}

export interface RegistryClient {
  readonly baseUrl: string;
  getStudy(nctId: string): Promise<FetchedStudy>;
  searchStudies(query: SearchQuery, options?: SearchOptions): AsyncIterable<SearchPage>;
}

const NCT_ID = /^NCT\d{8}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const STUDY_TYPES = new Set<string>(['INTERVENTIONAL', 'OBSERVATIONAL', 'EXPANDED_ACCESS']);
const STATUS = /^[A-Z_]+$/;

/** The query parameters of GET /studies for a saved query (names from the API's OpenAPI description, v2.0.0). */
export function searchParameters(query: SearchQuery, pageSize: number): URLSearchParams {
  const params = new URLSearchParams({ format: 'json' });
  if (query.conditions) params.set('query.cond', query.conditions);
  if (query.interventions) params.set('query.intr', query.interventions);
  if (query.terms) params.set('query.term', query.terms);
  if (query.statuses && query.statuses.length > 0) {
    const bad = query.statuses.find((status) => !STATUS.test(status));
    if (bad !== undefined) throw new TypeError(`'${bad}' is not a ClinicalTrials.gov overall status (RECRUITING, COMPLETED, …)`);
    params.set('filter.overallStatus', query.statuses.join('|'));
  }
  const advanced: string[] = [];
  if (query.studyType) {
    if (!STUDY_TYPES.has(query.studyType)) throw new TypeError(`'${query.studyType}' is not a study type (INTERVENTIONAL, OBSERVATIONAL, EXPANDED_ACCESS)`);
    advanced.push(`AREA[StudyType]${query.studyType}`);
  }
  if (query.updatedSince !== undefined) {
    const match = DATE.exec(query.updatedSince);
    const date = match ? new Date(`${query.updatedSince}T00:00:00Z`) : null;
    if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== query.updatedSince) {
      throw new TypeError(`updatedSince '${query.updatedSince}' is not a date written YYYY-MM-DD`);
    }
    advanced.push(`AREA[LastUpdatePostDate]RANGE[${query.updatedSince},MAX]`);
  }
  if (advanced.length > 0) params.set('filter.advanced', advanced.join(' AND '));
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new TypeError(`pageSize ${pageSize} must be a whole number from 1 to 1000`);
  params.set('pageSize', String(pageSize));
  return params;
}

/** Seconds or an HTTP date, as RFC 9110 allows; null when absent or unreadable. */
function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  if ((error as Error).name === 'TimeoutError') return 'no answer in time';
  return cause?.message ?? (error as Error).message ?? String(error);
}

export function createRegistryClient(options: RegistryClientOptions = {}): RegistryClient {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const maxRetries = options.maxRetries ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 2000;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const queue = createRequestQueue(options.minIntervalMs ?? 1000, sleep, now);

  /** GET url as JSON; `subject` names what was asked for in every message ('NCT02552212', 'the search'). */
  async function getJson(url: string, subject: string, notFound: () => string): Promise<{ json: unknown; fetchedAt: string }> {
    for (let attempt = 0; ; attempt += 1) {
      const response = await queue.schedule(async () => {
        try {
          return await fetchImpl(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
        } catch (error) {
          throw new RegistryError('network', `${subject}: could not reach the registry at ${baseUrl} (${describeCause(error)}): check the network connection and the base URL`, url);
        }
      });
      const fetchedAt = new Date(now()).toISOString();
      if (response.status === 429 || response.status >= 500) {
        const asked = retryAfterMs(response.headers.get('retry-after'), now());
        await response.body?.cancel();
        const what = response.status === 429 ? 'is limiting requests (429)' : `answered ${response.status}`;
        if (attempt >= maxRetries) {
          throw new RegistryError('gave-up', `${subject}: the registry at ${baseUrl} ${what} and still did after ${maxRetries} retries: try again later`, url, response.status);
        }
        const wait = asked ?? Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
        if (wait > maxDelayMs) {
          throw new RegistryError('gave-up', `${subject}: the registry at ${baseUrl} ${what} and asks to wait ${Math.ceil(wait / 1000)} s (Retry-After), longer than ${Math.ceil(maxDelayMs / 1000)} s: try again after ${new Date(now() + wait).toISOString()}`, url, response.status);
        }
        await sleep(wait);
        continue;
      }
      const body = await response.text();
      if (response.status === 404) throw new RegistryError('not-found', notFound(), url, 404);
      if (!response.ok) {
        throw new RegistryError('http', `${subject}: the registry at ${baseUrl} answered ${response.status}${body.trim() ? `: ${body.trim().slice(0, 300)}` : ''}`, url, response.status);
      }
      try {
        return { json: JSON.parse(body), fetchedAt };
      } catch {
        const type = response.headers.get('content-type') ?? 'no content type';
        throw new RegistryError('not-json', `${subject}: the registry at ${baseUrl} answered with something that is not JSON (${type}, beginning '${body.trim().slice(0, 60)}'): is the base URL the API v2 root, like ${DEFAULT_BASE_URL}?`, url, response.status);
      }
    }
  }

  function readStudy(json: unknown, subject: string, url: string): Study {
    try {
      return normaliseStudy(json);
    } catch (error) {
      if (!(error instanceof RegistryFormatError)) throw error;
      throw new RegistryError('not-a-study', `${subject}: the registry at ${baseUrl} answered with JSON that is not a study record (${error.message})`, url);
    }
  }

  async function getStudy(nctId: string): Promise<FetchedStudy> {
    const id = nctId.trim().toUpperCase();
    const url = `${baseUrl}/studies/${encodeURIComponent(id)}`;
    if (!NCT_ID.test(id)) throw new RegistryError('invalid-id', `'${nctId}' is not an NCT id (NCT followed by 8 digits, like NCT02552212)`, url);
    const { json, fetchedAt } = await getJson(url, id, () => `${id} was not found on the registry at ${baseUrl} (404): check the NCT id`);
    return { nctId: id, url, fetchedAt, json, study: readStudy(json, id, url) };
  }

  async function* searchStudies(query: SearchQuery, options: SearchOptions = {}): AsyncGenerator<SearchPage> {
    const params = searchParameters(query, options.pageSize ?? 100);
    params.set('countTotal', 'true');
    let pageToken: string | null = null;
    for (let page = 1; ; page += 1) {
      if (pageToken !== null) {
        params.delete('countTotal');
        params.set('pageToken', pageToken);
      }
      const url = `${baseUrl}/studies?${params.toString()}`;
      const { json, fetchedAt } = await getJson(url, `the search (page ${page})`, () => `the search (page ${page}): the registry at ${baseUrl} has no /studies (404): is the base URL the API v2 root, like ${DEFAULT_BASE_URL}?`);
      const body = (json ?? {}) as { studies?: unknown; nextPageToken?: unknown; totalCount?: unknown };
      const raw = Array.isArray(body.studies) ? body.studies : [];
      pageToken = typeof body.nextPageToken === 'string' && body.nextPageToken !== '' ? body.nextPageToken : null;
      yield {
        page,
        url,
        fetchedAt,
        totalCount: typeof body.totalCount === 'number' ? body.totalCount : null,
        nextPageToken: pageToken,
        studies: raw.map((item, position) => readStudy(item, `the search (page ${page}, study ${position + 1})`, url)),
        json: raw,
      };
      if (pageToken === null) return;
    }
  }

  return { baseUrl, getStudy, searchStudies };
}
