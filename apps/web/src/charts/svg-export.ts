// A chart as an SVG file: ECharts' SVG renderer in its server-side mode draws the same option off screen.
// Loaded only when someone asks for an SVG, so the renderer is not in the first page load.
import { SVGRenderer } from 'echarts/renderers';
import type { ChartOption } from './chart-option';
import { init, use } from './echarts-setup';

use([SVGRenderer]);

export function chartToSvg(option: ChartOption, width: number, height: number): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ ...option, animation: false, backgroundColor: '#ffffff' });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
