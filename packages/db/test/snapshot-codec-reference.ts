// A frozen copy of the snapshot codec as it was before its encoder was made faster (commit f560b42), kept only for
// tests: the stored format may never change, so the encoder in src/ must write exactly the bytes this one writes, for
// every input (snapshot-codec-identity.test.ts). Do not edit it, not even to tidy it.
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
  /**
   * The tree's shape: in JSON order, each node's column and its kind (-1 a leaf, 2n an object of n children, 2n + 1 an
   * array of n). Two values
   * flattened with the same columns have the same keys, order and array lengths exactly when these are equal.
   */
  shape: Int32Array;
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

// Analyses are plain data: objects, arrays and leaves (nothing with a toJSON of its own). A property JSON leaves
// out (undefined, a function) is left out here too; in an array it is written as null.
const skipped = (value: unknown) => value === undefined || typeof value === 'function' || typeof value === 'symbol';
const isNode = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object';
/** A column: a path with array positions left out. Columns are numbered in the order first met. */
interface Column {
  id: number;
  /** The key it has in its parent as JSON text and a colon, in UTF-8 (for a column of array items, '"[]":'). */
  keyBytes: Uint8Array;
  children: Map<string, Column>;
}

/**
 * Every column met in this process, numbered in the order first met. Only which leaves share a column matters (the
 * numbers themselves are never stored), so encoder and decoder agree in any process. Past MAX_COLUMNS distinct paths
 * (analyses have a few hundred) the numbering starts again, and flattenings made before are not reused.
 */
const MAX_COLUMNS = 100_000;
class Columns {
  root: Column = { id: 0, keyBytes: Buffer.from('"":'), children: new Map() };
  /** Each column by its id: a shape names its nodes' columns, and through them their keys. */
  byId: Column[] = [this.root];
  generation = 0;
  /** How many columns there are (ids run from 0 to count). */
  count = 0;

  child(column: Column, key: string): Column {
    let next = column.children.get(key);
    if (next === undefined) {
      column.children.set(key, (next = { id: ++this.count, keyBytes: Buffer.from(`${JSON.stringify(key)}:`), children: new Map() }));
      this.byId.push(next);
    }
    return next;
  }

  /** Starts a new numbering when the old one has grown past its bound. */
  bound(): void {
    if (this.count < MAX_COLUMNS) return;
    this.root = { id: 0, keyBytes: Buffer.from('"":'), children: new Map() };
    this.byId = [this.root];
    this.count = 0;
    this.generation++;
  }
}
const columnsOf = new Columns();

/**
 * Flattenings of the analyses this process encoded or decoded lately: the base of a delta is the analysis the last
 * write stored, so it is flattened once, not twice. Kept weakly (an analysis no longer held elsewhere goes), and
 * dropped once the analysis has served as a base (a cache of analyses would otherwise hold a flattening beside each).
 */
const flattened = new WeakMap<object, { generation: number; flat: Flat }>();

/** The flattening of `value`, reused when this process made it already (analyses are never changed in place). */
function flatOf(value: unknown): Flat {
  if (!isNode(value)) return flatten(value);
  const known = flattened.get(value);
  if (known && known.generation === columnsOf.generation) return known.flat;
  const flat = flatten(value);
  flattened.set(value, { generation: columnsOf.generation, flat });
  return flat;
}

/** The sizes of the last flattening: the next one (usually the same outcome's next analysis) starts with room for as much. */
const lastSize = { leaves: 1024, nodes: 1024 };

function grown(array: Int32Array): Int32Array {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}

/** The leaves of a JSON value in the order JSON.stringify writes them, with their columns and the value's shape. */
function flatten(root: unknown): Flat {
  const leaves: Leaf[] = [];
  let columns: Int32Array = new Int32Array(lastSize.leaves);
  let shape: Int32Array = new Int32Array(2 * lastSize.nodes);
  let leafCount = 0;
  let shapeLength = 0;
  const leaf = (value: Leaf, column: number) => {
    if (leafCount === columns.length) columns = grown(columns);
    if (shapeLength === shape.length) shape = grown(shape);
    leaves.push(value);
    columns[leafCount++] = column;
    shape[shapeLength++] = column;
    shape[shapeLength++] = -1;
  };
  const visit = (node: unknown, column: Column) => {
    if (!isNode(node)) {
      leaf(normalLeaf(node), column.id);
      return;
    }
    if (shapeLength === shape.length) shape = grown(shape);
    const at = shapeLength;
    shape[shapeLength++] = column.id;
    shapeLength++;
    let children = 0;
    if (Array.isArray(node)) {
      const items = columnsOf.child(column, '[]');
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (typeof item === 'number') {
          // Most leaves are numbers in arrays (leave-one-out, cumulative, weights): no normalLeaf call per leaf.
          leaf(Number.isFinite(item) ? (item === 0 ? 0 : item) : null, items.id);
        } else {
          visit(skipped(item) ? null : item, items);
        }
      }
      children = node.length;
    } else {
      // Object.keys lists an object's own keys in the order for...in and JSON.stringify take them.
      const keys = Object.keys(node);
      for (let i = 0; i < keys.length; i++) {
        const item = node[keys[i]];
        if (skipped(item)) continue;
        visit(item, columnsOf.child(column, keys[i]));
        children++;
      }
    }
    // An object of n children is 2n, an array 2n + 1.
    shape[at + 1] = 2 * children + (Array.isArray(node) ? 1 : 0);
  };
  visit(root, columnsOf.root);
  lastSize.leaves = leafCount;
  lastSize.nodes = shapeLength / 2;
  return { leaves, columns: columns.slice(0, leafCount), shape: shape.slice(0, shapeLength) };
}

