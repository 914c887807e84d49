import type { LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import { describe, expect, it } from 'vitest';
import type { MetaRegressionAnalysis } from '../graphql/outcome';
import type { TooltipFormatter } from './chart-option';
import { bubbleSizes, metaRegressionPlotOption } from './meta-regression-plot-option';

// Three studies on the log risk ratio scale regressed on latitude; the second study's label is a script payload.
const regression: MetaRegressionAnalysis = {
  moderators: [{ name: 'absoluteLatitude', kind: 'NUMERIC' }],
  error: null,
  result: {
    model: 'RANDOM',
    tau2Estimator: 'REML',
    ciMethod: 'Z',
    k: 3,
    df: null,
    coefficients: [],
    qm: 4,
    qmDf: 1,
    qmDenominatorDf: null,
    qmPValue: 0.05,
    qe: 2,
    qeDf: 1,
    qePValue: 0.16,
    tau2: 0.01,
    i2: 20,
    h2: 1.25,
    r2: 50,
    warnings: [],
    fittedLine: { moderator: 'absoluteLatitude', points: [{ x: 13, fit: -0.1, ciLower: -0.4, ciUpper: 0.2 }, { x: 55, fit: -1.3, ciLower: -1.8, ciUpper: -0.8 }] },
  },
  studies: [
    { rowId: 'r1', studyId: 's1', label: 'Trial 1', x: 13, yi: -0.2, vi: 0.05, weight: 25 },
    { rowId: 'r2', studyId: 's2', label: '<img src=x onerror=alert(1)>', x: 44, yi: -0.9, vi: 0.01, weight: 100 / 1.5 - 25 },
    { rowId: 'r3', studyId: 's3', label: 'Trial 3', x: 55, yi: -1.5, vi: 0.2, weight: 100 - 100 / 1.5 },
  ],
};

describe('metaRegressionPlotOption', () => {
  const sized = metaRegressionPlotOption('RR', regression)!;
  const series = sized.option.series as (ScatterSeriesOption | LineSeriesOption)[];
  const byId = (id: string) => series.find((s) => s.id === id)!;

  it('places each study at its moderator and effect, sized by weight, under the fitted line and its band', () => {
    const studies = byId('studies').data as { value: number[]; symbolSize: number }[];
    expect(studies.map((s) => s.value)).toEqual([[13, -0.2], [44, -0.9], [55, -1.5]]);
    // Area by weight: the heaviest study 40 px across, a study of a quarter of its weight half as wide.
    expect(studies[1].symbolSize).toBe(40);
    expect(bubbleSizes([100, 25, 0.01])).toEqual([40, 20, 6]);
    expect(byId('fitted').data).toEqual([[13, -0.1], [55, -1.3]]);
    // The band is its lower edge plus its width, stacked across signs (the edge is below 0, the width above).
    expect([byId('band-lower'), byId('band')].map((s) => [s.stack, (s as LineSeriesOption).stackStrategy])).toEqual([['band', 'all'], ['band', 'all']]);
    expect(byId('band-lower').data).toEqual([[13, -0.4], [55, -1.8]]);
    expect((byId('band').data as number[][]).map(([x, width]) => [x, Number(width.toFixed(12))])).toEqual([[13, 0.6], [55, 1]]);
    expect(sized.option.xAxis).toMatchObject({ name: 'absoluteLatitude' });
    expect(sized.option.yAxis).toMatchObject({ name: 'Log risk ratio' });
  });

  it('escapes the study label a maintainer typed in the tooltip', () => {
    const formatter = (sized.option.tooltip as { formatter: TooltipFormatter }).formatter;
    const html = formatter({ dataIndex: 1, seriesId: 'studies', name: regression.studies[1].label, value: [44, -0.9] });
    expect(html).toBe('&lt;img src=x onerror=alert(1)&gt;<br/>absoluteLatitude 44.00<br/>Log risk ratio -0.90<br/>Weight 41.7%');
    expect(formatter({ dataIndex: 0, seriesId: 'fitted', name: '', value: [13, -0.1] })).toBe('');
  });

  it('draws nothing without a fitted line (an error, a factor, several moderators)', () => {
    expect(metaRegressionPlotOption('RR', { ...regression, result: null, error: "moderator 'absoluteLatitude' is missing for study 'Trial 4'" })).toBeNull();
    expect(metaRegressionPlotOption('RR', { ...regression, result: { ...regression.result!, fittedLine: null } })).toBeNull();
  });
});
