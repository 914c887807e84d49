// Versions without repetition: an analysis stored as its difference from the analysis before it.
//
// An analysis is a JSON tree whose leaves are mostly numbers. A delta lists, leaf by leaf in JSON order, what the new
// analysis holds where the base held something else; decoding rebuilds the new tree exactly (its JSON text identical to
// the one computed at that version, number for number), and needs only the base, never a recomputation.
//
// Each changed number is stored as the difference of its IEEE-754 bit pattern from the base's (an exact integer, small
// when the value moved little), or as that difference minus the previous one in the same column (leave-one-out and
// cumulative columns move together), or as a reference to an equal leaf earlier in the same analysis (weights listed
// twice, filled studies mirroring real ones), whichever is shortest; anything else is a JSON literal. A change of shape
// (a study added, a longer trim-and-fill) stores the new shape, deflated, and matches leaves by their path.
import { deflateRawSync, inflateRawSync } from 'node:zlib';

type Leaf = null | boolean | number | string;

interface Flat {
  leaves: Leaf[];
  /**
   * Each leaf's column, numbered: leaves share a column when their paths are the same once array positions are left
   * out (every `/leaveOneOut/estimate/i`, every `/studies/i/weight`).
   */
  columns: Int32Array;
}

const FORMAT = 1;
const SHAPE_CHANGED = 1;
const TWO_32 = 2 ** 32;
/** Bit-pattern differences are exact doubles below 2^52; larger ones are written as literals. */
const LIMIT = 2 ** 51;

/** The value JSON.stringify writes for a leaf: non-finite numbers become null, -0 becomes 0. */
function normalLeaf(value: unknown): Leaf {
  if (typeof value === 'number') return Number.isFinite(value) ? (value === 0 ? 0 : value) : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return null;
}

const skipped = (value: unknown) => value === undefined || typeof value === 'function' || typeof value === 'symbol';
const isNode = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object';
/** Analyses are plain data: objects, arrays and leaves, nothing with a toJSON of its own. */
const jsonValue = (value: unknown): unknown => value;
/** The children of a JSON node in the order JSON.stringify writes them, as [key, value] (arrays: positions). */
function childrenOf(node: Record<string, unknown>): [string, unknown][] {
  if (Array.isArray(node)) return node.map((item, i) => [String(i), skipped(item) ? null : item]);
  const out: [string, unknown][] = [];
  for (const key of Object.keys(node)) if (!skipped(node[key])) out.push([key, node[key]]);
  return out;
}

/** A column: a path with array positions left out, numbered in the order first met. */
interface Column {
  id: number;
  children: Map<string, Column>;
}

/** The leaves of a JSON value in the order JSON.stringify writes them, with their columns. */
function flatten(root: unknown): Flat {
  const leaves: Leaf[] = [];
  const columns: number[] = [];
  let count = 0;
  const child = (column: Column, key: string) => {
    let next = column.children.get(key);
    if (next === undefined) column.children.set(key, (next = { id: ++count, children: new Map() }));
    return next;
  };
  const visit = (raw: unknown, column: Column) => {
    const node = jsonValue(raw);
    if (!isNode(node)) {
      leaves.push(normalLeaf(node));
      columns.push(column.id);
      return;
    }
    if (Array.isArray(node)) {
      const items = child(column, '[]');
      for (let i = 0; i < node.length; i++) visit(skipped(node[i]) ? null : node[i], items);
      return;
    }
    for (const key of Object.keys(node)) if (!skipped(node[key])) visit(node[key], child(column, key));
  };
  visit(root, { id: 0, children: new Map() });
  return { leaves, columns: Int32Array.from(columns) };
}

/** How many leaves a JSON value has. */
function leafCount(raw: unknown): number {
  const node = jsonValue(raw);
  if (!isNode(node)) return 1;
  let count = 0;
  for (const [, item] of childrenOf(node)) count += leafCount(item);
  return count;
}

/**
 * For each leaf of `next`, the index of the leaf of `base` at the same path (-1 where `base` has none): the two are
 * walked together, arrays matched position by position and objects key by key.
 */
