// Replays the intravenous magnesium trials into a running server, one trial at a time in year order, through
// the public GraphQL API, printing the pooled odds ratio after each:
//   node apps/api/dist/replay.js --url http://localhost:4000 --token <admin or maintainer token> [--delay 500]
import { parseArgs } from 'node:util';
import { loadMagnesiumTrials } from '@cumulus/demo';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:4000' },
    token: { type: 'string', default: process.env.CUMULUS_ADMIN_TOKEN },
    delay: { type: 'string', default: '0' },
    model: { type: 'string', default: 'FIXED' },
    estimator: { type: 'string', default: 'DL' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help || !values.token) {
  console.log('usage: node apps/api/dist/replay.js --url http://localhost:4000 --token <admin token> [--delay ms] [--model FIXED|RANDOM] [--estimator DL|REML|PM|...]');
  console.log('The token defaults to CUMULUS_ADMIN_TOKEN. Creating a review needs an administrator token.');
  process.exit(values.help ? 0 : 2);
}

const endpoint = `${values.url.replace(/\/$/, '')}/graphql`;
const delayMs = Number(values.delay);

async function gql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${values.token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!response.ok || body.errors?.length) throw new Error(`${response.status}: ${body.errors?.map((e) => e.message).join('; ') ?? response.statusText}`);
  return body.data as T;
}

interface Payload {
  errors: { field: string[]; message: string }[];
}
function check(payload: Payload, what: string) {
  if (payload.errors.length > 0) throw new Error(`${what}: ${payload.errors.map((e) => `${e.field.join('.')}: ${e.message}`).join('; ')}`);
}

const format = (value: number | null) => (value === null ? '–' : value.toFixed(2));

const created = await gql<{ createReview: Payload & { review: { id: string } } }>(
  `mutation($input: CreateReviewInput!) { createReview(input: $input) { review { id } errors { field message } } }`,
  { input: { title: `Intravenous magnesium after myocardial infarction (replay ${new Date().toISOString().slice(0, 16).replace('T', ' ')})` } },
);
check(created.createReview, 'createReview');
const reviewId = created.createReview.review.id;
const added = await gql<{ addOutcome: Payload & { outcome: { id: string } } }>(
  `mutation($input: AddOutcomeInput!) { addOutcome(input: $input) { outcome { id } errors { field message } } }`,
  // Fixed effect by default: the analysis of the time, which ISIS-4 overturned.
  {
    input: {
      reviewId,
      name: 'Mortality',
      measure: 'OR',
      model: values.model.toUpperCase(),
      tau2Estimator: values.estimator.toUpperCase(),
      sequential: { relativeRiskReduction: 0.2 },
    },
  },
);
check(added.addOutcome, 'addOutcome');
const outcomeId = added.addOutcome.outcome.id;
console.log(`review ${reviewId}, outcome ${outcomeId} (${values.url}/outcomes/${outcomeId})`);
console.log(`${values.model.toUpperCase() === 'RANDOM' ? `random effects (${values.estimator.toUpperCase()})` : 'fixed effect'}, inverse variance`);
console.log(`${'year'.padEnd(6)}${'trial'.padEnd(14)}${'k'.padStart(3)}  ${'pooled OR (95% CI)'.padEnd(22)}${'p'.padEnd(9)}${'version'.padEnd(9)}trial sequential analysis (RRR 20%)`);

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
        analysis: { k: number; estimate: number | null; ciLower: number | null; ciUpper: number | null; pValue: number | null; sequential: { verdict: string } | null };
      };
    };
  }>(
    `mutation($input: RecordStudyDataInput!) {
      recordStudyData(input: $input) { outcome { version analysis { k estimate ciLower ciUpper pValue sequential { verdict } } } errors { field message } }
    }`,
    { input: { outcomeId, studyId: study.addStudy.study.id, events1: trial.events1, n1: trial.n1, events2: trial.events2, n2: trial.n2 } },
  );
  check(recorded.recordStudyData, `recordStudyData ${trial.label}`);
  const { version, analysis: a } = recorded.recordStudyData.outcome;
  const p = a.pValue === null ? '–' : a.pValue < 0.001 ? '<0.001' : a.pValue.toFixed(3);
  const pooled = `${format(a.estimate)} (${format(a.ciLower)} to ${format(a.ciUpper)})`;
  const verdict = a.sequential?.verdict.toLowerCase().replaceAll('_', ' ') ?? '–';
  console.log(`${String(trial.year).padEnd(6)}${trial.trial.padEnd(14)}${String(a.k).padStart(3)}  ${pooled.padEnd(22)}${p.padEnd(9)}${String(version).padEnd(9)}${verdict}`);
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
}
