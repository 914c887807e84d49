// RevMan 5's own published output (Fleiss 1993, exported by RevMan 5.0.23), reproduced by the revman5 preset.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareToReference, fitModel } from '../src/index.js';
import type { CaseFile } from '../src/index.js';

const load = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'revman', name), 'utf8')) as CaseFile & { published: Record<string, unknown> };

describe('RevMan 5 published results', () => {
  it('aspirin after myocardial infarction: Mantel-Haenszel odds ratio, fixed effect', () => {
    const { studies, published } = load('revman-fleiss1993-aspirin-OR.json');
    const fit = fitModel(studies, 'OR', { model: 'fixed', method: 'MH', preset: 'revman5' });
    const actual = {
      OR: Math.exp(fit.estimate),
      ciLower: Math.exp(fit.ciLower),
      ciUpper: Math.exp(fit.ciUpper),
      Z: Math.abs(fit.stat),
      P: fit.pval,
      Chi2: fit.Q,
      df: fit.Qdf,
      I2: fit.I2Q,
      weightsMH: fit.weights,
    };
    expect(compareToReference({ ...published, tool: undefined, analysis: undefined }, actual)).toEqual([]);
  });

  it('mental health treatment: inverse-variance mean difference, fixed effect', () => {
    const { studies, published } = load('revman-fleiss1993-mental-MD.json');
    const fit = fitModel(studies, 'MD', { model: 'fixed', preset: 'revman5' });
    const actual = { MD: fit.estimate, ciLower: fit.ciLower, ciUpper: fit.ciUpper, Z: Math.abs(fit.stat), P: fit.pval, Chi2: fit.Q, df: fit.Qdf, I2: fit.I2Q, weights: fit.weights };
    // RevMan prints eight decimals: agreement to 5e-8 absolute.
    for (const [key, value] of Object.entries(published)) {
      if (typeof value === 'number') expect(Math.abs((actual as unknown as Record<string, number>)[key] - value), key).toBeLessThan(5e-8 * Math.max(1, Math.abs(value)));
      if (Array.isArray(value)) value.forEach((v, i) => expect(Math.abs(actual.weights[i] - v), `${key}[${i}]`).toBeLessThan(5e-8 * Math.max(1, Math.abs(v))));
    }
  });
});
