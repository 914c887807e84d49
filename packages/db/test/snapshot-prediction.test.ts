// The predictions of format 3 deltas must come out the same, bit for bit, wherever and whenever a delta is read: they
// use + − × ÷ only. They must also be close, or a delta grows: checked against Math.exp and known values of erfc.
import { describe, expect, it } from 'vitest';
import { erfc, erfcRatio, exp, predictRelated, predictWeight } from '../src/snapshot-prediction.js';
import { Relation } from '../src/snapshot-relations.js';

const bits = (value: number) => Buffer.from(new Float64Array([value]).buffer).toString('hex');

describe('the predictions of snapshot deltas', () => {
  it('exp agrees with Math.exp to 3e-13 relative, down to the smallest subnormal', () => {
    for (let x = -745; x <= 709; x += 0.37) {
      const expected = Math.exp(x);
      const relative = Math.abs(exp(x) - expected) / expected;
      // A subnormal result holds fewer bits: it may be off by one in its last (the smallest double).
      if (expected > 2.3e-308) expect(relative, `exp(${x})`).toBeLessThan(3e-13);
      else expect(Math.abs(exp(x) - expected), `exp(${x})`).toBeLessThanOrEqual(expected * 3e-13 + Number.MIN_VALUE);
    }
    expect([exp(-746), exp(-Infinity), exp(710), exp(NaN)]).toEqual([0, 0, Infinity, NaN]);
  });

  it('erfc agrees with known values to 1.2e-7 relative', () => {
    // erfc(x) to 16 digits (Abramowitz and Stegun's table; R's 2 * pnorm(-x * sqrt(2))).
    const known: [number, number][] = [
      [0, 1],
      [0.5, 0.4795001221869535],
      [1, 0.1572992070502851],
      [2, 0.004677734981047266],
      [3, 2.209049699858544e-5],
      [5, 1.537459794428035e-12],
      [10, 2.088487583762545e-45],
      [20, 5.395865611607901e-176],
    ];
    for (const [x, value] of known) expect(Math.abs(erfc(x) - value) / value, `erfc(${x})`).toBeLessThan(1.2e-7);
    // A ratio of two tails with one exponential, even where each tail alone is below the smallest double.
    for (const [[a, erfcA], [b, erfcB]] of [[known[3], known[2]], [known[6], known[5]], [known[1], known[4]]]) {
      expect(Math.abs(erfcRatio(a, b) / (erfcA / erfcB) - 1), `erfc(${a}) / erfc(${b})`).toBeLessThan(2.4e-7);
    }
    expect(erfcRatio(40, 39.9)).toBeGreaterThan(0);
    expect(erfc(40)).toBe(0);
  });

  it('give the same bits as when format 3 was first written (a stored delta depends on them)', () => {
    expect([exp(-0.5), exp(-123.456), exp(-740.1), erfc(0.3), erfc(7.5)].map(bits)).toEqual([
      '08966ffcb268e33f',
      '20e74e9efba9cd34',
      '4d00000000000000',
      '6cefb5aee37be53f',
      '532f91ddc62fa13a',
    ]);
    expect(bits(predictRelated(Relation.Bound, 0.1, 0.31, 0.052, 0.3, 0.05))).toBe(bits(0.31 + ((0.1 - 0.3) / 0.05) * 0.052));
    expect(bits(predictRelated(Relation.PValue, 1e-4, 0.3, 0.075, 0.31, 0.08))).toBe('3dad0f4e77250f3f');
    expect(bits(erfcRatio(5.5, 5.4))).toBe('7e4110b78123d53f');
    expect(bits(predictWeight(0.2, 0.1, 12, 0.3, 5))).toBe(bits(1 / (1 / 5 + ((0.2 - 0.3) * (1 / 5 - 1 / 12)) / (0.3 - 0.1))));
  });

  it('make no prediction where the numbers give none', () => {
    expect(predictRelated(Relation.Bound, 0.1, 0.3, 0.05, 0.3, 0)).toBeNaN();
    expect(predictRelated(Relation.PValue, 0.5, 0.3, 0, 0.3, 0.1)).toBeNaN();
    expect(predictWeight(0.2, 0.1, 12, 0.1, 5)).toBeNaN();
  });
});
