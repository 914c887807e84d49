// Unit-of-analysis problems when one study gives several rows (Cochrane Handbook 23.3.4): the same participants
// entering one pooled total twice. Found and named always; remedied when the outcome's setting asks for it.
import { isBinaryStudy, isContinuousStudy } from './effect-sizes/index.js';
import { rowsByStudy } from './sensitivity.js';
import { UNLABELLED_SUBGROUP } from './subgroups.js';
import type { BinaryStudy, ContinuousStudy, StudyInput, Totals, UnitOfAnalysisNote, UnitOfAnalysisRemedy } from './types.js';

const OVERALL = 'overall';
const inQuotes = (names: string[]) => names.map((name) => `'${name}'`).join(', ');

// Combined arm of several groups: pooled mean and SD (Cochrane Handbook 6.5.2.10, Table 6.5.a).
function combinedArm(arms: { mean: number; sd: number; n: number }[]): { mean: number; sd: number; n: number } {
  let { mean, sd, n } = arms[0];
  for (const arm of arms.slice(1)) {
    const N = n + arm.n;
    const combinedMean = (n * mean + arm.n * arm.mean) / N;
    const variance = ((n - 1) * sd ** 2 + (arm.n - 1) * arm.sd ** 2 + ((n * arm.n) / N) * (mean - arm.mean) ** 2) / (N - 1);
    mean = combinedMean;
    sd = Math.sqrt(variance);
    n = N;
  }
  return { mean, sd, n };
}

/** Several rows of one study in one total combined into one: arm 1 (the experimental groups) combined, arm 2 (the shared group) kept once. */
function combineRows(rows: StudyInput[]): StudyInput | null {
  const [first] = rows;
  if (rows.every(isBinaryStudy)) {
    const binary = rows as BinaryStudy[];
    return { ...first, events1: binary.reduce((sum, r) => sum + r.events1, 0), n1: binary.reduce((sum, r) => sum + r.n1, 0) } as BinaryStudy;
  }
  if (rows.every(isContinuousStudy)) {
    const continuous = rows as ContinuousStudy[];
    const arm = combinedArm(continuous.map((r) => ({ mean: r.mean1, sd: r.sd1, n: r.n1 })));
    return { ...first, mean1: arm.mean, sd1: arm.sd, n1: arm.n } as ContinuousStudy;
  }
  return null;
}

/** The shared group (arm 2) divided between `parts` comparisons, counts rounded to whole participants. */
function splitSharedGroup(row: StudyInput, parts: number): StudyInput | null {
  if (isBinaryStudy(row)) {
    const n2 = Math.max(1, Math.round(row.n2 / parts));
    return { ...row, n2, events2: Math.min(n2, Math.round(row.events2 / parts)) };
  }
  if (isContinuousStudy(row)) return { ...row, n2: Math.max(1, Math.round(row.n2 / parts)) };
  return null;
}

const remedyWords = {
  combined: ' Its experimental groups were combined into one row per total, the shared group counted once (Cochrane Handbook 23.3.4).',
  split: " The shared group's participants and events were divided between the study's rows, rounded to whole participants (Cochrane Handbook 23.3.4).",
  effectsOnly: ' Its rows give effects, not arm data, so they could not be combined or split: enter arm data, or keep one row per total.',
  notAcrossSubgroups: ' Rows in different subgroups cannot be combined into one: split the shared group, show subgroup totals only, or keep one row per study in each total.',
};

/**
 * Finds every study whose rows can put the same participants into one total twice (several rows in one total:
 * a multi-arm trial sharing its control group; rows in several subgroups under the overall total), and applies the
 * remedy: `combine-groups` joins a study's rows within one total into one, `split-shared-group` divides the shared
 * group's participants (and events) between the rows that enter a total together (all of the study's rows when the
 * overall total is shown); `flag` leaves the numbers and says so. Arm 2 is taken to be the shared group.
 */
