// Deltas are stored, so every format ever written must still be read: format 1 by a frozen copy of the encoder that
// wrote it (snapshot-codec-reference.ts), format 2 as format 1 with its literals written otherwise (snapshot-literals.ts;
// `asFormatTwo`), format 3 by the encoder in src/. For each input here, the decoder in src/ rebuilds the value from the
// delta of each format exactly. (Deltas frozen as each format's encoder wrote them are read in
// snapshot-codec-stored.test.ts.)
//
// The frozen encoder's output depends on one piece of its process's state: after it flattens a value without leaves
// (`{}`, `[]`), the next value it flattens gets no columns (its arrays start with room for 0 leaves and never grow), so
// that delta is written as if every leaf were in one column. The inputs here keep it out of that state where it would
// matter (a base with leaves whose flattening is cached, after a leafless value was flattened): analyses always have
// leaves.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeVarint } from '../src/snapshot-bits.js';
import { decodeSnapshotDelta, deltaParts, encodeSnapshotDelta } from '../src/snapshot-codec.js';
import { writeLiterals } from '../src/snapshot-literals.js';
import { nudged } from './nudged.js';
import * as reference from './snapshot-codec-reference.js';

/** A format 1 delta as format 2 writes the same: its literals as snapshot-literals.ts writes them. */
function asFormatTwo(delta: Uint8Array): Uint8Array {
  const { format, shapeChanged, count, shape, literals, bits } = deltaParts(delta);
  expect(format).toBe(1);
  const header: number[] = [2, shapeChanged ? 1 : 0];
  writeVarint(header, count);
  if (shapeChanged) writeVarint(header, shape.length);
  const literalBytes = writeLiterals(literals);
  writeVarint(header, literalBytes.length);
  return Buffer.concat([Uint8Array.from(header), shape, literalBytes, bits]);
}

/** The JSON text of `base` rebuilt by the decoder in src/ from `delta`. */
const decoded = (base: unknown, delta: Uint8Array) => JSON.stringify(decodeSnapshotDelta(structuredClone(base), delta));

/**
 * The delta of `next` against `base` in each format (each encoder given its own copies, so neither sees the other's
 * flattenings), each read back by the decoder in src/. Returns the format 3 delta.
 */
function readsEveryFormat(base: unknown, next: unknown): Uint8Array {
  const delta = encodeSnapshotDelta(structuredClone(base), structuredClone(next));
  const frozen = reference.encodeSnapshotDelta(structuredClone(base), structuredClone(next));
  const text = JSON.stringify(next);
  expect([delta[0], frozen[0]]).toEqual([3, 1]);
  expect(decoded(base, delta)).toBe(text);
  expect(decoded(base, frozen)).toBe(text);
  expect(decoded(base, asFormatTwo(frozen))).toBe(text);
  return delta;
}

const number = fc.oneof(
  { weight: 6, arbitrary: fc.double({ noNaN: false }) },
  { weight: 2, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, NaN, Infinity, -Infinity, Number.MIN_VALUE, Number.MAX_VALUE, 2 ** 53, -(2 ** 53), 0.1, 1e-300) },
);
const leaf = fc.oneof({ weight: 6, arbitrary: number }, fc.string(), fc.constantFrom('0', '1', 'OR', ''), fc.boolean(), fc.constant(null), fc.constant(undefined));
const { tree } = fc.letrec<{ tree: unknown }>((self) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(self('tree'), { maxLength: 8 }),
    fc.array(number, { maxLength: 40 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('0', '1', '10', 'estimate', 'se', 'ciLower', 'ciUpper', 'pval', 'weight', 'vi')), self('tree'), { maxKeys: 6 }),
  ),
}));

/** A two-sided p-value near enough to a z-test's for these tests (the normal tail's exponential factor). */
const pOf = (estimate: number, se: number) => Math.min(1, Math.exp(-((estimate / se) ** 2) / 2));

/**
 * An analysis as analyzeOutcome makes one, in miniature and computed cheaply from the studies' effects: each study's
 * row, weights that all move when one effect does, leave-one-out and cumulative columns (bounds and p-values with their
 * estimates and errors), filled studies mirroring real ones (equal weights: references), strings, nulls and flags.
 */
