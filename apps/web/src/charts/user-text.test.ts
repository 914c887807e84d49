// What a user typed (study and row labels, subgroup names, the unit-of-analysis notes that quote them, change
// summaries that quote outcome names, GRADE footnotes and retraction reasons) never becomes markup in a chart: every
// chart option is built from text full of <, >, &, quotes and script payloads, every tooltip formatter is called with
// every data point, and what comes out is escaped text that reads back as what was typed.
import { escapeHtml } from '@cumulus/text';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OutcomeVersion } from '../graphql/outcome';
import type { ChartOption, SizedChartOption } from './chart-option';
import { cumulativePlotOption, cumulativeRowLabel } from './cumulative-plot-option';
import { fitted, FOREST_LABEL_CHARACTERS, forestPlotOption, NO_SUBGROUP, type ForestPlotInput } from './forest-plot-option';
import { funnelPlotOption } from './funnel-plot-option';
import { metaRegressionPlotOption } from './meta-regression-plot-option';
import { riskOfBiasSummaryOption, trafficLightOption } from './risk-of-bias-option';
import { chartToSvg } from './svg-export';
import { timelineOption } from './timeline-option';
import { tooltipHtml } from './tooltip';
import { tsaChartOption } from './tsa-chart-option';

const payloads = [
  '<img src=x onerror="window.__pwned=(window.__pwned||0)+1">',
  '<script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  "' onmouseover='alert(1)' x='",
  '</div><iframe src="javascript:alert(1)"></iframe>',
  '&lt;b&gt;already escaped&lt;/b&gt;',
  'Smith & <b>Jones</b> 2019',
  '{b} {a|rich} {@value}',
];
const markupCharacter = fc.constantFrom('<', '>', '&', '"', "'", '/', '=', ' ', '{', '}', '|', '#', ';', 'a', 'b', 'i', 'm', 'g', 'x', '1');
/** One line, as labels, subgroup names and outcome names are (the API refuses line breaks in them). */
const userLine = fc.oneof(
  fc.constantFrom(...payloads),
  fc.string({ unit: markupCharacter, minLength: 1, maxLength: 24 }),
  fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...payloads), fc.string({ maxLength: 8 })).map(([before, payload, after]) => `${before}${payload}${after}`),
);
/** Footnotes and retraction reasons may run over several lines; change summaries quote them. */
const userText = fc.oneof(userLine, fc.tuple(userLine, userLine).map(([a, b]) => `${a}\n${b}`));