function counterparts(base: unknown, next: unknown): Int32Array {
  const matched: number[] = [];
  const none = (raw: unknown) => {
    for (let n = leafCount(raw); n > 0; n--) matched.push(-1);
  };
  const align = (rawBase: unknown, baseStart: number, rawNext: unknown) => {
    const b = jsonValue(rawBase);
    const n = jsonValue(rawNext);
    if (!isNode(n)) {
      matched.push(isNode(b) ? -1 : baseStart);
      return;
    }
    if (!isNode(b) || Array.isArray(b) !== Array.isArray(n)) {
      none(n);
      return;
    }
    const starts = new Map<string, [number, unknown]>();
    let at = baseStart;
    for (const [key, item] of childrenOf(b)) {
      starts.set(key, [at, item]);
      at += leafCount(item);
    }
    for (const [key, item] of childrenOf(n)) {
      const found = starts.get(key);
      if (found) align(found[1], found[0], item);
      else none(item);
    }
  };
  align(base, 0, next);
  return Int32Array.from(matched);
}

/** Whether two JSON values have the same keys in the same order and the same array lengths (leaves aside). */
function sameShape(a: unknown, b: unknown): boolean {
  const x = jsonValue(a);
  const y = jsonValue(b);
  if (!isNode(x) || !isNode(y)) return !isNode(x) && !isNode(y);
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  if (Array.isArray(x) && Array.isArray(y)) {
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameShape(skipped(x[i]) ? null : x[i], skipped(y[i]) ? null : y[i])) return false;
    return true;
  }
  const xKeys = Object.keys(x).filter((key) => !skipped(x[key]));
  const yKeys = Object.keys(y).filter((key) => !skipped(y[key]));
  if (xKeys.length !== yKeys.length) return false;
  for (let i = 0; i < xKeys.length; i++) {
    if (xKeys[i] !== yKeys[i] || !sameShape(x[xKeys[i]], y[yKeys[i]])) return false;
  }
  return true;
}

/** The tree of `shape` with its leaves replaced, in order, by `leaves`. */
function rebuild(shape: unknown, leaves: Leaf[]): unknown {
  let next = 0;
  const build = (raw: unknown): unknown => {
    const node = jsonValue(raw);
    if (!isNode(node)) return leaves[next++];
    if (Array.isArray(node)) return node.map((item) => build(skipped(item) ? null : item));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(node)) if (!skipped(node[key])) out[key] = build(node[key]);
    return out;
  };
  return build(shape);
}

/** The shape of a JSON value as JSON text, every leaf written as 0. */
const shapeText = (value: unknown) => JSON.stringify(value, (_key, item: unknown) => (skipped(item) ? undefined : isNode(item) ? item : 0));

// ---- bit patterns ---------------------------------------------------------------------------------------------

const view = new DataView(new ArrayBuffer(8));
function highLow(value: number): [number, number] {
  view.setFloat64(0, value);
  return [view.getUint32(0), view.getUint32(4)];
}

/** The exact integer difference of two finite numbers' bit patterns, or null when it is too large to hold exactly. */
function bitDifference(from: number, to: number): number | null {
  const [fromHigh, fromLow] = highLow(from);
  const [toHigh, toLow] = highLow(to);
  const high = toHigh - fromHigh;
  if (Math.abs(high) >= 2 ** 19) return null;
  return high * TWO_32 + (toLow - fromLow);
}

/** The number whose bit pattern is `from`'s plus `difference`. */
function addBits(from: number, difference: number): number {
  const [fromHigh, fromLow] = highLow(from);
  const lowPart = ((difference % TWO_32) + TWO_32) % TWO_32;
  let low = fromLow + lowPart;
  let high = fromHigh + (difference - lowPart) / TWO_32;
  if (low >= TWO_32) {
    low -= TWO_32;
    high += 1;
  }
  view.setUint32(0, high >>> 0);
  view.setUint32(4, low >>> 0);
  return view.getFloat64(0);
}

const zigzag = (value: number) => (value >= 0 ? value * 2 : -value * 2 - 1);
const unzigzag = (value: number) => (value % 2 === 0 ? value / 2 : -(value + 1) / 2);
function bitLength(value: number): number {
  if (value === 0) return 0;
  if (value < TWO_32) return 32 - Math.clz32(value);
  return 64 - Math.clz32(Math.floor(value / TWO_32));
}

// ---- bit streams ----------------------------------------------------------------------------------------------

const POWERS = Array.from({ length: 54 }, (_, n) => 2 ** n);

class BitWriter {
  private bytes = new Uint8Array(1024);
  private length = 0;
  /** Fewer than 8 bits wait here between writes. */
  private accumulator = 0;
  private pending = 0;

  /** Writes `count` bits (up to 53) of a non-negative integer, most significant first. */
  write(value: number, count: number): void {
    let left = count;
    while (left > 24) {
      left -= 24;
      this.writeSmall(Math.floor(value / POWERS[left]) % POWERS[24], 24);
    }
    this.writeSmall(value % POWERS[left], left);
  }

