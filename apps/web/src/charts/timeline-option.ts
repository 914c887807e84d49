// The evidence timeline: the pooled estimate and its 95% CI at every version of the review that changed it.
import type { CustomSeriesRenderItem } from 'echarts';
import { formatEffectWithCi, formatPValue, measureName, nullEffect } from '../format';
import type { Measure, OutcomeVersion } from '../graphql/outcome';
import { chartColors, LARGE_THRESHOLD, type CustomSeries, type LineSeries, type SizedChartOption } from './chart-option';
import { clampToAxis, effectAxisRange } from './effect-axis';
import { tooltipFormatter } from './tooltip';

export interface TimelineInput {
  measure: Measure;
  versions: readonly OutcomeVersion[];
  /** Versions where a conclusion changed (significance, direction, certainty, verdict), marked with what changed. */
  conclusionMarks?: readonly { version: number; label: string }[];
}

export const CONCLUSION_MARK_COLOR = '#b7791f';

export const TIMELINE_HEIGHT = 280;

/** The API's `significant`: the 95% CI excludes no effect (1 for ratios, 0 for differences). */
export function excludesNoEffect(v: Pick<OutcomeVersion, 'ciLower' | 'ciUpper'>, measure: Measure): boolean {
  const none = nullEffect(measure);
  return v.ciLower !== null && v.ciUpper !== null && (v.ciLower > none || v.ciUpper < none);
}

export function timelineOption(input: TimelineInput): SizedChartOption {
  const versions = input.versions.filter((v) => v.estimate !== null && v.ciLower !== null && v.ciUpper !== null);
  const axis = effectAxisRange(input.measure, versions.flatMap((v) => [v.ciLower, v.ciUpper]));
  const marks = input.conclusionMarks ?? [];
  const markAt = new Map(marks.map((m) => [m.version, m.label]));

  // Every version's CI with its caps as one path: one element however long the review's history.
  const whiskers: CustomSeriesRenderItem = (_params, api) => {
    let path = '';
    for (const v of versions) {
      const [x, y1] = api.coord([v.version, clampToAxis(v.ciLower!, axis)]);
      const [, y2] = api.coord([v.version, clampToAxis(v.ciUpper!, axis)]);
      path += `M${x} ${y1}L${x} ${y2}M${x - 4} ${y1}L${x + 4} ${y1}M${x - 4} ${y2}L${x + 4} ${y2}`;
    }
    return { type: 'path', shape: { pathData: path || 'M0 0' }, style: { stroke: chartColors.study, lineWidth: 1.5, fill: 'none' } } as ReturnType<CustomSeriesRenderItem>;
  };

  const estimates: LineSeries = {
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
    // Hundreds of versions: the points would touch; the line and the CIs carry the history.
    showSymbol: versions.length <= LARGE_THRESHOLD,
    lineStyle: { color: chartColors.study, width: 1.5 },
    z: 4,
    markLine: {
      symbol: 'none',
      silent: true,
      label: { show: false },
      lineStyle: { color: chartColors.ink, type: 'solid', width: 1 },
      data: [
        { yAxis: axis.nullEffect },
        // Where a conclusion changed: a dashed line at the version, named by what changed.
        ...marks.map((m) => ({
          xAxis: m.version,
          name: m.label,
          lineStyle: { color: CONCLUSION_MARK_COLOR, type: 'dashed' as const, width: 1.5 },
          // A function, not a template: ECharts would fill {a}, {b} and {c} in a string.
          label: { show: true, formatter: () => m.label, position: 'insideEndTop' as const, color: CONCLUSION_MARK_COLOR, fontSize: 11 },
        })),
      ],
    },
  };
  const intervals: CustomSeries = {
    type: 'custom',
    id: 'intervals',
    name: '95% CI',
    renderItem: whiskers,
    encode: { x: 0, y: [1, 2] },
    // One datum: renderItem draws them all (the data keep the axis extent and the tests' view of the CIs).
    data: versions.length > 0 ? [[versions[0].version, versions[0].ciLower!, versions[0].ciUpper!]] : [],
    clip: false,
    silent: true,
    z: 3,
  };

  return {
    height: TIMELINE_HEIGHT,
    option: {
      animation: false,
      grid: { left: 64, right: 24, top: marks.length > 0 ? 40 : 24, bottom: 48 },
      tooltip: {
        trigger: 'item',
        formatter: tooltipFormatter(({ dataIndex }) => {
          const v = versions[dataIndex];
          if (!v) return null;
          return [
            `Version ${v.version} · ${v.k} stud${v.k === 1 ? 'y' : 'ies'}`,
            `${formatEffectWithCi(v.estimate, v.ciLower, v.ciUpper)} · ${formatPValue(v.pValue)}`,
            v.change?.summary,
            markAt.has(v.version) && `Conclusion changed: ${markAt.get(v.version)}`,
          ];
        }),
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
