// An outcome's data rows: recording a study's row, adding, correcting and removing rows, a table of rows, and
// taking a study's rows out; each change recomputes that outcome under a new version.
import {
  addStudyDataRow,
  recordStudyData,
  recordStudyDataTable,
  removeStudyData,
  removeStudyDataRow,
  updateStudyDataRow,
} from '../domain/study-data.js';
import { builder, type CumulusSchemaTypes } from './builder.js';
import { outcomeAtCommit, outcomePayload } from './outcome.js';
import { NewStudyInput } from './study.js';

const numbersDescription =
  'One kind of numbers, matching the measure: events1, n1, events2, n2 (OR, RR, RD); mean1, sd1, n1, mean2, sd2, n2 (MD, SMD); ' +
  'meanBefore, sdBefore, meanAfter, sdAfter, n (MC); or, for any measure, yi and sei (analysis scale: log for ratios) or ' +
  'estimate, ciLower, ciUpper (reporting scale). Arm 1 is the experimental arm. Recording again replaces the numbers.';

const rowsDescription =
  "A study may give several rows in one outcome (a multi-arm trial's comparisons, or several subgroups), told apart by subgroup and label: " +
  'two rows of one study with the same subgroup and label are refused.';

export const studyNumbersFields = (t: PothosSchemaTypes.InputFieldBuilder<CumulusSchemaTypes, 'InputObject'>) => ({
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
  subgroup: t.string({ description: "This row's subgroup for this outcome (overrides the outcome's subgroup variable)." }),
  source: t.string({ description: 'Where the numbers come from.' }),
});

const labelField = (t: PothosSchemaTypes.InputFieldBuilder<CumulusSchemaTypes, 'InputObject'>, description: string) => t.string({ description });

const RecordStudyDataInput = builder.inputType('RecordStudyDataInput', {
  description: `The study's numbers for the outcome: its only row (added when it has none, corrected when it has one), or the row rowId names. A study with several rows needs rowId (the refusal lists its rows). ${numbersDescription} Subgroup and source are replaced too; a label left out stays.`,
  fields: (t) => ({
    outcomeId: t.id({ required: true }),
    studyId: t.id({ required: true }),
    rowId: t.id({ description: "The row to correct (StudyData.id), when the study has several rows in this outcome." }),
    label: labelField(t, "The row's arm or comparison label ('high dose'), shown after the study's label. Left out: unchanged."),
    ...studyNumbersFields(t),
  }),
});

const AddStudyDataRowInput = builder.inputType('AddStudyDataRowInput', {
  description: `A new row of numbers for the study, beside any it has: another arm or comparison (give a label) or another subgroup. ${rowsDescription} ${numbersDescription}`,
  fields: (t) => ({
    outcomeId: t.id({ required: true }),
    studyId: t.id({ required: true }),
    label: labelField(t, "The row's arm or comparison label ('high dose'), shown after the study's label."),
    ...studyNumbersFields(t),
  }),
});

const UpdateStudyDataRowInput = builder.inputType('UpdateStudyDataRowInput', {
  description: `Corrects one row: its numbers are replaced; label, subgroup and source left out stay as they are (null clears them). ${rowsDescription} ${numbersDescription}`,
  fields: (t) => ({
    rowId: t.id({ required: true, description: 'The row (StudyData.id).' }),
    label: labelField(t, "The row's arm or comparison label; null clears it."),
    ...studyNumbersFields(t),
  }),
});

const RemoveStudyDataRowInput = builder.inputType('RemoveStudyDataRowInput', {
  description: "Removes one row of an outcome's data; the study's other rows stay.",
  fields: (t) => ({ rowId: t.id({ required: true, description: 'The row (StudyData.id).' }) }),
});

const StudyDataRowInput = builder.inputType('StudyDataRowInput', {
  description: `One row of a table, its study named by studyId or by studyLabel (one of them). A row with rowId corrects that row; one without corrects the study's row with the same subgroup and label, or else adds a row. ${rowsDescription} ${numbersDescription}`,
  fields: (t) => ({
    studyId: t.id(),
    studyLabel: t.string({ description: "The study's label: one of the review's studies, or one of the table's newStudies." }),
    rowId: t.id({ description: 'The row to correct (StudyData.id).' }),
    label: labelField(t, "The row's arm or comparison label ('high dose'). Left out: none for a new row, unchanged for a row named by rowId."),
    ...studyNumbersFields(t),
  }),
});

const RecordStudyDataTableInput = builder.inputType('RecordStudyDataTableInput', {
  description:
    "Many rows of numbers for one outcome (several per study if need be), stored as one change: one new version, the outcome recomputed once. newStudies are added in the same change, before the rows (which name them by label). Errors name the row (input.rows.<index>.<field>, input.newStudies.<index>.<field>); two rows of the table with the same study, subgroup and label are refused; if anything is refused, nothing is stored.",
  fields: (t) => ({
    outcomeId: t.id({ required: true }),
    newStudies: t.field({ type: [NewStudyInput], description: 'Studies to add in the same change (as addStudies does).' }),
    rows: t.field({ type: [StudyDataRowInput], required: true }),
  }),
});

const RemoveStudyDataInput = builder.inputType('RemoveStudyDataInput', {
  description: 'Takes the study out of the outcome: every row it has there.',
  fields: (t) => ({ outcomeId: t.id({ required: true }), studyId: t.id({ required: true }) }),
});

const RecordStudyDataPayload = outcomePayload('RecordStudyDataPayload');
const RecordStudyDataTablePayload = outcomePayload('RecordStudyDataTablePayload');
const RemoveStudyDataPayload = outcomePayload('RemoveStudyDataPayload');
const AddStudyDataRowPayload = outcomePayload('AddStudyDataRowPayload');
const UpdateStudyDataRowPayload = outcomePayload('UpdateStudyDataRowPayload');
const RemoveStudyDataRowPayload = outcomePayload('RemoveStudyDataRowPayload');

builder.mutationFields((t) => ({
  recordStudyData: t.field({
    type: RecordStudyDataPayload,
    description: "Records a study's numbers for an outcome (its only row), or corrects the row rowId names.",
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
    description: 'Takes the study out of the outcome: every row it has there.',
    args: { input: t.arg({ type: RemoveStudyDataInput, required: true }) },
    resolve: async (_root, { input }, context) => outcomeAtCommit(context, await removeStudyData(context.services, context.viewer, input)),
  }),
  addStudyDataRow: t.field({
    type: AddStudyDataRowPayload,
    description: "Adds a row of numbers for a study in an outcome, beside any it has (a multi-arm trial's other comparison, another subgroup).",
    args: { input: t.arg({ type: AddStudyDataRowInput, required: true }) },
    resolve: async (_root, { input }, context) => outcomeAtCommit(context, await addStudyDataRow(context.services, context.viewer, input)),
  }),
  updateStudyDataRow: t.field({
    type: UpdateStudyDataRowPayload,
    description: 'Corrects one row of an outcome\'s data.',
    args: { input: t.arg({ type: UpdateStudyDataRowInput, required: true }) },
    resolve: async (_root, { input }, context) => outcomeAtCommit(context, await updateStudyDataRow(context.services, context.viewer, input)),
  }),
  removeStudyDataRow: t.field({
    type: RemoveStudyDataRowPayload,
    description: "Removes one row of an outcome's data; the study's other rows stay.",
    args: { input: t.arg({ type: RemoveStudyDataRowInput, required: true }) },
    resolve: async (_root, { input }, context) => outcomeAtCommit(context, await removeStudyDataRow(context.services, context.viewer, input)),
  }),
}));
