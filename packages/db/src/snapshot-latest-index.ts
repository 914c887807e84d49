// The latest index at which each value was met, for the references of a snapshot delta (snapshot-codec.ts): an equal
// leaf changed earlier in the same analysis (a weight listed twice, a filled study mirroring a real one).

/** A double and its two 32-bit halves, in the same bytes: the halves hash it. */
const float = new Float64Array(1);
const words = new Int32Array(float.buffer);

/**
 * The latest index of each value met, as a Map<Leaf, number> would keep it, with numbers (most changed leaves) in an
 * open-addressed table of their own: a Map hashes each double as an object key, which cost a quarter of the encoding.
 * The table is shared by every encoding (one at a time): slots filled by an earlier one count as empty, so nothing is
 * cleared between them, and it is at most twice the size of the largest set of changed numbers met.
 */
export class LatestIndex {
  private static keys = new Float64Array(1 << 12);
  private static indices = new Int32Array(1 << 12);
  /** Which encoding a slot was filled by. */
  private static filledBy = new Int32Array(1 << 12);
  /** 32 minus the table's size in bits: a hash's top bits pick the slot. */
  private static shift = 32 - 12;
  private static calls = 0;
  private readonly call: number;
  private size = 0;
  private readonly others = new Map<string | boolean | null, number>();

  constructor() {
    if (LatestIndex.calls === 0x7fffffff) {
      LatestIndex.filledBy.fill(0);
      LatestIndex.calls = 0;
    }
    this.call = ++LatestIndex.calls;
  }

  /** The latest index given for `value` before (-1 if none); `index` is its latest from now on. */
  swapNumber(value: number, index: number): number {
    const { keys, indices, filledBy } = LatestIndex;
    let slot = LatestIndex.slotOf(value, this.call);
    if (filledBy[slot] === this.call) {
      const earlier = indices[slot];
      indices[slot] = index;
      return earlier;
    }
    // Kept at most half full; a larger table is refilled from this encoding's slots.
    if (2 * (this.size + 1) > keys.length) {
      this.grow();
      slot = LatestIndex.slotOf(value, this.call);
    }
    this.size++;
    LatestIndex.filledBy[slot] = this.call;
    LatestIndex.keys[slot] = value;
    LatestIndex.indices[slot] = index;
    return -1;
  }

  /** As swapNumber, for a leaf that is not a number. */
  swapOther(value: string | boolean | null, index: number): number {
    const earlier = this.others.get(value);
    this.others.set(value, index);
    return earlier ?? -1;
  }

  /** The slot holding `value`, or the empty slot where it would go (linear probing). */
  private static slotOf(value: number, call: number): number {
    const { keys, filledBy, shift } = LatestIndex;
    const mask = keys.length - 1;
    float[0] = value;
    // Multiplicative hashing, taking the top bits (numbers like 1, 2, 3 differ only in their high half's top bits).
    const mixed = Math.imul(words[0] ^ Math.imul(words[1], 0x9e3779b1), 0x85ebca6b);
    let slot = (mixed ^ (mixed >>> 15)) >>> shift;
    while (filledBy[slot] === call && keys[slot] !== value) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { keys, indices, filledBy } = LatestIndex;
    LatestIndex.keys = new Float64Array(keys.length * 2);
    LatestIndex.indices = new Int32Array(keys.length * 2);
    LatestIndex.filledBy = new Int32Array(keys.length * 2);
    LatestIndex.shift--;
    for (let slot = 0; slot < keys.length; slot++) {
      if (filledBy[slot] !== this.call) continue;
      const moved = LatestIndex.slotOf(keys[slot], this.call);
      LatestIndex.filledBy[moved] = this.call;
      LatestIndex.keys[moved] = keys[slot];
      LatestIndex.indices[moved] = indices[slot];
    }
  }
}
