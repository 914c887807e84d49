// Studies: their description, quality assessments, retraction, and the mutations that change them.
import type { QualityAssessmentRow, StudyRow } from '@cumulus/db';
import { addStudies, addStudy, recordQualityAssessment, retractStudy, updateStudy, type QualityAssessmentInput } from '../domain/studies.js';
import { characteristicsOf } from '../domain/rows.js';
import { builder, type CumulusSchemaTypes } from './builder.js';
import { QualityToolEnum, RobinsIJudgementEnum, RobJudgementEnum, StudyDesignEnum } from './enums.js';
import { StudyRef } from './refs.js';
import { UserRef } from './people.js';
import { readableReview } from './review.js';
import { UserErrorRef, payloadOf, type Payload } from './user-error.js';

interface AdverseEvents {
  patientsWithEvents: number | null;
  description: string | null;
}

const AdverseEventsRef = builder.objectRef<AdverseEvents>('AdverseEvents').implement({
  fields: (t) => ({
    patientsWithEvents: t.int({ nullable: true, description: 'Patients with at least one adverse event, when counted.', resolve: (a) => a.patientsWithEvents ?? null }),
    description: t.string({ nullable: true, resolve: (a) => a.description ?? null }),
  }),
});

type RobJudgement = 'low' | 'some-concerns' | 'high' | 'moderate' | 'serious' | 'critical' | 'no-information';

interface QualityDomain {
  domain: string;
  stars?: number | null;
  maxStars?: number;
  judgement?: string;
}

const QualityDomainRef = builder.objectRef<QualityDomain>('QualityDomain').implement({
  fields: (t) => ({
    domain: t.exposeString('domain'),
    stars: t.int({ nullable: true, resolve: (d) => d.stars ?? null }),
    maxStars: t.int({ nullable: true, resolve: (d) => d.maxStars ?? null }),
    judgement: t.field({ type: RobJudgementEnum, nullable: true, resolve: (d) => (d.judgement as RobJudgement | undefined) ?? null }),
  }),
});

const QualityAssessmentRef = builder.objectRef<QualityAssessmentRow>('QualityAssessment').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    tool: t.field({ type: QualityToolEnum, resolve: (q) => q.tool }),
    totalStars: t.exposeInt('total_stars', { nullable: true, description: 'Newcastle-Ottawa: stars out of 9.' }),
    overallJudgement: t.field({ type: RobJudgementEnum, nullable: true, resolve: (q) => q.overall_judgement as RobJudgement | null }),
    domains: t.field({ type: [QualityDomainRef], resolve: (q) => (JSON.parse(q.domains) as { domains: QualityDomain[] }).domains }),
    note: t.string({ nullable: true, resolve: (q) => (JSON.parse(q.domains) as { note: string | null }).note }),
    assessedBy: t.exposeString('assessed_by', { nullable: true }),
    assessor: t.field({
      type: UserRef,
      nullable: true,
      description: 'The user who recorded the assessment (null before accounts, and for CUMULUS_ADMIN_TOKEN).',
      resolve: async (row, _args, context) =>
        row.assessed_by_user_id === null ? null : ((await context.services.database.db.selectFrom('users').selectAll().where('id', '=', row.assessed_by_user_id).executeTakeFirst()) ?? null),
    }),
    version: t.exposeInt('version'),
  }),
});

StudyRef.implement({
  description: 'A study in a review. A retracted study stays in the history but out of every analysis.',
  fields: (t) => ({
    id: t.exposeID('id'),
    label: t.exposeString('label'),
    year: t.exposeInt('year', { nullable: true }),
    registryId: t.exposeString('registry_id', { nullable: true }),
    design: t.field({ type: StudyDesignEnum, nullable: true, resolve: (s) => s.design }),
    country: t.exposeString('country', { nullable: true }),
    participants: t.exposeInt('participants', { nullable: true }),
    characteristics: t.field({
      type: 'JSON',
      description: "The review's table of study characteristics for this study (cell source, dose, route, follow-up, ...).",
      resolve: (s) => characteristicsOf(s),
    }),
    adverseEvents: t.field({
      type: AdverseEventsRef,
      nullable: true,
      resolve: (s) => (s.adverse_events === null ? null : (JSON.parse(s.adverse_events) as AdverseEvents)),
    }),
    addedInVersion: t.exposeInt('created_version'),
    retracted: t.boolean({ resolve: (s) => s.retracted_version !== null }),
    retractedInVersion: t.exposeInt('retracted_version', { nullable: true }),
    retractionReason: t.exposeString('retraction_reason', { nullable: true }),
    qualityAssessments: t.field({
      type: [QualityAssessmentRef],
      resolve: (s, _args, context) =>
        context.services.database.db.selectFrom('quality_assessments').selectAll().where('study_id', '=', s.id).orderBy('tool').execute(),
    }),
  }),
});

