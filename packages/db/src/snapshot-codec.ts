// Versions without repetition: an analysis stored as its difference from the analysis before it.
//
// An analysis is a JSON tree whose leaves are mostly numbers. A delta lists, leaf by leaf in JSON order, what the new
// analysis holds where the base held something else; decoding rebuilds the new tree exactly (its JSON text identical to
// the one computed at that version, number for number), and needs only the base, never a recomputation.
//
// Each changed number is stored as the difference of its IEEE-754 bit pattern from the base's (an exact integer, small
// when the value moved little), or as that difference minus the previous one in the same column (leave-one-out and
// cumulative columns move together), or as the difference from a prediction made from other numbers of its row (a
// bound or p-value from its estimate and error, a weight from its variance: snapshot-relations.ts), or as a reference
// to an equal leaf earlier in the same analysis (weights listed twice, filled studies mirroring real ones), whichever
// is shortest; anything else is a literal (snapshot-literals.ts). A change of shape (a study added, a longer
// trim-and-fill) stores the new shape where it differs from the base's (snapshot-shape-text.ts), and matches leaves by
// their path.
//
// The leaves and shapes compared are flattenings (snapshot-flat.ts); the bits are written by snapshot-bits.ts, the
// references found by snapshot-latest-index.ts, the predictions made by snapshot-prediction.ts. Deltas are stored, so
// what a format's bytes mean may never change: test/snapshot-codec-formats.test.ts reads deltas of formats 1 and 2 made
// by a frozen copy of the encoder format 1 was written by, and test/snapshot-codec-stored.test.ts deltas frozen as the
// encoders of formats 2 and 3 wrote them.
import { addBits, BitReader, bitDifference, bitLength, BitWriter, readVarint, unzigzag, writeVarint, zigzag } from './snapshot-bits.js';
import { columnsOf, enumerable, FlatLeaves, flatOf, flattenAgainst, forgetFlat, isNode, leafAt, nodeIndex, rememberFlat, type Flat, type Leaf, type OtherLeaf } from './snapshot-flat.js';
import { LatestIndex } from './snapshot-latest-index.js';
import { readLiterals, writeLiterals } from './snapshot-literals.js';
import { predictRelated, predictWeight } from './snapshot-prediction.js';
import { Relation, relationsOf, type Relations } from './snapshot-relations.js';
import { readShape, writeShape } from './snapshot-shape-text.js';

/**
 * The format deltas are written in. Formats 1 (literals as JSON, snapshot-literals.ts) and 2 (without predictions, a
 * reference's distance always written, the operation in 2 bits, the new shape whole) are still read.
 */
const FORMAT = 3;
const SHAPE_CHANGED = 1;
/** Bit-pattern differences are exact doubles below 2^52; larger ones are written as literals. */
const LIMIT = 2 ** 51;

function equalArrays(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether `length` entries of `a` from `aFrom` equal those of `b` from `bFrom`. */
function sameRange(a: Int32Array, aFrom: number, b: Int32Array, bFrom: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[aFrom + i] !== b[bFrom + i]) return false;
  return true;
}

/**
 * For each leaf of `next`, the index of the leaf of `base` at the same path (-1 where `base` has none), from the two
 * shapes: arrays matched position by position, objects key by key (a key's column names it within its parent).
 */
