import { describe, expect, it } from 'vitest';
import type { PrismaCounts, RoundPrismaFlow } from '../graphql/reviews';
import { prismaFlow, prismaLayout, prismaRoundFlow, roundSummary, wrapText } from './prisma-flow';

// The seed review (Cui et al. 2022, Fig. 1) as the API stores it.
const seed: PrismaCounts = {
  version: 2,
  searchEnd: '2021-02-01',
  identifiedFromDatabases: [
    { source: 'PubMed', count: 100 },
    { source: 'Ovid', count: 98 },
    { source: 'Cochrane Library', count: 11 },
    { source: 'Web of Science', count: 194 },
    { source: 'Embase', count: 186 },
    { source: 'Wanfang Data', count: 23 },
    { source: 'China National Knowledge Infrastructure', count: 61 },
  ],
  identifiedFromRegisters: [],
  identifiedFromOtherMethods: [{ source: 'manual search', count: 5 }],
  recordsIdentified: 678,
  duplicatesRemoved: 335,
  recordsAfterDuplicatesRemoved: 343,
  recordsScreened: 343,
  recordsExcluded: 332,
  reportsSought: null,
  reportsNotRetrieved: null,
  reportsAssessed: 11,
  reportsExcluded: [],
  reportsIncluded: 11,
  studiesIncluded: 9,
  studiesInQuantitativeSynthesis: 7,
  note: null,
};

const text = (flow: ReturnType<typeof prismaFlow>, id: string) => flow.boxes.find((b) => b.id === id)?.lines.join(' ');

describe('prismaFlow', () => {
  it('draws the seed review’s counts in PRISMA order', () => {
    const flow = prismaFlow(seed);
    expect(flow.boxes.filter((b) => b.kind === 'main').map((b) => b.id)).toEqual(['identified', 'screened', 'assessed', 'included']);
    expect(text(flow, 'identified')).toContain('Records identified (n = 678)');
    expect(text(flow, 'identified')).toContain('Databases (n = 673):');
    expect(text(flow, 'identified')).toContain('Other methods (n = 5):');
    expect(text(flow, 'duplicates')).toContain('Duplicate records (n = 335)');
    expect(text(flow, 'screened')).toBe('Records screened (n = 343)');
    expect(text(flow, 'records-excluded')).toBe('Records excluded (n = 332)');
    expect(text(flow, 'assessed')).toBe('Reports assessed for eligibility (n = 11)');
    expect(text(flow, 'included')).toBe('Studies included in review (n = 9) Reports of included studies (n = 11) Studies in the meta-analysis (n = 7)');
  });

  it('leaves out what the review does not report instead of drawing n = ?', () => {
    const flow = prismaFlow(seed);
    expect(flow.boxes.map((b) => b.id)).not.toContain('sought');
    expect(flow.boxes.map((b) => b.id)).not.toContain('reports-excluded');
    expect(flow.boxes.flatMap((b) => b.lines).join(' ')).not.toMatch(/null|undefined|\?/);
    // The chain skips the missing box: screened leads straight to assessed.
    expect(flow.arrows.map((a) => `${a.from}→${a.to}`)).toEqual(['identified→duplicates', 'identified→screened', 'screened→records-excluded', 'screened→assessed', 'assessed→included']);
  });

  it('lists reports excluded by reason, with their total', () => {
    const flow = prismaFlow({ ...seed, reportsSought: 12, reportsNotRetrieved: 1, reportsExcluded: [{ source: 'no control group', count: 2 }, { source: 'duplicate cohort', count: 1 }] });
    expect(text(flow, 'sought')).toBe('Reports sought for retrieval (n = 12)');
    expect(text(flow, 'not-retrieved')).toBe('Reports not retrieved (n = 1)');
    expect(text(flow, 'reports-excluded')).toBe('Reports excluded (n = 3):   no control group (n = 2)   duplicate cohort (n = 1)');
  });

  it('lays boxes out without overlaps, arrows from box edge to box edge, phases spanning their rows', () => {
    const flow = prismaFlow(seed);
    const boxes = flow.boxes;
    for (const a of boxes) {
      for (const b of boxes) {
        if (a === b) continue;
        const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false);
      }
      expect(a.x + a.width).toBeLessThanOrEqual(flow.width);
      expect(a.y + a.height).toBeLessThanOrEqual(flow.height);
    }
    for (const arrow of flow.arrows) {
      const from = boxes.find((b) => b.id === arrow.from)!;
      const to = boxes.find((b) => b.id === arrow.to)!;
      const [[x1, y1], [x2, y2]] = arrow.points;
      expect(x1 === from.x + from.width || y1 === from.y + from.height).toBe(true);
      expect(x2 === to.x || y2 === to.y).toBe(true);
    }
    const screening = boxes.find((b) => b.id === 'phase-screening')!;
    const screened = boxes.find((b) => b.id === 'screened')!;
    const assessed = boxes.find((b) => b.id === 'assessed')!;
    expect(screening.y).toBe(screened.y);
    expect(screening.y + screening.height).toBe(assessed.y + assessed.height);
  });

  it('makes each phase band long enough for its rotated label', () => {
    const flow = prismaFlow({ ...seed, identifiedFromDatabases: [{ source: 'MEDLINE', count: 678 }], identifiedFromOtherMethods: [] });
    for (const phase of flow.boxes.filter((b) => b.kind === 'phase')) expect(phase.height).toBeGreaterThanOrEqual(phase.lines[0].length * prismaLayout.phaseCharWidth);
  });

  it('wraps long source names inside the box', () => {
    const flow = prismaFlow(seed);
    const maxChars = Math.floor((prismaLayout.mainWidth - 2 * prismaLayout.padding) / prismaLayout.charWidth);
    for (const line of flow.boxes.find((b) => b.id === 'identified')!.lines) expect(line.length).toBeLessThanOrEqual(maxChars);
  });
});

