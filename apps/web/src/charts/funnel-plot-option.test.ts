import type { LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import { describe, expect, it } from 'vitest';
import { funnelPlotOption } from './funnel-plot-option';

// Three observed studies on the log odds ratio scale, one imputed by trim-and-fill.
const funnel = {
  center: Math.log(0.5),
  points: [
    { studyId: 'a', yi: Math.log(0.4), se: 0.2, filled: false },
    { studyId: 'b', yi: Math.log(0.3), se: 0.5, filled: false },
    { studyId: 'c', yi: Math.log(0.6), se: 0.1, filled: false },
    { studyId: 'filled-1', yi: Math.log(0.8), se: 0.5, filled: true },
  ],
  limits: [0, 0.25, 0.5, 0.55].map((se) => ({ se, lower: Math.log(0.5) - 1.959964 * se, upper: Math.log(0.5) + 1.959964 * se })),
};
const { option } = funnelPlotOption({ measure: 'OR', funnel, adjustedEstimate: 0.55, labels: new Map([['a', 'Smith 2019']]) });
const series = option.series as (ScatterSeriesOption | LineSeriesOption)[];
const byId = (id: string) => series.find((s) => s.id === id)!;

describe('funnelPlotOption', () => {
  it('plots observed studies as odds ratios against their standard errors', () => {
    const studies = byId('studies').data as { value: number[]; name: string }[];
    expect(studies).toHaveLength(3);
    expect(studies[0].value[0]).toBeCloseTo(0.4, 12);
    expect(studies[0].value[1]).toBe(0.2);
    expect(studies[0].name).toBe('Smith 2019');
    expect(option.xAxis).toMatchObject({ type: 'log' });
    expect(option.yAxis).toMatchObject({ inverse: true, min: 0, max: 0.6 });
  });

  it('draws trim-and-fill studies apart, as open circles, with the adjusted estimate', () => {
    const imputed = byId('imputed') as ScatterSeriesOption;
    expect(imputed.data).toHaveLength(1);
    expect((imputed.itemStyle as { color: string }).color).toBe('#ffffff');
    expect((byId('adjusted').data as number[][])[0][0]).toBe(0.55);
  });

  it('draws the pseudo-95% limits as a funnel meeting at the pooled effect', () => {
    const outline = byId('limits').data as number[][];
    expect(outline).toHaveLength(8);
    const apex = outline.filter(([, se]) => se === 0);
    expect(apex).toHaveLength(2);
    for (const [x] of apex) expect(x).toBeCloseTo(0.5, 12);
    const [widestLeft] = outline[0];
    expect(widestLeft).toBeCloseTo(Math.exp(Math.log(0.5) - 1.959964 * 0.55), 12);
    const centre = (byId('limits') as LineSeriesOption).markLine!.data as { xAxis: number }[];
    expect(centre[0].xAxis).toBeCloseTo(0.5, 12);
  });

  it('keeps differences on a linear axis, and leaves out what trim-and-fill did not add', () => {
    const md = funnelPlotOption({ measure: 'MD', funnel: { center: 2, points: [{ studyId: 'x', yi: 2.5, se: 1.2, filled: false }], limits: [] } });
    expect(md.option.xAxis).toMatchObject({ type: 'value' });
    const mdSeries = md.option.series as ScatterSeriesOption[];
    expect(mdSeries.find((s) => s.id === 'studies')!.data).toEqual([{ value: [2.5, 1.2], name: 'x' }]);
    expect(mdSeries.find((s) => s.id === 'imputed')).toBeUndefined();
  });
});
