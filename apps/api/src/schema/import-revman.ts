// Importing a Cochrane RevMan 5 review file (.rm5) as a new review: administrators only, like createReview.
import type { ReviewRow } from '@cumulus/db';
import { importRevManReview, previewRevManImport, type RevManImportPreview, type RevManPreviewAnalysis } from '../domain/import-revman.js';
import type { ParityDifference } from '../domain/revman-parity.js';
import { builder } from './builder.js';
import { MeasureEnum } from './enums.js';
import { ReviewRef } from './refs.js';
import type { UserError } from '../domain/user-errors.js';
import { UserErrorRef, payloadOf, type Payload } from './user-error.js';

const ImportRevManReviewInput = builder.inputType('ImportRevManReviewInput', {
  fields: (t) => ({
    rm5: t.string({ required: true, description: 'The text of a RevMan 5 review file (.rm5, XML), decoded as its XML declaration says (RevMan 5 saves ISO-8859-1).' }),
    isPublic: t.boolean({ description: 'Readable without a token (default true).' }),
  }),
});

const ImportRevManReviewPayload = builder.objectRef<Payload<ReviewRow>>('ImportRevManReviewPayload').implement({
  fields: (t) => ({
    review: t.field({ type: ReviewRef, nullable: true, description: 'The new review as imported (its latest version).', resolve: (p) => p.value }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

const ParityDifferenceRef = builder.objectRef<ParityDifference>('RevManParityDifference').implement({
  description: 'A number RevMan stored that Cumulus does not reproduce (relative difference above 1e-6; absolute above 1e-6 for chi-square P values, which RevMan computes as 1 minus the distribution function).',
  fields: (t) => ({
    where: t.exposeString('where', { description: "'overall', \"subgroup 'Adults'\", \"row 'Smith 2001' in 'Adults'\" or 'test for subgroup differences'." }),
    field: t.exposeString('field', { description: 'estimate, ciLower, ciUpper, weight, Z, P, Chi², df, P(Chi²), I², Tau², studies.' }),
    revman: t.exposeFloat('revman', { nullable: true }),
    cumulus: t.exposeFloat('cumulus', { nullable: true }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why it differs, when Cumulus knows.' }),
  }),
});

const PreviewAnalysisRef = builder.objectRef<RevManPreviewAnalysis>('RevManPreviewAnalysis').implement({
  description: 'One analysis of a RevMan file as the import would create it, and how its numbers compare with the ones RevMan stored.',
  fields: (t) => ({
    analysis: t.exposeString('analysis', { description: "RevMan's analysis number, e.g. '1.2'." }),
    name: t.exposeString('name', { description: 'The outcome (or "Other data" table) name Cumulus gives it.' }),
    kind: t.exposeString('kind', { description: "'dichotomous', 'continuous', 'generic', 'oe-variance' (O-E and variance) or 'other' (Other data: text, not pooled)." }),
    measure: t.field({ type: MeasureEnum, nullable: true, resolve: (a) => a.measure }),
    model: t.exposeString('model', { nullable: true, description: "'fixed' or 'random'." }),
    method: t.exposeString('method', { nullable: true, description: "'MH', 'IV' or 'PETO'." }),
    totals: t.exposeString('totals', { description: "'all', 'subgroups' (subgroup totals only) or 'none', as RevMan shows the analysis." }),
    rows: t.exposeInt('rows', { description: 'Data rows that will be recorded.' }),
    studies: t.exposeInt('studies', { description: 'Distinct studies among those rows.' }),
    matches: t.exposeBoolean('matches', { description: "True when every number RevMan stored for this analysis is reproduced." }),
    compared: t.exposeInt('compared', { description: "How many of RevMan's stored numbers were compared." }),
    differences: t.field({ type: [ParityDifferenceRef], resolve: (a) => a.differences }),
    notCompared: t.exposeStringList('notCompared', { description: 'What was not compared, and why.' }),
    notes: t.exposeStringList('notes', { description: 'How the analysis is imported (settings, rows without data, conventions).' }),
  }),
});

const RevManImportPreviewRef = builder.objectRef<{ preview: RevManImportPreview | null; errors: UserError[] }>('RevManImportPreview').implement({
  description: 'What importing a RevMan 5 file would create, computed without writing anything. When errors is not empty, the file would be refused and the other fields are null.',
  fields: (t) => ({
    title: t.string({ nullable: true, resolve: (p) => p.preview?.title ?? null }),
    citation: t.string({ nullable: true, resolve: (p) => p.preview?.citation ?? null }),
    studies: t.int({ nullable: true, resolve: (p) => p.preview?.studies ?? null }),
    rows: t.int({ nullable: true, resolve: (p) => p.preview?.rows ?? null }),
    otherDataTables: t.int({ nullable: true, resolve: (p) => p.preview?.otherDataTables ?? null }),
    matches: t.boolean({ nullable: true, description: "True when every analysis reproduces RevMan's stored numbers.", resolve: (p) => (p.preview ? p.preview.analyses.every((a) => a.matches) : null) }),
    analyses: t.field({ type: [PreviewAnalysisRef], resolve: (p) => p.preview?.analyses ?? [] }),
    notes: t.stringList({ resolve: (p) => p.preview?.notes ?? [] }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

builder.queryFields((t) => ({
  previewRevManImport: t.field({
    type: RevManImportPreviewRef,
    description:
      "What importRevManReview would create from this file, without writing anything: the review's title and citation, its studies and data rows, each analysis with its settings, and whether Cumulus's numbers equal every number RevMan stored (each row's effect, CI and weight; each total's effect, CI, Z, P, Chi², df, P(Chi²), I², Tau²; the test for subgroup differences). Needs an administrator token.",
    args: { input: t.arg({ type: ImportRevManReviewInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const result = await previewRevManImport(context.viewer, input);
      return result.ok ? { preview: result.value, errors: [] } : { preview: null, errors: result.errors };
    },
  }),
}));

builder.mutationFields((t) => ({
  importRevManReview: t.field({
    type: ImportRevManReviewPayload,
    description:
      "Creates a review from a RevMan 5 file: its included studies; each comparison's dichotomous, continuous, generic inverse variance and O-E and variance outcomes (measure, model, method, subgroups and totals as RevMan had them, RevMan 5 conventions) with their data rows (a study may have several); \"Other data\" tables (kept and shown, not pooled); and RevMan's own results as published reference results. The whole file is checked first: any problem is reported, each naming the element and ID, and nothing is stored. previewRevManImport shows the same without writing. Needs an administrator token.",
    args: { input: t.arg({ type: ImportRevManReviewInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await importRevManReview(context.services, context.viewer, input)),
  }),
}));