describe('wrapText', () => {
  it('breaks at word boundaries, keeping a count whole', () => {
    expect(wrapText('China National Knowledge Infrastructure (n = 61)', 20)).toEqual(['China National', 'Knowledge', 'Infrastructure', '(n = 61)']);
    expect(wrapText('Databases (n = 673):', 12)).toEqual(['Databases', '(n = 673):']);
    expect(wrapText('', 10)).toEqual([]);
  });
});

// The flow of a first update round as the API computes it (apps/api/test/screening.test.ts), after one study
// had been included before the round.
const round: RoundPrismaFlow = {
  round: { id: 'r1', number: 1, label: 'Round 1', searchedTo: '2021-02-01', analysisChanges: [] },
  previous_studies: 1,
  previous_reports: 1,
  database_results: 15,
  database_specific_results: [
    { source: 'MEDLINE via PubMed', count: 12 },
    { source: 'Embase', count: 3 },
  ],
  register_results: 0,
  register_specific_results: [],
  website_results: 0,
  organisation_results: 0,
  citations_results: 0,
  duplicates: 2,
  duplicates_by_source: [{ source: 'MEDLINE via PubMed', count: 2 }],
  excluded_automatic: 0,
  excluded_other: 0,
  records_screened: 13,
  records_excluded: 2,
  dbr_sought_reports: 7,
  dbr_notretrieved_reports: 1,
  dbr_assessed: 6,
  dbr_excluded: [
    { reason: 'wrong outcomes', count: 1 },
    { reason: 'wrong study design', count: 1 },
  ],
  other_sought_reports: 0,
  other_notretrieved_reports: 0,
  other_assessed: 0,
  other_excluded: [],
  new_studies: 1,
  new_reports: 2,
  total_studies: 2,
  total_reports: 3,
  awaiting: { titleAbstract: 3, titleAbstractConflicts: 1, fullText: 2, fullTextConflicts: 0, notYetStudies: 0, possibleDuplicates: 0 },
  checks: ['4 records still wait for title and abstract screening (1 conflict for an arbiter)'],
};

