/* eslint-disable @typescript-eslint/no-explicit-any -- tests read GraphQL results by path */
// Meta-regression through the API: a maintainer picks moderators from the studies' characteristics, every recompute
// stores the result with the analysis (R metafor's numbers for BCG on absolute latitude), each version keeps its own,
// and a moderator the data cannot support is stored as what to fix instead of blocking the write.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoReviews } from '../src/demo/load-demo.js';
import { dataOf, dialects, mutations, reviewWithOutcome, testApp, testDatabase, type TestApp } from './helpers.js';

interface Check {
  options: { model: string; tau2?: string; ci: string };
  expected: Record<string, number | number[]>;
}
const fixture = JSON.parse(readFileSync(new URL('../../../packages/stats/test/fixtures/metareg/bcg-metareg-ablat.json', import.meta.url), 'utf8')) as {
  studies: { id: string; yi: number; sei: number; moderators: { ablat: number } }[];
  checks: Check[];
};

const metaRegressionQuery = `query($id: ID!, $asOf: Int) { outcome(id: $id, asOfVersion: $asOf) {
  version
  settings { metaRegressionModerators { name kind } }
  analysis { k estimate metaRegression {
    moderators { name kind } error
    result { model tau2Estimator ciMethod k p df qm qmDf qmDenominatorDf qmPValue qe qeDf qePValue tau2 i2 h2 r2 warnings
      coefficients { name moderator level estimate se statistic pValue ciLower ciUpper }
      fittedLine { moderator points { x fit ciLower ciUpper } } }
    studies { rowId studyId label values x yi vi weight } } }
} }`;

/** Agreement to 1e-6, relative for numbers above 1 (metafor prints QM of 121.5). */
function expectClose(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs metafor ${expected}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected)));
}

function expectMetafor(result: any, expected: Check['expected']): void {
  for (const [field, key] of [['estimate', 'estimate'], ['se', 'se'], ['stat', 'statistic'], ['pval', 'pValue'], ['ciLower', 'ciLower'], ['ciUpper', 'ciUpper']] as const) {
    (expected[field] as number[]).forEach((value, i) => expectClose(result.coefficients[i][key], value, `${field}[${i}]`));
  }
  for (const [field, key] of [['QM', 'qm'], ['QMp', 'qmPValue'], ['QE', 'qe'], ['QEp', 'qePValue'], ['tau2', 'tau2'], ['I2', 'i2'], ['H2', 'h2'], ['R2', 'r2']] as const) {
    if (expected[field] !== undefined) expectClose(result[key], expected[field] as number, field);
  }
  const qmDf = expected.QMdf;
  expect([result.qmDf, result.qmDenominatorDf]).toEqual(Array.isArray(qmDf) ? qmDf : [qmDf, null]);
  expect(result.qeDf).toBe(expected.QEdf);
}

const settingsOf = (options: Check['options']) =>
  options.model === 'fixed' ? { model: 'FIXED' } : { model: 'RANDOM', tau2Estimator: options.tau2, ciMethod: options.ci === 'hksj' ? 'HKSJ' : 'Z' };

