// The ECharts option type for the parts this dashboard registers (echarts-setup.ts); types only.
import type { CustomSeriesOption, LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type {
  GraphicComponentOption,
  GridComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';

export type ChartOption = ComposeOption<
  | CustomSeriesOption
  | LineSeriesOption
  | ScatterSeriesOption
  | GraphicComponentOption
  | GridComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
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