describe('prismaRoundFlow', () => {
  it('draws a round in the template for updated reviews: previous studies, the new searches, new and total studies', () => {
    const flow = prismaRoundFlow(round);
    expect(flow.boxes.filter((b) => b.kind === 'main').map((b) => b.id)).toEqual(['previous', 'identified', 'screened', 'sought', 'assessed', 'new-included', 'total-included']);
    expect(text(flow, 'previous')).toBe('Studies included in previous version of review (n = 1) Reports of studies included in previous version of review (n = 1)');
    expect(text(flow, 'identified')).toBe('Records identified from databases (n = 15):   MEDLINE via PubMed (n = 12)   Embase (n = 3) Records identified from registers (n = 0)');
    expect(text(flow, 'removed')).toContain('Duplicate records (n = 2)');
    expect(text(flow, 'removed')).toMatch(/Records removed for other reasons\s+\(n = 0\)/);
    expect(text(flow, 'screened')).toBe('Records screened (n = 13)');
    expect(text(flow, 'records-excluded')).toBe('Records excluded (n = 2)');
    expect(text(flow, 'sought')).toBe('Reports sought for retrieval (n = 7)');
    expect(text(flow, 'not-retrieved')).toBe('Reports not retrieved (n = 1)');
    expect(text(flow, 'reports-excluded')).toBe('Reports excluded (n = 2):   wrong outcomes (n = 1)   wrong study design (n = 1)');
    expect(text(flow, 'new-included')).toBe('New studies included in review (n = 1) Reports of new included studies (n = 2)');
    expect(text(flow, 'total-included')).toBe('Total studies included in review (n = 2) Reports of total included studies (n = 3)');
  });

  it('starts the chain again below the previous studies, and adds the other methods only when they found something', () => {
    const flow = prismaRoundFlow(round);
    expect(flow.arrows.map((a) => `${a.from}→${a.to}`)).not.toContain('previous→identified');
    expect(flow.arrows.map((a) => `${a.from}→${a.to}`)).toContain('assessed→new-included');
    expect(flow.boxes.map((b) => b.id)).not.toContain('other-assessed');
    const withCitations = prismaRoundFlow({ ...round, citations_results: 4, other_sought_reports: 4, other_assessed: 3, other_notretrieved_reports: 1, other_excluded: [{ reason: 'wrong population', count: 2 }] });
    expect(text(withCitations, 'identified')).toContain('Records identified from other methods (n = 4):   Citation searching (n = 4)');
    expect(text(withCitations, 'other-assessed')).toBe('Reports from other methods sought for retrieval (n = 4) Not retrieved (n = 1) Assessed for eligibility (n = 3)');
    expect(text(withCitations, 'other-excluded')).toBe('Reports excluded (n = 2):   wrong population (n = 2)');
  });

  it('joins the previous studies to the total down the gutter left of the chain', () => {
    const flow = prismaRoundFlow(round);
    const previous = flow.boxes.find((b) => b.id === 'previous')!;
    const total = flow.boxes.find((b) => b.id === 'total-included')!;
    const arrow = flow.arrows.find((a) => a.from === 'previous' && a.to === 'total-included')!;
    expect(arrow.points[0]).toEqual([previous.x, previous.y + previous.height / 2]);
    expect(arrow.points[arrow.points.length - 1]).toEqual([total.x, total.y + total.height / 2]);
    // Its corners are in the gutter: clear of the phase bands and of every box of the chain.
    for (const [x] of arrow.points.slice(1, -1)) {
      expect(x).toBeGreaterThan(prismaLayout.phaseWidth);
      expect(x).toBeLessThan(previous.x);
    }
  });

  it('leaves out the previous studies of a first review', () => {
    const flow = prismaRoundFlow({ ...round, previous_studies: 0, previous_reports: 0 });
    expect(flow.boxes.map((b) => b.id)).not.toContain('previous');
    expect(flow.boxes.find((b) => b.id === 'identified')?.y).toBe(0);
  });
});

describe('roundSummary', () => {
  it('counts the new records (less duplicates and removals), the screened and the new studies and reports', () => {
    expect(roundSummary({ ...round, excluded_other: 1 })).toEqual({ newRecords: 12, screened: 13, newStudies: 1, newReports: 2 });
  });
});
