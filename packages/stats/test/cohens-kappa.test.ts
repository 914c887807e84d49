import { describe, expect, it } from 'vitest';
import { cohensKappa } from '../src/index.js';

const repeat = <T>(value: T, times: number): T[] => Array.from({ length: times }, () => value);

describe("Cohen's kappa", () => {
  it('gives 0.4 for the 2 × 2 table [[20, 5], [10, 15]] (po 0.7, pe 0.5)', () => {
    const pairs = [
      ...repeat(['yes', 'yes'] as const, 20),
      ...repeat(['yes', 'no'] as const, 5),
      ...repeat(['no', 'yes'] as const, 10),
      ...repeat(['no', 'no'] as const, 15),
    ];
    const result = cohensKappa(pairs);
    expect(result.n).toBe(50);
    expect(result.po).toBeCloseTo(0.7, 15);
    expect(result.pe).toBeCloseTo(0.5, 15);
    expect(result.kappa).toBeCloseTo(0.4, 15);
  });

  it('gives (0.89 - 0.66) / (1 - 0.66) for three categories worked by hand', () => {
    // 100 items, cells (rater A's row, rater B's column): [[75, 1, 4], [5, 4, 1], [0, 0, 10]];
    // po = 0.89; marginals A 80/10/10, B 80/5/15, so pe = (80·80 + 10·5 + 10·15) / 100² = 0.66.
    const cells: [string, string, number][] = [
      ['psychotic', 'psychotic', 75], ['psychotic', 'neurotic', 1], ['psychotic', 'organic', 4],
      ['neurotic', 'psychotic', 5], ['neurotic', 'neurotic', 4], ['neurotic', 'organic', 1],
      ['organic', 'psychotic', 0], ['organic', 'neurotic', 0], ['organic', 'organic', 10],
    ];
    const pairs = cells.flatMap(([a, b, count]) => repeat([a, b] as const, count));
    const result = cohensKappa(pairs);
    expect(result.po).toBeCloseTo(0.89, 15);
    expect(result.pe).toBeCloseTo((80 * 80 + 10 * 5 + 10 * 15) / 10000, 15);
    expect(result.kappa).toBeCloseTo((0.89 - 0.66) / (1 - 0.66), 12);
  });

  it('is 1 for perfect agreement, 0 when agreement is what the marginals give, and undefined without items or variety', () => {
    expect(cohensKappa([['a', 'a'], ['b', 'b'], ['a', 'a']]).kappa).toBe(1);
    expect(cohensKappa([['a', 'a'], ['a', 'b'], ['b', 'a'], ['b', 'b']]).kappa).toBe(0);
    expect(cohensKappa([]).kappa).toBeNull();
    expect(cohensKappa([['a', 'a'], ['a', 'a']]).kappa).toBeNull();
  });
});
