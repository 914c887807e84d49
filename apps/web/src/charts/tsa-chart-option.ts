// Trial sequential analysis (Wetterslev 2008; TSA manual, Thorlund 2011): the cumulative Z-curve by participants
// against the conventional ±1.96 lines, the O'Brien-Fleming monitoring boundaries, the futility wedge that
// closes at the required information size (RIS), and the RIS itself.
import { formatCount } from '../format';
import type { SequentialAnalysis, SequentialVerdict } from '../graphql/outcome';
import { chartColors, type LineSeries, type SizedChartOption } from './chart-option';
import { tooltipFormatter } from './tooltip';

export interface TsaChartInput {
  sequential: Pick<SequentialAnalysis, 'requiredInformationSize' | 'finalBoundary' | 'looks'>;
  /** Study labels by id, for the tooltip. */
  labels?: ReadonlyMap<string, string>;
}

export const TSA_HEIGHT = 360;
/** The conventional two-sided 5% line, |Z| = 1.96. */
export const CONVENTIONAL_Z = 1.959963984540054;
// Early boundaries reach 10 and more; beyond this they run off the top of the plot.
const Z_CAP = 8;

const verdictLabels: Record<SequentialVerdict, string> = {
  FIRM_EVIDENCE_OF_EFFECT: 'Firm evidence of an effect',
  FIRM_EVIDENCE_OF_NO_EFFECT: 'Firm evidence of no effect as large as assumed',
  NOT_YET_CONCLUSIVE: 'Not yet conclusive',
};

export function sequentialVerdictLabel(verdict: SequentialVerdict): string {
  return verdictLabels[verdict];
}

type Point = [participants: number, z: number];

/** The boundary as a curve through the looks where it is finite, reaching `final` at the RIS. */
function boundaryCurve(looks: TsaChartInput['sequential']['looks'], pick: (look: TsaChartInput['sequential']['looks'][number]) => number | null, ris: number, final: number, cap: number, stopAtRis: boolean): Point[] {
  const points: Point[] = looks
    .filter((look) => pick(look) !== null && Number.isFinite(pick(look)!) && (!stopAtRis || look.participants < ris))
    .map((look) => [look.participants, Math.min(pick(look)!, cap)]);
  if (!points.some(([x]) => x === ris)) points.push([ris, Math.min(final, cap)]);
  return points.sort((a, b) => a[0] - b[0]);
}

const mirror = (points: Point[]): Point[] => points.map(([x, z]) => [x, -z]);

export function tsaChartOption(input: TsaChartInput): SizedChartOption {
  const { looks, requiredInformationSize: ris, finalBoundary } = input.sequential;
  const finiteBoundaries = looks.map((l) => l.boundary).filter((b): b is number => b !== null && Number.isFinite(b));
  const reach = Math.max(CONVENTIONAL_Z, finalBoundary, ...looks.map((l) => Math.abs(l.z)), ...finiteBoundaries);
  const yMax = Math.max(3, Math.min(Z_CAP, Math.ceil(reach + 0.5)));
  const xMax = Math.max(ris, ...looks.map((l) => l.participants)) * 1.05;

  const monitoring = boundaryCurve(looks, (l) => l.boundary, ris, finalBoundary, yMax, false);
  const futility = boundaryCurve(looks, (l) => l.futilityBoundary, ris, finalBoundary, yMax, true);
  const boundaryLine = (id: string, name: string, data: Point[], color: string, dashed: boolean): LineSeries => ({
    type: 'line',
    id,
    name,
    data,
    symbol: 'none',
    silent: true,
    lineStyle: { color, width: 1.5, type: dashed ? 'dashed' : 'solid' },
    z: 2,
  });

  const zCurve: LineSeries = {
    type: 'line',
    id: 'z-curve',
    name: 'Cumulative Z',
    data: [[0, 0], ...looks.map((l): Point => [l.participants, Math.max(-yMax, Math.min(yMax, l.z))])],
    symbol: 'circle',
    symbolSize: 6,
    showSymbol: looks.length <= 60,
    itemStyle: { color: chartColors.study },
    lineStyle: { color: chartColors.study, width: 2 },
    z: 4,
    markLine: {
      symbol: 'none',
      silent: true,
      animation: false,
      data: [
        { yAxis: CONVENTIONAL_Z, name: 'Z = 1.96', lineStyle: { color: chartColors.muted, type: 'dotted' }, label: { formatter: 'Z = +1.96', position: 'insideEndTop', color: chartColors.muted } },
        { yAxis: -CONVENTIONAL_Z, name: 'Z = -1.96', lineStyle: { color: chartColors.muted, type: 'dotted' }, label: { formatter: 'Z = -1.96', position: 'insideEndBottom', color: chartColors.muted } },
        { yAxis: 0, lineStyle: { color: chartColors.line, type: 'solid' }, label: { show: false } },
        {
          xAxis: ris,
          name: 'RIS',
          lineStyle: { color: chartColors.prediction, type: 'dashed', width: 1.5 },
          label: { formatter: `RIS ${formatCount(ris)}`, position: 'end', color: chartColors.prediction },
        },
      ],
    },
  };

  return {
    height: TSA_HEIGHT,
    option: {
      animation: false,
      grid: { left: 56, right: 72, top: 28, bottom: 48 },
      tooltip: {
        trigger: 'item',
        // The Z-curve starts at (0, 0), before the first look.
        formatter: tooltipFormatter(({ dataIndex }) => {
          const look = looks[dataIndex - 1];
          if (!look) return null;
          const boundary = look.boundary === null ? 'not yet defined' : `±${look.boundary.toFixed(2)}`;
          return [
            input.labels?.get(look.studyId) ?? 'After this study',
            `${formatCount(look.participants)} participants (${Math.round(look.informationFraction * 100)}% of the RIS)`,
            `Z = ${look.z.toFixed(2)} · boundary ${boundary}`,
          ];
        }),
      },
      xAxis: { type: 'value', name: 'Cumulative participants', nameLocation: 'middle', nameGap: 28, min: 0, max: Math.ceil(xMax), splitLine: { show: false }, axisLabel: { formatter: (v: number) => formatCount(v) } },
      yAxis: { type: 'value', name: 'Cumulative Z', nameLocation: 'middle', nameGap: 36, min: -yMax, max: yMax, interval: yMax > 4 ? 2 : 1, splitLine: { lineStyle: { color: '#eef0f3' } } },
      series: [
        boundaryLine('monitoring-upper', 'Monitoring boundary', monitoring, chartColors.prediction, false),
        boundaryLine('monitoring-lower', 'Monitoring boundary', mirror(monitoring), chartColors.prediction, false),
        boundaryLine('futility-upper', 'Futility boundary', futility, '#b7791f', true),
        boundaryLine('futility-lower', 'Futility boundary', mirror(futility), '#b7791f', true),
        zCurve,
      ],
    },
  };
}
