import { describe, expect, it } from 'vitest';
import {
  countFromPercentage,
  normaliseStudy,
  parseRegistryNumber,
  proposeRows,
  sdFromConfidenceInterval,
  sdFromStandardError,
  type BinaryGroupRow,
  type ContinuousGroupRow,
  type RowProposal,
} from '../src/index.js';
import { loadRecord } from './helpers/registry-server.js';

function proposalsFor(nctId: string, json: unknown = loadRecord(nctId)) {
  return proposeRows(normaliseStudy(json), { fetchedAt: '2026-12-02T10:00:00.000Z' });
}
function byMeasure(proposals: RowProposal[], index: number): RowProposal[] {
  return proposals.filter((p) => p.provenance.measureIndex === index);
}

type MeasureJson = { dispersionType?: string; classes: { categories: { measurements: Record<string, string>[] }[] }[] };
function measuresOf(json: Record<string, unknown>): MeasureJson[] {
  return (json as { resultsSection: { outcomeMeasuresModule: { outcomeMeasures: MeasureJson[] } } }).resultsSection.outcomeMeasuresModule.outcomeMeasures;
}

describe('records without results', () => {
  it.each(['NCT03418623', 'NCT06171568'])('%s: no proposals, and says why', (nctId) => {
    expect(proposalsFor(nctId)).toEqual({
      nctId,
      hasResults: false,
      proposals: [],
      notProposed: [],
      note: `${nctId} has no results posted on ClinicalTrials.gov: there are no numbers to propose`,
    });
  });
});

it('a record with results but no outcome measures says so', () => {
  const json = structuredClone(loadRecord('NCT02210780'));
  measuresOf(json).length = 0;
  expect(proposalsFor('NCT02210780', json)).toMatchObject({ hasResults: true, proposals: [], note: 'NCT02210780 has results posted, but no outcome measures: there are no numbers to propose' });
});