builder.queryField('study', (t) =>
  t.field({
    type: StudyRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const study = await context.services.database.db.selectFrom('studies').selectAll().where('id', '=', args.id).executeTakeFirst();
      return study && (await readableReview(context, study.review_id)) ? study : null;
    },
  }),
);

const AdverseEventsInput = builder.inputType('AdverseEventsInput', {
  fields: (t) => ({ patientsWithEvents: t.int(), description: t.string() }),
});

const newStudyFields = (t: PothosSchemaTypes.InputFieldBuilder<CumulusSchemaTypes, 'InputObject'>) => ({
  label: t.string({ required: true, description: "How forest plots name it: 'Aronson 1948'." }),
  year: t.int(),
  registryId: t.string({ description: 'e.g. NCT01813279' }),
  design: t.field({ type: StudyDesignEnum }),
  country: t.string(),
  participants: t.int(),
  characteristics: t.field({ type: 'JSON', description: 'An object of names to text, numbers or true/false.' }),
  adverseEvents: t.field({ type: AdverseEventsInput }),
});

const AddStudyInput = builder.inputType('AddStudyInput', {
  fields: (t) => ({ reviewId: t.id({ required: true }), ...newStudyFields(t) }),
});

export const NewStudyInput = builder.inputType('NewStudyInput', { fields: (t) => newStudyFields(t) });

const AddStudiesInput = builder.inputType('AddStudiesInput', {
  description: 'Many studies as one change: one new version. Errors name the study (input.studies.<index>.<field>); if any is refused, none is added.',
  fields: (t) => ({ reviewId: t.id({ required: true }), studies: t.field({ type: [NewStudyInput], required: true }) }),
});

const UpdateStudyInput = builder.inputType('UpdateStudyInput', {
  description: 'Fields left out stay as they are; null clears one.',
  fields: (t) => ({
    studyId: t.id({ required: true }),
    label: t.string(),
    year: t.int(),
    registryId: t.string(),
    design: t.field({ type: StudyDesignEnum }),
    country: t.string(),
    participants: t.int(),
    characteristics: t.field({ type: 'JSON' }),
    adverseEvents: t.field({ type: AdverseEventsInput }),
  }),
});

const RetractStudyInput = builder.inputType('RetractStudyInput', {
  fields: (t) => ({ studyId: t.id({ required: true }), reason: t.string({ required: true }) }),
});

const NewcastleOttawaInput = builder.inputType('NewcastleOttawaInput', {
  description: 'Stars per domain (selection 0–4, comparability 0–2, outcome 0–3), or only the total when that is all that is known.',
  fields: (t) => ({ selection: t.int(), comparability: t.int(), outcome: t.int(), total: t.int() }),
});

const RiskOfBias2Input = builder.inputType('RiskOfBias2Input', {
  description: 'A judgement per RoB 2 domain; overall defaults to the worst domain.',
  fields: (t) => ({
    randomisation: t.field({ type: RobJudgementEnum, required: true }),
    deviations: t.field({ type: RobJudgementEnum, required: true }),
    missingData: t.field({ type: RobJudgementEnum, required: true }),
    measurement: t.field({ type: RobJudgementEnum, required: true }),
    reporting: t.field({ type: RobJudgementEnum, required: true }),
    overall: t.field({ type: RobJudgementEnum }),
  }),
});

