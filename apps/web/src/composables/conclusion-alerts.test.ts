import { describe, expect, it } from 'vitest';
import type { ConclusionAlert } from '../graphql/alerts';
import { conclusionKindName, conclusionMarks } from './conclusion-alerts';

const alert = (id: string, version: number, kind: string, outcomeId = 'mortality'): ConclusionAlert => ({ id, version, kind, from: null, to: null, message: `${kind} at ${version}`, outcomeId });

// The magnesium review: significance at version 6, the sequential verdict at 24, then ISIS-4 at 34 overturns it all.
const alerts = [
  alert('a4', 34, 'SIGNIFICANCE_LOST'),
  alert('a5', 34, 'DIRECTION_FLIPPED'),
  alert('a6', 34, 'CERTAINTY_CHANGED'),
  alert('a7', 34, 'SEQUENTIAL_VERDICT_CHANGED'),
  alert('a1', 6, 'SIGNIFICANCE_GAINED'),
  alert('a2', 6, 'CERTAINTY_CHANGED'),
  alert('a3', 24, 'SEQUENTIAL_VERDICT_CHANGED'),
  alert('x1', 12, 'SIGNIFICANCE_GAINED', 'another-outcome'),
];

describe('conclusionMarks', () => {
  it("marks each version where this outcome's conclusion changed, oldest first, naming what changed", () => {
    expect(conclusionMarks(alerts, 'mortality').map((m) => [m.version, m.label])).toEqual([
      [6, 'significance, certainty'],
      [24, 'verdict'],
      [34, 'significance, direction, certainty, verdict'],
    ]);
  });

  it('counts an alert once when the query and a live event both bring it', () => {
    const marks = conclusionMarks([...alerts, alert('a3', 24, 'SEQUENTIAL_VERDICT_CHANGED')], 'mortality');
    expect(marks.find((m) => m.version === 24)!.alerts).toHaveLength(1);
  });

  it('names kinds it does not know yet in words', () => {
    expect(conclusionKindName('CERTAINTY_CHANGED')).toBe('certainty');
    expect(conclusionKindName('HETEROGENEITY_CHANGED')).toBe('heterogeneity changed');
  });
});
