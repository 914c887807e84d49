import { describe, expect, it } from 'vitest';
import { armMatchInWords, confirmInput, fittingOutcomes, groupNumbersInWords, isWeakMatch, preselectedGroups, proposalsByTrial, webAddress } from './registry-proposals';
import type { RegistryProposal, RegistryProposalGroup } from './registry-queries';

const group = (groupId: string, groupTitle: string, armTitle: string | null, armMatch: RegistryProposalGroup['armMatch'], more: Partial<RegistryProposalGroup> = {}): RegistryProposalGroup => ({
  groupId,
  groupTitle,
  armTitle,
  armMatch,
  armMatchScore: armMatch === 'TOKEN_SIMILARITY' ? 0.6666 : null,
  events: null,
  total: null,
  derived: false,
  mean: null,
  sd: null,
  n: null,
  sdFrom: null,
  conversion: null,
  ...more,
});

const placebo = group('OG000', 'Placebo (FAS)', 'Placebo', 'TOKEN_SIMILARITY', { events: 25, total: 158, derived: true });
const czp = group('OG001', 'CZP 200 mg Q2W (FAS)', 'Certolizumab Pegol 200 mg Q2W', 'TOKEN_SIMILARITY', { events: 75, total: 159, derived: true });

const proposal = (id: string, nctId: string, study: string, measureType: string, more: Partial<RegistryProposal> = {}): RegistryProposal => ({
  id,
  nctId,
  study: { id: `study-${study}`, label: study },
  kind: 'BINARY',
  status: 'OPEN',
  measureTitle: `measure ${id}`,
  measureType,
  timeFrame: null,
  unitOfMeasure: null,
  paramType: null,
  dispersionType: null,
  classTitle: null,
  categoryTitle: null,
  recordVersionDate: null,
  fetchedAt: '2026-12-02T14:00:00Z',
  sourceUrl: `https://clinicaltrials.gov/study/${nctId}`,
  groups: [placebo, czp],
  refused: [],
  conversions: [],
  notes: [],
  ...more,
});

describe('proposals by trial', () => {
  it('groups by study and trial, studies by label, primary measures first and otherwise in the order given', () => {
    const trials = proposalsByTrial([
      proposal('1', 'NCT02552212', 'RAPID-axSpA 2019', 'secondary'),
      proposal('2', 'NCT00763412', 'Cystic 2012', 'other'),
      proposal('3', 'NCT02552212', 'RAPID-axSpA 2019', 'primary'),
      proposal('4', 'NCT02552212', 'RAPID-axSpA 2019', 'secondary'),
      proposal('5', 'NCT00763412', 'Cystic 2012', 'primary'),
    ]);
    expect(trials.map((t) => [t.study.label, t.nctId, t.proposals.map((p) => p.id)])).toEqual([
      ['Cystic 2012', 'NCT00763412', ['5', '2']],
      ['RAPID-axSpA 2019', 'NCT02552212', ['3', '1', '4']],
    ]);
    expect(proposalsByTrial([])).toEqual([]);
  });
});

describe('groups and their arms', () => {
  it('marks ties by similar words and no tie at all as weak, and says so', () => {
    expect(['EXACT', 'NORMALISED', 'TOKEN_SIMILARITY', 'NONE'].map((m) => isWeakMatch(m as RegistryProposalGroup['armMatch']))).toEqual([false, false, true, true]);
    expect(armMatchInWords(placebo)).toBe("arm 'Placebo' (weak: similar words, similarity 0.67; check it)");
    expect(armMatchInWords(group('OG0', 'Placebo', 'Placebo', 'EXACT'))).toBe("arm 'Placebo' (same title)");
    expect(armMatchInWords(group('OG0', '2. repaglinide', '2. Repaglinide', 'NORMALISED'))).toBe("arm '2. Repaglinide' (same title but for case and punctuation)");
    expect(armMatchInWords(group('OG0', 'Placebo->OL CZP (SS)', null, 'NONE'))).toBe('no arm: check which arm this group is by hand');
  });

  it("words a group's numbers, saying which were computed", () => {
    expect(groupNumbersInWords(placebo, 'BINARY')).toBe('25/158 (events computed from a percentage)');
    expect(groupNumbersInWords({ ...placebo, derived: false }, 'BINARY')).toBe('25/158');
    const continuous = group('OG0', 'Placebo', 'Placebo', 'EXACT', { mean: -1.2, sd: 8.79, n: 158, sdFrom: 'standard-error' });
    expect(groupNumbersInWords(continuous, 'CONTINUOUS')).toBe('mean -1.2, SD 8.79 (from the standard error), n 158');
    expect(groupNumbersInWords({ ...continuous, sdFrom: 'standard-deviation', sd: null }, 'CONTINUOUS')).toBe('mean -1.2, SD ?, n 158');
  });

  it('offers binary outcomes for binary proposals and continuous ones for continuous, never pre-post or generic', () => {
    const outcomes = [
      { id: 'o1', dataType: 'binary' },
      { id: 'o2', dataType: 'continuous' },
      { id: 'o3', dataType: 'pre-post' },
      { id: 'o4', dataType: 'binary' },
      { id: 'o5', dataType: 'generic' },
    ];
    expect(fittingOutcomes(outcomes, 'BINARY').map((o) => o.id)).toEqual(['o1', 'o4']);
    expect(fittingOutcomes(outcomes, 'CONTINUOUS').map((o) => o.id)).toEqual(['o2']);
  });
});

