// The rows a trial's posted results could give, as the maintainer reads and decides them: grouped by trial, each
// group's numbers and how sure its tie to an arm is, the outcomes a proposal fits, the two groups chosen before the
// maintainer looks (only when that is plain), and confirmRegistryProposal's input. Pure; RegistryProposalCard uses it.
import type { ArmMatchKind, RegistryProposal, RegistryProposalGroup, RegistryProposalKind, ReviewOutcomeChoice } from './registry-queries';

export interface TrialProposals {
  nctId: string;
  study: { id: string; label: string };
  proposals: RegistryProposal[];
}

const MEASURE_TYPE_ORDER = ['primary', 'secondary', 'other'];
const typeRank = (type: string) => {
  const rank = MEASURE_TYPE_ORDER.indexOf(type.toLowerCase());
  return rank < 0 ? MEASURE_TYPE_ORDER.length : rank;
};

/** Proposals by trial and study (studies by label), primary measures first, then as the record lists them. */
export function proposalsByTrial(proposals: readonly RegistryProposal[]): TrialProposals[] {
  const byKey = new Map<string, TrialProposals>();
  for (const proposal of proposals) {
    const key = `${proposal.study.id}\u0000${proposal.nctId}`;
    let trial = byKey.get(key);
    if (!trial) byKey.set(key, (trial = { nctId: proposal.nctId, study: proposal.study, proposals: [] }));
    trial.proposals.push(proposal);
  }
  const trials = [...byKey.values()].sort((a, b) => a.study.label.localeCompare(b.study.label) || a.nctId.localeCompare(b.nctId));
  for (const trial of trials) {
    // A stable sort keeps the registry's order within a measure type.
    trial.proposals.sort((a, b) => typeRank(a.measureType) - typeRank(b.measureType));
  }
  return trials;
}

/** A tie no stronger than word similarity is for a person to check; NONE is no tie at all. */
export function isWeakMatch(match: ArmMatchKind): boolean {
  return match === 'TOKEN_SIMILARITY' || match === 'NONE';
}

/** How a group is tied to an arm: "arm 'Placebo' (same title)", "no arm: tie it by hand". */
export function armMatchInWords(group: Pick<RegistryProposalGroup, 'armTitle' | 'armMatch' | 'armMatchScore'>): string {
  if (group.armMatch === 'NONE' || group.armTitle === null) return 'no arm: check which arm this group is by hand';
  const arm = `arm '${group.armTitle}'`;
  if (group.armMatch === 'EXACT') return `${arm} (same title)`;
  if (group.armMatch === 'NORMALISED') return `${arm} (same title but for case and punctuation)`;
  const score = group.armMatchScore === null ? '' : `, similarity ${group.armMatchScore.toFixed(2)}`;
  return `${arm} (weak: similar words${score}; check it)`;
}

const number = (value: number | null) => (value === null ? '?' : String(value));

/** A group's numbers: "37/158 (events computed from a percentage)" or "mean -1.2, SD 0.9 (from the standard error), n 100". */
export function groupNumbersInWords(group: RegistryProposalGroup, kind: RegistryProposalKind): string {
  if (kind === 'BINARY') return `${number(group.events)}/${number(group.total)}${group.derived ? ' (events computed from a percentage)' : ''}`;
  const sdFrom = group.sdFrom && group.sdFrom !== 'standard-deviation' ? ` (from the ${group.sdFrom.replace(/-/g, ' ')})` : '';
  return `mean ${number(group.mean)}, SD ${number(group.sd)}${sdFrom}, n ${number(group.n)}`;
}

/** The outcomes a proposal's row can go to: binary outcomes for binary proposals, continuous ones for continuous. */
export function fittingOutcomes<T extends Pick<ReviewOutcomeChoice, 'dataType'>>(outcomes: readonly T[], kind: RegistryProposalKind): T[] {
  const dataType = kind === 'BINARY' ? 'binary' : 'continuous';
  return outcomes.filter((outcome) => outcome.dataType === dataType);
}

// Words by which registered arms name the comparison.
const COMPARATOR = /\b(placebos?|sham|control|controls|usual care|standard care|standard of care|vehicle|no treatment|no intervention|waiting list|wait-?list)\b/i;

export interface GroupChoice {
  experimental: string;
  control: string;
}

/**
 * The two groups chosen before the maintainer looks, only when it is plain: exactly two groups, both tied to an arm,
 * and exactly one of them named as the comparison (placebo, sham, control, usual care…). Otherwise none is chosen.
 */
export function preselectedGroups(groups: readonly RegistryProposalGroup[]): GroupChoice {
  const none = { experimental: '', control: '' };
  if (groups.length !== 2 || groups.some((g) => g.armMatch === 'NONE' || g.armTitle === null)) return none;
  const comparators = groups.filter((g) => COMPARATOR.test(g.armTitle ?? '') || COMPARATOR.test(g.groupTitle));
  if (comparators.length !== 1) return none;
  const control = comparators[0];
  const experimental = groups.find((g) => g !== control)!;
  return { experimental: experimental.groupId, control: control.groupId };
}

export interface ConfirmFields extends GroupChoice {
  outcomeId: string;
  label: string;
  subgroup: string;
}

/** confirmRegistryProposal's input, or what to fix first (by the input's field names, shown beside that field). */
export function confirmInput(proposalId: string, fields: ConfirmFields): { input: Record<string, unknown> } | { problems: Record<string, string[]> } {
  const problems: Record<string, string[]> = {};
  if (!fields.outcomeId) problems.outcomeId = ['Choose the outcome this row belongs to.'];
  if (!fields.experimental) problems.experimentalGroupId = ['Choose the experimental group.'];
  if (!fields.control) problems.controlGroupId = ['Choose the control group.'];
  if (fields.experimental && fields.experimental === fields.control) problems.controlGroupId = ['Choose a control group other than the experimental one.'];
  if (Object.keys(problems).length > 0) return { problems };
  return {
    input: {
      proposalId,
      outcomeId: fields.outcomeId,
      experimentalGroupId: fields.experimental,
      controlGroupId: fields.control,
      label: fields.label.trim() || null,
      subgroup: fields.subgroup.trim() || null,
    },
  };
}

/** A link only to a web page: the registry's text is not ours, and a `javascript:` address must never become a link. */
export function webAddress(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}
