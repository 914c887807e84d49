import { describe, expect, it } from 'vitest';
import { bcgPooled, bcgStudies } from '../charts/test-data';
import type { StudyDetail } from '../graphql/reviews';
import { forestCsv, leaveOneOutCsv, studiesCsv } from './tables';
import { csvCell, fileSlug, toCsv } from './to-csv';

describe('toCsv', () => {
  it('writes RFC 4180: quotes only where needed, doubles quotes, CRLF line ends', () => {
    expect(toCsv(['Study', 'Estimate'], [['Aronson 1948', 0.3911], ['Ferguson, Simes "A"', -1.5], ['two\nlines', null]])).toBe(
      'Study,Estimate\r\nAronson 1948,0.3911\r\n"Ferguson, Simes ""A""",-1.5\r\n"two\nlines",\r\n',
    );
  });

  it('keeps full precision, leaves non-finite numbers empty, and defuses spreadsheet formulas', () => {
    expect(csvCell(0.47021887)).toBe('0.47021887');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-0.5 (as text)')).toBe("'-0.5 (as text)");
    expect(csvCell('＝cmd')).toBe("'＝cmd");
    expect(csvCell(' padded ')).toBe('" padded "');
  });

  it('makes file names from titles', () => {
    expect(fileSlug('Virzì 2017: mRSS at 6 months')).toBe('virzi-2017-mrss-at-6-months');
    expect(fileSlug('***')).toBe('cumulus');
  });
});

describe('table downloads', () => {
  it('writes the forest plot numbers with the pooled row', () => {
    const file = forestCsv('Tuberculosis', { ...bcgPooled, studies: bcgStudies, k: 13 });
    const lines = file.content.trimEnd().split('\r\n');
    expect(file.fileName).toBe('tuberculosis-forest.csv');
    expect(lines[0]).toBe('Study,Year,Subgroup,Estimate (OR),CI lower,CI upper,Weight (%)');
    expect(lines[1]).toBe('Aronson 1948,1948,,0.3911,0.1212,1.2619,4.98');
    expect(lines).toHaveLength(15);
    expect(lines[14]).toBe(`"Total (random effect, k = 13)",,,${bcgPooled.estimate},${bcgPooled.ciLower},${bcgPooled.ciUpper},100`);
  });

  it('writes leave-one-out rows', () => {
    const file = leaveOneOutCsv('Tuberculosis', [{ omittedStudyId: 'a', label: 'Aronson 1948', estimate: 0.48, ciLower: 0.33, ciUpper: 0.7, pValue: 0.0001, i2: 92.7, tau2: 0.35 }]);
    expect(file.content).toBe('Omitting,Estimate,CI lower,CI upper,P,I2 (%),tau2\r\nAronson 1948,0.48,0.33,0.7,0.0001,92.7,0.35\r\n');
  });

  it('writes each characteristic as its own column and marks retracted studies', () => {
    const study = (label: string, characteristics: StudyDetail['characteristics'], retracted = false): StudyDetail => ({
      id: label,
      label,
      year: 2017,
      registryId: null,
      design: 'SELF_CONTROLLED_PRE_POST',
      country: 'Italy',
      participants: 6,
      characteristics,
      adverseEvents: null,
      retracted,
      retractionReason: retracted ? 'duplicate cohort' : null,
      qualityAssessments: [{ tool: 'NEWCASTLE_OTTAWA', totalStars: 7, overallJudgement: null, domains: [], note: null }],
    });
    const file = studiesCsv('Mesenchymal stem cells for systemic sclerosis', [study('Virzì 2017', { mscSource: 'SVF with PRP', route: 'hypodermic (face)' }), study('Scuderi 2013', { cellDose: '8 × 10^5/ml' }, true)]);
    const lines = file.content.trimEnd().split('\r\n');
    expect(file.fileName).toBe('mesenchymal-stem-cells-for-systemic-sclerosis-studies.csv');
    expect(lines[0]).toBe('Study,Year,Registry,Design,Country,Participants,MSC source,Route,Dose,Quality,Adverse events,Retracted,Retraction reason');
    expect(lines[1]).toBe('Virzì 2017,2017,,"Single group, before and after",Italy,6,SVF with PRP,hypodermic (face),,★★★★★★★☆☆ 7/9,,no,');
    expect(lines[2]).toBe('Scuderi 2013,2017,,"Single group, before and after",Italy,6,,,8 × 10^5/ml,★★★★★★★☆☆ 7/9,,yes,duplicate cohort');
  });
});
