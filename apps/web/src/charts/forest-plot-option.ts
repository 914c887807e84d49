// The forest plot, laid out as RevMan does: study, weight, effect [95% CI] as text, then the plot. One line per data
// row (a multi-arm trial's comparisons each on their own, "Smith 2019 (high dose)"); squares are sized so their area
// is proportional to the weight; a pooled diamond spans its 95% CI. The totals drawn follow the outcome's setting:
// all (overall and subgroups), subgroup totals only (each with its heterogeneity, no overall), or none (rows only).
import type { GraphicComponentOption } from 'echarts/components';
import type { CustomSeriesRenderItem } from 'echarts';
import { formatEffect, formatEffectWithCi, formatHeterogeneity, formatI2, formatPValue, formatWeight, isRatio, measureName } from '../format';
import type { AnalysisTotals, Measure, Model, PrePostDirection, StudyResult, UnitOfAnalysisNote } from '../graphql/outcome';
import { chartColors, type CustomSeries, type ScatterSeries, type SizedChartOption } from './chart-option';
import { effectAxisRange, type EffectAxisRange } from './effect-axis';
import { intervalPathSeries, intervalSeries } from './interval-series';
import { tooltipFormatter } from './tooltip';

/** A line of the plot: one data row of a study. */
export type ForestRow = Pick<StudyResult, 'label' | 'estimate' | 'ciLower' | 'ciUpper' | 'weight'> & Partial<Pick<StudyResult, 'studyId' | 'rowId' | 'subgroup'>>;

