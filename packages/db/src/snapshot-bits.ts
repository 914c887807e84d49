// Bits for snapshot deltas (snapshot-codec.ts): numbers' IEEE-754 bit patterns as exact integers, and bit streams
// written and read most significant bit first.

const TWO_32 = 2 ** 32;

// ---- bit patterns ---------------------------------------------------------------------------------------------

/** A double and its two 32-bit halves, in the same bytes (faster than a DataView's per-call byte order). */
const float = new Float64Array(1);
const words = new Uint32Array(float.buffer);
/** Which half holds the sign and exponent: the second on little-endian machines. */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LOW = 1 - HIGH;

/**
 * The exact integer difference of two finite numbers' bit patterns, or NaN when it is too large to hold exactly (a
 * difference of the high halves of 2^19 or more).
 */
export function bitDifference(from: number, to: number): number {
  float[0] = from;
  const fromHigh = words[HIGH];
  const fromLow = words[LOW];
  float[0] = to;
  const high = words[HIGH] - fromHigh;
  if (high >= 2 ** 19 || high <= -(2 ** 19)) return NaN;
  return high * TWO_32 + (words[LOW] - fromLow);
}

/** The number whose bit pattern is `from`'s plus `difference` (an integer). */
export function addBits(from: number, difference: number): number {
  float[0] = from;
  // The difference as 2^32 times its high part plus a low part in [0, 2^32): exact for |difference| below 2^52.
  const highPart = Math.floor(difference / TWO_32);
  let low = words[LOW] + (difference - highPart * TWO_32);
  let high = words[HIGH] + highPart;
  if (low >= TWO_32) {
    low -= TWO_32;
    high += 1;
  }
  words[HIGH] = high >>> 0;
  words[LOW] = low >>> 0;
  return float[0];
}

export const zigzag = (value: number) => (value >= 0 ? value * 2 : -value * 2 - 1);
export const unzigzag = (value: number) => (value % 2 === 0 ? value / 2 : -(value + 1) / 2);
/** How many bits a non-negative integer below 2^53 needs. */
export function bitLength(value: number): number {
  if (value < TWO_32) return 32 - Math.clz32(value);
  // Math.clz32 truncates its argument to an integer, here as Math.floor would (a positive number below 2^21).
  return 64 - Math.clz32(value / TWO_32);
}

// ---- bit streams ----------------------------------------------------------------------------------------------

/** The writer's buffer is kept for the next delta up to this size (a larger one, made for one huge delta, goes). */
const KEPT_BYTES = 1 << 20;

/**
 * A bit stream, written 32 bits at a time: bits wait in a 32-bit word, which goes out as four bytes once full. Its
 * bytes are valid until the next writer is made (the buffer is reused: copy them out first).
 */
export class BitWriter {
  private static spare = new Uint8Array(64 * 1024);
  private bytes = BitWriter.spare;
  private length = 0;
  /** Bits waiting, right-aligned, and how many (0 to 31). */
  private word = 0;
  private pending = 0;

  /** Writes `count` bits (up to 53) of a non-negative integer below 2^count, most significant first. */
  write(value: number, count: number): void {
    if (count <= 32) {
      this.write32(value, count);
    } else {
      this.write32(Math.floor(value / TWO_32), count - 32);
      this.write32(value >>> 0, 32);
    }
  }

  /** Writes `count` zero bits (a run of unchanged leaves). */
  zeros(count: number): void {
    let left = count;
    for (; left > 32; left -= 32) this.write32(0, 32);
    this.write32(0, left);
  }

  /** Writes `count` bits (up to 32) of a non-negative integer below 2^count. */
  write32(value: number, count: number): void {
    const room = 32 - this.pending;
    if (count < room) {
      this.word = (this.word << count) | value;
      this.pending += count;
      return;
    }
    // The word fills: its 32 bits go out, and what is left of `value` waits (JS shifts count mod 32: room 32 is no
    // shift).
    const rest = count - room;
    const full = room === 32 ? value : (this.word << room) | (value >>> rest);
    if (this.length + 4 > this.bytes.length) this.grow();
    const bytes = this.bytes;
    bytes[this.length] = full >>> 24;
    bytes[this.length + 1] = full >>> 16;
    bytes[this.length + 2] = full >>> 8;
    bytes[this.length + 3] = full;
    this.length += 4;
    this.word = rest === 0 ? 0 : value & ((1 << rest) - 1);
    this.pending = rest;
  }

  private grow(): void {
    const grown = new Uint8Array(this.bytes.length * 2);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    if (grown.length <= KEPT_BYTES) BitWriter.spare = grown;
  }

  /** The bytes written, the last one padded with zero bits. */
  finish(): Uint8Array {
    if (this.length + 4 > this.bytes.length) this.grow();
    // The waiting bits, left-aligned in as many bytes as they need.
    for (let left = this.pending, word = this.word; left > 0; left -= 8) {
      this.bytes[this.length++] = left >= 8 ? word >>> (left - 8) : word << (8 - left);
    }
    this.pending = 0;
    this.word = 0;
    return this.bytes.subarray(0, this.length);
  }
}

const POWERS = Array.from({ length: 54 }, (_, n) => 2 ** n);

export class BitReader {
  private position = 0;
  private accumulator = 0;
  private available = 0;

  constructor(private readonly bytes: Uint8Array) {}

  read(count: number): number {
    if (count <= 24) return this.readSmall(count);
    let left = count;
    let value = 0;
    while (left > 24) {
      left -= 24;
      value = value * POWERS[24] + this.readSmall(24);
    }
    return value * POWERS[left] + this.readSmall(left);
  }

  /** Reads up to 24 bits. Bits above the `available` ones are left in the accumulator: shifts push them out. */
  private readSmall(count: number): number {
    while (this.available < count) {
      if (this.position >= this.bytes.length) throw new Error('snapshot delta: the bit stream ends early');
      this.accumulator = (this.accumulator << 8) | this.bytes[this.position++];
      this.available += 8;
    }
    this.available -= count;
    return (this.accumulator >>> this.available) & ((1 << count) - 1);
  }
}

// ---- byte framing ---------------------------------------------------------------------------------------------

/** `value` (a whole number ≥ 0) in 7-bit groups, low first, each but the last with its high bit set. */
export function writeVarint(out: number[], value: number): void {
  let rest = value;
  while (rest >= 128) {
    out.push((rest % 128) | 128);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
}

/** A number written by writeVarint at `at.offset`, which moves past it; `early` is the error's words if the bytes end first. */
export function readVarint(bytes: Uint8Array, at: { offset: number }, early = 'the header ends early'): number {
  let value = 0;
  let scale = 1;
  for (;;) {
    const byte = bytes[at.offset++];
    if (byte === undefined) throw new Error(`snapshot delta: ${early}`);
    value += (byte & 127) * scale;
    if (byte < 128) return value;
    scale *= 128;
  }
}