function counterparts(base: Flat, next: Flat): Int32Array {
  const matched = new Int32Array(next.numbers.length).fill(-1);
  const b = nodeIndex(base.shape);
  const n = nodeIndex(next.shape);
  const align = (baseNode: number, nextNode: number) => {
    const baseEnd = b.end[baseNode];
    const nextEnd = n.end[nextNode];
    // A subtree of the same shape (most of a tree whose shape changed in one place) pairs its leaves in order: what
    // the walk below would find, leaf by leaf.
    if (baseEnd - baseNode === nextEnd - nextNode && sameRange(base.shape, 2 * baseNode, next.shape, 2 * nextNode, 2 * (nextEnd - nextNode))) {
      const baseFirst = b.leavesBefore[baseNode];
      const nextFirst = n.leavesBefore[nextNode];
      for (let leaf = nextFirst; leaf < n.leavesBefore[nextEnd]; leaf++) matched[leaf] = baseFirst + (leaf - nextFirst);
      return;
    }
    const nextKind = next.shape[2 * nextNode + 1];
    const baseKind = base.shape[2 * baseNode + 1];
    if (nextKind === -1) {
      if (baseKind === -1) matched[n.leavesBefore[nextNode]] = b.leavesBefore[baseNode];
      return;
    }
    if (baseKind === -1 || (baseKind & 1) !== (nextKind & 1)) return;
    if (nextKind & 1) {
      for (let baseChild = baseNode + 1, child = nextNode + 1; baseChild < baseEnd && child < nextEnd; baseChild = b.end[baseChild], child = n.end[child]) {
        // Two leaves (most items of an array that grew or shrank): paired here, without a call each.
        if (base.shape[2 * baseChild + 1] === -1 && next.shape[2 * child + 1] === -1) matched[n.leavesBefore[child]] = b.leavesBefore[baseChild];
        else align(baseChild, child);
      }
      return;
    }
    // Objects usually keep their keys in order: children are paired in step until a key differs, then by key.
    let baseChild = baseNode + 1;
    let child = nextNode + 1;
    for (; child < nextEnd && baseChild < baseEnd && base.shape[2 * baseChild] === next.shape[2 * child]; child = n.end[child], baseChild = b.end[baseChild]) {
      align(baseChild, child);
    }
    if (child === nextEnd) return;
    const byColumn = new Map<number, number>();
    for (let each = baseNode + 1; each < baseEnd; each = b.end[each]) byColumn.set(base.shape[2 * each], each);
    for (; child < nextEnd; child = n.end[child]) {
      const found = byColumn.get(next.shape[2 * child]);
      if (found !== undefined) align(found, child);
    }
  };
  align(0, 0);
  return matched;
}

/** The tree of `shape` with its leaves replaced, in order, by those of `leaves`. */
function rebuild(shape: unknown, leaves: Flat): unknown {
  let next = 0;
  const plain = !enumerable(Object.prototype);
  const build = (node: unknown): unknown => {
    if (!isNode(node)) return leafAt(leaves, next++);
    if (Array.isArray(node)) {
      const out: unknown[] = [];
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        out.push(skipped(item) ? leafAt(leaves, next++) : build(item));
      }
      return out;
    }
    // The keys and values in the order JSON.stringify takes them (as flatten does).
    const out: Record<string, unknown> = {};
    if (plain && Object.getPrototypeOf(node) === Object.prototype) {
      // for...in lists the keys Object.keys would (see flattenLike), without arrays made for them.
      for (const key in node) if (!skipped(node[key])) put(out, key, build(node[key]));
      return out;
    }
    const keys = Object.keys(node);
    const items = Object.values(node);
    for (let i = 0; i < keys.length; i++) if (!skipped(items[i])) put(out, keys[i], build(items[i]));
    return out;
  };
  return build(shape);
}
/**
 * Sets an own property, as JSON.parse makes one: a key "__proto__" (a name someone typed, say) stays a key, where an
 * assignment would set the object's prototype instead and the key would be lost.
 */
function put(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}
const skipped = (value: unknown) => value === undefined || typeof value === 'function' || typeof value === 'symbol';

// ---- the delta ------------------------------------------------------------------------------------------------

/** How a changed leaf is stored. */
const enum Op {
  /** The difference of its bit pattern from the base's. */
  BitDifference = 0,
  /** That difference minus the column's last one. */
  ColumnDifference = 1,
  /** A reference to an equal leaf earlier in the same analysis. */
  Reference = 2,
  /** A literal (snapshot-literals.ts). */
  Literal = 3,
  /** The difference of its bit pattern from a prediction's (format 3; see `prediction`). */
  Predicted = 4,
}
/**
 * Each operation's code in format 3, after a changed leaf's 1 bit, and its length: a prefix code, shortest for the most
 * frequent (most changed numbers move as their column does). Formats 1 and 2 write the operation in 2 bits (readOp).
 */
const CODE = [0b1110, 0b0, 0b110, 0b1111, 0b10];
const CODE_BITS = [4, 1, 3, 4, 2];

function readOp(bits: BitReader, format: number): Op {
  if (format < 3) return bits.read(2) as Op;
  if (bits.read(1) === 0) return Op.ColumnDifference;
  if (bits.read(1) === 0) return Op.Predicted;
  if (bits.read(1) === 0) return Op.Reference;
  return bits.read(1) === 0 ? Op.BitDifference : Op.Literal;
}

const LENGTH_BITS = 6;
/**
 * A number's payload length, written against the last one in its column (changes in one column are alike in size):
 * '0' and 3 bits for a length within -3..+4 of it, else '1' and the length in 6 bits.
 */
