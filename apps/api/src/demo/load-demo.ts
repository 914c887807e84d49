// The demonstration reviews, loaded into an empty database through the same write path as every mutation.
import {
  loadBcgTrials,
  loadMagnesiumTrials,
  loadSeedPrismaCounts,
  loadSeedReportedResults,
  loadSeedReports,
  loadSeedStudies,
  loadSeedStudyData,
  seedReviewDescription,
} from '@cumulus/demo';
import { demoLoaderViewer } from '../auth/viewer.js';
import { addStudyReport } from '../domain/intake/study-reports.js';
import { addOutcome } from '../domain/outcomes.js';
import { recordReferenceResults } from '../domain/reference-results.js';
import { createReview, recordPrismaCounts } from '../domain/reviews.js';
import { recordStudyData } from '../domain/study-data.js';
import { addStudy, recordQualityAssessment } from '../domain/studies.js';
import type { WriteResult } from '../domain/user-errors.js';
import type { Services } from '../domain/write-path.js';

const actor = demoLoaderViewer;

/** Unwraps a write the demo data must never fail; a failure is a defect in the data or the loader. */
function stored<T>(result: WriteResult<T>, what: string): T {
  if (!result.ok) throw new Error(`demo: ${what} was refused: ${result.errors.map((e) => `${e.field.join('.')}: ${e.message}`).join('; ')}`);
  return result.value;
}

export async function isDatabaseEmpty(services: Services): Promise<boolean> {
  const row = await services.database.db.selectFrom('reviews').select(({ fn }) => fn.countAll().as('count')).executeTakeFirstOrThrow();
  return Number(row.count) === 0;
}

/** Loads the seed review, BCG and magnesium. Returns the review ids by name. */
export async function loadDemoReviews(services: Services): Promise<{ seed: string; bcg: string; magnesium: string }> {
  const seed = await loadSeedReview(services);
  const bcg = await loadBcgReview(services);
  const magnesium = await loadMagnesiumReview(services);
  return { seed, bcg, magnesium };
}

