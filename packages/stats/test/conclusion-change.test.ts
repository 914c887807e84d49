// Magnesium replayed trial by trial: conclusion changes happen exactly where the evidence's message changes.
import { describe, expect, it } from 'vitest';
import { analyzeOutcome, conclusionChanges, conclusionOf } from '../src/index.js';
import type { OutcomeAnalysis, OutcomeSettings } from '../src/index.js';
import { magnesium } from './magnesium.js';

function replay(settings: OutcomeSettings): OutcomeAnalysis[] {
  const inOrder = [...magnesium].sort((a, b) => a.year! - b.year!);
  return inOrder.map((_, i) => analyzeOutcome(inOrder.slice(0, i + 1), settings));
}

describe('conclusion changes', () => {
  it('magnesium, fixed effect: significant from 1986 on, null after ISIS-4 (GRADE 34: no certainty alert in 1986)', () => {
    const versions = replay({ measure: 'OR', model: 'fixed' });
    const significant = versions.map((a) => conclusionOf(a).significant);
    const years = [...magnesium].sort((a, b) => a.year! - b.year!).map((s) => s.year);
    // Morton 1984 alone is not significant; from Rasmussen 1986 the pooled OR excludes 1 until ISIS-4 (1995).
    expect(significant[0]).toBe(false);
    expect(significant.slice(1, -1).every(Boolean)).toBe(true);
    expect(years[years.length - 1]).toBe(1995);
    expect(significant[significant.length - 1]).toBe(false);
    const alerts = versions.map((a, i) => conclusionChanges(i === 0 ? null : versions[i - 1], a).map((c) => c.kind));
    // Rasmussen 1986: significant. Changed with GRADE guidance 34: the CI now excludes no effect, but 346 participants
    // are far from the optimal information size, so imprecision stays two levels down and the certainty does not rise.
    expect(alerts[1]).toEqual(['significance-gained']);
    expect(versions[1].certainty!.domains.find((d) => d.domain === 'imprecision')!.reason).toMatch(/346 participants are fewer than the optimal information size \(\d+\), less than 50% of it \(far from met\)/);
    expect(alerts[alerts.length - 1]).toContain('significance-lost');
    // Between them significance and direction never change, so no such alert goes out.
    const significanceOrDirection = alerts.slice(2, -1).flat().filter((k) => k !== 'certainty-changed');
    expect(significanceOrDirection).toEqual([]);
  });

  it('magnesium, DerSimonian-Laird random effects: still "significant" after ISIS-4', () => {
    const versions = replay({ measure: 'OR', model: 'random', tau2Estimator: 'DL' });
    const last = versions[versions.length - 1];
    expect(conclusionOf(last).significant).toBe(true);
    expect(last.fit!.I2).toBeGreaterThan(60);
  });

  it('reports a flip of direction and a change of certainty', () => {
    const up = analyzeOutcome([{ id: 'A', yi: 0.5, sei: 0.1, design: 'randomised' }], { measure: 'GENERIC', model: 'fixed' });
    const down = analyzeOutcome([{ id: 'A', yi: -0.5, sei: 0.1, design: 'randomised' }], { measure: 'GENERIC', model: 'fixed' });
    const kinds = conclusionChanges(up, down).map((c) => c.kind);
    expect(kinds).toContain('direction-flipped');
    const lowerCertainty = { ...down, certainty: { ...down.certainty!, level: 'low' as const } };
    expect(conclusionChanges(down, lowerCertainty).map((c) => c.kind)).toEqual(['certainty-changed']);
  });
});
