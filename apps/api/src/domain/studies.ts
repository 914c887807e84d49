// Studies in a review: adding (one, or many as one version), correcting, retracting, and their quality assessments.
import type { Database, Kysely, QualityAssessmentRow, StudyDesign, StudyRow } from '@cumulus/db';
import { labelKey, plainTextProblem } from '@cumulus/text';
import { z } from 'zod';
import type { Viewer } from '../auth/viewer.js';
import { reviewForWrite, studyForWrite } from './access.js';
import { newId } from './ids.js';
import { now } from './rows.js';
import { refusable, refuse, UserInputError, type WriteResult } from './user-errors.js';
import { given, optionalText, text, validate, wholeCount, year } from './validate.js';
import { commitChange, type Services } from './write-path.js';

export const studyDesigns = [
  'rct',
  'cluster-rct',
  'quasi-randomised',
  'non-randomised',
  'cohort',
  'case-control',
  'self-controlled-pre-post',
  'other',
] as const satisfies readonly StudyDesign[];

/** How much a study's characteristics may hold: enough for any extraction form, not a store for documents. */
export const characteristicsLimits = { names: 100, nameLength: 100, valueLength: 2000, jsonBytes: 20 * 1024 } as const;

const quoted = (name: string) => `'${name.length > 40 ? `${name.slice(0, 39)}…` : name}'`;

const characteristics = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]), {
    error: 'characteristics must be an object of names to text, numbers or true/false',
  })
  .superRefine((value, context) => {
    const { names, nameLength, valueLength, jsonBytes } = characteristicsLimits;
    const entries = Object.entries(value);
    if (entries.length > names) {
      context.addIssue({ code: 'custom', message: `characteristics has ${entries.length} names; a study can have at most ${names}` });
      return;
    }
    let tooLong = false;
    for (const [name, entry] of entries) {
      // A name too long to be one is not repeated in the path: the message shows its start.
      if (name.trim() === '') context.addIssue({ code: 'custom', path: [name], message: 'a characteristic needs a name' });
      else if (name.length > nameLength) context.addIssue({ code: 'custom', message: `the characteristic named ${quoted(name)} has a name of ${name.length} characters; at most ${nameLength}` });
      else {
        const problem = plainTextProblem(name);
        if (problem) context.addIssue({ code: 'custom', path: [name], message: `the name of characteristic ${quoted(name)} ${problem}` });
      }
      if (typeof entry !== 'string' || name.length > nameLength) continue;
      if (entry.length > valueLength) {
        tooLong = true;
        context.addIssue({ code: 'custom', path: [name], message: `characteristic ${quoted(name)} is ${entry.length} characters long; at most ${valueLength}` });
        continue;
      }
      const problem = plainTextProblem(entry, { multiline: true });
      if (problem) context.addIssue({ code: 'custom', path: [name], message: `characteristic ${quoted(name)} ${problem}` });
    }
    // A value too long is reported by its name; the size of the whole is for many values that are each within limits.
    const bytes = tooLong ? 0 : Buffer.byteLength(JSON.stringify(value), 'utf8');
    if (bytes > jsonBytes) {
      context.addIssue({ code: 'custom', message: `characteristics take ${bytes} bytes (as JSON); a study's may take at most ${jsonBytes} (20 KB)` });
    }
  });

const adverseEvents = z.object({
  patientsWithEvents: wholeCount('adverseEvents.patientsWithEvents'),
  description: optionalText('adverseEvents.description', 5000, { multiline: true }),
});

const studyFields = {
  year,
  design: z.enum(studyDesigns).nullish(),
  country: optionalText('country', 200),
  participants: wholeCount('participants'),
  // A ClinicalTrials.gov id is kept as the registry writes it (NCT in capitals), so registry searches find the study.
  registryId: optionalText('registryId', 200).transform((value) => (value && /^nct\d{8}$/i.test(value) ? value.toUpperCase() : value)),
  characteristics: characteristics.nullish(),
  adverseEvents: adverseEvents.nullish(),
};

export const newStudyInput = z.object({ label: text('label', 200), ...studyFields });
export type NewStudy = z.output<typeof newStudyInput>;

const addStudyInput = z.object({ reviewId: z.string(), ...newStudyInput.shape });
export type AddStudyInput = z.input<typeof addStudyInput>;

