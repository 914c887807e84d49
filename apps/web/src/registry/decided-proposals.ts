// The proposals a person decided (confirmed into an outcome, or dismissed), newest decision first, and each decision
// in words: the audit trail of what the registry's numbers became. Pure; RegistryDecidedProposals shows it.
import type { RegistryProposalStatus } from './registry-queries';

export interface DecidedProposal {
  id: string;
  nctId: string;
  study: { id: string; label: string };
  status: RegistryProposalStatus;
  measureTitle: string;
  timeFrame: string | null;
  recordVersionDate: string | null;
  decidedBy: string | null;
  decidedVersion: number | null;
  dismissedReason: string | null;
  rows: { id: string }[];
}

/** Confirmed and dismissed proposals, the latest decision first (superseded and open ones are not decisions). */
export function decidedProposals<T extends Pick<DecidedProposal, 'status' | 'decidedVersion' | 'id'>>(proposals: readonly T[]): T[] {
  return proposals
    .filter((p) => p.status === 'CONFIRMED' || p.status === 'DISMISSED')
    .sort((a, b) => (b.decidedVersion ?? 0) - (a.decidedVersion ?? 0) || a.id.localeCompare(b.id));
}

/** "Confirmed by Mia at version 12 (1 row)", "Dismissed by Mia at version 13: week 52 is outside the question". */
export function decisionInWords(p: Pick<DecidedProposal, 'status' | 'decidedBy' | 'decidedVersion' | 'dismissedReason' | 'rows'>): string {
  const who = `${p.decidedBy ? ` by ${p.decidedBy}` : ''}${p.decidedVersion === null ? '' : ` at version ${p.decidedVersion}`}`;
  if (p.status === 'CONFIRMED') {
    const rows = p.rows.length === 0 ? 'its row since removed' : `${p.rows.length} row${p.rows.length === 1 ? '' : 's'}`;
    return `Confirmed${who} (${rows})`;
  }
  return `Dismissed${who}${p.dismissedReason ? `: ${p.dismissedReason}` : ''}`;
}
