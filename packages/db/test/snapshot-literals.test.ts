// A delta's literals (snapshot-literals.ts): every value back exactly, long numbers in 8 bytes, format 1's JSON still read.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Leaf } from '../src/snapshot-flat.js';
import { readLiterals, writeLiterals } from '../src/snapshot-literals.js';

const leaf: fc.Arbitrary<Leaf> = fc.oneof(
  { weight: 4, arbitrary: fc.double({ noNaN: true }) },
  fc.integer({ min: -1000, max: 1000 }),
  fc.constantFrom(0, -0, 1, 0.5, Infinity, -Infinity, Number.MIN_VALUE, Number.MAX_VALUE),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
);

/** Numbers compared with Object.is (-0 is not 0), the rest by value. */
const exactly = (values: Leaf[]) => values.map((value) => (typeof value === 'number' ? { number: Object.is(value, -0) ? '-0' : String(value) } : value));

describe('delta literals', () => {
  it('come back exactly, in order, whatever they are', () => {
    fc.assert(
      fc.property(fc.array(leaf, { maxLength: 300 }), (literals) => {
        expect(exactly(readLiterals(writeLiterals(literals), 2))).toEqual(exactly(literals));
      }),
      { numRuns: 500 },
    );
  });

  it('take 8 bytes for a number whose JSON is longer, and JSON for short ones', () => {
    const long = Array.from({ length: 200 }, (_, i) => 0.0012345678901234567 * (1 + i / 1000));
    const bytes = writeLiterals(long);
    expect(bytes.length).toBe(2 + 25 + 8 * 200);
    expect(Buffer.from(JSON.stringify(long)).length).toBeGreaterThan(3600);
    const short = Array.from({ length: 200 }, (_, i) => i % 2);
    expect(writeLiterals(short).length).toBe(2 + 25 + JSON.stringify(short).length);
    expect(writeLiterals([]).length).toBe(0);
  });

  it('are read from format 1 deltas as the JSON they were written as', () => {
    expect(readLiterals(Buffer.from(JSON.stringify([0.25, 'a', null, true])), 1)).toEqual([0.25, 'a', null, true]);
  });

  it('refuse bytes that end early or do not add up, rather than guess', () => {
    const bytes = writeLiterals([0.0012345678901234567, 'text', 2.5e-300]);
    expect(() => readLiterals(bytes.subarray(0, 10), 2)).toThrow(/end early/);
    expect(() => readLiterals(bytes.subarray(0, 1), 2)).toThrow(/end early/);
    const extra = Buffer.concat([bytes.subarray(0, bytes.length - Buffer.from('["text"]').length), Buffer.from('["text","more"]')]);
    expect(() => readLiterals(extra, 2)).toThrow(/do not add up/);
  });
});
