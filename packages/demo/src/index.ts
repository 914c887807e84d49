// Typed loaders for the demonstration data shipped in ../data (published data; sources in data/README.md).
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** The folder holding the data files, beside src/ and dist/. */
export const demoDataDirectory = new URL('../data/', import.meta.url);

type CsvRow = Record<string, string>;

function readCsv(relativePath: string): CsvRow[] {
  const text = readFileSync(new URL(relativePath, demoDataDirectory), 'utf8');
  return parse(text, { columns: true, skip_empty_lines: true, trim: true }) as CsvRow[];
}

function requiredNumber(row: CsvRow, column: string): number {
  const value = optionalNumber(row, column);
  if (value === null) throw new Error(`demo data: column '${column}' is empty in ${JSON.stringify(row)}`);
  return value;
}

function optionalNumber(row: CsvRow, column: string): number | null {
  const raw = row[column];
  if (raw === undefined || raw === '') return null;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`demo data: column '${column}' is not a number: '${raw}'`);
  return value;
}

function optionalText(row: CsvRow, column: string): string | null {
  const raw = row[column];
  return raw === undefined || raw === '' ? null : raw;
}

/** A two-arm trial with events out of participants; arm 1 is the experimental arm. */
export interface BinaryTrial {
  label: string;
  year: number;
  events1: number;
  n1: number;
  events2: number;
  n2: number;
}

export interface BcgTrial extends BinaryTrial {
  trial: number;
  author: string;
  /** How participants were allocated: random, alternate or systematic. */
  allocation: string;
  absoluteLatitude: number;
}

/** BCG vaccine against tuberculosis, 13 trials (metadat dat.bcg, Colditz et al. 1994). */
export function loadBcgTrials(): BcgTrial[] {
  return readCsv('bcg-vaccine.csv').map((row) => ({
    trial: requiredNumber(row, 'trial'),
    author: row.author,
    label: `${row.author} ${row.year}`,
    year: requiredNumber(row, 'year'),
    events1: requiredNumber(row, 'vaccinated_tb'),
    n1: requiredNumber(row, 'vaccinated_total'),
    events2: requiredNumber(row, 'control_tb'),
    n2: requiredNumber(row, 'control_total'),
    allocation: row.allocation,
    absoluteLatitude: requiredNumber(row, 'absolute_latitude'),
  }));
}

export interface MagnesiumTrial extends BinaryTrial {
  trial: string;
}

/** Intravenous magnesium after myocardial infarction, 16 trials in year order (metadat dat.egger2001). */
export function loadMagnesiumTrials(): MagnesiumTrial[] {
  return readCsv('magnesium-mi.csv').map((row) => ({
    trial: row.trial,
    label: `${row.trial} ${row.year}`,
    year: requiredNumber(row, 'year'),
    events1: requiredNumber(row, 'magnesium_deaths'),
    n1: requiredNumber(row, 'magnesium_total'),
    events2: requiredNumber(row, 'control_deaths'),
    n2: requiredNumber(row, 'control_total'),
  }));
}

/** One study of the seed review, from its Tables 1 and 2. */
export interface SeedStudy {
  id: string;
  label: string;
  year: number;
  country: string;
  design: string;
  participants: number;
  female: number | null;
  male: number | null;
  meanAge: number | null;
  followUp: string;
  mscSource: string;
  cellDose: string | null;
  route: string;
  /** Newcastle-Ottawa stars in total (the review gives no per-domain breakdown). */
  nosScore: number;
  /** Patients with an adverse event, when the review counts them. */
  adverseEvents: number | null;
  adverseEventDetail: string;
  endpoints: string[];
  registryId: string | null;
}

export function loadSeedStudies(): SeedStudy[] {
  return readCsv('seed-review/studies.csv').map((row) => ({
    id: row.id,
    label: row.label,
    year: requiredNumber(row, 'year'),
    country: row.country,
    design: row.design,
    participants: requiredNumber(row, 'participants'),
    female: optionalNumber(row, 'female'),
    male: optionalNumber(row, 'male'),
    meanAge: optionalNumber(row, 'mean_age'),
    followUp: row.follow_up,
    mscSource: row.msc_source,
    cellDose: optionalText(row, 'cell_dose'),
    route: row.route,
    nosScore: requiredNumber(row, 'nos_score'),
    adverseEvents: optionalNumber(row, 'adverse_events'),
    adverseEventDetail: row.adverse_event_detail,
    endpoints: row.endpoints.split(';').map((endpoint) => endpoint.trim()).filter(Boolean),
    registryId: optionalText(row, 'registry_id'),
  }));
}

/** A pooled result as the seed review published it (Table 3 and Results text), kept as a reference value. */
export interface SeedReportedResult {
  outcome: string;
  analysis: string;
  subgroup: string | null;
  timepointMonths: number | null;
  trials: number;
  participants: number;
  measure: 'MD' | 'OR';
  estimate: number;
  ciLower: number;
  ciUpper: number;
  model: 'fixed' | 'random';
  i2: number | null;
  /** As printed: '0.86', '<0.00001'. */
  pHeterogeneity: string | null;
  pEffect: string | null;
  certainty: string | null;
  downgraded: { design: boolean; inconsistency: boolean; imprecision: boolean; smallStudyEffects: boolean } | null;
  whereReported: string;
}

