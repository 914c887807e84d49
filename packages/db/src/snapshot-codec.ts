// Versions without repetition: an analysis stored as its difference from the analysis before it.
//
// An analysis is a JSON tree whose leaves are mostly numbers. A delta lists, leaf by leaf in JSON order, what the new
// analysis holds where the base held something else; decoding rebuilds the new tree exactly (its JSON text identical to
// the one computed at that version, number for number), and needs only the base, never a recomputation.
//
// Each changed number is stored as the difference of its IEEE-754 bit pattern from the base's (an exact integer, small
// when the value moved little), or as that difference minus the previous one in the same column (leave-one-out and
// cumulative columns move together), or as a reference to an equal leaf earlier in the same analysis (weights listed
// twice, filled studies mirroring real ones), whichever is shortest; anything else is a literal (snapshot-literals.ts).
// A change of shape (a study added, a longer trim-and-fill) stores the new shape, deflated, and matches leaves by their
// path.
//
// The leaves and shapes compared are flattenings (snapshot-flat.ts); the bits are written by snapshot-bits.ts, the
// references found by snapshot-latest-index.ts. Deltas are stored, so what a format's bytes mean may never change:
// test/snapshot-codec-identity.test.ts checks the encoder against a frozen copy of the one format 1 was written by
// (format 2 differs from it only in how literals are written) and that the decoder reads both.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { addBits, BitReader, bitDifference, bitLength, BitWriter, readVarint, unzigzag, writeVarint, zigzag } from './snapshot-bits.js';
import { columnsOf, enumerable, FlatLeaves, flatOf, flattenAgainst, forgetFlat, isNode, leafAt, rememberFlat, type Flat, type Leaf, type OtherLeaf } from './snapshot-flat.js';
import { LatestIndex } from './snapshot-latest-index.js';
import { readLiterals, writeLiterals } from './snapshot-literals.js';

/** The format deltas are written in; format 1 (literals as JSON, snapshot-literals.ts) is still read. */
const FORMAT = 2;
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

