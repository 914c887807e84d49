import { describe, expect, it } from 'vitest';
import { runInWords } from './registry-run';

const run = { status: 'SUCCEEDED' as const, error: null, trialsSeen: 6, newRecords: 3, updatedTrials: 1, resultsPosted: ['NCT02552212'], proposals: 21 };

describe('a registry run in words', () => {
  it('says what came in, with singulars, and whether there is something to screen', () => {
    expect(runInWords(run)).toEqual({
      failed: false,
      error: null,
      parts: ['6 trials seen', '3 new records to screen', '1 trial updated', 'results posted for NCT02552212', '21 new proposals'],
      toScreen: true,
    });
    const quiet = runInWords({ ...run, trialsSeen: 1, newRecords: 0, updatedTrials: 0, resultsPosted: [], proposals: 1 });
    expect(quiet.parts).toEqual(['1 trial seen', '0 new records to screen', '0 trials updated', 'no results newly posted', '1 new proposal']);
    expect(quiet.toScreen).toBe(false);
  });

  it("gives a failed run's error as the API words it, and nothing else", () => {
    const failed = runInWords({ ...run, status: 'FAILED', error: 'ClinicalTrials.gov answered 503 for http://127.0.0.1:1/api/v2: try again later' });
    expect(failed).toEqual({ failed: true, error: 'ClinicalTrials.gov answered 503 for http://127.0.0.1:1/api/v2: try again later', parts: [], toScreen: false });
    expect(runInWords({ ...run, status: 'FAILED', error: null }).error).toBe('The run failed without saying why.');
  });
});
