import { describe, expect, it } from 'vitest';
import { STUDY_NUMBER_KEYS, type StoredStudyData } from '../graphql/study-data';
import { defaultStudyDataMode, describeStoredNumbers, storedDataMode, storedNumberValues } from './stored-study-data';

const none = Object.fromEntries(STUDY_NUMBER_KEYS.map((key) => [key, null])) as Pick<StoredStudyData, (typeof STUDY_NUMBER_KEYS)[number]>;
const aronson = { ...none, events1: 4, n1: 123, events2: 11, n2: 139 };

describe('stored study data', () => {
  it('reads back which kind of numbers were stored', () => {
    expect(storedDataMode(aronson, 'OR')).toBe('arms');
    expect(storedDataMode({ ...none, mean1: 1.5, sd1: 0.4, n1: 20, mean2: 1.1, sd2: 0.5, n2: 21 }, 'MD')).toBe('arms');
    expect(storedDataMode({ ...none, meanBefore: 20, sdBefore: 4, meanAfter: 15, sdAfter: 5, n: 12 }, 'MC')).toBe('arms');
    expect(storedDataMode({ ...none, estimate: 0.8, ciLower: 0.6, ciUpper: 1.1 }, 'RR')).toBe('estimate');
    expect(storedDataMode({ ...none, yi: -0.22, sei: 0.11 }, 'OR')).toBe('yi');
    expect(storedDataMode({ ...none, yi: -0.22, sei: 0.11 }, 'GENERIC')).toBe('yi');
    expect(storedDataMode(none, 'SMD')).toBe('arms');
    expect(defaultStudyDataMode('GENERIC')).toBe('yi');
  });

  it('fills every number box, stored numbers where there are some and empty boxes elsewhere', () => {
    const values = storedNumberValues(aronson);
    expect(values).toMatchObject({ events1: 4, n1: 123, events2: 11, n2: 139, mean1: '', yi: '', estimate: '' });
    expect(Object.keys(values)).toEqual([...STUDY_NUMBER_KEYS]);
    expect(Object.values(storedNumberValues(null)).every((value) => value === '')).toBe(true);
    // A stored zero is a number, not an empty box.
    expect(storedNumberValues({ ...aronson, events1: 0 }).events1).toBe(0);
  });

  it('describes the stored numbers in one line, experimental arm first', () => {
    expect(describeStoredNumbers(aronson)).toBe('4/123 vs 11/139');
    expect(describeStoredNumbers({ ...none, mean1: 1.5, sd1: 0.4, n1: 20, mean2: 1.1, sd2: 0.5, n2: 21 })).toBe('1.5 (SD 0.4, n 20) vs 1.1 (SD 0.5, n 21)');
    expect(describeStoredNumbers({ ...none, meanBefore: 20, sdBefore: 4, meanAfter: 15, sdAfter: 5, n: 12 })).toBe('before 20 (SD 4), after 15 (SD 5), n 12');
    expect(describeStoredNumbers({ ...none, estimate: 0.8, ciLower: 0.6, ciUpper: 1.1 })).toBe('0.8 [0.6, 1.1]');
    expect(describeStoredNumbers({ ...none, yi: -0.22, sei: 0.11 })).toBe('yi -0.22, SE 0.11');
    expect(describeStoredNumbers({ ...none, events1: 0, n1: 50, events2: 3, n2: 50 })).toBe('0/50 vs 3/50');
  });
});