  private writeSmall(value: number, count: number): void {
    this.accumulator = (this.accumulator << count) | value;
    this.pending += count;
    while (this.pending >= 8) {
      this.pending -= 8;
      this.push((this.accumulator >>> this.pending) & 255);
    }
    this.accumulator &= (1 << this.pending) - 1;
  }

  private push(byte: number): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = byte;
  }

  finish(): Uint8Array {
    if (this.pending > 0) this.writeSmall(0, 8 - this.pending);
    return this.bytes.subarray(0, this.length);
  }
}

class BitReader {
  private position = 0;
  private accumulator = 0;
  private available = 0;

  constructor(private readonly bytes: Uint8Array) {}

  read(count: number): number {
    let left = count;
    let value = 0;
    while (left > 24) {
      left -= 24;
      value = value * POWERS[24] + this.readSmall(24);
    }
    return value * POWERS[left] + this.readSmall(left);
  }

  private readSmall(count: number): number {
    while (this.available < count) {
      if (this.position >= this.bytes.length) throw new Error('snapshot delta: the bit stream ends early');
      this.accumulator = ((this.accumulator << 8) | this.bytes[this.position++]) >>> 0;
      this.available += 8;
    }
    this.available -= count;
    const value = (this.accumulator >>> this.available) & ((1 << count) - 1);
    this.accumulator &= (1 << this.available) - 1;
    return value;
  }
}

// ---- byte framing ---------------------------------------------------------------------------------------------

