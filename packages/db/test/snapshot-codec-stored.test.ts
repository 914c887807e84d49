// Deltas are stored, so what a format's bytes mean may never change: deltas frozen as the codec of each format wrote
// them (fixtures/freeze-deltas.mjs) must be read back by today's decoder, every version exactly as it was computed.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeSnapshotDelta } from '../src/snapshot-codec.js';

interface Frozen {
  chains: { base: unknown; deltas: { delta: string; sha256: string }[] }[];
}
const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

describe.each([2, 3])('stored deltas of format %i', (format) => {
  const frozen = JSON.parse(readFileSync(new URL(`./fixtures/deltas-format-${format}.json`, import.meta.url), 'utf8')) as Frozen;

  it.each(frozen.chains.map((chain, i) => [i, chain] as const))('chain %i reads back, version by version', (_, chain) => {
    let analysis = chain.base;
    for (const [v, { delta, sha256: expected }] of chain.deltas.entries()) {
      const bytes = Buffer.from(delta, 'hex');
      expect(bytes[0], `version ${v + 1}'s format`).toBe(format);
      analysis = decodeSnapshotDelta(analysis, bytes);
      expect(sha256(analysis), `version ${v + 1}`).toBe(expected);
    }
  });
});
