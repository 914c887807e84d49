// The evidence timeline: the pooled estimate and its 95% CI at every version of the review that changed it.
import type { CustomSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { CustomSeriesRenderItem } from 'echarts';
import { formatEffectWithCi, formatPValue, measureName, nullEffect } from '../format';
import type { Measure, OutcomeVersion } from '../graphql/outcome';
import { chartColors, type SizedChartOption } from './chart-option';
import { clampToAxis, effectAxisRange } from './effect-axis';

export interface TimelineInput {
  measure: Measure;
  versions: readonly OutcomeVersion[];
}

export const TIMELINE_HEIGHT = 280;

/** The API's `significant`: the 95% CI excludes no effect (1 for ratios, 0 for differences). */
export function excludesNoEffect(v: Pick<OutcomeVersion, 'ciLower' | 'ciUpper'>, measure: Measure): boolean {
  const none = nullEffect(measure);
  return v.ciLower !== null && v.ciUpper !== null && (v.ciLower > none || v.ciUpper < none);
}

export function timelineOption(input: TimelineInput): SizedChartOption {
  const versions = input.versions.filter((v) => v.estimate !== null && v.ciLower !== null && v.ciUpper !== null);
  const axis = effectAxisRange(input.measure, versions.flatMap((v) => [v.ciLower, v.ciUpper]));

  const whiskers: CustomSeriesRenderItem = (_params, api) => {
    const version = Number(api.value(0));
    const low = api.coord([version, clampToAxis(Number(api.value(1)), axis)]);
    const high = api.coord([version, clampToAxis(Number(api.value(2)), axis)]);
    const style = { stroke: chartColors.study, lineWidth: 1.5 };
    return {
      type: 'group',
      children: [
        { type: 'line', shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style },
        { type: 'line', shape: { x1: low[0] - 4, y1: low[1], x2: low[0] + 4, y2: low[1] }, style },
        { type: 'line', shape: { x1: high[0] - 4, y1: high[1], x2: high[0] + 4, y2: high[1] }, style },
      ],
    } as ReturnType<CustomSeriesRenderItem>;
  };

  const estimates: LineSeriesOption = {
    type: 'line',
    id: 'estimates',
    name: 'Pooled estimate',
    // Significant results are filled, the others open.
    data: versions.map((v) => ({
      value: [v.version, v.estimate!],
      itemStyle: excludesNoEffect(v, input.measure) ? { color: chartColors.study } : { color: chartColors.filled, borderColor: chartColors.study, borderWidth: 1.5 },
    })),
    symbol: 'circle',
    symbolSize: 8,
    lineStyle: { color: chartColors.study, width: 1.5 },
    z: 4,
    markLine: { symbol: 'none', silent: true, label: { show: false }, lineStyle: { color: chartColors.ink, type: 'solid', width: 1 }, data: [{ yAxis: axis.nullEffect }] },
  };
  const intervals: CustomSeriesOption = {
    type: 'custom',
    id: 'intervals',
    name: '95% CI',
    renderItem: whiskers,
    encode: { x: 0, y: [1, 2] },
    data: versions.map((v) => [v.version, v.ciLower!, v.ciUpper!]),
    silent: true,
    z: 3,
  };

  return {
    height: TIMELINE_HEIGHT,
    option: {
      animation: false,
      grid: { left: 64, right: 24, top: 24, bottom: 48 },
      tooltip: {
        trigger: 'item',
        formatter: (params) => {
          const v = versions[(params as { dataIndex: number }).dataIndex];
          if (!v) return '';
          const change = v.change ? `<br/>${v.change.summary}` : '';
          return `Version ${v.version} · ${v.k} stud${v.k === 1 ? 'y' : 'ies'}<br/>${formatEffectWithCi(v.estimate, v.ciLower, v.ciUpper)} · ${formatPValue(v.pValue)}${change}`;
        },
      },
      xAxis: { type: 'value', name: 'Review version', nameLocation: 'middle', nameGap: 28, minInterval: 1, scale: true, splitLine: { show: false } },
      yAxis: {
        type: axis.type,
        ...(axis.type === 'log' ? { logBase: 10 } : {}),
        min: axis.min,
        max: axis.max,
        name: measureName(input.measure),
        nameLocation: 'middle',
        nameGap: 44,
        axisLabel: { formatter: (value: number) => String(Number(value.toPrecision(3))) },
        splitLine: { lineStyle: { color: '#eef0f3' } },
      },
      series: [intervals, estimates],
    },
  };
}
