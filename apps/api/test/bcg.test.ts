// The BCG review built through the public mutations gives R metafor's numbers, at every stored version.
import { readFileSync } from 'node:fs';
import { loadBcgTrials } from '@cumulus/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStudyWithData, dataOf, dialects, mutations, reviewWithOutcome, testApp, testDatabase, type TestApp } from './helpers.js';

interface PoolCheck {
  kind: string;
  options: Record<string, string>;
  expected: Record<string, number>;
}
const fixture = JSON.parse(readFileSync(new URL('../../../packages/stats/test/fixtures/metafor/bcg-OR.json', import.meta.url), 'utf8')) as {
  studies: { id: string; events1: number; n1: number; events2: number; n2: number; subgroup: string }[];
  checks: PoolCheck[];
};
const pool = (options: Record<string, string>) =>
  fixture.checks.find((check) => check.kind === 'pool' && JSON.stringify(check.options) === JSON.stringify(options))!.expected;
const dl = pool({ model: 'random', method: 'IV', tau2: 'DL', ci: 'z' });
const reml = pool({ model: 'random', method: 'IV', tau2: 'REML', ci: 'z' });
const subgroupsDl = fixture.checks.find((check) => check.kind === 'subgroups' && check.options.tau2 === 'DL')!.expected;

const analysisQuery = `query($id: ID!, $asOf: Int) {
  outcome(id: $id, asOfVersion: $asOf) {
    version latestVersion
    analysis {
      k estimate ciLower ciUpper pValue tau2 i2 q qPValue predictionLower predictionUpper
      studies { studyId label estimate ciLower ciUpper weight subgroup year }
      subgroups { qBetween qBetweenDf qBetweenPValue groups { name k estimate } }
      leaveOneOut { omittedStudyId estimate }
      cumulative { addedStudyId year k estimate }
      egger { pValue } begg { pValue } trimFill { k0 } funnel { center points { studyId } }
      settings { model tau2Estimator inWords }
    }
  }
}`;

