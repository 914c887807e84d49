// Risk of bias beside the evidence through the API: RoB 2, ROBINS-I and Newcastle-Ottawa assessments recorded by
// recordQualityAssessment reach the stored analysis as a traffic-light table and the analysis without the studies at
// high risk of bias, and every version serves what was assessed at that version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, mutations, reviewWithOutcome, testApp, testDatabase, type TestApp } from './helpers.js';

const record = `mutation($input: RecordQualityAssessmentInput!) {
  recordQualityAssessment(input: $input) { assessment { tool overallJudgement totalStars domains { domain judgement stars } version } errors { field message } }
}`;

const riskOfBiasQuery = `query($id: ID!, $asOf: Int) { outcome(id: $id, asOfVersion: $asOf) { version analysis {
  estimate
  studies { studyId weight }
  riskOfBias { tool domains studies { studyId weight judgements overall stars totalStars highRisk } summary { domain levels unweighted weighted } }
  withoutHighRiskOfBias { rule leftOut studyIds weightLeftOut k estimate ciLower ciUpper }
  certainty { domains { domain suggested reason } }
} } }`;

/** Generic effects (yi, sei): the two largest benefits come from the trials that will be at high risk of bias. */
const effects = [
  { label: 'Alpha 2001', yi: -0.9, sei: 0.15 },
  { label: 'Beta 2003', yi: -0.8, sei: 0.2 },
  { label: 'Gamma 2005', yi: -0.1, sei: 0.15 },
  { label: 'Delta 2008', yi: -0.6, sei: 0.25 },
  { label: 'Epsilon 2010', yi: 0.05, sei: 0.2 },
];

const fixedEffect = (rows: { yi: number; sei: number }[]) => {
  const w = rows.map((r) => 1 / r.sei ** 2);
  const total = w.reduce((a, b) => a + b, 0);
  const estimate = rows.reduce((sum, r, i) => sum + w[i] * r.yi, 0) / total;
  return { estimate, se: Math.sqrt(1 / total), weights: w.map((x) => (100 * x) / total) };
};

