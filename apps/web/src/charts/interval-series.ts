// A confidence interval as a whisker: a horizontal line per row, with an arrow where it runs off the axis.
import type { CustomSeries } from './chart-option';
import type { CustomSeriesRenderItem } from 'echarts';
import { clampToAxis, type EffectAxisRange } from './effect-axis';

/** One interval: [lower, upper, row] on the reporting scale and the category axis. */
export type IntervalDatum = [lower: number, upper: number, row: number];

export function intervalSeries(name: string, data: IntervalDatum[], axis: EffectAxisRange, color: string, options: { dashed?: boolean; width?: number } = {}): CustomSeries {
  const renderItem: CustomSeriesRenderItem = (_params, api) => {
    const lower = Number(api.value(0));
    const upper = Number(api.value(1));
    const row = Number(api.value(2));
    const from = api.coord([clampToAxis(lower, axis), row]);
    const to = api.coord([clampToAxis(upper, axis), row]);
    const style = { stroke: color, lineWidth: options.width ?? 1.5, lineDash: options.dashed ? [4, 3] : undefined };
    const children: NonNullable<Exclude<ReturnType<CustomSeriesRenderItem>, null | undefined>>[] = [
      { type: 'line', shape: { x1: from[0], y1: from[1], x2: to[0], y2: to[1] }, style },
    ];
    if (lower < axis.min) children.push({ type: 'polyline', shape: { points: [[from[0] + 6, from[1] - 4], [from[0], from[1]], [from[0] + 6, from[1] + 4]] }, style });
    if (upper > axis.max) children.push({ type: 'polyline', shape: { points: [[to[0] - 6, to[1] - 4], [to[0], to[1]], [to[0] - 6, to[1] + 4]] }, style });
    return { type: 'group', children } as ReturnType<CustomSeriesRenderItem>;
  };
  return {
    type: 'custom',
    name,
    renderItem,
    encode: { x: [0, 1], y: 2 },
    data,
    silent: true,
    z: 2,
  };
}

/**
 * Many intervals as one path: a single element however many rows (a group per row costs a 500-study plot
 * hundreds of milliseconds to build and draw). Same look as intervalSeries: a line per row, arrows off-axis.
 */
export function intervalPathSeries(id: string, name: string, data: IntervalDatum[], axis: EffectAxisRange, color: string): CustomSeries {
  const renderItem: CustomSeriesRenderItem = (_params, api) => {
    let path = '';
    for (const [lower, upper, row] of data) {
      const [x1, y] = api.coord([clampToAxis(lower, axis), row]);
      const [x2] = api.coord([clampToAxis(upper, axis), row]);
      path += `M${x1} ${y}L${x2} ${y}`;
      if (lower < axis.min) path += `M${x1 + 6} ${y - 4}L${x1} ${y}L${x1 + 6} ${y + 4}`;
      if (upper > axis.max) path += `M${x2 - 6} ${y - 4}L${x2} ${y}L${x2 - 6} ${y + 4}`;
    }
    return { type: 'path', shape: { pathData: path || 'M0 0' }, style: { stroke: color, lineWidth: 1.5, fill: 'none' } } as ReturnType<CustomSeriesRenderItem>;
  };
  // One datum: renderItem runs once and draws every row.
  return { type: 'custom', id, name, renderItem, encode: { x: 0, y: 1 }, data: data.length > 0 ? [[axis.nullEffect, 0]] : [], silent: true, z: 2, clip: false };
}
