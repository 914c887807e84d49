// Conclusion-change alerts: recorded with the change log entry of the write that caused them, listed per
// review, outcome and change, and pushed on the conclusionChanged subscription after commit.
import { GraphQLError } from 'graphql';
import type { ConclusionAlert, ReviewEvent } from '../events.js';
import { alertOfRow } from '../domain/conclusions.js';
import { missedConclusionEvents } from '../domain/missed-events.js';
import { outcomeViewForEvent } from '../domain/reads.js';
import { given } from '../domain/validate.js';
import { builder, type GraphQLContext } from './builder.js';
import { ChangeLogEntryRef } from './change-log.js';
import { ConclusionChangeKindEnum } from './outcome.js';
import { keysetConnection, type Keyset } from './pagination.js';
import { OutcomeRef, ReviewRef } from './refs.js';
import { readableReview } from './review.js';


type Kind = (typeof ConclusionChangeKindEnum)['$inferType'];

export const ConclusionAlertRef = builder.objectRef<ConclusionAlert>('ConclusionAlert').implement({
  description: 'A change of conclusion (significance, direction, GRADE level, trial sequential verdict) caused by the change that produced `version`.',
  fields: (t) => ({
    id: t.exposeID('id'),
    version: t.exposeInt('version', { description: 'The review version whose change caused it.' }),
    kind: t.field({ type: ConclusionChangeKindEnum, resolve: (alert) => alert.kind as Kind }),
    from: t.exposeString('from', { nullable: true }),
    to: t.exposeString('to', { nullable: true }),
    message: t.exposeString('message'),
    outcomeId: t.exposeID('outcomeId'),
    outcome: t.field({
      type: OutcomeRef,
      nullable: true,
      description: 'The outcome as of this version.',
      resolve: (alert, _args, context) => outcomeViewForEvent(context.services.database, alert.outcomeId, alert.version),
    }),
    createdAt: t.exposeString('createdAt'),
  }),
});

async function alertsWhere(context: GraphQLContext, filter: { reviewId: string; version?: number; outcomeId?: string }): Promise<ConclusionAlert[]> {
  let query = context.services.database.db.selectFrom('conclusion_changes').selectAll().where('review_id', '=', filter.reviewId);
  if (filter.version !== undefined) query = query.where('version', '=', filter.version);
  if (filter.outcomeId !== undefined) query = query.where('outcome_id', '=', filter.outcomeId);
  return (await query.orderBy('version').orderBy('position').execute()).map(alertOfRow);
}

builder.objectField(ChangeLogEntryRef, 'conclusionChanges', (t) =>
  t.field({
    type: [ConclusionAlertRef],
    description: 'The conclusions this change changed (empty for most changes).',
    resolve: (row, _args, context) => alertsWhere(context, { reviewId: row.review_id, version: row.version }),
  }),
);

builder.objectField(OutcomeRef, 'conclusionChanges', (t) =>
  t.field({
    type: [ConclusionAlertRef],
    description: "How this version of the outcome's analysis changed its conclusion from the previous one (empty when it did not).",
    resolve: (view, _args, context) => alertsWhere(context, { reviewId: view.outcome.review_id, version: view.snapshot.version, outcomeId: view.outcome.id }),
  }),
);

builder.objectField(ReviewRef, 'conclusionChanges', (t) =>
  t.field({
    type: [ConclusionAlertRef],
    description: 'Every conclusion change in the review, newest first.',
    args: {
      first: t.arg.int({ defaultValue: 100, description: 'At most this many (up to 500).' }),
      beforeVersion: t.arg.int({ description: 'Only changes older than this version (to page back).' }),
    },
    resolve: async (review, args, context) => {
      let query = context.services.database.db
        .selectFrom('conclusion_changes')
        .selectAll()
        .where('review_id', '=', review.id)
        .orderBy('version', 'desc')
        .orderBy('position')
        .limit(Math.min(Math.max(args.first ?? 100, 0), 500));
      if (given(args.beforeVersion)) query = query.where('version', '<', args.beforeVersion);
      return (await query.execute()).map(alertOfRow);
    },
  }),
);

/** A review's conclusion changes, newest version first, in their order within a version (unique per review). */
const alertKeyset: Keyset = {
  name: 'conclusion-changes',
  columns: [
    { column: 'version', direction: 'desc', type: 'integer' },
    { column: 'position', direction: 'asc', type: 'integer' },
  ],
};

builder.objectField(ReviewRef, 'conclusionChangesConnection', (t) =>
  t.connection(
    {
      type: ConclusionAlertRef,
      nullable: false,
      description: 'Every conclusion change in the review as `conclusionChanges` lists them (newest first), a page at a time. Cursors are (version, position), so new alerts never shift a page.',
      args: { outcomeId: t.arg.id({ description: "Only this outcome's conclusion changes." }) },
      resolve: (review, args, context) => {
        let query = context.services.database.db.selectFrom('conclusion_changes').selectAll().where('review_id', '=', review.id);
        if (given(args.outcomeId)) query = query.where('outcome_id', '=', args.outcomeId);
        return keysetConnection({ args, keyset: alertKeyset, query, node: alertOfRow });
      },
    },
    { name: 'ConclusionAlertConnection', description: 'A page of conclusion changes.' },
    { name: 'ConclusionAlertEdge' },
  ),
);

const ConclusionChangedEventRef = builder.objectRef<ReviewEvent>('ConclusionChangedEvent').implement({
  description: 'A committed change that changed at least one conclusion.',
  fields: (t) => ({
    reviewId: t.exposeID('reviewId'),
    version: t.exposeInt('version'),
    action: t.exposeString('action'),
    summary: t.exposeString('summary'),
    changes: t.field({ type: [ConclusionAlertRef], resolve: (event) => event.conclusionChanges ?? [] }),
  }),
});

/** Alerts a slow conclusionChanged subscriber is kept, and missed ones sent when it subscribes. */
const ALERTS_KEPT = 100;

builder.subscriptionFields((t) => ({
  conclusionChanged: t.field({
    type: ConclusionChangedEventRef,
    description:
      "One event per committed change that changed a conclusion of the review's outcomes. Alerts are kept for a slow client (up to 100), not dropped. With `sinceVersion`, the alerts after it are sent first (the latest 100).",
    args: {
      reviewId: t.arg.id({ required: true }),
      sinceVersion: t.arg.int({ description: 'The version whose alerts you already have; later ones are sent first.' }),
    },
    subscribe: async (_root, args, context) => {
      const review = await readableReview(context, args.reviewId);
      if (!review) throw new GraphQLError(`there is no review with id '${args.reviewId}'`, { extensions: { code: 'NOT_FOUND' } });
      const { sinceVersion } = args;
      return context.services.events.subscribe(review.id, {
        wanted: (event) => (event.conclusionChanges?.length ?? 0) > 0,
        keep: ALERTS_KEPT,
        missed: given(sinceVersion) ? () => missedConclusionEvents(context.services.database, review.id, sinceVersion, ALERTS_KEPT) : undefined,
      });
    },
    resolve: (event) => event,
  }),
}));
