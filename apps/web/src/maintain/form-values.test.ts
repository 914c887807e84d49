import { describe, expect, it } from 'vitest';
import { formatNamedValues, hasArmData, numberOrUndefined, numbersOf, parseNamedValues, parseSourceCounts, studyDataFields, studyDataModes } from './form-values';

describe('form values', () => {
  it('reads numbers from text boxes, leaving empty ones out', () => {
    expect(numberOrUndefined(' 12 ')).toBe(12);
    expect(numberOrUndefined('4,5')).toBe(4.5);
    expect(numberOrUndefined('')).toBeUndefined();
    expect(numberOrUndefined(7)).toBe(7);
    expect(numbersOf(studyDataFields('OR', 'arms'), { events1: '12', n1: '10', events2: '', n2: '20' })).toEqual({ events1: 12, n1: 10, n2: 20 });
  });

  it('reads and writes characteristics as "name: value" lines', () => {
    const text = 'mscSource: ADSCs\ncellDose: 0.7–1.8 × 10^6/kg\nmeanAge: 54.5\n\nnot a pair\nroute:';
    expect(parseNamedValues(text)).toEqual({ mscSource: 'ADSCs', cellDose: '0.7–1.8 × 10^6/kg', meanAge: 54.5 });
    expect(formatNamedValues({ mscSource: 'ADSCs', cellDose: null, meanAge: 54.5 })).toBe('mscSource: ADSCs\nmeanAge: 54.5');
    expect(parseSourceCounts('PubMed: 100\nEmbase: many')).toEqual([{ source: 'PubMed', count: 100 }, { source: 'Embase', count: Number.NaN }]);
  });

  it('asks for the numbers each measure needs', () => {
    expect(studyDataFields('OR', 'arms').map((f) => f.name)).toEqual(['events1', 'n1', 'events2', 'n2']);
    expect(studyDataFields('MD', 'arms').map((f) => f.name)).toEqual(['mean1', 'sd1', 'n1', 'mean2', 'sd2', 'n2']);
    expect(studyDataFields('MC', 'arms').map((f) => f.name)).toEqual(['meanBefore', 'sdBefore', 'meanAfter', 'sdAfter', 'n']);
    expect(studyDataFields('GENERIC', 'arms').map((f) => f.name)).toEqual(['yi', 'sei']);
    // Hazard ratios and ratios of means come as effects, never as arm data.
    expect(studyDataFields('HR', 'arms').map((f) => f.name)).toEqual(['yi', 'sei']);
    expect([hasArmData('ROM'), hasArmData('RD')]).toEqual([false, true]);
    expect(studyDataFields('RR', 'estimate').map((f) => f.name)).toEqual(['estimate', 'ciLower', 'ciUpper']);
  });
});

describe('studyDataModes', () => {
  it('offers arm data only for measures that take it, named before and after for a mean change', () => {
    expect(studyDataModes('OR').map((m) => m.value)).toEqual(['arms', 'estimate', 'yi']);
    expect(studyDataModes('MC')[0]).toEqual({ value: 'arms', label: 'Before and after' });
    expect(studyDataModes('GENERIC').map((m) => m.value)).toEqual(['estimate', 'yi']);
  });
});
