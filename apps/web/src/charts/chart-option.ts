// The ECharts option type for the parts this dashboard registers (echarts-setup.ts); types only. A tooltip formatter
// returns HTML, so the only one these types accept is made by `tooltipFormatter` (tooltip.ts), which escapes.
import type { CustomSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type {
  GraphicComponentOption,
  GridComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';

declare const escaped: unique symbol;
/** A tooltip formatter made by `tooltipFormatter`: its HTML is lines of escaped text. */
export type TooltipFormatter = ((params: unknown) => string) & { readonly [escaped]: true };

type WithTooltipFormatter<T> = Omit<T, 'formatter'> & { formatter?: TooltipFormatter };
type WithSeriesTooltip<S extends { tooltip?: unknown }> = Omit<S, 'tooltip'> & { tooltip?: WithTooltipFormatter<NonNullable<S['tooltip']>> };

export type TooltipOption = WithTooltipFormatter<TooltipComponentOption>;
export type ScatterSeries = WithSeriesTooltip<ScatterSeriesOption>;
export type LineSeries = WithSeriesTooltip<LineSeriesOption>;
export type CustomSeries = WithSeriesTooltip<CustomSeriesOption>;

export type ChartOption = ComposeOption<
  | CustomSeries
  | LineSeries
  | ScatterSeries
  | GraphicComponentOption
  | GridComponentOption
  | MarkLineComponentOption
  | TooltipOption
>;

/** A chart option with the height (px) its rows need; the component sizes its box from it. */
export interface SizedChartOption {
  option: ChartOption;
  height: number;
}

export const chartColors = {
  ink: '#1d2733',
  muted: '#5b6675',
  line: '#c3cad3',
  study: '#264f78',
  pooled: '#1d2733',
  prediction: '#a12d2d',
  filled: '#ffffff',
  band: 'rgba(38, 79, 120, 0.12)',
} as const;

/** Above this many points a scatter draws as one element (ECharts' large mode: same symbol and size for all). */
export const LARGE_THRESHOLD = 100;
