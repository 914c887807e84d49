// The PRISMA 2020 flow of one update round, computed from its searches and the decisions on its records, in the
// template for updated reviews (Page et al. 2021, BMJ 372:n71, figure 1; field names as in the PRISMA2020 R package's
// PRISMA.csv). Pure: the caller reads the rows. The arithmetic of every box is checked against the boxes it comes
// from, and what does not add up (or still waits for a person) is named.
import type { RecordRow, SearchRow, SearchSourceKind } from '@cumulus/db';

export interface SourceCount {
  source: string;
  count: number;
}

export interface ReasonCount {
  reason: string;
  count: number;
}

export interface PrismaFlow {
  previous_studies: number;
  previous_reports: number;
  database_results: number;
  database_specific_results: SourceCount[];
  register_results: number;
  register_specific_results: SourceCount[];
  website_results: number;
  organisation_results: number;
  citations_results: number;
  duplicates: number;
  /** Duplicates per source (databases and registers), for the note under the box. */
  duplicates_by_source: SourceCount[];
  excluded_automatic: number;
  excluded_other: number;
  records_screened: number;
  records_excluded: number;
  dbr_sought_reports: number;
  dbr_notretrieved_reports: number;
  dbr_assessed: number;
  dbr_excluded: ReasonCount[];
  other_sought_reports: number;
  other_notretrieved_reports: number;
  other_assessed: number;
  other_excluded: ReasonCount[];
  new_studies: number;
  new_reports: number;
  total_studies: number;
  total_reports: number;
  /** Work still open, counted (not part of the template, but why the boxes do not close yet). */
  awaiting: { titleAbstract: number; titleAbstractConflicts: number; fullText: number; fullTextConflicts: number; notYetStudies: number; possibleDuplicates: number };
  /** Each box that does not follow from the boxes before it, or still waits for decisions, in words. */
  checks: string[];
}

export type FlowRecord = Pick<RecordRow, 'id' | 'search_id' | 'duplicate_of' | 'removed_reason' | 'title_abstract_status' | 'full_text_status' | 'full_text_reason' | 'included_as' | 'study_id'>;
export type FlowSearch = Pick<SearchRow, 'id' | 'source' | 'source_kind' | 'record_count'>;

/** Sources PRISMA 2020 counts under "databases and registers": their records are screened on title and abstract. */
export const isDatabaseOrRegister = (kind: SearchSourceKind) => kind === 'database' || kind === 'register';

function bySource(entries: Iterable<[string, number]>): SourceCount[] {
  const counts = new Map<string, number>();
  for (const [source, count] of entries) counts.set(source, (counts.get(source) ?? 0) + count);
  return [...counts].map(([source, count]) => ({ source, count }));
}