/** At most this many studies in one addStudies. */
const MAX_STUDIES_AT_ONCE = 5000;
const addStudiesInput = z.object({
  reviewId: z.string(),
  studies: z.array(newStudyInput).min(1, 'give at least one study').max(MAX_STUDIES_AT_ONCE, `give at most ${MAX_STUDIES_AT_ONCE} studies at a time`),
});
export type AddStudiesInput = z.input<typeof addStudiesInput>;

/** Why `label` cannot join a review (or a list) that already has `existing` under the same labelKey. */
function sameLabel(label: string, existing: string, where: string): string {
  const named = existing === label ? `'${existing}'` : `'${existing}', the same label as '${label}' once case, spacing and Unicode forms are set aside`;
  return `${where} ${named}; labels tell studies apart in forest plots, so add the year or a letter`;
}

/** The review's study labels by labelKey (the key under which two labels are the same), leaving out `exceptStudyId`. */
async function labelsByKey(trx: Kysely<Database>, reviewId: string, exceptStudyId?: string): Promise<Map<string, string>> {
  let query = trx.selectFrom('studies').select(['id', 'label']).where('review_id', '=', reviewId);
  if (exceptStudyId) query = query.where('id', '!=', exceptStudyId);
  return new Map((await query.execute()).map((study) => [labelKey(study.label), study.label]));
}

/**
 * Stores a new study under `version`, at `position` among the studies added with it; its label must be new in the
 * review (`taken`: the labels by labelKey, the new one added). `path` is where it sits in the input.
 */
async function insertStudy(
  trx: Kysely<Database>,
  reviewId: string,
  version: number,
  position: number,
  valid: NewStudy,
  path: string[],
  taken: Map<string, string>,
): Promise<StudyRow> {
  const key = labelKey(valid.label);
  const existing = taken.get(key);
  if (existing !== undefined) refuse([...path, 'label'], sameLabel(valid.label, existing, 'the review already has a study labelled'));
  taken.set(key, valid.label);
  const timestamp = now();
  const study: StudyRow = {
    id: newId(),
    review_id: reviewId,
    label: valid.label,
    year: valid.year ?? null,
    design: valid.design ?? null,
    country: valid.country ?? null,
    participants: valid.participants ?? null,
    registry_id: valid.registryId ?? null,
    characteristics: JSON.stringify(valid.characteristics ?? {}),
    adverse_events: valid.adverseEvents ? JSON.stringify(valid.adverseEvents) : null,
    created_version: version,
    created_position: position,
    retracted_version: null,
    retraction_reason: null,
    created_at: timestamp,
    updated_at: timestamp,
  };
  await trx.insertInto('studies').values(study).execute();
  return study;
}

async function outcomesWithDataFor(trx: Kysely<Database>, studyId: string) {
  const rows = await trx.selectFrom('study_data').select('outcome_id').where('study_id', '=', studyId).execute();
  return rows.map((row) => row.outcome_id);
}

export function addStudy(services: Services, actor: Viewer, input: AddStudyInput): Promise<WriteResult<StudyRow>> {
  return refusable(async () => {
    const valid = validate(addStudyInput, input);
    const reviewId = await reviewForWrite(services.database, actor, valid.reviewId, 'adding a study');
    return commitChange(services, actor, reviewId, {
      action: 'addStudy',
      async apply(trx, version) {
        const { reviewId: _, ...study } = valid;
        const stored = await insertStudy(trx, reviewId, version, 0, study, ['input'], await labelsByKey(trx, reviewId));
        return { value: stored, summary: `Added study '${stored.label}'`, outcomeIds: [] };
      },
    });
  });
}

/** Many new studies' input, checked: each valid, no label twice. */
export function parseNewStudies(input: AddStudiesInput): z.output<typeof addStudiesInput> {
  const valid = validate(addStudiesInput, input);
  refuseRepeatedLabels(valid.studies, ['input', 'studies']);
  return valid;
}

/** Refuses a list of new studies in which a label comes twice (by labelKey), naming the second (`<path>.<i>.label`). */
export function refuseRepeatedLabels(studies: readonly NewStudy[], path: string[]): void {
  const seen = new Map<string, number>();
  studies.forEach((study, index) => {
    const key = labelKey(study.label);
    const earlier = seen.get(key);
    if (earlier !== undefined) refuse([...path, String(index), 'label'], sameLabel(study.label, studies[earlier].label, `study ${earlier + 1} is also labelled`));
    seen.set(key, index);
  });
}