const NEAR = 3;
const lengthCost = (length: number, previous: number) => (length - previous >= -NEAR && length - previous <= NEAR + 1 ? 4 : 1 + LENGTH_BITS);
const readLength = (bits: BitReader, previous: number) => (bits.read(1) === 0 ? previous + bits.read(3) - NEAR : bits.read(LENGTH_BITS));
/** The length a column's first change is written against. */
const FIRST_LENGTH = 40;

/** One number per column, kept from one delta to the next, each entry marked with the delta that wrote it. */
class PerColumn {
  private values = new Float64Array(1024);
  private by = new Int32Array(1024);

  /** `none`: what a column without an entry of this delta holds. */
  constructor(private readonly none: number) {}

  fit(columns: number): void {
    if (columns < this.values.length) return;
    const size = Math.max(columns + 1, 2 * this.values.length);
    this.values = new Float64Array(size);
    this.by = new Int32Array(size);
  }

  clear(): void {
    this.by.fill(0);
  }

  get(column: number, delta: number): number {
    return this.by[column] === delta ? this.values[column] : this.none;
  }

  set(column: number, delta: number, value: number): void {
    this.values[column] = value;
    this.by[column] = delta;
  }
}

/**
 * What the encoder and decoder remember per column as they go, of this delta's changed leaves: the last exact bit
 * difference and payload length, the leaf its last reference referred to and how far after the one before, and its
 * last two changed weights. An entry of an earlier delta counts as none: nothing sized to every column ever numbered is
 * made or cleared per delta. The arrays are as long as the column numbering (bounded by its MAX_COLUMNS).
 */
class ColumnMemory {
  private readonly differences = new PerColumn(NaN);
  private readonly lengths = new PerColumn(FIRST_LENGTH);
  private readonly sources = new PerColumn(NaN);
  private readonly strides = new PerColumn(NaN);
  private readonly lastWeights = new PerColumn(-1);
  private readonly weightsBefore = new PerColumn(-1);
  private readonly all = [this.differences, this.lengths, this.sources, this.strides, this.lastWeights, this.weightsBefore];
  private delta = 0;

  /** Starts a delta whose columns are numbered up to `columns`. */
  begin(columns: number): void {
    for (const each of this.all) each.fit(columns);
    if (++this.delta === 0x7fffffff) {
      for (const each of this.all) each.clear();
      this.delta = 1;
    }
  }

  /** The column's last exact bit difference in this delta, NaN before its first. */
  difference(column: number): number {
    return this.differences.get(column, this.delta);
  }

  /** The column's last payload length in this delta, FIRST_LENGTH before its first. */
  length(column: number): number {
    return this.lengths.get(column, this.delta);
  }

  setLength(column: number, length: number): void {
    this.lengths.set(column, this.delta, length);
  }

  /**
   * The leaf the column's next reference would refer to if it went on as its last two did (format 3): a column listed
   * again elsewhere refers to its earlier listing leaf by leaf, a stride apart. NaN before its second reference.
   */
  nextSource(column: number): number {
    return this.sources.get(column, this.delta) + this.strides.get(column, this.delta);
  }

  /** A reference of the column to the leaf `source`. */
  referred(column: number, source: number): void {
    this.strides.set(column, this.delta, source - this.sources.get(column, this.delta));
    this.sources.set(column, this.delta, source);
  }

  /** The column's last changed weight (`back` 0), or the one before it (`back` 1); -1 before there is one. */
  weight(column: number, back: 0 | 1): number {
    return (back === 0 ? this.lastWeights : this.weightsBefore).get(column, this.delta);
  }

  /** A changed weight (Relation.Weight) at leaf `leaf`. */
  weightChanged(column: number, leaf: number): void {
    this.weightsBefore.set(column, this.delta, this.lastWeights.get(column, this.delta));
    this.lastWeights.set(column, this.delta, leaf);
  }

  /**
   * What both sides remember of a changed number whose base was a number: the exact difference of their bit patterns
   * (bitDifference), when it is small enough to hold (NaN, too large, is not).
   */
  changedBy(column: number, difference: number): void {
    if (Math.abs(difference) < LIMIT) this.differences.set(column, this.delta, difference);
  }
}
const memory = new ColumnMemory();

