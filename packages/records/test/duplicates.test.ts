// Duplicates on the labelled set (fixtures/dedupe-labelled.csv: records of the fixture exports and variants of them,
// each with its true group and the near matches a person should see), and the rules one by one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dedupe, DuplicateIndex, normaliseTitle, parseRecords, type BibRecord } from '../src/index.js';
import { parse } from 'csv-parse/sync';
import { distance as levenshtein } from 'fastest-levenshtein';

const fixtures = join(import.meta.dirname, 'fixtures');
const labelledText = readFileSync(join(fixtures, 'dedupe-labelled.csv'), 'utf8');
const labels = parse(labelledText, { columns: true }) as { record_id: string; true_group: string; near_match_with: string }[];
const labelled = parseRecords(labelledText, { fileName: 'dedupe-labelled.csv' }).records;
const entries = labelled.map((record) => ({ id: record.recordId as string, record }));
const result = dedupe(entries);

function pairs(groups: string[][]): Set<string> {
  const out = new Set<string>();
  for (const group of groups) for (let i = 0; i < group.length; i += 1) for (let j = i + 1; j < group.length; j += 1) out.add([group[i], group[j]].sort().join(' + '));
  return out;
}

describe('the labelled set', () => {
  it('holds 33 records, every one in exactly one group', () => {
    expect(labelled).toHaveLength(33);
    expect(result.groups.flat().sort()).toEqual(labelled.map((r) => r.recordId).sort());
  });

  it('groups exactly as expected: identifier and strict duplicates together, everything else alone', () => {
    expect(result.groups).toEqual([
      ['scopus-6', 'pubmed-mayer', 'embase-mayer'], // DOI (URL, capitals), then PMID without a DOI
      ['wos-1', 'psycinfo-alceste'], // strict: title case and punctuation, abbreviated journal
      ['zotero-1', 'csv-rudnik', 'rudnik-doi'], // strict with diacritics; DOI with a doi: prefix
      ['embase-2'],
      ['conference-eloubeidi'], // the conference abstract: a near match, not strict
      ['embase-4'],
      ['neck-masses-2005'], // same title, another year and paper
      ['scopus-2'],
      ['corrigendum-uno'], // an erratum
      ['erratum-same-title'], // an erratum under the paper's title: its DOI differs
      ['ovid-6'],
      ['stapersma-2018'], // same NCT id: the same trial, not a duplicate
      ['registry-happy-ibd'], // the trial's registry entry
      ['endnote-1', 'medline-boswellia', 'embase-boswellia'], // PMID; strict with 'Clin Pharmacokinet' = 'Clinical Pharmacokinetics'
      ['wos-2', 'appleby-pages'], // strict by volume and pages ('127-40' = '127-140')
      ['scopus-5'],
      ['dalton-pmid-conflict'], // the same DOI but another PMID: never merged
      ['wos-10'],
      ['wetmore-typo'], // a typo in the title: a near match for a person to confirm
      ['embase-1'],
      ['scopus-3'],
      ['proquest-1'],
      ['wos-8'],
      ['rispy-shannon'],
      ['medline-long'],
    ]);
  });

  it('pairwise against the true groups: precision 1 (11 of 11 pairs merged are true), recall 11 of 12 (the typo waits for a person)', () => {
    const truth = new Map<string, string[]>();
    for (const label of labels) truth.set(label.true_group, [...(truth.get(label.true_group) ?? []), label.record_id]);
    const truePairs = pairs([...truth.values()]);
    const found = pairs(result.groups);
    const correct = [...found].filter((pair) => truePairs.has(pair));
    expect(truePairs.size).toBe(12);
    expect(found.size).toBe(11);
    expect(correct).toHaveLength(11);
    expect([...truePairs].filter((pair) => !found.has(pair))).toEqual(['wetmore-typo + wos-10']);
    // With the near matches a person confirms (those that are true duplicates), recall is 12 of 12.
    const confirmed = result.nearMatches.map((near) => [...near.ids].sort().join(' + ')).filter((pair) => truePairs.has(pair));
    expect(new Set([...correct, ...confirmed]).size).toBe(12);
  });

  it('near matches: exactly the pairs labelled near_match_with, one per pair of groups, with their similarities', () => {
    const expected = new Set<string>();
    for (const label of labels) for (const other of label.near_match_with.split(';').filter(Boolean)) expected.add([label.record_id, other].sort().join(' + '));
    expect(new Set(result.nearMatches.map((near) => [...near.ids].sort().join(' + ')))).toEqual(expected);
    expect(result.nearMatches).toEqual([
      { ids: ['embase-2', 'conference-eloubeidi'], similarity: 0.95 },
      { ids: ['embase-4', 'neck-masses-2005'], similarity: 1 },
      { ids: ['scopus-2', 'erratum-same-title'], similarity: 1 },
      { ids: ['scopus-5', 'dalton-pmid-conflict'], similarity: 1 },
      { ids: ['wos-10', 'wetmore-typo'], similarity: 0.978 },
    ]);
  });

  it('reports of one trial are linked by its NCT id', () => {
    expect(result.sameTrial).toEqual([{ trialId: 'NCT02265588', ids: ['ovid-6', 'stapersma-2018', 'registry-happy-ibd'] }]);
  });
});

