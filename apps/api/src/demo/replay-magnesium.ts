// Replays the intravenous magnesium trials into a running server, one trial at a time in year order, through
// the public GraphQL API: after each trial it prints the pooled odds ratio, its P value beside the trial
// sequential verdict under the stated assumptions, and every conclusion-change alert that write raised.
import { loadMagnesiumTrials } from '@cumulus/demo';

export interface ReplayOptions {
  url: string;
  token: string;
  /** FIXED (default: the analysis of the time, which ISIS-4 overturned) or RANDOM. */
  model?: string;
  estimator?: string;
  /** The relative risk reduction the information size is planned for (default 0.1). */
  relativeRiskReduction?: number;
  delayMs?: number;
  print?: (line: string) => void;
  /** Called once the review and outcome exist, before the first trial (to subscribe, or register a webhook). */
  onReady?: (ids: { reviewId: string; outcomeId: string }) => Promise<void>;
}

export interface ReplayAlert {
  kind: string;
  from: string | null;
  to: string | null;
  message: string;
}

export interface ReplayStep {
  label: string;
  version: number;
  pValue: number | null;
  verdict: string | null;
  alerts: ReplayAlert[];
}

interface Payload {
  errors: { field: string[]; message: string }[];
}

function check(payload: Payload, what: string) {
  if (payload.errors.length > 0) throw new Error(`${what}: ${payload.errors.map((e) => `${e.field.join('.')}: ${e.message}`).join('; ')}`);
}

const format = (value: number | null) => (value === null ? '–' : value.toFixed(2));
const words = (value: string | null | undefined) => (value ? value.toLowerCase().replaceAll('_', ' ').replaceAll('-', ' ') : '–');

export async function replayMagnesium(options: ReplayOptions): Promise<{ reviewId: string; outcomeId: string; steps: ReplayStep[] }> {
  const endpoint = `${options.url.replace(/\/$/, '')}/graphql`;
  const print = options.print ?? ((line: string) => console.log(line));
  const model = (options.model ?? 'FIXED').toUpperCase();
  const estimator = (options.estimator ?? 'DL').toUpperCase();
  const rrr = options.relativeRiskReduction ?? 0.1;

  async function gql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (!response.ok || body.errors?.length) throw new Error(`${response.status}: ${body.errors?.map((e) => e.message).join('; ') ?? response.statusText}`);
    return body.data as T;
  }

  const created = await gql<{ createReview: Payload & { review: { id: string } } }>(
    `mutation($input: CreateReviewInput!) { createReview(input: $input) { review { id } errors { field message } } }`,
    { input: { title: `Intravenous magnesium after myocardial infarction (replay ${new Date().toISOString().slice(0, 16).replace('T', ' ')})` } },
  );
  check(created.createReview, 'createReview');
  const reviewId = created.createReview.review.id;
  const added = await gql<{ addOutcome: Payload & { outcome: { id: string } } }>(
    `mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { outcome { id } errors { field message } } }`,
    { input: { reviewId, name: 'Mortality', measure: 'OR', model, tau2Estimator: estimator, sequential: { relativeRiskReduction: rrr } } },
  );
  check(added.addOutcome, 'addOutcome');
  const outcomeId = added.addOutcome.outcome.id;
  await options.onReady?.({ reviewId, outcomeId });
  print(`review ${reviewId}, outcome ${outcomeId} (${options.url}/outcomes/${outcomeId})`);
  print(`${model === 'RANDOM' ? `random effects (${estimator})` : 'fixed effect'}, inverse variance; trial sequential analysis for a ${Math.round(rrr * 100)}% relative risk reduction`);
  print(`${'year'.padEnd(6)}${'trial'.padEnd(14)}${'k'.padStart(3)}  ${'pooled OR (95% CI)'.padEnd(22)}${'P'.padEnd(9)}${'TSA verdict'.padEnd(30)}version`);

  const steps: ReplayStep[] = [];
  let assumptions: string | null = null;
  for (const trial of loadMagnesiumTrials()) {
    const study = await gql<{ addStudy: Payload & { study: { id: string } } }>(
      `mutation($input: AddStudyInput!) { addStudy(input: $input) { study { id } errors { field message } } }`,
      { input: { reviewId, label: trial.label, year: trial.year, design: 'RCT', participants: trial.n1 + trial.n2 } },
    );
    check(study.addStudy, `addStudy ${trial.label}`);
    const recorded = await gql<{
      recordStudyData: Payload & {
        outcome: {
          version: number;
          conclusionChanges: ReplayAlert[];
          analysis: {
            k: number;
            estimate: number | null;
            ciLower: number | null;
            ciUpper: number | null;
            pValue: number | null;
            sequential: { verdict: string } | null;
            informationSize: { assumptions: string } | null;
          };
        };
      };
    }>(
      `mutation($input: RecordStudyDataInput!) {
        recordStudyData(input: $input) {
          outcome {
            version
            conclusionChanges { kind from to message }
            analysis { k estimate ciLower ciUpper pValue sequential { verdict } informationSize { assumptions } }
          }
          errors { field message }
        }
      }`,
      { input: { outcomeId, studyId: study.addStudy.study.id, events1: trial.events1, n1: trial.n1, events2: trial.events2, n2: trial.n2 } },
    );
    check(recorded.recordStudyData, `recordStudyData ${trial.label}`);
    const { version, analysis: a, conclusionChanges } = recorded.recordStudyData.outcome;
    const p = a.pValue === null ? '–' : a.pValue < 0.001 ? '<0.001' : a.pValue.toFixed(3);
    const pooled = `${format(a.estimate)} (${format(a.ciLower)} to ${format(a.ciUpper)})`;
    print(`${String(trial.year).padEnd(6)}${trial.trial.padEnd(14)}${String(a.k).padStart(3)}  ${pooled.padEnd(22)}${p.padEnd(9)}${words(a.sequential?.verdict).padEnd(30)}${version}`);
    for (const alert of conclusionChanges) print(`      ⚑ ${words(alert.kind)}: ${alert.message}`);
    if (a.informationSize && a.informationSize.assumptions !== assumptions) assumptions = a.informationSize.assumptions;
    steps.push({ label: trial.label, version, pValue: a.pValue, verdict: a.sequential?.verdict ?? null, alerts: conclusionChanges });
    if (options.delayMs && options.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
  }
  if (assumptions) print(`TSA assumptions at the last trial: ${assumptions} (the control risk is the median of the trials so far, so the information size moves as trials arrive).`);
  return { reviewId, outcomeId, steps };
}
