// The change log: one entry per review version, saying who changed what.
import type { ChangeLogRow } from '@cumulus/db';
import { builder } from './builder.js';

export const ChangeLogEntryRef = builder.objectRef<ChangeLogRow>('ChangeLogEntry').implement({
  description: 'One change to a review: the version it produced, who made it, and what it was.',
  fields: (t) => ({
    id: t.exposeID('id'),
    version: t.exposeInt('version'),
    actor: t.exposeString('actor', { description: "The token's name that made the change." }),
    action: t.exposeString('action', { description: 'The mutation: addStudy, recordStudyData, ...' }),
    summary: t.exposeString('summary'),
    outcomeIds: t.idList({ description: 'Outcomes recomputed by this change.', resolve: (row) => JSON.parse(row.outcome_ids) as string[] }),
    details: t.field({ type: 'JSON', nullable: true, resolve: (row) => (row.details === null ? null : JSON.parse(row.details)) }),
    createdAt: t.exposeString('created_at'),
  }),
});
