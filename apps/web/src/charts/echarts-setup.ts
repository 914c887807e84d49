// ECharts, only the parts the dashboard draws with (the whole library is several times larger).
// Legends are HTML beside the charts: ECharts' legend component would add 17 kB for three labels.
import { CustomChart, LineChart, ScatterChart } from 'echarts/charts';
import { GraphicComponent, GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

// Tall charts (a forest plot of hundreds of studies) draw as SVG: the browser paints only what is on screen,
// where a canvas thousands of pixels tall is cleared and painted whole.
use([CanvasRenderer, SVGRenderer, ScatterChart, CustomChart, LineChart, GridComponent, TooltipComponent, MarkLineComponent, GraphicComponent]);

export { init, use };

/** Charts taller than this (px) draw as SVG. */
export const TALL_CHART = 2400;
