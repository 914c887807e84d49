// The literals of a snapshot delta: the leaves it stores whole rather than as a difference from the base (a number
// that went from 0 to something, or whose bit pattern moved too far; a new leaf; a string), in the order the delta
// takes them.
//
// Format 1 wrote them as one JSON array: about 19 characters for a number like 0.0012345678901234567. Format 2 writes
// such a number as its 8 bytes (IEEE-754, little-endian), and JSON for the rest, short numbers (0, 1, 0.5) included:
//   count (varint) · a bit per literal (1: 8 bytes), in bytes of 8 · those numbers, 8 bytes each · JSON array of the others.
// -0 and the infinities, which JSON cannot hold, are always written as bytes. A leave-one-out column whose τ² leaves 0
// has 200 such numbers at k = 200: 3.8 KB as JSON, 1.6 KB here.
import { readVarint, writeVarint } from './snapshot-bits.js';
import type { Leaf } from './snapshot-flat.js';

/** Whether a number literal is written as its 8 bytes: when JSON cannot hold it exactly, or needs 8 characters or more. */
function asBytes(value: number): boolean {
  return !Number.isFinite(value) || Object.is(value, -0) || JSON.stringify(value).length >= 8;
}

export function writeLiterals(literals: Leaf[]): Uint8Array {
  if (literals.length === 0) return new Uint8Array(0);
  const raw = literals.map((leaf) => typeof leaf === 'number' && asBytes(leaf));
  const numbers = literals.filter((_, i) => raw[i]) as number[];
  const others = literals.filter((_, i) => !raw[i]);
  const head: number[] = [];
  writeVarint(head, literals.length);
  const kinds = Math.ceil(literals.length / 8);
  const json = others.length > 0 ? Buffer.from(JSON.stringify(others)) : Buffer.alloc(0);
  const out = Buffer.alloc(head.length + kinds + 8 * numbers.length + json.length);
  out.set(head, 0);
  raw.forEach((bytes, i) => {
    if (bytes) out[head.length + (i >> 3)] |= 1 << (i & 7);
  });
  numbers.forEach((value, j) => out.writeDoubleLE(value, head.length + kinds + 8 * j));
  json.copy(out, head.length + kinds + 8 * numbers.length);
  return out;
}

/** The literals of a delta of `format` from their bytes. */
export function readLiterals(bytes: Uint8Array, format: number): Leaf[] {
  if (bytes.length === 0) return [];
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === 1) return JSON.parse(buffer.toString('utf8')) as Leaf[];
  const at = { offset: 0 };
  const count = readVarint(bytes, at, 'its literals end early');
  const kindsAt = at.offset;
  const numbersAt = kindsAt + Math.ceil(count / 8);
  const isBytes = (i: number) => ((buffer[kindsAt + (i >> 3)] >> (i & 7)) & 1) === 1;
  let numbers = 0;
  for (let i = 0; i < count; i++) if (isBytes(i)) numbers++;
  const jsonAt = numbersAt + 8 * numbers;
  if (jsonAt > buffer.length) throw new Error('snapshot delta: its literals end early');
  const others = jsonAt < buffer.length ? (JSON.parse(buffer.toString('utf8', jsonAt)) as Leaf[]) : [];
  const literals: Leaf[] = [];
  let number = 0;
  let other = 0;
  for (let i = 0; i < count; i++) literals.push(isBytes(i) ? buffer.readDoubleLE(numbersAt + 8 * number++) : others[other++]);
  if (other !== others.length) throw new Error('snapshot delta: its literals do not add up');
  return literals;
}
