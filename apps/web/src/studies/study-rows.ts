// A study as the studies table (and its CSV) reads: design in words, characteristics named, quality in stars
// or RoB 2 judgements, adverse events in one line. Pure; the table and the download share it.
import type { QualityAssessment, RobJudgement, StudyDesign, StudyDetail } from '../graphql/reviews';

const designWords: Record<StudyDesign, string> = {
  RCT: 'Randomised trial',
  CLUSTER_RCT: 'Cluster-randomised trial',
  QUASI_RANDOMISED: 'Quasi-randomised',
  NON_RANDOMISED: 'Non-randomised',
  COHORT: 'Cohort',
  CASE_CONTROL: 'Case-control',
  SELF_CONTROLLED_PRE_POST: 'Single group, before and after',
  OTHER: 'Other',
};

export function designName(design: StudyDesign | null): string {
  return design ? designWords[design] : '';
}

// The seed review's characteristic names, as its Table 1 heads them; any other name is split from camelCase.
const characteristicNames: Record<string, string> = {
  mscSource: 'MSC source',
  cellSource: 'Cell source',
  cellDose: 'Dose',
  dose: 'Dose',
  route: 'Route',
  followUp: 'Follow-up',
  meanAge: 'Mean age',
  female: 'Female',
  male: 'Male',
  endpoints: 'Endpoints',
};

export function characteristicName(key: string): string {
  if (characteristicNames[key]) return characteristicNames[key];
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "MSC source: ADSCs" pairs in the stored order, leaving out what was not reported. */
export function characteristicEntries(characteristics: StudyDetail['characteristics']): { name: string; value: string }[] {
  return Object.entries(characteristics ?? {})
    .filter(([, value]) => value !== null && value !== '')
    .map(([key, value]) => ({ name: characteristicName(key), value: typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value) }));
}

const judgementWords: Record<RobJudgement, string> = { LOW: 'Low', SOME_CONCERNS: 'Some concerns', HIGH: 'High' };

export function judgementName(judgement: RobJudgement | null): string {
  return judgement ? judgementWords[judgement] : '';
}

/** Newcastle-Ottawa as "★★★★★★☆☆☆ 6/9"; RoB 2 as "RoB 2: Some concerns (randomisation Low, ...)". */
export function qualitySummary(assessment: QualityAssessment): string {
  if (assessment.tool === 'NEWCASTLE_OTTAWA') {
    const stars = assessment.totalStars ?? assessment.domains.reduce((total, d) => total + (d.stars ?? 0), 0);
    return `${'★'.repeat(stars)}${'☆'.repeat(Math.max(0, 9 - stars))} ${stars}/9`;
  }
  const domains = assessment.domains.map((d) => `${d.domain} ${judgementName(d.judgement)}`).join(', ');
  return `RoB 2: ${judgementName(assessment.overallJudgement)}${domains ? ` (${domains})` : ''}`;
}

export function adverseEventsSummary(events: StudyDetail['adverseEvents']): string {
  if (!events) return '';
  const count = events.patientsWithEvents !== null ? `${events.patientsWithEvents} patient${events.patientsWithEvents === 1 ? '' : 's'}` : '';
  return [count, events.description ?? ''].filter(Boolean).join(': ');
}

export interface StudyRow {
  id: string;
  label: string;
  year: number | null;
  registryId: string;
  design: string;
  country: string;
  participants: number | null;
  characteristics: { name: string; value: string }[];
  quality: string[];
  adverseEvents: string;
  retracted: boolean;
  retractionReason: string;
}

export function studyRow(study: StudyDetail): StudyRow {
  return {
    id: study.id,
    label: study.label,
    year: study.year,
    registryId: study.registryId ?? '',
    design: designName(study.design),
    country: study.country ?? '',
    participants: study.participants,
    characteristics: characteristicEntries(study.characteristics),
    quality: study.qualityAssessments.map(qualitySummary),
    adverseEvents: adverseEventsSummary(study.adverseEvents),
    retracted: study.retracted,
    retractionReason: study.retractionReason ?? '',
  };
}
