// Replays the intravenous magnesium trials into a running server, printing the pooled odds ratio, the P value
// beside the trial sequential verdict, and each conclusion-change alert as it happens:
//   node apps/api/dist/replay.js --url http://localhost:4000 --token <admin token> [--delay 500] [--rrr 0.1]
import { parseArgs } from 'node:util';
import { replayMagnesium } from './demo/replay-magnesium.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:4000' },
    token: { type: 'string', default: process.env.CUMULUS_ADMIN_TOKEN },
    delay: { type: 'string', default: '0' },
    model: { type: 'string', default: 'FIXED' },
    estimator: { type: 'string', default: 'DL' },
    rrr: { type: 'string', default: '0.1' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help || !values.token) {
  console.log('usage: node apps/api/dist/replay.js --url http://localhost:4000 --token <admin token> [--delay ms] [--model FIXED|RANDOM] [--estimator DL|REML|PM|...] [--rrr 0.1]');
  console.log('The token defaults to CUMULUS_ADMIN_TOKEN. Creating a review needs an administrator token.');
  process.exit(values.help ? 0 : 2);
}

const relativeRiskReduction = Number(values.rrr);
if (!(relativeRiskReduction > 0 && relativeRiskReduction < 1)) {
  console.error(`--rrr is the relative risk reduction as a proportion between 0 and 1 (0.1 for 10%), not '${values.rrr}'`);
  process.exit(2);
}

await replayMagnesium({
  url: values.url,
  token: values.token,
  model: values.model,
  estimator: values.estimator,
  relativeRiskReduction,
  delayMs: Number(values.delay),
});
