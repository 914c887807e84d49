// The change log: one entry per review version, saying who changed what.
import type { ChangeLogRow } from '@cumulus/db';
import { builder } from './builder.js';
import { UserRef } from './people.js';

export const ChangeLogEntryRef = builder.objectRef<ChangeLogRow>('ChangeLogEntry').implement({
  description: 'One change to a review: the version it produced, who made it, and what it was.',
  fields: (t) => ({
    id: t.exposeID('id'),
    version: t.exposeInt('version'),
    actor: t.exposeString('actor', { description: "Who made the change: the person's display name then (or an older token's name)." }),
    actorUser: t.field({
      type: UserRef,
      nullable: true,
      description: 'The user who made the change (null for changes older than accounts, and for CUMULUS_ADMIN_TOKEN).',
      resolve: async (row, _args, context) =>
        row.actor_user_id === null ? null : ((await context.services.database.db.selectFrom('users').selectAll().where('id', '=', row.actor_user_id).executeTakeFirst()) ?? null),
    }),
    action: t.exposeString('action', { description: 'The mutation: addStudy, recordStudyData, ...' }),
    summary: t.exposeString('summary'),
    outcomeIds: t.idList({ description: 'Outcomes recomputed by this change.', resolve: (row) => JSON.parse(row.outcome_ids) as string[] }),
    details: t.field({ type: 'JSON', nullable: true, resolve: (row) => (row.details === null ? null : JSON.parse(row.details)) }),
    createdAt: t.exposeString('created_at'),
  }),
});
