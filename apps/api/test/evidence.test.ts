// GRADE certainty, absolute effects and trial sequential analysis come through the API from the stored
// snapshot, and follow the study designs, quality assessments and outcome settings recorded through it.
import { loadMagnesiumTrials } from '@cumulus/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, mutations, testApp, testDatabase, type TestApp } from './helpers.js';

const evidenceQuery = `query($id: ID!) { outcome(id: $id) { version analysis {
  k estimate
  certainty { level startingLevel dataFingerprint needsReview domains { domain suggested rating reason override { footnote needsReview } } }
  absoluteEffects { label controlPer1000 interventionPer1000 differencePer1000 }
  informationSize { participants assumptions }
  sequential { verdict reason requiredInformationSize looks { studyId crossedBoundary } }
} } }`;

describe('evidence summaries through the API', () => {
  let app: TestApp;
  let dispose: () => Promise<void>;
  let reviewId: string;
  let outcomeId: string;
  const studyIds: string[] = [];

  beforeAll(async () => {
    const test = await testDatabase('sqlite');
    dispose = test.dispose;
    app = testApp(test.database);
    reviewId = dataOf(await app.gql(mutations.createReview, { input: { title: 'Magnesium' } })).createReview.review.id;
    outcomeId = dataOf(
      await app.gql(mutations.addOutcome, {
        input: { reviewId, name: 'Mortality', measure: 'OR', model: 'FIXED', sequential: { relativeRiskReduction: 0.2 } },
      }),
    ).addOutcome.outcome.id;
    for (const trial of loadMagnesiumTrials().slice(0, 13)) {
      const study = dataOf(await app.gql(mutations.addStudy, { input: { reviewId, label: trial.label, year: trial.year, design: 'RCT' } })).addStudy.study;
      studyIds.push(study.id);
      const { events1, n1, events2, n2 } = trial;
      const recorded = dataOf(await app.gql(mutations.recordStudyData, { input: { outcomeId, studyId: study.id, events1, n1, events2, n2 } })).recordStudyData;
      expect(recorded.errors).toEqual([]);
    }
  });
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it('serves GRADE suggestions, absolute effects and a trial sequential verdict for randomised trials', async () => {
    const { analysis } = dataOf(await app.gql(evidenceQuery, { id: outcomeId })).outcome;
    expect(analysis.k).toBe(13);
    expect(analysis.certainty.startingLevel).toBe('HIGH');
    expect(analysis.certainty.domains.map((d: { domain: string }) => d.domain)).toContain('IMPRECISION');
    expect(analysis.absoluteEffects[0].label).toMatch(/median control risk/i);
    expect(analysis.absoluteEffects[0].differencePer1000).toBeLessThan(0);
    expect(analysis.informationSize.assumptions).toMatch(/relative risk reduction 20%/);
    expect(analysis.sequential.looks).toHaveLength(13);
    // Before LIMIT-2 and ISIS-4 the small trials had not reached the information size.
    expect(analysis.sequential.verdict).not.toBe('FIRM_EVIDENCE_OF_NO_EFFECT');
  });

  it('rates risk of bias from recorded RoB 2 judgements, and keeps an override until the data change', async () => {
    for (const studyId of studyIds) {
      const assessed = dataOf(
        await app.gql(
          `mutation($input: RecordQualityAssessmentInput!) { recordQualityAssessment(input: $input) { assessment { overallJudgement } errors { message } } }`,
          { input: { studyId, riskOfBias2: { randomisation: 'HIGH', deviations: 'LOW', missingData: 'LOW', measurement: 'LOW', reporting: 'LOW' } } },
        ),
      ).recordQualityAssessment;
      expect(assessed).toEqual({ assessment: { overallJudgement: 'HIGH' }, errors: [] });
    }
    const { analysis } = dataOf(await app.gql(evidenceQuery, { id: outcomeId })).outcome;
    const riskOfBias = analysis.certainty.domains.find((d: { domain: string }) => d.domain === 'RISK_OF_BIAS');
    expect(riskOfBias.suggested).toBeLessThan(0);

    const override = dataOf(
      await app.gql(mutations.updateOutcomeSettings, {
        input: {
          outcomeId,
          certaintyOverrides: [{ domain: 'RISK_OF_BIAS', rating: 0, footnote: 'Allocation concealment confirmed with the authors.', dataFingerprint: analysis.certainty.dataFingerprint }],
        },
      }),
    ).updateOutcomeSettings;
    expect(override.errors).toEqual([]);
    const overridden = dataOf(await app.gql(evidenceQuery, { id: outcomeId })).outcome.analysis.certainty;
    const domain = overridden.domains.find((d: { domain: string }) => d.domain === 'RISK_OF_BIAS');
    expect(domain).toMatchObject({ rating: 0, override: { footnote: 'Allocation concealment confirmed with the authors.', needsReview: false } });

    // New data under the judgement: the override stays but is flagged for review.
    const trial = loadMagnesiumTrials()[13];
    const study = dataOf(await app.gql(mutations.addStudy, { input: { reviewId, label: trial.label, year: trial.year, design: 'RCT' } })).addStudy.study;
    const { events1, n1, events2, n2 } = trial;
    dataOf(await app.gql(mutations.recordStudyData, { input: { outcomeId, studyId: study.id, events1, n1, events2, n2 } }));
    const after = dataOf(await app.gql(evidenceQuery, { id: outcomeId })).outcome.analysis.certainty;
    expect(after.domains.find((d: { domain: string }) => d.domain === 'RISK_OF_BIAS').override.needsReview).toBe(true);
  });

  it('refuses evidence settings that make no sense, naming the field', async () => {
    const refused = dataOf(
      await app.gql(mutations.updateOutcomeSettings, { input: { outcomeId, sequential: { relativeRiskReduction: 1.5 }, controlRisks: [{ label: 'x', risk: 2 }] } }),
    ).updateOutcomeSettings;
    expect(refused.outcome).toBeNull();
    expect(refused.errors).toEqual([
      { field: ['input', 'sequential', 'relativeRiskReduction'], message: 'relativeRiskReduction must lie between 0 and 1' },
      { field: ['input', 'controlRisks', '0', 'risk'], message: 'risk is a proportion from 0 to 1' },
    ]);
  });
});
