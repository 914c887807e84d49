// Random effects after Mantel-Haenszel pooling, as RevMan 5 computes them (DerSimonian-Laird τ² from the
// Mantel-Haenszel Q, inverse-variance random weights, a z interval), through the API: the numbers of the RevMan
// reference case, and the settings the method cannot take refused next to their field.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStudyWithData, dataOf, mutations, reviewWithOutcome, testApp, testDatabase, type TestApp } from './helpers.js';

const fixture = JSON.parse(readFileSync(new URL('../../../packages/stats/test/fixtures/revman/revman-fleiss1993-aspirin-OR.json', import.meta.url), 'utf8')) as {
  studies: { id: string; events1: number; n1: number; events2: number; n2: number }[];
  checks: { kind: string; options: Record<string, unknown>; expected: Record<string, number> }[];
};
const expected = fixture.checks.find((check) => check.kind === 'pool' && check.options.method === 'MH' && check.options.model === 'random')!.expected;

describe('Mantel-Haenszel random effects (RevMan 5)', () => {
  let app: TestApp;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const test = await testDatabase('sqlite');
    dispose = test.dispose;
    app = testApp(test.database);
  });
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it('gives the RevMan 5 reference numbers, with DL stored as the τ² estimator', async () => {
    const { reviewId, outcomeId } = await reviewWithOutcome(app, { name: 'Deaths', measure: 'OR', model: 'RANDOM', method: 'MH', preset: 'REVMAN5' });
    let analysis: { estimate: number; ciLower: number; ciUpper: number; tau2: number } | null = null;
    for (const study of fixture.studies) {
      const { outcome } = await addStudyWithData(app, reviewId, outcomeId, study.id, { events1: study.events1, n1: study.n1, events2: study.events2, n2: study.n2 });
      analysis = outcome.analysis;
    }
    const close = (actual: number, reference: number) => expect(Math.abs(actual - reference)).toBeLessThanOrEqual(1e-6 * Math.abs(reference) + 1e-9);
    close(analysis!.estimate, Math.exp(expected.estimate));
    close(analysis!.ciLower, Math.exp(expected.ciLower));
    close(analysis!.ciUpper, Math.exp(expected.ciUpper));
    close(analysis!.tau2, expected.tau2);
    const settings = dataOf(await app.gql(`query($id: ID!) { outcome(id: $id) { settings { model method tau2Estimator ciMethod } } }`, { id: outcomeId }));
    expect(settings.outcome.settings).toEqual({ model: 'RANDOM', method: 'MH', tau2Estimator: 'DL', ciMethod: 'Z' });
  });

  it('refuses another τ² estimator or the HKSJ interval after Mantel-Haenszel, and Peto with random effects', async () => {
    const { reviewId } = await reviewWithOutcome(app, { name: 'Strokes', measure: 'OR', model: 'FIXED', method: 'MH' });
    const add = async (input: Record<string, unknown>) => dataOf(await app.gql(mutations.addOutcome, { input: { reviewId, measure: 'OR', ...input } })).addOutcome;
    const reml = await add({ name: 'A', model: 'RANDOM', method: 'MH', tau2Estimator: 'REML' });
    expect(reml.outcome).toBeNull();
    expect(reml.errors).toEqual([{ field: ['input', 'tau2Estimator'], message: expect.stringContaining('set tau2Estimator to DL, or use method IV for REML') }]);
    const hksj = await add({ name: 'B', model: 'RANDOM', method: 'MH', ciMethod: 'HKSJ' });
    expect(hksj.errors).toEqual([{ field: ['input', 'ciMethod'], message: expect.stringContaining('set ciMethod to Z') }]);
    const peto = await add({ name: 'C', model: 'RANDOM', method: 'PETO' });
    expect(peto.errors).toEqual([{ field: ['input', 'model'], message: expect.stringContaining('Peto pooling is a fixed-effect method') }]);
  });
});
