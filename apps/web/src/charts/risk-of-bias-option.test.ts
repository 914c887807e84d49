import type { ScatterSeriesOption } from 'echarts/charts';
import { describe, expect, it } from 'vitest';
import type { RiskOfBiasTable } from '../graphql/risk-of-bias';
import { forestPlotOption } from './forest-plot-option';
import { columnHeadings, riskOfBiasSummaryOption, summarySegments, trafficLightCells, trafficLightOption } from './risk-of-bias-option';

const rows = [
  { studyId: 's1', label: 'Abel 2001', estimate: 0.5, ciLower: 0.3, ciUpper: 0.8, weight: 40, subgroup: 'A' },
  { studyId: 's2', label: '<img src=x onerror=alert(1)> Baker', estimate: 0.9, ciLower: 0.6, ciUpper: 1.3, weight: 35, subgroup: 'B' },
  { studyId: 's3', label: 'Cole 2010', estimate: 1.1, ciLower: 0.7, ciUpper: 1.6, weight: 25, subgroup: 'A' },
];
const table: RiskOfBiasTable = {
  tool: 'ROB2',
  domains: ['randomisation', 'deviations', 'missing-data', 'measurement', 'reporting'],
  studies: [
    { studyId: 's1', weight: 40, judgements: ['LOW', 'HIGH', 'LOW', 'LOW', 'LOW'], overall: 'HIGH', stars: null, maxStars: null, totalStars: null, highRisk: true },
    { studyId: 's2', weight: 35, judgements: ['LOW', 'SOME_CONCERNS', 'LOW', 'LOW', 'LOW'], overall: 'SOME_CONCERNS', stars: null, maxStars: null, totalStars: null, highRisk: false },
    { studyId: 's3', weight: 25, judgements: [null, null, null, null, null], overall: null, stars: null, maxStars: null, totalStars: null, highRisk: false },
  ],
  summary: [
    { domain: 'deviations', levels: ['low', 'some-concerns', 'high', 'not-assessed'], unweighted: [0, 1 / 3, 1 / 3, 1 / 3], weighted: [0, 0.35, 0.4, 0.25] },
    { domain: 'overall', levels: ['low', 'some-concerns', 'high', 'not-assessed'], unweighted: [0, 1 / 3, 1 / 3, 1 / 3], weighted: [0, 0.35, 0.4, 0.25] },
  ],
};

describe('the traffic-light table beside the forest plot', () => {
  // Subgroups put headings between the studies: the lights follow the forest plot's lines, not the input order.
  const forest = forestPlotOption({
    measure: 'OR', model: 'FIXED', studies: rows, estimate: 0.8, ciLower: 0.6, ciUpper: 1, pValue: 0.04, predictionLower: null, predictionUpper: null, tau2: 0, q: 2, qDf: 2, qPValue: 0.3, i2: 0,
    subgroups: { groups: [{ name: 'A', k: 2, estimate: 0.7, ciLower: 0.5, ciUpper: 1, i2: 0 }, { name: 'B', k: 1, estimate: 0.9, ciLower: 0.6, ciUpper: 1.3, i2: 0 }], qBetween: 1, qBetweenDf: 1, qBetweenPValue: 0.3 },
  });
  const input = { table, rows, studyRows: forest.studyRows, lineCount: forest.lineCount, height: forest.height };

  it('puts each study on its forest plot line, one column per domain and overall', () => {
    expect(forest.studyRows).toEqual([1, 5, 2]);
    expect(columnHeadings(table)).toEqual(['D1', 'D2', 'D3', 'D4', 'D5', 'Overall']);
    const cells = trafficLightCells(input);
    expect(cells.filter((c) => c.column === 5).map((c) => [c.line, c.mark.name, c.mark.symbol])).toEqual([
      [1, 'High', '×'],
      [5, 'Some concerns', '−'],
      [2, 'Not assessed', ''],
    ]);
    const option = trafficLightOption(input);
    expect(option.height).toBe(forest.height);
    expect(option.option.yAxis).toMatchObject({ min: -0.5, max: forest.lineCount - 0.5, inverse: true });
  });

  it('names the study in its tooltips as escaped text', () => {
    const series = trafficLightOption(input).option.series as ScatterSeriesOption[];
    const formatter = series[0].tooltip!.formatter as (p: unknown) => string;
    const html = formatter({ dataIndex: 6 });
    expect(html).toBe('&lt;img src=x onerror=alert(1)&gt; Baker<br/>Bias arising from the randomisation process: Low');
  });
});

