// The forest plot, laid out as RevMan does: study, weight, effect [95% CI] as text, then the plot.
// Squares are sized so their area is proportional to the weight; the pooled diamond spans the 95% CI.
import type { CustomSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { GraphicComponentOption } from 'echarts/components';
import type { CustomSeriesRenderItem } from 'echarts';
import { formatEffect, formatEffectWithCi, formatHeterogeneity, formatI2, formatPValue, formatWeight, isRatio, measureName } from '../format';
import type { Measure, Model, PrePostDirection, StudyResult } from '../graphql/outcome';
import { chartColors, type SizedChartOption } from './chart-option';
import { effectAxisRange, type EffectAxisRange } from './effect-axis';
import { intervalPathSeries, intervalSeries } from './interval-series';

export interface ForestPlotInput {
  measure: Measure;
  model: Model | null;
  studies: readonly (Pick<StudyResult, 'label' | 'estimate' | 'ciLower' | 'ciUpper' | 'weight'> & { subgroup?: string | null })[];
  /** RevMan's subgroup layout: a heading, the group's studies and its subtotal diamond, per group. */
  subgroups?: ForestSubgroups | null;
  estimate: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  pValue: number | null;
  predictionLower: number | null;
  predictionUpper: number | null;
  tau2: number | null;
  q: number | null;
  qDf: number | null;
  qPValue: number | null;
  i2: number | null;
}

export interface ForestSubgroups {
  groups: readonly { name: string; k: number; estimate: number; ciLower: number; ciUpper: number; i2: number }[];
  qBetween: number;
  qBetweenDf: number;
  qBetweenPValue: number;
}

/** The API's name for the group of studies without a subgroup. */
export const NO_SUBGROUP = '(no subgroup)';

export interface ForestPlotLabels {
  /** What an effect left of the line of no effect means. */
  favoursLeft: string;
  favoursRight: string;
}

export const forestLayout = {
  rowHeight: 24,
  top: 52,
  bottom: 96,
  /** Largest square side, px: the heaviest study. */
  maxSquare: 18,
  minSquare: 4,
  weightColumn: 64,
  effectColumn: 150,
  charWidth: 7,
} as const;

export const TOTAL_LABEL = 'Total (95% CI)';
export const PREDICTION_LABEL = 'Prediction interval';

/** The second line of RevMan's effect column header: "Random, 95% CI". */
function modelWords(model: Model | null): string {
  return model === 'RANDOM' ? 'Random, ' : model === 'FIXED' ? 'Fixed, ' : '';
}

export function defaultFavours(measure: Measure, prePostDirection: PrePostDirection | null = null): ForestPlotLabels {
  // A single group's change from baseline has no comparator to favour: say which way the score moved.
  if (measure === 'MC') {
    return prePostDirection === 'DECREASE' ? { favoursLeft: 'Higher after', favoursRight: 'Lower after' } : { favoursLeft: 'Lower after', favoursRight: 'Higher after' };
  }
  return { favoursLeft: 'Favours experimental', favoursRight: 'Favours control' };
}

/** The side of a study's square: area proportional to its weight, the heaviest study at maxSquare. */
export function squareSide(weight: number, maxWeight: number): number {
  if (!(maxWeight > 0) || !(weight > 0)) return forestLayout.minSquare;
  return Math.max(forestLayout.minSquare, forestLayout.maxSquare * Math.sqrt(weight / maxWeight));
}

type DiamondDatum = [lower: number, estimate: number, upper: number, row: number];

function diamondSeries(data: DiamondDatum[], color: string): CustomSeriesOption {
  const renderItem: CustomSeriesRenderItem = (_params, api) => {
    const row = Number(api.value(3));
    const left = api.coord([Number(api.value(0)), row]);
    const centre = api.coord([Number(api.value(1)), row]);
    const right = api.coord([Number(api.value(2)), row]);
    const band = (api.size?.([0, 1]) as number[] | undefined)?.[1] ?? forestLayout.rowHeight;
    const half = Math.min(band, forestLayout.rowHeight) * 0.38;
    return {
      type: 'polygon',
      shape: { points: [left, [centre[0], centre[1] - half], right, [centre[0], centre[1] + half]] },
      style: { fill: color, stroke: color },
    } as ReturnType<CustomSeriesRenderItem>;
  };
  return { type: 'custom', id: 'pooled', name: 'Pooled', renderItem, encode: { x: [0, 1, 2], y: 3 }, data, z: 3, silent: true };
}

/** "Favours …" under the axis, either side of the line of no effect. */
function favoursSeries(axis: EffectAxisRange, labels: ForestPlotLabels, lastRow: number): CustomSeriesOption {
  const renderItem: CustomSeriesRenderItem = (params, api) => {
    const [x] = api.coord([axis.nullEffect, lastRow]);
    const system = params.coordSys as unknown as { y: number; height: number };
    const y = system.y + system.height + 36;
    const style = { fill: chartColors.muted, fontSize: 12, verticalAlign: 'middle' as const };
    return {
      type: 'group',
      children: [
        { type: 'text', style: { ...style, text: labels.favoursLeft, x: x - 8, y, align: 'right' } },
        { type: 'text', style: { ...style, text: labels.favoursRight, x: x + 8, y, align: 'left' } },
      ],
    } as ReturnType<CustomSeriesRenderItem>;
  };
  return { type: 'custom', id: 'favours', name: 'Favours', renderItem, data: [[axis.nullEffect, lastRow]], encode: { x: 0, y: 1 }, clip: false, silent: true };
}

export function forestPlotOption(input: ForestPlotInput, labels: ForestPlotLabels = defaultFavours(input.measure)): SizedChartOption {
  const { rowHeight, top, bottom, weightColumn, effectColumn, charWidth } = forestLayout;
  const studies = input.studies;
  const k = studies.length;
  const hasPooled = input.estimate !== null && input.ciLower !== null && input.ciUpper !== null;
  const hasPrediction = input.model === 'RANDOM' && k >= 3 && input.predictionLower !== null && input.predictionUpper !== null;

  const rows: string[] = [];
  const weights: string[] = [];
  const effects: string[] = [];
  const boldRows = new Set<number>();
  const studyRows: number[] = [];
  const subtotals: DiamondDatum[] = [];
  const addRow = (label: string, weight: string, effect: string, bold = false) => {
    if (bold) boldRows.add(rows.length);
    rows.push(label);
    weights.push(weight);
    effects.push(effect);
    return rows.length - 1;
  };
  const addStudy = (index: number) => {
    const s = studies[index];
    studyRows[index] = addRow(s.label, formatWeight(s.weight), formatEffectWithCi(s.estimate, s.ciLower, s.ciUpper));
  };

  const groups = input.subgroups?.groups ?? [];
  if (groups.length > 0) {
    const placed = new Set<number>();
    for (const group of groups) {
      const members = studies.map((s, i) => ((s.subgroup ?? NO_SUBGROUP) === group.name ? i : -1)).filter((i) => i >= 0);
      addRow(group.name, '', '', true);
      for (const i of members) {
        addStudy(i);
        placed.add(i);
      }
      const weight = members.reduce((sum, i) => sum + studies[i].weight, 0);
      const row = addRow(`Subtotal (I² = ${formatI2(group.i2)})`, formatWeight(weight), formatEffectWithCi(group.estimate, group.ciLower, group.ciUpper), true);
      subtotals.push([group.ciLower, group.estimate, group.ciUpper, row]);
    }
    studies.forEach((_, i) => placed.has(i) || addStudy(i));
  } else {
    studies.forEach((_, i) => addStudy(i));
  }
  const totalRow = hasPooled ? addRow(TOTAL_LABEL, formatWeight(100), formatEffectWithCi(input.estimate, input.ciLower, input.ciUpper), true) : -1;
  const predictionRow = hasPrediction ? addRow(PREDICTION_LABEL, '', `[${formatEffect(input.predictionLower)}, ${formatEffect(input.predictionUpper)}]`) : -1;

  const axis = effectAxisRange(input.measure, [
    ...studies.flatMap((s) => [s.ciLower, s.ciUpper]),
    input.ciLower,
    input.ciUpper,
    ...subtotals.flatMap(([lower, , upper]) => [lower, upper]),
    hasPrediction ? input.predictionLower : null,
    hasPrediction ? input.predictionUpper : null,
  ]);

  const labelColumn = Math.min(280, Math.max(120, Math.max(...rows.map((r) => r.length), 5) * charWidth + 16));
  const gridLeft = labelColumn + weightColumn + effectColumn + 16;
  const weightRight = gridLeft - effectColumn - 12;
  const effectRight = gridLeft - 12;
  const maxWeight = Math.max(0, ...studies.map((s) => s.weight));

  // The text columns are one multi-line text each (lines rowHeight apart, as the rows are spaced), not a label
  // per row: a 500-study plot would otherwise lay out 1,500 text elements. Bold lines (totals, subgroup
  // headings) are a second text over the first, so neither needs ECharts' slower rich text.
  const column = (id: string, lines: string[], x: number, align: 'left' | 'right'): GraphicComponentOption[] => {
    const text = (bold: boolean) => lines.map((line, i) => (boldRows.has(i) === bold ? line : '')).join('\n');
    const style = { align, verticalAlign: 'top' as const, fontSize: 12, lineHeight: rowHeight, fill: chartColors.ink };
    const plain: GraphicComponentOption = { type: 'text', id, x, y: top, silent: true, style: { ...style, text: text(false) } };
    if (boldRows.size === 0) return [plain];
    return [plain, { type: 'text', id: `${id}-bold`, x, y: top, silent: true, style: { ...style, text: text(true), fontWeight: 'bold' } }];
  };

  // The squares as one path (a symbol each costs a 500-study plot hundreds of milliseconds); hovering a row
  // is answered by an invisible scatter in ECharts' large mode (one element), which carries the tooltip.
  const squareData: [estimate: number, row: number, side: number][] = studies.map((s, i) => [s.estimate, studyRows[i], squareSide(s.weight, maxWeight)]);
  const squarePaths: CustomSeriesOption = {
    type: 'custom',
    id: 'squares',
    name: 'Study weights',
    renderItem: (_params, api) => {
      let path = '';
      for (const [estimate, row, side] of squareData) {
        if (estimate < axis.min || estimate > axis.max) continue;
        const [x, y] = api.coord([estimate, row]);
        const half = side / 2;
        path += `M${x - half} ${y - half}h${side}v${side}h${-side}Z`;
      }
      return { type: 'path', shape: { pathData: path || 'M0 0' }, style: { fill: chartColors.study } } as ReturnType<CustomSeriesRenderItem>;
    },
    encode: { x: 0, y: 1 },
    data: squareData.length > 0 ? [[axis.nullEffect, 0]] : [],
    silent: true,
    clip: false,
    z: 4,
  };
  const squares: ScatterSeriesOption = {
    type: 'scatter',
    id: 'studies',
    name: 'Studies',
    symbol: 'rect',
    symbolSize: [28, rowHeight - 4],
    large: true,
    largeThreshold: 0,
    data: studies.map((s, i) => [s.estimate, studyRows[i]]),
    itemStyle: { color: 'rgba(0, 0, 0, 0)' },
    z: 5,
    tooltip: {
      formatter: (params) => {
        const study = studies[(params as { dataIndex: number }).dataIndex];
        return study ? `${study.label}<br/>${formatEffectWithCi(study.estimate, study.ciLower, study.ciUpper)} · weight ${formatWeight(study.weight)}` : '';
      },
    },
    markLine: {
      symbol: 'none',
      silent: true,
      label: { show: false },
      lineStyle: { color: chartColors.ink, type: 'solid', width: 1 },
      data: [{ xAxis: axis.nullEffect }],
    },
  };

  const series: (ScatterSeriesOption | CustomSeriesOption)[] = [
    squares,
    squarePaths,
    intervalPathSeries('intervals', 'Study 95% CI', studies.map((s, i) => [s.ciLower, s.ciUpper, studyRows[i]]), axis, chartColors.study),
  ];
  if (subtotals.length > 0) series.push({ ...diamondSeries(subtotals, chartColors.pooled), id: 'subtotals', name: 'Subtotals' });
  if (hasPooled) series.push(diamondSeries([[input.ciLower!, input.estimate!, input.ciUpper!, totalRow]], chartColors.pooled));
  if (hasPrediction) series.push({ ...intervalSeries(PREDICTION_LABEL, [[input.predictionLower!, input.predictionUpper!, predictionRow]], axis, chartColors.prediction, { width: 2 }), id: 'prediction' });
  series.push(favoursSeries(axis, labels, Math.max(rows.length - 1, 0)));

  const header = (text: string, x: number, align: 'left' | 'right'): GraphicComponentOption => ({
    type: 'text',
    x,
    y: 8,
    style: { text, align, fontWeight: 'bold', fontSize: 12, lineHeight: 16, fill: chartColors.ink },
  });
  const footnote = (text: string, fromBottom: number): GraphicComponentOption => ({
    type: 'text',
    left: 8,
    bottom: fromBottom,
    style: { text, fontSize: 12, fill: chartColors.muted },
  });
  const graphic: GraphicComponentOption[] = [
    ...column('column-labels', rows, 8, 'left'),
    ...column('column-weights', weights, weightRight, 'right'),
    ...column('column-effects', effects, effectRight, 'right'),
    header('\nStudy', 8, 'left'),
    header('\nWeight', weightRight, 'right'),
    header(`${measureName(input.measure)}\n${modelWords(input.model)}95% CI`, effectRight, 'right'),
  ];
  const notes: string[] = [];
  if (hasPooled) {
    notes.push(k >= 2 ? formatHeterogeneity(input) : 'Heterogeneity: not applicable (one study)');
    notes.push(`Test for overall effect: ${formatPValue(input.pValue)}`);
    if (input.subgroups && groups.length > 1) {
      const { qBetween, qBetweenDf, qBetweenPValue } = input.subgroups;
      notes.push(`Test for subgroup differences: Q = ${qBetween.toFixed(2)}, df = ${qBetweenDf} (${formatPValue(qBetweenPValue)})`);
    }
  }
  notes.forEach((note, i) => graphic.push(footnote(note, 10 + 20 * (notes.length - 1 - i))));
  // Room under the axis for its labels and the favours labels, then one line per note.
  const gridBottom = bottom + 20 * Math.max(0, notes.length - 2);

  return {
    height: top + Math.max(rows.length, 1) * rowHeight + gridBottom,
    option: {
      animation: false,
      grid: { left: gridLeft, right: 24, top, bottom: gridBottom },
      tooltip: { trigger: 'item', confine: true },
      xAxis: {
        type: axis.type,
        ...(axis.type === 'log' ? { logBase: 10 } : {}),
        min: axis.min,
        max: axis.max,
        splitLine: { show: false },
        axisLine: { show: true, onZero: false, lineStyle: { color: chartColors.ink } },
        axisLabel: { color: chartColors.ink, formatter: (value: number) => (isRatio(input.measure) ? String(Number(value.toPrecision(3))) : String(value)), showMinLabel: true, showMaxLabel: true },
      },
      // Row i sits at y = i, top down; the text columns above write the rows (a category axis of 500 rows
      // would lay out labels it does not show).
      yAxis: { type: 'value', id: 'rows', min: -0.5, max: Math.max(rows.length, 1) - 0.5, inverse: true, show: false },
      series,
      graphic,
    },
  };
}
