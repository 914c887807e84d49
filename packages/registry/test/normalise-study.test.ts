import { describe, expect, it } from 'vitest';
import { matchGroupToArm, normaliseStudy, parsePValue, parseRegistryNumber, RegistryFormatError } from '../src/index.js';
import { loadRecord } from './helpers/registry-server.js';

describe('parseRegistryNumber', () => {
  it('reads the registry\'s strings as numbers and keeps the text and its precision', () => {
    expect(parseRegistryNumber('47.2')).toEqual({ text: '47.2', value: 47.2, decimals: 1 });
    expect(parseRegistryNumber('-0.03')).toEqual({ text: '-0.03', value: -0.03, decimals: 2 });
    expect(parseRegistryNumber('7.0')).toEqual({ text: '7.0', value: 7, decimals: 1 });
    expect(parseRegistryNumber('1,234')).toEqual({ text: '1,234', value: 1234, decimals: 0 });
    expect(parseRegistryNumber('NA')).toEqual({ text: 'NA', value: null, decimals: 0 });
    expect(parseRegistryNumber('')).toEqual({ text: '', value: null, decimals: 0 });
    expect(parseRegistryNumber('12 (3)').value).toBeNull();
    expect(parseRegistryNumber('1,23').value).toBeNull();
  });

  it('reads p-values with their comparators', () => {
    expect(parsePValue('<0.001')).toEqual({ text: '<0.001', value: 0.001, decimals: 3, comparator: '<' });
    expect(parsePValue('=0.247')).toMatchObject({ value: 0.247, comparator: '=' });
    expect(parsePValue('0.04')).toMatchObject({ value: 0.04, comparator: '=' });
    expect(parsePValue('≤ 0.05')).toMatchObject({ value: 0.05, comparator: '<=' });
    expect(parsePValue('NS')).toMatchObject({ value: null, text: 'NS' });
  });
});

