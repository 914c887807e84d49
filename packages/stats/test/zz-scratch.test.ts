import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { trialSequentialAnalysis } from '../src/sequential/trial-sequential-analysis.js';
it('mg', () => {
  const rows = readFileSync('../demo/data/magnesium-mi.csv', 'utf8').trim().split('\n').slice(1).map((l) => l.replace(/"/g, '').split(','));
  let sw = 0, swy = 0, n = 0;
  const cum = rows.map(([trial, year, a, n1, c, n2]) => {
    let [ai, bi, ci, di] = [+a, +n1 - +a, +c, +n2 - +c];
    if ([ai, bi, ci, di].includes(0)) { ai += 0.5; bi += 0.5; ci += 0.5; di += 0.5; }
    const yi = Math.log((ai * di) / (bi * ci)); const vi = 1 / ai + 1 / bi + 1 / ci + 1 / di;
    sw += 1 / vi; swy += yi / vi; n += +n1 + +n2;
    return { id: `${trial} ${year}`, estimate: swy / sw, se: Math.sqrt(1 / sw), participants: n };
  });
  trialSequentialAnalysis(cum, { requiredInformationSize: 5000 });
  for (const ris of [2000, 20000, 100000]) {
    (globalThis as any).evals = 0;
    const t0 = performance.now();
    const r = trialSequentialAnalysis(cum, { requiredInformationSize: ris });
    console.log('R', ris, (performance.now() - t0).toFixed(0), 'evals', (globalThis as any).evals, r.drift, r.looks.map((l) => l.futilityBoundary?.toFixed(6)).join(' '));
  }
});