const byId = new Map(entries.map((entry) => [entry.id, entry.record]));
const record = (id: string): BibRecord => byId.get(id) as BibRecord;

describe('DuplicateIndex', () => {
  it('match names the key that agreed: DOI before PMID, then strict reasons', () => {
    const index = new DuplicateIndex();
    for (const id of ['scopus-6', 'wos-1', 'endnote-1', 'wos-2']) index.add(id, record(id));
    expect(index.match(record('pubmed-mayer'))).toEqual({ kind: 'identifier', id: 'scopus-6', reason: 'doi' });
    expect(index.match(record('embase-mayer'))).toEqual({ kind: 'identifier', id: 'scopus-6', reason: 'pmid' });
    expect(index.match(record('psycinfo-alceste'))).toEqual({ kind: 'strict', id: 'wos-1', reason: 'title, year, first author and journal' });
    expect(index.match(record('embase-boswellia'))).toEqual({ kind: 'strict', id: 'endnote-1', reason: 'title, year, first author and journal' });
    expect(index.match(record('appleby-pages'))).toEqual({ kind: 'strict', id: 'wos-2', reason: 'title, year, first author, volume and pages' });
    expect(index.match(record('wetmore-typo'))).toBeNull();
  });

  it('the same registry id is an identifier duplicate; a registry entry is never a publication\'s duplicate', () => {
    const index = new DuplicateIndex();
    index.add('registry', record('registry-happy-ibd'));
    expect(index.match({ ...record('registry-happy-ibd'), title: 'HAPPY-IBD' })).toEqual({ kind: 'identifier', id: 'registry', reason: 'registry id' });
    expect(index.match({ ...record('stapersma-2018'), title: record('registry-happy-ibd').title, year: 2014 })).toBeNull();
  });

  it('different DOIs (or PMIDs) veto every other key', () => {
    const index = new DuplicateIndex();
    index.add('scopus-5', record('scopus-5'));
    expect(index.match(record('dalton-pmid-conflict'))).toBeNull();
    expect(index.match({ ...record('scopus-5'), doi: '10.1080/other' })).toBeNull();
    expect(index.match({ ...record('scopus-5'), doi: null, pmid: null })).toEqual({ kind: 'strict', id: 'scopus-5', reason: 'title, year, first author and journal' });
  });

  it('sameTrial: records naming one of the trial ids, not duplicates', () => {
    const index = new DuplicateIndex();
    for (const id of ['ovid-6', 'stapersma-2018', 'wos-1']) index.add(id, record(id));
    expect(index.sameTrial(record('registry-happy-ibd'))).toEqual(['ovid-6', 'stapersma-2018']);
    expect(index.sameTrial(record('wos-1'))).toEqual([]);
  });

  it('nearMatches: most similar first, threshold and limit, duplicates and notices left out', () => {
    const index = new DuplicateIndex();
    for (const id of ['scopus-2', 'corrigendum-uno', 'erratum-same-title']) index.add(id, record(id));
    const query = { ...record('scopus-2'), doi: null, pmid: null, year: 2018, title: 'Hypothesis: the mechanism of irritable bowel syndrome in inflammatory bowel disease' };
    expect(index.nearMatches(query)).toEqual([
      { id: 'scopus-2', similarity: expect.closeTo(1 - 4 / 82, 9) },
      { id: 'erratum-same-title', similarity: expect.closeTo(1 - 4 / 82, 9) },
    ]);
    expect(index.nearMatches(query, { limit: 1 })).toHaveLength(1);
    expect(index.nearMatches(query, { threshold: 0.99 })).toEqual([]);
    // The same record again is a duplicate (its DOI), not a near match.
    expect(index.nearMatches(record('scopus-2')).map((near) => near.id)).toEqual(['erratum-same-title']);
  });

  it('normaliseTitle: NFKD, accents and punctuation removed, lower case, whitespace collapsed', () => {
    expect(normaliseTitle('  Exercise influence on the microbiome–gut–brain AXIS:  Café  résumé. ')).toBe('exercise influence on the microbiome gut brain axis cafe resume');
  });
});

