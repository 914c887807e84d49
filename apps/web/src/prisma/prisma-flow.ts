// The PRISMA 2020 flow diagram (Page et al. 2021, BMJ 372:n71, figure 1) laid out from the stored counts:
// boxes and arrows in pixels, pure, so the component only draws them. Counts the review does not report are
// left out rather than drawn as "n = ?". A review with update rounds in Cumulus is drawn from the API's computed
// flow of its latest round, in the template for updated reviews (previous studies, then the new searches).
import type { FlowReasonCount, PrismaCounts, RoundPrismaFlow, SourceCount } from '../graphql/reviews';

export type PrismaPhase = 'Previous' | 'Identification' | 'Screening' | 'Included';

export interface FlowBox {
  id: string;
  /** main: the chain of records; side: what left it; phase: the band naming the stage. */
  kind: 'main' | 'side' | 'phase';
  x: number;
  y: number;
  width: number;
  height: number;
  /** Already wrapped to the box's width; the first line is the heading. */
  lines: string[];
}

export interface FlowArrow {
  from: string;
  to: string;
  /** Start and end, px, and the corners between them when the arrow turns. */
  points: [number, number][];
}

export interface PrismaFlow {
  width: number;
  height: number;
  boxes: FlowBox[];
  arrows: FlowArrow[];
}

export const prismaLayout = {
  phaseWidth: 30,
  gutter: 20,
  mainWidth: 300,
  sideGap: 50,
  sideWidth: 300,
  lineHeight: 17,
  padding: 10,
  rowGap: 34,
  /** Average character width at the diagram's font size, px, for wrapping. */
  charWidth: 6.6,
  /** The phase labels' (rotated, bold) character width, px: a phase band is at least that long. */
  phaseCharWidth: 8.2,
} as const;

