// The flattening of an analysis for its snapshot deltas (snapshot-codec.ts): its leaves in the order JSON.stringify
// writes them, each leaf's column (its path with array positions left out), and the tree's shape.
//
// Leaves that are numbers (nearly all of them) are kept in a Float64Array: a JS array mixing numbers and strings boxes
// every double it holds, and the allocations of those boxes were a large part of the cost of flattening.

export type Leaf = null | boolean | number | string;
/** A leaf that is not a number. */
export type OtherLeaf = Exclude<Leaf, number>;

export interface Flat {
  /** Each leaf that is a number; NaN where the leaf is not a number (no leaf is NaN: JSON writes NaN as null). */
  numbers: Float64Array;
  /** Where the leaf is not a number, its index in `others`; -1 where it is one. */
  otherAt: Int32Array;
  /** The leaves that are not numbers (strings, booleans, nulls), in order. */
  others: OtherLeaf[];
  /**
   * Each leaf's column, numbered: leaves share a column when their paths are the same once array positions are left
   * out (every `/leaveOneOut/estimate/i`, every `/studies/i/weight`).
   */
  columns: Int32Array;
  /**
   * The tree's shape: in JSON order, each node's column and its kind (-1 a leaf, 2n an object of n children, 2n + 1 an
   * array of n). Two values flattened with the same columns have the same keys, order and array lengths exactly when
   * these are equal. Flattenings of the same shape share this array (and `columns`): neither is changed once made.
   */
  shape: Int32Array;
}

/** The leaf at `index`, as the value JSON.stringify writes. */
export function leafAt(flat: Pick<Flat, 'numbers' | 'otherAt' | 'others'>, index: number): Leaf {
  const other = flat.otherAt[index];
  return other < 0 ? flat.numbers[index] : flat.others[other];
}

/** Leaves put one by one into a flattening whose shape (and columns) are known already (a decoder's leaves). */
export class FlatLeaves {
  readonly numbers: Float64Array;
  readonly otherAt: Int32Array;
  readonly others: OtherLeaf[] = [];

  constructor(count: number) {
    this.numbers = new Float64Array(count);
    this.otherAt = new Int32Array(count);
  }

  set(index: number, value: Leaf): void {
    if (typeof value === 'number') {
      this.numbers[index] = value;
      this.otherAt[index] = -1;
    } else {
      this.numbers[index] = NaN;
      this.otherAt[index] = this.others.length;
      this.others.push(value);
    }
  }

  setNumber(index: number, value: number): void {
    this.numbers[index] = value;
    this.otherAt[index] = -1;
  }

  /** Puts the leaf `source` has at `at` (another flattening's, or this one's) at `index`. */
  copy(index: number, source: Pick<Flat, 'numbers' | 'otherAt' | 'others'>, at: number): void {
    const other = source.otherAt[at];
    if (other < 0) this.setNumber(index, source.numbers[at]);
    else this.set(index, source.others[other]);
  }

  flat(columns: Int32Array, shape: Int32Array): Flat {
    return { numbers: this.numbers, otherAt: this.otherAt, others: this.others, columns, shape };
  }
}

/** The value JSON.stringify writes for a number leaf: non-finite numbers become null (NaN here), -0 becomes 0. */
const normalNumber = (value: number) => (Number.isFinite(value) ? (value === 0 ? 0 : value) : NaN);

// Analyses are plain data: objects, arrays and leaves (nothing with a toJSON of its own). A property JSON leaves
// out (undefined, a function) is left out here too; in an array it is written as null.
const skipped = (value: unknown) => value === undefined || typeof value === 'function' || typeof value === 'symbol';
export const isNode = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object';

/** A column: a path with array positions left out. Columns are numbered in the order first met. */
export interface Column {
  id: number;
  /** Its key in its parent ('[]' for a column of array items). */
  key: string;
  /** The key as JSON text and a colon, in UTF-8 (for a column of array items, '"[]":'). */
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
  root: Column = Columns.column(0, '');
  /** Each column by its id: a shape names its nodes' columns, and through them their keys. */
  byId: Column[] = [this.root];
  generation = 0;
  /** How many columns there are (ids run from 0 to count). */
  count = 0;