describe.each(await dialects('BCG through mutations'))('BCG review on %s', (dialect) => {
  let app: TestApp;
  let dispose: () => Promise<void>;
  let outcomeId: string;
  const years = loadBcgTrials().map((trial) => trial.year);

  beforeAll(async () => {
    const test = await testDatabase(dialect);
    dispose = test.dispose;
    app = testApp(test.database);
    ({ outcomeId } = await reviewWithOutcome(
      app,
      { name: 'Tuberculosis', measure: 'OR', model: 'RANDOM', tau2Estimator: 'DL' },
      { title: 'BCG vaccine' },
    ));
    for (const [index, study] of fixture.studies.entries()) {
      const { events1, n1, events2, n2, subgroup } = study;
      await addStudyWithData(app, (await reviewIdOf(app, outcomeId)), outcomeId, `Trial ${study.id}`, { events1, n1, events2, n2, subgroup }, years[index]);
    }
  });
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it("pools the 13 trials as metafor's DerSimonian-Laird random-effects model does", async () => {
    const { outcome } = dataOf(await app.gql(analysisQuery, { id: outcomeId }));
    // Version 1: review; 2: outcome; then a study and its data per trial.
    expect(outcome.version).toBe(2 + 2 * 13);
    const a = outcome.analysis;
    expect(a.k).toBe(13);
    expect(Math.log(a.estimate)).toBeCloseTo(-0.747392349732138, 10);
    expect(a.estimate).toBeCloseTo(0.4736, 4);
    expect(Math.log(a.ciLower)).toBeCloseTo(dl.ciLower, 8);
    expect(Math.log(a.ciUpper)).toBeCloseTo(dl.ciUpper, 8);
    expect(a.tau2).toBeCloseTo(0.366343406725599, 10);
    expect(a.i2).toBeCloseTo(dl.I2, 8);
    expect(a.q).toBeCloseTo(dl.Q, 8);
    expect(a.pValue).toBeCloseTo(dl.pval, 12);
    expect(Math.log(a.predictionLower)).toBeCloseTo(dl.predLower, 8);
    expect(a.studies).toHaveLength(13);
    expect(a.studies[0]).toMatchObject({ label: 'Trial 1', year: 1948, subgroup: 'random' });
    expect(a.studies.reduce((sum: number, s: { weight: number }) => sum + s.weight, 0)).toBeCloseTo(100, 8);
    expect(a.subgroups.qBetween).toBeCloseTo(subgroupsDl.Qbetween, 8);
    expect(a.subgroups.groups.map((g: { name: string }) => g.name).sort()).toEqual(['alternate', 'random', 'systematic']);
    expect(a.leaveOneOut).toHaveLength(13);
    expect(a.cumulative.map((c: { k: number }) => c.k)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(a.cumulative[0].year).toBe(1948);
    expect(a.funnel.points).toHaveLength(13);
    expect(a.settings).toMatchObject({ model: 'RANDOM', tau2Estimator: 'DL' });
    expect(a.settings.inWords).toMatch(/DerSimonian-Laird/);
  });

  it('recomputes under REML when the settings change, as a new version', async () => {
    const result = dataOf(await app.gql(mutations.updateOutcomeSettings, { input: { outcomeId, tau2Estimator: 'REML' } }));
    expect(result.updateOutcomeSettings.errors).toEqual([]);
    expect(result.updateOutcomeSettings.outcome.version).toBe(29);
    const { outcome } = dataOf(await app.gql(analysisQuery, { id: outcomeId }));
    expect(outcome.analysis.tau2).toBeCloseTo(reml.tau2, 10);
    expect(Math.log(outcome.analysis.estimate)).toBeCloseTo(reml.estimate, 10);
  });

  it('serves any earlier version unchanged, and compares two of them', async () => {
    const atDl = dataOf(await app.gql(analysisQuery, { id: outcomeId, asOf: 28 })).outcome;
    expect(atDl.version).toBe(28);
    expect(atDl.latestVersion).toBe(29);
    expect(atDl.analysis.tau2).toBeCloseTo(dl.tau2, 10);
    // Version 4 holds the first trial only: Aronson 1948, OR 0.39 with a CI that includes 1.
    const first = dataOf(await app.gql(analysisQuery, { id: outcomeId, asOf: 4 })).outcome;
    expect(first.analysis.k).toBe(1);
    expect(first.analysis.estimate).toBeCloseTo(Math.exp(-0.938694140870392), 10);
    // Version 5 added a study without data: the outcome's latest analysis at 5 is still that of 4.
    expect(dataOf(await app.gql(analysisQuery, { id: outcomeId, asOf: 5 })).outcome.version).toBe(4);

    const comparison = dataOf(
      await app.gql(
        `query($id: ID!) { compareOutcomeVersions(outcomeId: $id, from: 4, to: 28) {
          kChange significantBefore significantAfter significanceGained significanceLost directionFlipped conclusionChanged summary
          studiesAdded { label } changes { version }
        } }`,
        { id: outcomeId },
      ),
    ).compareOutcomeVersions;
    expect(comparison).toMatchObject({ kChange: 12, significantBefore: false, significantAfter: true, significanceGained: true, directionFlipped: false, conclusionChanged: true });
    expect(comparison.studiesAdded).toHaveLength(12);
    expect(comparison.changes.map((c: { version: number }) => c.version)).toEqual(Array.from({ length: 24 }, (_, i) => i + 5));
    expect(comparison.summary).toMatch(/became statistically significant/);

    const timeline = dataOf(await app.gql(`query($id: ID!) { outcome(id: $id) { versions { version k estimate significant change { action } } } }`, { id: outcomeId })).outcome.versions;
    expect(timeline.map((v: { version: number }) => v.version)).toEqual([2, ...Array.from({ length: 13 }, (_, i) => 4 + 2 * i), 29]);
    expect(timeline[0]).toMatchObject({ k: 0, estimate: null, significant: false, change: { action: 'addOutcome' } });
    expect(timeline.at(-1).change.action).toBe('updateOutcomeSettings');
  });
});

async function reviewIdOf(app: TestApp, outcomeId: string): Promise<string> {
  return dataOf(await app.gql(`query($id: ID!) { outcome(id: $id) { review { id } } }`, { id: outcomeId })).outcome.review.id;
}
