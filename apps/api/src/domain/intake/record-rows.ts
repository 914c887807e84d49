// A bibliographic record (@cumulus/records) as a row of `records`, and back (for duplicate checks against what the
// review already holds).
import type { RecordRow } from '@cumulus/db';
import type { BibRecord } from '@cumulus/records';

export type RecordIdentity = Pick<RecordRow, 'title' | 'authors' | 'year' | 'journal' | 'volume' | 'issue' | 'pages' | 'doi' | 'pmid' | 'nct_ids' | 'registry_id' | 'abstract' | 'keywords' | 'source_format' | 'position' | 'source_key'>;

export const identityColumns = ['title', 'authors', 'year', 'journal', 'volume', 'issue', 'pages', 'doi', 'pmid', 'nct_ids', 'registry_id', 'abstract', 'keywords', 'source_format', 'position', 'source_key'] as const satisfies readonly (keyof RecordIdentity)[];

export function bibRecordOfRow(row: RecordIdentity): BibRecord {
  return {
    position: row.position,
    line: 0,
    recordId: row.source_key,
    title: row.title,
    authors: JSON.parse(row.authors) as string[],
    year: row.year,
    journal: row.journal,
    volume: row.volume,
    issue: row.issue,
    pages: row.pages,
    doi: row.doi,
    pmid: row.pmid,
    nctIds: JSON.parse(row.nct_ids) as string[],
    abstract: row.abstract,
    keywords: JSON.parse(row.keywords) as string[],
    registryId: row.registry_id,
    sourceFormat: row.source_format as BibRecord['sourceFormat'],
  };
}

export function identityOfRecord(record: BibRecord): RecordIdentity {
  return {
    title: record.title,
    authors: JSON.stringify(record.authors),
    year: record.year,
    journal: record.journal,
    volume: record.volume,
    issue: record.issue,
    pages: record.pages,
    doi: record.doi,
    pmid: record.pmid,
    nct_ids: JSON.stringify(record.nctIds),
    registry_id: record.registryId,
    abstract: record.abstract,
    keywords: JSON.stringify(record.keywords),
    source_format: record.sourceFormat,
    position: record.position,
    source_key: record.recordId,
  };
}

/** "Granel B, Daumas A, Jouve E, et al. Safety, tolerability… Ann Rheum Dis. 2015;74(12):2175-82. doi:…" */
export function citationOf(record: Pick<RecordRow, 'title' | 'authors' | 'year' | 'journal' | 'volume' | 'issue' | 'pages' | 'doi' | 'pmid' | 'registry_id'>): string {
  const authors = JSON.parse(record.authors) as string[];
  const names = authors.length > 3 ? `${authors.slice(0, 3).join(', ')}, et al.` : authors.join(', ');
  const volume = record.volume ? `${record.volume}${record.issue ? `(${record.issue})` : ''}` : '';
  const issue = [record.year === null ? '' : String(record.year), volume].filter(Boolean).join(';');
  const where = [record.journal ? `${record.journal}.` : '', `${issue}${record.pages ? `:${record.pages}` : ''}`].filter(Boolean).join(' ');
  const parts = [names && (names.endsWith('.') ? names : `${names}.`), record.title && (/[.?!]$/.test(record.title) ? record.title : `${record.title}.`), where && (where.endsWith('.') ? where : `${where}.`)];
  if (record.doi) parts.push(`doi:${record.doi}`);
  else if (record.pmid) parts.push(`PMID ${record.pmid}`);
  else if (record.registry_id) parts.push(record.registry_id);
  return parts.filter(Boolean).join(' ').trim() || 'Untitled record';
}
