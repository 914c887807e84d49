// The record every reader returns, and the error every reader throws.

/** How a record came: a file's format, or 'registry' for a trial read from a registry's API. */
export type RecordFormat = 'ris' | 'medline' | 'csv' | 'registry';

export interface BibRecord {
  /** 1-based position in its file; `line` is the line where the record starts (1-based). */
  position: number;
  line: number;
  /** The CSV's record_id column where it has one, else null. */
  recordId: string | null;
  title: string | null;
  authors: string[];
  year: number | null;
  journal: string | null;
  volume: string | null;
  issue: string | null;
  pages: string | null;
  /** Normalised: lower case, no https://doi.org/ or doi: prefix. */
  doi: string | null;
  /** Digits only. */
  pmid: string | null;
  /** Every ClinicalTrials.gov id the record names (SI, registry fields, title, abstract, notes, URLs), upper case, unique. */
  nctIds: string[];
  abstract: string | null;
  keywords: string[];
  /** Set when the record IS a registry entry (e.g. a CSV/RIS export from a register): its own trial id. */
  registryId: string | null;
  sourceFormat: RecordFormat;
}

/** A file that cannot be read: the 1-based line and a reason the user can act on. */
export class RecordsParseError extends Error {
  readonly line: number;
  readonly reason: string;

  constructor(line: number, reason: string) {
    super(`line ${line}: ${reason}`);
    this.name = 'RecordsParseError';
    this.line = line;
    this.reason = reason;
  }
}

/** A record with no fields yet: each reader fills in what its file holds. */
export function emptyRecord(sourceFormat: RecordFormat, position: number, line: number): BibRecord {
  return {
    position,
    line,
    recordId: null,
    title: null,
    authors: [],
    year: null,
    journal: null,
    volume: null,
    issue: null,
    pages: null,
    doi: null,
    pmid: null,
    nctIds: [],
    abstract: null,
    keywords: [],
    registryId: null,
    sourceFormat,
  };
}
