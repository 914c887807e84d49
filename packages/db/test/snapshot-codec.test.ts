// A delta rebuilds exactly the analysis it was made from: its JSON text identical, character for character, whatever
// changed between the two (numbers a little or a lot, strings, nulls, arrays growing or shrinking, keys added, removed
// or reordered, values JSON drops or rewrites), and along chains of deltas.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSnapshotDelta, encodeSnapshotDelta } from '../src/snapshot-codec.js';
import { nudged } from './nudged.js';

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

  it('refuse a delta of another format rather than guess', () => {
    const delta = encodeSnapshotDelta({ a: 1 }, { a: 2 });
    delta[0] = 9;
    expect(() => decodeSnapshotDelta({ a: 1 }, delta)).toThrow(/unknown format 9/);
  });
});
