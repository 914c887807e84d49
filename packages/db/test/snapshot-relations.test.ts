// Which leaves of an analysis a format 3 delta predicts from others of their row, and from which.
import { describe, expect, it } from 'vitest';
import { flatten } from '../src/snapshot-flat.js';
import { Relation, relationsOf } from '../src/snapshot-relations.js';

/** Each related leaf of `value` as [its relation, its partners], by its position among the leaves. */
function related(value: unknown): Record<number, [Relation, number[]]> {
  const relations = relationsOf(flatten(value).shape);
  const out: Record<number, [Relation, number[]]> = {};
  if (relations === null) return out;
  relations.relation.forEach((relation, leaf) => {
    if (relation !== Relation.None) out[leaf] = [relation, [relations.partners[2 * leaf], relations.partners[2 * leaf + 1]].filter((p) => p >= 0)];
  });
  return out;
}

describe('the relations a snapshot delta predicts by', () => {
  it('pair columns item by item: the i-th bound and p-value with the i-th estimate and error', () => {
    // Leaves 0–1 estimate, 2–3 se, 4–5 ciLower, 6–7 ciUpper, 8–9 pval, 10–11 Q.
    const table = { estimate: [1, 2], se: [0.1, 0.2], ciLower: [0.8, 1.6], ciUpper: [1.2, 2.4], pval: [0.01, 0.02], Q: [3, 4] };
    expect(related(table)).toEqual({
      4: [Relation.Bound, [0, 2]],
      5: [Relation.Bound, [1, 3]],
      6: [Relation.Bound, [0, 2]],
      7: [Relation.Bound, [1, 3]],
      8: [Relation.PValue, [0, 2]],
      9: [Relation.PValue, [1, 3]],
    });
  });

  it('pair a row with itself: a fit’s bounds with its estimate and error, each study’s weight with its variance', () => {
    const analysis = { studies: [{ yi: 0.1, vi: 0.02, weight: 60 }, { yi: 0.3, vi: 0.03, weight: 40 }], fit: { ciUpper: 2, estimate: 1, se: 0.5 } };
    // Leaves: 0 yi, 1 vi, 2 weight, 3 yi, 4 vi, 5 weight, 6 ciUpper, 7 estimate, 8 se (a bound before its partners is
    // related all the same: the codec predicts only from leaves before the one it writes).
    expect(related(analysis)).toEqual({ 2: [Relation.Weight, [1]], 5: [Relation.Weight, [4]], 6: [Relation.Bound, [7, 8]] });
  });

  it('relate nothing where the partners are missing, of another length, or not numbers in the same form', () => {
    expect(related({ estimate: [1, 2], se: [0.1, 0.2, 0.3], ciLower: [0.8, 1.6] })).toEqual({});
    expect(related({ estimate: [1, 2], ciLower: [0.8, 1.6] })).toEqual({});
    expect(related({ estimate: 1, se: [0.1], ciLower: 0.8 })).toEqual({});
    expect(related({ estimate: [1, 2], se: [0.1, 0.2], ciLower: 0.8 })).toEqual({});
    expect(related({ estimate: [[1], 2], se: [0.1, 0.2], ciLower: [0.8, 1.6] })).toEqual({});
    expect(related({ weight: 3, v: 1 })).toEqual({});
    expect(related(JSON.parse('{"constructor": 1, "__proto__": {"weight": 2}}'))).toEqual({});
  });
});
