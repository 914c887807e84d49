// Real Cochrane reviews as RevMan 5 saved them, read where they are (never copied into the repository: see
// ../shared/fixtures/revman-cochrane/SOURCES.md). Each file must parse, and every generic inverse variance row on a
// ratio scale must agree with RevMan's own display: exp(effect) = EFFECT_SIZE, to 1e-6 relative.
// CUMULUS_EXTRA_RM5_DIR names another folder of .rm5 files to read the same way.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeRevManFile, parseRevManFile } from '../src/index.js';

// From packages/revman/test/ up four levels: the folder that holds the repository and shared/.
const shared = fileURLToPath(new URL('../../../../shared/fixtures/revman-cochrane/', import.meta.url));
const extra = process.env.CUMULUS_EXTRA_RM5_DIR?.trim();

const folders = [
  { label: '../shared/fixtures/revman-cochrane', dir: shared, expectRatioRows: true },
  ...(extra ? [{ label: `CUMULUS_EXTRA_RM5_DIR=${extra}`, dir: resolve(extra), expectRatioRows: false }] : []),
];

interface Checked {
  file: string;
  rows: number;
}

/** Parses the file and compares each generic ratio row with RevMan's displayed ratio; returns how many it compared. */
function checkFile(path: string): number {
  const review = parseRevManFile(decodeRevManFile(readFileSync(path)));
  expect(review.title).not.toBe('');
  let compared = 0;
  for (const comparison of review.comparisons) {
    for (const outcome of comparison.outcomes) {
      if (outcome.kind !== 'generic' || !outcome.ratio) continue;
      for (const row of outcome.rows) {
        const shown = row.published?.estimate ?? null;
        if (row.effect === null || shown === null) continue;
        const where = `analysis ${outcome.analysis}, study ${row.studyId}`;
        expect(Math.abs(Math.exp(row.effect) - shown), where).toBeLessThanOrEqual(1e-6 * Math.abs(shown));
        compared++;
      }
    }
  }
  return compared;
}

for (const folder of folders) {
  if (!existsSync(folder.dir)) {
    it.skip(`skipped: ${folder.label} not found`, () => {});
    continue;
  }
  describe(`real RevMan 5 files in ${folder.label}`, () => {
    const files = readdirSync(folder.dir)
      .filter((name) => name.toLowerCase().endsWith('.rm5'))
      .sort();
    const checked: Checked[] = [];

    it('holds .rm5 files', () => {
      expect(files.length).toBeGreaterThan(0);
    });

    for (const file of files) {
      const path = join(folder.dir, file);
      const empty = readFileSync(path).length === 0;
      // An empty file is no review to read (a failed download, say): said so, not failed.
      it.skipIf(empty)(empty ? `${file}: skipped: the file is empty` : `${file} parses; its generic ratio rows agree with RevMan's ratios`, () => {
        checked.push({ file, rows: checkFile(path) });
      });
    }

    if (folder.expectRatioRows) {
      it('compared generic ratio rows (hazard ratios, ratios of means) in at least one file', () => {
        expect(checked.reduce((sum, entry) => sum + entry.rows, 0)).toBeGreaterThan(0);
      });
    }
  });
}
