// Where a record stands at one screening stage, from its votes and any arbiter's decision. Pure: every write that
// changes a vote or a decision stores the result on the record (records.title_abstract_status, full_text_status),
// so queues and counts are queries and reads never recompute.
//
// The rules (Cochrane Handbook 4.6.4; PRISMA 2020):
// - a record needs `required` independent votes (2 by default) before anything is decided;
// - title and abstract: 'include' and 'maybe' both mean "get the full text"; if every vote says so, the record goes on
//   to full text; if every vote says 'exclude', it is excluded; anything else is a conflict for an arbiter;
// - full text: every vote 'include' includes it; every vote 'exclude' with the same reason excludes it for that reason;
//   a 'maybe', a split, or the same exclusion for different reasons is a conflict (PRISMA counts each excluded report
//   under one reason, so the reason must be agreed too);
// - an arbiter's decision settles a conflict; it stands until withdrawn.
import type { ScreeningDecision } from '@cumulus/db';

export type StageStatus = 'awaiting' | 'conflict' | 'include' | 'exclude';

export interface Vote {
  decision: ScreeningDecision;
  reason: string | null;
}

export interface StageResult {
  status: StageStatus;
  /** The reason of an excluded full text. */
  reason: string | null;
  /** How it was settled: by the screeners agreeing, or by an arbiter; null while awaiting or in conflict. */
  settledBy: 'agreement' | 'arbiter' | null;
  /** Why it is a conflict, in words. */
  conflict: string | null;
}

export function stageResult(
  stage: 'title-abstract' | 'full-text',
  votes: readonly Vote[],
  required: number,
  resolution: { decision: 'include' | 'exclude'; reason: string | null } | null,
): StageResult {
  if (votes.length < required) {
    // An arbiter may have settled an earlier conflict and a vote since been withdrawn: the decision still stands.
    if (resolution) return { status: resolution.decision, reason: resolution.reason, settledBy: 'arbiter', conflict: null };
    return { status: 'awaiting', reason: null, settledBy: null, conflict: null };
  }
  const conflict = conflictOf(stage, votes);
  if (conflict === null) {
    const include = votes.every((vote) => vote.decision !== 'exclude');
    return { status: include ? 'include' : 'exclude', reason: include ? null : (votes[0]?.reason ?? null), settledBy: 'agreement', conflict: null };
  }
  if (resolution) return { status: resolution.decision, reason: resolution.reason, settledBy: 'arbiter', conflict: null };
  return { status: 'conflict', reason: null, settledBy: null, conflict };
}

function conflictOf(stage: 'title-abstract' | 'full-text', votes: readonly Vote[]): string | null {
  const excluding = votes.filter((vote) => vote.decision === 'exclude').length;
  if (stage === 'title-abstract') {
    return excluding === 0 || excluding === votes.length ? null : 'the screeners disagree (include or maybe against exclude)';
  }
  if (votes.some((vote) => vote.decision === 'maybe')) return "a screener was unsure ('maybe') about the full text";
  if (excluding === 0) return null;
  if (excluding < votes.length) return 'the screeners disagree (include against exclude)';
  const reasons = new Set(votes.map((vote) => vote.reason));
  return reasons.size === 1 ? null : `the screeners excluded it for different reasons (${[...reasons].map((r) => `'${r}'`).join(', ')})`;
}