function analysisOf(studies: { id: string; yi: number; vi: number; year: number }[]) {
  const w = studies.map((study) => 1 / study.vi);
  const total = w.reduce((sum, x) => sum + x, 0);
  const weighted = studies.reduce((sum, study, i) => sum + w[i] * study.yi, 0);
  const estimate = weighted / total;
  const se = Math.sqrt(1 / total);
  // As many filled studies as the estimate says (a change of shape late in the analysis, as trim-and-fill makes).
  const filled = studies.slice(0, Math.min(1 + (Math.floor(Math.abs(estimate) * 40) % 4), studies.length)).map((study) => ({ yi: 2 * estimate - study.yi, vi: study.vi, weight: (100 * w[0]) / total }));
  let running = 0;
  let runningWeight = 0;
  const leftOut = studies.map((study, i) => [(weighted - w[i] * study.yi) / (total - w[i]), Math.sqrt(1 / (total - w[i]))]);
  return {
    measure: 'OR',
    scale: 'log',
    settings: { measure: 'OR', model: 'random', tau2Estimator: 'REML', sequential: null, totals: 'all' },
    k: studies.length,
    studies: studies.map((study, i) => ({
      id: study.id,
      studyId: study.id,
      yi: study.yi,
      vi: study.vi,
      estimate: Math.exp(study.yi),
      ciLower: Math.exp(study.yi - 1.96 * Math.sqrt(study.vi)),
      ciUpper: Math.exp(study.yi + 1.96 * Math.sqrt(study.vi)),
      weight: (100 * w[i]) / total,
      subgroup: null,
      year: study.year,
    })),
    fit: { estimate, se, ciLower: estimate - 1.96 * se, ciUpper: estimate + 1.96 * se, pval: pOf(estimate, se), tau2: 0, converged: true },
    leaveOneOut: {
      estimate: leftOut.map(([e]) => e),
      se: leftOut.map(([, s]) => s),
      ciLower: leftOut.map(([e, s]) => e - 1.96 * s),
      ciUpper: leftOut.map(([e, s]) => e + 1.96 * s),
      pval: leftOut.map(([e, s]) => pOf(e, s)),
      influential: studies.map((study) => Math.abs(study.yi - estimate) > 1),
    },
    cumulative: studies.map((study, i) => {
      running += w[i] * study.yi;
      runningWeight += w[i];
      return { id: study.id, estimate: running / runningWeight, weight: runningWeight };
    }),
    trimFill: studies.length > 2 ? { filled, estimate: estimate * 0.9, side: 'left' } : null,
    notes: studies.length < 5 ? ['few studies'] : [],
    certainty: undefined,
  };
}

type Study = { id: string; yi: number; vi: number; year: number };
type Write = { kind: 'edit' | 'add' | 'remove'; at?: number; by?: number; u?: number; v?: number };
const studyOf = (i: number, u: number, v: number): Study => ({ id: `T${i + 1}`, yi: (u - 0.5) * 2, vi: 0.01 + v / 5, year: 1980 + (i % 45) });
/** A write: one study's effect changed (most writes), a study added or removed (a change of shape). */
const write: fc.Arbitrary<Write> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('edit' as const), at: fc.nat(), by: fc.double({ min: -0.5, max: 0.5, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('add' as const), u: fc.double({ min: 0, max: 1, noNaN: true }), v: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }) },
);
function applied(studies: Study[], change: Write): Study[] {
  if (change.kind === 'add') return [...studies, studyOf(studies.length, change.u!, change.v!)];
  if (change.kind === 'remove') return studies.length > 1 ? studies.filter((_, i) => i !== change.at! % studies.length) : studies;
  const at = change.at! % studies.length;
  return studies.map((study, i) => (i === at ? { ...study, yi: study.yi + change.by! } : study));
}

