import { describe, expect, it } from 'vitest';
import { moderatorCandidates, moderatorChoices, sideOf, thresholdScales, thresholdsInput } from './evidence-settings';

describe('GRADE thresholds in the outcome settings', () => {
  it('offers relative and per-1000 thresholds for binary outcomes only', () => {
    expect(thresholdScales('OR').map((s) => s.value)).toEqual(['', 'OUTCOME_SCALE', 'RELATIVE_RISK_REDUCTION', 'PER_1000']);
    expect(thresholdScales('MD').map((s) => s.value)).toEqual(['', 'OUTCOME_SCALE']);
  });

  it('sends the sides given, null to clear, and a number not typed for the API to refuse', () => {
    expect(thresholdsInput({ on: 'RELATIVE_RISK_REDUCTION', value: '0,1' }, { on: '', value: '' })).toEqual({ benefit: { on: 'RELATIVE_RISK_REDUCTION', value: 0.1 } });
    expect(thresholdsInput({ on: '', value: '5' }, { on: '', value: '' })).toBeNull();
    expect(thresholdsInput({ on: 'OUTCOME_SCALE', value: '' }, { on: 'OUTCOME_SCALE', value: '-2' })).toEqual({ benefit: { on: 'OUTCOME_SCALE', value: Number.NaN }, harm: { on: 'OUTCOME_SCALE', value: -2 } });
    expect(sideOf({ on: 'PER_1000', value: -20 })).toEqual({ on: 'PER_1000', value: '-20' });
    expect(sideOf(null)).toEqual({ on: '', value: '' });
  });
});

describe('meta-regression moderators', () => {
  const studies = [
    { characteristics: { absoluteLatitude: 44, allocation: 'random', dose: '10' } },
    { characteristics: { absoluteLatitude: 55, allocation: 'alternate', dose: '' } },
    { characteristics: null },
  ];

  it('offers the study columns and each characteristic, numeric when every value is a number', () => {
    expect(moderatorCandidates(studies)).toEqual([
      { name: 'year', kind: 'NUMERIC' },
      { name: 'participants', kind: 'NUMERIC' },
      { name: 'country', kind: 'CATEGORICAL' },
      { name: 'design', kind: 'CATEGORICAL' },
      { name: 'absoluteLatitude', kind: 'NUMERIC' },
      { name: 'allocation', kind: 'CATEGORICAL' },
      { name: 'dose', kind: 'NUMERIC' },
    ]);
  });

  it("ticks the outcome's moderators with their kind, keeping one no study has any more", () => {
    const choices = moderatorChoices(moderatorCandidates(studies), [{ name: 'dose', kind: 'CATEGORICAL' }, { name: 'gone', kind: 'NUMERIC' }]);
    expect(choices.filter((c) => c.chosen)).toEqual([{ name: 'dose', kind: 'CATEGORICAL', chosen: true }, { name: 'gone', kind: 'NUMERIC', chosen: true }]);
  });
});