  private static column(id: number, key: string): Column {
    return { id, key, keyBytes: Buffer.from(`${JSON.stringify(key)}:`), children: new Map() };
  }

  child(column: Column, key: string): Column {
    let next = column.children.get(key);
    if (next === undefined) {
      column.children.set(key, (next = Columns.column(++this.count, key)));
      this.byId.push(next);
    }
    return next;
  }

  /** Starts a new numbering when the old one has grown past its bound. */
  bound(): void {
    if (this.count < MAX_COLUMNS) return;
    this.root = Columns.column(0, '');
    this.byId = [this.root];
    this.count = 0;
    this.generation++;
  }
}
export const columnsOf = new Columns();

/**
 * Flattenings of the analyses this process encoded or decoded lately: the base of a delta is the analysis the last
 * write stored, so it is flattened once, not twice. Kept weakly (an analysis no longer held elsewhere goes), and
 * dropped once the analysis has served as a base (a cache of analyses would otherwise hold a flattening beside each).
 */
const flattened = new WeakMap<object, { generation: number; flat: Flat }>();

/**
 * The flattening of `value`, reused when this process made it already (analyses are never changed in place). With
 * `like`, a flattening of a value probably of the same shape (the base of a delta), `value` is first walked against
 * that shape, which is then shared rather than made again.
 */
export function flatOf(value: unknown, like?: Flat): Flat {
  if (!isNode(value)) return flatten(value);
  const known = flattened.get(value);
  if (known && known.generation === columnsOf.generation) return known.flat;
  const flat = like ? flattenAgainst(value, like) : flatten(value);
  flattened.set(value, { generation: columnsOf.generation, flat });
  return flat;
}

/**
 * The flattening of `value`, walked first against `like`'s shape: shared when equal; else the walk goes on from the
 * first of the root's keys whose subtree differs (a write that changes a shape usually changes one part of it: the
 * studies, trim-and-fill), the leaves before it kept.
 */
export function flattenAgainst(value: unknown, like: Flat): Flat {
  const walked = isNode(value) ? flattenLike(value, like) : null;
  if (walked === null) return flatten(value);
  return 'shape' in walked ? walked : flatten(value, walked);
}

/** Keeps `flat` as the flattening of `value` (a decoder's rebuilt analysis, whose leaves it knows already). */
export function rememberFlat(value: unknown, flat: Flat): void {
  if (isNode(value)) flattened.set(value, { generation: columnsOf.generation, flat });
}

/** Drops the flattening of `value` (an analysis that has served as a base). */
export function forgetFlat(value: unknown): void {
  if (isNode(value)) flattened.delete(value);
}

/** The sizes of the last flattening: the next one (usually the same outcome's next analysis) starts with room for as much. */
const lastSize = { leaves: 1024, nodes: 1024 };

function grownInt(array: Int32Array): Int32Array {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}
function grownFloat(array: Float64Array): Float64Array {
  const larger = new Float64Array(array.length * 2);
  larger.set(array);
  return larger;
}

/**
 * How far a walk against another flattening's shape got before a difference (flattenLike): the root object's keys
 * before `keys` (`children` of them kept) were walked, their leaves and shape equal to `like`'s.
 */
interface Walked {
  like: Flat;
  keys: number;
  children: number;
  leaves: number;
  /** Where the next root child's node starts in the shape. */
  at: number;
  numbers: Float64Array;
  otherAt: Int32Array;
  others: OtherLeaf[];
  otherCount: number;
}

/**
 * The leaves of a JSON value in the order JSON.stringify writes them, with their columns and the value's shape; with
 * `walked`, from where a walk against another shape stopped.
 */
