import { describe, expect, it } from 'vitest';
import { queryInWords, saveSearchInput, scheduleInWords, searchFields, statusInWords, timestampInWords, type RegistrySearchFields } from './registry-search-form';
import type { RegistrySearch } from './registry-queries';

const saved: RegistrySearch = {
  id: 's1',
  name: 'Certolizumab in axSpA',
  conditions: 'axial spondyloarthritis',
  interventions: null,
  terms: null,
  statuses: ['COMPLETED', 'RECRUITING'],
  studyType: 'INTERVENTIONAL',
  scheduleHours: null,
  lastRunAt: null,
  nextRunAt: null,
  updatedSince: null,
  runs: [],
};

describe('a saved registry search in the form', () => {
  it('fills the form from a saved search (on demand when it has no schedule), and a new one runs daily', () => {
    expect(searchFields(saved)).toEqual({
      name: 'Certolizumab in axSpA',
      conditions: 'axial spondyloarthritis',
      interventions: '',
      terms: '',
      statuses: ['COMPLETED', 'RECRUITING'],
      studyType: 'INTERVENTIONAL',
      schedule: 'on-demand',
      everyHours: '24',
    });
    expect(searchFields(null)).toMatchObject({ name: '', statuses: [], studyType: '', schedule: 'every', everyHours: '24' });
    expect(searchFields({ ...saved, scheduleHours: 6 })).toMatchObject({ schedule: 'every', everyHours: '6' });
  });

  it('sends trimmed text, empty as null, statuses in the registry order, and the schedule in hours or null', () => {
    const fields: RegistrySearchFields = { ...searchFields(saved), name: '  Certolizumab  ', terms: '  ', statuses: ['WITHDRAWN', 'RECRUITING'], schedule: 'every', everyHours: ' 12 ' };
    expect(saveSearchInput('r1', 's1', fields)).toEqual({
      input: { reviewId: 'r1', id: 's1', name: 'Certolizumab', conditions: 'axial spondyloarthritis', interventions: null, terms: null, statuses: ['RECRUITING', 'WITHDRAWN'], studyType: 'INTERVENTIONAL', scheduleHours: 12 },
    });
    const created = saveSearchInput('r1', null, { ...fields, studyType: '', schedule: 'on-demand', everyHours: 'never' });
    expect(created).toMatchObject({ input: { studyType: null, scheduleHours: null } });
    expect('input' in created && 'id' in created.input).toBe(false);
  });

  it('refuses hours that are not a whole number before sending (0 and 1000 go to the API, which words the range)', () => {
    expect(saveSearchInput('r1', null, { ...searchFields(null), everyHours: '1.5' })).toEqual({ problem: { field: 'scheduleHours', message: "Every how many hours: a whole number, not '1.5'." } });
    expect(saveSearchInput('r1', null, { ...searchFields(null), everyHours: '' })).toHaveProperty('problem');
    expect(saveSearchInput('r1', null, { ...searchFields(null), everyHours: '1000' })).toMatchObject({ input: { scheduleHours: 1000 } });
  });

  it('words statuses, schedules, queries and times', () => {
    expect(statusInWords('ACTIVE_NOT_RECRUITING')).toBe('Active, not recruiting');
    expect(statusInWords('AVAILABLE')).toBe('AVAILABLE');
    expect(statusInWords(null)).toBe('');
    expect([scheduleInWords(null), scheduleInWords(1), scheduleInWords(24)]).toEqual(['on demand only', 'every hour', 'every 24 hours']);
    expect(queryInWords(saved)).toBe('conditions: axial spondyloarthritis · statuses: Completed, Recruiting · interventional');
    expect(queryInWords({ conditions: null, interventions: null, terms: null, statuses: [], studyType: null })).toBe('every trial');
    expect(timestampInWords('2026-12-02T14:05:09.123Z')).toBe('2026-12-02 14:05 UTC');
    expect(timestampInWords('2026-12-02T15:05:00+01:00')).toBe('2026-12-02 14:05 UTC');
    expect(timestampInWords('not a date')).toBe('not a date');
    expect(timestampInWords(null)).toBe('');
  });
});