export interface ForestPlotInput {
  measure: Measure;
  model: Model | null;
  studies: readonly ForestRow[];
  /** RevMan's subgroup layout: a heading, the group's rows and its subtotal diamond, per group. */
  subgroups?: ForestSubgroups | null;
  /** Which totals are drawn (ALL when not given). */
  totals?: AnalysisTotals;
  /** Studies whose participants may enter one total twice: their rows are marked † and the note shows on hover. */
  unitOfAnalysis?: readonly Pick<UnitOfAnalysisNote, 'studyId' | 'rowIds' | 'message'>[];
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

export interface ForestSubgroup {
  name: string;
  /** Rows in the subgroup. */
  k: number;
  estimate: number;
  ciLower: number;
  ciUpper: number;
  i2: number;
  /** For the subgroup's own heterogeneity and overall-effect lines (subgroup totals only). */
  pValue?: number | null;
  tau2?: number | null;
  fit?: { q: number; qDf?: number; qPValue: number } | null;
}

export interface ForestSubgroups {
  groups: readonly ForestSubgroup[];
  qBetween: number;
  qBetweenDf: number;
  qBetweenPValue: number;
  qBetweenI2?: number | null;
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
  /** The label column grows with the longest label up to this width; longer labels are cut with an ellipsis. */
  maxLabelColumn: 280,
} as const;

/** The most characters of a label the forest plot draws (the tooltip gives it whole). */
export const FOREST_LABEL_CHARACTERS = Math.floor((forestLayout.maxLabelColumn - 16) / forestLayout.charWidth);

/** A label cut to `max` characters with an ellipsis, so it stays in its column (the tooltip gives it whole). */
export function fitted(label: string, max: number): string {
  const characters = [...label];
  return characters.length <= max ? label : `${characters.slice(0, Math.max(1, max - 1)).join('')}…`;
}

export const TOTAL_LABEL = 'Total (95% CI)';
export const PREDICTION_LABEL = 'Prediction interval';
/** After the label of a row whose participants may count twice in one total. */
export const UNIT_OF_ANALYSIS_MARK = '†';
/** Every square's side when nothing is pooled (no weights). */
const UNWEIGHTED_SQUARE = 8;

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

function diamondSeries(data: DiamondDatum[], color: string): CustomSeries {
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
function favoursSeries(axis: EffectAxisRange, labels: ForestPlotLabels, lastRow: number): CustomSeries {
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

/** The forest plot and where its study rows are: figures beside it (risk of bias) align their rows with `studyRows`. */
export interface ForestPlotOption extends SizedChartOption {
  /** The line of each input row, top down from `forestLayout.top`, `forestLayout.rowHeight` apart. */
  studyRows: number[];
  /** Lines drawn (study rows, headings, totals). */
  lineCount: number;
}

export function forestPlotOption(input: ForestPlotInput, labels: ForestPlotLabels = defaultFavours(input.measure)): ForestPlotOption {
  const { rowHeight, top, bottom, effectColumn, charWidth } = forestLayout;
  const studies = input.studies;
  const k = studies.length;
  const totals = input.totals ?? 'ALL';
  // Subgroup totals only, with no row in a subgroup, pools nothing: drawn as no totals.
  const weighted = totals === 'ALL' || (totals === 'SUBGROUPS' && (input.subgroups?.groups.length ?? 0) > 0);
  const weightColumn = weighted ? forestLayout.weightColumn : 0;
  const hasPooled = totals === 'ALL' && input.estimate !== null && input.ciLower !== null && input.ciUpper !== null;
  const hasPrediction = hasPooled && input.model === 'RANDOM' && k >= 3 && input.predictionLower !== null && input.predictionUpper !== null;

  // The unit-of-analysis note of each row it concerns (older analyses have no row ids: the study's rows).
  const notesOf = (s: ForestRow) => (input.unitOfAnalysis ?? []).filter((note) => (s.rowId ? note.rowIds.includes(s.rowId) : note.studyId === s.studyId));
  const flagged = studies.map((s) => notesOf(s).map((note) => note.message));

  const rows: string[] = [];
  const weights: string[] = [];
  const effects: string[] = [];
  /** How each line is written: bold (headings, totals) or muted (a subgroup's heterogeneity and test, under it). */
  const boldRows = new Set<number>();
  const mutedRows = new Set<number>();
  const studyRows: number[] = [];
  const subtotals: DiamondDatum[] = [];
  const addRow = (label: string, weight: string, effect: string, style: 'plain' | 'bold' | 'muted' = 'plain') => {
    if (style === 'bold') boldRows.add(rows.length);
    if (style === 'muted') mutedRows.add(rows.length);
    rows.push(label);
    weights.push(weight);
    effects.push(effect);
    return rows.length - 1;
  };
  const addStudy = (index: number) => {
    const s = studies[index];
    const label = flagged[index].length > 0 ? `${s.label} ${UNIT_OF_ANALYSIS_MARK}` : s.label;
    studyRows[index] = addRow(label, weighted ? formatWeight(s.weight) : '', formatEffectWithCi(s.estimate, s.ciLower, s.ciUpper));
  };

  const subgroupOf = (s: ForestRow) => s.subgroup ?? NO_SUBGROUP;
  // Without totals there are no subgroup results, but rows with subgroups are still shown under their headings.
  const groups: readonly ForestSubgroup[] =
    totals === 'NONE'
      ? studies.some((s) => s.subgroup)
        ? [...new Set(studies.map(subgroupOf))].map((name) => ({ name, k: 0, estimate: Number.NaN, ciLower: Number.NaN, ciUpper: Number.NaN, i2: Number.NaN }))
        : []
      : (input.subgroups?.groups ?? []);
  if (groups.length > 0) {
    const placed = new Set<number>();
    for (const group of groups) {
      const members = studies.map((s, i) => (subgroupOf(s) === group.name ? i : -1)).filter((i) => i >= 0);
      addRow(group.name, '', '', 'bold');
      for (const i of members) {
        addStudy(i);
        placed.add(i);
      }
      if (totals === 'NONE') continue;
      const weight = members.reduce((sum, i) => sum + studies[i].weight, 0);
      const row = addRow(`Subtotal (I² = ${formatI2(group.i2)})`, formatWeight(weight), formatEffectWithCi(group.estimate, group.ciLower, group.ciUpper), 'bold');
      subtotals.push([group.ciLower, group.estimate, group.ciUpper, row]);
      // Without the overall total, each subgroup's own heterogeneity and test stand under it, as RevMan writes them.
      if (totals === 'SUBGROUPS') {
        const heterogeneity = group.fit
          ? formatHeterogeneity({ tau2: group.tau2 ?? null, q: group.fit.q, qDf: group.fit.qDf ?? group.k - 1, qPValue: group.fit.qPValue, i2: group.i2, model: input.model })
          : 'Heterogeneity: not applicable';
        addRow(group.k >= 2 ? heterogeneity : 'Heterogeneity: not applicable (one study)', '', '', 'muted');
        addRow(`Test for overall effect: ${formatPValue(group.pValue)}`, '', '', 'muted');
      }
    }
    studies.forEach((_, i) => placed.has(i) || addStudy(i));
  } else {
    studies.forEach((_, i) => addStudy(i));
  }
  const totalRow = hasPooled ? addRow(TOTAL_LABEL, formatWeight(100), formatEffectWithCi(input.estimate, input.ciLower, input.ciUpper), 'bold') : -1;
  const predictionRow = hasPrediction ? addRow(PREDICTION_LABEL, '', `[${formatEffect(input.predictionLower)}, ${formatEffect(input.predictionUpper)}]`) : -1;

  const axis = effectAxisRange(input.measure, [
    ...studies.flatMap((s) => [s.ciLower, s.ciUpper]),
    input.ciLower,
    input.ciUpper,
    ...subtotals.flatMap(([lower, , upper]) => [lower, upper]),
    hasPrediction ? input.predictionLower : null,
    hasPrediction ? input.predictionUpper : null,
  ]);

  // A subgroup's heterogeneity lines run on under the empty weight and effect columns, as in RevMan: they do not widen the label column.
  const labelColumn = Math.min(forestLayout.maxLabelColumn, Math.max(120, Math.max(...rows.filter((_, i) => !mutedRows.has(i)).map((r) => r.length), 5) * charWidth + 16));
  const gridLeft = labelColumn + weightColumn + effectColumn + 16;
  const weightRight = gridLeft - effectColumn - 12;
  const effectRight = gridLeft - 12;
  const maxWeight = Math.max(0, ...studies.map((s) => s.weight));

  // The text columns are one multi-line text each (lines rowHeight apart, as the rows are spaced), not a label
  // per row: a 500-study plot would otherwise lay out 1,500 text elements. Bold lines (totals, subgroup
  // headings) and muted ones (a subgroup's heterogeneity) are texts over the first, so none needs ECharts' slower rich text.
  const column = (id: string, lines: string[], x: number, align: 'left' | 'right'): GraphicComponentOption[] => {
    const styleOf = (i: number) => (boldRows.has(i) ? 'bold' : mutedRows.has(i) ? 'muted' : 'plain');
    const text = (kind: string) => lines.map((line, i) => (styleOf(i) === kind ? line : '')).join('\n');
    const style = { align, verticalAlign: 'top' as const, fontSize: 12, lineHeight: rowHeight, fill: chartColors.ink };
    const texts: GraphicComponentOption[] = [{ type: 'text', id, x, y: top, silent: true, style: { ...style, text: text('plain') } }];
    if (boldRows.size > 0) texts.push({ type: 'text', id: `${id}-bold`, x, y: top, silent: true, style: { ...style, text: text('bold'), fontWeight: 'bold' } });
    if (mutedRows.size > 0) texts.push({ type: 'text', id: `${id}-muted`, x, y: top, silent: true, style: { ...style, text: text('muted'), fill: chartColors.muted } });
    return texts;
  };

  // The squares as one path (a symbol each costs a 500-study plot hundreds of milliseconds); hovering a row
  // is answered by an invisible scatter in ECharts' large mode (one element), which carries the tooltip.
  const squareData: [estimate: number, row: number, side: number][] = studies.map((s, i) => [s.estimate, studyRows[i], weighted ? squareSide(s.weight, maxWeight) : UNWEIGHTED_SQUARE]);
  const squarePaths: CustomSeries = {
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
  const squares: ScatterSeries = {
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
      formatter: tooltipFormatter(({ dataIndex }) => {
        const study = studies[dataIndex];
        if (!study) return null;
        const weight = weighted ? ` · weight ${formatWeight(study.weight)}` : '';
        const notes = flagged[dataIndex].map((message) => `${UNIT_OF_ANALYSIS_MARK} ${message}`);
        return [study.label, `${formatEffectWithCi(study.estimate, study.ciLower, study.ciUpper)}${weight}`, ...notes];
      }),
    },
    markLine: {
      symbol: 'none',
      silent: true,
      label: { show: false },
      lineStyle: { color: chartColors.ink, type: 'solid', width: 1 },
      data: [{ xAxis: axis.nullEffect }],
    },
  };

  const series: (ScatterSeries | CustomSeries)[] = [
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
    ...column('column-labels', rows.map((line, i) => (mutedRows.has(i) ? line : fitted(line, Math.floor((labelColumn - 16) / charWidth)))), 8, 'left'),
    ...(weighted ? column('column-weights', weights, weightRight, 'right') : []),
    ...column('column-effects', effects, effectRight, 'right'),
    header('\nStudy', 8, 'left'),
    ...(weighted ? [header('\nWeight', weightRight, 'right')] : []),
    header(`${measureName(input.measure)}\n${weighted ? modelWords(input.model) : ''}95% CI`, effectRight, 'right'),
  ];
  const notes: string[] = [];
  if (hasPooled) {
    notes.push(k >= 2 ? formatHeterogeneity(input) : 'Heterogeneity: not applicable (one study)');
    notes.push(`Test for overall effect: ${formatPValue(input.pValue)}`);
  }
  if ((hasPooled || totals === 'SUBGROUPS') && input.subgroups && groups.length > 1) {
    const { qBetween, qBetweenDf, qBetweenPValue, qBetweenI2 } = input.subgroups;
    const i2 = qBetweenI2 === null || qBetweenI2 === undefined ? '' : `, I² = ${formatI2(qBetweenI2)}`;
    notes.push(`Test for subgroup differences: Q = ${qBetween.toFixed(2)}, df = ${qBetweenDf} (${formatPValue(qBetweenPValue)})${i2}`);
  }
  if (flagged.some((messages) => messages.length > 0)) {
    notes.push(`${UNIT_OF_ANALYSIS_MARK} Participants may be counted more than once in a total (unit of analysis): see the notes above the plot.`);
  }
  notes.forEach((note, i) => graphic.push(footnote(note, 10 + 20 * (notes.length - 1 - i))));
  // Room under the axis for its labels and the favours labels, then one line per note.
  const gridBottom = bottom + 20 * Math.max(0, notes.length - 2);

  return {
    height: top + Math.max(rows.length, 1) * rowHeight + gridBottom,
    studyRows,
    lineCount: Math.max(rows.length, 1),
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
