import { describe, expect, it } from 'vitest';
import type { ReferenceResult } from '../graphql/outcome';
import { comparePublished } from './published-comparison';

// The seed review's Table 3, mRSS at 6 months: overall and by cell source.
const reference = (subgroup: string | null, analysis: string, estimate: number, ciLower: number, ciUpper: number, trials: number): ReferenceResult => ({
  outcome: 'mRSS',
  analysis,
  subgroup,
  trials,
  participants: 52,
  measure: 'MD',
  estimate,
  ciLower,
  ciUpper,
  model: 'fixed',
  i2: null,
  pEffect: null,
  certainty: 'moderate',
  whereReported: 'Table 3',
});

const overall = reference('6 months', 'by follow-up time', 5.09, 3.38, 6.81, 5);
const svf = reference('SVF', 'by cell source at 6 months', 4.65, 0.74, 8.57, 2);

describe('comparePublished', () => {
  it('puts the recomputed pooled result beside the published one and says when they agree', () => {
    const [row] = comparePublished([overall], { k: 5, estimate: 5.0912, ciLower: 3.3804, ciUpper: 6.8149, model: 'FIXED', subgroups: null });
    expect(row).toMatchObject({ published: '5.09 [3.38, 6.81]', recomputed: '5.09 [3.38, 6.81]', recomputedTrials: 5, recomputedScope: 'overall', matches: true, certainty: 'moderate' });
  });

  it('compares a published subgroup with the recomputed subgroup of the same name', () => {
    const rows = comparePublished([overall, svf], {
      k: 5,
      estimate: 5.2,
      ciLower: 3.5,
      ciUpper: 6.9,
      model: 'FIXED',
      subgroups: {
        groups: [{ name: 'SVF', k: 2, studies: 2, estimate: 4.6512, ciLower: 0.7391, ciUpper: 8.5633, pValue: 0.02, tau2: 0, i2: 0, fit: { q: 0.4, qPValue: 0.5 } }],
        qBetween: 0.1,
        qBetweenDf: 1,
        qBetweenPValue: 0.8,
        qBetweenI2: 0,
      },
    });
    expect(rows.map((r) => [r.label, r.recomputed, r.recomputedScope, r.matches])).toEqual([
      ['by follow-up time', '5.20 [3.50, 6.90]', 'overall', false],
      ['by cell source at 6 months: SVF', '4.65 [0.74, 8.56]', 'subgroup', false],
    ]);
  });

  it('says plainly when nothing has been recomputed yet', () => {
    const [row] = comparePublished([overall], { k: 0, estimate: null, ciLower: null, ciUpper: null, model: null, subgroups: null });
    expect(row.recomputed).toBe('no studies with data yet');
    expect(row.matches).toBe(false);
  });
});
