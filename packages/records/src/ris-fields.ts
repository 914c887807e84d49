// RIS tags read as fields, with the vendors' variants (see SOURCES.md of test/fixtures for the exports they come from).
import { doiFromUrl, findDoi, findNctIds, findRegistryId, firstOf, firstYear, joinPages, normaliseDoi, normalisePmid, splitList, uniqueValues } from './fields.js';
import { emptyRecord, type BibRecord } from './record.js';
import { all, first, lines, type TaggedRecord } from './tagged-record.js';

const BOOK_TYPES = new Set(['BOOK', 'EBOOK', 'EDBOOK']);
const LINK_TAGS = ['UR', 'L1', 'L2', 'L3', 'L4'];
// A trial register as a record's database or source: the record IS a registry entry (CENTRAL, a register's export).
const REGISTER = /clinicaltrials\.gov|\bct\.?gov\b|ictrp|trials? regist|isrctn|anzctr|eu ?ctr|clinicaltrialsregister/i;

/**
 * One RIS record's fields:
 * - title: TI or T1, else CT (an unpublished work's title), else BT for a whole book (for a chapter BT is the book),
 *   else ST (a short title is all rispy's UTF-8 example has).
 * - authors: AU and A1, the primary authors; A2 (editors; Ovid's cited authors), A3 and A4 are not authors.
 * - year: the first of PY, Y1, DA that starts with a year ('2019///', '2019/05/01'; Web of Science's 'DA  - SEP' has none).
 * - journal: JF (full name), T2 (the secondary title: a journal, except in a book where it is the series), JO, JA, J2, J1.
 * - volume VL (or VO), issue IS, pages SP-EP joined as '123-130'.
 * - DOI: DO (DI in Web of Science), else a doi.org URL in UR/L1-L4 (Embase, ProQuest), else a DOI in N1 (EndNote's citation line).
 * - PMID: where the vendor puts it: C5 in Embase, C2 in Scopus, AN in PubMed via EndNote (DP  - NLM), ID in Ovid
 *   MEDLINE, a 'PMID: …' line, a PubMed URL. Other accession numbers (WOS:…, ProQuest's, PsycINFO's, Embase's L…) are not PMIDs.
 * - NCT ids: title, abstract, notes, keywords, links and accession fields; never N1 'References: …' (Scopus's cited
 *   references) or Ovid's M1 (cited references too).
 */
export function risFields(tagged: TaggedRecord, position: number): BibRecord {
  const record = emptyRecord('ris', position, tagged.line);
  const type = (first(tagged, 'TY') ?? '').toUpperCase();
  const isBook = BOOK_TYPES.has(type);
  record.title = first(tagged, 'TI', 'T1', 'CT', ...(isBook ? ['BT'] : []), 'ST');
  record.authors = uniqueValues(all(tagged, 'AU', 'A1'));
  record.year = firstYear(all(tagged, 'PY', 'Y1', 'DA'));
  record.journal = first(tagged, 'JF', ...(isBook ? [] : ['T2']), 'JO', 'JA', 'J2', 'J1');
  record.volume = first(tagged, 'VL', 'VO');
  record.issue = first(tagged, 'IS');
  record.pages = joinPages(first(tagged, 'SP'), first(tagged, 'EP'));
  const notes = all(tagged, 'N1').filter((note) => !/^references?\s*:/i.test(note));
  record.doi =
    firstOf(all(tagged, 'DO', 'DI'), normaliseDoi) ??
    firstOf(all(tagged, ...LINK_TAGS), doiFromUrl) ??
    firstOf(notes, findDoi);
  record.pmid = risPmid(tagged);
  record.abstract = first(tagged, 'AB', 'N2');
  record.keywords = uniqueValues(lines(tagged, 'KW'));
  const links = all(tagged, ...LINK_TAGS);
  const accessions = all(tagged, 'AN', 'ID', 'U2');
  record.nctIds = findNctIds([
    ...all(tagged, 'TI', 'T1', 'CT', 'BT', 'ST', 'AB', 'N2'),
    ...notes,
    ...record.keywords,
    ...links,
    ...accessions,
  ]);
  const source = [...all(tagged, 'DB', 'DP'), record.journal ?? ''].join(' ');
  const registryLink = links.find((link) => /clinicaltrials\.gov\/(?:ct2\/show\/|show\/|study\/)/i.test(link));
  if (REGISTER.test(source) || registryLink) record.registryId = firstOf([...accessions, ...links], findRegistryId);
  if (record.registryId?.startsWith('NCT') && !record.nctIds.includes(record.registryId)) record.nctIds.unshift(record.registryId);
  return record;
}

function risPmid(tagged: TaggedRecord): string | null {
  const databases = all(tagged, 'DB', 'DP').join(' ');
  const links = all(tagged, ...LINK_TAGS).join(' ');
  const embase = /embase/i.test(databases) || /embase\.com/i.test(links);
  const scopus = /scopus/i.test(databases) || /scopus\.com/i.test(links);
  const nlm = /\b(nlm|pubmed|medline)\b/i.test(databases);
  const fromTags =
    (embase ? firstOf(all(tagged, 'C5'), normalisePmid) : null) ??
    (scopus ? firstOf(all(tagged, 'C2'), normalisePmid) : null) ??
    firstOf(all(tagged, 'PM', 'PMID'), normalisePmid) ??
    (nlm && !embase ? firstOf(all(tagged, 'AN'), normalisePmid) : null) ??
    (nlm && !embase && !scopus ? firstOf(all(tagged, 'ID'), (id) => (/^\d{1,9}$/.test(id) ? normalisePmid(id) : null)) : null);
  if (fromTags) return fromTags;
  for (const line of lines(tagged, 'N1', 'M2', 'AN')) {
    const match = /^PMID:?\s*(\d{1,9})\b/i.exec(line);
    if (match) return normalisePmid(match[1]);
  }
  const url = /(?:pubmed\.ncbi\.nlm\.nih\.gov\/|ncbi\.nlm\.nih\.gov\/pubmed\/)(\d{1,9})\b/i.exec(links);
  return url ? normalisePmid(url[1]) : null;
}

/**
 * One Web of Science field-tagged record: TI title, AF (full names) or AU authors, PY year, SO journal, VL, IS,
 * BP-EP pages (AR, the article number, without them), DI DOI, PM PMID, AB abstract, DE and ID (Keywords Plus, not an
 * identifier) as keywords split on ';'. UT (WOS:…) is Web of Science's own accession number.
 */
export function webOfScienceFields(tagged: TaggedRecord, position: number): BibRecord {
  const record = emptyRecord('ris', position, tagged.line);
  record.title = first(tagged, 'TI');
  record.authors = uniqueValues(lines(tagged, tagged.fields.has('AF') ? 'AF' : 'AU'));
  record.year = firstYear(all(tagged, 'PY'));
  record.journal = first(tagged, 'SO');
  record.volume = first(tagged, 'VL');
  record.issue = first(tagged, 'IS');
  record.pages = joinPages(first(tagged, 'BP'), first(tagged, 'EP')) ?? first(tagged, 'AR');
  record.doi = firstOf(all(tagged, 'DI'), normaliseDoi);
  record.pmid = firstOf(all(tagged, 'PM'), normalisePmid);
  record.abstract = first(tagged, 'AB');
  record.keywords = uniqueValues(all(tagged, 'DE', 'ID').flatMap((value) => splitList(value)));
  record.nctIds = findNctIds([...all(tagged, 'TI', 'AB'), ...record.keywords]);
  return record;
}
