// A delta rebuilds exactly the analysis it was made from: its JSON text identical, character for character, whatever
// changed between the two (numbers a little or a lot, strings, nulls, arrays growing or shrinking, keys added, removed
// or reordered, values JSON drops or rewrites), and along chains of deltas.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSnapshotDelta, deltaParts, encodeSnapshotDelta } from '../src/snapshot-codec.js';
import { nudged } from './nudged.js';

/** A two-sided normal p-value, erfc(z / √2), by Numerical Recipes' erfcc (about 1.2e-7 relative): near enough for a test. */
function normalTail(z: number): number {
  const x = z / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  return t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
}

const roundTrip = (base: unknown, next: unknown) => JSON.stringify(decodeSnapshotDelta(base, encodeSnapshotDelta(base, next)));

/** Numbers as an analysis holds them: every magnitude and sign, with the values JSON cannot write. */
const number = fc.oneof(
  { weight: 6, arbitrary: fc.double({ noNaN: false }) },
  { weight: 2, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, NaN, Infinity, -Infinity, Number.MIN_VALUE, Number.MAX_VALUE, 2 ** 53, -(2 ** 53)) },
);
const leaf = fc.oneof({ weight: 6, arbitrary: number }, fc.string(), fc.boolean(), fc.constant(null), fc.constant(undefined));
const { tree } = fc.letrec<{ tree: unknown }>((self) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(self('tree'), { maxLength: 8 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('0', '1', '10', 'estimate')), self('tree'), { maxKeys: 6 }),
  ),
}));