function equalArrays(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
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
  const matched = new Int32Array(next.leaves.length).fill(-1);
  const b = nodeIndex(base.shape);
  const n = nodeIndex(next.shape);
  const align = (baseNode: number, nextNode: number) => {
    const nextKind = next.shape[2 * nextNode + 1];
    const baseKind = base.shape[2 * baseNode + 1];
    if (nextKind === -1) {
      if (baseKind === -1) matched[n.leavesBefore[nextNode]] = b.leavesBefore[baseNode];
      return;
    }
    if (baseKind === -1 || (baseKind & 1) !== (nextKind & 1)) return;
    const baseChildren: number[] = [];
    for (let child = baseNode + 1; child < b.end[baseNode]; child = b.end[child]) baseChildren.push(child);
    if (nextKind & 1) {
      let i = 0;
      for (let child = nextNode + 1; child < n.end[nextNode]; child = n.end[child], i++) if (i < baseChildren.length) align(baseChildren[i], child);
      return;
    }
    // Objects usually keep their keys in order: children are paired in step until a key differs, then by key.
    let i = 0;
    let child = nextNode + 1;
    for (; child < n.end[nextNode] && i < baseChildren.length && base.shape[2 * baseChildren[i]] === next.shape[2 * child]; child = n.end[child], i++) {
      align(baseChildren[i], child);
    }
    if (child === n.end[nextNode]) return;
    const byColumn = new Map(baseChildren.map((baseChild) => [base.shape[2 * baseChild], baseChild]));
    for (; child < n.end[nextNode]; child = n.end[child]) {
      const found = byColumn.get(next.shape[2 * child]);
      if (found !== undefined) align(found, child);
    }
  };
  align(0, 0);
  return matched;
}

/** The tree of `shape` with its leaves replaced, in order, by `leaves`. */
function rebuild(shape: unknown, leaves: Leaf[]): unknown {
  let next = 0;
  const build = (node: unknown): unknown => {
    if (!isNode(node)) return leaves[next++];
    if (Array.isArray(node)) return node.map((item) => build(skipped(item) ? null : item));
    const out: Record<string, unknown> = {};
    for (const key in node) if (Object.hasOwn(node, key) && !skipped(node[key])) out[key] = build(node[key]);
    return out;
  };
  return build(shape);
}

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
  let length = 0;
  const room = (bytes: number) => {
    if (length + bytes <= shapeBytes.length) return;
    const grown = new Uint8Array(Math.max(2 * shapeBytes.length, length + bytes));
    grown.set(shapeBytes.subarray(0, length));
    shapeBytes = grown;
  };
  let at = 0;
  const write = () => {
    const kind = shape[at + 1];
    at += 2;
    room(2);
    if (kind === -1) {
      shapeBytes[length++] = BYTE.zero;
      return;
    }
    const array = (kind & 1) === 1;
    shapeBytes[length++] = array ? BYTE.openArray : BYTE.open;
    for (let child = kind >> 1, first = true; child > 0; child--, first = false) {
      if (!first) {
        room(1);
        shapeBytes[length++] = BYTE.comma;
      }
      if (!array) {
        const key = columns[shape[at]].keyBytes;
        room(key.length);
        shapeBytes.set(key, length);
        length += key.length;
      }
      write();
    }
    room(1);
    shapeBytes[length++] = array ? BYTE.closeArray : BYTE.close;
  };
  write();
  return shapeBytes.subarray(0, length);
}

/**
 * The latest index of each value met, as a Map<Leaf, number> would keep it, with numbers (most changed leaves) in an
 * open-addressed table of their own: a Map hashes each double as an object key, which cost a quarter of the encoding.
 */
