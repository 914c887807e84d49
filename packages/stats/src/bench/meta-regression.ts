// Benchmark (a script, not a test): mixed-effects meta-regression with 3 moderators (two numeric, one factor of three
// levels: 5 coefficients) at k = 100 and 10,000, per τ² estimator; then R metafor at k = 100 when Rscript has it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { metaRegression } from '../meta-regression/meta-regression.js';
import type { MetaRegressionOptions, ModeratedEffect } from '../meta-regression/types.js';
import type { Tau2Estimator } from '../types.js';

const REGIONS = ['Africa', 'Asia', 'Europe'];

/** Deterministic synthetic studies: effects that fall with dose and year, differ by region, with residual τ² = 0.04. */
function syntheticStudies(k: number, seed = 20261124): ModeratedEffect[] {
  let state = seed >>> 0;
  const uniform = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return Array.from({ length: k }, (_, i) => {
    const vi = 0.01 + 0.3 * uniform() ** 2;
    const dose = Math.round(10 + 90 * uniform());
    const year = 1980 + (i % 40);
    const region = REGIONS[i % 3];
    const mean = -0.1 - 0.004 * dose + 0.005 * (year - 2000) + (region === 'Asia' ? 0.15 : region === 'Europe' ? -0.1 : 0);
    return { id: `S${i + 1}`, yi: mean + 0.2 * normal() + Math.sqrt(vi) * normal(), vi, moderators: { dose, year, region } };
  });
}

const moderators = { moderators: ['dose', 'year', 'region'], factors: ['region'] };
const estimators: Tau2Estimator[] = ['REML', 'DL', 'ML', 'PM'];
const optionsOf = (tau2Estimator: Tau2Estimator): MetaRegressionOptions => ({ model: 'random', tau2Estimator, ciMethod: 'hksj', ...moderators });

metaRegression(syntheticStudies(200), optionsOf('REML')); // warm up the JIT
console.log('Meta-regression: 3 moderators (dose, year, region as a factor), random effects, Knapp-Hartung');
console.log(''.padEnd(22), ...estimators.map((e) => `${e} (ms)`.padStart(12)));
for (const k of [100, 10000]) {
  const effects = syntheticStudies(k);
  const repeats = k <= 100 ? 200 : 5;
  const times = estimators.map((estimator) => {
    const start = performance.now();
    for (let r = 0; r < repeats; r++) metaRegression(effects, optionsOf(estimator));
    return (performance.now() - start) / repeats;
  });
  console.log(`engine, k = ${k.toLocaleString('en')}`.padEnd(22), ...times.map((ms) => ms.toFixed(ms < 10 ? 3 : 1).padStart(12)));
}

// The same fits in R metafor (rma with the same moderators; R² refits the intercept-only model there too).
const found = spawnSync('Rscript', ['-e', 'cat(requireNamespace("metafor", quietly = TRUE))'], { encoding: 'utf8' });
if (found.error || found.status !== 0) {
  console.log('R metafor at k = 100: Rscript was not found, so R was not timed.');
} else if (found.stdout.trim() !== 'TRUE') {
  console.log('R metafor at k = 100: R was found but the metafor package is not installed, so R was not timed.');
} else {
  const folder = mkdtempSync(join(tmpdir(), 'cumulus-metareg-'));
  const csv = join(folder, 'studies.csv');
  const effects = syntheticStudies(100);
  writeFileSync(csv, ['yi,vi,dose,year,region', ...effects.map((e) => [e.yi, e.vi, e.moderators!.dose, e.moderators!.year, e.moderators!.region].join(','))].join('\n'));
  const methods = estimators.map((e) => `"${e}"`).join(', ');
  const script = [
    'suppressMessages(library(metafor))',
    `dat <- read.csv("${csv}")`,
    `for (m in c(${methods})) {`,
    '  fit <- function() rma(yi, vi, mods = ~ dose + year + factor(region), data = dat, method = m, test = "knha")',
    '  fit()',
    '  t <- system.time(for (r in 1:20) fit())[["elapsed"]] / 20',
    '  cat(m, t * 1000, "\\n")',
    '}',
  ].join('\n');
  const r = spawnSync('Rscript', ['-e', script], { encoding: 'utf8' });
  rmSync(folder, { recursive: true, force: true });
  if (r.status !== 0) console.log(`R metafor at k = 100 failed: ${r.stderr.trim()}`);
  else {
    const times = new Map(r.stdout.trim().split('\n').map((line) => line.trim().split(/\s+/) as [string, string]));
    console.log('R metafor, k = 100'.padEnd(22), ...estimators.map((e) => Number(times.get(e)).toFixed(3).padStart(12)));
  }
}