describe('snapshot deltas of every format, read back', () => {
  it('for any JSON value against any other', () => {
    fc.assert(
      fc.property(tree, tree.filter((value) => value !== undefined), (base, next) => {
        readsEveryFormat(base, next);
      }),
      { numRuns: 3000 },
    );
  });

  it('for values whose numbers all moved a little, or a few far, keeping their shape', () => {
    fc.assert(
      fc.property(tree.filter((value) => value !== undefined), fc.double({ min: 0.5, max: 2, noNaN: true }), fc.integer({ min: 0, max: 7 }), (base, factor, every) => {
        const next = nudged(base, factor, (path) => path.length % 8 === every);
        readsEveryFormat(base, next);
      }),
      { numRuns: 3000 },
    );
  });

  it('for long runs of equal and of changed numbers, payloads of every length, repeats and literals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: false }), { minLength: 1, maxLength: 400 }),
        fc.array(fc.tuple(fc.nat(), fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -3, max: 3 }), fc.nat({ max: 60 }))), { maxLength: 200 }),
        (values, changes) => {
          const next = [...values];
          for (const [at, change] of changes) {
            const i = at % next.length;
            // A change of the bit pattern by ±1…3 or by 2^n, a copy of another value (a reference), or any double.
            if (Number.isInteger(change) && change > 3) next[i] = next[i] * (1 + 2 ** -change);
            else if (Number.isInteger(change)) next[i] = next[(i + change + next.length) % next.length];
            else next[i] = change;
          }
          readsEveryFormat({ values }, { values: next });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('along chains of analyses as writes make them, each delta against the one before (flattenings cached)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 60 }),
        fc.array(write, { minLength: 1, maxLength: 12 }),
        (start, writes) => {
          let studies = start.map(([u, v], i) => studyOf(i, u, v));
          // Each encoder's chain of its own objects: the base of each delta is the `next` of the one before.
          let current = analysisOf(studies);
          let frozen = structuredClone(current);
          let read: unknown = structuredClone(current);
          for (const change of writes) {
            studies = applied(studies, change);
            const next = analysisOf(studies);
            const copy = structuredClone(next);
            const delta = encodeSnapshotDelta(current, next);
            const old = reference.encodeSnapshotDelta(frozen, copy);
            expect(decoded(current, old)).toBe(JSON.stringify(next));
            expect(decoded(current, asFormatTwo(old))).toBe(JSON.stringify(next));
            // A write after a read encodes against the decoded analysis (its flattening made by the decoder).
            expect(Buffer.from(encodeSnapshotDelta(read, structuredClone(next))).toString('hex')).toBe(Buffer.from(delta).toString('hex'));
            read = decodeSnapshotDelta(read, delta);
            expect(JSON.stringify(read)).toBe(JSON.stringify(next));
            current = next;
            frozen = copy;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('for objects whose keys JSON reads from their own properties only: another prototype, or Object.prototype given an enumerable key', () => {
    // The base has as its own the key the next value inherits: walked with for...in, the two would look alike.
    const base = { fit: { estimate: 0.1, se: 0.2, extra: 4 }, rows: [{ yi: 1, vi: 2 }] };
    const next = { fit: { estimate: 0.11, se: 0.2 }, rows: [{ yi: 1.5, vi: 2 }] };
    const inherited = Object.assign(Object.create({ estimate: 3, extra: 4 }) as object, { estimate: 0.12, se: 0.2 });
    for (const value of [next, { ...next, fit: inherited }, { ...next, fit: Object.assign(Object.create(null) as object, next.fit) }]) {
      readsEveryFormat(base, value);
    }
    Object.defineProperty(Object.prototype, 'polluted', { value: 1, enumerable: true, configurable: true, writable: true });
    try {
      readsEveryFormat({ fit: { estimate: 0.1, se: 0.2, polluted: 1 }, rows: [{ yi: 1, vi: 2 }] }, { fit: { estimate: 0.11, se: 0.2 }, rows: [{ yi: 1.5, vi: 2 }] });
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
  });

  it('reads a chain begun in format 1 and continued in formats 2 and 3, as a database upgraded mid-history holds it', () => {
    let state = 20261203;
    const random = () => (state = (state * 16807) % 2147483647) / 2147483647;
    let studies = Array.from({ length: 200 }, (_, i) => studyOf(i, random(), random()));
    const versions = [analysisOf(studies)];
    const deltas: Uint8Array[] = [];
    const formatOf = (v: number) => (v < 6 ? 1 : v < 12 ? 2 : 3);
    for (let v = 0; v < 18; v++) {
      studies = applied(studies, v % 6 === 5 ? { kind: 'add', u: random(), v: random() } : { kind: 'edit', at: Math.floor(random() * studies.length), by: random() / 100 });
      const next = analysisOf(studies);
      // Each version's delta made against the analysis before it, by the encoder of its time.
      const format = formatOf(v);
      const old = format < 3 ? reference.encodeSnapshotDelta(structuredClone(versions.at(-1)), structuredClone(next)) : null;
      deltas.push(old === null ? encodeSnapshotDelta(structuredClone(versions.at(-1)), structuredClone(next)) : format === 1 ? old : asFormatTwo(old));
      versions.push(next);
    }
    let rebuilt: unknown = structuredClone(versions[0]);
    deltas.forEach((delta, i) => {
      expect(delta[0]).toBe(formatOf(i));
      rebuilt = decodeSnapshotDelta(rebuilt, delta);
      expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(versions[i + 1]));
    });
  });

  it('for analyses of 200 and 1,000 studies, edited and grown', () => {
    for (const k of [200, 1000]) {
      let state = 20261202 + k;
      const random = () => (state = (state * 16807) % 2147483647) / 2147483647;
      let studies = Array.from({ length: k }, (_, i) => studyOf(i, random(), random()));
      let base = analysisOf(studies);
      for (let v = 0; v < 12; v++) {
        studies = applied(studies, v % 6 === 5 ? { kind: 'add', u: random(), v: random() } : { kind: 'edit', at: Math.floor(random() * k), by: random() / 100 });
        const next = analysisOf(studies);
        readsEveryFormat(base, next);
        base = next;
      }
    }
  });
});