export async function loadSeedReview(services: Services): Promise<string> {
  const d = seedReviewDescription;
  const review = stored(
    await createReview(services, actor, {
      title: d.title,
      question: 'Are mesenchymal stem cells effective and safe in people with systemic sclerosis?',
      population: d.population,
      intervention: d.intervention,
      comparison: d.comparison,
      outcomesDescription: d.outcomes,
      citation: d.citation,
      registration: d.registration,
    }),
    'seed review',
  );

  const prisma = loadSeedPrismaCounts();
  const sources = (counts: Record<string, number>) => Object.entries(counts).map(([source, count]) => ({ source, count }));
  const identified = [...Object.values(prisma.identified.databases), ...Object.values(prisma.identified.otherMethods)].reduce((a, b) => a + b, 0);
  stored(
    await recordPrismaCounts(services, actor, {
      reviewId: review.id,
      searchEnd: prisma.searchEnd,
      identifiedFromDatabases: sources(prisma.identified.databases),
      identifiedFromOtherMethods: sources(prisma.identified.otherMethods),
      duplicatesRemoved: identified - prisma.recordsAfterDuplicatesRemoved,
      recordsAfterDuplicatesRemoved: prisma.recordsAfterDuplicatesRemoved,
      recordsScreened: prisma.recordsAfterDuplicatesRemoved,
      recordsExcluded: prisma.recordsAfterDuplicatesRemoved - prisma.reportsAssessedFullText,
      reportsAssessed: prisma.reportsAssessedFullText,
      reportsExcluded: [],
      reportsIncluded: prisma.reportsIncluded,
      studiesIncluded: prisma.studiesIncluded,
      studiesInQuantitativeSynthesis: prisma.studiesInQuantitativeSynthesis,
      note: prisma.note,
    }),
    'seed PRISMA counts',
  );

  const studyIds = new Map<string, string>();
  for (const study of loadSeedStudies()) {
    const added = stored(
      await addStudy(services, actor, {
        reviewId: review.id,
        label: study.label,
        year: study.year,
        design: 'self-controlled-pre-post',
        country: study.country,
        participants: study.participants,
        registryId: study.registryId,
        characteristics: {
          female: study.female,
          male: study.male,
          meanAge: study.meanAge,
          followUp: study.followUp,
          mscSource: study.mscSource,
          // The cell-source subgroups of the review's Fig. 3 use the source without co-treatments.
          cellSource: study.mscSource.replace(/\s*\(.*\)$/, '').replace(/ with .*$/, ''),
          cellDose: study.cellDose,
          route: study.route,
          endpoints: study.endpoints.join('; '),
        },
        adverseEvents: { patientsWithEvents: study.adverseEvents, description: study.adverseEventDetail },
      }),
      `study ${study.label}`,
    );
    studyIds.set(study.id, added.id);
    stored(
      await recordQualityAssessment(services, actor, {
        studyId: added.id,
        newcastleOttawa: { total: study.nosScore },
        assessedBy: 'Cui et al. 2022 (Table 1 gives the total only)',
      }),
      `NOS score of ${study.label}`,
    );
  }

  // The reports of the studies: 11 reports of 9 studies (three of the Granel 2015 cohort), as the flow counts them.
  for (const report of loadSeedReports()) {
    const studyId = studyIds.get(report.studyId);
    if (!studyId) throw new Error(`demo: a report of '${report.studyId}', which is not a seed study`);
    stored(
      await addStudyReport(services, actor, { studyId, citation: report.citation, year: report.year, registryId: report.registryId, kind: report.kind }),
      `report of ${report.studyId}`,
    );
  }

  // One outcome per endpoint and time point the review pooled; pre/post scores where lower is better.
  const reported = loadSeedReportedResults();
  const outcomeIds = new Map<string, string>();
  const keyOf = (name: string, months: number) => `${name}@${months}`;
  for (const result of reported) {
    if (result.timepointMonths === null) continue;
    const key = keyOf(result.outcome, result.timepointMonths);
    if (outcomeIds.has(key)) continue;
    const outcome = stored(
      await addOutcome(services, actor, {
        reviewId: review.id,
        name: `${result.outcome} at ${result.timepointMonths} months`,
        description: result.measure === 'OR' ? 'Odds of the endpoint after versus before treatment.' : 'Change in score from before to after treatment (before minus after: improvement is positive).',
        measure: result.measure === 'OR' ? 'OR' : 'MC',
        model: 'rule',
        timepoint: `${result.timepointMonths} months`,
        // Fig. 3 pools the 6-month mRSS by cell source.
        subgroupVariable: reported.some((r) => keyOf(r.outcome, r.timepointMonths ?? -1) === key && r.analysis.startsWith('by cell source')) ? 'cellSource' : null,
        ...(result.measure === 'OR' ? {} : { prePostCorrelation: 0, prePostDirection: 'decrease' as const }),
        // Sequential monitoring of the skin score: the minimal important difference of the mRSS is 3.2 to 5.3
        // points (Khanna et al., Arthritis Rheum 2006); 5 points with an SD of 10, the spread after treatment in
        // the sourced studies, the change analysed as two groups as the review did.
        ...(result.outcome === 'mRSS' ? { sequential: { minimalDifference: 5, sd: 10 } } : {}),
      }),
      `outcome ${key}`,
    );
    outcomeIds.set(key, outcome.id);
  }

  // The review's "overall" mRSS pools its three follow-up times, so the same patients enter it up to three times: one
  // outcome with a row per study and time point (subgroups by follow-up) shows that pooling, and flags every study
  // whose patients it counts more than once as soon as a study has rows at two times.
  const overTime = stored(
    await addOutcome(services, actor, {
      reviewId: review.id,
      name: 'mRSS at every follow-up time',
      description:
        "The skin score pooled over 3, 6 and 12 months as the review's text did (MD 5.23, 4.18 to 6.29): a row per study and time point, subgroups by follow-up time. The same patients enter the overall total once per time point: a unit-of-analysis error, flagged per study. The time-point outcomes are the analyses to rely on.",
      measure: 'MC',
      model: 'fixed',
      prePostCorrelation: 0,
      prePostDirection: 'decrease',
    }),
    'outcome mRSS at every follow-up time',
  );

  stored(
    await recordReferenceResults(services, actor, {
      reviewId: review.id,
      results: reported.map((result) => ({
        // The pooled-over-time-points mRSS result belongs to the outcome that pools every follow-up time.
        outcomeId: result.timepointMonths === null ? overTime.id : (outcomeIds.get(keyOf(result.outcome, result.timepointMonths)) ?? null),
        result: { ...result },
      })),
    }),
    'published results',
  );

  for (const data of loadSeedStudyData()) {
    const outcomeId = outcomeIds.get(keyOf(data.outcome, data.timepointMonths));
    const studyId = studyIds.get(data.studyId);
    if (!outcomeId || !studyId) throw new Error(`demo: no outcome or study for ${data.studyId} ${data.outcome} at ${data.timepointMonths} months`);
    const numbers =
      data.kind === 'pre-post'
        ? { meanBefore: data.meanBefore, sdBefore: data.sdBefore, meanAfter: data.meanAfter, sdAfter: data.sdAfter, n: data.n }
        : { yi: data.meanDifference, sei: data.se };
    stored(await recordStudyData(services, actor, { outcomeId, studyId, ...numbers, source: data.source }), `data of ${data.studyId}`);
    if (data.outcome === 'mRSS') {
      stored(
        await recordStudyData(services, actor, { outcomeId: overTime.id, studyId, ...numbers, subgroup: `${data.timepointMonths} months`, source: data.source }),
        `data of ${data.studyId} over time`,
      );
    }
  }
  return review.id;
}