describe('snapshot deltas', () => {
  it('keep a key named "__proto__" a key (a name someone typed), with the shape kept and with it changed', () => {
    const base = JSON.parse('{"moderators":{"__proto__":{"dose":1.5},"age":40},"k":3}');
    const same = JSON.parse('{"moderators":{"__proto__":{"dose":2.5},"age":41},"k":3}');
    const other = JSON.parse('{"moderators":{"age":41,"__proto__":{"dose":2.5,"unit":"mg"}},"k":4}');
    for (const next of [same, other]) {
      const decoded = decodeSnapshotDelta(base, encodeSnapshotDelta(base, next)) as Record<string, Record<string, unknown>>;
      expect(JSON.stringify(decoded)).toBe(JSON.stringify(next));
      expect(Object.getPrototypeOf(decoded.moderators)).toBe(Object.prototype);
    }
  });

  it('rebuild any JSON value from any other, exactly', () => {
    fc.assert(fc.property(tree, tree.filter((value) => value !== undefined), (base, next) => {
        expect(roundTrip(base, next)).toBe(JSON.stringify(next));
      }), { numRuns: 2000 });
  });

  it('rebuild a value whose numbers all moved a little, or a few moved far, keeping its shape', () => {
    fc.assert(
      fc.property(tree.filter((value) => value !== undefined), fc.double({ min: 0.5, max: 2, noNaN: true }), fc.integer({ min: 0, max: 7 }), (base, factor, every) => {
        const next = nudged(base, factor, (path) => path.length % 8 === every);
        expect(roundTrip(base, next)).toBe(JSON.stringify(next));
      }),
      { numRuns: 2000 },
    );
  });

  it('rebuild each version of a long chain from the one before it', () => {
    let base: unknown = { estimate: 0.1, rows: [{ id: 'a', yi: 0.3, vi: 0.01 }], notes: [] };
    const stored: { delta: Uint8Array; text: string }[] = [];
    for (let version = 0; version < 60; version++) {
      const rows = Array.from({ length: 1 + (version % 7) }, (_, i) => ({ id: `s${i}`, yi: Math.sin(version + i), vi: 1 / (version + i + 1) }));
      const next = { estimate: Math.cos(version) / 7, rows, notes: version % 5 === 0 ? ['a note', version] : [], weight: version % 3 ? 1 / 3 : undefined };
      stored.push({ delta: encodeSnapshotDelta(base, next), text: JSON.stringify(next) });
      base = next;
    }
    let decoded: unknown = { estimate: 0.1, rows: [{ id: 'a', yi: 0.3, vi: 0.01 }], notes: [] };
    for (const { delta, text } of stored) {
      decoded = decodeSnapshotDelta(decoded, delta);
      expect(JSON.stringify(decoded)).toBe(text);
    }
  });

  it('store a small change in few bytes: one number of a thousand moved, the rest equal', () => {
    const base = { values: Array.from({ length: 1000 }, (_, i) => Math.sqrt(i + 0.5)) };
    const next = { values: base.values.map((value, i) => (i === 500 ? value * (1 + 1e-6) : value)) };
    const delta = encodeSnapshotDelta(base, next);
    expect(JSON.stringify(decodeSnapshotDelta(base, delta))).toBe(JSON.stringify(next));
    // 1,000 one-bit flags, a header and one difference of about 33 bits.
    expect(delta.length).toBeLessThan(140);
  });

  it('refer to an equal number changed earlier, among thousands changed at once', () => {
    // 6,000 numbers change; in `mirrored` the second half repeats the first (weights listed twice), in `distinct` not.
    const base = { values: Array.from({ length: 6000 }, (_, i) => Math.sqrt(i + 0.5)) };
    const moved = (i: number) => Math.log(i + 2) * 1e3;
    const mirrored = { values: base.values.map((_, i) => moved(i % 3000)) };
    const distinct = { values: base.values.map((_, i) => moved(i)) };
    const referring = encodeSnapshotDelta(base, mirrored);
    expect(JSON.stringify(decodeSnapshotDelta(base, referring))).toBe(JSON.stringify(mirrored));
    expect(JSON.stringify(decodeSnapshotDelta(base, encodeSnapshotDelta(base, distinct)))).toBe(JSON.stringify(distinct));
    // Each repeat is a reference (about 20 bits) rather than a difference of about 60.
    expect(referring.length).toBeLessThan(encodeSnapshotDelta(base, distinct).length * 0.75);
  });

  it('rebuild along a chain whose analyses served as bases before (their flattenings dropped and made again)', () => {
    const versions = Array.from({ length: 6 }, (_, v) => ({ fit: { estimate: v / 7 }, rows: Array.from({ length: 3 + (v % 2) }, (_, i) => ({ yi: i + v / 3, 'key "quoted"': [i, undefined, v] })) }));
    const deltas = versions.slice(1).map((next, v) => encodeSnapshotDelta(versions[v], next));
    // Encoded again against the same bases (a write rolled back, then made again): the same bytes.
    expect(versions.slice(1).map((next, v) => encodeSnapshotDelta(versions[v], next))).toEqual(deltas);
    let decoded: unknown = versions[0];
    for (const [v, delta] of deltas.entries()) {
      decoded = decodeSnapshotDelta(decoded, delta);
      expect(JSON.stringify(decoded)).toBe(JSON.stringify(versions[v + 1]));
    }
  });

  it('store bounds and p-values in a few bits each, predicted from their estimate and error', () => {
    // A leave-one-out table of 300 rows whose every estimate and error moved. The same numbers under other keys (not
    // known to go with an estimate) cost what any number does.
    let state = 7;
    const random = () => (state = (state * 16807) % 2147483647) / 2147483647;
    const z = 1.959963984540054;
    const table = (estimates: number[], errors: number[], [lower, upper, p]: string[]) => ({
      estimate: estimates,
      se: errors,
      [lower]: estimates.map((e, i) => e - z * errors[i]),
      [upper]: estimates.map((e, i) => e + z * errors[i]),
      [p]: estimates.map((e, i) => normalTail(Math.abs(e / errors[i]))),
    });
    const estimates = Array.from({ length: 300 }, () => 0.2 + random() / 5);
    const errors = Array.from({ length: 300 }, () => 0.05 + random() / 50);
    const moved = estimates.map((e) => e * (1 + random() / 1000));
    const movedErrors = errors.map((s) => s * (1 - random() / 1000));
    const bytes = (keys: string[]) => {
      const base = table(estimates, errors, keys);
      const next = table(moved, movedErrors, keys);
      const delta = encodeSnapshotDelta(base, next);
      expect(JSON.stringify(decodeSnapshotDelta(base, delta))).toBe(JSON.stringify(next));
      return delta.length;
    };
    const related = bytes(['ciLower', 'ciUpper', 'pval']);
    const unrelated = bytes(['lower', 'upper', 'p']);
    // Two columns of 300 numbers at about 45 bits and more each: the related ones save most of them.
    expect(unrelated - related).toBeGreaterThan((300 * 3 * 30) / 8);
  });

  it('store inverse-variance weights in a few bits each, on the line of 1 / weight against the variance', () => {
    let state = 11;
    const random = () => (state = (state * 16807) % 2147483647) / 2147483647;
    const vi = Array.from({ length: 300 }, () => 0.01 + random() / 4);
    const rows = (tau2: number, key: string) => {
      const w = vi.map((v) => 1 / (v + tau2));
      const total = w.reduce((sum, x) => sum + x, 0);
      return { studies: vi.map((v, i) => ({ yi: i / 300, vi: v, [key]: (100 * w[i]) / total })) };
    };
    const bytes = (key: string) => {
      const delta = encodeSnapshotDelta(rows(0.04, key), rows(0.0401, key));
      expect(JSON.stringify(decodeSnapshotDelta(rows(0.04, key), delta))).toBe(JSON.stringify(rows(0.0401, key)));
      return delta.length;
    };
    expect(bytes('weight')).toBeLessThan(bytes('w') / 4);
  });

  it('store a change of shape in one place as that place: the new text between what both shapes begin and end with', () => {
    const base = { rows: Array.from({ length: 300 }, (_, i) => ({ id: `s${i}`, yi: i, vi: 1 })), filled: [1, 2], after: { a: 1 } };
    const next = { ...base, filled: [1, 2, 3] };
    const delta = encodeSnapshotDelta(base, next);
    expect(JSON.stringify(decodeSnapshotDelta(base, delta))).toBe(JSON.stringify(next));
    const { shapeChanged, shape } = deltaParts(delta);
    expect(shapeChanged).toBe(true);
    // Two lengths and a deflated ",0".
    expect(shape.length).toBeLessThan(12);
  });

  it('refuse a delta of another format rather than guess', () => {
    const delta = encodeSnapshotDelta({ a: 1 }, { a: 2 });
    delta[0] = 9;
    expect(() => decodeSnapshotDelta({ a: 1 }, delta)).toThrow(/unknown format 9/);
  });
});
