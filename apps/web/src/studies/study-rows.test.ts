import { describe, expect, it } from 'vitest';
import type { StudyDetail } from '../graphql/reviews';
import { characteristicEntries, characteristicName, qualitySummary, studyRow } from './study-rows';

// Granel 2015 as the seed review stores it.
const granel: StudyDetail = {
  id: 'granel',
  label: 'Granel 2015',
  year: 2015,
  registryId: null,
  design: 'SELF_CONTROLLED_PRE_POST',
  country: 'France',
  participants: 12,
  characteristics: { female: 12, male: 0, meanAge: 54.5, followUp: '2/6/12/22/30 months', mscSource: 'SVF', cellDose: null, route: 'hypodermic (fingers)' },
  adverseEvents: { patientsWithEvents: 2, description: 'transient finger paresthesia (2)' },
  retracted: false,
  retractionReason: null,
  qualityAssessments: [{ tool: 'NEWCASTLE_OTTAWA', totalStars: 7, overallJudgement: null, domains: [], note: null }],
};

describe('studyRow', () => {
  it('names the characteristics as the review does and leaves out unreported ones', () => {
    expect(characteristicEntries(granel.characteristics)).toEqual([
      { name: 'Female', value: '12' },
      { name: 'Male', value: '0' },
      { name: 'Mean age', value: '54.5' },
      { name: 'Follow-up', value: '2/6/12/22/30 months' },
      { name: 'MSC source', value: 'SVF' },
      { name: 'Route', value: 'hypodermic (fingers)' },
    ]);
    expect(characteristicName('injectionSite')).toBe('Injection site');
  });

  it('reads design, quality and adverse events in words', () => {
    const row = studyRow(granel);
    expect(row.design).toBe('Single group, before and after');
    expect(row.quality).toEqual(['★★★★★★★☆☆ 7/9']);
    expect(row.adverseEvents).toBe('2 patients: transient finger paresthesia (2)');
    expect(row.retracted).toBe(false);
  });

  it('adds Newcastle-Ottawa domain stars when only they are stored, and spells out RoB 2', () => {
    expect(
      qualitySummary({ tool: 'NEWCASTLE_OTTAWA', totalStars: null, overallJudgement: null, note: null, domains: [{ domain: 'selection', stars: 3, maxStars: 4, judgement: null }, { domain: 'outcome', stars: 2, maxStars: 3, judgement: null }] }),
    ).toBe('★★★★★☆☆☆☆ 5/9');
    expect(
      qualitySummary({
        tool: 'ROB2',
        totalStars: null,
        overallJudgement: 'SOME_CONCERNS',
        note: null,
        domains: [
          { domain: 'randomisation', stars: null, maxStars: null, judgement: 'LOW' },
          { domain: 'reporting', stars: null, maxStars: null, judgement: 'SOME_CONCERNS' },
        ],
      }),
    ).toBe('RoB 2: Some concerns (randomisation Low, reporting Some concerns)');
  });

  it('keeps a retracted study with its reason', () => {
    const row = studyRow({ ...granel, retracted: true, retractionReason: 'data fabricated', adverseEvents: null });
    expect(row.retracted).toBe(true);
    expect(row.retractionReason).toBe('data fabricated');
    expect(row.adverseEvents).toBe('');
  });
});