function byReason(records: readonly FlowRecord[]): ReasonCount[] {
  const counts = new Map<string, number>();
  for (const record of records) {
    const reason = record.full_text_reason ?? 'no reason given';
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

const sum = (counts: readonly { count: number }[]) => counts.reduce((total, entry) => total + entry.count, 0);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function prismaFlow(input: {
  searches: readonly FlowSearch[];
  records: readonly FlowRecord[];
  previousStudies: number;
  previousReports: number;
  possibleDuplicates: number;
}): PrismaFlow {
  const searchOf = new Map(input.searches.map((search) => [search.id, search]));
  const kindOf = (record: FlowRecord) => searchOf.get(record.search_id)?.source_kind ?? 'database';
  const resultsOf = (kind: SearchSourceKind) => input.searches.filter((search) => search.source_kind === kind);
  const databases = bySource(resultsOf('database').map((s) => [s.source, s.record_count]));
  const registers = bySource(resultsOf('register').map((s) => [s.source, s.record_count]));
  const other = (kind: SearchSourceKind) => sum(resultsOf(kind).map((s) => ({ count: s.record_count })));

  const dbr = input.records.filter((record) => isDatabaseOrRegister(kindOf(record)));
  const otherRecords = input.records.filter((record) => !isDatabaseOrRegister(kindOf(record)));
  const duplicates = dbr.filter((record) => record.duplicate_of !== null);
  const removed = dbr.filter((record) => record.duplicate_of === null && record.removed_reason !== null);
  const screened = dbr.filter((record) => record.duplicate_of === null && record.removed_reason === null);
  const excluded = screened.filter((record) => record.title_abstract_status === 'exclude');
  const sought = screened.filter((record) => record.full_text_status !== null);
  const notRetrieved = sought.filter((record) => record.full_text_status === 'not-retrieved');
  const assessed = sought.filter((record) => record.full_text_status !== 'not-retrieved');
  const fullTextExcluded = assessed.filter((record) => record.full_text_status === 'exclude');

  const otherSought = otherRecords.filter((record) => record.duplicate_of === null && record.removed_reason === null);
  const otherNotRetrieved = otherSought.filter((record) => record.full_text_status === 'not-retrieved');
  const otherAssessed = otherSought.filter((record) => record.full_text_status !== 'not-retrieved');
  const otherExcluded = otherAssessed.filter((record) => record.full_text_status === 'exclude');

  const included = [...assessed, ...otherAssessed].filter((record) => record.full_text_status === 'include');
  const newStudies = included.filter((record) => record.included_as === 'new-study').length;
  const newReports = included.length;

  const awaiting = {
    titleAbstract: screened.filter((record) => record.title_abstract_status === 'awaiting').length,
    titleAbstractConflicts: screened.filter((record) => record.title_abstract_status === 'conflict').length,
    fullText: [...assessed, ...otherAssessed].filter((record) => record.full_text_status === 'awaiting').length,
    fullTextConflicts: [...assessed, ...otherAssessed].filter((record) => record.full_text_status === 'conflict').length,
    notYetStudies: included.filter((record) => record.study_id === null).length,
    possibleDuplicates: input.possibleDuplicates,
  };

  const flow: PrismaFlow = {
    previous_studies: input.previousStudies,
    previous_reports: input.previousReports,
    database_results: sum(databases),
    database_specific_results: databases,
    register_results: sum(registers),
    register_specific_results: registers,
    website_results: other('website'),
    organisation_results: other('organisation'),
    citations_results: other('citation'),
    duplicates: duplicates.length,
    duplicates_by_source: bySource(duplicates.map((record) => [searchOf.get(record.search_id)?.source ?? 'unknown', 1])),
    excluded_automatic: 0,
    excluded_other: removed.length,
    records_screened: screened.length,
    records_excluded: excluded.length,
    dbr_sought_reports: sought.length,
    dbr_notretrieved_reports: notRetrieved.length,
    dbr_assessed: assessed.length,
    dbr_excluded: byReason(fullTextExcluded),
    other_sought_reports: otherSought.length,
    other_notretrieved_reports: otherNotRetrieved.length,
    other_assessed: otherAssessed.length,
    other_excluded: byReason(otherExcluded),
    new_studies: newStudies,
    new_reports: newReports,
    total_studies: input.previousStudies + newStudies,
    total_reports: input.previousReports + newReports,
    awaiting,
    checks: [],
  };
  flow.checks = checksOf(flow, dbr.length);
  return flow;
}

/** What does not add up, box by box, and what still waits for a person. */
export function checksOf(flow: PrismaFlow, dbrRecordsStored: number): string[] {
  const checks: string[] = [];
  const identified = flow.database_results + flow.register_results;
  if (identified !== dbrRecordsStored) {
    checks.push(`records identified from databases and registers (${identified}) differ from the records stored for them (${dbrRecordsStored})`);
  }
  const afterRemoval = identified - flow.duplicates - flow.excluded_automatic - flow.excluded_other;
  if (afterRemoval !== flow.records_screened) {
    checks.push(`records screened (${flow.records_screened}) should be records identified (${identified}) minus duplicates (${flow.duplicates}) and records removed (${flow.excluded_automatic + flow.excluded_other}) = ${afterRemoval}`);
  }
  const { awaiting } = flow;
  const screenedOut = flow.records_excluded + flow.dbr_sought_reports + awaiting.titleAbstract + awaiting.titleAbstractConflicts;
  if (screenedOut !== flow.records_screened) {
    checks.push(`records screened (${flow.records_screened}) should be records excluded (${flow.records_excluded}) plus reports sought (${flow.dbr_sought_reports}) plus records still being screened (${awaiting.titleAbstract + awaiting.titleAbstractConflicts})`);
  }
  if (awaiting.titleAbstract + awaiting.titleAbstractConflicts > 0) {
    checks.push(`${plural(awaiting.titleAbstract + awaiting.titleAbstractConflicts, 'record')} still wait for title and abstract screening (${plural(awaiting.titleAbstractConflicts, 'conflict')} for an arbiter)`);
  }
  if (flow.dbr_sought_reports - flow.dbr_notretrieved_reports !== flow.dbr_assessed) {
    checks.push(`reports assessed (${flow.dbr_assessed}) should be reports sought (${flow.dbr_sought_reports}) minus reports not retrieved (${flow.dbr_notretrieved_reports})`);
  }
  const decided = sum(flow.dbr_excluded) + sum(flow.other_excluded) + flow.new_reports + awaiting.fullText + awaiting.fullTextConflicts;
  if (decided !== flow.dbr_assessed + flow.other_assessed) {
    checks.push(`reports assessed (${flow.dbr_assessed + flow.other_assessed}) should be reports excluded (${sum(flow.dbr_excluded) + sum(flow.other_excluded)}) plus reports included (${flow.new_reports}) plus reports still being assessed (${awaiting.fullText + awaiting.fullTextConflicts})`);
  }
  if (awaiting.fullText + awaiting.fullTextConflicts > 0) {
    checks.push(`${plural(awaiting.fullText + awaiting.fullTextConflicts, 'full text')} still wait for assessment (${plural(awaiting.fullTextConflicts, 'conflict')} for an arbiter)`);
  }
  if (awaiting.notYetStudies > 0) {
    checks.push(`${plural(awaiting.notYetStudies, 'included report')} ${awaiting.notYetStudies === 1 ? 'is' : 'are'} not yet a study or a report of one, so new studies may be undercounted`);
  }
  if (awaiting.possibleDuplicates > 0) {
    checks.push(`${plural(awaiting.possibleDuplicates, 'possible duplicate')} wait for a person to confirm or reject, so duplicates may be undercounted`);
  }
  if (flow.total_studies !== flow.previous_studies + flow.new_studies || flow.total_reports !== flow.previous_reports + flow.new_reports) {
    checks.push('the totals are not previous plus new');
  }
  if (flow.new_studies > flow.new_reports) checks.push(`new studies (${flow.new_studies}) outnumber their reports (${flow.new_reports})`);
  return checks;
}