/** Stores checked new studies under `version`, in order; every refused one is reported (`<path>.<i>`) and none is kept. */
export async function insertStudies(
  trx: Kysely<Database>,
  reviewId: string,
  version: number,
  studies: readonly NewStudy[],
  path: string[] = ['input', 'studies'],
): Promise<StudyRow[]> {
  const errors: UserInputError['errors'] = [];
  const stored: StudyRow[] = [];
  const taken = await labelsByKey(trx, reviewId);
  for (const [index, study] of studies.entries()) {
    try {
      stored.push(await insertStudy(trx, reviewId, version, index, study, [...path, String(index)], taken));
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      errors.push(...error.errors);
    }
  }
  if (errors.length > 0) throw new UserInputError(errors);
  return stored;
}

/** Stores one checked new study under `version` (refusals at `<path>.label`): a study made from an included record. */
export async function insertOneStudy(trx: Kysely<Database>, reviewId: string, version: number, study: NewStudy, path: string[]): Promise<StudyRow> {
  return insertStudy(trx, reviewId, version, 0, study, path, await labelsByKey(trx, reviewId));
}

/** Many studies as one change (one version): a table of included studies. All are added or none. */
export function addStudies(services: Services, actor: Viewer, input: AddStudiesInput): Promise<WriteResult<StudyRow[]>> {
  return refusable(async () => {
    const valid = parseNewStudies(input);
    const reviewId = await reviewForWrite(services.database, actor, valid.reviewId, 'adding studies');
    return commitChange(services, actor, reviewId, {
      action: 'addStudies',
      async apply(trx, version) {
        const stored = await insertStudies(trx, reviewId, version, valid.studies);
        return { value: stored, summary: `Added ${stored.length} ${stored.length === 1 ? 'study' : 'studies'}`, outcomeIds: [], details: { labels: stored.map((s) => s.label) } };
      },
    });
  });
}

const updateStudyInput = z.object({ studyId: z.string(), label: text('label', 200).nullish(), ...studyFields });
export type UpdateStudyInput = z.input<typeof updateStudyInput>;

export function updateStudy(services: Services, actor: Viewer, input: UpdateStudyInput): Promise<WriteResult<StudyRow>> {
  return refusable(async () => {
    const valid = validate(updateStudyInput, input);
    const target = await studyForWrite(services.database, actor, valid.studyId, 'changing a study');
    const set: Partial<StudyRow> = {};
    if (given(valid.label)) set.label = valid.label;
    // Left out: unchanged; null: cleared.
    if (valid.year !== undefined) set.year = valid.year;
    if (valid.design !== undefined) set.design = valid.design;
    if (valid.country !== undefined) set.country = valid.country;
    if (valid.participants !== undefined) set.participants = valid.participants;
    if (valid.registryId !== undefined) set.registry_id = valid.registryId;
    if (valid.characteristics !== undefined) set.characteristics = JSON.stringify(valid.characteristics ?? {});
    if (valid.adverseEvents !== undefined) set.adverse_events = valid.adverseEvents ? JSON.stringify(valid.adverseEvents) : null;
    if (Object.keys(set).length === 0) refuse(['input'], 'nothing to change: give at least one field besides studyId');

    return commitChange(services, actor, target.review_id, {
      action: 'updateStudy',
      async apply(trx) {
        if (set.label) {
          const existing = (await labelsByKey(trx, target.review_id, target.id)).get(labelKey(set.label));
          if (existing !== undefined) refuse(['input', 'label'], sameLabel(set.label, existing, 'the review already has another study labelled'));
        }
        await trx.updateTable('studies').set({ ...set, updated_at: now() }).where('id', '=', target.id).execute();
        const study = await trx.selectFrom('studies').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
        // Year orders the cumulative analysis and characteristics may define subgroups: recompute where it has data.
        return {
          value: study,
          summary: `Changed ${Object.keys(set).join(', ').replaceAll('_', ' ')} of study '${study.label}'`,
          outcomeIds: study.retracted_version === null ? await outcomesWithDataFor(trx, target.id) : [],
          details: set,
        };
      },
    });
  });
}

const retractStudyInput = z.object({ studyId: z.string(), reason: text('reason', 2000, { multiline: true }) });
export type RetractStudyInput = z.input<typeof retractStudyInput>;

