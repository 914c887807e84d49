// The PRISMA 2020 flow of an update round, computed from its searches and decisions (domain/intake/prisma-flow.ts),
// with the field names of the PRISMA2020 R package's PRISMA.csv; and what a round changed.
import type { UpdateRoundRow } from '@cumulus/db';
import { analysisChangesSince, prismaFlowOfRound, type RoundAnalysisChange } from '../domain/intake/screening-reads.js';
import type { PrismaFlow, ReasonCount, SourceCount } from '../domain/intake/prisma-flow.js';
import { builder } from './builder.js';
import { UpdateRoundRef } from './intake-refs.js';
import { OutcomeRef, ReviewRef } from './refs.js';
import { outcomeViewOf } from '../domain/reads.js';

const FlowSourceCountRef = builder.objectRef<SourceCount>('FlowSourceCount').implement({
  fields: (t) => ({ source: t.exposeString('source'), count: t.exposeInt('count') }),
});
const FlowReasonCountRef = builder.objectRef<ReasonCount>('FlowReasonCount').implement({
  fields: (t) => ({ reason: t.exposeString('reason'), count: t.exposeInt('count') }),
});
const FlowAwaitingRef = builder.objectRef<PrismaFlow['awaiting']>('PrismaFlowAwaiting').implement({
  description: 'Work still open in the round (why the boxes may not close yet).',
  fields: (t) => ({
    titleAbstract: t.exposeInt('titleAbstract'),
    titleAbstractConflicts: t.exposeInt('titleAbstractConflicts'),
    fullText: t.exposeInt('fullText'),
    fullTextConflicts: t.exposeInt('fullTextConflicts'),
    notYetStudies: t.exposeInt('notYetStudies', { description: 'Included reports not yet made a study or a report of one.' }),
    possibleDuplicates: t.exposeInt('possibleDuplicates'),
  }),
});

type RoundFlow = PrismaFlow & { round: UpdateRoundRow };

const counts = [
  ['previous_studies', 'Studies included in previous version of review'],
  ['previous_reports', 'Reports of studies included in previous version of review'],
  ['database_results', 'Records identified from: Databases'],
  ['register_results', 'Records identified from: Registers'],
  ['website_results', 'Records identified from: Websites'],
  ['organisation_results', 'Records identified from: Organisations'],
  ['citations_results', 'Records identified from: Citation searching'],
  ['duplicates', 'Duplicate records'],
  ['excluded_automatic', 'Records marked as ineligible by automation tools (Cumulus uses none)'],
  ['excluded_other', 'Records removed for other reasons'],
  ['records_screened', 'Records screened (databases and registers)'],
  ['records_excluded', 'Records excluded (databases and registers)'],
  ['dbr_sought_reports', 'Reports sought for retrieval (databases and registers)'],
  ['dbr_notretrieved_reports', 'Reports not retrieved (databases and registers)'],
  ['dbr_assessed', 'Reports assessed for eligibility (databases and registers)'],
  ['other_sought_reports', 'Reports sought for retrieval (other)'],
  ['other_notretrieved_reports', 'Reports not retrieved (other)'],
  ['other_assessed', 'Reports assessed for eligibility (other)'],
  ['new_studies', 'New studies included in review'],
  ['new_reports', 'Reports of new included studies'],
  ['total_studies', 'Total studies included in review'],
  ['total_reports', 'Reports of total included studies'],
] as const;

const PrismaFlowRef = builder.objectRef<RoundFlow>('PrismaFlow').implement({
  description: 'The PRISMA 2020 flow diagram of an update round (template for updated reviews), computed from its searches and screening decisions. Field names as in the PRISMA2020 R package (PRISMA.csv).',
  fields: (t) => ({
    round: t.field({ type: UpdateRoundRef, resolve: (f) => f.round }),
    ...Object.fromEntries(counts.map(([name, description]) => [name, t.int({ description, resolve: (f) => f[name] })])),
    database_specific_results: t.field({ type: [FlowSourceCountRef], description: 'Records identified per database.', resolve: (f) => f.database_specific_results }),
    register_specific_results: t.field({ type: [FlowSourceCountRef], description: 'Records identified per register.', resolve: (f) => f.register_specific_results }),
    duplicates_by_source: t.field({ type: [FlowSourceCountRef], description: 'Duplicate records per source.', resolve: (f) => f.duplicates_by_source }),
    dbr_excluded: t.field({ type: [FlowReasonCountRef], description: 'Reports excluded (databases and registers), per reason.', resolve: (f) => f.dbr_excluded }),
    other_excluded: t.field({ type: [FlowReasonCountRef], description: 'Reports excluded (other methods), per reason.', resolve: (f) => f.other_excluded }),
    awaiting: t.field({ type: FlowAwaitingRef, resolve: (f) => f.awaiting }),
    checks: t.exposeStringList('checks', { description: 'Each box that does not follow from the boxes before it, or still waits for decisions, in words. Empty when the flow is complete.' }),
  }),
});

const AnalysisSummaryRef = builder.objectRef<NonNullable<RoundAnalysisChange['before']>>('AnalysisSummary').implement({
  fields: (t) => ({
    k: t.exposeInt('k'),
    estimate: t.exposeFloat('estimate', { nullable: true }),
    ciLower: t.exposeFloat('ciLower', { nullable: true }),
    ciUpper: t.exposeFloat('ciUpper', { nullable: true }),
  }),
});

const RoundAnalysisChangeRef = builder.objectRef<RoundAnalysisChange & { reviewId: string }>('RoundAnalysisChange').implement({
  description: "An outcome's pooled result before the round opened and now.",
  fields: (t) => ({
    outcome: t.field({
      type: OutcomeRef,
      nullable: true,
      resolve: async (change, _args, context) => {
        const row = await context.services.database.db.selectFrom('outcomes').selectAll().where('id', '=', change.outcomeId).executeTakeFirst();
        return row ? outcomeViewOf(context.services.database, row) : null;
      },
    }),
    before: t.field({ type: AnalysisSummaryRef, nullable: true, resolve: (c) => c.before }),
    after: t.field({ type: AnalysisSummaryRef, nullable: true, resolve: (c) => c.after }),
  }),
});

builder.objectFields(UpdateRoundRef, (t) => ({
  prismaFlow: t.field({ type: PrismaFlowRef, resolve: async (round, _args, context) => ({ ...(await prismaFlowOfRound(context.services.database.db, round)), round }) }),
  analysisChanges: t.field({
    type: [RoundAnalysisChangeRef],
    description: 'What the round changed in the analyses: each outcome whose pooled result differs from just before the round opened.',
    resolve: async (round, _args, context) =>
      (await analysisChangesSince(context.services.database.db, round.review_id, round.opened_version)).map((change) => ({ ...change, reviewId: round.review_id })),
  }),
}));

builder.objectFields(ReviewRef, (t) => ({
  prismaFlow: t.field({
    type: PrismaFlowRef,
    nullable: true,
    description: 'The PRISMA 2020 flow of an update round run in Cumulus (the latest when roundId is left out); null when there is none. Earlier rounds typed by hand are prismaCounts.',
    args: { roundId: t.arg.id() },
    resolve: async (review, args, context) => {
      let query = context.services.database.db.selectFrom('update_rounds').selectAll().where('review_id', '=', review.id);
      query = args.roundId ? query.where('id', '=', String(args.roundId)) : query.orderBy('number', 'desc').limit(1);
      const round = await query.executeTakeFirst();
      return round ? { ...(await prismaFlowOfRound(context.services.database.db, round)), round } : null;
    },
  }),
}));