export function loadSeedReportedResults(): SeedReportedResult[] {
  return readCsv('seed-review/reported-results.csv').map((row) => {
    const measure = row.measure;
    const model = row.model;
    if (measure !== 'MD' && measure !== 'OR') throw new Error(`demo data: unexpected measure '${measure}'`);
    if (model !== 'fixed' && model !== 'random') throw new Error(`demo data: unexpected model '${model}'`);
    const graded = row.certainty !== '';
    return {
      outcome: row.outcome,
      analysis: row.analysis,
      subgroup: optionalText(row, 'subgroup'),
      timepointMonths: optionalNumber(row, 'timepoint_months'),
      trials: requiredNumber(row, 'trials'),
      participants: requiredNumber(row, 'participants'),
      measure,
      estimate: requiredNumber(row, 'estimate'),
      ciLower: requiredNumber(row, 'ci_low'),
      ciUpper: requiredNumber(row, 'ci_high'),
      model,
      i2: optionalNumber(row, 'i2_percent'),
      pHeterogeneity: optionalText(row, 'p_heterogeneity'),
      pEffect: optionalText(row, 'p_effect'),
      certainty: optionalText(row, 'certainty'),
      downgraded: graded
        ? {
            design: row.downgraded_design === 'yes',
            inconsistency: row.downgraded_inconsistency === 'yes',
            imprecision: row.downgraded_imprecision === 'yes',
            smallStudyEffects: row.downgraded_small_study_effects === 'yes',
          }
        : null,
      whereReported: row.where_reported,
    };
  });
}

/** Per-study outcome numbers sourced from primary reports: a pre/post summary or an effect with its SE. */
export type SeedStudyData =
  | {
      kind: 'pre-post';
      studyId: string;
      outcome: string;
      timepointMonths: number;
      n: number;
      meanBefore: number;
      sdBefore: number;
      meanAfter: number;
      sdAfter: number;
      source: string;
    }
  | {
      kind: 'effect';
      studyId: string;
      outcome: string;
      timepointMonths: number;
      n: number;
      /** Mean difference, before minus after (the review's direction: an improvement is positive). */
      meanDifference: number;
      se: number;
      source: string;
    };

export function loadSeedStudyData(): SeedStudyData[] {
  return readCsv('seed-review/study-data.csv').map((row): SeedStudyData => {
    const common = {
      studyId: row.study_id,
      outcome: row.outcome,
      timepointMonths: requiredNumber(row, 'timepoint_months'),
      n: requiredNumber(row, 'participants'),
      source: row.source,
    };
    if (row.before_mean !== '') {
      return {
        kind: 'pre-post',
        ...common,
        meanBefore: requiredNumber(row, 'before_mean'),
        sdBefore: requiredNumber(row, 'before_sd'),
        meanAfter: requiredNumber(row, 'after_mean'),
        sdAfter: requiredNumber(row, 'after_sd'),
      };
    }
    return { kind: 'effect', ...common, meanDifference: requiredNumber(row, 'mean_difference'), se: requiredNumber(row, 'se') };
  });
}

/** PRISMA 2020 flow counts as the seed review reports them. */
export interface SeedPrismaCounts {
  searchEnd: string;
  identified: { databases: Record<string, number>; otherMethods: Record<string, number> };
  recordsAfterDuplicatesRemoved: number;
  reportsAssessedFullText: number;
  reportsExcludedFullText: number;
  reportsIncluded: number;
  studiesIncluded: number;
  studiesInQuantitativeSynthesis: number;
  note: string;
}

export function loadSeedPrismaCounts(): SeedPrismaCounts {
  return JSON.parse(readFileSync(new URL('seed-review/prisma.json', demoDataDirectory), 'utf8')) as SeedPrismaCounts;
}

/** A report of a seed study (a paper or registry record); Granel 2015's cohort has three. */
export interface SeedReport {
  studyId: string;
  citation: string;
  year: number | null;
  kind: 'publication' | 'registry-record';
  registryId: string | null;
  source: string;
}

export function loadSeedReports(): SeedReport[] {
  return readCsv('seed-review/reports.csv').map((row) => ({
    studyId: row.study_id,
    citation: row.citation,
    year: optionalNumber(row, 'year'),
    kind: row.kind === 'registry-record' ? 'registry-record' : 'publication',
    registryId: optionalText(row, 'registry_id'),
    source: row.source,
  }));
}

/** The seed review as published: Cui et al. 2022. */
export const seedReviewDescription = {
  title: 'Mesenchymal stem cells for systemic sclerosis',
  citation:
    'Cui J, Jin L, Ding M, et al. Efficacy and safety of mesenchymal stem cells in the treatment of systemic sclerosis: a systematic review and meta-analysis. Stem Cell Res Ther 2022;13:118. doi:10.1186/s13287-022-02786-3',
  registration: 'PROSPERO CRD42020200350',
  population: 'People with systemic sclerosis',
  intervention: 'Mesenchymal stem cells (adipose-derived, stromal vascular fraction, umbilical cord or bone marrow)',
  comparison: 'Before treatment (self-controlled pre/post studies)',
  outcomes: 'Skin thickness (mRSS), Raynaud condition score, digital ulcers, pain (VAS), mouth handicap (MHISS), hand function (CHFS), adverse events',
} as const;
