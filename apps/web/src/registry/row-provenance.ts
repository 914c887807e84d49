// Where a data row's numbers came from, as the dashboard shows it beside them: the API's one-line summary, a link to
// the record when it is a web page, and whether some number was computed rather than read. Pure.
import { webAddress } from './registry-proposals';
import type { RowProvenance } from './registry-queries';

export interface ProvenanceView {
  summary: string;
  /** The record read, only when it is an http(s) address. */
  href: string | null;
  derived: boolean;
  /** Why a number is derived: each conversion used ("percentage → count: 47.2% of 159 = 75"), for the badge's title. */
  derivedWhy: string;
}

/**
 * Where a reader checks the numbers: a record read from ClinicalTrials.gov's own API is linked at the trial's results
 * page (the API's address answers JSON); a record read elsewhere (a mirror) at the address it was read from.
 */
function checkAddress(provenance: Pick<RowProvenance, 'sourceUrl' | 'nctId'>): string | null {
  const address = webAddress(provenance.sourceUrl);
  if (address && provenance.nctId && /^NCT\d{8}$/.test(provenance.nctId) && new URL(address).hostname === 'clinicaltrials.gov' && new URL(address).pathname.startsWith('/api/')) {
    return `https://clinicaltrials.gov/study/${provenance.nctId}?tab=results`;
  }
  return address;
}

export function provenanceView(provenance: RowProvenance): ProvenanceView {
  return {
    summary: provenance.summary,
    href: checkAddress(provenance),
    derived: provenance.derived,
    derivedWhy: provenance.derived ? (provenance.conversions.length > 0 ? provenance.conversions.join('; ') : 'Some numbers were computed from those registered.') : '',
  };
}

/** Each row's provenance by its id (rows without one are left out). */
export function provenanceByRow(rows: readonly { id: string; provenance: RowProvenance | null }[]): Map<string, ProvenanceView> {
  return new Map(rows.flatMap((row) => (row.provenance ? [[row.id, provenanceView(row.provenance)] as const] : [])));
}

/** The changes that can give a row a provenance: a registry proposal confirmed, two extractions agreed or reconciled. */
const PROVENANCE_ACTIONS = new Set(['confirmRegistryProposal', 'submitExtraction', 'reconcileExtraction']);

/**
 * Whether a new version of an outcome may have changed its rows' provenance, so a reader's page asks for it again:
 * when the change can give one, or when some row has one (any correction or removal may take it away). Otherwise the
 * page updates from its subscription alone, without a request per reader.
 */
export function provenanceMayHaveChanged(action: string | null | undefined, rowsWithProvenance: number): boolean {
  return rowsWithProvenance > 0 || (action != null && PROVENANCE_ACTIONS.has(action));
}
