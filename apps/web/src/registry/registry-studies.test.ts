import { describe, expect, it } from 'vitest';
import type { RegistryTrial } from './registry-queries';
import { refreshInWords, studiesWithTrials } from './registry-studies';

const trial = (nctId: string): RegistryTrial => ({
  nctId,
  title: `Trial ${nctId}`,
  overallStatus: 'COMPLETED',
  enrollment: 317,
  enrollmentType: 'ACTUAL',
  startDate: '2015-09',
  completionDate: '2018-06',
  lastUpdatePosted: '2022-08-18',
  resultsFirstPosted: '2019-07-01',
  hasResults: true,
  fetchedAt: '2026-12-02T14:00:00Z',
  url: `https://clinicaltrials.gov/study/${nctId}`,
  record: null,
  study: null,
});

describe("the review's studies and their trials", () => {
  it('lists studies with a registry id by label, the id as the registry writes it, with the trial once read', () => {
    const listed = studiesWithTrials(
      [
        { id: 's1', label: 'Smith 2015', registryId: null },
        { id: 's2', label: 'Deodhar 2019', registryId: ' nct02552212 ' },
        { id: 's3', label: 'Chewing 2022', registryId: 'NCT05594173' },
        { id: 's4', label: 'Euro 2011', registryId: 'ISRCTN12345678' },
        { id: 's5', label: 'Blank 2000', registryId: '  ' },
      ],
      [trial('NCT02552212')],
    );
    expect(listed.map((s) => [s.study.label, s.nctId, s.readable, s.trial?.nctId ?? null])).toEqual([
      ['Chewing 2022', 'NCT05594173', true, null],
      ['Deodhar 2019', 'NCT02552212', true, 'NCT02552212'],
      ['Euro 2011', 'ISRCTN12345678', false, null],
    ]);
  });

  it('says what reading a trial again found', () => {
    expect(refreshInWords({ changes: [], proposals: 0 })).toBe('Nothing new since the review last read it.');
    expect(refreshInWords({ changes: ['results posted (2023-01-10)'], proposals: 3 })).toBe('Read: results posted (2023-01-10); 3 rows proposed from its posted results.');
    expect(refreshInWords({ changes: ['status RECRUITING → COMPLETED'], proposals: 1 })).toBe('Read: status RECRUITING → COMPLETED; 1 row proposed from its posted results.');
  });
});
