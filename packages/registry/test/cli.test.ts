import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistryServer, type RegistryServer } from './helpers/registry-server.js';

// The built command, as `pnpm --silent registry` runs it (the package's build runs before its tests).
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

function run(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

let server: RegistryServer;
beforeAll(async () => {
  server = await startRegistryServer();
});
afterAll(async () => {
  await server.close();
});

describe('registry fetch', () => {
  it('prints each record normalised with its proposed rows, as one JSON document', async () => {
    const { status, stdout, stderr } = await run('fetch', 'NCT02210780', 'NCT03418623', '--base-url', server.baseUrl);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const { studies } = JSON.parse(stdout) as { studies: { nctId: string; url: string; study: { arms: { title: string }[]; outcomeMeasures: unknown[] }; proposals: { proposals: { kind: string; rows: { events?: number; sd?: number }[]; provenance: { sourceUrl: string; recordVersionDate: string } }[]; note: string | null } }[] };
    expect(studies.map((s) => s.nctId)).toEqual(['NCT02210780', 'NCT03418623']);
    const [dupilumab, noResults] = studies;
    expect(dupilumab.url).toBe(`${server.baseUrl}/studies/NCT02210780`);
    expect(dupilumab.study.arms.map((a) => a.title)).toEqual(['Placebo qw', 'Dupilumab 300 mg qw']);
    expect(dupilumab.study.outcomeMeasures).toHaveLength(11);
    expect(dupilumab.proposals.proposals).toHaveLength(14);
    expect(dupilumab.proposals.proposals[0].rows.map((r) => r.events)).toEqual([77, 75]);
    expect(dupilumab.proposals.proposals[6].rows[0].sd).toBeCloseTo(2.45709, 5);
    expect(dupilumab.proposals.proposals[0].provenance).toMatchObject({ sourceUrl: `${server.baseUrl}/studies/NCT02210780`, recordVersionDate: '2020-05-07' });
    expect(noResults.proposals).toMatchObject({ proposals: [], note: 'NCT03418623 has no results posted on ClinicalTrials.gov: there are no numbers to propose' });
  });

  it('exits 1 naming the id it could not fetch, and prints nothing on stdout', async () => {
    const { status, stdout, stderr } = await run('fetch', 'NCT02210780', 'NCT99999999', `--base-url=${server.baseUrl}`);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`registry: NCT99999999 was not found on the registry at ${server.baseUrl} (404): check the NCT id\n`);
  });

  it('exits 2 with the usage for a missing id or option value', async () => {
    const noIds = await run('fetch', '--base-url', server.baseUrl);
    expect(noIds.status).toBe(2);
    expect(noIds.stderr).toMatch(/^registry: fetch takes one or more NCT ids\n\nUsage:\n {2}registry fetch NCT\.\.\. \[--base-url URL\]/);
    const noUrl = await run('fetch', 'NCT02210780', '--base-url');
    expect(noUrl.status).toBe(2);
    expect(noUrl.stderr).toMatch(/^registry: --base-url takes a URL/);
    const unknown = await run('pull', 'NCT02210780');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^registry: unknown command 'pull'/);
  });
});
