// Benchmark: 20,000 search results as RIS (15% duplicates of several kinds) read and deduplicated; time and peak memory
// beside the targets of issue 14. A script, not a test: `node packages/records/dist/bench/dedupe.js` (pnpm bench runs it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { decodeRecordsFile } from '../decode.js';
import { dedupe } from '../duplicates/dedupe.js';
import { parseRecords } from '../parse-records.js';

const TOTAL = 20_000;
const DUPLICATE_SHARE = 0.15;
const TARGET_SECONDS = 5;
const TARGET_RSS_MB = 300;

// mulberry32: a small seeded generator, so every run reads the same records.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(14);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
const int = (low: number, high: number) => low + Math.floor(rand() * (high - low + 1));

const SYLLABLES = ['ab', 'ci', 'do', 've', 'lu', 'mab', 'tor', 'zan', 'pre', 'gli', 'xo', 'ra', 'nib', 'sta', 'fen', 'ol', 'quin', 'tri', 'met', 'pra'];
const drug = () => Array.from({ length: int(2, 4) }, () => pick(SYLLABLES)).join('') + pick(['mab', 'nib', 'zole', 'pril', 'sartan', 'statin', 'cycline', 'parin']);
const CONDITIONS = ['type 2 diabetes', 'heart failure', 'major depression', 'ulcerative colitis', "Crohn's disease", 'chronic obstructive pulmonary disease', 'rheumatoid arthritis', 'atrial fibrillation', 'asthma', 'psoriasis', 'migraine', 'sepsis', 'stroke', 'osteoarthritis of the knee', 'hypertension', 'chronic kidney disease', 'generalised anxiety disorder', 'post-traumatic stress disorder', 'obesity', 'multiple sclerosis'];
const POPULATIONS = ['adults', 'older adults', 'children', 'adolescents', 'pregnant women', 'primary care patients', 'hospitalised patients', 'veterans', 'people with HIV', 'nursing home residents'];
const DESIGNS = ['a randomised controlled trial', 'a multicentre randomised trial', 'a pilot randomised trial', 'a cluster randomised trial', 'a prospective cohort study', 'a systematic review and meta-analysis', 'a crossover trial', 'a pragmatic trial'];
const OUTCOMES = ['mortality', 'quality of life', 'hospital admission', 'glycaemic control', 'symptom remission', 'pain and function', 'relapse', 'adverse events', 'cognitive decline', 'exacerbations'];
const COUNTRIES = ['in Denmark', 'in rural India', 'in the Netherlands', 'in Brazil', 'across Europe', 'in Japan', 'in Canada', 'in Nigeria', '', '', ''];
const SURNAMES = ['Smith', 'Jones', 'Müller', 'García', 'Nguyen', 'Kowalski', 'Rossi', 'Jensen', 'Okafor', 'Tanaka', 'Silva', 'van der Berg', 'Dubois', 'Ivanova', 'Kim', 'Chen', 'Patel', "O'Brien", 'Haddad', 'Lindqvist'];
const JOURNALS: [string, string][] = [
  ['The Lancet', 'Lancet'], ['Journal of the American Medical Association', 'J Am Med Assoc'], ['British Medical Journal', 'Br Med J'],
  ['Annals of Internal Medicine', 'Ann Intern Med'], ['Journal of Clinical Psychology in Medical Settings', 'J Clin Psychol Med Settings'],
  ['Alimentary Pharmacology and Therapeutics', 'Aliment Pharmacol Ther'], ['European Heart Journal', 'Eur Heart J'], ['Diabetes Care', 'Diabetes Care'],
  ['Journal of Psychosomatic Research', 'J Psychosom Res'], ['Clinical Infectious Diseases', 'Clin Infect Dis'],
];

interface Paper {
  title: string;
  authors: string[];
  year: number;
  journal: [string, string];
  volume: number;
  issue: number;
  first: number;
  last: number;
  doi: string;
  pmid: number;
  abstract: string;
}

// Real titles name several specific things (a biomarker, a trial's acronym, a setting): a made-up word or two of them.
const specific = () =>
  pick([
    () => `and serum ${drug().slice(0, -3)}in levels`,
    () => `(the ${drug().slice(0, 6).toUpperCase()}-${int(1, 4)} trial)`,
    () => `after ${pick(['laparoscopic', 'robotic', 'open', 'day-case'])} ${drug().slice(0, 5)}ectomy`,
    () => `guided by ${drug().slice(0, 4)}ography`,
    () => '',
  ])();