function writeVarint(out: number[], value: number): void {
  let rest = value;
  while (rest >= 128) {
    out.push((rest % 128) | 128);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
}

function readVarint(bytes: Uint8Array, at: { offset: number }): number {
  let value = 0;
  let scale = 1;
  for (;;) {
    const byte = bytes[at.offset++];
    if (byte === undefined) throw new Error('snapshot delta: the header ends early');
    value += (byte & 127) * scale;
    if (byte < 128) return value;
    scale *= 128;
  }
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
function writeLength(bits: BitWriter, length: number, previous: number): void {
  if (lengthCost(length, previous) === 4) {
    bits.write(0, 1);
    bits.write(length - previous + NEAR, 3);
  } else {
    bits.write(1, 1);
    bits.write(length, LENGTH_BITS);
  }
}
const readLength = (bits: BitReader, previous: number) => (bits.read(1) === 0 ? previous + bits.read(3) - NEAR : bits.read(LENGTH_BITS));
/** The length a column's first change is written against. */
const FIRST_LENGTH = 40;

/** The analysis `next` as a difference from `base` (both JSON values); decodeSnapshotDelta(base, delta) rebuilds it. */
export function encodeSnapshotDelta(base: unknown, next: unknown): Uint8Array {
  const shapeChanged = !sameShape(base, next);
  const from = flatten(base);
  const to = shapeChanged ? flatten(next) : from;
  const matched = shapeChanged ? counterparts(base, next) : null;

  const bits = new BitWriter();
  const literals: Leaf[] = [];
  const seen = new Map<Leaf, number>();
  const lastDifference = new Map<number, number>();
  const lastLength = new Map<number, number>();
  const values = shapeChanged ? to.leaves : flatten(next).leaves;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    const c = matched ? matched[i] : i;
    const old = c >= 0 ? from.leaves[c] : undefined;
    const earlier = seen.get(value);
    seen.set(value, i);
    if (old === value) {
      bits.write(0, 1);
      continue;
    }
    bits.write(1, 1);
    let op = Op.Literal;
    let payload = 0;
    // A literal's cost, near enough to choose by: a number's JSON is about 18 characters.
    let cost = value === null || typeof value === 'boolean' ? 2 : typeof value === 'number' ? 144 : 8 * (value.length + 3);
    const column = to.columns[i];
    const previousLength = lastLength.get(column) ?? FIRST_LENGTH;
    if (typeof value === 'number' && typeof old === 'number') {
      const difference = bitDifference(old, value);
      if (difference !== null && Math.abs(difference) < LIMIT) {
        const direct = zigzag(difference);
        const directCost = lengthCost(bitLength(direct), previousLength) + bitLength(direct);
        if (directCost < cost) [op, payload, cost] = [Op.BitDifference, direct, directCost];
        const previous = lastDifference.get(column);
        if (previous !== undefined && Math.abs(difference - previous) < LIMIT) {
          const predicted = zigzag(difference - previous);
          const predictedCost = lengthCost(bitLength(predicted), previousLength) + bitLength(predicted);
          if (predictedCost < cost) [op, payload, cost] = [Op.ColumnDifference, predicted, predictedCost];
        }
        lastDifference.set(column, difference);
      }
    }
    if (earlier !== undefined && LENGTH_BITS + bitLength(i - earlier) < cost) [op, payload] = [Op.Reference, i - earlier];
    bits.write(op, 2);
    if (op === Op.Literal) {
      literals.push(value);
    } else if (op === Op.Reference) {
      bits.write(bitLength(payload), LENGTH_BITS);
      bits.write(payload, bitLength(payload));
    } else {
      writeLength(bits, bitLength(payload), previousLength);
      lastLength.set(column, bitLength(payload));
      bits.write(payload, bitLength(payload));
    }
  }

  const header: number[] = [FORMAT, shapeChanged ? SHAPE_CHANGED : 0];
  writeVarint(header, values.length);
  const shape = shapeChanged ? deflateRawSync(shapeText(next)) : new Uint8Array(0);
  if (shapeChanged) writeVarint(header, shape.length);
  const literalBytes = literals.length > 0 ? Buffer.from(JSON.stringify(literals)) : new Uint8Array(0);
  writeVarint(header, literalBytes.length);
  const body = bits.finish();
  const out = new Uint8Array(header.length + shape.length + literalBytes.length + body.length);
  out.set(header, 0);
  out.set(shape, header.length);
  out.set(literalBytes, header.length + shape.length);
  out.set(body, header.length + shape.length + literalBytes.length);
  return out;
}

/** The analysis that `delta` describes, rebuilt from `base` (the analysis the delta was made against). */
export function decodeSnapshotDelta(base: unknown, delta: Uint8Array): unknown {
  if (delta[0] !== FORMAT) throw new Error(`snapshot delta: unknown format ${delta[0]}`);
  const shapeChanged = (delta[1] & SHAPE_CHANGED) !== 0;
  const at = { offset: 2 };
  const count = readVarint(delta, at);
  const shapeLength = shapeChanged ? readVarint(delta, at) : 0;
  const literalLength = readVarint(delta, at);
  let shape: unknown = base;
  if (shapeChanged) {
    shape = JSON.parse(inflateRawSync(delta.subarray(at.offset, at.offset + shapeLength)).toString('utf8'));
    at.offset += shapeLength;
  }
  const literals = literalLength > 0 ? (JSON.parse(Buffer.from(delta.subarray(at.offset, at.offset + literalLength)).toString('utf8')) as Leaf[]) : [];
  at.offset += literalLength;

  const from = flatten(base);
  const to = shapeChanged ? flatten(shape) : from;
  if (to.leaves.length !== count) throw new Error(`snapshot delta: ${count} leaves expected, the shape has ${to.leaves.length}`);
  const matched = shapeChanged ? counterparts(base, shape) : null;

  const bits = new BitReader(delta.subarray(at.offset));
  const leaves: Leaf[] = new Array<Leaf>(count);
  const lastDifference = new Map<number, number>();
  const lastLength = new Map<number, number>();
  let nextLiteral = 0;
  for (let i = 0; i < count; i++) {
    const c = matched ? matched[i] : i;
    const old = c >= 0 ? from.leaves[c] : undefined;
    if (bits.read(1) === 0) {
      leaves[i] = old as Leaf;
      continue;
    }
    const op = bits.read(2) as Op;
    let value: Leaf;
    if (op === Op.Literal) {
      value = literals[nextLiteral++];
    } else if (op === Op.Reference) {
      value = leaves[i - bits.read(bits.read(LENGTH_BITS))];
    } else {
      const length = readLength(bits, lastLength.get(to.columns[i]) ?? FIRST_LENGTH);
      lastLength.set(to.columns[i], length);
      const difference = unzigzag(bits.read(length));
      value = addBits(old as number, op === Op.BitDifference ? difference : difference + lastDifference.get(to.columns[i])!);
    }
    leaves[i] = value;
    // The encoder's column memory, mirrored: the last exact bit difference seen in each column.
    if (typeof value === 'number' && typeof old === 'number') {
      const difference = bitDifference(old, value);
      if (difference !== null && Math.abs(difference) < LIMIT) lastDifference.set(to.columns[i], difference);
    }
  }
  return rebuild(shape, leaves);
}
