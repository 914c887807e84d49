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
    const [labels, effects] = option.yAxis as { data: string[] }[];
    expect(labels.data).toEqual(['Morton 1984', '+ Rasmussen 1986', '+ ISIS-4 1995']);
    expect(effects.data).toEqual(['0.44 [0.04, 5.02]', '0.35 [0.14, 0.88]', '1.01 [0.95, 1.07]']);
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
    expect(series[1].data).toEqual([
      [0.04, 5.02, 0],
      [0.14, 0.88, 1],
      [0.95, 1.07, 2],
    ]);
    expect(option.xAxis).toMatchObject({ type: 'log', min: 0.02, max: 50 });
  });
});
