// Posted results → the data rows Cumulus could propose. A person chooses which measure belongs to which outcome and
// confirms every row; nothing here decides that.
import type { ArmMatch } from './arm-matching.js';
import { countFromPercentage, sdFromConfidenceInterval, sdFromStandardError } from './conversions.js';
import type { RegistryNumber } from './numbers.js';
import type { Denominator, MeasureClass, MeasureGroup, Measurement, OutcomeMeasure, Study } from './study.js';

export interface ProposeRowsOptions {
  /** When the record was fetched (ISO 8601): kept in every proposal's provenance. */
  fetchedAt?: string;
  /** Where the record was fetched from; defaults to the study's page on ClinicalTrials.gov. */
  sourceUrl?: string;
}

export interface Provenance {
  registry: 'ClinicalTrials.gov';
  nctId: string;
  sourceUrl: string;
  /** The record's LastUpdatePostDate: the version of the record the numbers come from. */
  recordVersionDate: string | null;
  fetchedAt: string | null;
  measureIndex: number;
  measureType: OutcomeMeasure['type'];
  measureTitle: string;
  timeFrame: string | null;
  unitOfMeasure: string | null;
  paramType: string | null;
  dispersionType: string | null;
  classTitle: string | null;
  categoryTitle: string | null;
}

interface GroupRef {
  groupId: string;
  groupTitle: string;
  arm: ArmMatch;
}

export interface BinaryGroupRow extends GroupRef {
  events: number;
  total: number;
  /** True when events were computed from a percentage (see `conversion`). */
  derived: boolean;
  conversion: string | null;
  source: { value: RegistryNumber; denominator: RegistryNumber };
}

export interface ContinuousGroupRow extends GroupRef {
  mean: number;
  sd: number;
  n: number;
  sdFrom: 'standard-deviation' | 'standard-error' | 'confidence-interval';
  conversion: string | null;
  source: { value: RegistryNumber; spread?: RegistryNumber; lowerLimit?: RegistryNumber; upperLimit?: RegistryNumber; denominator: RegistryNumber };
}

export interface GroupRefusal extends GroupRef {
  reason: string;
}

interface ProposalBase {
  provenance: Provenance;
  refused: GroupRefusal[];
  /** Every conversion made, in words, once each (per-group arithmetic is on the rows). */
  conversions: string[];
  /** Caveats a person should read before confirming. */
  notes: string[];
}

/** Every usable group of one measure (and class and category): a person picks the two groups and the outcome. */
export type RowProposal = (ProposalBase & { kind: 'binary'; rows: BinaryGroupRow[] }) | (ProposalBase & { kind: 'continuous'; rows: ContinuousGroupRow[] });

export interface MeasureNotProposed {
  measureIndex: number;
  title: string;
  reason: string;
}

export interface StudyProposals {
  nctId: string;
  hasResults: boolean;
  proposals: RowProposal[];
  notProposed: MeasureNotProposed[];
  /** Why there is nothing at all to propose, when there is not. */
  note: string | null;
}

const CONTINUOUS_MEANS = new Set(['MEAN', 'LEAST_SQUARES_MEAN']);
const PERCENT_UNIT = /percent|%/i;
const PEOPLE_UNIT = /\b(participants?|subjects?|patients?|people|persons?|individuals?|responders?|children|child|infants?|adults?|wom[ae]n|m[ae]n)\b/i;

function groupRef(group: MeasureGroup): GroupRef {
  return { groupId: group.id, groupTitle: group.title, arm: group.arm };
}

function denominatorOf(denominators: Denominator[], groupId: string): RegistryNumber | null {
  return denominators.find((d) => d.groupId === groupId)?.value ?? null;
}

function describeDispersion(type: string | null): 'sd' | 'se' | 'ci95' | null {
  const normalised = (type ?? '').toLowerCase().replace(/\s+/g, ' ').trim();
  if (normalised === 'standard deviation') return 'sd';
  if (normalised === 'standard error') return 'se';
  if (normalised === '95% confidence interval') return 'ci95';
  return null;
}

/** Why a measure cannot give rows of either kind, or null when it can. */
function whyNotProposed(measure: OutcomeMeasure): string | null {
  if (measure.classes.length === 0) return 'no numbers were posted for this measure';
  const param = measure.paramType ?? '(none)';
  if (param === 'COUNT_OF_PARTICIPANTS') return null;
  if (param === 'NUMBER') {
    const unit = measure.unitOfMeasure ?? '';
    if (PERCENT_UNIT.test(unit) && PEOPLE_UNIT.test(unit)) return null;
    return `a NUMBER in '${unit}' is not a count or a percentage of participants: no row is proposed`;
  }
  if (param === 'GEOMETRIC_MEAN' || param === 'GEOMETRIC_LEAST_SQUARES_MEAN') {
    return 'a geometric mean is not converted: its dispersion is on the log scale, and the mean and SD of the raw values cannot be recovered from it without the individual data';
  }
  if (param === 'MEDIAN') return 'a median is not converted into a mean and SD: that needs assumptions about the distribution a person should make';
  if (!CONTINUOUS_MEANS.has(param)) return `a ${param} is not a count or a mean: no row is proposed`;
  const dispersion = describeDispersion(measure.dispersionType);
  if (dispersion !== null) return null;
  if ((measure.dispersionType ?? '').toLowerCase() === 'full range') {
    return 'a mean with its full range only is not converted: an SD from a range depends on the sample size and the distribution (Cochrane Handbook 6.5.2.6 advises against it)';
  }
  if (measure.dispersionType === null) return 'a mean without any dispersion cannot give an SD';
  return `a mean with '${measure.dispersionType}' is not converted into an SD`;
}

