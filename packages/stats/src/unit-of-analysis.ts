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

/**
 * Finds every study whose rows can put the same participants into one total twice (several rows in one total:
 * a multi-arm trial sharing its control group; rows in several subgroups under the overall total), and applies the
 * remedy: `combine-groups` joins a study's rows within one total into one, `split-shared-group` divides the shared
 * group's participants (and events) between its rows; `flag` leaves the numbers and says so. Arm 2 is taken to be
 * the shared group.
 */
export function unitOfAnalysis(rows: StudyInput[], totals: Totals, remedy: UnitOfAnalysisRemedy): { rows: StudyInput[]; notes: UnitOfAnalysisNote[] } {
  // Subgroup totals only, and no row in a subgroup: nothing is pooled, so nothing is counted twice.
  if (totals === 'none' || (totals === 'subgroups' && rows.every((row) => !row.subgroup))) return { rows, notes: [] };
  const notes: UnitOfAnalysisNote[] = [];
  const replaced = new Map<string, StudyInput | null>();
  for (const { studyId, rows: members } of rowsByStudy(rows)) {
    if (members.length < 2) continue;
    const subgroups = [...new Set(members.map((row) => row.subgroup ?? null))];
    const shared = subgroups.filter((name) => members.filter((row) => (row.subgroup ?? null) === name).length > 1);
    const overall = totals === 'all';
    const rowIds = members.map((row) => row.id);
    if (shared.length > 0) {
      // Rows without a subgroup are pooled in the overall total, or, with subgroup totals only, as a group of their own.
      const names = shared.map((name) => name ?? (overall ? OVERALL : UNLABELLED_SUBGROUP));
      const where = [...new Set([...(overall ? [OVERALL] : []), ...names])];
      let message = `The study has ${members.length} rows in ${where.length === 1 ? 'one total' : 'the same totals'} (${inQuotes(where)}): a group shared between them (a multi-arm trial's control) is counted more than once.`;
      if (remedy !== 'flag') {
        const done = shared.every((name) => {
          const group = members.filter((row) => (row.subgroup ?? null) === name);
          if (remedy === 'combine-groups') {
            const combined = combineRows(group);
            if (!combined) return false;
            group.forEach((row, i) => replaced.set(row.id, i === 0 ? combined : null));
            return true;
          }
          const split = group.map((row) => splitSharedGroup(row, group.length));
          if (split.some((row) => row === null)) return false;
          group.forEach((row, i) => replaced.set(row.id, split[i]));
          return true;
        });
        if (!done) undoRemedy(shared, members, replaced);
        message += done
          ? remedy === 'combine-groups'
            ? ' Its experimental groups were combined into one row per total, the shared group counted once (Cochrane Handbook 23.3.4).'
            : " The shared group's participants and events were divided between its rows, rounded to whole participants (Cochrane Handbook 23.3.4)."
          : ' Its rows give effects, not arm data, so they could not be combined or split: enter arm data, or keep one row per total.';
      }
      notes.push({ studyId, rowIds, totals: where, kind: 'shared-group', message });
    }
    if (overall && subgroups.length > 1) {
      notes.push({
        studyId,
        rowIds,
        totals: [OVERALL],
        kind: 'several-subgroups',
        message: `The study has rows in ${subgroups.length} subgroups (${inQuotes(subgroups.map((name) => name ?? UNLABELLED_SUBGROUP))}), and the overall total pools them all: its participants may be counted more than once there. Show subgroup totals only, or keep one row per study in each total.`,
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

/** Undoes a partial remedy of one study, so a study is remedied whole or not at all. */
function undoRemedy(shared: (string | null)[], members: StudyInput[], replaced: Map<string, StudyInput | null>): void {
  for (const row of members) if (shared.includes(row.subgroup ?? null)) replaced.delete(row.id);
}
