// Recording (one study, or a table of studies) and removing studies' numbers for an outcome; each change
// recomputes that outcome under a new version.
import { recordStudyData, recordStudyDataTable, removeStudyData } from '../domain/study-data.js';
import { builder, type CumulusSchemaTypes } from './builder.js';
import { outcomeAtCommit, outcomePayload } from './outcome.js';
import { NewStudyInput } from './study.js';

const numbersDescription =
  'One kind of numbers, matching the measure: events1, n1, events2, n2 (OR, RR, RD); mean1, sd1, n1, mean2, sd2, n2 (MD, SMD); ' +
  'meanBefore, sdBefore, meanAfter, sdAfter, n (MC); or, for any measure, yi and sei (analysis scale: log for ratios) or ' +
  'estimate, ciLower, ciUpper (reporting scale). Arm 1 is the experimental arm. Recording again replaces the numbers.';

const studyNumbersFields = (t: PothosSchemaTypes.InputFieldBuilder<CumulusSchemaTypes, 'InputObject'>) => ({
  events1: t.int(),
  n1: t.int(),
  events2: t.int(),
  n2: t.int(),
  mean1: t.float(),
  sd1: t.float(),
  mean2: t.float(),
  sd2: t.float(),
  meanBefore: t.float(),
  sdBefore: t.float(),
  meanAfter: t.float(),
  sdAfter: t.float(),
  n: t.int(),
  yi: t.float(),
  sei: t.float(),
  estimate: t.float(),
  ciLower: t.float(),
  ciUpper: t.float(),
  subgroup: t.string({ description: "This study's subgroup for this outcome (overrides the outcome's subgroup variable)." }),
  source: t.string({ description: 'Where the numbers come from.' }),
});

const RecordStudyDataInput = builder.inputType('RecordStudyDataInput', {
  description: numbersDescription,
  fields: (t) => ({ outcomeId: t.id({ required: true }), studyId: t.id({ required: true }), ...studyNumbersFields(t) }),
});

const StudyDataRowInput = builder.inputType('StudyDataRowInput', {
  description: `One study's row of a table, the study named by studyId or by studyLabel (one of them). ${numbersDescription}`,
  fields: (t) => ({
    studyId: t.id(),
    studyLabel: t.string({ description: "The study's label: one of the review's studies, or one of the table's newStudies." }),
    ...studyNumbersFields(t),
  }),
});

const RecordStudyDataTableInput = builder.inputType('RecordStudyDataTableInput', {
  description:
    "Many studies' numbers for one outcome, stored as one change: one new version, the outcome recomputed once. newStudies are added in the same change, before the rows (which name them by label). Errors name the row (input.rows.<index>.<field>, input.newStudies.<index>.<field>); if anything is refused, nothing is stored.",
  fields: (t) => ({
    outcomeId: t.id({ required: true }),
    newStudies: t.field({ type: [NewStudyInput], description: 'Studies to add in the same change (as addStudies does).' }),
    rows: t.field({ type: [StudyDataRowInput], required: true }),
  }),
});

const RemoveStudyDataInput = builder.inputType('RemoveStudyDataInput', {
  fields: (t) => ({ outcomeId: t.id({ required: true }), studyId: t.id({ required: true }) }),
});

const RecordStudyDataPayload = outcomePayload('RecordStudyDataPayload');
const RecordStudyDataTablePayload = outcomePayload('RecordStudyDataTablePayload');
const RemoveStudyDataPayload = outcomePayload('RemoveStudyDataPayload');

builder.mutationFields((t) => ({
  recordStudyData: t.field({
    type: RecordStudyDataPayload,
    args: { input: t.arg({ type: RecordStudyDataInput, required: true }) },
    resolve: async (_root, { input }, context) => outcomeAtCommit(context, await recordStudyData(context.services, context.viewer, input)),
  }),
  recordStudyDataTable: t.field({
    type: RecordStudyDataTablePayload,
    args: { input: t.arg({ type: RecordStudyDataTableInput, required: true }) },
    resolve: async (_root, { input }, context) =>
      outcomeAtCommit(
        context,
        await recordStudyDataTable(context.services, context.viewer, {
          ...input,
          newStudies: input.newStudies?.map((study) => ({ ...study, characteristics: study.characteristics as never })),
        }),
      ),
  }),
  removeStudyData: t.field({
    type: RemoveStudyDataPayload,
    args: { input: t.arg({ type: RemoveStudyDataInput, required: true }) },
    resolve: async (_root, { input }, context) => outcomeAtCommit(context, await removeStudyData(context.services, context.viewer, input)),
  }),
}));