function binaryRow(measure: OutcomeMeasure, group: MeasureGroup, measurement: Measurement | undefined, denominators: Denominator[]): BinaryGroupRow | GroupRefusal {
  const ref = groupRef(group);
  const denominator = denominatorOf(denominators, group.id);
  if (!measurement) return { ...ref, reason: 'no number was posted for this group' };
  if (denominator?.value == null || !Number.isInteger(denominator.value)) return { ...ref, reason: `the number analysed ('${denominator?.text ?? 'missing'}') is not a whole number` };
  const total = denominator.value;
  const source = { value: measurement.value, denominator };
  if (measure.paramType === 'COUNT_OF_PARTICIPANTS') {
    const events = measurement.value.value;
    if (events === null || !Number.isInteger(events)) return { ...ref, reason: `the count '${measurement.value.text}' is not a whole number` };
    if (events < 0 || events > total) return { ...ref, reason: `${events} participants cannot be more than the ${total} analysed` };
    return { ...ref, events, total, derived: false, conversion: null, source };
  }
  const count = countFromPercentage(measurement.value, total);
  if (!count.ok) return { ...ref, reason: count.reason };
  return { ...ref, events: count.value, total, derived: true, conversion: count.statement, source };
}

function continuousRow(measure: OutcomeMeasure, group: MeasureGroup, measurement: Measurement | undefined, denominators: Denominator[]): ContinuousGroupRow | GroupRefusal {
  const ref = groupRef(group);
  const denominator = denominatorOf(denominators, group.id);
  if (!measurement) return { ...ref, reason: 'no number was posted for this group' };
  if (denominator?.value == null || !Number.isInteger(denominator.value) || denominator.value <= 0) return { ...ref, reason: `the number analysed ('${denominator?.text ?? 'missing'}') is not a positive whole number` };
  const n = denominator.value;
  const mean = measurement.value.value;
  if (mean === null) return { ...ref, reason: `the mean '${measurement.value.text}' is not a number${measurement.comment ? ` (${measurement.comment})` : ''}` };
  const source: ContinuousGroupRow['source'] = { value: measurement.value, denominator };
  for (const key of ['spread', 'lowerLimit', 'upperLimit'] as const) if (measurement[key]) source[key] = measurement[key];
  const dispersion = describeDispersion(measure.dispersionType);
  if (dispersion === 'sd' || dispersion === 'se') {
    const spread = measurement.spread?.value ?? null;
    if (spread === null) return { ...ref, reason: `the ${measure.dispersionType} '${measurement.spread?.text ?? 'missing'}' is not a number` };
    if (dispersion === 'sd') return { ...ref, mean, sd: spread, n, sdFrom: 'standard-deviation', conversion: null, source };
    const sd = sdFromStandardError(spread, n, measurement.spread?.text.trim());
    if (!sd.ok) return { ...ref, reason: sd.reason };
    return { ...ref, mean, sd: sd.value, n, sdFrom: 'standard-error', conversion: sd.statement, source };
  }
  const lower = measurement.lowerLimit?.value ?? null;
  const upper = measurement.upperLimit?.value ?? null;
  if (lower === null || upper === null) return { ...ref, reason: `the 95% CI '${measurement.lowerLimit?.text ?? 'missing'}' to '${measurement.upperLimit?.text ?? 'missing'}' is not two numbers` };
  const sd = sdFromConfidenceInterval(lower, upper, n, measurement.lowerLimit?.text.trim(), measurement.upperLimit?.text.trim());
  if (!sd.ok) return { ...ref, reason: sd.reason };
  return { ...ref, mean, sd: sd.value, n, sdFrom: 'confidence-interval', conversion: sd.statement, source };
}

const GENERAL_STATEMENTS = {
  percentage: 'events derived from a percentage of participants: count = round(percent × analysed / 100), kept only when exactly one whole count reproduces the reported percentage at its reported precision; the rows are marked derived',
  'standard-error': 'SD from the standard error: SD = SE × √n, n the participants analysed in the group (Cochrane Handbook 6.5.2.2)',
  'confidence-interval': `SD from a 95% CI of the mean: SD = √n × (upper − lower) / divisor, divisor 3.92 when n ≥ 60, else 2 × t(0.975, n − 1) (Cochrane Handbook 6.5.2.2)`,
} as const;