describe('normaliseStudy', () => {
  it('reads NCT02552212: identification, status, design, dates, arms', () => {
    const study = normaliseStudy(loadRecord('NCT02552212'));
    expect(study).toMatchObject({
      nctId: 'NCT02552212',
      acronym: 'C-AXSPAND',
      overallStatus: 'COMPLETED',
      studyType: 'INTERVENTIONAL',
      phases: ['PHASE3'],
      enrollment: { count: 317, type: 'ACTUAL' },
      hasResults: true,
      conditions: ['Axial Spondyloarthritis', 'Nonradiographic Axial Spondyloarthritis', 'Nr-axSpA'],
      dates: {
        start: { date: '2015-09', type: 'ACTUAL' },
        primaryCompletion: { date: '2018-05', type: 'ACTUAL' },
        completion: { date: '2020-05', type: 'ACTUAL' },
        firstPosted: { date: '2015-09-17', type: 'ESTIMATED' },
        resultsFirstPosted: { date: '2020-08-17', type: 'ACTUAL' },
        lastUpdatePosted: { date: '2022-08-18', type: 'ACTUAL' },
      },
    });
    expect(study.briefTitle).toMatch(/^Multicenter Study Evaluating Certolizumab Pegol/);
    expect(study.arms.map((arm) => [arm.id, arm.title, arm.type])).toEqual([
      ['arm-1', 'Certolizumab Pegol 200 mg Q2W', 'EXPERIMENTAL'],
      ['arm-2', 'Placebo', 'PLACEBO_COMPARATOR'],
    ]);
    expect(study.interventions.map((i) => [i.type, i.name, i.armTitles, i.otherNames])).toEqual([
      ['BIOLOGICAL', 'Certolizumab Pegol', ['Certolizumab Pegol 200 mg Q2W'], ['Cimzia', 'CDP870']],
      ['OTHER', 'Placebo', ['Placebo'], []],
    ]);
  });

  it('reads its 31 outcome measures: types, units, dispersion, denominators and numbers', () => {
    const measures = normaliseStudy(loadRecord('NCT02552212')).outcomeMeasures;
    expect(measures).toHaveLength(31);
    expect(measures.filter((m) => m.type === 'primary')).toHaveLength(11);
    const first = measures[0];
    expect(first).toMatchObject({ index: 0, type: 'primary', paramType: 'NUMBER', unitOfMeasure: 'percentage of subjects', dispersionType: null, timeFrame: 'Week 52', denominatorUnits: 'Participants' });
    expect(first.denominators.map((d) => [d.groupId, d.value.value])).toEqual([['OG000', 158], ['OG001', 159]]);
    expect(first.classes[0].categories[0].measurements.map((m) => [m.groupId, m.value.text, m.value.value])).toEqual([['OG000', '7.0', 7], ['OG001', '47.2', 47.2]]);
    expect(first.analyses[0]).toMatchObject({
      groupIds: ['OG000', 'OG001'],
      paramType: 'Odds Ratio (OR)',
      paramValue: { value: 15.231 },
      ciPercent: { value: 95 },
      ciLowerLimit: { value: 7.336 },
      ciUpperLimit: { value: 31.623 },
      pValue: { text: '<0.001', comparator: '<', value: 0.001 },
    });
    // A geometric mean with its 95% CI; the week-52 record has a group below the limit of quantification ("NA").
    expect(measures[3]).toMatchObject({ paramType: 'GEOMETRIC_MEAN', dispersionType: '95% Confidence Interval', unitOfMeasure: 'µg/mL' });
    expect(measures[3].classes[0].categories[0].measurements[0]).toEqual({
      groupId: 'OG000',
      value: { text: '50.5', value: 50.5, decimals: 1 },
      lowerLimit: { text: '48.0', value: 48, decimals: 1 },
      upperLimit: { text: '53.0', value: 53, decimals: 1 },
    });
    const belowLimit = measures.flatMap((m) => m.classes.flatMap((c) => c.categories.flatMap((cat) => cat.measurements))).find((m) => m.comment);
    expect(belowLimit).toEqual({
      groupId: 'OG001',
      value: { text: 'NA', value: null, decimals: 0 },
      lowerLimit: { text: 'NA', value: null, decimals: 0 },
      upperLimit: { text: 'NA', value: null, decimals: 0 },
      comment: 'Values were below the level of quantification.',
    });
    expect(measures[19].classes[0].categories[0].measurements[1]).toMatchObject({ value: { value: -0.11 }, spread: { text: '0.21', value: 0.21 } });
    expect(measures[28].groups).toHaveLength(5);
  });

  it('keeps a class\'s own denominators (NCT02210780, GISS components)', () => {
    const giss = normaliseStudy(loadRecord('NCT02210780')).outcomeMeasures[8];
    expect(giss.denominators.map((d) => d.value.value)).toEqual([97, 97]);
    expect(giss.classes.map((c) => [c.title, c.denominators.map((d) => d.value.value)])).toEqual([
      ['Erythema', [79, 87]],
      ['Infiltration/Papulation', [79, 87]],
      ['Excoriations', [79, 87]],
      ['Lichenification', [79, 87]],
    ]);
    const analysis = normaliseStudy(loadRecord('NCT02210780')).outcomeMeasures[3].analyses[0];
    expect(analysis).toMatchObject({ paramType: 'Percentage Difference', ciPercent: { value: 90 }, paramValue: { text: '34.0', value: 34 }, pValue: { comparator: '<', value: 0.0001 } });
  });

  it('reads records without results and without arms', () => {
    const noResults = normaliseStudy(loadRecord('NCT03418623'));
    expect(noResults).toMatchObject({ hasResults: false, outcomeMeasures: [], dates: { resultsFirstPosted: null } });
    const observational = normaliseStudy(loadRecord('NCT06171568'));
    expect(observational).toMatchObject({ studyType: 'OBSERVATIONAL', overallStatus: 'NOT_YET_RECRUITING', arms: [], hasResults: false });
  });

  it('refuses JSON that is not a study record', () => {
    expect(() => normaliseStudy({ studies: [] })).toThrow(RegistryFormatError);
    expect(() => normaliseStudy(null)).toThrow('not a ClinicalTrials.gov API v2 study record');
  });
});