const entities: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' };
/** A tooltip's lines as the reader sees them. */
const shownLines = (html: string) => html.split('<br/>').map((line) => line.replace(/&(lt|gt|quot|#39|amp);/g, (entity) => entities[entity]));

function expectNoMarkup(html: string) {
  const text = html.split('<br/>').join('');
  expect(text, html).not.toMatch(/[<>"']/);
  expect(text, html).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/);
}

type Walked = { tooltipFormatters: ((params: unknown) => unknown)[]; templates: string[]; rich: number; texts: string[] };

/** Every tooltip formatter, string formatter (a template ECharts fills), rich-text style and graphic text in an option. */
function walk(value: unknown, found: Walked = { tooltipFormatters: [], templates: [], rich: 0, texts: [] }, inTooltip = false): Walked {
  if (Array.isArray(value)) value.forEach((item) => walk(item, found, inTooltip));
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'rich') found.rich++;
      if (key === 'formatter' && typeof child === 'string') found.templates.push(child);
      if (key === 'formatter' && typeof child === 'function' && inTooltip) found.tooltipFormatters.push(child as (params: unknown) => unknown);
      if (key === 'text' && typeof child === 'string') found.texts.push(child);
      walk(child, found, inTooltip || key === 'tooltip');
    }
  }
  return found;
}

/** What ECharts passes a formatter for each data point of each series (trigger: 'item'). */
function dataPoints(option: ChartOption): unknown[] {
  const series = ([] as unknown[]).concat(option.series ?? []) as { id?: string; data?: unknown[] }[];
  return series.flatMap((s, seriesIndex) =>
    (s.data ?? []).map((datum, dataIndex) => {
      const item = datum && typeof datum === 'object' && !Array.isArray(datum) ? (datum as { name?: string; value?: unknown }) : { value: datum };
      return { componentType: 'series', seriesId: s.id, seriesIndex, dataIndex, name: item.name ?? '', value: item.value, data: datum };
    }),
  );
}

/**
 * Builds the chart, hovers every point, and checks: every tooltip is escaped text, each of `inTooltips` reads back
 * there as typed, each of `inTexts` is drawn as text, no template or rich text carries what a user typed.
 */
function checkChart(chart: SizedChartOption, typed: { inTooltips: readonly string[]; inTexts?: readonly string[]; all: readonly string[] }) {
  const found = walk(chart.option);
  expect(found.tooltipFormatters.length).toBeGreaterThan(0);
  const shown: string[] = [];
  for (const formatter of found.tooltipFormatters) {
    for (const point of dataPoints(chart.option)) {
      const html = formatter(point);
      expect(typeof html).toBe('string');
      expectNoMarkup(html as string);
      shown.push(...shownLines(html as string));
    }
  }
  for (const text of typed.inTooltips) expect(shown.some((line) => line.includes(text)), `${JSON.stringify(text)} in a tooltip`).toBe(true);
  for (const text of typed.inTexts ?? []) expect(found.texts.some((t) => t.split('\n').includes(text)), `${JSON.stringify(text)} drawn`).toBe(true);
  expect(found.rich).toBe(0);
  const marked = typed.all.filter((text) => /[<>&"'{}|]/.test(text));
  for (const template of found.templates) for (const text of marked) expect(template).not.toContain(text);
}

interface TypedStudy {
  label: string;
  rowLabel: string | null;
  subgroup: string | null;
  note: string | null;
}
const typedStudies = fc.array(fc.record({ label: userLine, rowLabel: fc.option(userLine), subgroup: fc.option(userLine), note: fc.option(userText) }), { minLength: 1, maxLength: 6 });

/** The analysis the API would return for these rows: the row's label in parentheses, subgroups as it names them. */
function forestInput(typed: TypedStudy[], totals: ForestPlotInput['totals']): ForestPlotInput {
  const studies = typed.map((s, i) => {
    const estimate = 0.4 + 0.15 * i;
    return {
      studyId: `study-${i}`,
      rowId: `row-${i}`,
      label: s.rowLabel ? `${s.label} (${s.rowLabel})` : s.label,
      estimate,
      ciLower: estimate * 0.6,
      ciUpper: estimate * 1.6,
      weight: 100 / typed.length,
      subgroup: s.subgroup,
    };
  });
  const names = [...new Set(studies.map((s) => s.subgroup ?? NO_SUBGROUP))];
  const hasSubgroups = studies.some((s) => s.subgroup !== null);
  return {
    measure: 'OR',
    model: 'RANDOM',
    studies,
    totals,
    subgroups: hasSubgroups
      ? {
          groups: names.map((name) => ({ name, k: studies.filter((s) => (s.subgroup ?? NO_SUBGROUP) === name).length, estimate: 0.7, ciLower: 0.5, ciUpper: 0.98, i2: 12, pValue: 0.04, tau2: 0.01, fit: { q: 3, qDf: 2, qPValue: 0.2 } })),
          qBetween: 1.2,
          qBetweenDf: names.length - 1,
          qBetweenPValue: 0.3,
          qBetweenI2: 10,
        }
      : null,
    unitOfAnalysis: typed.flatMap((s, i) => (s.note ? [{ studyId: `study-${i}`, rowIds: [`row-${i}`], message: s.note }] : [])),
    estimate: totals === 'ALL' ? 0.7 : null,
    ciLower: totals === 'ALL' ? 0.5 : null,
    ciUpper: totals === 'ALL' ? 0.98 : null,
    pValue: 0.04,
    predictionLower: 0.3,
    predictionUpper: 1.6,
    tau2: 0.02,
    q: 4,
    qDf: typed.length - 1,
    qPValue: 0.3,
    i2: 20,
  };
}

const typedLabels = fc.array(userLine, { minLength: 1, maxLength: 6 });

const builders = {
  forest: (typed: TypedStudy[], totals: ForestPlotInput['totals']) => forestPlotOption(forestInput(typed, totals)),
  cumulative: (labels: string[]) =>
    cumulativePlotOption({ measure: 'OR', model: 'FIXED', steps: labels.map((label, i) => ({ label, year: 2000 + i, k: i + 1, estimate: 0.6 + 0.05 * i, ciLower: 0.4, ciUpper: 0.9 + 0.1 * i, pValue: 0.03 })) }),
  funnel: (labels: string[]) =>
    funnelPlotOption({
      measure: 'OR',
      funnel: {
        center: Math.log(0.7),
        points: [...labels.map((_, i) => ({ studyId: `study-${i}`, yi: Math.log(0.5 + 0.1 * i), se: 0.1 + 0.05 * i, filled: false })), { studyId: 'filled-1', yi: Math.log(1.2), se: 0.3, filled: true }],
        limits: [0, 0.5].map((se) => ({ se, lower: Math.log(0.7) - 1.96 * se, upper: Math.log(0.7) + 1.96 * se })),
      },
      adjustedEstimate: 0.8,
      labels: new Map(labels.map((label, i) => [`study-${i}`, label])),
    }),
  tsa: (labels: string[]) =>
    tsaChartOption({
      sequential: {
        requiredInformationSize: 4000,
        finalBoundary: 1.96,
        looks: labels.map((_, i) => ({ studyId: `study-${i}`, participants: 500 * (i + 1), informationFraction: (500 * (i + 1)) / 4000, z: 0.8 + 0.3 * i, boundary: i === 0 ? null : 6 - i, futilityBoundary: i === 0 ? null : 0.2 * i, crossedBoundary: false, insideFutilityWedge: false })),
      },
      labels: new Map(labels.map((label, i) => [`study-${i}`, label])),
    }),
  'meta-regression': (labels: string[], moderator: string) =>
    metaRegressionPlotOption('RR', {
      moderators: [{ name: moderator, kind: 'NUMERIC' }],
      error: null,
      result: {
        model: 'RANDOM', tau2Estimator: 'REML', ciMethod: 'Z', k: labels.length, df: null, coefficients: [], qm: 1, qmDf: 1, qmDenominatorDf: null, qmPValue: 0.3,
        qe: 1, qeDf: 1, qePValue: 0.3, tau2: 0.01, i2: 10, h2: 1.1, r2: 20, warnings: [],
        fittedLine: { moderator, points: [0, labels.length].map((x) => ({ x, fit: -0.1 * x, ciLower: -0.1 * x - 0.3, ciUpper: -0.1 * x + 0.3 })) },
      },
      studies: labels.map((label, i) => ({ rowId: `row-${i}`, studyId: `study-${i}`, label, x: i, yi: -0.1 * i, vi: 0.04, weight: 100 / labels.length })),
    })!,
  'risk-of-bias': (labels: string[]) =>
    trafficLightOption({
      table: {
        tool: 'ROB2',
        domains: ['randomisation', 'deviations', 'missing-data', 'measurement', 'reporting'],
        studies: labels.map((_, i) => ({ studyId: `study-${i}`, weight: 100 / labels.length, judgements: ['LOW', 'HIGH', null, 'SOME_CONCERNS', 'LOW'], overall: 'HIGH', stars: null, maxStars: null, totalStars: null, highRisk: true })),
        summary: [],
      },
      rows: labels.map((label, i) => ({ studyId: `study-${i}`, label })),
      studyRows: labels.map((_, i) => i),
      lineCount: labels.length + 1,
      height: 400,
    }),
  timeline: (summaries: string[], marks: string[]) =>
    timelineOption({
      measure: 'OR',
      versions: summaries.map((summary, i): OutcomeVersion => ({ version: i + 2, k: i + 1, estimate: 0.6 + 0.05 * i, ciLower: 0.4, ciUpper: 0.9 + 0.1 * i, pValue: 0.001 * (i + 1), change: { summary, action: 'recordStudyData' } })),
      conclusionMarks: marks.map((label, i) => ({ version: i + 2, label })),
    }),
};

describe('what a user typed, in every chart', () => {
  it('covers every chart option builder in src/charts', () => {
    const files = Object.keys(import.meta.glob('./*-option.ts')).filter((file) => file !== './chart-option.ts');
    expect(files.map((file) => file.replace(/^\.\/|(-plot|-chart)?-option\.ts$/g, '')).sort()).toEqual(Object.keys(builders).sort());
  });

  it('is escaped text in the forest plot tooltips, and drawn as typed in its columns (labels, rows, subgroups, unit-of-analysis notes)', () => {
    fc.assert(
      fc.property(typedStudies, fc.constantFrom<ForestPlotInput['totals']>('ALL', 'SUBGROUPS', 'NONE'), (typed, totals) => {
        const input = forestInput(typed, totals);
        const subgroups = typed.some((s) => s.subgroup !== null) ? typed.map((s) => s.subgroup ?? NO_SUBGROUP) : [];
        checkChart(builders.forest(typed, totals), {
          inTooltips: [...input.studies.map((s) => s.label), ...typed.flatMap((s) => (s.note ? s.note.split('\n') : []))],
          // Drawn as typed, cut with an ellipsis where longer than the label column (the tooltip has it whole).
          inTexts: [...input.studies.map((s) => fitted(s.label, FOREST_LABEL_CHARACTERS)).filter((_, i) => !typed[i].note), ...subgroups.map((g) => fitted(g, FOREST_LABEL_CHARACTERS))],
          all: [...typed.flatMap((s) => [s.label, s.rowLabel ?? '', s.subgroup ?? '', s.note ?? '']), ...subgroups],
        });
      }),
    );
  });

  it('is escaped text in the cumulative, funnel and sequential analysis tooltips', () => {
    fc.assert(
      fc.property(typedLabels, (labels) => {
        checkChart(builders.cumulative(labels), { inTooltips: labels, inTexts: labels.map((label, i) => cumulativeRowLabel({ label }, i)), all: labels });
        checkChart(builders.funnel(labels), { inTooltips: labels, all: labels });
        checkChart(builders.tsa(labels), { inTooltips: labels, all: labels });
      }),
    );
  });

  it('is escaped text in the bubble plot tooltips (study labels and the moderator, a characteristic a maintainer named)', () => {
    fc.assert(
      fc.property(typedLabels, userLine, (labels, moderator) => {
        checkChart(builders['meta-regression'](labels, moderator), { inTooltips: [...labels, moderator], all: [...labels, moderator] });
      }),
    );
  });

  it('is escaped text in the risk-of-bias traffic-light tooltips (study labels), and the summary names no user text', () => {
    fc.assert(
      fc.property(typedLabels, (labels) => {
        checkChart(builders['risk-of-bias'](labels), { inTooltips: labels, all: labels });
      }),
    );
    const summary = { domain: 'overall', levels: ['low', 'some-concerns', 'high', 'not-assessed'], unweighted: [0.25, 0.25, 0.5, 0], weighted: [0.1, 0.2, 0.7, 0] };
    checkChart(riskOfBiasSummaryOption({ table: { tool: 'ROB2', domains: [], studies: [], summary: [summary] }, weighted: true }), { inTooltips: ['High: 70.0% of the weight'], all: [] });
  });

  it('is escaped text in the evidence timeline tooltips (change summaries quote outcome names, footnotes, retraction reasons)', () => {
    fc.assert(
      fc.property(fc.array(userText, { minLength: 1, maxLength: 5 }), fc.array(userLine, { maxLength: 3 }), (summaries, marks) => {
        const shownMarks = marks.slice(0, summaries.length);
        checkChart(builders.timeline(summaries, shownMarks), { inTooltips: [...summaries, ...shownMarks.map((m) => `Conclusion changed: ${m}`)], all: [...summaries, ...marks] });
      }),
    );
  });

  it('is text, not markup, in the SVG downloads', () => {
    const elements = new Set(['svg', 'g', 'path', 'rect', 'text', 'tspan', 'defs', 'clipPath', 'style', 'polygon', 'polyline', 'line', 'circle']);
    fc.assert(
      fc.property(typedStudies, typedLabels, (typed, labels) => {
        const forest = builders.forest(typed, 'ALL');
        const cumulative = builders.cumulative(labels);
        for (const [chart, drawn] of [
          [forest, forestInput(typed, 'ALL').studies.filter((_, i) => !typed[i].note).map((s) => fitted(s.label, FOREST_LABEL_CHARACTERS))],
          [cumulative, labels.map((label, i) => cumulativeRowLabel({ label }, i))],
        ] as const) {
          const svg = chartToSvg(chart.option, 900, chart.height);
          for (const [, name] of svg.matchAll(/<\/?([A-Za-z][\w:-]*)/g)) expect(elements, name).toContain(name);
          for (const text of drawn) expect(svg).toContain(`>${escapeHtml(text)}<`);
        }
      }),
      { numRuns: 15 },
    );
  });
});

describe('tooltipHtml', () => {
  it('escapes each line and joins the lines with <br/>, leaving out empty ones', () => {
    expect(tooltipHtml(['Smith & <b>Jones</b>', null, 'P < 0.001', false, "O'Brien \"2019\""])).toBe('Smith &amp; &lt;b&gt;Jones&lt;/b&gt;<br/>P &lt; 0.001<br/>O&#39;Brien &quot;2019&quot;');
  });
});
