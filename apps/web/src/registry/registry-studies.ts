// The review's studies that name a ClinicalTrials.gov trial, beside what the review knows of it, and what reading one
// again did. Pure; RegistryStudyTrials uses it.
import type { RefreshAnswer, RegistryTrial } from './registry-queries';

export interface StudyTrial {
  study: { id: string; label: string };
  /** The registry id as the registry writes it (upper case, trimmed). */
  nctId: string;
  /** Whether it is a ClinicalTrials.gov id at all (NCT and 8 digits); another registry's is not read. */
  readable: boolean;
  /** The trial as the review last read it, or null when never read. */
  trial: RegistryTrial | null;
}

/** Studies with a registry id, by label, each with its trial when the review has read it. */
export function studiesWithTrials(studies: readonly { id: string; label: string; registryId: string | null }[], trials: readonly RegistryTrial[]): StudyTrial[] {
  const byId = new Map(trials.map((trial) => [trial.nctId.toUpperCase(), trial]));
  return studies
    .filter((study) => (study.registryId ?? '').trim() !== '')
    .map((study) => {
      const nctId = study.registryId!.trim().toUpperCase();
      return { study: { id: study.id, label: study.label }, nctId, readable: /^NCT\d{8}$/.test(nctId), trial: byId.get(nctId) ?? null };
    })
    .sort((a, b) => a.study.label.localeCompare(b.study.label));
}

/** "results posted (2022-08-18); 22 rows proposed" or "Nothing new since the review last read it." */
export function refreshInWords(answer: Pick<RefreshAnswer, 'changes' | 'proposals'>): string {
  const proposed = answer.proposals > 0 ? [`${answer.proposals} ${answer.proposals === 1 ? 'row' : 'rows'} proposed from its posted results`] : [];
  const parts = [...answer.changes, ...proposed];
  return parts.length === 0 ? 'Nothing new since the review last read it.' : `Read: ${parts.join('; ')}.`;
}
