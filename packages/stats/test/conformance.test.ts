// Every check of every reference case (R metafor, RevMan 5, rpact, GRADE) through the engine,
// at relative tolerance 1e-6 (absolute 1e-9 near zero).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseFile } from '../src/conformance/case-file.js';
import { compareToReference } from '../src/conformance/compare.js';
import { runCase } from '../src/conformance/run-case.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const folders = ['metafor', 'revman', 'tsa', 'grade', 'metareg'];

for (const folder of folders) {
  const files = readdirSync(join(fixtures, folder)).filter((name) => name.endsWith('.json')).sort();
  describe(folder, () => {
    it('has reference cases', () => expect(files.length).toBeGreaterThan(0));
    for (const file of files) {
      const caseFile = JSON.parse(readFileSync(join(fixtures, folder, file), 'utf8')) as CaseFile;
      const result = runCase(caseFile);
      describe(caseFile.id, () => {
        result.checks.forEach((check, index) => {
          it(`${check.kind} ${JSON.stringify(check.options)} #${index}`, () => {
            expect(check.error ?? null, 'the engine refused the check').toBeNull();
            expect(check.actual, `check kind '${check.kind}' is not computed`).not.toBeNull();
            const mismatches = compareToReference(check.expected, check.actual);
            const lines = mismatches.map((m) => `${caseFile.id} ${check.kind} ${m.path}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`);
            expect(lines, lines.join('\n')).toEqual([]);
          });
        });
      });
    }
  });
}
