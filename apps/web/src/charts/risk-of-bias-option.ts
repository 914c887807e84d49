// Risk of bias beside the forest plot, as robvis draws it (McGuinness & Higgins 2021): a traffic-light table, one
// column per domain and one for the overall judgement, each row level with the forest plot's row of that study; and a
// summary bar per domain of the share of studies (or of weight) at each judgement. Every judgement has a colour and a
// symbol, so the figure reads without colour; Newcastle-Ottawa cells give the stars.
import type { CustomSeriesRenderItem } from 'echarts';
import type { QualityTool, RiskOfBiasTable, RobJudgement } from '../graphql/risk-of-bias';
import { chartColors, type CustomSeries, type ScatterSeries, type SizedChartOption } from './chart-option';
import { forestLayout } from './forest-plot-option';
import { tooltipFormatter } from './tooltip';

export const TOOL_NAMES: Record<QualityTool, string> = { ROB2: 'RoB 2', ROBINS_I: 'ROBINS-I', NEWCASTLE_OTTAWA: 'Newcastle-Ottawa Scale' };

/** Each tool's domains in words, by the API's domain names. */
export const DOMAIN_NAMES: Record<string, Record<string, string>> = {
  ROB2: {
    randomisation: 'Bias arising from the randomisation process',
    deviations: 'Bias due to deviations from intended interventions',
    'missing-data': 'Bias due to missing outcome data',
    measurement: 'Bias in measurement of the outcome',
    reporting: 'Bias in selection of the reported result',
  },
  ROBINS_I: {
    confounding: 'Bias due to confounding',
    selection: 'Bias in selection of participants into the study',
    classification: 'Bias in classification of interventions',
    deviations: 'Bias due to deviations from intended interventions',
    'missing-data': 'Bias due to missing data',
    measurement: 'Bias in measurement of outcomes',
    reporting: 'Bias in selection of the reported result',
  },
  NEWCASTLE_OTTAWA: { selection: 'Selection', comparability: 'Comparability', outcome: 'Outcome (cohort) or exposure (case-control)' },
};

interface Mark {
  name: string;
  color: string;
  symbol: string;
  ink: string;
}

/** robvis's colours, with a symbol each so that the table reads in greyscale. */
export const JUDGEMENT_MARKS: Record<RobJudgement | 'NOT_ASSESSED', Mark> = {
  LOW: { name: 'Low', color: '#02a300', symbol: '+', ink: '#ffffff' },
  SOME_CONCERNS: { name: 'Some concerns', color: '#e2df07', symbol: '−', ink: '#1d2733' },
  MODERATE: { name: 'Moderate', color: '#e2df07', symbol: '−', ink: '#1d2733' },
  HIGH: { name: 'High', color: '#bf0000', symbol: '×', ink: '#ffffff' },
  SERIOUS: { name: 'Serious', color: '#bf0000', symbol: '×', ink: '#ffffff' },
  CRITICAL: { name: 'Critical', color: '#6b0000', symbol: '!', ink: '#ffffff' },
  NO_INFORMATION: { name: 'No information', color: '#4ea1f7', symbol: '?', ink: '#1d2733' },
  NOT_ASSESSED: { name: 'Not assessed', color: '#e6e9ee', symbol: '', ink: '#5b6675' },
};

/** The judgements of each tool, best first, as the legend lists them. */
export const TOOL_JUDGEMENTS: Record<Exclude<QualityTool, 'NEWCASTLE_OTTAWA'>, RobJudgement[]> = {
  ROB2: ['LOW', 'SOME_CONCERNS', 'HIGH'],
  ROBINS_I: ['LOW', 'MODERATE', 'SERIOUS', 'CRITICAL', 'NO_INFORMATION'],
};

/** Newcastle-Ottawa: all of a domain's stars, some, none. */
function starMark(stars: number | null, max: number | null): Mark {
  if (stars === null) return JUDGEMENT_MARKS.NOT_ASSESSED;
  const name = `${stars} of ${max ?? '?'} stars`;
  if (max !== null && stars >= max) return { ...JUDGEMENT_MARKS.LOW, name, symbol: `${stars}★` };
  if (stars === 0) return { ...JUDGEMENT_MARKS.HIGH, name, symbol: '0★' };
  return { ...JUDGEMENT_MARKS.SOME_CONCERNS, name, symbol: `${stars}★` };
}

/** Column headings: D1, D2, ... and Overall (the legend names the domains). */
export function columnHeadings(table: Pick<RiskOfBiasTable, 'domains' | 'tool'>): string[] {
  return [...table.domains.map((_, i) => `D${i + 1}`), table.tool === 'NEWCASTLE_OTTAWA' ? 'Total' : 'Overall'];
}

