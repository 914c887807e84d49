// A snapshot delta's new shape (snapshot-codec.ts), written when a write changed it (a study added, a longer
// trim-and-fill): the shape as JSON text, every leaf written as 0.
//
// Formats 1 and 2 store that text whole, deflated: about 1 KB at k = 200, on about half the one-number edits (a change of
// trim-and-fill's filled studies). Format 3 stores what differs from the base's shape text: the length of the part
// both begin with, of the part both end with, and the new text between them, deflated:
//   prefix (varint) · suffix (varint) · deflated middle.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { readVarint, writeVarint } from './snapshot-bits.js';
import { columnsOf } from './snapshot-flat.js';

/** Room for shape texts, reused from one delta to the next (a change of shape writes about 60 KB at k = 200). */
let shapeBytes = new Uint8Array(64 * 1024);
const BYTE = { zero: 0x30, comma: 0x2c, open: 0x7b, close: 0x7d, openArray: 0x5b, closeArray: 0x5d } as const;

/**
 * The shape of a flattened JSON value as JSON text in UTF-8, every leaf written as 0 (what JSON.stringify writes for the
 * value with each leaf replaced by 0), written from the flattening rather than by walking the value again. Valid until
 * the next call.
 */
export function shapeText(shape: Int32Array): Uint8Array {
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


/** The new shape `next` as a difference from the base's shape `base` (format 3). */
export function writeShape(base: Int32Array, next: Int32Array): Uint8Array {
  const before = shapeText(base).slice();
  const after = shapeText(next);
  const most = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < most && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < most - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  const head: number[] = [];
  writeVarint(head, prefix);
  writeVarint(head, suffix);
  const middle = deflateRawSync(after.subarray(prefix, after.length - suffix));
  const out = new Uint8Array(head.length + middle.length);
  out.set(head, 0);
  out.set(middle, head.length);
  return out;
}

/** The new shape's JSON text, from a delta's shape bytes of `format` and the base's shape `base`. */
export function readShape(bytes: Uint8Array, base: Int32Array, format: number): string {
  if (format < 3) return inflateRawSync(bytes).toString('utf8');
  const at = { offset: 0 };
  const prefix = readVarint(bytes, at, 'its shape ends early');
  const suffix = readVarint(bytes, at, 'its shape ends early');
  const before = shapeText(base);
  if (prefix + suffix > before.length) throw new Error('snapshot delta: its shape keeps more of the base than the base has');
  const middle = inflateRawSync(bytes.subarray(at.offset));
  return Buffer.concat([before.subarray(0, prefix), middle, before.subarray(before.length - suffix)]).toString('utf8');
}