class LatestIndex {
  private static keys = new Float64Array(1 << 12);
  private static indices = new Int32Array(1 << 12);
  /** Which call a slot was filled by: slots of earlier calls count as empty, so nothing is cleared between calls. */
  private static filledBy = new Int32Array(1 << 12);
  private static calls = 0;
  private readonly call = ++LatestIndex.calls;
  private size = 0;
  private readonly others = new Map<Leaf, number>();

  get(value: Leaf): number | undefined {
    if (typeof value !== 'number') return this.others.get(value);
    const slot = this.slotOf(value);
    return LatestIndex.filledBy[slot] === this.call ? LatestIndex.indices[slot] : undefined;
  }

  set(value: Leaf, index: number): void {
    if (typeof value !== 'number') {
      this.others.set(value, index);
      return;
    }
    let slot = this.slotOf(value);
    if (LatestIndex.filledBy[slot] !== this.call) {
      // Kept at most half full; a larger table is refilled from this call's slots.
      if (2 * (this.size + 1) > LatestIndex.keys.length) {
        this.grow();
        slot = this.slotOf(value);
      }
      this.size++;
      LatestIndex.filledBy[slot] = this.call;
      LatestIndex.keys[slot] = value;
    }
    LatestIndex.indices[slot] = index;
  }

  /** The slot holding `value`, or the empty slot where it would go (linear probing). */
  private slotOf(value: number): number {
    const { keys, filledBy } = LatestIndex;
    const mask = keys.length - 1;
    view.setFloat64(0, value);
    let slot = (Math.imul(view.getInt32(0) ^ Math.imul(view.getInt32(4), 0x9e3779b1), 0x85ebca6b) >>> 0) & mask;
    while (filledBy[slot] === this.call && keys[slot] !== value) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { keys, indices, filledBy } = LatestIndex;
    LatestIndex.keys = new Float64Array(keys.length * 2);
    LatestIndex.indices = new Int32Array(keys.length * 2);
    LatestIndex.filledBy = new Int32Array(keys.length * 2);
    for (let slot = 0; slot < keys.length; slot++) {
      if (filledBy[slot] !== this.call) continue;
      const moved = this.slotOf(keys[slot]);
      LatestIndex.filledBy[moved] = this.call;
      LatestIndex.keys[moved] = keys[slot];
      LatestIndex.indices[moved] = indices[slot];
    }
  }
}

// ---- bit patterns ---------------------------------------------------------------------------------------------

const view = new DataView(new ArrayBuffer(8));

/** The exact integer difference of two finite numbers' bit patterns, or null when it is too large to hold exactly. */
function bitDifference(from: number, to: number): number | null {
  view.setFloat64(0, from);
  const fromHigh = view.getUint32(0);
  const fromLow = view.getUint32(4);
  view.setFloat64(0, to);
  const high = view.getUint32(0) - fromHigh;
  if (Math.abs(high) >= 2 ** 19) return null;
  return high * TWO_32 + (view.getUint32(4) - fromLow);
}