describe.each(await dialects('meta-regression'))('meta-regression on %s', (dialect) => {
  let app: TestApp;
  let dispose: () => Promise<void>;
  let reviewId: string;
  let outcomeId: string;
  const read = async (asOf?: number) => dataOf(await app.gql(metaRegressionQuery, { id: outcomeId, asOf })).outcome;

  beforeAll(async () => {
    const test = await testDatabase(dialect);
    dispose = test.dispose;
    app = testApp(test.database);
    ({ reviewId, outcomeId } = await reviewWithOutcome(
      app,
      { name: 'Tuberculosis (log RR)', measure: 'GENERIC', model: 'RANDOM', tau2Estimator: 'REML', metaRegressionModerators: [{ name: 'ablat', kind: 'NUMERIC' }] },
      { title: 'BCG vaccine' },
    ));
    for (const study of fixture.studies) {
      const added = dataOf(await app.gql(mutations.addStudy, { input: { reviewId, label: `Trial ${study.id}`, design: 'RCT', characteristics: { ablat: study.moderators.ablat } } }));
      const studyId = added.addStudy.study.id;
      const recorded = dataOf(await app.gql(mutations.recordStudyData, { input: { outcomeId, studyId, yi: study.yi, sei: study.sei } }));
      expect(recorded.recordStudyData.errors).toEqual([]);
    }
  });
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it("stores metafor's rma(yi, vi, mods = ~ ablat) with the outcome's τ² estimator and CI method, at every setting, each as a version read back as of it", async () => {
    const versions: { version: number; check: Check }[] = [];
    for (const check of fixture.checks) {
      const changed = dataOf(await app.gql(mutations.updateOutcomeSettings, { input: { outcomeId, ...settingsOf(check.options) } })).updateOutcomeSettings;
      // The first check may be the settings the outcome has: then nothing changes and the current version holds them.
      if (changed.errors.length > 0) expect(changed.errors[0].message).toMatch(/nothing to change/);
      const outcome = await read();
      const { metaRegression } = outcome.analysis;
      expect(metaRegression.error).toBeNull();
      expect(metaRegression.result).toMatchObject({ model: check.options.model.toUpperCase(), k: 13, p: 2, ciMethod: check.options.ci === 'hksj' ? 'HKSJ' : 'Z' });
      expectMetafor(metaRegression.result, check.expected);
      versions.push({ version: outcome.version, check });
    }
    expect(new Set(versions.map((v) => v.version)).size).toBe(fixture.checks.length);
    // As-of reads give each version's own regression from its stored snapshot.
    for (const { version, check } of versions) {
      const outcome = await read(version);
      expect(outcome.version).toBe(version);
      expectMetafor(outcome.analysis.metaRegression.result, check.expected);
    }
  });

  it('serves the moderator, the coefficients by name, the warning under ten studies per coefficient, the fitted line and the bubbles', async () => {
    await app.gql(mutations.updateOutcomeSettings, { input: { outcomeId, model: 'RANDOM', tau2Estimator: 'REML', ciMethod: 'Z' } });
    const outcome = await read();
    expect(outcome.settings.metaRegressionModerators).toEqual([{ name: 'ablat', kind: 'NUMERIC' }]);
    const { moderators, result, studies } = outcome.analysis.metaRegression;
    expect(moderators).toEqual([{ name: 'ablat', kind: 'NUMERIC' }]);
    expect(result.coefficients.map((c: any) => [c.name, c.moderator])).toEqual([['intercept', null], ['ablat', 'ablat']]);
    // 13 studies for one moderator: enough (ten per coefficient), so no warning.
    expect(result.warnings).toEqual([]);
    expect(result.fittedLine.moderator).toBe('ablat');
    expect(result.fittedLine.points[0].x).toBe(13);
    expect(result.fittedLine.points.at(-1).x).toBe(55);
    const slope = result.coefficients[1].estimate;
    expectClose(result.fittedLine.points.at(-1).fit - result.fittedLine.points[0].fit, slope * 42, 'fitted line rise');
    expect(studies).toHaveLength(13);
    expect(studies[0]).toMatchObject({ label: 'Trial 1', values: ['44'], x: 44 });
    expectClose(studies.reduce((sum: number, s: any) => sum + s.weight, 0), 100, 'weights');
  });

  it('stores the analysis with what to fix when a study has no value of the moderator, and refuses a moderator no study has', async () => {
    const added = dataOf(await app.gql(mutations.addStudy, { input: { reviewId, label: 'Trial without latitude', design: 'RCT' } }));
    const recorded = dataOf(await app.gql(mutations.recordStudyData, { input: { outcomeId, studyId: added.addStudy.study.id, yi: -0.5, sei: 0.3 } })).recordStudyData;
    expect(recorded.errors).toEqual([]);
    const outcome = await read();
    expect(outcome.analysis.k).toBe(14);
    expect(outcome.analysis.estimate).not.toBeNull();
    expect(outcome.analysis.metaRegression).toMatchObject({ result: null, studies: [], error: "moderator 'ablat' is missing for study 'Trial without latitude'" });

    const refused = dataOf(await app.gql(mutations.updateOutcomeSettings, { input: { outcomeId, metaRegressionModerators: [{ name: 'latitude', kind: 'NUMERIC' }] } })).updateOutcomeSettings;
    expect(refused.outcome).toBeNull();
    expect(refused.errors).toEqual([
      { field: ['input', 'metaRegressionModerators', '0', 'name'], message: "no study of this review has a characteristic 'latitude': choose one of year, participants, country, design, ablat" },
    ]);
    const twice = dataOf(
      await app.gql(mutations.updateOutcomeSettings, { input: { outcomeId, metaRegressionModerators: [{ name: 'ablat', kind: 'NUMERIC' }, { name: 'ablat', kind: 'CATEGORICAL' }] } }),
    ).updateOutcomeSettings;
    expect(twice.errors).toEqual([{ field: ['input', 'metaRegressionModerators', '1', 'name'], message: "moderator 'ablat' is given twice" }]);
    const country = dataOf(await app.gql(mutations.updateOutcomeSettings, { input: { outcomeId, metaRegressionModerators: [{ name: 'country', kind: 'NUMERIC' }] } })).updateOutcomeSettings;
    expect(country.errors).toEqual([{ field: ['input', 'metaRegressionModerators', '0', 'kind'], message: "'country' is a category: make it CATEGORICAL" }]);
    expect((await read()).version).toBe(outcome.version);

    // Clearing the moderators is a new version without a meta-regression.
    const cleared = dataOf(await app.gql(mutations.updateOutcomeSettings, { input: { outcomeId, metaRegressionModerators: null } })).updateOutcomeSettings;
    expect(cleared.errors).toEqual([]);
    expect((await read()).analysis.metaRegression).toBeNull();
  });
});

describe('the demo BCG review', () => {
  it('regresses tuberculosis on absolute latitude, so the outcome page draws the bubble plot', async () => {
    const test = await testDatabase('sqlite');
    const app = testApp(test.database);
    try {
      const ids = await loadDemoReviews({ database: app.database, events: app.events });
      const review = dataOf(await app.gql(`query($id: ID!) { review(id: $id) { outcomes { id } } }`, { id: ids.bcg })).review;
      const outcome = dataOf(await app.gql(metaRegressionQuery, { id: review.outcomes[0].id })).outcome;
      const { result, studies } = outcome.analysis.metaRegression;
      expect(result.coefficients.map((c: any) => c.name)).toEqual(['intercept', 'absoluteLatitude']);
      // Colditz 1994: the further from the equator, the better BCG protects (log OR falls with latitude).
      expect(result.coefficients[1].estimate).toBeLessThan(0);
      expect(result.coefficients[1].pValue).toBeLessThan(0.001);
      expect(studies.map((s: any) => s.x)).toEqual([44, 55, 42, 52, 13, 44, 19, 13, 27, 42, 18, 33, 33]);
    } finally {
      await app.close();
      await test.dispose();
    }
  });
});