describe('the two groups chosen in advance', () => {
  it('chooses when there are two groups tied to arms and one is the comparison, whatever their order', () => {
    expect(preselectedGroups([placebo, czp])).toEqual({ experimental: 'OG001', control: 'OG000' });
    expect(preselectedGroups([czp, placebo])).toEqual({ experimental: 'OG001', control: 'OG000' });
    const sham = group('OG002', 'Sham injection', 'Sham injection', 'EXACT');
    expect(preselectedGroups([group('OG003', 'Fat grafting', 'Fat grafting', 'EXACT'), sham])).toEqual({ experimental: 'OG003', control: 'OG002' });
  });

  it('chooses nothing when a group has no arm, when there are more than two, or when neither (or both) is the comparison', () => {
    const none = { experimental: '', control: '' };
    expect(preselectedGroups([czp, group('OG009', 'Placebo->OL CZP (SS)', null, 'NONE')])).toEqual(none);
    expect(preselectedGroups([placebo, czp, group('OG002', 'CZP 400 mg', 'CZP 400 mg', 'EXACT')])).toEqual(none);
    expect(preselectedGroups([czp, group('OG002', 'CZP 400 mg', 'CZP 400 mg', 'EXACT')])).toEqual(none);
    expect(preselectedGroups([placebo, group('OG002', 'Usual care', 'Usual care', 'EXACT')])).toEqual(none);
    // "Controlled-release" is not a control.
    expect(preselectedGroups([group('OG0', 'Controlled-release morphine', 'Controlled-release morphine', 'EXACT'), group('OG1', 'Morphine', 'Morphine', 'EXACT')])).toEqual(none);
  });
});

describe("confirmRegistryProposal's input", () => {
  const fields = { outcomeId: 'o1', experimental: 'OG001', control: 'OG000', label: '  ', subgroup: ' Week 12 ' };

  it('sends the outcome, the two groups, and label and subgroup trimmed (empty as null)', () => {
    expect(confirmInput('p1', fields)).toEqual({ input: { proposalId: 'p1', outcomeId: 'o1', experimentalGroupId: 'OG001', controlGroupId: 'OG000', label: null, subgroup: 'Week 12' } });
  });

  it('says beside each field what is missing, and refuses the same group twice', () => {
    expect(confirmInput('p1', { ...fields, outcomeId: '', experimental: '', control: '' })).toEqual({
      problems: { outcomeId: ['Choose the outcome this row belongs to.'], experimentalGroupId: ['Choose the experimental group.'], controlGroupId: ['Choose the control group.'] },
    });
    expect(confirmInput('p1', { ...fields, control: 'OG001' })).toEqual({ problems: { controlGroupId: ['Choose a control group other than the experimental one.'] } });
  });
});

describe('links from registry text', () => {
  it('links web pages only', () => {
    expect(webAddress('https://clinicaltrials.gov/study/NCT02552212')).toBe('https://clinicaltrials.gov/study/NCT02552212');
    expect(webAddress('http://127.0.0.1:4100/api/v2/studies/NCT02552212')).toBe('http://127.0.0.1:4100/api/v2/studies/NCT02552212');
    expect(webAddress('javascript:alert(1)')).toBeNull();
    expect(webAddress(' JaVaScRiPt:alert(1)')).toBeNull();
    expect(webAddress('data:text/html,<script>alert(1)</script>')).toBeNull();
    expect(webAddress('/study/NCT1')).toBeNull();
    expect(webAddress(null)).toBeNull();
  });
});
