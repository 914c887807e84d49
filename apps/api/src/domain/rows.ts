// Conversions between stored rows and the shapes the domain speaks.
import type { OutcomeRow, StudyDataRow, StudyDesign, StudyNumberColumns, StudyRow } from '@cumulus/db';
import type { Measure, OutcomeSettings } from './engine.js';
import type { StudyNumbers } from './study-data-shapes.js';

export const now = () => new Date().toISOString();

/** The columns of a data row that hold its numbers. */
export type NumberColumns = StudyNumberColumns;

export function numbersOfRow(row: NumberColumns): StudyNumbers {
  return {
    events1: row.events1,
    n1: row.n1,
    events2: row.events2,
    n2: row.n2,
    mean1: row.mean1,
    sd1: row.sd1,
    mean2: row.mean2,
    sd2: row.sd2,
    meanBefore: row.mean_before,
    sdBefore: row.sd_before,
    meanAfter: row.mean_after,
    sdAfter: row.sd_after,
    n: row.n,
    yi: row.yi,
    sei: row.sei,
    estimate: row.estimate,
    ciLower: row.ci_lower,
    ciUpper: row.ci_upper,
  };
}

export function rowOfNumbers(numbers: StudyNumbers) {
  const v = (value: number | null | undefined) => value ?? null;
  return {
    events1: v(numbers.events1),
    n1: v(numbers.n1),
    events2: v(numbers.events2),
    n2: v(numbers.n2),
    mean1: v(numbers.mean1),
    sd1: v(numbers.sd1),
    mean2: v(numbers.mean2),
    sd2: v(numbers.sd2),
    mean_before: v(numbers.meanBefore),
    sd_before: v(numbers.sdBefore),
    mean_after: v(numbers.meanAfter),
    sd_after: v(numbers.sdAfter),
    n: v(numbers.n),
    yi: v(numbers.yi),
    sei: v(numbers.sei),
    estimate: v(numbers.estimate),
    ci_lower: v(numbers.ciLower),
    ci_upper: v(numbers.ciUpper),
  };
}

export function settingsOfOutcome(row: OutcomeRow): OutcomeSettings {
  return {
    totals: row.totals,
    unitOfAnalysis: row.unit_of_analysis,
    measure: row.measure as Measure,
    model: row.model as OutcomeSettings['model'],
    method: row.method as OutcomeSettings['method'],
    tau2Estimator: row.tau2_estimator as OutcomeSettings['tau2Estimator'],
    ciMethod: row.ci_method as OutcomeSettings['ciMethod'],
    preset: row.preset as OutcomeSettings['preset'],
    ...(row.pre_post_correlation !== null ? { prePostCorrelation: row.pre_post_correlation } : {}),
    ...(row.pre_post_direction !== null ? { prePostDirection: row.pre_post_direction as 'increase' | 'decrease' } : {}),
    ...(JSON.parse(row.evidence_settings) as Pick<OutcomeSettings, 'sequential' | 'controlRisks' | 'certaintyOverrides' | 'importanceThresholds' | 'metaRegression'>),
  };
}

/** Study columns a meta-regression can use besides the characteristics: numbers (year, participants) and categories (country, design). */
export const numericStudyColumns = ['year', 'participants'] as const;
export const categoricalStudyColumns = ['country', 'design'] as const;

const chosenModerators = new WeakMap<Pick<OutcomeRow, 'evidence_settings'>, NonNullable<OutcomeSettings['metaRegression']> | null>();

/**
 * A study's values of the moderators its outcome is regressed on (null when it has none chosen): a column, or a
 * characteristic; a numeric moderator typed as text ("55") is read as its number.
 */
export function moderatorValuesOf(
  study: Pick<StudyRow, 'year' | 'participants' | 'country' | 'design' | 'characteristics'>,
  outcome: Pick<OutcomeRow, 'evidence_settings'>,
): Record<string, number | string | null> | null {
  let chosen = chosenModerators.get(outcome);
  if (chosen === undefined) {
    chosen = (JSON.parse(outcome.evidence_settings) as Pick<OutcomeSettings, 'metaRegression'>).metaRegression ?? null;
    chosenModerators.set(outcome, chosen);
  }
  if (!chosen || chosen.moderators.length === 0) return null;
  const characteristics = characteristicsOf(study);
  const values: Record<string, number | string | null> = {};
  for (const name of chosen.moderators) {
    const column = [...numericStudyColumns, ...categoricalStudyColumns].find((c) => c === name);
    const raw = column ? study[column] : characteristics[name];
    const categorical = chosen.factors?.includes(name) ?? false;
    if (raw === null || raw === undefined || raw === '') values[name] = null;
    else if (typeof raw === 'boolean') values[name] = String(raw);
    else if (categorical) values[name] = String(raw);
    else if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) values[name] = Number(raw);
    else values[name] = raw as number | string;
  }
  return values;
}

export function characteristicsOf(study: Pick<StudyRow, 'characteristics'>): Record<string, unknown> {
  return JSON.parse(study.characteristics) as Record<string, unknown>;
}

/** The subgroup a study falls in: its own label for this outcome, else the outcome's subgroup variable. */
export function subgroupOf(
  data: Pick<StudyDataRow, 'subgroup'>,
  study: Pick<StudyRow, 'characteristics' | 'design' | 'country'>,
  subgroupVariable: string | null,
): string | null {
  if (data.subgroup !== null) return data.subgroup;
  if (subgroupVariable === null) return null;
  if (subgroupVariable === 'design') return study.design;
  if (subgroupVariable === 'country') return study.country;
  const value = characteristicsOf(study)[subgroupVariable];
  return value === undefined || value === null ? null : String(value);
}

/** GRADE's starting point reads the design: randomised trials start high, everything else low. */
export function gradeDesignOf(design: StudyDesign | null): 'randomised' | 'non-randomised' | 'observational' | 'self-controlled' | null {
  switch (design) {
    case 'rct':
    case 'cluster-rct':
      return 'randomised';
    case 'quasi-randomised':
    case 'non-randomised':
      return 'non-randomised';
    case 'cohort':
    case 'case-control':
      return 'observational';
    case 'self-controlled-pre-post':
      return 'self-controlled';
    default:
      return null;
  }
}
