// ECharts, only the parts the dashboard draws with (the whole library is several times larger).
// Legends are HTML beside the charts: ECharts' legend component would add 17 kB for three labels.
import { CustomChart, LineChart, ScatterChart } from 'echarts/charts';
import { GraphicComponent, GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([CanvasRenderer, ScatterChart, CustomChart, LineChart, GridComponent, TooltipComponent, MarkLineComponent, GraphicComponent]);

export { init, use };