/** Where each node of a flattened shape ends (the position after its subtree) and how many leaves come before it. */
function nodeIndex(shape: Int32Array): { end: Int32Array; leavesBefore: Int32Array } {
  const nodes = shape.length / 2;
  const end = new Int32Array(nodes);
  const leavesBefore = new Int32Array(nodes + 1);
  for (let node = 0; node < nodes; node++) leavesBefore[node + 1] = leavesBefore[node] + (shape[2 * node + 1] === -1 ? 1 : 0);
  // A node's subtree ends after its last child's subtree: walk back to front.
  for (let node = nodes - 1; node >= 0; node--) {
    const kind = shape[2 * node + 1];
    let next = node + 1;
    for (let child = kind === -1 ? 0 : kind >> 1; child > 0; child--) next = end[next];
    end[node] = next;
  }
  return { end, leavesBefore };
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

/** Room for shape texts, reused from one delta to the next (a change of shape writes about 60 KB at k = 200). */
let shapeBytes = new Uint8Array(64 * 1024);
const BYTE = { zero: 0x30, comma: 0x2c, open: 0x7b, close: 0x7d, openArray: 0x5b, closeArray: 0x5d } as const;

/**
 * The shape of a flattened JSON value as JSON text in UTF-8, every leaf written as 0 (what JSON.stringify writes for the
 * value with each leaf replaced by 0), written from the flattening rather than by walking the value again. Valid until
 * the next call.
 */
function shapeText(shape: Int32Array): Uint8Array {
  const columns = columnsOf.byId;
  // Room for the text first (no node needs more than its key, a colon, two brackets and a comma), then no checks.
  let most = 0;
  for (let at = 0; at < shape.length; at += 2) most += columns[shape[at]].keyBytes.length + 3;
  if (most > shapeBytes.length) shapeBytes = new Uint8Array(Math.max(most, 2 * shapeBytes.length));
  const bytes = shapeBytes;
  let length = 0;
  let at = 0;
  const write = () => {
    const kind = shape[at + 1];
    at += 2;
    if (kind === -1) {
      bytes[length++] = BYTE.zero;
      return;
    }
    if ((kind & 1) === 1) {
      bytes[length++] = BYTE.openArray;
      let child = kind >> 1;
      while (child > 0) {
        if (shape[at + 1] === -1) {
          // Most arrays hold leaves: a run of them written here, without a call each, the positions in locals (the
          // closure's own are slower to read and write).
          let written = length;
          let next = at;
          for (; child > 0 && shape[next + 1] === -1; child--) {
            bytes[written++] = BYTE.zero;
            next += 2;
            if (child > 1) bytes[written++] = BYTE.comma;
          }
          length = written;
          at = next;
        } else {
          write();
          if (child-- > 1) bytes[length++] = BYTE.comma;
        }
      }
      bytes[length++] = BYTE.closeArray;
      return;
    }
    bytes[length++] = BYTE.open;
    for (let child = kind >> 1; child > 0; child--) {
      const key = columns[shape[at]].keyBytes;
      bytes.set(key, length);
      length += key.length;
      write();
      if (child > 1) bytes[length++] = BYTE.comma;
    }
    bytes[length++] = BYTE.close;
  };
  write();
  return bytes.subarray(0, length);
}

// ---- the delta ------------------------------------------------------------------------------------------------

const enum Op {
  BitDifference = 0,
  ColumnDifference = 1,
  Reference = 2,
  Literal = 3,
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

/**
 * What the encoder and decoder remember per column as they go: the last exact bit difference and the last payload
 * length. The arrays are kept from one delta to the next, each entry marked with the delta that wrote it (an entry of
 * an earlier delta counts as none): nothing sized to every column ever numbered is made or cleared per delta. They are
 * as long as the column numbering (bounded by its MAX_COLUMNS).
 */
class ColumnMemory {
  private differences = new Float64Array(1024);
  private differenceBy = new Int32Array(1024);
  private lengths = new Int32Array(1024);
  private lengthBy = new Int32Array(1024);
  private delta = 0;

  /** Starts a delta whose columns are numbered up to `columns`. */
  begin(columns: number): void {
    if (columns >= this.differences.length) {
      const size = Math.max(columns + 1, 2 * this.differences.length);
      this.differences = new Float64Array(size);
      this.differenceBy = new Int32Array(size);
      this.lengths = new Int32Array(size);
      this.lengthBy = new Int32Array(size);
    }
    if (++this.delta === 0x7fffffff) {
      this.differenceBy.fill(0);
      this.lengthBy.fill(0);
      this.delta = 1;
    }
  }

  /** The column's last exact bit difference in this delta, NaN before its first. */
  difference(column: number): number {
    return this.differenceBy[column] === this.delta ? this.differences[column] : NaN;
  }

  setDifference(column: number, difference: number): void {
    this.differences[column] = difference;
    this.differenceBy[column] = this.delta;
  }

  /** The column's last payload length in this delta, FIRST_LENGTH before its first. */
  length(column: number): number {
    return this.lengthBy[column] === this.delta ? this.lengths[column] : FIRST_LENGTH;
  }

  setLength(column: number, length: number): void {
    this.lengths[column] = length;
    this.lengthBy[column] = this.delta;
  }
}
const memory = new ColumnMemory();

/** 2^n for n up to 53, to put a head in front of a payload of n bits. */
const POWERS = Float64Array.from({ length: 54 }, (_, n) => 2 ** n);

/**
 * The analysis `next` as a difference from `base` (both JSON values); decodeSnapshotDelta(base, delta) rebuilds it.
 *
 * Each leaf is a 0 bit when unchanged, else a 1, its operation in 2 bits and what the operation needs: a literal
 * nothing (it is in the literals, after the header); a reference the length of its distance in 6 bits, then the
 * distance; a bit difference (direct, or against the column's last one) its length ('0' and the length against the
 * column's last in 3 bits, or '1' and the length in 6; readLength), then the zigzagged difference. The bits of a leaf, and the run of 0
 * bits before it, are put together and written in as few writes as fit (the same bits as one write each).
 */
export function encodeSnapshotDelta(base: unknown, next: unknown): Uint8Array {
  columnsOf.bound();
  const from = flatOf(base);
  // `next` is walked against the base's shape first: most writes change numbers only, and then the shape is shared.
  const to = flatOf(next, from);
  const shapeChanged = to.shape !== from.shape && !equalArrays(from.shape, to.shape);
  const matched = shapeChanged ? counterparts(from, to) : null;

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
    // A literal's cost, near enough to choose by: a number's JSON was about 18 characters (format 1). Every other
    // operation that applies costs less than a number's 64 bits too, so the choices are the same in format 2.
    let cost: number;
    if (isNumber) {
      earlier = seen.swapNumber(number, i);
      cost = 144;
    } else {
      value = to.others[to.otherAt[i]];
      if (c >= 0 && Number.isNaN(old) && from.others[from.otherAt[c]] === value) {
        unchanged++;
        continue;
      }
      earlier = seen.swapOther(value, i);
      cost = value === null || typeof value === 'boolean' ? 2 : 8 * (value.length + 3);
    }
    let op = Op.Literal;
    let payload = 0;
    let length = 0;
    const column = to.columns[i];
    const previousLength = memory.length(column);
    if (isNumber && !Number.isNaN(old)) {
      const difference = bitDifference(old, number);
      // NaN (too large to hold exactly) fails this test too.
      if (Math.abs(difference) < LIMIT) {
        const direct = zigzag(difference);
        const directLength = bitLength(direct);
        const directCost = lengthCost(directLength, previousLength) + directLength;
        if (directCost < cost) {
          op = Op.BitDifference;
          payload = direct;
          length = directLength;
          cost = directCost;
        }
        // NaN before the column's first difference.
        const previous = memory.difference(column);
        if (Math.abs(difference - previous) < LIMIT) {
          const predicted = zigzag(difference - previous);
          const predictedLength = bitLength(predicted);
          const predictedCost = lengthCost(predictedLength, previousLength) + predictedLength;
          if (predictedCost < cost) {
            op = Op.ColumnDifference;
            payload = predicted;
            length = predictedLength;
            cost = predictedCost;
          }
        }
        memory.setDifference(column, difference);
      }
    }
    if (earlier >= 0) {
      const distanceLength = bitLength(i - earlier);
      if (LENGTH_BITS + distanceLength < cost) {
        op = Op.Reference;
        payload = i - earlier;
        length = distanceLength;
      }
    }
    // The leaf's head: its 1 bit, its operation and, before a payload, the payload's length.
    let head: number;
    let headBits: number;
    if (op === Op.Literal) {
      literals.push(isNumber ? number : value);
      head = 4 | Op.Literal;
      headBits = 3;
    } else if (op === Op.Reference) {
      head = ((4 | Op.Reference) << LENGTH_BITS) | length;
      headBits = 3 + LENGTH_BITS;
    } else {
      if (lengthCost(length, previousLength) === 4) {
        head = ((4 | op) << 4) | (length - previousLength + NEAR);
        headBits = 7;
      } else {
        head = ((4 | op) << (1 + LENGTH_BITS)) | (1 << LENGTH_BITS) | length;
        headBits = 3 + 1 + LENGTH_BITS;
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
  const shape = shapeChanged ? deflateRawSync(shapeText(to.shape)) : new Uint8Array(0);
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

/** A delta's parts: its format and flags, how many leaves the new analysis has, its new shape (deflated), literals and bits. */
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
  if (format !== 1 && format !== FORMAT) throw new Error(`snapshot delta: unknown format ${format}`);
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
  const { shapeChanged, count, shape: deflated, literals, bits: body } = deltaParts(delta);
  const shape: unknown = shapeChanged ? JSON.parse(inflateRawSync(deflated).toString('utf8')) : base;

  columnsOf.bound();
  const from = flatOf(base);
  // Walked against the base's shape first: the part of it before the first difference is not looked up again.
  const to = shapeChanged ? flattenAgainst(shape, from) : from;
  if (to.numbers.length !== count) throw new Error(`snapshot delta: ${count} leaves expected, the shape has ${to.numbers.length}`);
  const matched = shapeChanged ? counterparts(from, to) : null;

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
    const op = bits.read(2) as Op;
    if (op === Op.BitDifference || op === Op.ColumnDifference) {
      const length = readLength(bits, memory.length(column));
      memory.setLength(column, length);
      let difference = unzigzag(bits.read(length));
      if (op === Op.ColumnDifference) difference += memory.difference(column);
      leaves.setNumber(i, addBits(old, difference));
      // The encoder's column memory, mirrored: the last exact bit difference seen in each column (this one).
      memory.setDifference(column, difference);
      continue;
    }
    if (op === Op.Literal) leaves.set(i, literals[nextLiteral++]);
    else leaves.copy(i, leaves, i - bits.read(bits.read(LENGTH_BITS)));
    const value = leaves.numbers[i];
    if (!Number.isNaN(value) && !Number.isNaN(old)) {
      const difference = bitDifference(old, value);
      if (Math.abs(difference) < LIMIT) memory.setDifference(column, difference);
    }
  }
  const flat = leaves.flat(to.columns, to.shape);
  const rebuilt = rebuild(shape, flat);
  // The next delta of this outcome is made against this analysis: its flattening is known already.
  rememberFlat(rebuilt, flat);
  forgetFlat(base);
  return rebuilt;
}