/**
 * What format 3 predicts the new number at leaf `i`, related to others of its row (snapshot-relations.ts), to be from
 * what the decoder knows by then: the new leaves before it (`now`) and the base's (`base`, matched by `matched`). A bound
 * or p-value moves as its estimate and error do, against their old values; a weight lies on the line of the column's
 * last two changed weights (snapshot-prediction.ts). NaN where its partners are not known yet.
 */
function prediction(i: number, column: number, old: number, relations: Relations, now: Float64Array, base: Float64Array, matched: Int32Array | null): number {
  const relation = relations.relation[i];
  const first = relations.partners[2 * i];
  const second = relations.partners[2 * i + 1];
  if (relation === Relation.Weight) {
    // The column's last two changed weights, with their variances.
    const a = memory.weight(column, 1);
    const b = memory.weight(column, 0);
    const viA = a >= 0 ? relations.partners[2 * a] : -1;
    const viB = b >= 0 ? relations.partners[2 * b] : -1;
    return first < i && viA >= 0 && viB >= 0 ? predictWeight(now[first], now[viA], now[a], now[viB], now[b]) : NaN;
  }
  if (!(first < i && second < i)) return NaN;
  const oldFirst = matched === null ? first : matched[first];
  const oldSecond = matched === null ? second : matched[second];
  return oldFirst >= 0 && oldSecond >= 0 ? predictRelated(relation, old, now[first], now[second], base[oldFirst], base[oldSecond]) : NaN;
}

/** The cheapest way found so far to write one changed leaf (one object for every leaf: nothing made per leaf). */
class Choice {
  op = Op.Literal;
  payload = 0;
  length = 0;
  cost = 0;

  /** Starts with a literal, which costs `cost` bits. */
  begin(cost: number): void {
    this.op = Op.Literal;
    this.payload = 0;
    this.length = 0;
    this.cost = cost;
  }

  /** Takes a difference of bit patterns written by `op` when it costs less than the choice so far (never NaN, or too large to hold exactly). */
  difference(op: Op, difference: number, previousLength: number): void {
    if (!(Math.abs(difference) < LIMIT)) return;
    const payload = zigzag(difference);
    const length = bitLength(payload);
    const cost = CODE_BITS[op] + lengthCost(length, previousLength) + length;
    if (cost < this.cost) {
      this.op = op;
      this.payload = payload;
      this.length = length;
      this.cost = cost;
    }
  }
}
const choice = new Choice();

/** 2^n for n up to 53, to put a head in front of a payload of n bits. */
const POWERS = Float64Array.from({ length: 54 }, (_, n) => 2 ** n);

/**
 * The analysis `next` as a difference from `base` (both JSON values); decodeSnapshotDelta(base, delta) rebuilds it.
 *
 * Each leaf is a 0 bit when unchanged, else a 1, its operation's code (CODE) and what the operation needs: a literal
 * nothing (it is in the literals, after the header); a reference '0' where it goes on as the column's last two did
 * (ColumnMemory.nextSource), else '1', the length of its distance in 6 bits and the distance; a difference of bit
 * patterns (from the base, from the base against the column's last, or from the prediction) its length ('0' and the
 * length against the column's last in 3 bits, or '1' and the length in 6; readLength), then the zigzagged difference.
 * The bits of a leaf, and the run of 0 bits before it, are put together and written in as few writes as fit (the same
 * bits as one write each).
 */
