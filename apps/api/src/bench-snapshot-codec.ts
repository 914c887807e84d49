// Benchmark (not a test): the snapshot codec on the analyses the write path stores (packages/db/src/snapshot-codec.ts).
// One outcome's full analysis (analyzeOutcome, OR, REML) at k = 200 and at k = 1,000 binary trials, then a sequence of
// versions as writes make them: each changes one number of one study (most leaves then move a little: weights,
// leave-one-out, cumulative columns), and every eighth adds a study (a change of shape). Each version is encoded as a
// delta from the one before it the way a write does (the base's flattening known from the write before, the new
// analysis a fresh object), then the chain decoded as a read does. Times are CPU time per delta (process.cpuUsage: the
// process's own work, its garbage collector's threads included, whatever else the machine runs), the median over every
// delta of every round, with wall time beside.
//   node apps/api/dist/bench-snapshot-codec.js [--rounds 9] [--edits 32] [--sizes 200,1000] [--baseline path/to/old/snapshot-codec.js]
// With --baseline (a built copy of another codec, e.g. the one before a change), rounds alternate between it and the
// current one, both figures are printed with their ratio, and whether every delta is the same bytes in both (a change of
// speed only) is said beside the sizes.
import { decodeSnapshotDelta, encodeSnapshotDelta } from '@cumulus/db';
import { analyzeOutcome, type BinaryStudy, type OutcomeSettings } from '@cumulus/stats';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '9' },
    edits: { type: 'string', default: '32' },
    baseline: { type: 'string' },
    sizes: { type: 'string', default: '200,1000' },
  },
});
const rounds = Number(values.rounds);
const edits = Number(values.edits);

interface Codec {
  encodeSnapshotDelta: (base: unknown, next: unknown) => Uint8Array;
  decodeSnapshotDelta: (base: unknown, delta: Uint8Array) => unknown;
}
const current: Codec = { encodeSnapshotDelta, decodeSnapshotDelta };
const baseline = values.baseline ? ((await import(pathToFileURL(resolve(values.baseline)).href)) as Codec) : null;

/** Park-Miller, as bench-living and packages/stats' bench: the same trials on every run. */
let state = 20261202;
const random = () => (state = (state * 16807) % 2147483647) / 2147483647;
function trial(i: number): BinaryStudy {
  const n1 = 40 + Math.floor(random() * 400);
  const n2 = 40 + Math.floor(random() * 400);
  const risk = 0.05 + random() * 0.3;
  const ratio = 0.85 + 0.5 * (random() - 0.5);
  return { id: `T${i + 1}`, year: 1980 + (i % 45), events1: Math.round(n1 * risk * ratio), n1, events2: Math.round(n2 * risk), n2 };
}
const settings: OutcomeSettings = { measure: 'OR', model: 'random', tau2Estimator: 'REML' };

type Kind = 'edit' | 'added';
/** The versions of one outcome: its analysis, then one per write (which kind of write made it). */
function versionsOf(k: number): { analyses: unknown[]; kinds: Kind[] } {
  const studies = Array.from({ length: k }, (_, i) => trial(i));
  const analyses: unknown[] = [analyzeOutcome(studies, settings)];
  const kinds: Kind[] = [];
  for (let e = 1; e <= edits; e++) {
    if (e % 8 === 0) {
      studies.push(trial(studies.length));
      kinds.push('added');
    } else {
      // One number of one study: its treatment arm's events, one more (or one fewer where the arm is full).
      const i = (e * 37) % studies.length;
      const study = studies[i];
      studies[i] = { ...study, events1: study.events1 < study.n1 ? study.events1 + 1 : study.events1 - 1 };
      kinds.push('edit');
    }
    analyses.push(analyzeOutcome(studies, settings));
  }
  return { analyses, kinds };
}

/** CPU time (user and system, this process) and wall time of `work`, in ms. */
function measured<T>(work: () => T): { value: T; cpu: number; wall: number } {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const value = work();
  const used = process.cpuUsage(cpu);
  return { value, cpu: (used.user + used.system) / 1000, wall: performance.now() - wall };
}

/** What a delta stores: a one-number edit whose shape stayed, one whose shape changed (trim-and-fill), a study added. */
type Outcome = 'edit' | 'reshaped' | 'added';
const outcomes: Outcome[] = ['edit', 'reshaped', 'added'];
interface Samples {
  encode: Record<Outcome, { cpu: number[]; wall: number[] }>;
  decode: Record<Outcome, { cpu: number[]; wall: number[] }>;
  bytes: Record<Outcome, number[]>;
  /** Every encoding's CPU time, of every kind. */
  all: number[];
  deltas: Uint8Array[];
}
const times = () => Object.fromEntries(outcomes.map((outcome) => [outcome, { cpu: [], wall: [] }])) as unknown as Record<Outcome, { cpu: number[]; wall: number[] }>;
const emptySamples = (): Samples => ({ encode: times(), decode: times(), bytes: { edit: [], reshaped: [], added: [] }, all: [], deltas: [] });
/** A delta's second byte says whether it stores a new shape (snapshot-codec.ts). */
const outcomeOf = (kind: Kind, delta: Uint8Array): Outcome => (kind === 'added' ? 'added' : (delta[1] & 1) === 1 ? 'reshaped' : 'edit');

/**
 * One round: the chain encoded, then decoded, by `codec`. Every analysis is a fresh copy (not flattened before), as at
 * a write; each one's base is the analysis encoded (or decoded) just before, as the write and read paths hand them.
 */
