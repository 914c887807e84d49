// A RevMan 5 review as its .rm5 file holds it: plain, serialisable data. Names follow RevMan's own
// vocabulary (comparison, outcome, subgroup, group 1 = experimental, group 2 = control); a number the file
// leaves empty is null.

export interface RevManReview {
  /** COCHRANE_REVIEW ID: RevMan's identifier of the review file. */
  id: string | null;
  /** COVER_SHEET > TITLE, without the Cochrane Library's ' [Data only. When citing this record quote "..."]' suffix. */
  title: string;
  /** The text the Cochrane Library's suffix asks to quote ('Cochrane Database of Systematic Reviews <year>, Issue <n>'), or null. */
  citation: string | null;
  /** TYPE: INTERVENTION, METHODOLOGY, ... */
  type: string | null;
  /** REVMAN_SUB_VERSION: the RevMan release that saved the file, e.g. '5.0.23'. */
  revmanVersion: string | null;
  /** REVIEW_NO, e.g. 'CD001234'. */
  reviewNumber: string | null;
  doi: string | null;
  /** The Objectives section, as text. */
  objectives: string | null;
  /** The included studies, in file order. */
  studies: RevManStudy[];
  comparisons: RevManComparison[];
}

export interface RevManStudy {
  /** STUDY ID, which data rows name (e.g. 'STD-ISIS_x002d_2'). */
  id: string;
  /** NAME, the label RevMan shows (e.g. 'ISIS-2'). */
  name: string;
  /** YEAR as written ('1988', '2006a', or null). */
  year: string | null;
  /** DATA_SOURCE: PUB, UNPUB, MIXED, ... */
  dataSource: string | null;
  /** The Characteristics of included studies table, where filled in. */
  characteristics: RevManStudyCharacteristics;
}

export interface RevManStudyCharacteristics {
  methods: string | null;
  participants: string | null;
  interventions: string | null;
  outcomes: string | null;
  notes: string | null;
}

export interface RevManComparison {
  id: string;
  /** NO, e.g. '1'. */
  number: string;
  name: string;
  outcomes: RevManOutcome[];
}

/** RevMan's computed results for an outcome, or one of its subgroups, as saved in the file. */
export interface RevManResults {
  /** ESTIMABLE */
  estimable: boolean;
  /** STUDIES */
  studies: number | null;
  /** TOTAL_1, TOTAL_2: participants in each group. */
  participants1: number | null;
  participants2: number | null;
  /** EVENTS_1, EVENTS_2 (dichotomous outcomes). */
  events1: number | null;
  events2: number | null;
  /** EFFECT_SIZE, CI_START, CI_END on the scale RevMan reports (ratios as ratios). */
  estimate: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  /** CHI2, DF, P_CHI2: the heterogeneity chi-squared (Q) statistic. */
  chi2: number | null;
  df: number | null;
  pChi2: number | null;
  /** I2, percent. */
  i2: number | null;
  /** TAU2 (random effects). */
  tau2: number | null;
  /** Z and P_Z: the test for the overall effect. */
  z: number | null;
  pZ: number | null;
  /** WEIGHT: for a subgroup, its percent of the total weight (100 for the whole outcome). */
  weight: number | null;
}

/** The test for subgroup differences (Q, P_Q, I2_Q on the outcome), when the outcome has subgroups. */
export interface RevManSubgroupDifferences {
  chi2: number | null;
  p: number | null;
  i2: number | null;
}

export interface RevManSubgroup {
  id: string;
  number: string;
  name: string;
  results: RevManResults | null;
}

/** RevMan's own result for one study row. */
export interface RevManStudyResult {
  /** EFFECT_SIZE, CI_START, CI_END on the reporting scale. */
  estimate: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  /** SE on the analysis scale (log for ratios). */
  se: number | null;
  /** WEIGHT, percent. */
  weight: number | null;
  /** VAR: RevMan's variance for the row (for O-E rows, the variance of O-E), when the file has one. */
  variance: number | null;
}

interface RowBase {
  /** STUDY_ID of an included study. */
  studyId: string;
  /** The NAME of the subgroup the row sits in, or null. */
  subgroup: string | null;
  /** ORDER: RevMan's user-defined order. */
  order: number | null;
  published: RevManStudyResult | null;
}

export interface RevManDichotomousRow extends RowBase {
  events1: number | null;
  total1: number | null;
  events2: number | null;
  total2: number | null;
}

export interface RevManContinuousRow extends RowBase {
  mean1: number | null;
  sd1: number | null;
  total1: number | null;
  mean2: number | null;
  sd2: number | null;
  total2: number | null;
}