export function flatten(root: unknown, walked?: Walked): Flat {
  // At least one slot each: arrays grow by doubling (a value without leaves once left the next flattening no room).
  let numbers: Float64Array = new Float64Array(Math.max(1, lastSize.leaves, walked ? walked.like.numbers.length : 0));
  let otherAt: Int32Array = new Int32Array(numbers.length);
  let columns: Int32Array = new Int32Array(numbers.length);
  let shape: Int32Array = new Int32Array(Math.max(2, 2 * lastSize.nodes, walked ? walked.like.shape.length : 0));
  let others: OtherLeaf[] = [];
  let leafCount = 0;
  let shapeLength = 0;
  /** Whether for...in lists a plain object's own keys only (Object.prototype has none it would list). */
  const plain = !enumerable(Object.prototype);
  const leaf = (number: number, other: OtherLeaf, column: number) => {
    if (leafCount === numbers.length) {
      numbers = grownFloat(numbers);
      otherAt = grownInt(otherAt);
      columns = grownInt(columns);
    }
    if (shapeLength === shape.length) shape = grownInt(shape);
    // A number NaN here is null: JSON writes a non-finite number as null.
    if (number === number) {
      numbers[leafCount] = number;
      otherAt[leafCount] = -1;
    } else {
      numbers[leafCount] = NaN;
      otherAt[leafCount] = others.length;
      others.push(other);
    }
    columns[leafCount++] = column;
    shape[shapeLength++] = column;
    shape[shapeLength++] = -1;
  };
  const visit = (node: unknown, column: Column) => {
    if (!isNode(node)) {
      if (typeof node === 'number') leaf(normalNumber(node), null, column.id);
      else leaf(NaN, typeof node === 'string' || typeof node === 'boolean' ? node : null, column.id);
      return;
    }
    if (shapeLength === shape.length) shape = grownInt(shape);
    const at = shapeLength;
    shape[shapeLength++] = column.id;
    shapeLength++;
    if (Array.isArray(node)) {
      const items = columnsOf.child(column, '[]');
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (typeof item === 'number') {
          // Most leaves are numbers in arrays (leave-one-out, cumulative, weights): no visit per leaf.
          leaf(normalNumber(item), null, items.id);
        } else {
          visit(skipped(item) ? null : item, items);
        }
      }
      // An array of n children is 2n + 1.
      shape[at + 1] = 2 * node.length + 1;
    } else {
      visitObject(node, column, at, 0, 0);
    }
  };
  /** The children of the object whose node is at `at`, from its `from`-th key (`walked` children before it). */
  const visitObject = (node: Record<string, unknown>, column: Column, at: number, from: number, walked: number) => {
    if (from === 0 && plain && Object.getPrototypeOf(node) === Object.prototype) {
      // for...in lists the keys Object.keys would, in the same order (see flattenLike), without arrays made for them.
      let children = 0;
      for (const key in node) {
        const item = node[key];
        if (skipped(item)) continue;
        visit(item, columnsOf.child(column, key));
        children++;
      }
      shape[at + 1] = 2 * children;
      return;
    }
    // Object.keys lists an object's own keys in the order for...in and JSON.stringify take them, Object.values their
    // values in the same order (without a lookup by key for each).
    const keys = Object.keys(node);
    const items = Object.values(node);
    let children = walked;
    for (let i = from; i < keys.length; i++) {
      const item = items[i];
      if (skipped(item)) continue;
      visit(item, columnsOf.child(column, keys[i]));
      children++;
    }
    // An object of n children is 2n.
    shape[at + 1] = 2 * children;
  };
  if (walked === undefined) {
    visit(root, columnsOf.root);
  } else {
    // What the walk against `like` found is `like`'s up to there: its shape and columns, the walk's leaves.
    numbers.set(walked.numbers.subarray(0, walked.leaves));
    otherAt.set(walked.otherAt.subarray(0, walked.leaves));
    columns.set(walked.like.columns.subarray(0, walked.leaves));
    shape.set(walked.like.shape.subarray(0, walked.at));
    others = walked.others;
    others.length = walked.otherCount;
    leafCount = walked.leaves;
    shapeLength = walked.at;
    visitObject(root as Record<string, unknown>, columnsOf.root, 0, walked.keys, walked.children);
  }
  lastSize.leaves = leafCount;
  lastSize.nodes = shapeLength / 2;
  return { numbers: numbers.slice(0, leafCount), otherAt: otherAt.slice(0, leafCount), others, columns: columns.slice(0, leafCount), shape: shape.slice(0, shapeLength) };
}

