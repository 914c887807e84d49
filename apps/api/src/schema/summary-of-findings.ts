// Review.summaryOfFindings: the GRADE Summary of Findings table, derived from the stored snapshots (so it
// follows every new version like the analyses do), with links to its CSV and HTML downloads.
import type { CertaintyCell } from '@cumulus/stats';
import type { SummaryOfFindingsFootnote, SummaryOfFindingsRow } from '../domain/engine.js';
import { outcomeViewForEvent } from '../domain/reads.js';
import { summaryOfFindingsOf, type ReviewSummaryOfFindings } from '../domain/summary-of-findings.js';
import { builder } from './builder.js';
import { CertaintyLevelEnum, GradeDomainEnum } from './evidence.js';
import { MeasureEnum } from './enums.js';
import { OutcomeRef, ReviewRef } from './refs.js';

const CertaintyCellRef = builder.objectRef<CertaintyCell & { footnotes?: string[]; needsReview?: boolean; note?: string | null }>('SummaryOfFindingsCertainty').implement({
  fields: (t) => ({
    level: t.field({ type: CertaintyLevelEnum, resolve: (c) => c.level }),
    symbols: t.exposeString('symbols', { description: '⊕⊕⊕◯ for moderate.' }),
    label: t.exposeString('label'),
    footnotes: t.stringList({ description: 'Letters of the footnotes that explain the rating.', resolve: (c) => c.footnotes ?? [] }),
    needsReview: t.boolean({ description: "A maintainer's judgement was made on data that have changed since.", resolve: (c) => c.needsReview ?? false }),
    note: t.string({ nullable: true, resolve: (c) => c.note ?? null }),
  }),
});

const AnticipatedEffectRef = builder.objectRef<SummaryOfFindingsRow['anticipatedEffects'][number]>('AnticipatedAbsoluteEffect').implement({
  description: 'Risk with comparison and with intervention per 1000 at one assumed control risk.',
  fields: (t) => ({
    label: t.exposeString('label'),
    riskWithComparison: t.exposeString('riskWithComparison'),
    riskWithIntervention: t.exposeString('riskWithIntervention', { description: 'With its 95% CI.' }),
    riskDifference: t.exposeString('riskDifference', { description: 'With its 95% CI.' }),
    controlPer1000: t.exposeFloat('controlPer1000'),
    interventionPer1000: t.exposeFloat('interventionPer1000'),
    interventionPer1000Lower: t.exposeFloat('interventionPer1000Lower'),
    interventionPer1000Upper: t.exposeFloat('interventionPer1000Upper'),
    differencePer1000: t.exposeFloat('differencePer1000'),
    differencePer1000Lower: t.exposeFloat('differencePer1000Lower'),
    differencePer1000Upper: t.exposeFloat('differencePer1000Upper'),
  }),
});

interface RowView {
  row: SummaryOfFindingsRow;
  outcomeId: string;
  version: number;
}

const SummaryOfFindingsRowRef = builder.objectRef<RowView>('SummaryOfFindingsRow').implement({
  fields: (t) => ({
    outcomeName: t.string({ resolve: (v) => v.row.outcome }),
    outcome: t.field({
      type: OutcomeRef,
      nullable: true,
      description: 'The outcome as of the version the table shows.',
      resolve: (v, _args, context) => outcomeViewForEvent(context.services.database, v.outcomeId, v.version),
    }),
    measure: t.field({ type: MeasureEnum, nullable: true, resolve: (v) => v.row.measure }),
    studies: t.int({ resolve: (v) => v.row.studies }),
    participants: t.int({ nullable: true, resolve: (v) => v.row.participants }),
    participantsText: t.string({ description: "'62607 (16 RCTs)'.", resolve: (v) => v.row.participantsText }),
    anticipatedEffects: t.field({ type: [AnticipatedEffectRef], description: 'OR, RR and RD outcomes.', resolve: (v) => v.row.anticipatedEffects }),
    effectText: t.string({ nullable: true, description: "Continuous outcomes: 'MD 5.09 higher (3.38 higher to 6.81 higher)'.", resolve: (v) => v.row.effectText }),
    relativeEffect: t.string({ nullable: true, description: "'OR 1.01 (0.96 to 1.08)'.", resolve: (v) => v.row.relativeEffect }),
    certainty: t.field({ type: CertaintyCellRef, nullable: true, description: 'The suggested (or overridden) rating.', resolve: (v) => v.row.certainty }),
    publishedCertainty: t.field({ type: CertaintyCellRef, nullable: true, description: 'The rating the review published, where recorded.', resolve: (v) => v.row.publishedCertainty }),
    comments: t.stringList({ resolve: (v) => v.row.comments }),
  }),
});

const FootnoteRef = builder.objectRef<SummaryOfFindingsFootnote>('SummaryOfFindingsFootnote').implement({
  description: 'Why a domain was rated down or up, or overridden: one per such domain.',
  fields: (t) => ({
    letter: t.exposeString('letter'),
    outcomeName: t.string({ resolve: (f) => f.outcome }),
    domain: t.field({ type: GradeDomainEnum, resolve: (f) => f.domain }),
    rating: t.exposeInt('rating'),
    overridden: t.exposeBoolean('overridden'),
    needsReview: t.exposeBoolean('needsReview'),
    text: t.exposeString('text'),
  }),
});

const CertaintyDefinitionRef = builder.objectRef<ReviewSummaryOfFindings['definitions'][number]>('CertaintyDefinition').implement({
  fields: (t) => ({
    level: t.field({ type: CertaintyLevelEnum, resolve: (d) => d.level }),
    symbols: t.exposeString('symbols'),
    label: t.exposeString('label'),
    definition: t.exposeString('definition'),
  }),
});

const SummaryOfFindingsRef = builder.objectRef<ReviewSummaryOfFindings>('SummaryOfFindings').implement({
  description: 'The GRADE Summary of Findings in the GRADEpro layout, from the stored analyses at one version.',
  fields: (t) => ({
    version: t.exposeInt('version'),
    rows: t.field({
      type: [SummaryOfFindingsRowRef],
      resolve: (sof) => sof.rows.map((row, i) => ({ row, outcomeId: sof.outcomeIds[i], version: sof.version })),
    }),
    footnotes: t.field({ type: [FootnoteRef], resolve: (sof) => sof.footnotes }),
    explanations: t.exposeStringList('explanations'),
    definitions: t.field({ type: [CertaintyDefinitionRef], resolve: (sof) => sof.definitions }),
    csvPath: t.string({ description: 'Download path (relative to the server) of the table as CSV.', resolve: (sof) => `/reviews/${encodeURIComponent(sof.review.id)}/summary-of-findings.csv` }),
    htmlPath: t.string({ description: 'Download path of the table as a self-contained HTML document.', resolve: (sof) => `/reviews/${encodeURIComponent(sof.review.id)}/summary-of-findings.html` }),
  }),
});

builder.objectField(ReviewRef, 'summaryOfFindings', (t) =>
  t.field({
    type: SummaryOfFindingsRef,
    args: { asOfVersion: t.arg.int({ description: 'The table as of this version (default the latest).' }) },
    resolve: (review, args, context) => summaryOfFindingsOf(context.services.database, review, args.asOfVersion),
  }),
);