export async function loadBcgReview(services: Services): Promise<string> {
  const review = stored(
    await createReview(services, actor, {
      title: 'BCG vaccine for preventing tuberculosis',
      question: 'Does BCG vaccination prevent tuberculosis?',
      population: 'Children and adults in 13 trials, 1948–1980',
      intervention: 'BCG vaccination',
      comparison: 'No vaccination',
      outcomesDescription: 'Tuberculosis cases',
      citation: 'Colditz GA, Brewer TF, Berkey CS, et al. Efficacy of BCG vaccine in the prevention of tuberculosis: meta-analysis of the published literature. JAMA 1994;271:698-702 (metadat dat.bcg)',
    }),
    'BCG review',
  );
  const outcome = stored(
    await addOutcome(services, actor, {
      reviewId: review.id,
      name: 'Tuberculosis',
      description: 'Tuberculosis cases, vaccinated versus not; subgroups by allocation method.',
      measure: 'OR',
      model: 'random',
      tau2Estimator: 'REML',
      subgroupVariable: 'allocation',
      // Trial sequential analysis by year against a 20% relative risk reduction (median control risk).
      sequential: { relativeRiskReduction: 0.2 },
      // Meta-regression on absolute latitude (metafor's ablat), the classic explanation of BCG's heterogeneity.
      metaRegressionModerators: [{ name: 'absoluteLatitude', kind: 'numeric' }],
    }),
    'BCG outcome',
  );
  for (const trial of loadBcgTrials()) {
    await addBinaryTrial(services, outcome.id, trial, {
      reviewId: review.id,
      design: trial.allocation === 'random' ? 'rct' : 'quasi-randomised',
      characteristics: { allocation: trial.allocation, absoluteLatitude: trial.absoluteLatitude },
    });
  }
  return review.id;
}

export async function loadMagnesiumReview(services: Services): Promise<string> {
  const review = stored(
    await createReview(services, actor, {
      title: 'Intravenous magnesium after acute myocardial infarction',
      question: 'Does intravenous magnesium reduce mortality after acute myocardial infarction?',
      population: 'People with suspected acute myocardial infarction',
      intervention: 'Intravenous magnesium',
      comparison: 'Placebo or no treatment',
      outcomesDescription: 'Death',
      citation: 'Egger M, Davey Smith G. Misleading meta-analysis. BMJ 1995;310:752-754 (metadat dat.egger2001)',
    }),
    'magnesium review',
  );
  const outcome = stored(
    // Fixed effect, as the meta-analyses of the time pooled it: protective until ISIS-4 (switch to random
    // effects with updateOutcomeSettings to see how small trials keep it "protective").
    // Trial sequential analysis against a 10% relative risk reduction (median control risk) shows why the early
    // result was not yet conclusive, and gives firm evidence of no such effect once ISIS-4 is in.
    await addOutcome(services, actor, {
      reviewId: review.id,
      name: 'Mortality',
      measure: 'OR',
      model: 'fixed',
      tau2Estimator: 'DL',
      sequential: { relativeRiskReduction: 0.1 },
    }),
    'magnesium outcome',
  );
  for (const trial of loadMagnesiumTrials()) await addBinaryTrial(services, outcome.id, trial, { reviewId: review.id, design: 'rct' });
  return review.id;
}

/** One trial of a binary outcome: the study (labelled, dated, with its participants) and its 2×2 data. */
async function addBinaryTrial(
  services: Services,
  outcomeId: string,
  trial: { label: string; year: number; events1: number; n1: number; events2: number; n2: number },
  study: Omit<Parameters<typeof addStudy>[2], 'label' | 'year' | 'participants'>,
): Promise<void> {
  const { label, year, events1, n1, events2, n2 } = trial;
  const added = stored(await addStudy(services, actor, { ...study, label, year, participants: n1 + n2 }), `trial ${label}`);
  stored(await recordStudyData(services, actor, { outcomeId, studyId: added.id, events1, n1, events2, n2 }), `data of ${label}`);
}
