// The built command line as a reviewer's script runs it (build first: `pnpm --filter @cumulus/records build`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = join(import.meta.dirname, '..', 'dist', 'cli.js');
const fixtures = join(import.meta.dirname, 'fixtures');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, INIT_CWD: fixtures } });

function temp(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cumulus-records-')), name);
  writeFileSync(file, text);
  return file;
}

describe('records parse', () => {
  it('prints the format and every record as JSON with two-space indentation', () => {
    const result = run('parse', 'jabref-medline-complete-entry.nbib');
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.startsWith('{\n  "format": "medline",\n  "records": [\n')).toBe(true);
    const out = JSON.parse(result.stdout);
    expect(out.records).toHaveLength(1);
    expect(Object.keys(out.records[0])).toEqual([
      'position', 'line', 'recordId', 'title', 'authors', 'year', 'journal', 'volume', 'issue', 'pages', 'doi', 'pmid', 'nctIds', 'abstract', 'keywords', 'registryId', 'sourceFormat',
    ]);
    expect(out.records[0]).toMatchObject({ pmid: '20481061', year: 2009, pages: '454-81', journal: '20 century British history', sourceFormat: 'medline' });
  });

  it('reads a file relative to where the command was typed (INIT_CWD) or an absolute path', () => {
    expect(JSON.parse(run('parse', join(fixtures, 'asreview-scopus.ris')).stdout).records).toHaveLength(6);
  });

  it('a refusal: exit 1, "records: FILE line N: reason" on stderr, nothing on stdout', () => {
    const file = temp('cut.ris', 'TY  - JOUR\nTI  - A\nER  - \nTY  - JOUR\nTI  - B\n');
    const result = run('parse', file);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`records: ${file} line 4: this record has no end ('ER  - '): the file may be cut short; export it again\n`);
  });

  it('the PRISMA flow CSV is refused with its columns named', () => {
    const result = run('parse', 'prisma2020-PRISMA.csv');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^records: prisma2020-PRISMA\.csv line 1: the header row has no title column/);
  });

  it('a missing file: exit 1 naming it', () => {
    const result = run('parse', 'no-such-file.ris');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('records: no-such-file.ris: cannot read the file (ENOENT)\n');
  });
});

describe('records dedupe', () => {
  it('ids are record_id where the CSV has one', () => {
    const result = run('dedupe', 'dedupe-labelled.csv');
    expect(result.status).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.groups).toHaveLength(25);
    expect(out.groups[0]).toEqual(['scopus-6', 'pubmed-mayer', 'embase-mayer']);
    expect(out.nearMatches[0]).toEqual({ ids: ['embase-2', 'conference-eloubeidi'], similarity: 0.95 });
  });

  it('otherwise 1-based positions across all the files in order; every record in one group, singletons included', () => {
    const medline = temp('same.nbib', 'PMID- 15368318\nTI  - Endoscopic ultrasound-guided FNA\nLID - 10.1002/CNCR.20369 [doi]\n');
    const result = run('dedupe', 'asreview-embase.ris', medline, 'rispy-example_bom.ris');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ groups: [['1'], ['2', '7'], ['3'], ['4'], ['5'], ['6'], ['8']], nearMatches: [], sameTrial: [] });
  });

  it('a refusal in any file: exit 1, nothing on stdout', () => {
    const result = run('dedupe', 'asreview-embase.ris', 'prisma2020-PRISMA.csv');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^records: prisma2020-PRISMA\.csv line 1: /);
  });

  it('an id given twice is refused', () => {
    const csv = temp('ids.csv', 'record_id,title\na,One\na,Two\n');
    const result = run('dedupe', csv);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`records: ${csv} line 3: the id 'a' is also the id of the record at ${csv} line 2: give every record_id once (positions are ids too)\n`);
  });
});

describe('usage', () => {
  it.each([[[]], [['frobnicate']], [['parse']], [['parse', 'a', 'b']], [['dedupe']]])('%j: exit 2 with the usage text', (args) => {
    const result = run(...args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^records: .+\n\nUsage:\n {2}records parse FILE/);
  });
});
