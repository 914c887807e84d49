// Benchmark (a script, not a test): one outcome's full analysis (analyzeOutcome) at k = 200 binary trials, odds ratios
// under REML, as the API's write path recomputes it after each change; trials as the API's living-path benchmark makes
// them, and the same trials without heterogeneity (τ² at zero, where refits end against the boundary). Then its parts.
import { performance } from 'node:perf_hooks';
import { analyzeOutcome } from '../analyze-outcome.js';
import { computeEffects } from '../effect-sizes/index.js';
import { cumulative, leaveOneOut } from '../sensitivity.js';
import { trimAndFill } from '../small-study/trim-and-fill.js';
import type { BinaryStudy, EffectSize, ModelOptions, OutcomeSettings } from '../types.js';

/** Park-Miller, as apps/api's bench-living: arm sizes 40 to 440, control risk 5% to 35%, `spread` the treatment effect's spread. */
function trials(k: number, spread: number, seed = 20261202): BinaryStudy[] {
  let state = seed;
  const random = () => (state = (state * 16807) % 2147483647) / 2147483647;
  return Array.from({ length: k }, (_, i) => {
    const n1 = 40 + Math.floor(random() * 400);
    const n2 = 40 + Math.floor(random() * 400);
    const risk = 0.05 + random() * 0.3;
    const ratio = 0.85 + spread * (random() - 0.5);
    return { id: `T${i + 1}`, year: 1980 + (i % 45), events1: Math.round(n1 * risk * ratio), n1, events2: Math.round(n2 * risk), n2 };
  });
}

const settings: OutcomeSettings = { measure: 'OR', model: 'random', tau2Estimator: 'REML' };
const options: ModelOptions = { model: 'random', tau2Estimator: 'REML', ciMethod: 'z' };

/** Median over `batches` of the mean time of `repeats` runs, in ms: robust to a neighbour's burst on a shared machine. */
function timed(run: () => unknown, repeats: number, batches = 7): number {
  const means: number[] = [];
  for (let b = 0; b < batches; b++) {
    const start = performance.now();
    for (let r = 0; r < repeats; r++) run();
    means.push((performance.now() - start) / repeats);
  }
  return means.sort((x, y) => x - y)[Math.floor(batches / 2)];
}

const k = Number(process.argv[2]) > 0 ? Number(process.argv[2]) : 200;
console.log(`One outcome's full analysis (analyzeOutcome), k = ${k} binary trials, OR, REML (median of 7 batches)`);
console.log('trials'.padStart(30), 'analysis'.padStart(10), 'leave-one-out'.padStart(14), 'cumulative'.padStart(11), 'trim-and-fill'.padStart(14), '   τ²');
for (const [name, spread] of [['as the API bench (ratio ±25%)', 0.5], ['homogeneous (τ² = 0)', 0]] as const) {
  const studies = trials(k, spread);
  const effects: EffectSize[] = computeEffects(studies, 'OR').effects;
  const analysis = analyzeOutcome(studies, settings);
  for (let r = 0; r < 50; r++) analyzeOutcome(studies, settings); // warm up the JIT
  const ms = [
    timed(() => analyzeOutcome(studies, settings), 40),
    timed(() => leaveOneOut(effects, options), 40),
    timed(() => cumulative(effects, options), 40),
    timed(() => trimAndFill(effects, options), 40),
  ];
  console.log(name.padStart(30), ...ms.map((m, i) => m.toFixed(3).padStart([10, 14, 11, 14][i])), ` ${analysis.fit?.tau2?.toPrecision(3)}`);
}
