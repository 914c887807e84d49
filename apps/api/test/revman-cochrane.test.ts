/* eslint-disable @typescript-eslint/no-explicit-any -- tests read GraphQL results by path */
// Real Cochrane reviews, through the real server: every analysis of every RevMan 5 file in
// ../shared/fixtures/revman-cochrane is previewed and imported, and every number RevMan stored in the file (each
// row's effect, CI and weight; each total's effect, CI, Z, P, Chi², df, P(Chi²), I², Tau² and studies; the test for
// subgroup differences) must be reproduced. The files are Cochrane's (CD000023 Antibiotics for sore throat; CD003188
// Bisphosphonates in multiple myeloma; CD007868 Fluoride toothpastes of different concentrations; CD008625
// Antimicrobial drugs for treating cholera; © Cochrane and John Wiley & Sons) and are read where they are, never
// copied: without that folder the suite says it skipped them. CUMULUS_EXTRA_RM5_DIR adds another folder of files.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeRevManFile } from '@cumulus/revman';
import { afterAll, describe, expect, it } from 'vitest';
import { dataOf, testApp, testDatabase, type TestApp } from './helpers.js';

const shared = fileURLToPath(new URL('../../../../shared/fixtures/revman-cochrane/', import.meta.url));
const folders = [shared, process.env.CUMULUS_EXTRA_RM5_DIR].filter((folder): folder is string => Boolean(folder) && existsSync(folder!));
const files = folders.flatMap((folder) =>
  readdirSync(folder)
    .filter((name) => name.endsWith('.rm5') && statSync(join(folder, name)).size > 0)
    .map((name) => ({ name, path: join(folder, name) })),
);

const previewQuery = `query($input: ImportRevManReviewInput!) {
  previewRevManImport(input: $input) {
    title citation studies rows otherDataTables matches notes
    analyses { analysis name kind measure model method totals rows studies matches compared notCompared notes
      differences { where field revman cumulus reason } }
    errors { field message }
  }
}`;
const importMutation = `mutation($input: ImportRevManReviewInput!) {
  importRevManReview(input: $input) { review { id title citation version } errors { field message } }
}`;
const outcomesQuery = `query($id: ID!) {
  review(id: $id) {
    outcomes {
      name
      analysis { k rowCount totals excluded { studyId } estimate ciLower ciUpper subgroups { groups { name estimate ciLower ciUpper } } }
      referenceResults { subgroup measure estimate ciLower ciUpper }
    }
  }
}`;

const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-12);

describe.skipIf(files.length === 0)('real Cochrane reviews (RevMan 5 files)', () => {
  const apps: { app: TestApp; dispose(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const { app, dispose } of apps) {
      await app.close();
      await dispose();
    }
  });
  const summary: string[] = [];
  afterAll(() => console.log(`RevMan parity on real files:\n${summary.join('\n')}`));

  describe.each(files)('$name', ({ name, path }) => {
    const rm5 = decodeRevManFile(readFileSync(path));
    let app: TestApp;
    let preview: any;

    it('previews every analysis, each reproducing every number RevMan stored', async () => {
      const { database, dispose } = await testDatabase('sqlite');
      app = testApp(database);
      apps.push({ app, dispose });
      preview = dataOf(await app.gql(previewQuery, { input: { rm5 } })).previewRevManImport;
      expect(preview.errors).toEqual([]);
      expect(preview.title).not.toMatch(/Data only/);
      const differences = preview.analyses.flatMap((a: any) => a.differences.map((d: any) => `${a.analysis} ${d.where} ${d.field}: RevMan ${d.revman}, Cumulus ${d.cumulus}${d.reason ? ` (${d.reason})` : ''}`));
      expect(differences).toEqual([]);
      const compared = preview.analyses.reduce((sum: number, a: any) => sum + a.compared, 0);
      summary.push(`  ${name}: ${preview.analyses.length} analyses, ${preview.rows} rows, ${compared} stored numbers compared, all equal`);
      expect(compared).toBeGreaterThan(0);
      expect(preview.matches).toBe(true);
    });

    it('imports every analysis, and the stored analyses give RevMan\'s totals', async () => {
      const result = dataOf(await app.gql(importMutation, { input: { rm5 } })).importRevManReview;
      expect(result.errors).toEqual([]);
      expect(result.review.title).toBe(preview.title);
      expect(result.review.citation).toBe(preview.citation);
      const outcomes = dataOf(await app.gql(outcomesQuery, { id: result.review.id })).review.outcomes;
      expect(outcomes).toHaveLength(preview.analyses.filter((a: any) => a.kind !== 'other').length);
      let checked = 0;
      for (const outcome of outcomes) {
        const planned = preview.analyses.find((a: any) => a.name === outcome.name);
        // Every planned row is stored: analysed, or left out as RevMan leaves it out (no events in either arm).
        if (planned.rows > 0) expect(outcome.analysis.rowCount + outcome.analysis.excluded.length, outcome.name).toBe(planned.rows);
        for (const reference of outcome.referenceResults) {
          const total = reference.subgroup === null ? outcome.analysis : outcome.analysis.subgroups.groups.find((g: any) => g.name === reference.subgroup);
          expect(total, `${outcome.name} ${reference.subgroup ?? 'overall'}`).toBeTruthy();
          const logged = reference.measure.startsWith('log ');
          for (const field of ['estimate', 'ciLower', 'ciUpper']) {
            const expected = logged ? Math.exp(reference[field]) : reference[field];
            const actual = logged ? Math.exp(total[field]) : total[field];
            expect(relative(actual, expected), `${outcome.name} ${reference.subgroup ?? 'overall'} ${field}: ${actual} vs RevMan ${expected}`).toBeLessThan(1e-6);
            checked++;
          }
        }
        if (outcome.analysis.totals !== 'ALL') expect(outcome.referenceResults.every((r: any) => r.subgroup !== null)).toBe(true);
      }
      expect(checked).toBeGreaterThan(0);
    });
  });
});

if (files.length === 0) {
  describe('real Cochrane reviews (RevMan 5 files)', () => {
    it.skip('skipped: ../shared/fixtures/revman-cochrane not found (the Cochrane files are read there, never copied)', () => {});
  });
}