describe('risk of bias beside the evidence, through the API', () => {
  let app: TestApp;
  let dispose: () => Promise<void>;
  let outcomeId: string;
  const ids: string[] = [];
  let unassessedVersion: number;
  let rob2Version: number;

  beforeAll(async () => {
    const test = await testDatabase('sqlite');
    dispose = test.dispose;
    app = testApp(test.database);
    const created = await reviewWithOutcome(app, { name: 'Pain', measure: 'GENERIC', model: 'FIXED' });
    outcomeId = created.outcomeId;
    for (const [i, e] of effects.entries()) {
      const added = dataOf(await app.gql(mutations.addStudy, { input: { reviewId: created.reviewId, label: e.label, design: i < 3 ? 'RCT' : 'NON_RANDOMISED' } })).addStudy;
      ids.push(added.study.id);
      expect(dataOf(await app.gql(mutations.recordStudyData, { input: { outcomeId, studyId: added.study.id, yi: e.yi, sei: e.sei } })).recordStudyData.errors).toEqual([]);
    }
    unassessedVersion = dataOf(await app.gql(riskOfBiasQuery, { id: outcomeId })).outcome.version;

    // Overall given: the worst domain would be 'some concerns' for the trial at low risk.
    const rob2 = (overall: string) => ({ randomisation: 'LOW', deviations: overall, missingData: 'LOW', measurement: 'SOME_CONCERNS', reporting: 'LOW', overall });
    for (const [i, overall] of [[0, 'HIGH'], [1, 'HIGH'], [2, 'LOW']] as const) {
      const assessed = dataOf(await app.gql(record, { input: { studyId: ids[i], riskOfBias2: rob2(overall) } })).recordQualityAssessment;
      expect(assessed.errors).toEqual([]);
    }
    rob2Version = dataOf(await app.gql(riskOfBiasQuery, { id: outcomeId })).outcome.version;
  });
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it('records ROBINS-I as a third tool, with its overall judgement the worst domain unless given', async () => {
    const robinsI = { confounding: 'SERIOUS', selection: 'LOW', classification: 'LOW', deviations: 'MODERATE', missingData: 'NO_INFORMATION', measurement: 'LOW', reporting: 'LOW' };
    const assessed = dataOf(await app.gql(record, { input: { studyId: ids[3], robinsI } })).recordQualityAssessment;
    expect(assessed.errors).toEqual([]);
    expect(assessed.assessment.tool).toBe('ROBINS_I');
    expect(assessed.assessment.overallJudgement).toBe('SERIOUS');
    expect(assessed.assessment.domains.map((d: { domain: string }) => d.domain)).toEqual([
      'confounding',
      'selection',
      'classification',
      'deviations',
      'missing-data',
      'measurement',
      'reporting',
    ]);
    const moderate = dataOf(await app.gql(record, { input: { studyId: ids[4], robinsI: { ...robinsI, confounding: 'MODERATE', missingData: 'LOW' } } })).recordQualityAssessment;
    expect(moderate.assessment.overallJudgement).toBe('MODERATE');
    // A study keeps one assessment per tool: Newcastle-Ottawa beside ROBINS-I, a new ROBINS-I replaces the old.
    const nos = dataOf(await app.gql(record, { input: { studyId: ids[4], newcastleOttawa: { selection: 4, comparability: 2, outcome: 2 } } })).recordQualityAssessment;
    expect(nos.assessment.totalStars).toBe(8);
    const again = dataOf(await app.gql(record, { input: { studyId: ids[4], robinsI: { ...robinsI, confounding: 'MODERATE', missingData: 'LOW' } } })).recordQualityAssessment;
    expect(again.errors).toEqual([]);
    const study = dataOf(await app.gql(`query($id: ID!) { study(id: $id) { qualityAssessments { tool } } }`, { id: ids[4] })).study;
    expect(study.qualityAssessments.map((q: { tool: string }) => q.tool).sort()).toEqual(['NEWCASTLE_OTTAWA', 'ROBINS_I']);
  });

  it('refuses a RoB 2 domain judged with a ROBINS-I word, and two tools at once, storing nothing', async () => {
    const before = dataOf(await app.gql(riskOfBiasQuery, { id: outcomeId })).outcome.version;
    const wrong = dataOf(
      await app.gql(record, { input: { studyId: ids[0], riskOfBias2: { randomisation: 'SERIOUS', deviations: 'LOW', missingData: 'LOW', measurement: 'LOW', reporting: 'LOW' } } }),
    ).recordQualityAssessment;
    expect(wrong.assessment).toBeNull();
    expect(wrong.errors[0].field).toEqual(['input', 'riskOfBias2', 'randomisation']);
    const both = dataOf(
      await app.gql(record, { input: { studyId: ids[0], newcastleOttawa: { total: 5 }, robinsI: { confounding: 'LOW', selection: 'LOW', classification: 'LOW', deviations: 'LOW', missingData: 'LOW', measurement: 'LOW', reporting: 'LOW' } } }),
    ).recordQualityAssessment;
    expect(both.errors[0].message).toMatch(/exactly one of newcastleOttawa, riskOfBias2 and robinsI/);
    expect(dataOf(await app.gql(riskOfBiasQuery, { id: outcomeId })).outcome.version).toBe(before);
  });

  it('serves the traffic-light tables aligned with the analysis studies, and their summaries weighted and unweighted', async () => {
    const { analysis } = dataOf(await app.gql(riskOfBiasQuery, { id: outcomeId })).outcome;
    expect(analysis.riskOfBias.map((t: { tool: string }) => t.tool)).toEqual(['ROB2', 'ROBINS_I', 'NEWCASTLE_OTTAWA']);
    const [rob2, robinsI, nos] = analysis.riskOfBias;
    expect(rob2.domains).toEqual(['randomisation', 'deviations', 'missing-data', 'measurement', 'reporting']);
    expect(rob2.studies.map((s: { studyId: string }) => s.studyId)).toEqual(analysis.studies.map((s: { studyId: string }) => s.studyId));
    expect(rob2.studies.map((s: { overall: string | null }) => s.overall)).toEqual(['HIGH', 'HIGH', 'LOW', null, null]);
    expect(rob2.studies[0].judgements).toEqual(['LOW', 'HIGH', 'LOW', 'SOME_CONCERNS', 'LOW']);
    expect(robinsI.studies[3].judgements).toEqual(['SERIOUS', 'LOW', 'LOW', 'MODERATE', 'NO_INFORMATION', 'LOW', 'LOW']);
    expect(robinsI.studies.map((s: { highRisk: boolean }) => s.highRisk)).toEqual([true, true, false, true, false]);
    expect(nos.studies[4].stars).toEqual([4, 2, 2]);
    expect(nos.studies[4].totalStars).toBe(8);

    const { weights } = fixedEffect(effects);
    const overall = rob2.summary.find((d: { domain: string }) => d.domain === 'overall');
    expect(overall.levels).toEqual(['low', 'some-concerns', 'high', 'not-assessed']);
    expect(overall.unweighted).toEqual([0.2, 0, 0.4, 0.4]);
    expect(overall.weighted[3]).toBeCloseTo((weights[3] + weights[4]) / 100, 9);
    expect(overall.weighted[2]).toBeCloseTo((weights[0] + weights[1]) / 100, 9);
    const robinsIOverall = robinsI.summary.find((d: { domain: string }) => d.domain === 'overall');
    expect(robinsIOverall.levels).toEqual(['low', 'moderate', 'serious', 'critical', 'no-information', 'not-assessed']);
    expect(robinsIOverall.weighted[2]).toBeCloseTo(weights[3] / 100, 9);
  });

  it('serves the analysis without the studies at high risk of bias, and GRADE reads it', async () => {
    const { analysis } = dataOf(await app.gql(riskOfBiasQuery, { id: outcomeId })).outcome;
    const without = analysis.withoutHighRiskOfBias;
    expect(without.leftOut).toBe(3);
    expect(without.studyIds).toEqual([ids[0], ids[1], ids[3]]);
    expect(without.k).toBe(2);
    const kept = fixedEffect([effects[2], effects[4]]);
    expect(without.estimate).toBeCloseTo(kept.estimate, 10);
    expect(without.ciLower).toBeCloseTo(kept.estimate - 1.959963984540054 * kept.se, 8);
    const { weights } = fixedEffect(effects);
    expect(without.weightLeftOut).toBeCloseTo(weights[0] + weights[1] + weights[3], 8);
    const reason = analysis.certainty.domains.find((d: { domain: string }) => d.domain === 'RISK_OF_BIAS');
    expect(reason.reason).toContain('leaving out the 3 studies at high risk of bias changes the estimate from');
    expect(reason.suggested).toBe(-1);
  });

  it('serves each version as it was: nothing before the assessments, RoB 2 alone after them', async () => {
    const before = dataOf(await app.gql(riskOfBiasQuery, { id: outcomeId, asOf: unassessedVersion })).outcome;
    expect(before.version).toBe(unassessedVersion);
    expect(before.analysis.riskOfBias).toEqual([]);
    expect(before.analysis.withoutHighRiskOfBias).toBeNull();

    const rob2Only = dataOf(await app.gql(riskOfBiasQuery, { id: outcomeId, asOf: rob2Version })).outcome.analysis;
    expect(rob2Only.riskOfBias.map((t: { tool: string }) => t.tool)).toEqual(['ROB2']);
    expect(rob2Only.withoutHighRiskOfBias.leftOut).toBe(2);
    expect(rob2Only.withoutHighRiskOfBias.estimate).toBeCloseTo(fixedEffect(effects.slice(2)).estimate, 10);
  });
});
