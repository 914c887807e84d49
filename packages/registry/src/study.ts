// A ClinicalTrials.gov API v2 study record (GET /studies/{nctId}) read into one plain, serialisable object.
import { matchGroupToArm, type ArmMatch } from './arm-matching.js';
import { RegistryFormatError } from './errors.js';
import { parsePValue, readNumber, parseRegistryNumber, type RegistryNumber, type RegistryPValue } from './numbers.js';

export interface RegistryDate {
  /** As the registry wrote it: 'YYYY-MM-DD' or 'YYYY-MM'. */
  date: string;
  type: 'ACTUAL' | 'ESTIMATED' | null;
}

export interface StudyDates {
  start: RegistryDate | null;
  primaryCompletion: RegistryDate | null;
  completion: RegistryDate | null;
  firstPosted: RegistryDate | null;
  resultsFirstPosted: RegistryDate | null;
  /** The record's version date: every proposed number names it. */
  lastUpdatePosted: RegistryDate | null;
}

export interface Arm {
  /** 'arm-1', 'arm-2'…: the protocol's arm groups in order (the registry gives them no ids of their own). */
  id: string;
  title: string;
  /** EXPERIMENTAL, PLACEBO_COMPARATOR…: as registered, and not reliable (placebo arms registered as EXPERIMENTAL). */
  type: string | null;
  description: string | null;
  interventionNames: string[];
}

export interface Intervention {
  type: string | null;
  name: string;
  description: string | null;
  armTitles: string[];
  otherNames: string[];
}

export interface MeasureGroup {
  /** OG000…: local to this measure. */
  id: string;
  title: string;
  description: string | null;
  arm: ArmMatch;
}

export interface Measurement {
  groupId: string;
  value: RegistryNumber;
  spread?: RegistryNumber;
  lowerLimit?: RegistryNumber;
  upperLimit?: RegistryNumber;
  comment?: string;
}

export interface Denominator {
  groupId: string;
  value: RegistryNumber;
}

export interface MeasureCategory {
  title: string | null;
  measurements: Measurement[];
}

export interface MeasureClass {
  title: string | null;
  /** Analysed participants per group for this class when it has its own; otherwise the measure's. */
  denominators: Denominator[];
  categories: MeasureCategory[];
}

export interface MeasureAnalysis {
  groupIds: string[];
  groupDescription: string | null;
  statisticalMethod: string | null;
  paramType: string | null;
  paramValue?: RegistryNumber;
  ciPercent?: RegistryNumber;
  ciNumSides: string | null;
  ciLowerLimit?: RegistryNumber;
  ciUpperLimit?: RegistryNumber;
  dispersionType: string | null;
  dispersionValue?: RegistryNumber;
  pValue?: RegistryPValue;
  nonInferiorityType: string | null;
}

export interface OutcomeMeasure {
  /** Position in the record's outcome measures, from 0: with the record's version date it names the measure. */
  index: number;
  type: 'primary' | 'secondary' | 'other';
  /** PRIMARY, SECONDARY, OTHER_PRE_SPECIFIED, POST_HOC. */
  registryType: string | null;
  title: string;
  description: string | null;
  populationDescription: string | null;
  timeFrame: string | null;
  reportingStatus: string | null;
  /** NUMBER, COUNT_OF_PARTICIPANTS, MEAN, LEAST_SQUARES_MEAN, GEOMETRIC_MEAN, MEDIAN…; null when no data were posted. */
  paramType: string | null;
  unitOfMeasure: string | null;
  /** Free text: 'Standard Deviation', 'Standard Error', '95% Confidence Interval', 'Full Range'… */
  dispersionType: string | null;
  groups: MeasureGroup[];
  /** Units of the denominators: 'Participants' nearly always (sometimes eyes, lesions…). */
  denominatorUnits: string | null;
  denominators: Denominator[];
  classes: MeasureClass[];
  analyses: MeasureAnalysis[];
}

export interface Study {
  nctId: string;
  briefTitle: string | null;
  officialTitle: string | null;
  acronym: string | null;
  overallStatus: string | null;
  studyType: string | null;
  phases: string[];
  enrollment: { count: number | null; type: 'ACTUAL' | 'ESTIMATED' | null } | null;
  dates: StudyDates;
  conditions: string[];
  keywords: string[];
  interventions: Intervention[];
  arms: Arm[];
  hasResults: boolean;
  outcomeMeasures: OutcomeMeasure[];
}

type Json = Record<string, unknown>;

function object(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}
function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
function texts(value: unknown): string[] {
  return list(value).filter((item): item is string => typeof item === 'string');
}
function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function readDate(value: unknown): RegistryDate | null {
  const struct = object(value);
  const date = text(struct.date);
  if (date === null) return null;
  const type = struct.type === 'ACTUAL' || struct.type === 'ESTIMATED' ? struct.type : null;
  return { date, type };
}

function readDenominators(value: unknown): { units: string | null; counts: Denominator[] } {
  const first = object(list(value)[0]);
  const counts = list(first.counts).map((count) => {
    const item = object(count);
    return { groupId: text(item.groupId) ?? '', value: parseRegistryNumber(text(item.value) ?? '') };
  });
  return { units: text(first.units), counts };
}

