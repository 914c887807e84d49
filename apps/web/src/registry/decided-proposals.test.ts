import { describe, expect, it } from 'vitest';
import { decidedProposals, decisionInWords, type DecidedProposal } from './decided-proposals';

const proposal = (id: string, status: DecidedProposal['status'], decidedVersion: number | null, more: Partial<DecidedProposal> = {}): DecidedProposal => ({
  id,
  nctId: 'NCT02552212',
  study: { id: 's', label: 'Deodhar 2019' },
  status,
  measureTitle: `measure ${id}`,
  timeFrame: 'Week 12',
  recordVersionDate: '2022-08-18',
  decidedBy: 'Mia',
  decidedVersion,
  dismissedReason: null,
  rows: [],
  ...more,
});

describe('decided proposals', () => {
  it('keeps confirmed and dismissed ones, the latest decision first', () => {
    const list = [proposal('a', 'CONFIRMED', 5), proposal('b', 'OPEN', null), proposal('c', 'DISMISSED', 7), proposal('d', 'SUPERSEDED', 6), proposal('e', 'CONFIRMED', 7)];
    expect(decidedProposals(list).map((p) => p.id)).toEqual(['c', 'e', 'a']);
  });

  it('says each decision in words, with its rows or its reason', () => {
    expect(decisionInWords(proposal('a', 'CONFIRMED', 12, { rows: [{ id: 'r1' }] }))).toBe('Confirmed by Mia at version 12 (1 row)');
    expect(decisionInWords(proposal('a', 'CONFIRMED', 12, { rows: [] }))).toBe('Confirmed by Mia at version 12 (its row since removed)');
    expect(decisionInWords(proposal('b', 'DISMISSED', 13, { dismissedReason: 'week 52 is outside the question' }))).toBe('Dismissed by Mia at version 13: week 52 is outside the question');
    expect(decisionInWords(proposal('b', 'DISMISSED', 13, { decidedBy: null }))).toBe('Dismissed at version 13');
  });
});