export function encodeSnapshotDelta(base: unknown, next: unknown): Uint8Array {
  columnsOf.bound();
  const from = flatOf(base);
  // `next` is walked against the base's shape first: most writes change numbers only, and then the shape is shared.
  const to = flatOf(next, from);
  const shapeChanged = to.shape !== from.shape && !equalArrays(from.shape, to.shape);
  const matched = shapeChanged ? counterparts(from, to) : null;
  const relations = relationsOf(to.shape);

  // The base will not be a base again (the next delta is made against `next`): its flattening need not stay in memory.
  if (base !== next) forgetFlat(base);

  const bits = new BitWriter();
  const literals: Leaf[] = [];
  memory.begin(columnsOf.count);
  const fromNumbers = from.numbers;
  const toNumbers = to.numbers;
  const count = toNumbers.length;
  /** Each changed leaf's value, at its latest index. */
  const seen = new LatestIndex(toNumbers);
  let unchanged = 0;
  for (let i = 0; i < count; i++) {
    const c = matched === null ? i : matched[i];
    const number = toNumbers[i];
    // NaN where a leaf is not a number (or has no counterpart): two equal numbers, most leaves, are one comparison.
    const old = c >= 0 ? fromNumbers[c] : NaN;
    if (old === number) {
      unchanged++;
      continue;
    }
    const isNumber = !Number.isNaN(number);
    let value: OtherLeaf = null;
    // Changed leaves are remembered for references (a weight listed twice changes in both places).
    let earlier: number;
    // Each operation's cost in bits, the literal's first (a number's 8 bytes, near enough for a short one in JSON).
    let cost = CODE_BITS[Op.Literal];
    if (isNumber) {
      earlier = seen.swapNumber(number, i);
      cost += 64;
    } else {
      value = to.others[to.otherAt[i]];
      if (c >= 0 && Number.isNaN(old) && from.others[from.otherAt[c]] === value) {
        unchanged++;
        continue;
      }
      earlier = seen.swapOther(value, i);
      cost += value === null || typeof value === 'boolean' ? 2 : 8 * (value.length + 3);
    }
    choice.begin(cost);
    const column = to.columns[i];
    const previousLength = memory.length(column);
    if (isNumber) {
      if (!Number.isNaN(old)) {
        const direct = bitDifference(old, number);
        choice.difference(Op.BitDifference, direct, previousLength);
        // NaN before the column's first difference.
        choice.difference(Op.ColumnDifference, direct - memory.difference(column), previousLength);
        memory.changedBy(column, direct);
      }
      if (relations !== null && relations.relation[i] !== Relation.None) {
        const predicted = prediction(i, column, old, relations, toNumbers, fromNumbers, matched);
        if (!Number.isNaN(predicted)) choice.difference(Op.Predicted, bitDifference(predicted, number), previousLength);
        if (relations.relation[i] === Relation.Weight) memory.weightChanged(column, i);
      }
    }
    let { op, payload, length } = choice;
    let inStride = false;
    if (earlier >= 0) {
      inStride = earlier === memory.nextSource(column);
      const distanceLength = inStride ? 0 : bitLength(i - earlier);
      if (CODE_BITS[Op.Reference] + 1 + (inStride ? 0 : LENGTH_BITS) + distanceLength < choice.cost) {
        op = Op.Reference;
        payload = inStride ? 0 : i - earlier;
        length = distanceLength;
      }
    }
    // The leaf's head: its 1 bit, its operation and what comes before a payload.
    let head = (1 << CODE_BITS[op]) | CODE[op];
    let headBits = 1 + CODE_BITS[op];
    if (op === Op.Literal) {
      literals.push(isNumber ? number : value);
    } else if (op === Op.Reference) {
      memory.referred(column, earlier);
      if (inStride) {
        head *= 2;
        headBits += 1;
      } else {
        head = (((head << 1) | 1) << LENGTH_BITS) | length;
        headBits += 1 + LENGTH_BITS;
      }
    } else {
      if (lengthCost(length, previousLength) === 4) {
        head = (head << 4) | (length - previousLength + NEAR);
        headBits += 4;
      } else {
        head = (((head << 1) | 1) << LENGTH_BITS) | length;
        headBits += 1 + LENGTH_BITS;
      }
      memory.setLength(column, length);
    }
    // The run of unchanged leaves before it (as many 0 bits), the head and the payload: in one write when they fit,
    // else the run and the head together when they fit.
    const lead = unchanged + headBits;
    if (lead + length <= 32) {
      bits.write32(head * POWERS[length] + payload, lead + length);
    } else {
      if (lead <= 32) {
        bits.write32(head, lead);
      } else {
        bits.zeros(unchanged);
        bits.write32(head, headBits);
      }
      bits.write(payload, length);
    }
    unchanged = 0;
  }

  bits.zeros(unchanged);

  const header: number[] = [FORMAT, shapeChanged ? SHAPE_CHANGED : 0];
  writeVarint(header, count);
  const shape = shapeChanged ? writeShape(from.shape, to.shape) : new Uint8Array(0);
  if (shapeChanged) writeVarint(header, shape.length);
  const literalBytes = writeLiterals(literals);
  writeVarint(header, literalBytes.length);
  const body = bits.finish();
  const out = new Uint8Array(header.length + shape.length + literalBytes.length + body.length);
  out.set(header, 0);
  out.set(shape, header.length);
  out.set(literalBytes, header.length + shape.length);
  out.set(body, header.length + shape.length + literalBytes.length);
  return out;
}

/**
 * A delta's parts: its format and flags, how many leaves the new analysis has, its new shape (snapshot-shape-text.ts),
 * literals and bits.
 */