export function retractStudy(services: Services, actor: Viewer, input: RetractStudyInput): Promise<WriteResult<StudyRow>> {
  return refusable(async () => {
    const valid = validate(retractStudyInput, input);
    const target = await studyForWrite(services.database, actor, valid.studyId, 'retracting a study');
    return commitChange(services, actor, target.review_id, {
      action: 'retractStudy',
      async apply(trx, version) {
        const current = await trx.selectFrom('studies').select(['retracted_version']).where('id', '=', target.id).executeTakeFirstOrThrow();
        if (current.retracted_version !== null) {
          refuse(['input', 'studyId'], `study '${target.label}' was already retracted at version ${current.retracted_version}`);
        }
        await trx
          .updateTable('studies')
          .set({ retracted_version: version, retraction_reason: valid.reason, updated_at: now() })
          .where('id', '=', target.id)
          .execute();
        const study = await trx.selectFrom('studies').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
        return {
          value: study,
          summary: `Retracted study '${study.label}': ${valid.reason}`,
          outcomeIds: await outcomesWithDataFor(trx, target.id),
        };
      },
    });
  });
}

const robJudgement = z.enum(['low', 'some-concerns', 'high']);
const robinsIJudgement = z.enum(['low', 'moderate', 'serious', 'critical', 'no-information']);

const qualityInput = z
  .object({
    studyId: z.string(),
    newcastleOttawa: z
      .object({
        selection: z.number().int().min(0, 'selection stars run from 0 to 4').max(4, 'selection stars run from 0 to 4').nullish(),
        comparability: z.number().int().min(0, 'comparability stars run from 0 to 2').max(2, 'comparability stars run from 0 to 2').nullish(),
        outcome: z.number().int().min(0, 'outcome stars run from 0 to 3').max(3, 'outcome stars run from 0 to 3').nullish(),
        total: z.number().int().min(0, 'total stars run from 0 to 9').max(9, 'total stars run from 0 to 9').nullish(),
      })
      .nullish(),
    riskOfBias2: z
      .object({
        randomisation: robJudgement,
        deviations: robJudgement,
        missingData: robJudgement,
        measurement: robJudgement,
        reporting: robJudgement,
        overall: robJudgement.nullish(),
      })
      .nullish(),
    robinsI: z
      .object({
        confounding: robinsIJudgement,
        selection: robinsIJudgement,
        classification: robinsIJudgement,
        deviations: robinsIJudgement,
        missingData: robinsIJudgement,
        measurement: robinsIJudgement,
        reporting: robinsIJudgement,
        overall: robinsIJudgement.nullish(),
      })
      .nullish(),
    assessedBy: optionalText('assessedBy', 200),
    note: optionalText('note', 5000, { multiline: true }),
  })
  .superRefine((value, context) => {
    if ([value.newcastleOttawa, value.riskOfBias2, value.robinsI].filter(Boolean).length !== 1) {
      context.addIssue({ code: 'custom', path: [], message: 'give exactly one of newcastleOttawa, riskOfBias2 and robinsI' });
    }
    const nos = value.newcastleOttawa;
    if (nos) {
      const parts = [nos.selection, nos.comparability, nos.outcome];
      const known = parts.filter((part) => part !== null && part !== undefined) as number[];
      if (known.length > 0 && known.length < 3) {
        context.addIssue({ code: 'custom', path: ['newcastleOttawa'], message: 'give the stars of all three domains (selection, comparability, outcome) or only the total' });
      }
      const sum = known.reduce((a, b) => a + b, 0);
      if (known.length === 3 && given(nos.total) && nos.total !== sum) {
        context.addIssue({ code: 'custom', path: ['newcastleOttawa', 'total'], message: `total (${nos.total}) must equal the sum of the domains (${sum})` });
      }
      if (known.length === 0 && !given(nos.total)) {
        context.addIssue({ code: 'custom', path: ['newcastleOttawa'], message: 'give the stars per domain or the total' });
      }
    }
  });
export type QualityAssessmentInput = z.input<typeof qualityInput>;

const robRank = { low: 0, 'some-concerns': 1, high: 2 } as const;
// ROBINS-I: overall is at least as severe as the worst domain; 'no information' ranks below serious (Sterne et al. 2016).
const robinsIRank = { low: 0, moderate: 1, 'no-information': 2, serious: 3, critical: 4 } as const;