describe('binary rows', () => {
  it('turns percentages of participants into counts, marked derived (NCT02552212, ASDAS-MI at week 52)', () => {
    const [proposal] = byMeasure(proposalsFor('NCT02552212').proposals, 0);
    expect(proposal.kind).toBe('binary');
    const rows = proposal.rows as BinaryGroupRow[];
    // Placebo: round(7.0 × 158 / 100) = round(11.06) = 11, and 11/158 = 6.962% rounds to 7.0 (10/158 = 6.33, 12/158 = 7.59 do not).
    // CZP: round(47.2 × 159 / 100) = round(75.048) = 75, and 75/159 = 47.17% rounds to 47.2.
    expect(rows.map((r) => [r.groupId, r.events, r.total, r.derived, r.arm.armId])).toEqual([
      ['OG000', 11, 158, true, 'arm-2'],
      ['OG001', 75, 159, true, 'arm-1'],
    ]);
    expect(rows[1].conversion).toBe('count derived from a percentage: round(47.2 × 159 / 100) = round(75.048) = 75; 75/159 = 47.1698%, which rounds to the reported 47.2% and no other whole number does');
    expect(rows[1].source).toEqual({ value: { text: '47.2', value: 47.2, decimals: 1 }, denominator: { text: '159', value: 159, decimals: 0 } });
    expect(proposal.conversions).toEqual([expect.stringMatching(/^events derived from a percentage of participants: count = round\(percent × analysed \/ 100\)/)]);
    expect(proposal.provenance).toEqual({
      registry: 'ClinicalTrials.gov',
      nctId: 'NCT02552212',
      sourceUrl: 'https://clinicaltrials.gov/study/NCT02552212',
      recordVersionDate: '2022-08-18',
      fetchedAt: '2026-12-02T10:00:00.000Z',
      measureIndex: 0,
      measureType: 'primary',
      measureTitle: 'Percentage of Subjects With Ankylosing Spondylitis Disease Activity Score Major Improvement (ASDAS-MI) Response Criteria Response at Week 52',
      timeFrame: 'Week 52',
      unitOfMeasure: 'percentage of subjects',
      paramType: 'NUMBER',
      dispersionType: null,
      classTitle: null,
      categoryTitle: null,
    });
  });

  it('also for NCT02210780: 83.7% of 92 and 83.3% of 90', () => {
    const rows = byMeasure(proposalsFor('NCT02210780').proposals, 0)[0].rows as BinaryGroupRow[];
    // round(0.837 × 92) = round(77.004) = 77 (77/92 = 83.70%); round(0.833 × 90) = round(74.97) = 75 (75/90 = 83.33%).
    expect(rows.map((r) => [r.events, r.total, r.derived])).toEqual([[77, 92, true], [75, 90, true]]);
  });

  it('reads a NUMBER as a percentage of people only when its unit says so', () => {
    const json = structuredClone(loadRecord('NCT02552212'));
    (measuresOf(json)[0] as unknown as { unitOfMeasure: string }).unitOfMeasure = 'percentage of specimens';
    const result = proposalsFor('NCT02552212', json);
    expect(byMeasure(result.proposals, 0)).toEqual([]);
    expect(result.notProposed.find((n) => n.measureIndex === 0)?.reason).toBe("a NUMBER in 'percentage of specimens' is not a count or a percentage of participants: no row is proposed");
  });

  it('takes counts of participants as they are, not derived (NCT02552212, uveitis flares)', () => {
    const [proposal] = byMeasure(proposalsFor('NCT02552212').proposals, 27);
    expect(proposal.conversions).toEqual([]);
    expect((proposal.rows as BinaryGroupRow[]).map((r) => [r.events, r.total, r.derived, r.conversion])).toEqual([[8, 158, false, null], [4, 159, false, null]]);
  });

  it('refuses a count from a percentage that no whole number gives, or that several could give', () => {
    // 50.0% of 7: 3/7 = 42.9%, 4/7 = 57.1%: the percentage and the denominator disagree.
    expect(countFromPercentage(parseRegistryNumber('50.0'), 7)).toEqual({ ok: false, reason: 'no whole number of 7 participants is 50.0% (50.0 × 7 / 100 = 3.5): the percentage and the denominator disagree' });
    // 50% (whole percent) of 300: 149/300 = 49.67%, 150/300 = 50%, 151/300 = 50.33% all round to 50%.
    expect(countFromPercentage(parseRegistryNumber('50'), 300)).toEqual({ ok: false, reason: '50% of 300 could be any of 149 to 151 participants at the reported precision: the count cannot be known' });
    expect(countFromPercentage(parseRegistryNumber('NA'), 30)).toMatchObject({ ok: false, reason: "the percentage 'NA' is not a number" });
    expect(countFromPercentage(parseRegistryNumber('0'), 20)).toMatchObject({ ok: true, value: 0 });
  });

  it('keeps the groups it could read and names the one it refused', () => {
    const json = structuredClone(loadRecord('NCT02552212'));
    measuresOf(json)[0].classes[0].categories[0].measurements[0].value = '7.3';
    const [proposal] = byMeasure(proposalsFor('NCT02552212', json).proposals, 0);
    expect(proposal).toBeUndefined();
    const notProposed = proposalsFor('NCT02552212', json).notProposed.find((n) => n.measureIndex === 0);
    // 7.3% of 158 = 11.534: 11/158 = 6.96%, 12/158 = 7.59%.
    expect(notProposed?.reason).toBe("fewer than two groups have usable numbers (OG000 'Placebo (FAS)': no whole number of 158 participants is 7.3% (7.3 × 158 / 100 = 11.534): the percentage and the denominator disagree)");
  });

  it('notes numbers analysed that are not participants', () => {
    const json = structuredClone(loadRecord('NCT02552212'));
    (measuresOf(json)[27] as unknown as { denoms: { units: string }[] }).denoms[0].units = 'Eyes';
    const [proposal] = byMeasure(proposalsFor('NCT02552212', json).proposals, 27);
    expect(proposal.notes).toEqual(["the numbers analysed are counted in 'Eyes', not participants"]);
  });

  it('offers all five groups of a safety measure, with their arms where titles tie them (a person chooses two)', () => {
    const [proposal] = byMeasure(proposalsFor('NCT02552212').proposals, 28);
    expect(proposal.rows.map((r) => [r.groupId, r.arm.armId])).toEqual([['OG000', 'arm-2'], ['OG001', 'arm-1'], ['OG002', null], ['OG003', null], ['OG004', null]]);
    expect(proposal.notes).toEqual([
      "not tied to an arm by title: OG002 'Placebo->OL CZP (SS)', OG003 'CZP->OL CZP (SS)', OG004 'SFE OL CZP 200 mg Q2W (SS)'",
      '5 groups: choose the two to compare',
    ]);
  });
});