describe('across formats', () => {
  it('one paper from Embase (RIS) and from PubMed (MEDLINE) is one group; a re-export with another tag set too', () => {
    const embase = readFileSync(join(fixtures, 'asreview-embase.ris'), 'utf8');
    const medline = [
      'PMID- 15368318',
      'TI  - Endoscopic ultrasound-guided fine-needle aspiration in the diagnosis of foregut',
      '      duplication cysts: the value of demonstrating detached ciliary tufts in cyst fluid.',
      'DP  - 2004 Aug 25',
      'VI  - 102',
      'IP  - 4',
      'PG  - 253-8',
      'LID - 10.1002/cncr.20369 [doi]',
      'FAU - Eloubeidi, Mohamad A',
      'AU  - Eloubeidi MA',
      'TA  - Cancer',
      'JT  - Cancer',
    ].join('\n');
    const zotero = 'TY  - JOUR\nT1  - Endoscopic ultrasound-guided fine-needle aspiration in the diagnosis of foregut duplication cysts\nA1  - Eloubeidi, M. A.\nY1  - 2004/08/25\nJO  - Cancer\nVL  - 102\nSP  - 253\nEP  - 258\nUR  - https://doi.org/10.1002/CNCR.20369\nER  - \n';
    const all = [
      ...parseRecords(embase).records.map((r, i) => ({ id: `embase-${i + 1}`, record: r })),
      { id: 'medline', record: parseRecords(medline).records[0] },
      { id: 'zotero', record: parseRecords(zotero).records[0] },
    ];
    expect(dedupe(all).groups).toEqual([['embase-1'], ['embase-2', 'medline', 'zotero'], ['embase-3'], ['embase-4'], ['embase-5'], ['embase-6']]);
  });
});

describe('near-match blocking against comparing every pair', () => {
  it('finds every pair at 0.9 or more that all-pairs comparison finds, among 770 titles sharing common words', () => {
    // A seeded generator: titles from a few common words and one or two rarer ones, then 70 variants (a typo in any
    // word, the rarest included; a word dropped; a subtitle changed), as an index sees them one by one.
    let state = 7;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)];
    const common = ['effect', 'therapy', 'patients', 'trial', 'randomised', 'outcomes', 'adults', 'disease', 'chronic', 'care'];
    const rare = () => Array.from({ length: 3 }, () => pick(['zor', 'vel', 'tam', 'quin', 'pra', 'lux', 'dor', 'mib'])).join('');
    const titles: string[] = [];
    for (let i = 0; i < 700; i += 1) titles.push([pick(common), rare(), pick(common), pick(common), rare(), pick(common), pick(common), pick(common)].join(' '));
    for (let i = 0; i < 70; i += 1) {
      const words = pick(titles.slice(0, 700)).split(' ');
      const at = Math.floor(next() * words.length);
      const kind = i % 3;
      if (kind === 0) words[at] = words[at].slice(0, 2) + words[at].slice(3, 4) + words[at].slice(2, 3) + words[at].slice(4);
      else if (kind === 1) words.splice(at, 1, words[at] + 's');
      else words[words.length - 1] = words.at(-1) === 'care' ? 'cure' : 'care';
      titles.push(words.join(' '));
    }
    const make = (title: string, i: number): BibRecord => ({ ...record('rispy-shannon'), title, year: 1900 + (i % 100), authors: [`Author${i}`], journal: null });
    const index = new DuplicateIndex();
    const blocked = new Set<string>();
    titles.forEach((title, i) => {
      for (const near of index.nearMatches(make(title, i))) blocked.add(`${near.id}-${i}`);
      index.add(String(i), make(title, i));
    });
    const allPairs = new Set<string>();
    const normal = titles.map(normaliseTitle);
    for (let j = 0; j < titles.length; j += 1) {
      for (let i = 0; i < j; i += 1) {
        const longer = Math.max(normal[i].length, normal[j].length);
        if (1 - levenshtein(normal[i], normal[j]) / longer >= 0.9) allPairs.add(`${i}-${j}`);
      }
    }
    expect(allPairs.size).toBeGreaterThanOrEqual(60);
    expect([...allPairs].filter((pair) => !blocked.has(pair))).toEqual([]);
    expect([...blocked].filter((pair) => !allPairs.has(pair))).toEqual([]);
  });
});
