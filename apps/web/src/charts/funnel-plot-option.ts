// The funnel plot: each study's effect against its standard error (precise studies at the top), the
// pseudo-95% limits around the pooled effect, and studies imputed by trim-and-fill as open circles.
import { formatEffect, isRatio, measureName } from '../format';
import type { FunnelData, Measure } from '../graphql/outcome';
import { chartColors, type LineSeries, type ScatterSeries, type SizedChartOption, LARGE_THRESHOLD } from './chart-option';
import { tooltipFormatter } from './tooltip';

export interface FunnelPlotInput {
  measure: Measure;
  funnel: FunnelData;
  /** The trim-and-fill adjusted estimate (reporting scale), drawn when studies were imputed. */
  adjustedEstimate?: number | null;
  labels?: ReadonlyMap<string, string>;
}

export const FUNNEL_HEIGHT = 360;

function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * power >= value - 1e-12) return Number((step * power).toPrecision(3));
  return 10 * power;
}

export function funnelPlotOption(input: FunnelPlotInput): SizedChartOption {
  const ratio = isRatio(input.measure);
  // The funnel data are on the analysis scale; ratios are drawn as ratios on a log axis.
  const toAxis = (yi: number) => (ratio ? Math.exp(yi) : yi);
  const observed = input.funnel.points.filter((p) => !p.filled);
  const imputed = input.funnel.points.filter((p) => p.filled);
  const maxSe = niceCeiling(Math.max(0, ...input.funnel.points.map((p) => p.se), ...input.funnel.limits.map((l) => l.se)));
  const limits = [...input.funnel.limits].sort((a, b) => a.se - b.se);
  const outline = [...[...limits].reverse().map((l) => [toAxis(l.lower), l.se]), ...limits.map((l) => [toAxis(l.upper), l.se])];
  const centre = toAxis(input.funnel.center);

  const point = (p: FunnelData['points'][number]) => ({ value: [toAxis(p.yi), p.se], name: input.labels?.get(p.studyId) ?? p.studyId });
  const series: (ScatterSeries | LineSeries)[] = [
    {
      type: 'line',
      id: 'limits',
      name: 'Pseudo 95% limits',
      data: outline,
      showSymbol: false,
      silent: true,
      lineStyle: { color: chartColors.muted, type: 'dashed', width: 1 },
      markLine: {
        symbol: 'none',
        silent: true,
        label: { show: false },
        lineStyle: { color: chartColors.ink, type: 'solid', width: 1 },
        data: [{ xAxis: centre }],
      },
    },
    {
      type: 'scatter',
      id: 'studies',
      name: 'Studies',
      data: observed.map(point),
      symbolSize: 8,
      large: true,
      largeThreshold: LARGE_THRESHOLD,
      itemStyle: { color: chartColors.study },
      z: 4,
    },
  ];
  if (imputed.length > 0) {
    series.push({
      type: 'scatter',
      id: 'imputed',
      name: 'Imputed by trim-and-fill',
      data: imputed.map(point),
      symbolSize: 8,
      large: true,
      largeThreshold: LARGE_THRESHOLD,
      itemStyle: { color: chartColors.filled, borderColor: chartColors.study, borderWidth: 1.5 },
      z: 4,
    });
  }
  if (imputed.length > 0 && input.adjustedEstimate != null && Number.isFinite(input.adjustedEstimate)) {
    series.push({
      type: 'line',
      id: 'adjusted',
      name: 'Adjusted for missing studies',
      data: [
        [input.adjustedEstimate, 0],
        [input.adjustedEstimate, maxSe],
      ],
      showSymbol: false,
      silent: true,
      lineStyle: { color: chartColors.prediction, type: 'dotted', width: 1.5 },
    });
  }

  return {
    height: FUNNEL_HEIGHT,
    option: {
      animation: false,
      grid: { left: 64, right: 24, top: 16, bottom: 48 },
      tooltip: {
        trigger: 'item',
        formatter: tooltipFormatter(({ name, value }) => {
          const [effect, se] = value as number[];
          return [name, `${measureName(input.measure)} ${formatEffect(effect)} · SE ${formatEffect(se, 3)}`];
        }),
      },
      xAxis: {
        type: ratio ? 'log' : 'value',
        ...(ratio ? { logBase: 10 } : { scale: true }),
        name: ratio ? `${measureName(input.measure)} (log scale)` : measureName(input.measure),
        nameLocation: 'middle',
        nameGap: 28,
        splitLine: { show: false },
        axisLabel: { formatter: (value: number) => String(Number(value.toPrecision(3))) },
      },
      yAxis: {
        type: 'value',
        inverse: true,
        min: 0,
        max: maxSe,
        name: 'Standard error',
        nameLocation: 'middle',
        nameGap: 44,
        splitLine: { lineStyle: { color: '#eef0f3' } },
      },
      series,
    },
  };
}