function readMeasurement(value: unknown): Measurement {
  const item = object(value);
  const measurement: Measurement = { groupId: text(item.groupId) ?? '', value: parseRegistryNumber(text(item.value) ?? '') };
  const spread = readNumber(optionalText(item.spread));
  const lowerLimit = readNumber(optionalText(item.lowerLimit));
  const upperLimit = readNumber(optionalText(item.upperLimit));
  if (spread) measurement.spread = spread;
  if (lowerLimit) measurement.lowerLimit = lowerLimit;
  if (upperLimit) measurement.upperLimit = upperLimit;
  if (typeof item.comment === 'string') measurement.comment = item.comment;
  return measurement;
}

function readAnalysis(value: unknown): MeasureAnalysis {
  const item = object(value);
  const analysis: MeasureAnalysis = {
    groupIds: texts(item.groupIds),
    groupDescription: text(item.groupDescription),
    statisticalMethod: text(item.statisticalMethod),
    paramType: text(item.paramType),
    ciNumSides: text(item.ciNumSides),
    dispersionType: text(item.dispersionType),
    nonInferiorityType: text(item.nonInferiorityType),
  };
  const numbers = { paramValue: item.paramValue, ciPercent: item.ciPctValue, ciLowerLimit: item.ciLowerLimit, ciUpperLimit: item.ciUpperLimit, dispersionValue: item.dispersionValue } as const;
  for (const [key, raw] of Object.entries(numbers)) {
    const number = readNumber(optionalText(raw));
    if (number) analysis[key as keyof typeof numbers] = number;
  }
  if (typeof item.pValue === 'string') analysis.pValue = parsePValue(item.pValue);
  return analysis;
}

const MEASURE_TYPES: Record<string, OutcomeMeasure['type']> = { PRIMARY: 'primary', SECONDARY: 'secondary' };

function readMeasure(value: unknown, index: number, arms: Arm[]): OutcomeMeasure {
  const item = object(value);
  const denominators = readDenominators(item.denoms);
  const registryType = text(item.type);
  return {
    index,
    type: MEASURE_TYPES[registryType ?? ''] ?? 'other',
    registryType,
    title: text(item.title) ?? '',
    description: text(item.description),
    populationDescription: text(item.populationDescription),
    timeFrame: text(item.timeFrame),
    reportingStatus: text(item.reportingStatus),
    paramType: text(item.paramType),
    unitOfMeasure: text(item.unitOfMeasure),
    dispersionType: text(item.dispersionType),
    groups: list(item.groups).map((group) => {
      const g = object(group);
      const title = text(g.title) ?? '';
      return { id: text(g.id) ?? '', title, description: text(g.description), arm: matchGroupToArm(title, arms) };
    }),
    denominatorUnits: denominators.units,
    denominators: denominators.counts,
    classes: list(item.classes).map((klass) => {
      const c = object(klass);
      const own = readDenominators(c.denoms).counts;
      return {
        title: text(c.title),
        denominators: own.length > 0 ? own : denominators.counts,
        categories: list(c.categories).map((category) => {
          const cat = object(category);
          return { title: text(cat.title), measurements: list(cat.measurements).map(readMeasurement) };
        }),
      };
    }),
    analyses: list(item.analyses).map(readAnalysis),
  };
}

/** Reads a study record as GET /studies/{nctId} returns it (or one element of GET /studies' `studies`). */
export function normaliseStudy(json: unknown): Study {
  const record = object(json);
  const protocol = object(record.protocolSection);
  const identification = object(protocol.identificationModule);
  const nctId = text(identification.nctId);
  if (nctId === null) throw new RegistryFormatError('the record has no protocolSection.identificationModule.nctId: it is not a ClinicalTrials.gov API v2 study record');
  const status = object(protocol.statusModule);
  const design = object(protocol.designModule);
  const enrollment = object(design.enrollmentInfo);
  const armsModule = object(protocol.armsInterventionsModule);
  const arms: Arm[] = list(armsModule.armGroups).map((arm, position) => {
    const a = object(arm);
    return { id: `arm-${position + 1}`, title: text(a.label) ?? '', type: text(a.type), description: text(a.description), interventionNames: texts(a.interventionNames) };
  });
  const results = object(record.resultsSection);
  return {
    nctId,
    briefTitle: text(identification.briefTitle),
    officialTitle: text(identification.officialTitle),
    acronym: text(identification.acronym),
    overallStatus: text(status.overallStatus),
    studyType: text(design.studyType),
    phases: texts(design.phases),
    enrollment: design.enrollmentInfo === undefined ? null : {
      count: typeof enrollment.count === 'number' ? enrollment.count : null,
      type: enrollment.type === 'ACTUAL' || enrollment.type === 'ESTIMATED' ? enrollment.type : null,
    },
    dates: {
      start: readDate(status.startDateStruct),
      primaryCompletion: readDate(status.primaryCompletionDateStruct),
      completion: readDate(status.completionDateStruct),
      firstPosted: readDate(status.studyFirstPostDateStruct),
      resultsFirstPosted: readDate(status.resultsFirstPostDateStruct),
      lastUpdatePosted: readDate(status.lastUpdatePostDateStruct),
    },
    conditions: texts(object(protocol.conditionsModule).conditions),
    keywords: texts(object(protocol.conditionsModule).keywords),
    interventions: list(armsModule.interventions).map((intervention) => {
      const i = object(intervention);
      return { type: text(i.type), name: text(i.name) ?? '', description: text(i.description), armTitles: texts(i.armGroupLabels), otherNames: texts(i.otherNames) };
    }),
    arms,
    hasResults: record.hasResults === true,
    outcomeMeasures: list(object(results.outcomeMeasuresModule).outcomeMeasures).map((measure, index) => readMeasure(measure, index, arms)),
  };
}
