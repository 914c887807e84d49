import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRegistryClient, RegistryError, searchParameters, type SearchPage } from '../src/index.js';
import { fakeTime, loadRecords, startRegistryServer, type RegistryServer } from './helpers/registry-server.js';

let server: RegistryServer;
beforeAll(async () => {
  server = await startRegistryServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  server.script.length = 0;
});

async function collect(pages: AsyncIterable<SearchPage>): Promise<SearchPage[]> {
  const all: SearchPage[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe('getStudy', () => {
  it.each(loadRecords().map((record) => [record.nctId, record.lastUpdatePosted] as const))('reads %s from the local registry', async (nctId, lastUpdatePosted) => {
    const time = fakeTime();
    const client = createRegistryClient({ baseUrl: server.baseUrl, ...time });
    const fetched = await client.getStudy(nctId.toLowerCase());
    expect(fetched.nctId).toBe(nctId);
    expect(fetched.url).toBe(`${server.baseUrl}/studies/${nctId}`);
    expect(fetched.study.nctId).toBe(nctId);
    expect(fetched.study.dates.lastUpdatePosted?.date).toBe(lastUpdatePosted);
    expect(fetched.fetchedAt).toBe(new Date(time.now()).toISOString());
    expect(server.requests.map((url) => url.pathname)).toEqual([`/api/v2/studies/${nctId}`]);
  });

  it('names an unknown NCT id (404) and refuses text that is not an NCT id without asking', async () => {
    const client = createRegistryClient({ baseUrl: server.baseUrl, ...fakeTime() });
    await expect(client.getStudy('NCT99999999')).rejects.toThrow(`NCT99999999 was not found on the registry at ${server.baseUrl} (404): check the NCT id`);
    await expect(client.getStudy('NCT123')).rejects.toMatchObject({ kind: 'invalid-id', message: "'NCT123' is not an NCT id (NCT followed by 8 digits, like NCT02552212)" });
    expect(server.requests).toHaveLength(1);
  });

  it('says so when the answer is not JSON (a base URL that is not the API root)', async () => {
    server.script.push({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>ClinicalTrials.gov</body></html>' });
    const client = createRegistryClient({ baseUrl: server.baseUrl, ...fakeTime() });
    const error = await client.getStudy('NCT02552212').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).kind).toBe('not-json');
    expect((error as Error).message).toBe(`NCT02552212: the registry at ${server.baseUrl} answered with something that is not JSON (text/html, beginning '<html><body>ClinicalTrials.gov</body></html>'): is the base URL the API v2 root, like https://clinicaltrials.gov/api/v2?`);
  });

  it('says so when the JSON is not a study record', async () => {
    server.script.push({ status: 200, body: '{"error":"nothing here"}' });
    const client = createRegistryClient({ baseUrl: server.baseUrl, ...fakeTime() });
    await expect(client.getStudy('NCT02552212')).rejects.toMatchObject({ kind: 'not-a-study', message: expect.stringContaining('NCT02552212: the registry at') });
  });

  it('names the base URL when the network fails', async () => {
    const closed = await startRegistryServer();
    const baseUrl = closed.baseUrl;
    await closed.close();
    const client = createRegistryClient({ baseUrl, ...fakeTime() });
    await expect(client.getStudy('NCT02552212')).rejects.toMatchObject({
      kind: 'network',
      message: `NCT02552212: could not reach the registry at ${baseUrl} (ECONNREFUSED): check the network connection and the base URL`,
    });
  });
});

describe('the request queue', () => {
  it('starts requests at least minIntervalMs apart, even when asked for at once', async () => {
    const time = fakeTime();
    const client = createRegistryClient({ baseUrl: server.baseUrl, ...time });
    const ids = ['NCT02552212', 'NCT02210780', 'NCT00763412', 'NCT03418623'];
    const studies = await Promise.all(ids.map((id) => client.getStudy(id)));
    expect(studies.map((s) => s.nctId)).toEqual(ids);
    // The first request goes at once; each later one waits its second (the fake clock does not move while fetching).
    expect(time.waits).toEqual([1000, 1000, 1000]);
    expect(server.requests).toHaveLength(4);
  });

  it('keeps serving after a wait that failed', async () => {
    const time = fakeTime();
    let failures = 1;
    const sleep = async (ms: number) => {
      if (failures-- > 0) throw new Error('timer cancelled');
      await time.sleep(ms);
    };
    const client = createRegistryClient({ baseUrl: server.baseUrl, sleep, now: time.now });
    await client.getStudy('NCT02552212');
    await expect(client.getStudy('NCT02210780')).rejects.toThrow(/^timer cancelled$/);
    await expect(client.getStudy('NCT00763412')).resolves.toMatchObject({ nctId: 'NCT00763412' });
    expect(time.waits).toEqual([1000]);
  });
});

describe('backoff', () => {
  it('waits as long as Retry-After says on 429, then succeeds', async () => {
    server.script.push({ status: 429, headers: { 'retry-after': '7' } }, { status: 429, headers: { 'retry-after': '2' } });
    const time = fakeTime();
    const client = createRegistryClient({ baseUrl: server.baseUrl, minIntervalMs: 0, ...time });
    const fetched = await client.getStudy('NCT02210780');
    expect(fetched.study.nctId).toBe('NCT02210780');
    expect(time.waits).toEqual([7000, 2000]);
    expect(server.requests).toHaveLength(3);
  });

  it('backs off exponentially on 429 without Retry-After and on 5xx, up to maxDelayMs', async () => {
    server.script.push({ status: 503 }, { status: 429 }, { status: 500 }, { status: 502 }, { status: 504 });
    const time = fakeTime();
    const client = createRegistryClient({ baseUrl: server.baseUrl, minIntervalMs: 0, baseDelayMs: 1000, maxDelayMs: 10_000, maxRetries: 5, ...time });
    await client.getStudy('NCT02210780');
    // 1 s × 2^attempt, capped at 10 s.
    expect(time.waits).toEqual([1000, 2000, 4000, 8000, 10_000]);
  });

  it('gives up after maxRetries with an error saying what happened', async () => {
    server.script.push({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    const time = fakeTime();
    const client = createRegistryClient({ baseUrl: server.baseUrl, minIntervalMs: 0, baseDelayMs: 500, maxRetries: 3, ...time });
    await expect(client.getStudy('NCT02210780')).rejects.toMatchObject({
      kind: 'gave-up',
      status: 503,
      message: `NCT02210780: the registry at ${server.baseUrl} answered 503 and still did after 3 retries: try again later`,
    });
    expect(time.waits).toEqual([500, 1000, 2000]);
    expect(server.requests).toHaveLength(4);
  });

  it('gives up at once when Retry-After asks for longer than maxDelayMs, saying when to try again', async () => {
    server.script.push({ status: 429, headers: { 'retry-after': '3600' } });
    const time = fakeTime();
    const client = createRegistryClient({ baseUrl: server.baseUrl, minIntervalMs: 0, maxDelayMs: 60_000, ...time });
    await expect(client.getStudy('NCT02210780')).rejects.toThrow(
      `NCT02210780: the registry at ${server.baseUrl} is limiting requests (429) and asks to wait 3600 s (Retry-After), longer than 60 s: try again after ${new Date(time.now() + 3_600_000).toISOString()}`,
    );
    expect(time.waits).toEqual([]);
  });

  it('reads a Retry-After written as an HTTP date', async () => {
    const time = fakeTime();
    server.script.push({ status: 429, headers: { 'retry-after': new Date(time.now() + 5000).toUTCString() } });
    const client = createRegistryClient({ baseUrl: server.baseUrl, minIntervalMs: 0, ...time });
    await client.getStudy('NCT02210780');
    expect(time.waits).toEqual([5000]);
  });
});

describe('searchStudies', () => {
  it('reads every page through pageToken, with the same parameters on each', async () => {
    const time = fakeTime();
    const client = createRegistryClient({ baseUrl: server.baseUrl, ...time });
    const pages = await collect(client.searchStudies({ conditions: 'ankylosing spondylitis', interventions: 'certolizumab', terms: 'randomized' }, { pageSize: 2 }));
    expect(pages.map((page) => page.studies.map((s) => s.nctId))).toEqual([
      ['NCT00763412', 'NCT02210780'],
      ['NCT02552212', 'NCT03418623'],
      ['NCT05594173', 'NCT06171568'],
    ]);
    expect(pages.map((page) => [page.page, page.totalCount, page.nextPageToken])).toEqual([
      [1, 6, 'page-at-2'],
      [2, null, 'page-at-4'],
      [3, null, null],
    ]);
    const asked = server.requests.map((url) => Object.fromEntries(url.searchParams));
    expect(asked[0]).toEqual({ format: 'json', 'query.cond': 'ankylosing spondylitis', 'query.intr': 'certolizumab', 'query.term': 'randomized', pageSize: '2', countTotal: 'true' });
    expect(asked[1]).toEqual({ format: 'json', 'query.cond': 'ankylosing spondylitis', 'query.intr': 'certolizumab', 'query.term': 'randomized', pageSize: '2', pageToken: 'page-at-2' });
    expect(asked[2].pageToken).toBe('page-at-4');
    expect(time.waits).toEqual([1000, 1000]);
  });

  it('an incremental run asks only for records updated since the last run', async () => {
    const client = createRegistryClient({ baseUrl: server.baseUrl, ...fakeTime() });
    const pages = await collect(client.searchStudies({ conditions: 'arthritis', statuses: ['COMPLETED', 'NOT_YET_RECRUITING'], updatedSince: '2022-08-18' }, { pageSize: 100 }));
    expect(server.requests).toHaveLength(1);
    const received = server.requests[0].searchParams;
    expect(received.get('filter.advanced')).toBe('AREA[LastUpdatePostDate]RANGE[2022-08-18,MAX]');
    expect(received.get('filter.overallStatus')).toBe('COMPLETED|NOT_YET_RECRUITING');
    // LastUpdatePostDate 2022-08-18, 2022-11-21 and 2023-12-14; the three older records are not sent again.
    expect(pages.flatMap((page) => page.studies.map((s) => s.nctId))).toEqual(['NCT02552212', 'NCT05594173', 'NCT06171568']);
  });

  it('combines the study type and the date in one filter.advanced', async () => {
    const client = createRegistryClient({ baseUrl: server.baseUrl, ...fakeTime() });
    const pages = await collect(client.searchStudies({ studyType: 'INTERVENTIONAL', updatedSince: '2020-06-01' }));
    expect(server.requests[0].searchParams.get('filter.advanced')).toBe('AREA[StudyType]INTERVENTIONAL AND AREA[LastUpdatePostDate]RANGE[2020-06-01,MAX]');
    expect(pages.flatMap((page) => page.studies.map((s) => s.nctId))).toEqual(['NCT02552212', 'NCT03418623']);
  });

  it('retries a page after a 5xx and carries on', async () => {
    const time = fakeTime();
    const client = createRegistryClient({ baseUrl: server.baseUrl, minIntervalMs: 0, baseDelayMs: 1500, ...time });
    const iterator = client.searchStudies({}, { pageSize: 4 })[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect((first.value as SearchPage).studies).toHaveLength(4);
    server.script.push({ status: 502 });
    const second = await iterator.next();
    expect((second.value as SearchPage).studies.map((s) => s.nctId)).toEqual(['NCT05594173', 'NCT06171568']);
    expect(time.waits).toEqual([1500]);
    expect(server.requests.map((url) => url.searchParams.get('pageToken'))).toEqual([null, 'page-at-4', 'page-at-4']);
  });

  it('refuses a malformed query before asking', () => {
    expect(() => searchParameters({ updatedSince: '2024-02-30' }, 10)).toThrow("updatedSince '2024-02-30' is not a date written YYYY-MM-DD");
    expect(() => searchParameters({ statuses: ['completed'] }, 10)).toThrow("'completed' is not a ClinicalTrials.gov overall status");
    expect(() => searchParameters({}, 1001)).toThrow('pageSize 1001 must be a whole number from 1 to 1000');
  });
});