const RobinsIInput = builder.inputType('RobinsIInput', {
  description: 'A judgement per ROBINS-I domain; overall defaults to the worst domain.',
  fields: (t) => ({
    confounding: t.field({ type: RobinsIJudgementEnum, required: true }),
    selection: t.field({ type: RobinsIJudgementEnum, required: true, description: 'Selection of participants into the study.' }),
    classification: t.field({ type: RobinsIJudgementEnum, required: true, description: 'Classification of interventions.' }),
    deviations: t.field({ type: RobinsIJudgementEnum, required: true, description: 'Deviations from intended interventions.' }),
    missingData: t.field({ type: RobinsIJudgementEnum, required: true }),
    measurement: t.field({ type: RobinsIJudgementEnum, required: true, description: 'Measurement of outcomes.' }),
    reporting: t.field({ type: RobinsIJudgementEnum, required: true, description: 'Selection of the reported result.' }),
    overall: t.field({ type: RobinsIJudgementEnum }),
  }),
});

const RecordQualityAssessmentInput = builder.inputType('RecordQualityAssessmentInput', {
  description: 'Give exactly one of newcastleOttawa, riskOfBias2 and robinsI. Replaces the study\'s earlier assessment with that tool.',
  fields: (t) => ({
    studyId: t.id({ required: true }),
    newcastleOttawa: t.field({ type: NewcastleOttawaInput }),
    riskOfBias2: t.field({ type: RiskOfBias2Input }),
    robinsI: t.field({ type: RobinsIInput }),
    assessedBy: t.string(),
    note: t.string(),
  }),
});

function studyPayload(name: string) {
  return builder.objectRef<Payload<StudyRow>>(name).implement({
    fields: (t) => ({
      study: t.field({ type: StudyRef, nullable: true, resolve: (p) => p.value }),
      errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
    }),
  });
}

const AddStudyPayload = studyPayload('AddStudyPayload');
const AddStudiesPayload = builder.objectRef<Payload<StudyRow[]>>('AddStudiesPayload').implement({
  fields: (t) => ({
    studies: t.field({ type: [StudyRef], nullable: true, description: 'The studies added, in the order given.', resolve: (p) => p.value }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});
const UpdateStudyPayload = studyPayload('UpdateStudyPayload');
const RetractStudyPayload = studyPayload('RetractStudyPayload');
const RecordQualityAssessmentPayload = builder.objectRef<Payload<QualityAssessmentRow>>('RecordQualityAssessmentPayload').implement({
  fields: (t) => ({
    assessment: t.field({ type: QualityAssessmentRef, nullable: true, resolve: (p) => p.value }),
    study: t.field({
      type: StudyRef,
      nullable: true,
      resolve: (p, _args, context) =>
        p.value ? context.services.database.db.selectFrom('studies').selectAll().where('id', '=', p.value.study_id).executeTakeFirstOrThrow() : null,
    }),
    errors: t.field({ type: [UserErrorRef], resolve: (p) => p.errors }),
  }),
});

builder.mutationFields((t) => ({
  addStudy: t.field({
    type: AddStudyPayload,
    args: { input: t.arg({ type: AddStudyInput, required: true }) },
    resolve: async (_root, { input }, context) =>
      payloadOf(await addStudy(context.services, context.viewer, { ...input, characteristics: input.characteristics as never })),
  }),
  addStudies: t.field({
    type: AddStudiesPayload,
    args: { input: t.arg({ type: AddStudiesInput, required: true }) },
    resolve: async (_root, { input }, context) =>
      payloadOf(await addStudies(context.services, context.viewer, { ...input, studies: input.studies.map((study) => ({ ...study, characteristics: study.characteristics as never })) })),
  }),
  updateStudy: t.field({
    type: UpdateStudyPayload,
    args: { input: t.arg({ type: UpdateStudyInput, required: true }) },
    resolve: async (_root, { input }, context) =>
      payloadOf(await updateStudy(context.services, context.viewer, { ...input, characteristics: input.characteristics as never })),
  }),
  retractStudy: t.field({
    type: RetractStudyPayload,
    description: 'Takes a study out of every analysis (recomputing them) and keeps it in the history with the reason.',
    args: { input: t.arg({ type: RetractStudyInput, required: true }) },
    resolve: async (_root, { input }, context) => payloadOf(await retractStudy(context.services, context.viewer, input)),
  }),
  recordQualityAssessment: t.field({
    type: RecordQualityAssessmentPayload,
    args: { input: t.arg({ type: RecordQualityAssessmentInput, required: true }) },
    // RobJudgement also holds ROBINS-I's judgements: a RoB 2 domain given one is refused by validation.
    resolve: async (_root, { input }, context) => payloadOf(await recordQualityAssessment(context.services, context.viewer, input as QualityAssessmentInput)),
  }),
}));
