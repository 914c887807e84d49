// What maintainers type, as the API's input: numbers from text boxes, "name: value" lines for characteristics
// and PRISMA sources, and which numbers a study's data needs for a measure. Pure; the forms use it.
import type { Measure } from '../graphql/outcome';

/** A text box's number; empty means "leave out". Not-a-number is sent as is, for the API to refuse. */
export function numberOrUndefined(text: string | number | null | undefined): number | undefined {
  if (text === null || text === undefined) return undefined;
  if (typeof text === 'number') return Number.isFinite(text) ? text : undefined;
  const trimmed = text.trim().replace(',', '.');
  return trimmed === '' ? undefined : Number(trimmed);
}

/** "MSC source: ADSCs" per line → { "MSC source": "ADSCs" }; numbers stay numbers. */
export function parseNamedValues(text: string): Record<string, string | number> {
  const result: Record<string, string | number> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const raw = line.slice(colon + 1).trim();
    if (!name || !raw) continue;
    result[name] = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  }
  return result;
}

export function formatNamedValues(values: Record<string, unknown> | null | undefined): string {
  return Object.entries(values ?? {})
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

/** PRISMA sources from "PubMed: 100" lines; a count that is not a whole number is left for the API to refuse. */
export function parseSourceCounts(text: string): { source: string; count: number }[] {
  return Object.entries(parseNamedValues(text)).map(([source, count]) => ({ source, count: typeof count === 'number' ? count : Number.NaN }));
}

export type StudyDataMode = 'arms' | 'estimate' | 'yi';

export interface NumberField {
  name: string;
  label: string;
  integer: boolean;
}

const int = (name: string, label: string): NumberField => ({ name, label, integer: true });
const real = (name: string, label: string): NumberField => ({ name, label, integer: false });

/** Whether a measure takes arm data: generic effects, hazard ratios and ratios of means come as effects only. */
export function hasArmData(measure: Measure): boolean {
  return measure !== 'GENERIC' && measure !== 'HR' && measure !== 'ROM';
}

/** The numbers one study contributes to an outcome, as RecordStudyDataInput names them. */
/** The ways a row's numbers can be entered for the measure, as the forms offer them ("Numbers as"). */
export function studyDataModes(measure: Measure): { value: StudyDataMode; label: string }[] {
  return [
    ...(!hasArmData(measure) ? [] : [{ value: 'arms' as const, label: measure === 'MC' ? 'Before and after' : 'Arm data' }]),
    { value: 'estimate', label: 'Estimate and 95% CI' },
    { value: 'yi', label: 'Effect and standard error (analysis scale)' },
  ];
}

export function studyDataFields(measure: Measure, mode: StudyDataMode): NumberField[] {
  if (mode === 'estimate') return [real('estimate', 'Estimate'), real('ciLower', '95% CI lower'), real('ciUpper', '95% CI upper')];
  if (mode === 'yi' || !hasArmData(measure)) return [real('yi', 'Effect (analysis scale, yi)'), real('sei', 'Standard error (sei)')];
  if (measure === 'OR' || measure === 'RR' || measure === 'RD')
    return [int('events1', 'Events, experimental'), int('n1', 'Participants, experimental'), int('events2', 'Events, control'), int('n2', 'Participants, control')];
  if (measure === 'MC') return [real('meanBefore', 'Mean before'), real('sdBefore', 'SD before'), real('meanAfter', 'Mean after'), real('sdAfter', 'SD after'), int('n', 'Participants')];
  return [real('mean1', 'Mean, experimental'), real('sd1', 'SD, experimental'), int('n1', 'Participants, experimental'), real('mean2', 'Mean, control'), real('sd2', 'SD, control'), int('n2', 'Participants, control')];
}

/** Only the fields the maintainer filled, as numbers. */
export function numbersOf(fields: readonly NumberField[], values: Record<string, string | number | null | undefined>): Record<string, number> {
  const input: Record<string, number> = {};
  for (const field of fields) {
    const value = numberOrUndefined(values[field.name]);
    if (value !== undefined) input[field.name] = value;
  }
  return input;
}