/** The number whose bit pattern is `from`'s plus `difference`. */
function addBits(from: number, difference: number): number {
  view.setFloat64(0, from);
  const fromHigh = view.getUint32(0);
  const fromLow = view.getUint32(4);
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

  /** Writes `count` bits (up to 53) of a non-negative integer below 2^count, most significant first. */
  write(value: number, count: number): void {
    // Callers pass values below 2^count, so up to 24 bits need no splitting.
    if (count <= 24) {
      this.writeSmall(value, count);
      return;
    }
    let left = count;
    while (left > 24) {
      left -= 24;
      this.writeSmall(Math.floor(value / POWERS[left]) % POWERS[24], 24);
    }
    this.writeSmall(value % POWERS[left], left);
  }

  /** Writes `count` zero bits (a run of unchanged leaves). */
  zeros(count: number): void {
    let left = count;
    for (; left > 24; left -= 24) this.writeSmall(0, 24);
    this.writeSmall(0, left);
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

/**
 * What the encoder and decoder remember per column as they go: the last exact bit difference (NaN: none yet) and the
 * last payload length. Made once every column of the delta is numbered.
 */
function columnMemory(): { lastDifference: Float64Array; lastLength: Int32Array } {
  return { lastDifference: new Float64Array(columnsOf.count + 1).fill(NaN), lastLength: new Int32Array(columnsOf.count + 1).fill(FIRST_LENGTH) };
}

/** The analysis `next` as a difference from `base` (both JSON values); decodeSnapshotDelta(base, delta) rebuilds it. */
export function encodeSnapshotDelta(base: unknown, next: unknown): Uint8Array {
  columnsOf.bound();
  const from = flatOf(base);
  const to = flatOf(next);
  const shapeChanged = !equalArrays(from.shape, to.shape);
  const matched = shapeChanged ? counterparts(from, to) : null;

  // The base will not be a base again (the next delta is made against `next`): its flattening need not stay in memory.
  if (isNode(base) && base !== next) flattened.delete(base);

  const bits = new BitWriter();
  const literals: Leaf[] = [];
  /** Each changed leaf's value, at its latest index. */
  const seen = new LatestIndex();
  const { lastDifference, lastLength } = columnMemory();
  const values = to.leaves;
  let unchanged = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    const c = matched ? matched[i] : i;
    const old = c >= 0 ? from.leaves[c] : undefined;
    if (old === value) {
      unchanged++;
      continue;
    }
    // Changed leaves are remembered for references (a weight listed twice changes in both places).
    const earlier = seen.get(value);
    seen.set(value, i);
    // Each unchanged leaf is a 0 bit: a run of them is written at once.
    bits.zeros(unchanged);
    unchanged = 0;
    bits.write(1, 1);
    let op = Op.Literal;
    let payload = 0;
    // A literal's cost, near enough to choose by: a number's JSON is about 18 characters.
    let cost = value === null || typeof value === 'boolean' ? 2 : typeof value === 'number' ? 144 : 8 * (value.length + 3);
    const column = to.columns[i];
    const previousLength = lastLength[column];
    if (typeof value === 'number' && typeof old === 'number') {
      const difference = bitDifference(old, value);
      if (difference !== null && Math.abs(difference) < LIMIT) {
        const direct = zigzag(difference);
        const directCost = lengthCost(bitLength(direct), previousLength) + bitLength(direct);
        if (directCost < cost) {
          op = Op.BitDifference;
          payload = direct;
          cost = directCost;
        }
        const previous = lastDifference[column];
        if (!Number.isNaN(previous) && Math.abs(difference - previous) < LIMIT) {
          const predicted = zigzag(difference - previous);
          const predictedCost = lengthCost(bitLength(predicted), previousLength) + bitLength(predicted);
          if (predictedCost < cost) {
            op = Op.ColumnDifference;
            payload = predicted;
            cost = predictedCost;
          }
        }
        lastDifference[column] = difference;
      }
    }
    if (earlier !== undefined && LENGTH_BITS + bitLength(i - earlier) < cost) {
      op = Op.Reference;
      payload = i - earlier;
    }
    bits.write(op, 2);
    if (op === Op.Literal) {
      literals.push(value);
    } else if (op === Op.Reference) {
      bits.write(bitLength(payload), LENGTH_BITS);
      bits.write(payload, bitLength(payload));
    } else {
      writeLength(bits, bitLength(payload), previousLength);
      lastLength[column] = bitLength(payload);
      bits.write(payload, bitLength(payload));
    }
  }

  bits.zeros(unchanged);

  const header: number[] = [FORMAT, shapeChanged ? SHAPE_CHANGED : 0];
  writeVarint(header, values.length);
  const shape = shapeChanged ? deflateRawSync(shapeText(to.shape)) : new Uint8Array(0);
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

  columnsOf.bound();
  const from = flatOf(base);
  const to = shapeChanged ? flatten(shape) : from;
  if (to.leaves.length !== count) throw new Error(`snapshot delta: ${count} leaves expected, the shape has ${to.leaves.length}`);
  const matched = shapeChanged ? counterparts(from, to) : null;

  const bits = new BitReader(delta.subarray(at.offset));
  const leaves: Leaf[] = new Array<Leaf>(count);
  const { lastDifference, lastLength } = columnMemory();
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
      const length = readLength(bits, lastLength[to.columns[i]]);
      lastLength[to.columns[i]] = length;
      const difference = unzigzag(bits.read(length));
      value = addBits(old as number, op === Op.BitDifference ? difference : difference + lastDifference[to.columns[i]]);
    }
    leaves[i] = value;
    // The encoder's column memory, mirrored: the last exact bit difference seen in each column.
    if (typeof value === 'number' && typeof old === 'number') {
      const difference = bitDifference(old, value);
      if (difference !== null && Math.abs(difference) < LIMIT) lastDifference[to.columns[i]] = difference;
    }
  }
  const rebuilt = rebuild(shape, leaves);
  // The next delta of this outcome is made against this analysis: its flattening is known already.
  if (isNode(rebuilt)) flattened.set(rebuilt, { generation: columnsOf.generation, flat: { leaves, columns: to.columns, shape: to.shape } });
  if (isNode(base)) flattened.delete(base);
  return rebuilt;
}