function proposeClass(measure: OutcomeMeasure, klass: MeasureClass, provenanceBase: Omit<Provenance, 'classTitle' | 'categoryTitle'>): { proposals: RowProposal[]; reasons: string[] } {
  const proposals: RowProposal[] = [];
  const reasons: string[] = [];
  const binary = measure.paramType === 'COUNT_OF_PARTICIPANTS' || measure.paramType === 'NUMBER';
  for (const category of klass.categories) {
    const provenance: Provenance = { ...provenanceBase, classTitle: klass.title, categoryTitle: category.title };
    const made = measure.groups.map((group) => {
      const measurement = category.measurements.find((m) => m.groupId === group.id);
      return binary ? binaryRow(measure, group, measurement, klass.denominators) : continuousRow(measure, group, measurement, klass.denominators);
    });
    const refused = made.filter((row): row is GroupRefusal => 'reason' in row);
    const rows = made.filter((row) => !('reason' in row));
    const where = [klass.title, category.title].filter(Boolean).join(', ');
    if (rows.length < 2) {
      const why = refused.map((r) => `${r.groupId} '${r.groupTitle}': ${r.reason}`).join('; ');
      reasons.push(`${where ? `${where}: ` : ''}fewer than two groups have usable numbers${why ? ` (${why})` : ''}`);
      continue;
    }
    const conversions = new Set<string>();
    const notes: string[] = [];
    if (binary && measure.paramType === 'NUMBER') conversions.add(GENERAL_STATEMENTS.percentage);
    for (const row of rows) if ('sdFrom' in row && row.sdFrom !== 'standard-deviation') conversions.add(GENERAL_STATEMENTS[row.sdFrom]);
    if (measure.paramType === 'LEAST_SQUARES_MEAN') notes.push('least-squares means are adjusted by the trial\'s model; their SE is the model\'s, so an SD from it is approximate');
    const unmatched = measure.groups.filter((group) => group.arm.method === 'none').map((group) => `${group.id} '${group.title}'`);
    if (unmatched.length > 0) notes.push(`not tied to an arm by title: ${unmatched.join(', ')}`);
    if (rows.length > 2) notes.push(`${rows.length} groups: choose the two to compare`);
    if (measure.denominatorUnits !== null && !/^participants$/i.test(measure.denominatorUnits.trim())) {
      notes.push(`the numbers analysed are counted in '${measure.denominatorUnits}', not participants`);
    }
    const base = { provenance, refused, conversions: [...conversions], notes };
    proposals.push(binary ? { kind: 'binary', rows: rows as BinaryGroupRow[], ...base } : { kind: 'continuous', rows: rows as ContinuousGroupRow[], ...base });
  }
  return { proposals, reasons };
}

/** For each outcome measure with posted results, the rows Cumulus could propose, each number with its provenance. */
export function proposeRows(study: Study, options: ProposeRowsOptions = {}): StudyProposals {
  const result: StudyProposals = { nctId: study.nctId, hasResults: study.hasResults, proposals: [], notProposed: [], note: null };
  if (!study.hasResults) {
    result.note = `${study.nctId} has no results posted on ClinicalTrials.gov: there are no numbers to propose`;
    return result;
  }
  if (study.outcomeMeasures.length === 0) {
    result.note = `${study.nctId} has results posted, but no outcome measures: there are no numbers to propose`;
    return result;
  }
  for (const measure of study.outcomeMeasures) {
    const reason = whyNotProposed(measure);
    if (reason !== null) {
      result.notProposed.push({ measureIndex: measure.index, title: measure.title, reason });
      continue;
    }
    const provenanceBase = {
      registry: 'ClinicalTrials.gov' as const,
      nctId: study.nctId,
      sourceUrl: options.sourceUrl ?? `https://clinicaltrials.gov/study/${study.nctId}`,
      recordVersionDate: study.dates.lastUpdatePosted?.date ?? null,
      fetchedAt: options.fetchedAt ?? null,
      measureIndex: measure.index,
      measureType: measure.type,
      measureTitle: measure.title,
      timeFrame: measure.timeFrame,
      unitOfMeasure: measure.unitOfMeasure,
      paramType: measure.paramType,
      dispersionType: measure.dispersionType,
    };
    const reasons: string[] = [];
    for (const klass of measure.classes) {
      const made = proposeClass(measure, klass, provenanceBase);
      result.proposals.push(...made.proposals);
      reasons.push(...made.reasons);
    }
    if (reasons.length > 0) {
      result.notProposed.push({ measureIndex: measure.index, title: measure.title, reason: reasons.join('; ') });
    }
  }
  if (result.proposals.length === 0) result.note = `${study.nctId} has results, but no measure gives rows Cumulus can propose (see notProposed)`;
  return result;
}
