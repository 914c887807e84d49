// The effect axis of forest-style plots: log for ratios (symmetric around 1), linear for differences (around 0).
import { isRatio } from '../format';
import type { Measure } from '../graphql/outcome';

export interface EffectAxisRange {
  type: 'log' | 'value';
  min: number;
  max: number;
  /** Where "no effect" is: 1 for ratios, 0 for differences. */
  nullEffect: number;
}

// RevMan's symmetric ratio scales.
const ratioScales = [2, 5, 10, 20, 50, 100, 1000];

function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** The smallest symmetric axis that holds every finite value (ratios on the reporting scale). */
export function effectAxisRange(measure: Measure, values: readonly (number | null | undefined)[]): EffectAxisRange {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (isRatio(measure)) {
    const positive = finite.filter((v) => v > 0);
    const spread = positive.length === 0 ? 1 : Math.max(...positive.map((v) => Math.max(v, 1 / v)));
    const bound = ratioScales.find((scale) => scale >= spread * 0.999) ?? ratioScales[ratioScales.length - 1];
    return { type: 'log', min: 1 / bound, max: bound, nullEffect: 1 };
  }
  const spread = finite.length === 0 ? 1 : Math.max(...finite.map(Math.abs));
  const bound = niceCeiling(spread);
  return { type: 'value', min: -bound, max: bound, nullEffect: 0 };
}

/** Clamps a value into the axis, so an interval running off the plot ends at its edge (with an arrow). */
export function clampToAxis(value: number, axis: Pick<EffectAxisRange, 'min' | 'max'>): number {
  return Math.min(axis.max, Math.max(axis.min, value));
}
