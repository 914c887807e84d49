import type { CustomSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import { describe, expect, it } from 'vitest';
import { cumulativePlotOption } from './cumulative-plot-option';

// Intravenous magnesium after myocardial infarction: the early trials, then ISIS-4 (odds ratios).
const steps = [
  { label: 'Morton 1984', year: 1984, k: 1, estimate: 0.44, ciLower: 0.04, ciUpper: 5.02, pValue: 0.51 },
  { label: 'Rasmussen 1986', year: 1986, k: 2, estimate: 0.35, ciLower: 0.14, ciUpper: 0.88, pValue: 0.026 },
  { label: 'ISIS-4 1995', year: 1995, k: 3, estimate: 1.01, ciLower: 0.95, ciUpper: 1.07, pValue: 0.74 },
];
const { option, height } = cumulativePlotOption({ measure: 'OR', model: 'FIXED', steps });

describe('cumulativePlotOption', () => {
  it('has one row per added study, each after the first marked with a plus', () => {
    const column = (id: string) => (option.graphic as { id?: string; style: { text: string } }[]).find((g) => g.id === id)!.style.text.split('\n');
    expect(column('column-labels')).toEqual(['Morton 1984', '+ Rasmussen 1986', '+ ISIS-4 1995']);
    expect(option.yAxis).toMatchObject({ type: 'value', min: -0.5, max: 2.5, inverse: true });
    expect(column('column-effects')).toEqual(['0.44 [0.04, 5.02]', '0.35 [0.14, 0.88]', '1.01 [0.95, 1.07]']);
    expect(height).toBeGreaterThan(3 * 22);
  });

  it('plots each cumulative estimate with its CI on a log axis', () => {
    const series = option.series as (ScatterSeriesOption | CustomSeriesOption)[];
    const points = series[0].data as { value: number[] }[];
    expect(points.map((p) => p.value)).toEqual([
      [0.44, 0],
      [0.35, 1],
      [1.01, 2],
    ]);
    // One path for every interval: M…L… per row.
    const api = { coord: ([x, row]: number[]) => [Math.round(Math.log10(x) * 100), row * 22] };
    const drawn = ((series[1] as CustomSeriesOption).renderItem as unknown as (p: unknown, a: unknown) => { shape: { pathData: string } })({}, api);
    expect(drawn.shape.pathData).toBe('M-140 0L70 0M-85 22L-6 22M-2 44L3 44');
    expect(option.xAxis).toMatchObject({ type: 'log', min: 0.02, max: 50 });
  });
});
