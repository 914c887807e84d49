// BCG vaccine trials (Colditz et al. 1994) as the API returns them: odds ratios, REML random effects (metafor 3.8.1).
import type { StudyResult } from '../graphql/outcome';

export const bcgStudies: StudyResult[] = [
  ['Aronson 1948', 0.3911, 0.1212, 1.2619, 4.98, 1948],
  ['Ferguson & Simes 1949', 0.189, 0.0773, 0.4621, 6.339, 1949],
  ['Rosenthal et al 1960', 0.25, 0.0688, 0.9085, 4.487, 1960],
  ['Hart & Sutherland 1977', 0.2331, 0.1763, 0.3082, 9.664, 1977],
  ['Frimodt-Moller et al 1973', 0.8032, 0.5138, 1.2556, 8.88, 1973],
  ['Stein & Aronson 1953', 0.3836, 0.3156, 0.4662, 9.954, 1953],
  ['Vandiviere et al 1973', 0.1952, 0.0767, 0.4966, 6.127, 1973],
  ['TPT Madras 1980', 1.0121, 0.894, 1.1458, 10.125, 1980],
  ['Coetzee & Berjak 1968', 0.6239, 0.3908, 0.9961, 8.767, 1968],
  ['Rosenthal et al 1961', 0.2463, 0.1438, 0.4219, 8.375, 1961],
  ['Comstock et al 1974', 0.7112, 0.5711, 0.8856, 9.879, 1974],
  ['Comstock & Webster 1969', 1.563, 0.3731, 6.5476, 3.969, 1969],
  ['Comstock et al 1976', 0.9828, 0.5816, 1.6607, 8.453, 1976],
].map(([label, estimate, ciLower, ciUpper, weight, year], i) => ({
  studyId: `bcg-${i + 1}`,
  rowId: `bcg-row-${i + 1}`,
  rowLabel: null,
  label: label as string,
  estimate: estimate as number,
  ciLower: ciLower as number,
  ciUpper: ciUpper as number,
  weight: weight as number,
  subgroup: null,
  year: year as number,
}));

export const bcgPooled = {
  measure: 'OR' as const,
  model: 'RANDOM' as const,
  estimate: 0.4746499135238253,
  ciLower: 0.32962956677290245,
  ciUpper: 0.6834718821306147,
  pValue: 0.00006182598717848464,
  predictionLower: 0.14353117741846355,
  predictionUpper: 1.569641832947116,
  tau2: 0.33777203311228565,
  q: 163.16491518079974,
  qDf: 12,
  qPValue: 1.1887725911107486e-28,
  i2: 92.07269129326176,
};