describe('the risk-of-bias summary', () => {
  it('splits each bar by weight, or by study', () => {
    const weighted = summarySegments({ table, weighted: true }).filter((s) => s.line === 1);
    expect(weighted.map((s) => [s.level, s.start, s.end])).toEqual([
      ['some-concerns', 0, 35],
      ['high', 35, 75],
      ['not-assessed', 75, 100],
    ]);
    const unweighted = summarySegments({ table, weighted: false }).filter((s) => s.line === 1);
    unweighted.forEach((s, i) => expect(s.end).toBeCloseTo((100 * (i + 1)) / 3, 9));
    expect(riskOfBiasSummaryOption({ table, weighted: true }).option.yAxis).toMatchObject({ data: ['D1', 'Overall'] });
  });
});

describe('Newcastle-Ottawa stars and ROBINS-I judgements', () => {
  const stars: RiskOfBiasTable = {
    tool: 'NEWCASTLE_OTTAWA',
    domains: ['selection', 'comparability', 'outcome'],
    studies: [
      { studyId: 's1', weight: 60, judgements: [null, null, null], overall: null, stars: [4, 1, 0], maxStars: [4, 2, 3], totalStars: 5, highRisk: true },
      { studyId: 's2', weight: 40, judgements: [null, null, null], overall: null, stars: [3, 2, 3], maxStars: [4, 2, 3], totalStars: 8, highRisk: false },
    ],
    summary: [{ domain: 'overall', levels: ['7-9 stars', '0-6 stars', 'not-assessed'], unweighted: [0.5, 0.5, 0], weighted: [0.4, 0.6, 0] }],
  };
  const input = { table: stars, rows: rows.slice(0, 2), studyRows: [0, 1], lineCount: 3, height: 200 };

  it('gives the stars of each domain, full, some or none, and the total against the threshold of 7', () => {
    expect(columnHeadings(stars)).toEqual(['D1', 'D2', 'D3', 'Total']);
    const cells = trafficLightCells(input).filter((c) => c.line === 0);
    expect(cells.map((c) => [c.mark.symbol, c.mark.name, c.mark.color])).toEqual([
      ['4★', '4 of 4 stars', '#02a300'],
      ['1★', '1 of 2 stars', '#e2df07'],
      ['0★', '0 of 3 stars', '#bf0000'],
      ['5★', '5 of 9 stars', '#bf0000'],
    ]);
    const high = summarySegments({ table: stars, weighted: true }).find((s) => s.level === '0-6 stars')!;
    expect([high.start, high.end, high.mark.color]).toEqual([40, 100, '#bf0000']);
  });

  it('draws ROBINS-I critical and no information with their own symbols', () => {
    const robinsI: RiskOfBiasTable = {
      tool: 'ROBINS_I',
      domains: ['confounding', 'selection', 'classification', 'deviations', 'missing-data', 'measurement', 'reporting'],
      studies: [{ studyId: 's1', weight: 100, judgements: ['CRITICAL', 'NO_INFORMATION', 'LOW', 'MODERATE', 'SERIOUS', 'LOW', 'LOW'], overall: 'CRITICAL', stars: null, maxStars: null, totalStars: null, highRisk: true }],
      summary: [],
    };
    const cells = trafficLightCells({ ...input, table: robinsI, rows: rows.slice(0, 1), studyRows: [0] });
    expect(cells.map((c) => c.mark.symbol).join(' ')).toBe('! ? + − × + + !');
    expect(cells[0].domain).toBe('Bias due to confounding');
  });
});
