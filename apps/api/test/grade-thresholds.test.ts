/* eslint-disable @typescript-eslint/no-explicit-any -- tests read GraphQL results by path */
// Thresholds of an important effect per outcome (GRADE guidance 34 and 35; Core GRADE 2): set through the outcome's
// settings, checked against its measure with the field named, stored and versioned with the outcome, and served back
// with the certainty's target and the thresholds every reason names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoReviews } from '../src/demo/load-demo.js';
import { dataOf, mutations, reviewWithOutcome, testApp, testDatabase, type TestApp } from './helpers.js';

const thresholdsQuery = `query($id: ID!, $asOf: Int) { outcome(id: $id, asOfVersion: $asOf) {
  version
  settings { importanceThresholds { benefit { on value } harm { on value } } }
  analysis { estimate ciLower ciUpper certainty {
    level target targetText
    thresholds { lower upper analysisScaleLower analysisScaleUpper source }
    domains { domain suggested rating reason } } }
} }`;

const update = async (app: TestApp, input: Record<string, unknown>) => dataOf(await app.gql(mutations.updateOutcomeSettings, { input })).updateOutcomeSettings;

describe('thresholds of an important effect', () => {
  let app: TestApp;
  let dispose: () => Promise<void>;
  let magnesium: string;
  const read = async (id: string, asOf?: number) => dataOf(await app.gql(thresholdsQuery, { id, asOf })).outcome;
  const domain = (outcome: any, name: string) => outcome.analysis.certainty.domains.find((d: any) => d.domain === name);

  beforeAll(async () => {
    const test = await testDatabase('sqlite');
    dispose = test.dispose;
    app = testApp(test.database);
    const ids = await loadDemoReviews({ database: app.database, events: app.events });
    magnesium = dataOf(await app.gql(`query($id: ID!) { review(id: $id) { outcomes { id } } }`, { id: ids.magnesium })).review.outcomes[0].id;
  });
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it('reads magnesium after ISIS-4 with a 10% relative risk reduction as precise evidence of little or no effect (GRADE guidance 34)', async () => {
    const changed = await update(app, { outcomeId: magnesium, importanceThresholds: { benefit: { on: 'RELATIVE_RISK_REDUCTION', value: 0.1 } } });
    expect(changed.errors).toEqual([]);
    const outcome = await read(magnesium);
    expect(outcome.version).toBe(changed.outcome.version);
    expect(outcome.settings.importanceThresholds).toEqual({ benefit: { on: 'RELATIVE_RISK_REDUCTION', value: 0.1 }, harm: null });
    const { certainty, estimate, ciLower, ciUpper } = outcome.analysis;
    // OR 1.01 (0.96 to 1.08) between OR 0.90 and its mirror image 1/0.90 = 1.11.
    expect([estimate, ciLower, ciUpper].map((x: number) => x.toFixed(2))).toEqual(['1.01', '0.96', '1.08']);
    expect(certainty.target).toBe('LITTLE_OR_NO_EFFECT');
    expect(certainty.targetText).toBe('little or no effect');
    expect(certainty.thresholds.lower).toBeCloseTo(0.9, 12);
    expect(certainty.thresholds.upper).toBeCloseTo(1 / 0.9, 12);
    expect(certainty.thresholds.analysisScaleLower).toBeCloseTo(Math.log(0.9), 12);
    expect(certainty.thresholds.source).toBe('a 10% relative risk reduction');
    const imprecision = domain(outcome, 'IMPRECISION');
    expect(imprecision.suggested).toBe(0);
    expect(imprecision.reason).toMatch(/^Target: little or no effect; the point estimate OR 1\.01 lies between the thresholds of an important effect \(OR 0\.90 and 1\.11, from a 10% relative risk reduction\)/);
    expect(imprecision.reason).toMatch(/95% CI 0\.96 to 1\.08 lies within the region of little or no effect/);
    expect(domain(outcome, 'INCONSISTENCY').reason).toMatch(/OR 0\.90 and 1\.11, from a 10% relative risk reduction/);
    expect(certainty.level).toBe('LOW');
  });

  it('rates the same CI imprecise against 5 fewer per 1000, a new version, while the earlier version keeps its thresholds', async () => {
    const before = await read(magnesium);
    const changed = await update(app, { outcomeId: magnesium, importanceThresholds: { benefit: { on: 'PER_1000', value: -5 } } });
    expect(changed.errors).toEqual([]);
    expect(changed.outcome.version).toBe(before.version + 1);
    const outcome = await read(magnesium);
    expect(outcome.settings.importanceThresholds.benefit).toEqual({ on: 'PER_1000', value: -5 });
    // 2 more per 1000 (from 5 fewer to 8 more) at 116 per 1000: the CI reaches past 5 more per 1000, the harm threshold.
    expect(outcome.analysis.certainty.thresholds.source).toBe('5 fewer per 1000');
    const imprecision = domain(outcome, 'IMPRECISION');
    expect(imprecision.suggested).toBeLessThan(0);
    expect(imprecision.reason).toMatch(/^Target: little or no effect/);
    // As of the version before, the 10% relative risk reduction and its reading stand.
    const earlier = await read(magnesium, before.version);
    expect(earlier.analysis.certainty.thresholds.source).toBe('a 10% relative risk reduction');
    expect(domain(earlier, 'IMPRECISION').suggested).toBe(0);
    // Cleared: the trial sequential analysis's 10% relative risk reduction is the default.
    expect((await update(app, { outcomeId: magnesium, importanceThresholds: null })).errors).toEqual([]);
    const cleared = await read(magnesium);
    expect(cleared.settings.importanceThresholds).toBeNull();
    expect(cleared.analysis.certainty.thresholds.source).toBe('a 10% relative risk reduction');
  });

  it('refuses thresholds the outcome cannot use, naming the field, and stores nothing', async () => {
    const { outcomeId: mdOutcome } = await reviewWithOutcome(app, { name: 'Pain score', measure: 'MD' });
    const version = (await read(magnesium)).version;
    const cases: [string, Record<string, unknown>, { field: string[]; message: RegExp }][] = [
      ['a relative risk reduction of a mean difference', { outcomeId: mdOutcome, importanceThresholds: { benefit: { on: 'RELATIVE_RISK_REDUCTION', value: 0.1 } } }, {
        field: ['input', 'importanceThresholds', 'benefit', 'on'],
        message: /^the benefit threshold: a threshold as a relative risk reduction needs a binary outcome \(OR, RR or RD\), not MD; give it on the outcome's scale/,
      }],
      ['an odds ratio of 1', { outcomeId: magnesium, importanceThresholds: { benefit: { on: 'OUTCOME_SCALE', value: 1 } } }, {
        field: ['input', 'importanceThresholds', 'benefit', 'value'],
        message: /^the benefit threshold: an OR threshold is a ratio above 0 and other than 1, got 1$/,
      }],
      ['a zero difference', { outcomeId: mdOutcome, importanceThresholds: { harm: { on: 'OUTCOME_SCALE', value: 0 } } }, {
        field: ['input', 'importanceThresholds', 'harm', 'value'],
        message: /^the harm threshold's value must be a non-zero number$/,
      }],
      ['benefit and harm on one side', { outcomeId: magnesium, importanceThresholds: { benefit: { on: 'OUTCOME_SCALE', value: 0.9 }, harm: { on: 'OUTCOME_SCALE', value: 0.8 } } }, {
        field: ['input', 'importanceThresholds', 'harm', 'value'],
        message: /^the benefit and harm thresholds must lie on opposite sides of no effect .*: a benefit and a harm threshold lie on either side of no effect \(1\)$/,
      }],
      ['neither side', { outcomeId: magnesium, importanceThresholds: {} }, {
        field: ['input', 'importanceThresholds'],
        message: /^give a benefit threshold, a harm threshold or both \(null clears them\)$/,
      }],
      ['a relative risk reduction of 100%', { outcomeId: magnesium, importanceThresholds: { benefit: { on: 'RELATIVE_RISK_REDUCTION', value: 1 } } }, {
        field: ['input', 'importanceThresholds', 'benefit', 'value'],
        message: /^the benefit threshold: a relative risk reduction must be below 100%, got 100%$/,
      }],
    ];
    for (const [what, input, expected] of cases) {
      const refused = await update(app, input);
      expect(refused.outcome, what).toBeNull();
      expect(refused.errors, what).toHaveLength(1);
      expect(refused.errors[0].field, what).toEqual(expected.field);
      expect(refused.errors[0].message, what).toMatch(expected.message);
    }
    expect((await read(magnesium)).version).toBe(version);

    // A measure that no longer suits the stored thresholds is refused at the measure.
    expect((await update(app, { outcomeId: magnesium, importanceThresholds: { benefit: { on: 'RELATIVE_RISK_REDUCTION', value: 0.1 } } })).errors).toEqual([]);
    const { outcomeId: generic } = await reviewWithOutcome(app, { name: 'Log hazard', measure: 'GENERIC', importanceThresholds: { benefit: { on: 'OUTCOME_SCALE', value: -0.1 } } });
    const remeasured = await update(app, { outcomeId: generic, measure: 'OR' });
    expect(remeasured.errors).toEqual([
      { field: ['input', 'measure'], message: "the benefit threshold: an OR threshold is a ratio above 0 and other than 1, got -0.1; change the outcome's importanceThresholds to suit it, or clear them (null)" },
    ]);
    // addOutcome checks them the same way.
    const added = dataOf(await app.gql(mutations.addOutcome, { input: { reviewId: (await reviewWithOutcome(app)).reviewId, name: 'Score', measure: 'SMD', importanceThresholds: { benefit: { on: 'PER_1000', value: -10 } } } })).addOutcome;
    expect(added.errors[0].field).toEqual(['input', 'importanceThresholds', 'benefit', 'on']);
  });

  it('takes a harm threshold of its own beside the benefit one, for a mean difference', async () => {
    const { outcomeId } = await reviewWithOutcome(app, { name: 'Function', measure: 'MD', importanceThresholds: { benefit: { on: 'OUTCOME_SCALE', value: 5 }, harm: { on: 'OUTCOME_SCALE', value: -2 } } });
    const outcome = await read(outcomeId);
    expect(outcome.settings.importanceThresholds).toEqual({ benefit: { on: 'OUTCOME_SCALE', value: 5 }, harm: { on: 'OUTCOME_SCALE', value: -2 } });
  });
});
