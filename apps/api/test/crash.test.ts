/* eslint-disable @typescript-eslint/no-explicit-any -- tests read GraphQL results by path */
// A server killed with SIGKILL restarts with every write it acknowledged.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { adminSecret } from './helpers.js';
import { freePort } from '../src/free-port.js';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

async function startChild(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, CUMULUS_DEMO: '0', CUMULUS_ADMIN_TOKEN: adminSecret, REDIS_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 15_000;
  while (!output.includes('GraphQL on')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return child;
}

async function gql(port: number, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminSecret}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data: any; errors?: unknown[] };
}

const directory = mkdtempSync(join(tmpdir(), 'cumulus-crash-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe.skipIf(!existsSync(main))('a killed server', () => {
  it('keeps every acknowledged write after SIGKILL', async () => {
    const databaseUrl = join(directory, 'cumulus.db');
    const port = await freePort();
    let child = await startChild(databaseUrl, port);
    const review = (await gql(port, `mutation { createReview(input: { title: "Crash" }) { review { id } } }`)).data.createReview.review.id;
    const outcome = (await gql(port, `mutation($r: ID!) { addOutcome(input: { reviewId: $r, name: "Deaths", measure: OR, tau2Estimator: DL }) { outcome { id } } }`, { r: review })).data
      .addOutcome.outcome.id;

    // Writers keep going; the server is killed while some are in flight. Only acknowledged ones count.
    const acknowledged: { label: string; version: number }[] = [];
    let killed = false;
    const writer = async (worker: number) => {
      for (let i = 0; !killed; i++) {
        const label = `W${worker} trial ${i}`;
        try {
          const added = await gql(port, `mutation($r: ID!, $l: String!) { addStudy(input: { reviewId: $r, label: $l }) { study { id } errors { message } } }`, { r: review, l: label });
          const studyId = added.data.addStudy.study.id;
          const recorded = await gql(
            port,
            `mutation($o: ID!, $s: ID!) { recordStudyData(input: { outcomeId: $o, studyId: $s, events1: 3, n1: 30, events2: 6, n2: 30 }) { outcome { version } errors { message } } }`,
            { o: outcome, s: studyId },
          );
          acknowledged.push({ label, version: recorded.data.recordStudyData.outcome.version });
        } catch {
          return; // the connection died with the server
        }
      }
    };
    const writers = [0, 1, 2].map(writer);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    killed = true;
    await Promise.all(writers);
    await exited;
    expect(acknowledged.length).toBeGreaterThan(5);

    child = await startChild(databaseUrl, port);
    try {
      const after = (
        await gql(port, `query($r: ID!, $o: ID!) { review(id: $r) { version studies { label } } outcome(id: $o) { versions { version k } } }`, { r: review, o: outcome })
      ).data;
      const labels = new Set(after.review.studies.map((s: { label: string }) => s.label));
      for (const write of acknowledged) expect(labels.has(write.label)).toBe(true);
      const stored = new Set(after.outcome.versions.map((v: { version: number }) => v.version));
      for (const write of acknowledged) expect(stored.has(write.version)).toBe(true);
      expect(after.review.version).toBeGreaterThanOrEqual(Math.max(...acknowledged.map((w) => w.version)));
      // The restarted server takes writes again, continuing the version sequence.
      const next = (await gql(port, `mutation($r: ID!) { addStudy(input: { reviewId: $r, label: "after restart" }) { study { id } } }`, { r: review })).data;
      expect(next.addStudy.study.id).toBeTruthy();
      const version = (await gql(port, `query($r: ID!) { review(id: $r) { version } }`, { r: review })).data.review.version;
      expect(version).toBe(after.review.version + 1);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