export function unitOfAnalysis(rows: StudyInput[], totals: Totals, remedy: UnitOfAnalysisRemedy): { rows: StudyInput[]; notes: UnitOfAnalysisNote[] } {
  // Subgroup totals only, and no row in a subgroup: nothing is pooled, so nothing is counted twice.
  if (totals === 'none' || (totals === 'subgroups' && rows.every((row) => !row.subgroup))) return { rows, notes: [] };
  const overall = totals === 'all';
  const notes: UnitOfAnalysisNote[] = [];
  const replaced = new Map<string, StudyInput | null>();
  for (const { studyId, rows: members } of rowsByStudy(rows)) {
    if (members.length < 2) continue;
    const bySubgroup = new Map<string | null, StudyInput[]>();
    for (const row of members) {
      const group = bySubgroup.get(row.subgroup ?? null);
      if (group) group.push(row);
      else bySubgroup.set(row.subgroup ?? null, [row]);
    }
    const shared = [...bySubgroup].filter(([, group]) => group.length > 1);
    const several = overall && bySubgroup.size > 1;
    if (shared.length === 0 && !several) continue;

    // The remedy, for the whole study or not at all.
    let sharedWords = '';
    let severalWords = '';
    if (remedy === 'split-shared-group') {
      // Each row's shared group is divided between the rows that enter a total with it.
      const parts = (row: StudyInput) => (overall ? members.length : bySubgroup.get(row.subgroup ?? null)!.length);
      const split = members.map((row) => (parts(row) > 1 ? splitSharedGroup(row, parts(row)) : row));
      if (split.every((row) => row !== null)) {
        members.forEach((row, i) => replaced.set(row.id, split[i]));
        sharedWords = severalWords = remedyWords.split;
      } else sharedWords = severalWords = remedyWords.effectsOnly;
    } else if (remedy === 'combine-groups') {
      const combined = shared.map(([, group]) => combineRows(group));
      if (combined.every((row) => row !== null)) {
        shared.forEach(([, group], g) => group.forEach((row, i) => replaced.set(row.id, i === 0 ? combined[g] : null)));
        sharedWords = remedyWords.combined;
      } else sharedWords = remedyWords.effectsOnly;
      severalWords = remedyWords.notAcrossSubgroups;
    }

    const rowIds = members.map((row) => row.id);
    if (shared.length > 0) {
      // Rows without a subgroup are pooled in the overall total, or, with subgroup totals only, as a group of their own.
      const names = shared.map(([name]) => name ?? (overall ? OVERALL : UNLABELLED_SUBGROUP));
      const where = [...new Set([...(overall ? [OVERALL] : []), ...names])];
      const count = shared.reduce((sum, [, group]) => sum + group.length, 0);
      notes.push({
        studyId,
        rowIds: shared.flatMap(([, group]) => group.map((row) => row.id)),
        totals: where,
        kind: 'shared-group',
        message: `The study has ${count} rows in ${where.length === 1 ? 'one total' : 'the same totals'} (${inQuotes(where)}): a group shared between them (a multi-arm trial's control) is counted more than once.${sharedWords}`,
      });
    }
    if (several) {
      notes.push({
        studyId,
        rowIds,
        totals: [OVERALL],
        kind: 'several-subgroups',
        message: `The study has rows in ${bySubgroup.size} subgroups (${inQuotes([...bySubgroup.keys()].map((name) => name ?? UNLABELLED_SUBGROUP))}), and the overall total pools them all: its participants may be counted more than once there.${severalWords || ' Show subgroup totals only, or keep one row per study in each total.'}`,
      });
    }
  }
  if (replaced.size === 0) return { rows, notes };
  const remedied: StudyInput[] = [];
  for (const row of rows) {
    if (!replaced.has(row.id)) remedied.push(row);
    else if (replaced.get(row.id)) remedied.push(replaced.get(row.id)!);
  }
  return { rows: remedied, notes };
}
