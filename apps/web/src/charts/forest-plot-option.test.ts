import type { CustomSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import { describe, expect, it } from 'vitest';
import { defaultFavours, fitted, FOREST_LABEL_CHARACTERS, forestLayout, forestPlotOption, PREDICTION_LABEL, squareSide, TOTAL_LABEL, type ForestPlotInput } from './forest-plot-option';
import { bcgPooled, bcgStudies } from './test-data';

type Graphic = { id?: string; style: { text: string } };
const bcg = forestPlotOption({ ...bcgPooled, studies: bcgStudies });
/** A text column's lines: the plain text, with the bold and muted texts' lines over it. */
const columnOf = (option: typeof bcg.option, id: string) => {
  const texts = option.graphic as Graphic[];
  const plain = texts.find((g) => g.id === `column-${id}`)!.style.text.split('\n');
  const bold = texts.find((g) => g.id === `column-${id}-bold`)?.style.text.split('\n') ?? [];
  const muted = texts.find((g) => g.id === `column-${id}-muted`)?.style.text.split('\n') ?? [];
  return plain.map((line, i) => bold[i] || muted[i] || line);
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

  it('cuts a label too long for its column with an ellipsis; the tooltip gives it whole', () => {
    const long = 'Clark 2010, a multicentre trial in general practice with a very long name (STD-Clark-b)';
    const plot = forestPlotOption({ ...bcgPooled, studies: [{ ...bcgStudies[0], label: long }, ...bcgStudies.slice(1)] });
    const [first] = columnOf(plot.option, 'labels');
    expect(first).toBe(`${[...long].slice(0, FOREST_LABEL_CHARACTERS - 1).join('')}…`);
    expect(first).toHaveLength(FOREST_LABEL_CHARACTERS);
    expect(fitted('Aronson 1948', FOREST_LABEL_CHARACTERS)).toBe('Aronson 1948');
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
    expect(formatter({ dataIndex: 3 })).toBe('Hart &amp; Sutherland 1977<br/>0.23 [0.18, 0.31] · weight 9.7%');
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

  it('escapes what a user typed in the tooltip', () => {
    const typed = forestPlotOption({ ...bcgPooled, studies: [{ label: '<img src=x onerror=alert(1)>', estimate: 1, ciLower: 0.5, ciUpper: 2, weight: 100 }] });
    const formatter = ((typed.option.series as ScatterSeriesOption[]).find((s) => s.id === 'studies')!.tooltip as { formatter: (p: unknown) => string }).formatter;
    expect(formatter({ dataIndex: 0 })).toBe('&lt;img src=x onerror=alert(1)&gt;<br/>1.00 [0.50, 2.00] · weight 100.0%');
  });
});

// A three-arm trial (two doses against one control) beside two ordinary trials, as the API returns the rows.
const multiArm: ForestPlotInput['studies'] = [
  { studyId: 'a', rowId: 'a-1', label: 'Adams 2001', estimate: 0.8, ciLower: 0.5, ciUpper: 1.28, weight: 30, subgroup: null },
  { studyId: 's', rowId: 's-high', label: 'Smith 2019 (high dose)', estimate: 0.5, ciLower: 0.3, ciUpper: 0.83, weight: 25, subgroup: null },
  { studyId: 's', rowId: 's-low', label: 'Smith 2019 (low dose)', estimate: 0.7, ciLower: 0.42, ciUpper: 1.17, weight: 25, subgroup: null },
  { studyId: 'b', rowId: 'b-1', label: 'Brown 2010', estimate: 0.9, ciLower: 0.55, ciUpper: 1.47, weight: 20, subgroup: null },
];
const sharedControl = {
  studyId: 's',
  rowIds: ['s-high', 's-low'],
  message: "The study has 2 rows in one total ('overall'): a group shared between them (a multi-arm trial's control) is counted more than once.",
};
const multiArmPooled = { ...bcgPooled, model: 'FIXED' as const, estimate: 0.7, ciLower: 0.55, ciUpper: 0.89, predictionLower: null, predictionUpper: null };
const tooltipOf = (option: typeof bcg.option) => ((option.series as ScatterSeriesOption[]).find((s) => s.id === 'studies')!.tooltip as { formatter: (p: unknown) => string }).formatter;
const textsOf = (option: typeof bcg.option) => (option.graphic as Graphic[]).map((g) => g.style.text);

describe('forestPlotOption with several rows per study', () => {
  it('gives each row of a multi-arm trial its own line, and marks the rows a unit-of-analysis note concerns', () => {
    const plot = forestPlotOption({ ...multiArmPooled, studies: multiArm, unitOfAnalysis: [sharedControl] });
    expect(columnOf(plot.option, 'labels')).toEqual(['Adams 2001', 'Smith 2019 (high dose) †', 'Smith 2019 (low dose) †', 'Brown 2010', TOTAL_LABEL]);
    expect(columnOf(plot.option, 'weights')).toEqual(['30.0%', '25.0%', '25.0%', '20.0%', '100.0%']);
    expect(((plot.option.series as ScatterSeriesOption[]).find((s) => s.id === 'studies')!.data as number[][]).map((p) => p[1])).toEqual([0, 1, 2, 3]);
    const formatter = tooltipOf(plot.option);
    expect(formatter({ dataIndex: 0 })).toBe('Adams 2001<br/>0.80 [0.50, 1.28] · weight 30.0%');
    expect(formatter({ dataIndex: 2 })).toBe(
      "Smith 2019 (low dose)<br/>0.70 [0.42, 1.17] · weight 25.0%<br/>† The study has 2 rows in one total (&#39;overall&#39;): a group shared between them (a multi-arm trial&#39;s control) is counted more than once.",
    );
    expect(textsOf(plot.option)).toContain('† Participants may be counted more than once in a total (unit of analysis): see the notes above the plot.');
  });

  it('marks the rows of an older analysis (no row ids) by their study', () => {
    const older = multiArm.map((s) => ({ ...s, rowId: null }));
    const plot = forestPlotOption({ ...multiArmPooled, studies: older, unitOfAnalysis: [sharedControl] });
    expect(columnOf(plot.option, 'labels').filter((l) => l.endsWith('†'))).toEqual(['Smith 2019 (high dose) †', 'Smith 2019 (low dose) †']);
  });

  it('keeps the ordinary layout when no note concerns a row', () => {
    const plain = forestPlotOption({ ...bcgPooled, studies: bcgStudies, unitOfAnalysis: [] });
    expect(JSON.stringify(plain)).toBe(JSON.stringify(bcg));
    expect(JSON.stringify(plain.option)).not.toContain('†');
  });

  it('puts a study under each subgroup it has rows in', () => {
    const rows = [
      { studyId: 's', rowId: 's-6', label: 'Smith 2019', estimate: 0.6, ciLower: 0.4, ciUpper: 0.9, weight: 30, subgroup: '6 months' },
      { studyId: 'j', rowId: 'j-6', label: 'Jones 2020', estimate: 0.8, ciLower: 0.5, ciUpper: 1.28, weight: 20, subgroup: '6 months' },
      { studyId: 's', rowId: 's-12', label: 'Smith 2019', estimate: 0.7, ciLower: 0.45, ciUpper: 1.09, weight: 50, subgroup: '12 months' },
    ];
    const subgroups = {
      groups: [
        { name: '6 months', k: 2, estimate: 0.67, ciLower: 0.49, ciUpper: 0.92, i2: 0 },
        { name: '12 months', k: 1, estimate: 0.7, ciLower: 0.45, ciUpper: 1.09, i2: 0 },
      ],
      qBetween: 0.03,
      qBetweenDf: 1,
      qBetweenPValue: 0.86,
    };
    const note = { studyId: 's', rowIds: ['s-6', 's-12'], message: "The study has rows in 2 subgroups ('6 months', '12 months'), and the overall total pools them all." };
    const plot = forestPlotOption({ ...multiArmPooled, studies: rows, subgroups, unitOfAnalysis: [note] });
    expect(columnOf(plot.option, 'labels')).toEqual([
      '6 months', 'Smith 2019 †', 'Jones 2020', 'Subtotal (I² = 0%)',
      '12 months', 'Smith 2019 †', 'Subtotal (I² = 0%)',
      TOTAL_LABEL,
    ]);
  });
});

describe('forestPlotOption with subgroup totals only', () => {
  const rows = bcgStudies.slice(0, 5).map((s, i) => ({ ...s, subgroup: i < 3 ? 'random' : 'alternate', weight: i < 3 ? [31.5, 40.1, 28.4][i] : [52.1, 47.9][i - 3] }));
  const subgroups = {
    groups: [
      { name: 'random', k: 3, estimate: 0.25, ciLower: 0.13, ciUpper: 0.47, i2: 0, tau2: 0, pValue: 0.00002, fit: { q: 0.85, qPValue: 0.654 } },
      { name: 'alternate', k: 2, estimate: 0.43, ciLower: 0.13, ciUpper: 1.42, i2: 93.4, tau2: 0.68, pValue: 0.17, fit: { q: 15.2, qPValue: 0.0001 } },
    ],
    qBetween: 0.72,
    qBetweenDf: 1,
    qBetweenPValue: 0.395,
    qBetweenI2: 0,
  };
  const plot = forestPlotOption({ ...bcgPooled, studies: rows, subgroups, totals: 'SUBGROUPS', estimate: null, ciLower: null, ciUpper: null, pValue: null, predictionLower: null, predictionUpper: null });

  it("draws each subgroup's diamond with its heterogeneity and test under it, and no overall total", () => {
    expect(columnOf(plot.option, 'labels')).toEqual([
      'random', 'Aronson 1948', 'Ferguson & Simes 1949', 'Rosenthal et al 1960', 'Subtotal (I² = 0%)',
      'Heterogeneity: τ² = 0.00; Q = 0.85, df = 2 (P = 0.65); I² = 0%', 'Test for overall effect: P < 0.001',
      'alternate', 'Hart & Sutherland 1977', 'Frimodt-Moller et al 1973', 'Subtotal (I² = 93%)',
      'Heterogeneity: τ² = 0.68; Q = 15.20, df = 1 (P < 0.001); I² = 93%', 'Test for overall effect: P = 0.17',
    ]);
    expect(columnOf(plot.option, 'weights')[4]).toBe('100.0%');
    const series = plot.option.series as CustomSeriesOption[];
    expect(series.find((s) => s.id === 'subtotals')!.data).toEqual([
      [0.13, 0.25, 0.47, 4],
      [0.13, 0.43, 1.42, 10],
    ]);
    expect(series.find((s) => s.id === 'pooled')).toBeUndefined();
    expect(series.find((s) => s.id === 'prediction')).toBeUndefined();
  });

  it('prints the test for subgroup differences with its I², and no overall heterogeneity or overall test', () => {
    const texts = textsOf(plot.option);
    expect(texts).toContain('Test for subgroup differences: Q = 0.72, df = 1 (P = 0.40), I² = 0%');
    expect(texts.some((t) => t.startsWith('Heterogeneity:'))).toBe(false);
    expect(texts.some((t) => t.startsWith('Test for overall effect'))).toBe(false);
  });

  it("writes the heterogeneity lines muted, without widening the label column", () => {
    const muted = (plot.option.graphic as Graphic[]).find((g) => g.id === 'column-labels-muted')!.style.text.split('\n').filter(Boolean);
    expect(muted).toHaveLength(4);
    const labels = (plot.option.graphic as (Graphic & { x: number })[]).find((g) => g.id === 'column-labels')!;
    const effects = (plot.option.graphic as (Graphic & { x: number })[]).find((g) => g.id === 'column-effects')!;
    // 'Frimodt-Moller et al 1973' is the longest label: 25 characters.
    expect(effects.x - labels.x).toBe(25 * forestLayout.charWidth + 16 + forestLayout.weightColumn + forestLayout.effectColumn + 16 - 12 - 8);
  });
});

describe('forestPlotOption with no totals', () => {
  const rows = multiArm.map((s, i) => ({ ...s, weight: 0, subgroup: i < 2 ? 'adults' : 'children' }));
  const plot = forestPlotOption({ ...multiArmPooled, studies: rows, totals: 'NONE', subgroups: null, estimate: null, ciLower: null, ciUpper: null, pValue: null });

  it('shows the rows under their subgroup headings, with no diamonds and no weight column', () => {
    expect(columnOf(plot.option, 'labels')).toEqual(['adults', 'Adams 2001', 'Smith 2019 (high dose)', 'children', 'Smith 2019 (low dose)', 'Brown 2010']);
    expect(columnOf(plot.option, 'effects')).toEqual(['', '0.80 [0.50, 1.28]', '0.50 [0.30, 0.83]', '', '0.70 [0.42, 1.17]', '0.90 [0.55, 1.47]']);
    const graphic = plot.option.graphic as Graphic[];
    expect(graphic.find((g) => g.id === 'column-weights')).toBeUndefined();
    expect(graphic.map((g) => g.style.text)).not.toContain('\nWeight');
    expect(graphic.map((g) => g.style.text)).toContain('Odds ratio\n95% CI');
    const series = plot.option.series as CustomSeriesOption[];
    expect(series.find((s) => s.id === 'subtotals')).toBeUndefined();
    expect(series.find((s) => s.id === 'pooled')).toBeUndefined();
    expect(graphic.some((g) => g.style.text.startsWith('Heterogeneity') || g.style.text.startsWith('Test for'))).toBe(false);
  });

  it('draws every square the same size and leaves the weight out of the tooltip', () => {
    const squares = (plot.option.series as CustomSeriesOption[]).find((s) => s.id === 'squares')!;
    const path = (squares.renderItem as unknown as (p: unknown, a: unknown) => { shape: { pathData: string } })({}, { coord: ([x, row]: number[]) => [x * 100, row * 24] }).shape.pathData;
    expect(new Set([...path.matchAll(/h([\d.]+)/g)].map((m) => m[1]))).toEqual(new Set(['8']));
    expect(tooltipOf(plot.option)({ dataIndex: 1 })).toBe('Smith 2019 (high dose)<br/>0.50 [0.30, 0.83]');
  });

  it('draws subgroup totals only with no row in a subgroup as no totals: nothing is pooled', () => {
    const none = forestPlotOption({ ...multiArmPooled, studies: multiArm.map((s) => ({ ...s, weight: 0 })), totals: 'SUBGROUPS', subgroups: null, estimate: null, ciLower: null, ciUpper: null, pValue: null });
    expect((none.option.graphic as Graphic[]).find((g) => g.id === 'column-weights')).toBeUndefined();
    expect(columnOf(none.option, 'labels')).toEqual(multiArm.map((s) => s.label));
  });
});
