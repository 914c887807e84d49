// A local stand-in for ClinicalTrials.gov API v2 (node:http, a real port) serving the recorded records, for this
// package's tests and for the API's and the dashboard's (`@cumulus/registry/testing`). Nothing at run time uses it.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The recorded records (test/fixtures/ctgov), from src/ under vitest and from dist/ once built. */
export const fixturesDir = fileURLToPath(new URL('../test/fixtures/ctgov/', import.meta.url));

export interface StoredRecord {
  nctId: string;
  json: Record<string, unknown>;
  text: string;
  lastUpdatePosted: string;
  overallStatus: string;
  studyType: string;
}

/** A record as the server keeps it, from its JSON (a recorded file, or one a test rewrote). */
export function storedRecord(json: Record<string, unknown>): StoredRecord {
  const { protocolSection } = json as { protocolSection: { identificationModule: { nctId: string }; statusModule: { lastUpdatePostDateStruct: { date: string }; overallStatus: string }; designModule: { studyType: string } } };
  return {
    nctId: protocolSection.identificationModule.nctId,
    json,
    text: JSON.stringify(json),
    lastUpdatePosted: protocolSection.statusModule.lastUpdatePostDateStruct.date,
    overallStatus: protocolSection.statusModule.overallStatus,
    studyType: protocolSection.designModule.studyType,
  };
}

export function loadRecords(): StoredRecord[] {
  return readdirSync(fixturesDir)
    .filter((name) => /^NCT\d{8}\.json$/.test(name))
    .sort()
    .map((name) => ({ ...storedRecord(JSON.parse(readFileSync(`${fixturesDir}${name}`, 'utf8')) as Record<string, unknown>), text: readFileSync(`${fixturesDir}${name}`, 'utf8') }));
}

export function loadRecord(nctId: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${fixturesDir}${nctId}.json`, 'utf8')) as Record<string, unknown>;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface RegistryServer {
  /** The API v2 root, like https://clinicaltrials.gov/api/v2. */
  baseUrl: string;
  /** Every request received, in order. */
  requests: URL[];
  /** Answers given, in order, before the recorded records are served again. */
  script: ScriptedAnswer[];
  /** The records served, in order; a test may replace one (a newer version of a trial) or add one. */
  records: StoredRecord[];
  /** Serves `json` in place of the record with its NCT id (or adds it). */
  putRecord(json: Record<string, unknown>): void;
  close(): Promise<void>;
}

// The subset of filter.advanced the client writes: AREA[StudyType]X and AREA[LastUpdatePostDate]RANGE[date,MAX], joined by AND.
function matchesAdvanced(record: StoredRecord, advanced: string | null): boolean {
  if (advanced === null) return true;
  return advanced.split(' AND ').every((clause) => {
    const type = /^AREA\[StudyType\](\w+)$/.exec(clause);
    if (type) return record.studyType === type[1];
    const range = /^AREA\[LastUpdatePostDate\]RANGE\[(\d{4}-\d{2}-\d{2}),MAX\]$/.exec(clause);
    if (range) return record.lastUpdatePosted >= range[1];
    throw new Error(`the test server does not understand filter.advanced '${clause}'`);
  });
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }): void {
  response.writeHead(status, headers);
  response.end(body);
}

/**
 * Serves `records` (by default the recorded ones). `maxPageSize` caps the page size as the real service caps it at
 * 1000, so a test can see a search over several pages with few records.
 */
export async function startRegistryServer(records: StoredRecord[] = loadRecords(), options: { maxPageSize?: number } = {}): Promise<RegistryServer> {
  const requests: URL[] = [];
  const script: ScriptedAnswer[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://registry.test');
    requests.push(url);
    const scripted = script.shift();
    if (scripted) return send(response, scripted.status, scripted.body ?? '', scripted.headers);
    const study = /^\/api\/v2\/studies\/([^/]+)$/.exec(url.pathname);
    if (study) {
      const record = records.find((r) => r.nctId === study[1]);
      if (!record) return send(response, 404, `Study not found: ${study[1]}`, { 'content-type': 'text/plain' });
      return send(response, 200, record.text);
    }
    if (url.pathname === '/api/v2/studies') {
      const statuses = url.searchParams.get('filter.overallStatus')?.split('|');
      const matching = records.filter((r) => matchesAdvanced(r, url.searchParams.get('filter.advanced')) && (!statuses || statuses.includes(r.overallStatus)));
      const pageSize = Math.min(Number(url.searchParams.get('pageSize') ?? '10'), options.maxPageSize ?? 1000);
      const token = url.searchParams.get('pageToken');
      const offset = token === null ? 0 : Number(/^page-at-(\d+)$/.exec(token)?.[1] ?? NaN);
      if (Number.isNaN(offset)) return send(response, 400, `bad pageToken ${token}`, { 'content-type': 'text/plain' });
      const page = matching.slice(offset, offset + pageSize);
      const next = offset + pageSize < matching.length ? `page-at-${offset + pageSize}` : undefined;
      const body: Record<string, unknown> = { studies: page.map((r) => r.json) };
      if (url.searchParams.get('countTotal') === 'true') body.totalCount = matching.length;
      if (next) body.nextPageToken = next;
      return send(response, 200, JSON.stringify(body));
    }
    return send(response, 404, '<html><body>Not Found</body></html>', { 'content-type': 'text/html' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v2`,
    requests,
    script,
    records,
    putRecord(json) {
      const record = storedRecord(json);
      const at = records.findIndex((r) => r.nctId === record.nctId);
      if (at >= 0) records[at] = record;
      else records.push(record);
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** A sleep that waits no wall time: it records what was asked and moves a fake clock on. */
export function fakeTime(): { sleep: (ms: number) => Promise<void>; now: () => number; waits: number[] } {
  let clock = 1_000_000;
  const waits: number[] = [];
  return {
    waits,
    now: () => clock,
    sleep: async (ms: number) => {
      waits.push(ms);
      clock += ms;
    },
  };
}
