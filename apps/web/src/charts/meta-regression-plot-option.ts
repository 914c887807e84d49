// The bubble plot of a meta-regression on one numeric moderator (metafor's regplot): each study's effect on the
// analysis scale against the moderator, its area by its weight, the fitted line and its 95% confidence band.
import { formatEffect, formatWeight, isRatio, measureName } from '../format';
import type { Measure, MetaRegressionAnalysis } from '../graphql/outcome';
import { chartColors, type LineSeries, type ScatterSeries, type SizedChartOption } from './chart-option';
import { tooltipFormatter } from './tooltip';

export const BUBBLE_PLOT_HEIGHT = 380;

/** Bubble diameters in px: area proportional to weight, the heaviest study at `largest`. */
export function bubbleSizes(weights: readonly number[], largest = 40, smallest = 6): number[] {
  const top = Math.max(...weights, 0);
  return weights.map((w) => (top > 0 ? Math.max(smallest, largest * Math.sqrt(w / top)) : smallest));
}

/** "Log odds ratio" for ratios (the regression is on the log scale), else the measure's own name. */
export function effectAxisName(measure: Measure): string {
  return isRatio(measure) ? `Log ${measureName(measure).toLowerCase()}` : measureName(measure);
}

/** The option, or null when there is nothing to draw (an error, factors, or several moderators). */
export function metaRegressionPlotOption(measure: Measure, regression: MetaRegressionAnalysis): SizedChartOption | null {
  const line = regression.result?.fittedLine;
  if (!line || regression.studies.some((s) => s.x === null)) return null;
  const moderator = line.moderator;
  const sizes = bubbleSizes(regression.studies.map((s) => s.weight));
  const band = line.points.map((p) => [p.x, p.ciLower]);
  const bandWidth = line.points.map((p) => [p.x, p.ciUpper - p.ciLower]);
  const series: (ScatterSeries | LineSeries)[] = [
    // The band: its lower edge (invisible), then its width stacked on it and filled; 'all' stacks across the sign of the
    // edge (ECharts' default stacks a positive width on 0 when the edge is negative).
    { type: 'line', id: 'band-lower', data: band, stack: 'band', stackStrategy: 'all', showSymbol: false, silent: true, lineStyle: { opacity: 0 } },
    {
      type: 'line',
      id: 'band',
      name: '95% CI of the fitted line',
      data: bandWidth,
      stack: 'band',
      stackStrategy: 'all',
      showSymbol: false,
      silent: true,
      lineStyle: { opacity: 0 },
      areaStyle: { color: chartColors.band },
    },
    { type: 'line', id: 'fitted', name: 'Fitted line', data: line.points.map((p) => [p.x, p.fit]), showSymbol: false, silent: true, lineStyle: { color: chartColors.pooled, width: 2 }, z: 3 },
    {
      type: 'scatter',
      id: 'studies',
      name: 'Studies',
      data: regression.studies.map((s, i) => ({ value: [s.x as number, s.yi], name: s.label, symbolSize: sizes[i], weight: s.weight })),
      itemStyle: { color: 'rgba(38, 79, 120, 0.35)', borderColor: chartColors.study, borderWidth: 1 },
      z: 4,
    },
  ];
  return {
    height: BUBBLE_PLOT_HEIGHT,
    option: {
      animation: false,
      grid: { left: 64, right: 24, top: 16, bottom: 48 },
      tooltip: {
        trigger: 'item',
        // Study labels are typed by maintainers: every line is escaped (tooltip.ts).
        formatter: tooltipFormatter(({ dataIndex, seriesId }) => {
          if (seriesId !== 'studies') return null;
          const study = regression.studies[dataIndex];
          return [study.label, `${moderator} ${formatEffect(study.x, 2)}`, `${effectAxisName(measure)} ${formatEffect(study.yi)}`, `Weight ${formatWeight(study.weight)}`];
        }),
      },
      xAxis: { type: 'value', scale: true, name: moderator, nameLocation: 'middle', nameGap: 28, splitLine: { show: false } },
      yAxis: {
        type: 'value',
        scale: true,
        name: effectAxisName(measure),
        nameLocation: 'middle',
        nameGap: 44,
        splitLine: { lineStyle: { color: '#eef0f3' } },
        axisLabel: { formatter: (value: number) => String(Number(value.toPrecision(3))) },
      },
      series,
    },
  };
}
