// What a run of a registry search did, in words for its maintainer. Pure; the run's answer and the last runs use it.
import type { RegistryRun } from './registry-queries';

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

export interface RunInWords {
  failed: boolean;
  /** The API's words when it failed (what to do), else null. */
  error: string | null;
  /** What changed, one phrase each: "2 new records to screen", "results posted for NCT02552212". */
  parts: string[];
  /** Whether there is something new to screen (the page links to the screening page). */
  toScreen: boolean;
}

export function runInWords(run: Pick<RegistryRun, 'status' | 'error' | 'trialsSeen' | 'newRecords' | 'updatedTrials' | 'resultsPosted' | 'proposals'>): RunInWords {
  if (run.status === 'FAILED') return { failed: true, error: run.error ?? 'The run failed without saying why.', parts: [], toScreen: false };
  const parts = [
    plural(run.newRecords, 'new record to screen', 'new records to screen'),
    plural(run.updatedTrials, 'trial updated', 'trials updated'),
    run.resultsPosted.length > 0 ? `results posted for ${run.resultsPosted.join(', ')}` : 'no results newly posted',
    plural(run.proposals, 'new proposal', 'new proposals'),
  ];
  return { failed: false, error: null, parts: [`${plural(run.trialsSeen, 'trial', 'trials')} seen`, ...parts], toScreen: run.newRecords > 0 };
}