describe('continuous rows', () => {
  it('takes a mean with its SD as it is (NCT02552212, ASQoL at week 1)', () => {
    const [proposal] = byMeasure(proposalsFor('NCT02552212').proposals, 19);
    expect(proposal.conversions).toEqual([]);
    expect((proposal.rows as ContinuousGroupRow[]).map((r) => [r.mean, r.sd, r.n, r.sdFrom, r.conversion])).toEqual([
      [-0.03, 0.14, 150, 'standard-deviation', null],
      [-0.11, 0.21, 147, 'standard-deviation', null],
    ]);
  });

  it('turns an SE into an SD: SD = SE × √n (NCT02210780, pruritus NRS)', () => {
    const [proposal] = byMeasure(proposalsFor('NCT02210780').proposals, 6);
    const rows = proposal.rows as ContinuousGroupRow[];
    // Placebo: 0.259 × √90 = 0.259 × 9.486833 = 2.457090; dupilumab: 0.250 × √94 = 0.250 × 9.695360 = 2.423840.
    expect(rows[0]).toMatchObject({ mean: -2.11, n: 90, sdFrom: 'standard-error' });
    expect(rows[0].sd).toBeCloseTo(2.45709, 5);
    expect(rows[1]).toMatchObject({ mean: -4.24, n: 94, sdFrom: 'standard-error' });
    expect(rows[1].sd).toBeCloseTo(2.42384, 5);
    expect(rows[0].conversion).toBe('SD from SE: SD = SE × √n = 0.259 × √90 = 2.45709');
    // The SE as written: '0.250', not 0.25.
    expect(rows[1].conversion).toBe('SD from SE: SD = SE × √n = 0.250 × √94 = 2.42384');
    expect(proposal.conversions).toEqual(['SD from the standard error: SD = SE × √n, n the participants analysed in the group (Cochrane Handbook 6.5.2.2)']);
    expect(proposal.notes).toEqual(["least-squares means are adjusted by the trial's model; their SE is the model's, so an SD from it is approximate"]);
  });

  it('uses a class\'s own number analysed for n (NCT02210780, GISS erythema: 79, not 97)', () => {
    const erythema = proposalsFor('NCT02210780').proposals.find((p) => p.provenance.classTitle === 'Erythema');
    const rows = erythema?.rows as ContinuousGroupRow[];
    // 0.08 × √79 = 0.08 × 8.888194 = 0.711056
    expect(rows.map((r) => r.n)).toEqual([79, 87]);
    expect(rows[0].sd).toBeCloseTo(0.711056, 5);
  });

  it('turns a 95% CI of a mean into an SD: 3.92 for 60 or more per group, the t distribution below', () => {
    // No recorded measure has a plain mean with a 95% CI: these are real records with their dispersion rewritten.
    const large = structuredClone(loadRecord('NCT02552212'));
    const asqol = measuresOf(large)[19];
    asqol.dispersionType = '95% Confidence Interval';
    asqol.classes[0].categories[0].measurements = [
      { groupId: 'OG000', value: '-0.03', lowerLimit: '-0.055', upperLimit: '-0.005' },
      { groupId: 'OG001', value: '-0.11', lowerLimit: '-0.14', upperLimit: '-0.08' },
    ];
    const largeRows = byMeasure(proposalsFor('NCT02552212', large).proposals, 19)[0].rows as ContinuousGroupRow[];
    // n 150 ≥ 60: SD = √150 × (−0.005 − (−0.055)) / 3.92 = 12.247449 × 0.05 / 3.92 = 0.156217
    // n 147 ≥ 60: SD = √147 × (−0.08 − (−0.14)) / 3.92 = 12.124356 × 0.06 / 3.92 = 0.185577
    expect(largeRows[0].sd).toBeCloseTo(0.156217, 6);
    expect(largeRows[1].sd).toBeCloseTo(0.185577, 6);
    expect(largeRows[0].sdFrom).toBe('confidence-interval');
    expect(largeRows[0].conversion).toBe('SD from a 95% CI of the mean (Cochrane Handbook 6.5.2.2; n 150 ≥ 60, so the normal distribution: divisor 3.92 (2 × 1.96)): SD = √n × (upper − lower) / divisor = √150 × (-0.005 − -0.055) / 3.92 = 0.156217');
    expect(largeRows[1].conversion).toMatch(/= √147 × \(-0\.08 − -0\.14\) \/ 3\.92 = 0\.185577$/);

    const small = structuredClone(loadRecord('NCT05594173'));
    const chewing = measuresOf(small)[0];
    chewing.dispersionType = '95% Confidence Interval';
    for (const m of chewing.classes[0].categories[0].measurements) {
      m.lowerLimit = String(Number(m.value) - 6.4);
      m.upperLimit = String(Number(m.value) + 6.4);
      delete m.spread;
    }
    const smallRows = byMeasure(proposalsFor('NCT05594173', small).proposals, 0)[0].rows as ContinuousGroupRow[];
    // n 14 < 60: t(0.975, 13) = 2.160369; SD = √14 × 12.8 / (2 × 2.160369) = 3.741657 × 12.8 / 4.320737 = 11.084500
    expect(smallRows).toHaveLength(6);
    expect(smallRows[0]).toMatchObject({ mean: 22, n: 14, sdFrom: 'confidence-interval' });
    expect(smallRows[0].sd).toBeCloseTo(11.0845, 4);
    expect(smallRows[0].conversion).toContain('n 14 < 60, so the t distribution: divisor 2 × t(0.975, 13) = 4.32074');
  });

  it('the conversions alone, by the handbook\'s numbers', () => {
    // Cochrane Handbook 6.5.2.2's example: n 25, t(0.975, 24) = 2.0639, so divide by 4.128: √25 × 3 / 4.127797 = 3.633900
    const small = sdFromConfidenceInterval(1, 4, 25);
    expect(small.ok && small.value).toBeCloseTo(3.6339, 4);
    // At 60 the normal divisor: √60 × 2 / 3.92 = 7.745967 × 2 / 3.92 = 3.952024; at 59, t(0.975, 58) = 2.001717: √59 × 2 / 4.003435 = 3.837278
    const sixty = sdFromConfidenceInterval(0, 2, 60);
    const fiftyNine = sdFromConfidenceInterval(0, 2, 59);
    expect(sixty.ok && sixty.value).toBeCloseTo(3.952024, 6);
    expect(fiftyNine.ok && fiftyNine.value).toBeCloseTo(3.837278, 6);
    expect(sdFromStandardError(0.5, 16)).toEqual({ ok: true, value: 2, statement: 'SD from SE: SD = SE × √n = 0.5 × √16 = 2' });
    expect(sdFromConfidenceInterval(4, 1, 25)).toMatchObject({ ok: false });
  });

  it('does not convert geometric means or full ranges, and says why', () => {
    const cpz = proposalsFor('NCT02552212');
    expect(cpz.notProposed.map((n) => n.measureIndex)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(cpz.notProposed[0].reason).toBe('no numbers were posted for this measure');
    expect(cpz.notProposed[1].reason).toMatch(/^a geometric mean is not converted: its dispersion is on the log scale/);
    const repaglinide = proposalsFor('NCT00763412');
    expect(repaglinide.proposals).toEqual([]);
    expect(repaglinide.notProposed).toHaveLength(9);
    expect(new Set(repaglinide.notProposed.map((n) => n.reason))).toEqual(new Set(['a mean with its full range only is not converted: an SD from a range depends on the sample size and the distribution (Cochrane Handbook 6.5.2.6 advises against it)']));
    expect(repaglinide.note).toBe('NCT00763412 has results, but no measure gives rows Cumulus can propose (see notProposed)');
  });
});

describe('what each recorded study yields', () => {
  it.each([
    ['NCT02552212', 31, 22, 9, { binary: 8, continuous: 14 }],
    ['NCT02210780', 11, 14, 0, { binary: 6, continuous: 8 }],
    ['NCT00763412', 9, 0, 9, {}],
    ['NCT05594173', 2, 2, 0, { continuous: 2 }],
  ] as const)('%s: %i measures, %i proposals, %i measures not proposed', (nctId, measures, proposed, notProposed, kinds) => {
    const study = normaliseStudy(loadRecord(nctId));
    const result = proposeRows(study);
    expect(study.outcomeMeasures).toHaveLength(measures);
    expect(result.proposals).toHaveLength(proposed);
    expect(result.notProposed).toHaveLength(notProposed);
    const counted: Record<string, number> = {};
    for (const p of result.proposals) counted[p.kind] = (counted[p.kind] ?? 0) + 1;
    expect(counted).toEqual(kinds);
  });
});