/** Whether `value` has an enumerable key of its own or inherited (for...in would list one). */
export function enumerable(value: object): boolean {
  for (const key in value) if (key !== undefined) return true;
  return false;
}

/**
 * The flattening of `root` when it has the shape of `like` (same keys in the same order, same array lengths, leaves
 * where `like` has leaves), sharing its shape and columns; null at the first difference. A write usually changes
 * numbers only, and walking a value against a known shape needs no column lookups (no Map per key) and no shape to
 * write or compare.
 */
function flattenLike(root: Record<string, unknown>, like: Flat): Flat | Walked | null {
  const shape = like.shape;
  const byId = columnsOf.byId;
  const count = like.numbers.length;
  const numbers = new Float64Array(count);
  const otherAt = new Int32Array(count);
  const others: OtherLeaf[] = [];
  /** Position in `shape` (two entries a node) and leaves so far. */
  let at = 0;
  let leaves = 0;
  const other = (value: OtherLeaf) => {
    numbers[leaves] = NaN;
    otherAt[leaves++] = others.length;
    others.push(value);
  };
  /** A number leaf: kept in `numbers` when JSON writes it as a number, else as JSON's null. */
  const numberLeaf = (value: number) => {
    const number = normalNumber(value);
    if (number === number) {
      numbers[leaves] = number;
      otherAt[leaves++] = -1;
    } else {
      other(null);
    }
  };
  // Each node's column is its parent's column's child by key: where the keys agree with `like`'s (checked by name
  // against the column `like` has there), so do the columns, from the root down.
  const visit = (node: unknown): boolean => {
    const kind = shape[at + 1];
    at += 2;
    if (!isNode(node)) {
      if (kind !== -1) return false;
      if (typeof node === 'number') {
        numberLeaf(node);
      } else {
        other(typeof node === 'string' || typeof node === 'boolean' ? node : null);
      }
      return true;
    }
    if (Array.isArray(node)) {
      if (kind !== 2 * node.length + 1) return false;
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (typeof item === 'number' && shape[at + 1] === -1) {
          // The common case inline: a number in an array where `like` has a leaf.
          at += 2;
          numberLeaf(item);
        } else if (!visit(skipped(item) ? null : item)) {
          return false;
        }
      }
      return true;
    }
    if (kind === -1 || (kind & 1) === 1) return false;
    let children = kind >> 1;
    // for...in over a plain object lists the keys Object.keys would, in the same order (no prototype of its own, and
    // Object.prototype has no enumerable keys: checked above), without an array of keys and values made for each.
    if (Object.getPrototypeOf(node) !== Object.prototype) return false;
    for (const key in node) {
      const item = node[key];
      if (skipped(item)) continue;
      if (children-- === 0 || byId[shape[at]].key !== key) return false;
      if (typeof item === 'number' && shape[at + 1] === -1) {
        // A number where `like` has a leaf (most of a study's row): inline, as in arrays.
        at += 2;
        numberLeaf(item);
      } else if (!visit(item)) {
        return false;
      }
    }
    return children === 0;
  };
  // The root's children one by one: where one differs, the walk so far is kept (the leaves before it).
  const kind = shape[1];
  if (Array.isArray(root) || kind === -1 || (kind & 1) === 1 || enumerable(Object.prototype)) return null;
  at = 2;
  let children = 0;
  const keys = Object.keys(root);
  const items = Object.values(root);
  for (let i = 0; i < keys.length; i++) {
    const item = items[i];
    if (skipped(item)) continue;
    const before = at;
    const leavesBefore = leaves;
    const othersBefore = others.length;
    if (children === kind >> 1 || byId[shape[at]].key !== keys[i] || !visit(item)) {
      return { like, keys: i, children, numbers, otherAt, others, at: before, leaves: leavesBefore, otherCount: othersBefore };
    }
    children++;
  }
  if (children !== kind >> 1) return { like, keys: keys.length, children, numbers, otherAt, others, at, leaves, otherCount: others.length };
  return { numbers, otherAt, others, columns: like.columns, shape };
}

/** Where each node of a flattened shape ends (the position after its subtree) and how many leaves come before it. */
export function nodeIndex(shape: Int32Array): { end: Int32Array; leavesBefore: Int32Array } {
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
