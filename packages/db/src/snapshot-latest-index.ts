// The latest index at which each value was met, for the references of a snapshot delta (snapshot-codec.ts): an equal
// leaf changed earlier in the same analysis (a weight listed twice, a filled study mirroring a real one).

type Leaf = null | boolean | number | string;

/** A double and its two 32-bit halves, in the same bytes: the halves hash it. */
const float = new Float64Array(1);
const words = new Int32Array(float.buffer);

/**
 * Numbers (most changed leaves) are kept in an open-addressed table of their own (a Map hashes each double as an
 * object key, which cost a quarter of the encoding). A slot is one 32-bit integer: which encoding filled it and the
 * leaf's index; the number itself is not stored (it is the leaf's, in the new analysis's `numbers`). At 4 bytes a slot
 * the table stays in the fastest cache, where keys, owners and indices in three arrays (16 bytes a slot) did not, and
 * its probes were a third of the encoding.
 *
 * The table is shared by every encoding (one at a time): slots filled by an earlier one count as empty, so nothing is
 * cleared between them but once every 255 encodings, and it is at most four times the size of the largest set of
 * changed numbers met.
 */
const STAMP_BITS = 8;
const INDEX_BITS = 32 - STAMP_BITS;
const INDEX_MASK = 2 ** INDEX_BITS - 1;
let slots = new Int32Array(1 << 13);
/** 32 minus the number of slots in bits: a hash's top bits pick the slot. */
let shift = 32 - 13;
let stamps = 0;

function hash(value: number): number {
  float[0] = value;
  // Multiplicative hashing, taking the top bits (numbers like 1, 2, 3 differ only in their high half's top bits).
  const mixed = Math.imul(words[0] ^ Math.imul(words[1], 0x9e3779b1), 0x85ebca6b);
  return (mixed ^ (mixed >>> 15)) >>> shift;
}

/** The latest index of each value met, as a Map<Leaf, number> would keep it. */
export class LatestIndex {
  /** This encoding's stamp, 1 to 255 (0: a slot never filled); -1 where there are too many leaves to index. */
  private readonly stamp: number;
  private size = 0;
  private readonly others = new Map<Leaf, number>();

  /** `values`: the numbers of the leaves that will be given (the new analysis's), by index. */
  constructor(private readonly values: Float64Array) {
    if (values.length > INDEX_MASK) {
      // More than 16 million leaves: their numbers go in the Map.
      this.stamp = -1;
      return;
    }
    if (++stamps === 2 ** STAMP_BITS) {
      slots.fill(0);
      stamps = 1;
    }
    this.stamp = stamps;
  }

  /** The latest index given for `value` before (-1 if none); `index` (where `values` holds it) is its latest now. */
  swapNumber(value: number, index: number): number {
    if (this.stamp < 0) return this.swapOther(value, index);
    const mark = (this.stamp << INDEX_BITS) | index;
    const mask = slots.length - 1;
    let slot = hash(value);
    for (let filled = slots[slot]; filled >>> INDEX_BITS === this.stamp; filled = slots[slot]) {
      const earlier = filled & INDEX_MASK;
      if (this.values[earlier] === value) {
        slots[slot] = mark;
        return earlier;
      }
      slot = (slot + 1) & mask;
    }
    // Kept at most a quarter full (a probe rarely meets another number); a larger table is refilled from this
    // encoding's slots.
    if (4 * (this.size + 1) > slots.length) {
      this.grow();
      slot = this.emptySlot(value);
    }
    this.size++;
    slots[slot] = mark;
    return -1;
  }

  /** As swapNumber, for a leaf that is not a number. */
  swapOther(value: Leaf, index: number): number {
    const earlier = this.others.get(value);
    this.others.set(value, index);
    return earlier ?? -1;
  }

  /** The first slot from `value`'s hash on that this encoding has not filled. */
  private emptySlot(value: number): number {
    const mask = slots.length - 1;
    let slot = hash(value);
    while (slots[slot] >>> INDEX_BITS === this.stamp) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const old = slots;
    slots = new Int32Array(old.length * 2);
    shift--;
    for (const filled of old) if (filled >>> INDEX_BITS === this.stamp) slots[this.emptySlot(this.values[filled & INDEX_MASK])] = filled;
  }
}
