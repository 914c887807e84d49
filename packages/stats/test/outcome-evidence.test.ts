// The evidence summaries analyzeOutcome adds: absolute effects, information size, TSA and GRADE suggestions.
import { describe, expect, it } from 'vitest';
import { absoluteEffect, analyzeOutcome, medianControlRisk } from '../src/index.js';
import { magnesium } from './magnesium.js';

describe('evidence summaries of an outcome', () => {
  const analysis = analyzeOutcome(magnesium, { measure: 'OR', model: 'fixed', sequential: { relativeRiskReduction: 0.1 } });

  it('gives absolute effects per 1000 at the median control risk', () => {
    const controlRisk = medianControlRisk(magnesium);
    const expected = absoluteEffect({ measure: 'OR', ...analysis.summary!, controlRisk });
    expect(analysis.absoluteEffects).toHaveLength(1);
    expect(analysis.absoluteEffects![0]).toMatchObject({ controlRisk, ...expected });
  });

  it('states the assumptions of the information size', () => {
    expect(analysis.informationSize!.assumptions).toMatch(/^relative risk reduction 10%, control risk \d+\.\d%, alpha 0\.05, power 80%, diversity D² 0%$/);
    expect(analysis.informationSize!.diversity).toBe(0);
  });

  it('runs trial sequential analysis in year order when its assumptions are stated', () => {
    const tsa = analysis.sequential!;
    expect(tsa.looks.map((l) => l.id)).toEqual([...magnesium].sort((a, b) => a.year! - b.year!).map((s) => s.id));
    // Fixed effect after ISIS-4 (58,050 patients, OR about 1.0): the pooled result is null.
    expect(analysis.summary!.pValue).toBeGreaterThan(0.05);
    expect(tsa.verdict).not.toBe('firm-evidence-of-effect');
  });

  it('does not run trial sequential analysis without stated assumptions', () => {
    const plain = analyzeOutcome(magnesium, { measure: 'OR', model: 'fixed' });
    expect(plain.sequential).toBeNull();
    expect(plain.informationSize!.assumptions).toMatch(/^relative risk reduction 20%/);
  });

  it('suggests GRADE ratings for randomised trials, starting high', () => {
    expect(analysis.certainty!.startingLevel).toBe('high');
    expect(analysis.certainty!.domains.map((d) => d.domain)).toContain('imprecision');
  });

  it('says why GRADE suggestions are missing when designs are unknown', () => {
    const withoutDesign = analyzeOutcome(magnesium.map(({ design: _design, ...s }) => s), { measure: 'OR', model: 'fixed' });
    expect(withoutDesign.certainty).toBeNull();
    expect(withoutDesign.notes).toContain("GRADE suggestions need the design of study 'Morton'.");
  });

  it('has no absolute effects for a continuous outcome', () => {
    const md = analyzeOutcome([{ id: 'A', yi: 1, sei: 0.5 }], { measure: 'MD', model: 'fixed' });
    expect(md.absoluteEffects).toBeNull();
  });
});