export interface RevManGenericRow extends RowBase {
  /**
   * ESTIMATE, the value as entered, on the analysis scale: the natural log for ratio measures (Cochrane Handbook 5.1,
   * 9.4.3.2). RevMan's displayed ratio (EFFECT_SIZE) is published.estimate.
   */
  effect: number | null;
  se: number | null;
  /** TOTAL_1, TOTAL_2 when the review entered participants. */
  total1: number | null;
  total2: number | null;
}

/** An O-E and variance row: ln(ratio) = O_E / VAR, with variance 1 / VAR (Peto's method). */
export interface RevManOEVarianceRow extends RowBase {
  /** O_E: observed minus expected events in group 1. */
  oMinusE: number | null;
  /** VAR: the variance of O - E. */
  variance: number | null;
  events1: number | null;
  total1: number | null;
  events2: number | null;
  total2: number | null;
}

/** A row of an 'Other data' table: one study's cells, as text. */
export interface RevManOtherRow {
  /** STUDY_ID of an included study. */
  studyId: string;
  /** The NAME of the subgroup the row sits in, or null. */
  subgroup: string | null;
  /** ORDER: RevMan's user-defined order. */
  order: number | null;
  cells: string[];
}

interface OutcomeBase {
  id: string;
  /** NO within its comparison, e.g. '2'. */
  number: string;
  /** RevMan's analysis number, comparison.outcome: '1.2'. */
  analysis: string;
  name: string;
  comparisonId: string;
  comparisonName: string;
  /** GROUP_LABEL_1 (experimental) and GROUP_LABEL_2 (control). */
  groupLabel1: string | null;
  groupLabel2: string | null;
  /** RANDOM: random effects (DerSimonian-Laird) rather than fixed. */
  random: boolean;
  /** CI_STUDY and CI_TOTAL: the confidence levels, percent (95 unless changed). */
  ciStudyLevel: number | null;
  ciTotalLevel: number | null;
  /** TOTALS: YES (overall total and subtotals), SUB (subtotals only) or NO (no totals); YES when absent. */
  totals: 'YES' | 'SUB' | 'NO';
  /** SUBGROUPS="YES": the outcome is shown by subgroup. */
  subgroupsShown: boolean;
  /** SUBGROUP_TEST="YES": the test for subgroup differences is shown. */
  subgroupTest: boolean;
  subgroups: RevManSubgroup[];
  subgroupDifferences: RevManSubgroupDifferences | null;
  results: RevManResults | null;
}

export interface RevManDichotomousOutcome extends OutcomeBase {
  kind: 'dichotomous';
  effectMeasure: 'OR' | 'RR' | 'RD';
  method: 'MH' | 'IV' | 'PETO';
  /** SWAP_EVENTS: RevMan analyses non-events (participants minus events) instead of events. */
  swapEvents: boolean;
  rows: RevManDichotomousRow[];
}

export interface RevManContinuousOutcome extends OutcomeBase {
  kind: 'continuous';
  effectMeasure: 'MD' | 'SMD';
  rows: RevManContinuousRow[];
}

export interface RevManGenericOutcome extends OutcomeBase {
  kind: 'generic';
  /** The effect measure as the file names it ('Hazard Ratio', 'Odds Ratio', 'OR', ...). */
  effectMeasure: string;
  /** The measure when Cumulus knows it (hazard ratios and ratios of means included); null for others (rates, ...). */
  measure: RevManGenericMeasure | null;
  /** A ratio: effects are entered and analysed on the log scale and reported as ratios. */
  ratio: boolean;
  rows: RevManGenericRow[];
}

export type RevManGenericMeasure = 'OR' | 'RR' | 'RD' | 'MD' | 'SMD' | 'HR' | 'ROM';

/** O-E and variance (IPD_OUTCOME): a Peto odds ratio or hazard ratio pooled from O - E and its variance. */
export interface RevManOEVarianceOutcome extends OutcomeBase {
  kind: 'oe-variance';
  /** The effect measure as the file names it ('Peto Odds Ratio', 'Hazard Ratio', ...). */
  effectMeasure: string;
  rows: RevManOEVarianceRow[];
}

/** 'Other data' (OTHER_OUTCOME): a table of text per study, no statistics. */
export interface RevManOtherOutcome extends OutcomeBase {
  kind: 'other';
  /** The column headings, in order (the study column itself not included). */
  columns: string[];
  rows: RevManOtherRow[];
}

export type RevManOutcome =
  | RevManDichotomousOutcome
  | RevManContinuousOutcome
  | RevManGenericOutcome
  | RevManOEVarianceOutcome
  | RevManOtherOutcome;