export interface TrafficLightInput {
  table: RiskOfBiasTable;
  /** The forest plot's rows in its input order (a study may give several), with its layout. */
  rows: readonly { studyId: string; label: string }[];
  studyRows: readonly number[];
  lineCount: number;
  /** The forest plot's height, so both share their rows. */
  height: number;
}

export const TRAFFIC_LIGHT_COLUMN = 34;

/** The table's cell of each forest row: column, line, and its mark. */
export function trafficLightCells(input: TrafficLightInput): { column: number; line: number; row: number; mark: Mark; domain: string }[] {
  const { table } = input;
  const byStudy = new Map(table.studies.map((s) => [s.studyId, s]));
  const headings = columnHeadings(table);
  const cells: { column: number; line: number; row: number; mark: Mark; domain: string }[] = [];
  input.rows.forEach((row, r) => {
    const study = byStudy.get(row.studyId);
    if (!study) return;
    headings.forEach((_, column) => {
      const overall = column === table.domains.length;
      const domain = overall ? (table.tool === 'NEWCASTLE_OTTAWA' ? 'Total stars' : 'Overall') : (DOMAIN_NAMES[table.tool]?.[table.domains[column]] ?? table.domains[column]);
      let mark: Mark;
      if (table.tool === 'NEWCASTLE_OTTAWA') {
        mark = overall
          ? study.totalStars === null
            ? JUDGEMENT_MARKS.NOT_ASSESSED
            : // The engine's threshold decides high risk (the API's highRisk), so the dashboard does not repeat it.
              { ...(study.highRisk ? JUDGEMENT_MARKS.HIGH : JUDGEMENT_MARKS.LOW), name: `${study.totalStars} of 9 stars`, symbol: `${study.totalStars}★` }
          : starMark(study.stars?.[column] ?? null, study.maxStars?.[column] ?? null);
      } else {
        const judgement = overall ? study.overall : study.judgements[column];
        mark = JUDGEMENT_MARKS[judgement ?? 'NOT_ASSESSED'];
      }
      cells.push({ column, line: input.studyRows[r], row: r, mark, domain });
    });
  });
  return cells;
}

/** The traffic-light table: its rows at the forest plot's lines, so the two read across. */
export function trafficLightOption(input: TrafficLightInput): SizedChartOption & { width: number } {
  const { top, rowHeight } = forestLayout;
  const headings = columnHeadings(input.table);
  const cells = trafficLightCells(input);
  const width = 16 + headings.length * TRAFFIC_LIGHT_COLUMN;
  const bottom = input.height - top - input.lineCount * rowHeight;
  const nos = input.table.tool === 'NEWCASTLE_OTTAWA';
  const lights: ScatterSeries = {
    type: 'scatter',
    id: 'traffic-lights',
    name: `${TOOL_NAMES[input.table.tool]} judgements`,
    symbol: nos ? 'roundRect' : 'circle',
    data: cells.map((cell) => ({
      value: [cell.column, cell.line],
      symbolSize: nos ? [26, 18] : 20,
      itemStyle: { color: cell.mark.color, borderColor: chartColors.line, borderWidth: cell.mark.symbol ? 0 : 1 },
      label: { show: cell.mark.symbol !== '', formatter: cell.mark.symbol, color: cell.mark.ink, fontSize: nos ? 10 : 13, fontWeight: 'bold' },
    })),
    label: { position: 'inside' },
    tooltip: {
      formatter: tooltipFormatter(({ dataIndex }) => {
        const cell = cells[dataIndex];
        if (!cell) return null;
        return [input.rows[cell.row].label, `${cell.domain}: ${cell.mark.name}`];
      }),
    },
  };
  return {
    height: input.height,
    width,
    option: {
      animation: false,
      tooltip: { trigger: 'item', confine: true },
      grid: { left: 8, right: 8, top, bottom: Math.max(0, bottom) },
      xAxis: { type: 'value', min: -0.5, max: headings.length - 0.5, show: false },
      yAxis: { type: 'value', min: -0.5, max: input.lineCount - 0.5, inverse: true, show: false },
      series: [lights],
      graphic: headings.map((heading, i) => ({
        type: 'text',
        x: 8 + (i + 0.5) * TRAFFIC_LIGHT_COLUMN,
        y: 8,
        silent: true,
        style: { text: `\n${heading}`, align: 'center', fontWeight: 'bold', fontSize: 10, lineHeight: 16, fill: chartColors.ink },
      })),
    },
  };
}