/** Words to lines of at most `maxChars` (a word longer than that gets a line of its own). */
export function wrapText(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  // A count, '(n = 1,234)', is kept whole on one line.
  for (const word of text.match(/(?:\S*\(n = [^)\s]*\)\S*)|\S+/g) ?? []) {
    if (line && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

const n = (count: number) => `(n = ${count.toLocaleString('en-GB')})`;
const sum = (sources: readonly SourceCount[]) => sources.reduce((total, s) => total + s.count, 0);

interface Row {
  phase: PrismaPhase;
  id: string;
  main: string[];
  side?: { id: string; text: string[] };
  /** False where the chain starts again (the new searches below the previous studies). */
  arrowIn?: boolean;
}

function sourceLines(title: string, sources: readonly SourceCount[]): string[] {
  if (sources.length === 0) return [];
  return [`${title} ${n(sum(sources))}:`, ...sources.map((s) => `  ${s.source} ${n(s.count)}`)];
}

/** Which boxes the counts support, in order, before any geometry. */
function rowsOf(counts: PrismaCounts): Row[] {
  const rows: Row[] = [];
  const identified = [
    `Records identified ${n(counts.recordsIdentified)}`,
    ...sourceLines('Databases', counts.identifiedFromDatabases),
    ...sourceLines('Registers', counts.identifiedFromRegisters),
    ...sourceLines('Other methods', counts.identifiedFromOtherMethods),
  ];
  rows.push({
    phase: 'Identification',
    id: 'identified',
    main: identified,
    side: counts.duplicatesRemoved !== null ? { id: 'duplicates', text: ['Records removed before screening:', `Duplicate records ${n(counts.duplicatesRemoved)}`] } : undefined,
  });
  const screened = counts.recordsScreened ?? counts.recordsAfterDuplicatesRemoved;
  if (screened !== null) {
    rows.push({
      phase: 'Screening',
      id: 'screened',
      main: [`Records screened ${n(screened)}`],
      side: counts.recordsExcluded !== null ? { id: 'records-excluded', text: [`Records excluded ${n(counts.recordsExcluded)}`] } : undefined,
    });
  }
  if (counts.reportsSought !== null) {
    rows.push({
      phase: 'Screening',
      id: 'sought',
      main: [`Reports sought for retrieval ${n(counts.reportsSought)}`],
      side: counts.reportsNotRetrieved !== null ? { id: 'not-retrieved', text: [`Reports not retrieved ${n(counts.reportsNotRetrieved)}`] } : undefined,
    });
  }
  if (counts.reportsAssessed !== null) {
    rows.push({
      phase: 'Screening',
      id: 'assessed',
      main: [`Reports assessed for eligibility ${n(counts.reportsAssessed)}`],
      side:
        counts.reportsExcluded.length > 0
          ? { id: 'reports-excluded', text: [`Reports excluded ${n(sum(counts.reportsExcluded))}:`, ...counts.reportsExcluded.map((r) => `  ${r.source} ${n(r.count)}`)] }
          : undefined,
    });
  }
  const included = [
    counts.studiesIncluded !== null ? `Studies included in review ${n(counts.studiesIncluded)}` : null,
    counts.reportsIncluded !== null ? `Reports of included studies ${n(counts.reportsIncluded)}` : null,
    counts.studiesInQuantitativeSynthesis !== null ? `Studies in the meta-analysis ${n(counts.studiesInQuantitativeSynthesis)}` : null,
  ].filter((line): line is string => line !== null);
  if (included.length > 0) rows.push({ phase: 'Included', id: 'included', main: included });
  return rows;
}

function wrapAll(lines: readonly string[], width: number): string[] {
  const maxChars = Math.floor((width - 2 * prismaLayout.padding) / prismaLayout.charWidth);
  // A leading indent marks a source under its heading; keep it on every wrapped line.
  return lines.flatMap((line) => {
    const indent = line.startsWith('  ') ? '  ' : '';
    return wrapText(line, maxChars - indent.length).map((part) => indent + part);
  });
}

const boxHeight = (lines: readonly string[]) => lines.length * prismaLayout.lineHeight + 2 * prismaLayout.padding;

export function prismaFlow(counts: PrismaCounts): PrismaFlow {
  return layout(rowsOf(counts));
}

const reasonLines = (title: string, reasons: readonly FlowReasonCount[]) => [
  `${title} ${n(reasons.reduce((total, r) => total + r.count, 0))}${reasons.length > 0 ? ':' : ''}`,
  ...reasons.map((r) => `  ${r.reason} ${n(r.count)}`),
];

/** The rows of the template for updated reviews (PRISMA 2020, figure 1, second version), from a round's flow. */
function rowsOfRound(flow: RoundPrismaFlow): Row[] {
  const rows: Row[] = [];
  if (flow.previous_studies > 0 || flow.previous_reports > 0) {
    rows.push({
      phase: 'Previous',
      id: 'previous',
      main: [`Studies included in previous version of review ${n(flow.previous_studies)}`, `Reports of studies included in previous version of review ${n(flow.previous_reports)}`],
    });
  }
  const others = [
    ['Websites', flow.website_results],
    ['Organisations', flow.organisation_results],
    ['Citation searching', flow.citations_results],
  ] as const;
  const otherTotal = others.reduce((total, [, count]) => total + count, 0);
  const identified = [
    `Records identified from databases ${n(flow.database_results)}${flow.database_specific_results.length > 0 ? ':' : ''}`,
    ...flow.database_specific_results.map((s) => `  ${s.source} ${n(s.count)}`),
    `Records identified from registers ${n(flow.register_results)}${flow.register_specific_results.length > 0 ? ':' : ''}`,
    ...flow.register_specific_results.map((s) => `  ${s.source} ${n(s.count)}`),
    ...(otherTotal > 0 ? [`Records identified from other methods ${n(otherTotal)}:`, ...others.filter(([, count]) => count > 0).map(([name, count]) => `  ${name} ${n(count)}`)] : []),
  ];
  rows.push({
    phase: 'Identification',
    id: 'identified',
    main: identified,
    arrowIn: false,
    side: {
      id: 'removed',
      text: [
        'Records removed before screening:',
        `  Duplicate records ${n(flow.duplicates)}`,
        `  Records marked as ineligible by automation tools ${n(flow.excluded_automatic)}`,
        `  Records removed for other reasons ${n(flow.excluded_other)}`,
      ],
    },
  });
  rows.push({ phase: 'Screening', id: 'screened', main: [`Records screened ${n(flow.records_screened)}`], side: { id: 'records-excluded', text: [`Records excluded ${n(flow.records_excluded)}`] } });
  rows.push({ phase: 'Screening', id: 'sought', main: [`Reports sought for retrieval ${n(flow.dbr_sought_reports)}`], side: { id: 'not-retrieved', text: [`Reports not retrieved ${n(flow.dbr_notretrieved_reports)}`] } });
  rows.push({ phase: 'Screening', id: 'assessed', main: [`Reports assessed for eligibility ${n(flow.dbr_assessed)}`], side: { id: 'reports-excluded', text: reasonLines('Reports excluded', flow.dbr_excluded) } });
  if (flow.other_sought_reports > 0 || otherTotal > 0) {
    rows.push({
      phase: 'Screening',
      id: 'other-assessed',
      main: [
        `Reports from other methods sought for retrieval ${n(flow.other_sought_reports)}`,
        `Not retrieved ${n(flow.other_notretrieved_reports)}`,
        `Assessed for eligibility ${n(flow.other_assessed)}`,
      ],
      side: { id: 'other-excluded', text: reasonLines('Reports excluded', flow.other_excluded) },
    });
  }
  rows.push({ phase: 'Included', id: 'new-included', main: [`New studies included in review ${n(flow.new_studies)}`, `Reports of new included studies ${n(flow.new_reports)}`] });
  rows.push({ phase: 'Included', id: 'total-included', main: [`Total studies included in review ${n(flow.total_studies)}`, `Reports of total included studies ${n(flow.total_reports)}`] });
  return rows;
}

/** The flow of an update round as the API computed it, in the template for updated reviews. */
export function prismaRoundFlow(flow: RoundPrismaFlow): PrismaFlow {
  const laid = layout(rowsOfRound(flow));
  // The previous studies join the new ones in the total: down the gutter left of the chain, as the template draws it.
  const previous = laid.boxes.find((b) => b.id === 'previous');
  const total = laid.boxes.find((b) => b.id === 'total-included');
  if (previous && total) {
    const gutterX = previous.x - prismaLayout.gutter / 2;
    const from = previous.y + previous.height / 2;
    const to = total.y + total.height / 2;
    laid.arrows.push({ from: previous.id, to: total.id, points: [[previous.x, from], [gutterX, from], [gutterX, to], [total.x, to]] });
  }
  return laid;
}

/** "Since the last update round": what came in, what was screened, what was included. */
export interface RoundSummary {
  newRecords: number;
  screened: number;
  newStudies: number;
  newReports: number;
}

export function roundSummary(flow: RoundPrismaFlow): RoundSummary {
  const identified = flow.database_results + flow.register_results + flow.website_results + flow.organisation_results + flow.citations_results;
  return {
    newRecords: identified - flow.duplicates - flow.excluded_automatic - flow.excluded_other,
    screened: flow.records_screened,
    newStudies: flow.new_studies,
    newReports: flow.new_reports,
  };
}

function layout(rows: readonly Row[]): PrismaFlow {
  const L = prismaLayout;
  const mainX = L.phaseWidth + L.gutter;
  const sideX = mainX + L.mainWidth + L.sideGap;
  const boxes: FlowBox[] = [];
  const arrows: FlowArrow[] = [];
  const phaseSpans = new Map<PrismaPhase, { top: number; bottom: number }>();
  let y = 0;
  let previous: FlowBox | null = null;

  // A phase's rows share the length its rotated label needs (less the gaps between them).
  const rowsInPhase = (phase: PrismaPhase) => rows.filter((r) => r.phase === phase).length;
  const phaseMinimum = (phase: PrismaPhase) => (phase.length * L.phaseCharWidth + 2 * L.padding - (rowsInPhase(phase) - 1) * L.rowGap) / rowsInPhase(phase);

  for (const row of rows) {
    const mainLines = wrapAll(row.main, L.mainWidth);
    const sideLines = row.side ? wrapAll(row.side.text, L.sideWidth) : [];
    const height = Math.ceil(Math.max(boxHeight(mainLines), row.side ? boxHeight(sideLines) : 0, phaseMinimum(row.phase)));
    const main: FlowBox = { id: row.id, kind: 'main', x: mainX, y, width: L.mainWidth, height, lines: mainLines };
    boxes.push(main);
    if (previous && row.arrowIn !== false) arrows.push({ from: previous.id, to: main.id, points: [[mainX + L.mainWidth / 2, previous.y + previous.height], [mainX + L.mainWidth / 2, y]] });
    if (row.side) {
      const sideHeight = boxHeight(sideLines);
      const side: FlowBox = { id: row.side.id, kind: 'side', x: sideX, y: y + (height - sideHeight) / 2, width: L.sideWidth, height: sideHeight, lines: sideLines };
      boxes.push(side);
      arrows.push({ from: main.id, to: side.id, points: [[mainX + L.mainWidth, y + height / 2], [sideX, y + height / 2]] });
    }
    const span = phaseSpans.get(row.phase);
    phaseSpans.set(row.phase, { top: span?.top ?? y, bottom: y + height });
    previous = main;
    y += height + L.rowGap;
  }

  for (const [phase, span] of phaseSpans) {
    boxes.push({ id: `phase-${phase.toLowerCase()}`, kind: 'phase', x: 0, y: span.top, width: L.phaseWidth, height: span.bottom - span.top, lines: [phase] });
  }
  return { width: sideX + L.sideWidth, height: Math.max(0, y - L.rowGap), boxes, arrows };
}
