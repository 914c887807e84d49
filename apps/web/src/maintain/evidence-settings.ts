// The maintainers' GRADE thresholds and meta-regression moderators, as the forms hold them and as the API takes them.
// Pure; ImportanceThresholdsForm and MetaRegressionModeratorsForm use it.
import type { ImportantDifference, ImportantDifferenceScale, Measure, MetaRegressionModerator, ModeratorKind } from '../graphql/outcome';
import { numberOrUndefined } from './form-values';

/** One side as the form holds it: no threshold ('') or a scale, and the number typed. */
export interface ThresholdSide {
  on: ImportantDifferenceScale | '';
  value: string;
}

const binary = (measure: Measure) => measure === 'OR' || measure === 'RR' || measure === 'RD';

/** The scales a threshold can be stated on for this measure (relative and per-1000 ones for binary outcomes only). */
export function thresholdScales(measure: Measure): { value: ImportantDifferenceScale | ''; label: string }[] {
  return [
    { value: '', label: 'None' },
    { value: 'OUTCOME_SCALE', label: ['OR', 'RR', 'HR', 'ROM'].includes(measure) ? 'On the outcome scale (a ratio, e.g. 0.9)' : 'On the outcome scale (a difference)' },
    ...(binary(measure)
      ? [
          { value: 'RELATIVE_RISK_REDUCTION' as const, label: 'Relative risk reduction (0.1 for 10%)' },
          { value: 'PER_1000' as const, label: 'Per 1000 (negative for fewer events)' },
        ]
      : []),
  ];
}

export function sideOf(difference: ImportantDifference | null | undefined): ThresholdSide {
  return difference ? { on: difference.on, value: String(difference.value) } : { on: '', value: '' };
}

/** The API's importanceThresholds: null (cleared) when neither side is given; a number not typed is sent for the API to refuse. */
export function thresholdsInput(benefit: ThresholdSide, harm: ThresholdSide): { benefit?: ImportantDifference; harm?: ImportantDifference } | null {
  const side = (s: ThresholdSide) => (s.on === '' ? undefined : { on: s.on, value: numberOrUndefined(s.value) ?? Number.NaN });
  const input = { benefit: side(benefit), harm: side(harm) };
  if (!input.benefit && !input.harm) return null;
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

/** Study columns every review has; the rest come from the studies' characteristics. */
const columns: MetaRegressionModerator[] = [
  { name: 'year', kind: 'NUMERIC' },
  { name: 'participants', kind: 'NUMERIC' },
  { name: 'country', kind: 'CATEGORICAL' },
  { name: 'design', kind: 'CATEGORICAL' },
];

/** What a maintainer can regress on: the columns, then each characteristic, numeric when every value given is a number. */
export function moderatorCandidates(studies: readonly { characteristics: Record<string, unknown> | null }[]): MetaRegressionModerator[] {
  const values = new Map<string, unknown[]>();
  for (const study of studies) {
    for (const [name, value] of Object.entries(study.characteristics ?? {})) {
      if (value === null || value === '') continue;
      values.set(name, [...(values.get(name) ?? []), value]);
    }
  }
  const characteristics = [...values].map(([name, given]): MetaRegressionModerator => ({
    name,
    kind: given.every((v) => typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)))) ? 'NUMERIC' : 'CATEGORICAL',
  }));
  return [...columns, ...characteristics.filter((c) => !columns.some((column) => column.name === c.name)).sort((a, b) => a.name.localeCompare(b.name))];
}

export type ModeratorChoice = MetaRegressionModerator & { chosen: boolean };

/** The candidates with the outcome's current choice ticked (a chosen moderator no study has any more is kept, to be unticked). */
export function moderatorChoices(candidates: readonly MetaRegressionModerator[], chosen: readonly MetaRegressionModerator[]): ModeratorChoice[] {
  const kindOf = new Map(chosen.map((m) => [m.name, m.kind] as const));
  const listed = candidates.map((c) => ({ name: c.name, kind: (kindOf.get(c.name) ?? c.kind) as ModeratorKind, chosen: kindOf.has(c.name) }));
  return [...listed, ...chosen.filter((m) => !candidates.some((c) => c.name === m.name)).map((m) => ({ ...m, chosen: true }))];
}