function paper(n: number): Paper {
  const title = `${pick(['Effect of', 'Efficacy and safety of', 'Long-term outcomes of', 'Cost-effectiveness of', 'Adherence to'])} ${drug()} ${pick(['versus placebo', 'versus usual care', 'plus exercise', 'and ' + drug(), 'at two doses'])} ${specific()} on ${pick(OUTCOMES)} in ${pick(POPULATIONS)} with ${pick(CONDITIONS)} ${pick(COUNTRIES)}: ${pick(DESIGNS)}`.replace(/\s+/g, ' ').replace(' :', ':');
  const first = int(1, 2000);
  return {
    title,
    authors: Array.from({ length: int(1, 8) }, () => `${pick(SURNAMES)}, ${String.fromCharCode(65 + int(0, 25))}.${rand() < 0.5 ? ` ${String.fromCharCode(65 + int(0, 25))}.` : ''}`),
    year: int(1995, 2025),
    journal: pick(JOURNALS),
    volume: int(1, 400),
    issue: int(1, 12),
    first,
    last: first + int(3, 15),
    doi: `10.${int(1000, 9999)}/bench.${n}`,
    pmid: 10_000_000 + n,
    abstract: `BACKGROUND: We studied ${title.toLowerCase()}. METHODS: ${int(40, 4000)} participants. RESULTS: the primary outcome improved (risk ratio 0.${int(50, 95)}). CONCLUSIONS: further trials are needed.`,
  };
}

// A database's export of a paper: the tag set of one vendor.
function risOf(p: Paper, variant: 'embase' | 'scopus' | 'pubmed' | 'strict' | 'typo' | 'abstract'): string {
  const lines = ['TY  - JOUR'];
  const tag = (name: string, value: string | number) => lines.push(`${name}  - ${value}`);
  let title = p.title;
  if (variant === 'strict') title = title.toUpperCase().replace(/:/g, ' -') + '.';
  if (variant === 'typo') title = title.replace(/(\w)(\w)(\w+)$/, '$2$1$3');
  if (variant === 'abstract') title = title.replace(/^Effect of |^Efficacy and safety of |^Long-term outcomes of |^Cost-effectiveness of |^Adherence to /, 'The effect of ');
  if (variant === 'embase') {
    tag('T1', title);
    for (const author of p.authors) tag('A1', author.replace(/,/, ''));
    tag('Y1', `${p.year}//`);
    tag('JF', p.journal[0]);
    tag('JO', p.journal[1]);
    tag('DB', 'Embase');
    tag('C5', p.pmid);
    tag('L2', `http://dx.doi.org/${p.doi}`);
  } else if (variant === 'pubmed') {
    tag('TI', title);
    for (const author of p.authors) tag('AU', author);
    tag('PY', p.year);
    tag('DA', `${p.year}/05/01`);
    tag('T2', p.journal[0]);
    tag('J2', p.journal[1]);
    tag('DO', `https://doi.org/${p.doi.toUpperCase()}`);
  } else {
    tag('TI', title);
    for (const author of variant === 'abstract' ? p.authors.slice(0, 2) : p.authors) tag('AU', author);
    tag('PY', variant === 'abstract' ? p.year - 1 : p.year);
    tag('T2', variant === 'strict' ? p.journal[1] : variant === 'abstract' ? `${p.journal[0]} (conference abstracts)` : p.journal[0]);
    if (variant === 'scopus') {
      tag('DO', p.doi);
      tag('DB', 'Scopus');
      tag('C2', p.pmid);
    }
  }
  tag('VL', p.volume);
  tag('IS', p.issue);
  tag('SP', p.first);
  tag('EP', variant === 'strict' ? String(p.last).slice(-2) : p.last);
  tag('AB', p.abstract.slice(0, 120));
  lines.push(`      ${p.abstract.slice(120)}`);
  tag('KW', 'Humans');
  tag('KW', 'Randomized Controlled Trials as Topic');
  lines.push('ER  - ', '');
  return lines.join('\n');
}