describe('groups tied to arms by title', () => {
  it('exactly (NCT02210780) and after normalising case and punctuation (NCT00763412)', () => {
    const exact = normaliseStudy(loadRecord('NCT02210780')).outcomeMeasures[0].groups;
    expect(exact.map((g) => [g.title, g.arm.method, g.arm.armId])).toEqual([['Placebo qw', 'exact', 'arm-1'], ['Dupilumab 300 mg qw', 'exact', 'arm-2']]);
    const cased = normaliseStudy(loadRecord('NCT00763412')).outcomeMeasures[0].groups;
    expect(cased.map((g) => [g.title, g.arm])).toEqual([
      ['1 Placebo', { method: 'exact', armId: 'arm-1', armTitle: '1 Placebo', score: 1 }],
      ['2. Repaglinide', { method: 'normalised', armId: 'arm-2', armTitle: '2. repaglinide', score: 1 }],
    ]);
  });

  it('by token similarity when titles only share words, and not at all below the threshold (NCT02552212)', () => {
    const measures = normaliseStudy(loadRecord('NCT02552212')).outcomeMeasures;
    // Dice over distinct tokens: {placebo, fas} ~ {placebo} = 2·1/(2+1) = 0.6667; {czp, 200, mg, q2w, fas} ~ {certolizumab, pegol, 200, mg, q2w} = 2·3/(5+5) = 0.6.
    expect(measures[0].groups.map((g) => g.arm)).toEqual([
      { method: 'token-similarity', armId: 'arm-2', armTitle: 'Placebo', score: 0.6667 },
      { method: 'token-similarity', armId: 'arm-1', armTitle: 'Certolizumab Pegol 200 mg Q2W', score: 0.6 },
    ]);
    const safety = measures[28].groups;
    expect(safety.map((g) => [g.title, g.arm.method, g.arm.armId])).toEqual([
      ['Placebo (SS)', 'token-similarity', 'arm-2'],
      ['CZP 200 mg Q2W (SS)', 'token-similarity', 'arm-1'],
      ['Placebo->OL CZP (SS)', 'none', null],
      ['CZP->OL CZP (SS)', 'none', null],
      ['SFE OL CZP 200 mg Q2W (SS)', 'none', null],
    ]);
    // {placebo, ol, czp, ss} ~ {placebo} = 2·1/(4+1) = 0.4: an open-label subset, not the placebo arm.
    expect(safety[2].arm).toEqual({ method: 'none', armId: null, reason: "no arm's title shares enough words (best 0.4 < 0.6)", closest: { armId: 'arm-2', armTitle: 'Placebo', score: 0.4 } });
  });

  it('says so when there are no arms, or two arms are equally close', () => {
    expect(normaliseStudy(loadRecord('NCT05594173')).outcomeMeasures[0].groups[0].arm).toEqual({ method: 'none', armId: null, reason: 'the record lists no arms', closest: null });
    expect(matchGroupToArm('Drug 10 mg', [{ id: 'a', title: 'Drug 10 mg daily' }, { id: 'b', title: 'Drug 10 mg weekly' }])).toMatchObject({ method: 'none', reason: "'Drug 10 mg daily' and 'Drug 10 mg weekly' are equally similar (0.8571)" });
    expect(matchGroupToArm('Placebos', [{ id: 'a', title: 'Placebo' }, { id: 'b', title: 'Active' }])).toEqual({ method: 'token-similarity', armId: 'a', armTitle: 'Placebo', score: 1 });
  });
});
