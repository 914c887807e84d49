// The built command line, as a reviewer's script or the conformance harness runs it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js');
const fixtures = join(import.meta.dirname, 'fixtures');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

describe('cumulus-stats', () => {
  it('run-case prints the case with the engine numbers beside the expected ones', () => {
    const out = JSON.parse(execFileSync(process.execPath, [cli, 'run-case', join(fixtures, 'metafor', 'bcg-OR.json')], { encoding: 'utf8' }));
    const pool = out.checks.find((c: { kind: string; options: { model?: string; method?: string } }) => c.kind === 'pool' && c.options.model === 'fixed' && c.options.method === 'IV');
    expect(pool.actual.estimate).toBeCloseTo(pool.expected.estimate, 12);
  });

  it('run-case gives actual: null for a check kind it does not know, and exits 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cumulus-cli-'));
    const file = join(dir, 'case.json');
    writeFileSync(file, JSON.stringify({ id: 'x', studies: [], checks: [{ kind: 'notYetKnown', options: {}, expected: { a: 1 } }] }));
    const result = run('run-case', file);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).checks[0].actual).toBeNull();
  });

  it('analyse prints a readable report of a CSV', () => {
    const result = run('analyse', join(import.meta.dirname, '..', 'examples', 'bcg-vaccine.csv'), '--measure', 'RR', '--model', 'random', '--tau2', 'REML');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Pooled RR: 0.49 [0.34, 0.70]; Z = -3.97, P < 0.001');
    expect(result.stdout).toContain('I² = 92.2%');
    expect(result.stdout).toContain('Test for subgroup differences');
  });

  it('analyse names the study and field of a data error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cumulus-cli-'));
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'study,events1,n1,events2,n2\nSmith 2019,12,10,3,10\n');
    const result = run('analyse', file, '--measure', 'OR');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("cumulus-stats: events1 (12) cannot exceed participants n1 (10) in study 'Smith 2019', arm 1\n");
  });

  it('refuses an unknown option value with the allowed ones', () => {
    const result = run('analyse', 'x.csv', '--measure', 'LOGIT');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--measure must be one of OR, RR, RD, MD, SMD, MC, HR, ROM, GENERIC');
  });
});
