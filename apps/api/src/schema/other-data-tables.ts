// "Other data" tables of a review (RevMan 5): text per study, shown with the review, never pooled.
import { otherDataTablesOf, type OtherDataTable } from '../domain/other-data-tables.js';
import { builder } from './builder.js';
import { ReviewRef } from './refs.js';

interface OtherDataRowView {
  row: OtherDataTable['rows'][number];
  reviewId: string;
}

const OtherDataRowRef = builder.objectRef<OtherDataRowView>('OtherDataRow').implement({
  fields: (t) => ({
    studyId: t.id({ resolve: (r) => r.row.studyId }),
    studyLabel: t.string({ resolve: async (r, _args, context) => (await context.studyLabels.labels(r.reviewId)).get(r.row.studyId) ?? r.row.studyId }),
    subgroup: t.string({ nullable: true, resolve: (r) => r.row.subgroup }),
    cells: t.stringList({ description: "The row's cells, in the order of the table's columns.", resolve: (r) => r.row.cells }),
  }),
});

const OtherDataTableRef = builder.objectRef<OtherDataTable & { reviewId: string }>('OtherDataTable').implement({
  description: 'An "Other data" table (RevMan 5): text per study, kept and shown with the review, not pooled.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    analysis: t.exposeString('analysis', { nullable: true, description: "RevMan's analysis number, e.g. '3.2'." }),
    description: t.exposeString('description', { nullable: true }),
    columns: t.exposeStringList('columns', { description: 'The column headings (the study column not included).' }),
    rows: t.field({ type: [OtherDataRowRef], resolve: (table) => table.rows.map((row) => ({ row, reviewId: table.reviewId })) }),
  }),
});

builder.objectFields(ReviewRef, (t) => ({
  otherDataTables: t.field({
    type: [OtherDataTableRef],
    description: 'The review\'s "Other data" tables (imported from RevMan 5), in their order.',
    resolve: async (review, _args, context) =>
      (await otherDataTablesOf(context.services.database.db, review.id, null)).map((table) => ({ ...table, reviewId: review.id })),
  }),
}));
