import { describe, expect, it } from 'vitest';
import {
  loadBcgTrials,
  loadMagnesiumTrials,
  loadSeedPrismaCounts,
  loadSeedReportedResults,
  loadSeedReports,
  loadSeedStudies,
  loadSeedStudyData,
} from '../src/index.js';

describe('demo loaders', () => {
  it('loads the 13 BCG trials with their allocation', () => {
    const trials = loadBcgTrials();
    expect(trials).toHaveLength(13);
    expect(trials[0]).toMatchObject({ label: 'Aronson 1948', events1: 4, n1: 123, events2: 11, n2: 139, allocation: 'random' });
    expect(new Set(trials.map((trial) => trial.allocation))).toEqual(new Set(['random', 'alternate', 'systematic']));
  });

  it('loads the 16 magnesium trials in year order, ISIS-4 last', () => {
    const trials = loadMagnesiumTrials();
    expect(trials).toHaveLength(16);
    expect(trials.map((trial) => trial.year)).toEqual([...trials.map((trial) => trial.year)].sort((a, b) => a - b));
    expect(trials.at(-1)).toMatchObject({ label: 'ISIS-4 1995', events1: 2216, n1: 29011 });
    expect(new Set(trials.map((trial) => trial.label)).size).toBe(16);
  });

  it('loads the seed review: 9 studies, 133 patients, its results, data and flow', () => {
    const studies = loadSeedStudies();
    expect(studies).toHaveLength(9);
    expect(studies.reduce((sum, study) => sum + study.participants, 0)).toBe(133);
    expect(studies.find((study) => study.id === 'park2020')?.endpoints).toContain('DU');
    const results = loadSeedReportedResults();
    expect(results).toHaveLength(14);
    expect(results.find((result) => result.outcome === 'DU')).toMatchObject({ measure: 'OR', estimate: 21.1, certainty: 'very low' });
    const data = loadSeedStudyData();
    expect(data.map((row) => row.kind)).toEqual(['pre-post', 'effect']);
    expect(loadSeedPrismaCounts().studiesIncluded).toBe(9);
  });

  it("loads the 11 reports of the seed review's 9 studies, as its flow counts them (three of the Granel 2015 cohort)", () => {
    const reports = loadSeedReports();
    const prisma = loadSeedPrismaCounts();
    expect(reports).toHaveLength(prisma.reportsIncluded);
    expect(new Set(reports.map((report) => report.studyId))).toEqual(new Set(loadSeedStudies().map((study) => study.id)));
    expect(reports.filter((report) => report.studyId === 'granel2015').map((report) => report.year)).toEqual([2015, 2016, 2017]);
  });
});
