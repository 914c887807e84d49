import type { CustomSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import { describe, expect, it } from 'vitest';
import { defaultFavours, forestLayout, forestPlotOption, PREDICTION_LABEL, squareSide, TOTAL_LABEL } from './forest-plot-option';
import { bcgPooled, bcgStudies } from './test-data';

type Graphic = { id?: string; style: { text: string } };
const bcg = forestPlotOption({ ...bcgPooled, studies: bcgStudies });
/** A text column's lines: the plain text, with the bold text's lines over it. */
const columnOf = (option: typeof bcg.option, id: string) => {
  const texts = option.graphic as Graphic[];
  const plain = texts.find((g) => g.id === `column-${id}`)!.style.text.split('\n');
  const bold = texts.find((g) => g.id === `column-${id}-bold`)?.style.text.split('\n') ?? [];
  return plain.map((line, i) => bold[i] || line);
};
const boldLines = (option: typeof bcg.option, id: string) => (option.graphic as Graphic[]).find((g) => g.id === `column-${id}-bold`)!.style.text.split('\n').filter(Boolean);
const axisData = (id: string) => columnOf(bcg.option, id);
const series = bcg.option.series as (ScatterSeriesOption | CustomSeriesOption)[];
const seriesById = (id: string) => series.find((s) => s.id === id);

describe('forestPlotOption', () => {
  it('has one row per study, then the total and the prediction interval', () => {
    const labels = axisData('labels');
    expect(labels).toHaveLength(13 + 2);
    expect(labels[0]).toBe('Aronson 1948');
    expect(labels[12]).toBe('Comstock et al 1976');
    expect(labels[13]).toBe(TOTAL_LABEL);
    expect(labels[14]).toBe(PREDICTION_LABEL);
    expect(bcg.height).toBe(forestLayout.top + 15 * forestLayout.rowHeight + forestLayout.bottom);
  });

  it('writes each study’s weight and effect with its 95% CI as text', () => {
    const weights = axisData('weights');
    const effects = axisData('effects');
    expect(weights[0]).toBe('5.0%');
    expect(weights[7]).toBe('10.1%');
    expect(weights[13]).toBe('100.0%');
    expect(effects[0]).toBe('0.39 [0.12, 1.26]');
    expect(effects[3]).toBe('0.23 [0.18, 0.31]');
    expect(effects[13]).toBe('0.47 [0.33, 0.68]');
    expect(effects[14]).toBe('[0.14, 1.57]');
  });

  it('draws every study’s 95% CI as one path, with an arrow where it runs off the axis', () => {
    const intervals = seriesById('intervals') as CustomSeriesOption;
    expect(intervals.data).toHaveLength(1);
    const api = { coord: ([x, row]: number[]) => [Math.round(Math.log10(x) * 100), row * 24] };
    const drawn = (intervals.renderItem as unknown as (p: unknown, a: unknown) => { type: string; shape: { pathData: string } })({}, api);
    expect(drawn.type).toBe('path');
    expect(drawn.shape.pathData.match(/M/g)).toHaveLength(13);
    expect(drawn.shape.pathData.startsWith('M-92 0L10 0')).toBe(true); // Aronson 1948: 0.12 to 1.26
    const wide = forestPlotOption({ ...bcgPooled, studies: [{ label: 'Wide', estimate: 1, ciLower: 0.0001, ciUpper: 2, weight: 100 }] });
    const wideIntervals = (wide.option.series as CustomSeriesOption[]).find((s) => s.id === 'intervals')!;
    const widePath = (wideIntervals.renderItem as unknown as (p: unknown, a: unknown) => { shape: { pathData: string } })({}, api).shape.pathData;
    expect(widePath.match(/M/g)).toHaveLength(2); // the line, and the arrow at the left edge
  });

  it('draws the pooled diamond from ciLower to ciUpper with its point at the estimate', () => {
    const diamond = seriesById('pooled') as CustomSeriesOption;
    expect(diamond.data).toEqual([[bcgPooled.ciLower, bcgPooled.estimate, bcgPooled.ciUpper, 13]]);
  });

  it('draws the prediction interval for random effects only', () => {
    expect((seriesById('prediction') as CustomSeriesOption).data).toEqual([[bcgPooled.predictionLower, bcgPooled.predictionUpper, 14]]);
    const fixed = forestPlotOption({ ...bcgPooled, model: 'FIXED', studies: bcgStudies });
    expect(columnOf(fixed.option, 'labels')).not.toContain(PREDICTION_LABEL);
    expect((fixed.option.series as CustomSeriesOption[]).find((s) => s.id === 'prediction')).toBeUndefined();
  });

  it('uses a log axis symmetric around 1 for ratios, a linear one around 0 for differences', () => {
    expect(bcg.option.xAxis).toMatchObject({ type: 'log', logBase: 10, min: 0.05, max: 20 }) // Rosenthal 1960 reaches 0.07;
    const md = forestPlotOption({
      ...bcgPooled,
      measure: 'MD',
      model: 'FIXED',
      studies: [{ label: 'Farge 2017', estimate: 6.7, ciLower: -0.22, ciUpper: 13.62, weight: 100 }],
      estimate: 6.7,
      ciLower: -0.22,
      ciUpper: 13.62,
    });
    expect(md.option.xAxis).toMatchObject({ type: 'value', min: -20, max: 20 });
    const line = (seriesById('studies') as ScatterSeriesOption).markLine!.data as { xAxis: number }[];
    expect(line[0].xAxis).toBe(1);
  });

  it('sizes squares so their area is proportional to the weight, all in one path', () => {
    const points = (seriesById('studies') as ScatterSeriesOption).data as number[][];
    expect(points).toHaveLength(13);
    expect(points[0]).toEqual([0.3911, 0]);
    const squares = seriesById('squares') as CustomSeriesOption;
    const api = { coord: ([x, row]: number[]) => [x * 100, row * 24] };
    const path = (squares.renderItem as unknown as (p: unknown, a: unknown) => { shape: { pathData: string } })({}, api).shape.pathData;
    const sides = [...path.matchAll(/h([\d.]+)/g)].map((m) => Number(m[1]));
    expect(sides).toHaveLength(13);
    const heaviest = sides[7]; // TPT Madras, 10.1%
    expect(heaviest).toBe(forestLayout.maxSquare);
    expect((sides[0] / heaviest) ** 2).toBeCloseTo(4.98 / 10.125, 6);
    expect(squareSide(0, 10)).toBe(forestLayout.minSquare);
  });

  it('answers a hover over a study with its numbers', () => {
    const formatter = ((seriesById('studies') as ScatterSeriesOption).tooltip as { formatter: (p: unknown) => string }).formatter;
    expect(formatter({ dataIndex: 3 })).toBe('Hart & Sutherland 1977<br/>0.23 [0.18, 0.31] · weight 9.7%');
  });

  it('says what each side of the line favours, and prints heterogeneity and the overall test', () => {
    const favours = seriesById('favours') as CustomSeriesOption;
    const api = { coord: ([x]: number[]) => [x * 100, 0] };
    const drawn = (favours.renderItem as unknown as (p: unknown, a: unknown) => { children: { style: { text: string; align: string } }[] })(
      { coordSys: { x: 0, y: 40, width: 400, height: 360 } },
      api,
    );
    expect(drawn.children.map((c) => [c.style.text, c.style.align])).toEqual([
      ['Favours experimental', 'right'],
      ['Favours control', 'left'],
    ]);
    const texts = (bcg.option.graphic as { style: { text: string } }[]).map((g) => g.style.text);
    expect(texts).toContain('Heterogeneity: τ² = 0.34; Q = 163.16, df = 12 (P < 0.001); I² = 92%');
    expect(texts).toContain('Test for overall effect: P < 0.001');
    expect(texts).toContain('Odds ratio\nRandom, 95% CI');
  });

  it('says which way a pre/post score moved, and that one study has no heterogeneity', () => {
    const one = forestPlotOption(
      { ...bcgPooled, measure: 'MC', model: 'FIXED', studies: [{ label: 'Zhang 2017', estimate: 6.3, ciLower: 0.72, ciUpper: 11.88, weight: 100 }], estimate: 6.3, ciLower: 0.72, ciUpper: 11.88, q: 0, qDf: 0, qPValue: 1 },
      defaultFavours('MC', 'DECREASE'),
    );
    const favours = (one.option.series as CustomSeriesOption[]).find((s) => s.id === 'favours')!;
    const drawn = (favours.renderItem as unknown as (p: unknown, a: unknown) => { children: { style: { text: string } }[] })({ coordSys: { y: 0, height: 100 } }, { coord: () => [0, 0] });
    expect(drawn.children.map((c) => c.style.text)).toEqual(['Higher after', 'Lower after']);
    expect((one.option.graphic as { style: { text: string } }[]).map((g) => g.style.text)).toContain('Heterogeneity: not applicable (one study)');
  });

  it('groups studies under their subgroup with a subtotal diamond each, as RevMan does', () => {
    const studies = bcgStudies.slice(0, 5).map((s, i) => ({ ...s, subgroup: i < 3 ? 'random' : 'alternate' }));
    const subgroups = {
      groups: [
        { name: 'random', k: 3, estimate: 0.25, ciLower: 0.13, ciUpper: 0.47, i2: 0 },
        { name: 'alternate', k: 2, estimate: 0.43, ciLower: 0.13, ciUpper: 1.42, i2: 93.4 },
      ],
      qBetween: 0.72,
      qBetweenDf: 1,
      qBetweenPValue: 0.395,
    };
    const grouped = forestPlotOption({ ...bcgPooled, studies, subgroups });
    const [labels, weights, effects] = ['labels', 'weights', 'effects'].map((id) => columnOf(grouped.option, id));
    expect(boldLines(grouped.option, 'labels')).toEqual(['random', 'Subtotal (I² = 0%)', 'alternate', 'Subtotal (I² = 93%)', TOTAL_LABEL]);
    expect(grouped.option.yAxis).toMatchObject({ type: 'value', min: -0.5, max: 10.5, inverse: true });
    expect(labels).toEqual([
      'random', 'Aronson 1948', 'Ferguson & Simes 1949', 'Rosenthal et al 1960', 'Subtotal (I² = 0%)',
      'alternate', 'Hart & Sutherland 1977', 'Frimodt-Moller et al 1973', 'Subtotal (I² = 93%)',
      TOTAL_LABEL, PREDICTION_LABEL,
    ]);
    expect(weights[4]).toBe('15.8%'); // 4.98 + 6.339 + 4.487
    expect(effects[8]).toBe('0.43 [0.13, 1.42]');
    const groupedSeries = grouped.option.series as CustomSeriesOption[];
    expect(groupedSeries.find((s) => s.id === 'subtotals')!.data).toEqual([
      [0.13, 0.25, 0.47, 4],
      [0.13, 0.43, 1.42, 8],
    ]);
    expect((groupedSeries.find((s) => s.id === 'studies')!.data as number[][]).map((p) => p[1])).toEqual([1, 2, 3, 6, 7]);
    expect((grouped.option.graphic as { style: { text: string } }[]).map((g) => g.style.text)).toContain('Test for subgroup differences: Q = 0.72, df = 1 (P = 0.40)');
  });

  it('draws no diamond when there is nothing to pool', () => {
    const empty = forestPlotOption({ ...bcgPooled, studies: [], estimate: null, ciLower: null, ciUpper: null, predictionLower: null, predictionUpper: null });
    expect(columnOf(empty.option, 'labels')).toEqual(['']);
    expect((empty.option.series as CustomSeriesOption[]).find((s) => s.id === 'pooled')).toBeUndefined();
  });
});