function round(codec: Codec, versions: { analyses: unknown[]; kinds: Kind[] }, into: Samples): void {
  const copies = versions.analyses.map((analysis) => structuredClone(analysis));
  // The first base is flattened outside the timings (a write finds its base's flattening made by the write before).
  codec.encodeSnapshotDelta(copies[0], copies[0]);
  const deltas: Uint8Array[] = [];
  for (let v = 1; v < copies.length; v++) {
    const { value, cpu, wall } = measured(() => codec.encodeSnapshotDelta(copies[v - 1], copies[v]));
    const kind = outcomeOf(versions.kinds[v - 1], value);
    into.encode[kind].cpu.push(cpu);
    into.encode[kind].wall.push(wall);
    into.bytes[kind].push(value.length);
    into.all.push(cpu);
    deltas.push(value);
  }
  into.deltas = deltas;
  let decoded: unknown = structuredClone(versions.analyses[0]);
  codec.encodeSnapshotDelta(decoded, decoded);
  for (let v = 1; v < copies.length; v++) {
    const kind = outcomeOf(versions.kinds[v - 1], deltas[v - 1]);
    const { value, cpu, wall } = measured(() => codec.decodeSnapshotDelta(decoded, deltas[v - 1]));
    into.decode[kind].cpu.push(cpu);
    into.decode[kind].wall.push(wall);
    decoded = value;
  }
  if (JSON.stringify(decoded) !== JSON.stringify(versions.analyses.at(-1))) throw new Error('the decoded chain is not the last version');
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const mean = (list: number[]) => list.reduce((sum, value) => sum + value, 0) / list.length;
const ms = (value: number) => `${value.toFixed(3)} ms`;
const line = (what: string, figure: string, target: string) => console.log(`  ${what.padEnd(52)} ${figure.padStart(34)}   target ${target}`);
/** The current figure, with the baseline's and their ratio when there is one. */
const versus = (now: number[], before: number[] | undefined, format: (value: number) => string) =>
  before ? `${format(median(now))} (was ${format(median(before))}, ×${(median(before) / median(now)).toFixed(2)})` : format(median(now));
const load = () => loadavg().map((value) => value.toFixed(2)).join(', ');

console.log(`Snapshot deltas of one outcome's analysis (analyzeOutcome, OR, REML), ${edits} versions × ${rounds} rounds${baseline ? `, alternating with ${values.baseline}` : ''}; load average ${load()}`);
/** Targets: encoding at least twice as fast as before (about 1 ms at k = 200 and 4.8 ms at k = 1,000 on this bench). */
const targets: Record<number, string> = { 200: '≤ 0.5 ms (half of ~1 ms)', 1000: '≤ 2.4 ms (half of ~4.8 ms)' };
for (const k of values.sizes.split(',').map(Number)) {
  const encodeTarget = targets[k] ?? '–';
  const decodeTarget = '–';
  const versions = versionsOf(k);
  const text = JSON.stringify(versions.analyses.at(-1)).length;
  console.log(`k = ${k}: analysis of ${(text / 1024).toFixed(0)} KB as JSON; ${versions.kinds.filter((kind) => kind === 'added').length} of ${edits} writes add a study`);
  const now = emptySamples();
  const before = baseline ? emptySamples() : null;
  let sameBytes = true;
  // Two untimed rounds each to warm up the JIT, then rounds alternating (A B, then B A, …) so both see the same load.
  for (let r = -2; r < rounds; r++) {
    const mine: [Codec, Samples] = [current, r < 0 ? emptySamples() : now];
    const theirs: [Codec, Samples] | null = baseline && before ? [baseline, r < 0 ? emptySamples() : before] : null;
    const order = theirs === null ? [mine] : r % 2 === 0 ? [theirs, mine] : [mine, theirs];
    for (const [codec, samples] of order) round(codec, versions, samples);
    if (before && r >= 0) sameBytes &&= now.deltas.every((delta, i) => Buffer.compare(delta, before.deltas[i]) === 0);
  }
  const count = (outcome: Outcome) => now.bytes[outcome].length / rounds;
  console.log(`  per round: ${count('edit')} one-number edits keeping the shape, ${count('reshaped')} changing it (trim-and-fill), ${count('added')} studies added`);
  line('encode, one-number edit (CPU, median)', versus(now.encode.edit.cpu, before?.encode.edit.cpu, ms), encodeTarget);
  line('encode, one-number edit (wall, median)', versus(now.encode.edit.wall, before?.encode.edit.wall, ms), '–');
  line('encode, edit changing the shape (CPU, median)', versus(now.encode.reshaped.cpu, before?.encode.reshaped.cpu, ms), '–');
  line('encode, a study added (CPU, median)', versus(now.encode.added.cpu, before?.encode.added.cpu, ms), '–');
  line('encode, every write (CPU, mean)', versus([mean(now.all)], before ? [mean(before.all)] : undefined, ms), '–');
  line('decode, one-number edit (CPU, median)', versus(now.decode.edit.cpu, before?.decode.edit.cpu, ms), decodeTarget);
  line('decode, edit changing the shape (CPU, median)', versus(now.decode.reshaped.cpu, before?.decode.reshaped.cpu, ms), '–');
  line('decode, a study added (CPU, median)', versus(now.decode.added.cpu, before?.decode.added.cpu, ms), '–');
  const bytes = (value: number) => `${value} B`;
  const compared = before === null ? '–' : sameBytes ? '– (the same bytes as the baseline)' : "– (not the baseline's bytes: another format)";
  line('bytes, one-number edit (median)', versus(now.bytes.edit, before?.bytes.edit, bytes), compared);
  line('bytes, edit changing the shape (median)', versus(now.bytes.reshaped, before?.bytes.reshaped, bytes), compared);
  line('bytes, a study added (median)', versus(now.bytes.added, before?.bytes.added, bytes), compared);
}
console.log(`  load average at the end: ${load()}`);