/** A summary level's colour and name ('some-concerns', '3 stars', 'not-assessed'); `index` is its place among the domain's levels. */
export function levelMark(level: string, tool: QualityTool, index = 0): Mark {
  const judgement = level.toUpperCase().replaceAll('-', '_') as RobJudgement | 'NOT_ASSESSED';
  if (tool !== 'NEWCASTLE_OTTAWA' || judgement === 'NOT_ASSESSED') return JUDGEMENT_MARKS[judgement] ?? JUDGEMENT_MARKS.NOT_ASSESSED;
  // Newcastle-Ottawa overall: a range at or above the engine's threshold first ('7-9 stars'), then below it; per domain star counts, the most first.
  if (level.includes('-')) return { ...(index === 0 ? JUDGEMENT_MARKS.LOW : JUDGEMENT_MARKS.HIGH), name: level };
  const stars = Number.parseInt(level, 10);
  return { ...(stars === 0 ? JUDGEMENT_MARKS.HIGH : JUDGEMENT_MARKS.SOME_CONCERNS), name: level };
}

export interface SummaryBarInput {
  table: RiskOfBiasTable;
  /** By the studies' weight in the analysis, or each study counted once. */
  weighted: boolean;
}

/** One bar segment: its start and end (percent), domain line and level. */
export function summarySegments(input: SummaryBarInput): { start: number; end: number; line: number; level: string; share: number; mark: Mark }[] {
  const segments: { start: number; end: number; line: number; level: string; share: number; mark: Mark }[] = [];
  input.table.summary.forEach((domain, line) => {
    const shares = (input.weighted ? domain.weighted : null) ?? domain.unweighted;
    let start = 0;
    domain.levels.forEach((level, i) => {
      const share = shares[i] ?? 0;
      if (share <= 0) return;
      // Newcastle-Ottawa per domain: the most stars green, then shades by count (the full mark only for all stars).
      const mark = input.table.tool === 'NEWCASTLE_OTTAWA' && i === 0 && domain.domain !== 'overall' ? { ...JUDGEMENT_MARKS.LOW, name: level } : levelMark(level, input.table.tool, i);
      segments.push({ start, end: start + 100 * share, line, level, share, mark });
      start += 100 * share;
    });
  });
  return segments;
}

/** The summary plot: a bar per domain (and overall) split by the share at each judgement. */
export function riskOfBiasSummaryOption(input: SummaryBarInput): SizedChartOption {
  const { table } = input;
  const lines = table.summary.map((d, i) => (d.domain === 'overall' ? (table.tool === 'NEWCASTLE_OTTAWA' ? 'Total stars' : 'Overall') : `D${i + 1}`));
  const segments = summarySegments(input);
  const barHeight = 22;
  const top = 16;
  const bottom = 40;
  const renderItem: CustomSeriesRenderItem = (params, api) => {
    const segment = segments[params.dataIndex];
    const [x0, y] = api.coord([segment.start, segment.line]);
    const [x1] = api.coord([segment.end, segment.line]);
    const children: object[] = [{ type: 'rect', shape: { x: x0, y: y - barHeight / 2, width: Math.max(0, x1 - x0), height: barHeight }, style: { fill: segment.mark.color, stroke: '#ffffff', lineWidth: 1 } }];
    if (x1 - x0 >= 16 && segment.mark.symbol) {
      children.push({ type: 'text', style: { text: segment.mark.symbol.replace(/★$/, ''), x: (x0 + x1) / 2, y, align: 'center', verticalAlign: 'middle', fill: segment.mark.ink, fontSize: 12, fontWeight: 'bold' } });
    }
    return { type: 'group', children } as ReturnType<CustomSeriesRenderItem>;
  };
  const bars: CustomSeries = {
    type: 'custom',
    id: input.weighted ? 'summary-weighted' : 'summary-unweighted',
    name: input.weighted ? 'Share of the weight' : 'Share of the studies',
    renderItem,
    encode: { x: [0, 1], y: 2 },
    data: segments.map((s) => [s.start, s.end, s.line]),
    tooltip: {
      formatter: tooltipFormatter(({ dataIndex }) => {
        const segment = segments[dataIndex];
        if (!segment) return null;
        const domain = table.summary[segment.line].domain;
        const name = domain === 'overall' ? lines[segment.line] : `${lines[segment.line]} ${DOMAIN_NAMES[table.tool]?.[domain] ?? domain}`;
        return [name, `${segment.mark.name}: ${(100 * segment.share).toFixed(1)}% of the ${input.weighted ? 'weight' : 'studies'}`];
      }),
    },
  };
  return {
    height: top + lines.length * (barHeight + 10) + bottom,
    option: {
      animation: false,
      tooltip: { trigger: 'item', confine: true },
      grid: { left: 90, right: 24, top, bottom },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%', color: chartColors.ink }, splitLine: { show: false } },
      yAxis: { type: 'category', data: lines, inverse: true, axisLabel: { color: chartColors.ink, fontWeight: 'bold' }, axisTick: { show: false } },
      series: [bars],
    },
  };
}
