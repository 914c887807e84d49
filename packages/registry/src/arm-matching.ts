// Outcome groups (OG000…) are local to each measure; they are tied to the protocol's arms only by their titles.
import { distance } from 'fastest-levenshtein';

export interface ArmRef {
  id: string;
  title: string;
}

/** How a group's title was tied to an arm: exact, normalised (case, spaces, punctuation), token similarity, or none. */
export type ArmMatch =
  | { method: 'exact' | 'normalised'; armId: string; armTitle: string; score: 1 }
  | { method: 'token-similarity'; armId: string; armTitle: string; score: number }
  | { method: 'none'; armId: null; reason: string; closest: { armId: string; armTitle: string; score: number } | null };

/** The least Dice coefficient over title tokens that counts as a match ("Placebo (FAS)" ~ "Placebo" is 0.67). */
export const TOKEN_SIMILARITY_THRESHOLD = 0.6;
/** Two tokens of four or more letters are the same word at this Levenshtein similarity ("placebos" ~ "placebo"). */
const TOKEN_EDIT_SIMILARITY = 0.8;

export function normaliseTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function sameToken(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length < 4 || b.length < 4) return false;
  return 1 - distance(a, b) / Math.max(a.length, b.length) >= TOKEN_EDIT_SIMILARITY;
}

/** Dice coefficient over the two titles' distinct tokens, each token used once (greedy). */
export function tokenSimilarity(a: string, b: string): number {
  const left = [...new Set(normaliseTitle(a).split(' ').filter(Boolean))];
  const right = [...new Set(normaliseTitle(b).split(' ').filter(Boolean))];
  if (left.length === 0 || right.length === 0) return 0;
  const unused = [...right];
  let shared = 0;
  for (const token of left) {
    const at = unused.findIndex((other) => other === token);
    const index = at >= 0 ? at : unused.findIndex((other) => sameToken(token, other));
    if (index >= 0) {
      shared += 1;
      unused.splice(index, 1);
    }
  }
  return (2 * shared) / (left.length + right.length);
}

export function matchGroupToArm(groupTitle: string, arms: readonly ArmRef[]): ArmMatch {
  if (arms.length === 0) return { method: 'none', armId: null, reason: 'the record lists no arms', closest: null };
  const exact = arms.filter((arm) => arm.title === groupTitle);
  if (exact.length === 1) return { method: 'exact', armId: exact[0].id, armTitle: exact[0].title, score: 1 };
  const normalised = normaliseTitle(groupTitle);
  const same = arms.filter((arm) => normaliseTitle(arm.title) === normalised);
  if (same.length === 1) return { method: 'normalised', armId: same[0].id, armTitle: same[0].title, score: 1 };
  if (exact.length > 1 || same.length > 1) {
    return { method: 'none', armId: null, reason: `more than one arm is titled '${groupTitle}'`, closest: null };
  }
  const scored = arms
    .map((arm) => ({ armId: arm.id, armTitle: arm.title, score: round4(tokenSimilarity(groupTitle, arm.title)) }))
    .sort((a, b) => b.score - a.score);
  const [best, runnerUp] = scored;
  if (best.score < TOKEN_SIMILARITY_THRESHOLD) {
    return { method: 'none', armId: null, reason: `no arm's title shares enough words (best ${best.score} < ${TOKEN_SIMILARITY_THRESHOLD})`, closest: best };
  }
  if (runnerUp && runnerUp.score === best.score) {
    return { method: 'none', armId: null, reason: `'${best.armTitle}' and '${runnerUp.armTitle}' are equally similar (${best.score})`, closest: best };
  }
  return { method: 'token-similarity', armId: best.armId, armTitle: best.armTitle, score: best.score };
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