export function recordQualityAssessment(
  services: Services,
  actor: Viewer,
  input: QualityAssessmentInput,
): Promise<WriteResult<QualityAssessmentRow>> {
  return refusable(async () => {
    const valid = validate(qualityInput, input);
    const target = await studyForWrite(services.database, actor, valid.studyId, 'recording a quality assessment');
    let row: Omit<QualityAssessmentRow, 'id' | 'version' | 'created_at'>;
    // A judgement names the person who made it: the user, unless the input names the assessors.
    const assessor = actor.userId === null ? null : actor.name;
    if (valid.newcastleOttawa) {
      const nos = valid.newcastleOttawa;
      const domains =
        given(nos.selection)
          ? [
              { domain: 'selection', stars: nos.selection, maxStars: 4 },
              { domain: 'comparability', stars: nos.comparability, maxStars: 2 },
              { domain: 'outcome', stars: nos.outcome, maxStars: 3 },
            ]
          : [];
      const total = domains.length > 0 ? domains.reduce((sum, domain) => sum + (domain.stars ?? 0), 0) : (nos.total as number);
      row = { study_id: target.id, review_id: target.review_id, tool: 'nos', domains: JSON.stringify({ domains, note: valid.note ?? null }), total_stars: total, overall_judgement: null, assessed_by: valid.assessedBy ?? assessor, assessed_by_user_id: actor.userId };
    } else if (valid.robinsI) {
      const rob = valid.robinsI;
      const domains = [
        { domain: 'confounding', judgement: rob.confounding },
        { domain: 'selection', judgement: rob.selection },
        { domain: 'classification', judgement: rob.classification },
        { domain: 'deviations', judgement: rob.deviations },
        { domain: 'missing-data', judgement: rob.missingData },
        { domain: 'measurement', judgement: rob.measurement },
        { domain: 'reporting', judgement: rob.reporting },
      ];
      const worst = domains.reduce((a, b) => (robinsIRank[b.judgement] > robinsIRank[a] ? b.judgement : a), 'low' as keyof typeof robinsIRank);
      row = { study_id: target.id, review_id: target.review_id, tool: 'robins-i', domains: JSON.stringify({ domains, note: valid.note ?? null }), total_stars: null, overall_judgement: rob.overall ?? worst, assessed_by: valid.assessedBy ?? assessor, assessed_by_user_id: actor.userId };
    } else {
      const rob = valid.riskOfBias2!;
      const judgements = [rob.randomisation, rob.deviations, rob.missingData, rob.measurement, rob.reporting];
      // RoB 2 guidance: overall is the worst domain judgement unless the assessor says otherwise.
      const worst = judgements.reduce((a, b) => (robRank[b] > robRank[a] ? b : a), 'low' as keyof typeof robRank);
      const domains = [
        { domain: 'randomisation', judgement: rob.randomisation },
        { domain: 'deviations', judgement: rob.deviations },
        { domain: 'missing-data', judgement: rob.missingData },
        { domain: 'measurement', judgement: rob.measurement },
        { domain: 'reporting', judgement: rob.reporting },
      ];
      row = { study_id: target.id, review_id: target.review_id, tool: 'rob2', domains: JSON.stringify({ domains, note: valid.note ?? null }), total_stars: null, overall_judgement: rob.overall ?? worst, assessed_by: valid.assessedBy ?? assessor, assessed_by_user_id: actor.userId };
    }
    return commitChange(services, actor, target.review_id, {
      action: 'recordQualityAssessment',
      async apply(trx, version) {
        const stored: QualityAssessmentRow = { ...row, id: newId(), version, created_at: now() };
        await trx.deleteFrom('quality_assessments').where('study_id', '=', target.id).where('tool', '=', row.tool).execute();
        await trx.insertInto('quality_assessments').values(stored).execute();
        const what = row.tool === 'nos' ? `Newcastle-Ottawa ${row.total_stars} stars` : `${row.tool === 'rob2' ? 'RoB 2' : 'ROBINS-I'} ${row.overall_judgement} risk`;
        // GRADE's risk-of-bias suggestion reads the assessment: recompute where the study has data.
        const retracted = await trx.selectFrom('studies').select('retracted_version').where('id', '=', target.id).executeTakeFirstOrThrow();
        return {
          value: stored,
          summary: `Assessed study '${target.label}': ${what}`,
          outcomeIds: retracted.retracted_version === null ? await outcomesWithDataFor(trx, target.id) : [],
          details: JSON.parse(row.domains),
        };
      },
    });
  });
}
