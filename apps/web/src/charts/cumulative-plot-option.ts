// Cumulative meta-analysis: the pooled estimate and 95% CI as each study is added in year order.
import type { GraphicComponentOption } from 'echarts/components';
import { effectHeader, formatEffectWithCi, formatPValue, isRatio } from '../format';
import type { CumulativeResult, Measure, Model } from '../graphql/outcome';
import { chartColors, LARGE_THRESHOLD, type CustomSeries, type ScatterSeries, type SizedChartOption } from './chart-option';
import { effectAxisRange } from './effect-axis';
import { intervalPathSeries } from './interval-series';
import { tooltipFormatter } from './tooltip';

export interface CumulativePlotInput {
  measure: Measure;
  model: Model | null;
  steps: readonly Pick<CumulativeResult, 'label' | 'year' | 'k' | 'estimate' | 'ciLower' | 'ciUpper' | 'pValue'>[];
}

export const cumulativeLayout = { rowHeight: 22, top: 36, bottom: 40, effectColumn: 150, charWidth: 7 } as const;

/** "+ Ferguson & Simes 1949": metafor's cumulative forest labels every study after the first with a plus. */
export function cumulativeRowLabel(step: { label: string }, index: number): string {
  return index === 0 ? step.label : `+ ${step.label}`;
}

export function cumulativePlotOption(input: CumulativePlotInput): SizedChartOption {
  const { rowHeight, top, bottom, effectColumn, charWidth } = cumulativeLayout;
  const steps = input.steps;
  const rows = steps.map(cumulativeRowLabel);
  const effects = steps.map((s) => formatEffectWithCi(s.estimate, s.ciLower, s.ciUpper));
  const axis = effectAxisRange(input.measure, steps.flatMap((s) => [s.ciLower, s.ciUpper]));
  const labelColumn = Math.min(280, Math.max(120, Math.max(5, ...rows.map((r) => r.length)) * charWidth + 16));
  const gridLeft = labelColumn + effectColumn + 16;
  // Each text column is one multi-line text (lines rowHeight apart, as the category axis spaces its rows).
  const column = (id: string, lines: string[], x: number, align: 'left' | 'right'): GraphicComponentOption => ({
    type: 'text',
    id,
    x,
    y: top,
    silent: true,
    style: { text: lines.join('\n'), align, verticalAlign: 'top', fontSize: 12, lineHeight: rowHeight, fill: chartColors.ink },
  });

  const points: ScatterSeries = {
    type: 'scatter',
    id: 'estimates',
    name: 'Cumulative estimate',
    symbol: 'diamond',
    symbolSize: 11,
    large: true,
    largeThreshold: LARGE_THRESHOLD,
    data: steps.map((s, row) => ({ value: [s.estimate, row], name: rows[row] })),
    itemStyle: { color: chartColors.pooled },
    z: 4,
    tooltip: {
      formatter: tooltipFormatter(({ dataIndex }) => {
        const step = steps[dataIndex];
        return step ? [`${step.k} stud${step.k === 1 ? 'y' : 'ies'} to ${step.label}`, `${formatEffectWithCi(step.estimate, step.ciLower, step.ciUpper)} · ${formatPValue(step.pValue)}`] : null;
      }),
    },
    markLine: { symbol: 'none', silent: true, label: { show: false }, lineStyle: { color: chartColors.ink, type: 'solid', width: 1 }, data: [{ xAxis: axis.nullEffect }] },
  };
  const series: (ScatterSeries | CustomSeries)[] = [points, intervalPathSeries('intervals', '95% CI', steps.map((s, row) => [s.ciLower, s.ciUpper, row]), axis, chartColors.pooled)];
  const header = (text: string, x: number, align: 'left' | 'right'): GraphicComponentOption => ({
    type: 'text',
    x,
    y: 10,
    style: { text, align, fontWeight: 'bold', fontSize: 12, fill: chartColors.ink },
  });

  return {
    height: top + Math.max(rows.length, 1) * rowHeight + bottom,
    option: {
      animation: false,
      grid: { left: gridLeft, right: 24, top, bottom },
      tooltip: { trigger: 'item', confine: true },
      xAxis: {
        type: axis.type,
        ...(axis.type === 'log' ? { logBase: 10 } : {}),
        min: axis.min,
        max: axis.max,
        splitLine: { show: false },
        axisLabel: { formatter: (value: number) => (isRatio(input.measure) ? String(Number(value.toPrecision(3))) : String(value)), showMinLabel: true, showMaxLabel: true },
      },
      // Row i at y = i, top down; the text columns write the rows.
      yAxis: { type: 'value', id: 'rows', min: -0.5, max: Math.max(rows.length, 1) - 0.5, inverse: true, show: false },
      series,
      graphic: [
        column('column-labels', rows, 8, 'left'),
        column('column-effects', effects, gridLeft - 12, 'right'),
        header('Study added', 8, 'left'),
        header(effectHeader(input.measure, input.model), gridLeft - 12, 'right'),
      ],
    },
  };
}
