// The dashboard's tables as CSV files: studies, leave-one-out, and the forest plot's numbers.
import type { Analysis, LeaveOneOutResult } from '../graphql/outcome';
import type { StudyDetail } from '../graphql/reviews';
import { studyRow } from '../studies/study-rows';
import { fileSlug, toCsv, type CsvFile } from './to-csv';

export function studiesCsv(reviewTitle: string, studies: readonly StudyDetail[]): CsvFile {
  const rows = studies.map(studyRow);
  const characteristicNames = [...new Set(rows.flatMap((row) => row.characteristics.map((c) => c.name)))];
  const header = ['Study', 'Year', 'Registry', 'Design', 'Country', 'Participants', ...characteristicNames, 'Quality', 'Adverse events', 'Retracted', 'Retraction reason'];
  return {
    fileName: `${fileSlug(reviewTitle)}-studies.csv`,
    content: toCsv(
      header,
      rows.map((row) => [
        row.label,
        row.year,
        row.registryId,
        row.design,
        row.country,
        row.participants,
        ...characteristicNames.map((name) => row.characteristics.find((c) => c.name === name)?.value ?? ''),
        row.quality.join('; '),
        row.adverseEvents,
        row.retracted ? 'yes' : 'no',
        row.retractionReason,
      ]),
    ),
  };
}

export function leaveOneOutCsv(outcomeName: string, rows: readonly LeaveOneOutResult[]): CsvFile {
  return {
    fileName: `${fileSlug(outcomeName)}-leave-one-out.csv`,
    content: toCsv(
      ['Omitting', 'Estimate', 'CI lower', 'CI upper', 'P', 'I2 (%)', 'tau2'],
      rows.map((row) => [row.label, row.estimate, row.ciLower, row.ciUpper, row.pValue, row.i2, row.tau2]),
    ),
  };
}

/** Each study's effect and weight, then the pooled row: the numbers behind the forest plot. */
export function forestCsv(outcomeName: string, analysis: Pick<Analysis, 'studies' | 'estimate' | 'ciLower' | 'ciUpper' | 'k' | 'model' | 'measure'>): CsvFile {
  const studies = analysis.studies.map((s) => [s.label, s.year, s.subgroup ?? '', s.estimate, s.ciLower, s.ciUpper, s.weight]);
  const pooled = analysis.estimate !== null ? [[`Total (${analysis.model === 'FIXED' ? 'fixed' : 'random'} effect, k = ${analysis.k})`, null, '', analysis.estimate, analysis.ciLower, analysis.ciUpper, 100]] : [];
  return {
    fileName: `${fileSlug(outcomeName)}-forest.csv`,
    content: toCsv([`Study`, 'Year', 'Subgroup', `Estimate (${analysis.measure})`, 'CI lower', 'CI upper', 'Weight (%)'], [...studies, ...pooled]),
  };
}