// The run measured is a process of its own, as `records dedupe FILE` would be: it reads the file, parses and
// deduplicates, and reports its figures; the generator's memory is not counted in its peak.
if (process.argv[2] === '--measure') {
  const file = process.argv[3];
  const rssBefore = process.memoryUsage().rss;
  const start = performance.now();
  const { records } = parseRecords(decodeRecordsFile(readFileSync(file)), { fileName: file });
  const parsed = performance.now();
  const result = dedupe(records.map((record) => ({ id: String(record.position), record })));
  const done = performance.now();
  process.stdout.write(
    JSON.stringify({
      records: records.length,
      parseMs: parsed - start,
      dedupeMs: done - parsed,
      rssBefore,
      peakRss: process.resourceUsage().maxRSS * 1024,
      heapUsed: process.memoryUsage().heapUsed,
      groups: result.groups.length,
      nearMatches: result.nearMatches.length,
    }),
  );
} else {
  const duplicateCount = Math.round(TOTAL * DUPLICATE_SHARE);
  const papers = Array.from({ length: TOTAL - duplicateCount }, (_, n) => paper(n));
  const kinds = { doi: 0, pmid: 0, strict: 0, near: 0, abstract: 0 };
  const chunks = papers.map((p) => risOf(p, 'scopus'));
  for (let i = 0; i < duplicateCount; i += 1) {
    const p = pick(papers);
    const roll = rand();
    const kind = roll < 0.4 ? 'doi' : roll < 0.6 ? 'pmid' : roll < 0.85 ? 'strict' : roll < 0.95 ? 'near' : 'abstract';
    kinds[kind] += 1;
    const variant = kind === 'doi' ? 'pubmed' : kind === 'pmid' ? 'embase' : kind === 'near' ? 'typo' : kind;
    chunks.splice(int(0, chunks.length), 0, risOf(p, variant));
  }
  const file = join(mkdtempSync(join(tmpdir(), 'cumulus-records-bench-')), 'search-results.ris');
  writeFileSync(file, chunks.join('\n'));
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--measure', file], { encoding: 'utf8' });
  rmSync(dirname(file), { recursive: true, force: true });
  if (child.status !== 0) throw new Error(`the measured run failed: ${child.stderr}`);
  const m = JSON.parse(child.stdout) as { records: number; parseMs: number; dedupeMs: number; rssBefore: number; peakRss: number; heapUsed: number; groups: number; nearMatches: number };

  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  const total = m.parseMs + m.dedupeMs;
  const rows: [string, string, string][] = [
    ['RIS file', `${mb(statSize(chunks))}, ${m.records.toLocaleString('en')} records`, ''],
    ['planted duplicates', `${duplicateCount.toLocaleString('en')}: ${kinds.doi} DOI (URL, capitals), ${kinds.pmid} PMID (Embase C5), ${kinds.strict} strict (case, punctuation, abbreviated journal), ${kinds.near} typo, ${kinds.abstract} conference abstract`, ''],
    ['read and parse', seconds(m.parseMs), ''],
    ['dedupe', seconds(m.dedupeMs), ''],
    ['parse + dedupe', seconds(total), `target < ${TARGET_SECONDS} s: ${verdict(total / 1000 < TARGET_SECONDS)}`],
    ['peak RSS of that process', mb(m.peakRss), `target < ${TARGET_RSS_MB} MB: ${verdict(m.peakRss / 1024 / 1024 < TARGET_RSS_MB)}`],
    ['RSS before reading', mb(m.rssBefore), ''],
    ['heap used at the end', mb(m.heapUsed), ''],
    ['records merged', `${(m.records - m.groups).toLocaleString('en')} (planted identifier and strict: ${(kinds.doi + kinds.pmid + kinds.strict).toLocaleString('en')})`, ''],
    ['near matches', `${m.nearMatches.toLocaleString('en')} (planted typos and abstracts: ${kinds.near + kinds.abstract})`, ''],
  ];
  console.log(`records: parse and dedupe of ${TOTAL.toLocaleString('en')} RIS records`);
  for (const [name, value, target] of rows) console.log(`  ${name.padEnd(26)} ${value}${target ? `   (${target})` : ''}`);
}

function statSize(parts: string[]): number {
  return parts.reduce((sum, part) => sum + Buffer.byteLength(part) + 1, 0);
}