export interface DeltaParts {
  format: number;
  shapeChanged: boolean;
  count: number;
  shape: Uint8Array;
  literals: Leaf[];
  bits: Uint8Array;
}

export function deltaParts(delta: Uint8Array): DeltaParts {
  const format = delta[0];
  if (!(format >= 1 && format <= FORMAT)) throw new Error(`snapshot delta: unknown format ${format}`);
  const shapeChanged = (delta[1] & SHAPE_CHANGED) !== 0;
  const at = { offset: 2 };
  const count = readVarint(delta, at);
  const shapeLength = shapeChanged ? readVarint(delta, at) : 0;
  const literalLength = readVarint(delta, at);
  const shape = delta.subarray(at.offset, at.offset + shapeLength);
  at.offset += shapeLength;
  const literals = readLiterals(delta.subarray(at.offset, at.offset + literalLength), format);
  at.offset += literalLength;
  return { format, shapeChanged, count, shape, literals, bits: delta.subarray(at.offset) };
}

/** The analysis that `delta` describes, rebuilt from `base` (the analysis the delta was made against). */
export function decodeSnapshotDelta(base: unknown, delta: Uint8Array): unknown {
  const { format, shapeChanged, count, shape: shapeBytes, literals, bits: body } = deltaParts(delta);
  columnsOf.bound();
  const from = flatOf(base);
  const shape: unknown = shapeChanged ? JSON.parse(readShape(shapeBytes, from.shape, format)) : base;
  // Walked against the base's shape first: the part of it before the first difference is not looked up again.
  const to = shapeChanged ? flattenAgainst(shape, from) : from;
  if (to.numbers.length !== count) throw new Error(`snapshot delta: ${count} leaves expected, the shape has ${to.numbers.length}`);
  const matched = shapeChanged ? counterparts(from, to) : null;
  const relations = format >= 3 ? relationsOf(to.shape) : null;

  const bits = new BitReader(body);
  const leaves = new FlatLeaves(count);
  memory.begin(columnsOf.count);
  let nextLiteral = 0;
  for (let i = 0; i < count; i++) {
    const c = matched === null ? i : matched[i];
    if (bits.read(1) === 0) {
      if (c < 0) throw new Error('snapshot delta: a leaf the base does not have is marked unchanged');
      leaves.copy(i, from, c);
      continue;
    }
    // NaN where the base's leaf is not a number, or there is none.
    const old = c >= 0 ? from.numbers[c] : NaN;
    const column = to.columns[i];
    const op = readOp(bits, format);
    if (op === Op.Literal) {
      leaves.set(i, literals[nextLiteral++]);
    } else if (op === Op.Reference) {
      const source = format >= 3 && bits.read(1) === 0 ? memory.nextSource(column) : i - bits.read(bits.read(LENGTH_BITS));
      if (!(source >= 0 && source < i)) throw new Error('snapshot delta: a reference to no earlier leaf');
      memory.referred(column, source);
      leaves.copy(i, leaves, source);
    } else {
      const length = readLength(bits, memory.length(column));
      memory.setLength(column, length);
      const difference = unzigzag(bits.read(length));
      let value: number;
      if (op === Op.Predicted) {
        const predicted = relations !== null && relations.relation[i] !== Relation.None ? prediction(i, column, old, relations, leaves.numbers, from.numbers, matched) : NaN;
        if (Number.isNaN(predicted)) throw new Error('snapshot delta: a difference from a prediction where none can be made');
        value = addBits(predicted, difference);
      } else {
        // NaN before the column's first difference.
        const exact = op === Op.ColumnDifference ? difference + memory.difference(column) : difference;
        if (Number.isNaN(old) || Number.isNaN(exact)) throw new Error('snapshot delta: a difference from a number the base does not have');
        value = addBits(old, exact);
      }
      leaves.setNumber(i, value);
    }
    const value = leaves.numbers[i];
    if (!Number.isNaN(old) && !Number.isNaN(value)) memory.changedBy(column, bitDifference(old, value));
    if (relations !== null && relations.relation[i] === Relation.Weight && !Number.isNaN(value)) memory.weightChanged(column, i);
  }
  const flat = leaves.flat(to.columns, to.shape);
  const rebuilt = rebuild(shape, flat);
  // The next delta of this outcome is made against this analysis: its flattening is known already.
  rememberFlat(rebuilt, flat);
  forgetFlat(base);
  return rebuilt;
}
