// Outcomes of a review and the settings their analyses run with.
import type { Database, Kysely, OutcomeDataType, OutcomeRow } from '@cumulus/db';
import { labelKey } from '@cumulus/text';
import { z } from 'zod';
import type { Viewer } from '../auth/viewer.js';
import { allowedRatings, resolveThresholds, StatsInputError, type Measure, type OutcomeSettings } from './engine.js';
import { outcomeForWrite, reviewForWrite } from './access.js';
import { newId } from './ids.js';
import { storedAnalysisOf } from './reads.js';
import { categoricalStudyColumns, characteristicsOf, now, numbersOfRow, numericStudyColumns } from './rows.js';
import { checkStudyNumbers } from './study-data-shapes.js';
import { refusable, refuse, type WriteResult } from './user-errors.js';
import { given, optionalText, text, validate } from './validate.js';
import { commitChange, type Services } from './write-path.js';

export const measures = ['OR', 'RR', 'RD', 'MD', 'SMD', 'MC', 'HR', 'ROM', 'GENERIC'] as const satisfies readonly Measure[];

export const dataTypeOf: Record<Measure, OutcomeDataType> = {
  OR: 'binary',
  RR: 'binary',
  RD: 'binary',
  MD: 'continuous',
  SMD: 'continuous',
  MC: 'pre-post',
  HR: 'generic',
  ROM: 'generic',
  GENERIC: 'generic',
};

const settingsFields = {
  model: z.enum(['fixed', 'random', 'rule']).nullish(),
  method: z.enum(['IV', 'MH', 'PETO']).nullish(),
  tau2Estimator: z.enum(['DL', 'REML', 'PM', 'SJ', 'HE', 'ML', 'EB']).nullish(),
  ciMethod: z.enum(['z', 'hksj']).nullish(),
  preset: z.enum(['metafor', 'revman5']).nullish(),
  subgroupVariable: optionalText('subgroupVariable', 100),
  timepoint: optionalText('timepoint', 100),
  prePostCorrelation: z
    .number()
    .gt(-1, 'prePostCorrelation must lie between -1 and 1 (exclusive)')
    .lt(1, 'prePostCorrelation must lie between -1 and 1 (exclusive)')
    .nullish(),
  prePostDirection: z.enum(['increase', 'decrease']).nullish(),
  totals: z.enum(['all', 'subgroups', 'none']).nullish(),
  unitOfAnalysis: z.enum(['flag', 'combine-groups', 'split-shared-group']).nullish(),
};

export const gradeDomains = [
  'risk-of-bias',
  'inconsistency',
  'indirectness',
  'imprecision',
  'publication-bias',
  'large-effect',
  'dose-response',
  'plausible-confounding',
] as const;

const proportion = (field: string) => z.number().gt(0, `${field} must lie between 0 and 1`).lt(1, `${field} must lie between 0 and 1`).nullish();

/**
 * A maintainer's GRADE rating of one domain, checked the same wherever it is given (addOutcome,
 * updateOutcomeSettings, overrideCertaintyDomain): a whole number of levels the engine allows for that domain
 * (allowedRatings: a downgrade domain rates down, an upgrade domain up), so no rating is stored that the engine
 * would then drop from the analysis.
 */
const certaintyRating = z.number().int('rating is a whole number of levels').min(-2, 'rating runs from -2 to 2').max(2, 'rating runs from -2 to 2');

function checkRatingOfDomain(value: { domain: (typeof gradeDomains)[number]; rating: number }, context: z.RefinementCtx): void {
  const allowed = allowedRatings(value.domain);
  if (allowed.includes(value.rating as (typeof allowed)[number])) return;
  const [a, b, c] = allowed;
  context.addIssue({ code: 'custom', path: ['rating'], message: `'${value.domain}' can only rate ${a < 0 ? 'down' : 'up'}: use ${a}, ${b} or ${c}` });
}

/** Evidence settings: information size and TSA assumptions, control risks, GRADE overrides. null clears one. */
const evidenceFields = {
  sequential: z
    .object({
      relativeRiskReduction: proportion('relativeRiskReduction'),
      controlRisk: proportion('controlRisk'),
      minimalDifference: z.number().positive('minimalDifference must be greater than 0').nullish(),
      sd: z.number().positive('sd must be greater than 0').nullish(),
      alpha: z.number().gt(0, 'alpha must lie between 0 and 0.5').lt(0.5, 'alpha must lie between 0 and 0.5').nullish(),
      beta: z.number().gt(0, 'beta must lie between 0 and 0.5').lt(0.5, 'beta must lie between 0 and 0.5').nullish(),
    })
    .nullish(),
  controlRisks: z
    .array(z.object({ label: text('label', 200), risk: z.number().min(0, 'risk is a proportion from 0 to 1').max(1, 'risk is a proportion from 0 to 1') }))
    .nullish(),
  certaintyOverrides: z
    .array(
      z
        .object({
          domain: z.enum(gradeDomains),
          rating: certaintyRating,
          footnote: text('footnote', 2000, { multiline: true }),
          dataFingerprint: text('dataFingerprint', 200),
        })
        .superRefine(checkRatingOfDomain),
    )
    .nullish()
    .superRefine((overrides, context) => {
      const domains = (overrides ?? []).map((o) => o.domain);
      const repeated = domains.findIndex((domain, i) => domains.indexOf(domain) !== i);
      if (repeated >= 0) {
        context.addIssue({ code: 'custom', path: [repeated, 'domain'], message: `one override per domain: '${domains[repeated]}' is given twice` });
      }
    }),
};

/** A minimal important difference as the maintainer states it (GRADE guidance 34): on the outcome's scale, as a relative risk reduction, or per 1000. */
const importantDifference = (side: 'benefit' | 'harm') =>
  z
    .object({
      on: z.enum(['outcome-scale', 'relative-risk-reduction', 'per-1000']),
      value: z.number().refine((value) => Number.isFinite(value) && value !== 0, `the ${side} threshold's value must be a non-zero number`),
    })
    .nullish();

/** Study characteristics a meta-regression is run on, each numeric or categorical. */
const moderatorChoices = z
  .array(z.object({ name: text('name', 100), kind: z.enum(['numeric', 'categorical']) }))
  .max(10, 'at most 10 moderators: a meta-regression needs about ten studies per coefficient')
  .nullish()
  .superRefine((moderators, context) => {
    const names = (moderators ?? []).map((m) => m.name);
    const repeated = names.findIndex((name, i) => names.indexOf(name) !== i);
    if (repeated >= 0) context.addIssue({ code: 'custom', path: [repeated, 'name'], message: `moderator '${names[repeated]}' is given twice` });
    for (const [i, moderator] of (moderators ?? []).entries()) {
      if (moderator.kind === 'numeric' && (categoricalStudyColumns as readonly string[]).includes(moderator.name)) {
        context.addIssue({ code: 'custom', path: [i, 'kind'], message: `'${moderator.name}' is a category: make it CATEGORICAL` });
      }
    }
  });

/** Evidence settings that the write checks against the outcome (thresholds against its measure, moderators against its studies). */
const checkedEvidenceFields = {
  importanceThresholds: z.object({ benefit: importantDifference('benefit'), harm: importantDifference('harm') }).nullish(),
  metaRegressionModerators: moderatorChoices,
};

type EvidenceInput = { [K in keyof typeof evidenceFields | keyof typeof checkedEvidenceFields]?: z.output<((typeof evidenceFields) & (typeof checkedEvidenceFields))[K]> };

/** The stored evidence settings with `input` applied (undefined keeps, null clears); nulls dropped inside. */
function evidenceSettings(current: string, input: EvidenceInput): string {
  const settings = JSON.parse(current) as Record<string, unknown>;
  for (const key of ['sequential', 'controlRisks', 'certaintyOverrides', 'importanceThresholds'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (value === null) delete settings[key];
    else settings[key] = key === 'sequential' || key === 'importanceThresholds' ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) : value;
  }
  const moderators = input.metaRegressionModerators;
  if (moderators === null || moderators?.length === 0) delete settings.metaRegression;
  else if (moderators) {
    const factors = moderators.filter((m) => m.kind === 'categorical').map((m) => m.name);
    settings.metaRegression = { moderators: moderators.map((m) => m.name), ...(factors.length > 0 ? { factors } : {}) };
  }
  return JSON.stringify(settings);
}

/**
 * Thresholds the engine can use with this measure, checked by the engine's own rule (resolveThresholds) one side at a
 * time so the error names the side; `field` is where to report (the thresholds, or the measure that no longer suits them).
 */
function checkThresholds(measure: Measure, thresholds: OutcomeSettings['importanceThresholds'] | undefined, controlRisk: number | null, field?: string[]): void {
  if (!thresholds) return;
  const at = (...path: string[]) => field ?? ['input', 'importanceThresholds', ...path];
  const sides = (['benefit', 'harm'] as const).filter((side) => thresholds[side]);
  if (sides.length === 0) refuse(at(), 'give a benefit threshold, a harm threshold or both (null clears them)');
  const refusal = (run: () => unknown): StatsInputError | null => {
    try {
      run();
      return null;
    } catch (error) {
      if (error instanceof StatsInputError) return error;
      throw error;
    }
  };
  // Without a stated control risk the engine takes the studies' median when it runs, so a per-1000 threshold's range is
  // checked then (an unusable one leaves the GRADE suggestions out with the reason in the notes); signs are checked here at 500 per 1000.
  const risk = controlRisk ?? 0.5;
  for (const side of sides) {
    const difference = thresholds[side]!;
    const error = refusal(() => resolveThresholds({ [side]: difference }, measure, risk));
    const binary = ['OR', 'RR', 'RD'].includes(measure);
    if (!error || (controlRisk === null && difference.on === 'per-1000' && binary)) continue;
    const onField = difference.on !== 'outcome-scale' && !binary;
    const remedy = field ? `; change the outcome's importanceThresholds to suit it, or clear them (null)` : onField ? `; give it on the outcome's scale (on: OUTCOME_SCALE)` : '';
    refuse(at(side, onField ? 'on' : 'value'), `the ${side} threshold: ${error.message}${remedy}`);
  }
  const both = sides.length === 2 ? refusal(() => resolveThresholds(thresholds, measure, risk)) : null;
  if (both) refuse(at('harm', 'value'), `${both.message}: a benefit and a harm threshold lie on either side of no effect (${['OR', 'RR'].includes(measure) ? '1' : '0'})`);
}

/**
 * Moderators must be study characteristics of the review: a study column (year, participants, country, design) or a
 * characteristic some study has. A review without studies yet takes any name (its studies will say).
 */
async function checkModerators(trx: Kysely<Database>, reviewId: string, moderators: { name: string }[] | null | undefined): Promise<void> {
  if (!moderators || moderators.length === 0) return;
  const studies = await trx.selectFrom('studies').select('characteristics').where('review_id', '=', reviewId).where('retracted_version', 'is', null).execute();
  if (studies.length === 0) return;
  const known = new Set<string>([...numericStudyColumns, ...categoricalStudyColumns]);
  for (const study of studies) for (const name of Object.keys(characteristicsOf(study))) known.add(name);
  for (const [i, moderator] of moderators.entries()) {
    if (!known.has(moderator.name)) {
      refuse(['input', 'metaRegressionModerators', String(i), 'name'], `no study of this review has a characteristic '${moderator.name}': choose one of ${[...known].join(', ')}`);
    }
  }
}

type SettingsInput = { [K in keyof typeof settingsFields]?: z.output<(typeof settingsFields)[K]> } & { measure?: Measure | null };

function checkSettings(measure: Measure, settings: SettingsInput, model: string) {
  const method = settings.method;
  if (method === 'PETO' && measure !== 'OR') refuse(['input', 'method'], `the Peto method pools odds ratios only; this outcome's measure is ${measure}`);
  if (method === 'MH' && !['OR', 'RR', 'RD'].includes(measure)) refuse(['input', 'method'], `Mantel-Haenszel pooling needs a binary measure (OR, RR, RD); this outcome's measure is ${measure}`);
  if (method === 'PETO' && model !== 'fixed') {
    refuse(['input', 'model'], 'Peto pooling is a fixed-effect method: set model to FIXED, or use method IV for random effects');
  }
  // Random effects after Mantel-Haenszel pooling are RevMan 5's: DerSimonian-Laird τ² from the Mantel-Haenszel Q, a z interval.
  if (method === 'MH' && model !== 'fixed') {
    if (given(settings.tau2Estimator) && settings.tau2Estimator !== 'DL') {
      refuse(
        ['input', 'tau2Estimator'],
        `random effects after Mantel-Haenszel pooling take τ² from the Mantel-Haenszel Q by DerSimonian-Laird (as RevMan 5 does): set tau2Estimator to DL, or use method IV for ${settings.tau2Estimator}`,
      );
    }
    if (settings.ciMethod === 'hksj') {
      refuse(['input', 'ciMethod'], 'random effects after Mantel-Haenszel pooling use a z interval (as RevMan 5 does): set ciMethod to Z, or use method IV for the Hartung-Knapp-Sidik-Jonkman interval');
    }
  }
  if ((given(settings.prePostCorrelation) || given(settings.prePostDirection)) && measure !== 'MC') {
    refuse(['input', given(settings.prePostCorrelation) ? 'prePostCorrelation' : 'prePostDirection'], `pre/post settings apply to mean-change (MC) outcomes only; this outcome's measure is ${measure}`);
  }
}

const addOutcomeInput = z.object({
  reviewId: z.string(),
  name: text('name', 200),
  description: optionalText('description', 5000, { multiline: true }),
  measure: z.enum(measures),
  ...settingsFields,
  ...evidenceFields,
  ...checkedEvidenceFields,
});
export type AddOutcomeInput = z.input<typeof addOutcomeInput>;

/** A new outcome's input, checked (settings that cannot go together are refused at their field). */
export function parseNewOutcome(input: AddOutcomeInput): NewOutcome {
  const valid = validate(addOutcomeInput, input);
  checkSettings(valid.measure, valid, valid.model ?? 'random');
  if (valid.importanceThresholds) {
    const { benefit, harm } = valid.importanceThresholds;
    checkThresholds(valid.measure, { ...(benefit ? { benefit } : {}), ...(harm ? { harm } : {}) }, valid.controlRisks?.[0]?.risk ?? null);
  }
  return valid;
}
type NewOutcome = z.output<typeof addOutcomeInput>;

/** Stores a checked new outcome under `version`; its name must be new in the review. */
/** Why `name` cannot be an outcome of the review: another outcome has it under the same labelKey; null if none does. */
async function outcomeNameTaken(trx: Kysely<Database>, reviewId: string, name: string, exceptOutcomeId?: string): Promise<string | null> {
  let query = trx.selectFrom('outcomes').select(['id', 'name']).where('review_id', '=', reviewId);
  if (exceptOutcomeId) query = query.where('id', '!=', exceptOutcomeId);
  const existing = (await query.execute()).find((outcome) => labelKey(outcome.name) === labelKey(name));
  if (!existing) return null;
  return existing.name === name
    ? `the review already has an outcome named '${name}'`
    : `the review already has an outcome named '${existing.name}', the same name as '${name}' once case, spacing and Unicode forms are set aside`;
}

export async function insertOutcome(trx: Kysely<Database>, reviewId: string, version: number, valid: NewOutcome): Promise<OutcomeRow> {
  const taken = await outcomeNameTaken(trx, reviewId, valid.name);
  if (taken) refuse(['input', 'name'], taken);
  await checkModerators(trx, reviewId, valid.metaRegressionModerators);
  const model = valid.model ?? 'random';
  const timestamp = now();
  const outcome: OutcomeRow = {
    id: newId(),
    review_id: reviewId,
    name: valid.name,
    description: valid.description ?? null,
    data_type: dataTypeOf[valid.measure],
    measure: valid.measure,
    model,
    method: valid.method ?? 'IV',
    tau2_estimator: valid.tau2Estimator ?? (valid.method === 'MH' && model !== 'fixed' ? 'DL' : 'REML'),
    ci_method: valid.ciMethod ?? 'z',
    preset: valid.preset ?? 'metafor',
    subgroup_variable: valid.subgroupVariable ?? null,
    timepoint: valid.timepoint ?? null,
    pre_post_correlation: valid.measure === 'MC' ? (valid.prePostCorrelation ?? 0) : null,
    pre_post_direction: valid.measure === 'MC' ? (valid.prePostDirection ?? 'increase') : null,
    evidence_settings: evidenceSettings('{}', valid),
    totals: valid.totals ?? 'all',
    unit_of_analysis: valid.unitOfAnalysis ?? 'flag',
    created_version: version,
    version,
    created_at: timestamp,
    updated_at: timestamp,
  };
  await trx.insertInto('outcomes').values(outcome).execute();
  return outcome;
}

export function addOutcome(services: Services, actor: Viewer, input: AddOutcomeInput): Promise<WriteResult<OutcomeRow>> {
  return refusable(async () => {
    const valid = parseNewOutcome(input);
    const reviewId = await reviewForWrite(services.database, actor, valid.reviewId, 'adding an outcome');
    return commitChange(services, actor, reviewId, {
      action: 'addOutcome',
      async apply(trx, version) {
        const outcome = await insertOutcome(trx, reviewId, version, valid);
        return { value: outcome, summary: `Added outcome '${outcome.name}' (${outcome.measure})`, outcomeIds: [outcome.id] };
      },
    });
  });
}

const updateOutcomeInput = z.object({
  outcomeId: z.string(),
  name: text('name', 200).nullish(),
  description: optionalText('description', 5000, { multiline: true }),
  measure: z.enum(measures).nullish(),
  ...settingsFields,
  ...evidenceFields,
  ...checkedEvidenceFields,
});
export type UpdateOutcomeSettingsInput = z.input<typeof updateOutcomeInput>;

export function updateOutcomeSettings(services: Services, actor: Viewer, input: UpdateOutcomeSettingsInput): Promise<WriteResult<OutcomeRow>> {
  return refusable(async () => {
    const valid = validate(updateOutcomeInput, input);
    const target = await outcomeForWrite(services.database, actor, valid.outcomeId, 'changing an outcome');
    return commitChange(services, actor, target.review_id, {
      action: 'updateOutcomeSettings',
      async apply(trx) {
        const current = await trx.selectFrom('outcomes').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
        const measure = (valid.measure ?? current.measure) as Measure;
        const model = valid.model ?? current.model;
        const set: Partial<OutcomeRow> = {};
        if (given(valid.name) && valid.name !== current.name) {
          const taken = await outcomeNameTaken(trx, target.review_id, valid.name, target.id);
          if (taken) refuse(['input', 'name'], taken);
          set.name = valid.name;
        }
        if (valid.description !== undefined) set.description = valid.description;
        if (given(valid.measure)) {
          set.measure = valid.measure;
          set.data_type = dataTypeOf[valid.measure];
        }
        if (given(valid.model)) set.model = valid.model;
        if (given(valid.method)) set.method = valid.method;
        if (given(valid.tau2Estimator)) set.tau2_estimator = valid.tau2Estimator;
        if (given(valid.ciMethod)) set.ci_method = valid.ciMethod;
        if (given(valid.preset)) set.preset = valid.preset;
        if (valid.subgroupVariable !== undefined) set.subgroup_variable = valid.subgroupVariable;
        if (valid.timepoint !== undefined) set.timepoint = valid.timepoint;
        if (given(valid.prePostCorrelation)) set.pre_post_correlation = valid.prePostCorrelation;
        if (given(valid.prePostDirection)) set.pre_post_direction = valid.prePostDirection;
        if (given(valid.totals)) set.totals = valid.totals;
        if (given(valid.unitOfAnalysis)) set.unit_of_analysis = valid.unitOfAnalysis;
        const evidence = evidenceSettings(current.evidence_settings, valid);
        if (evidence !== current.evidence_settings) set.evidence_settings = evidence;
        // Thresholds are checked against the measure they will be used with: new ones where given, else the stored ones.
        const stored = JSON.parse(evidence) as Pick<OutcomeSettings, 'importanceThresholds' | 'controlRisks'>;
        if (given(valid.importanceThresholds) || given(valid.measure) || valid.controlRisks !== undefined) {
          const field = given(valid.importanceThresholds) ? undefined : given(valid.measure) ? ['input', 'measure'] : ['input', 'controlRisks'];
          checkThresholds(measure, stored.importanceThresholds, stored.controlRisks?.[0]?.risk ?? null, field);
        }
        await checkModerators(trx, target.review_id, valid.metaRegressionModerators);
        if (Object.keys(set).length === 0) refuse(['input'], 'nothing to change: give at least one setting besides outcomeId');
        checkSettings(
          measure,
          {
            ...valid,
            method: (valid.method ?? current.method) as SettingsInput['method'],
            tau2Estimator: (valid.tau2Estimator ?? current.tau2_estimator) as SettingsInput['tau2Estimator'],
            ciMethod: (valid.ciMethod ?? current.ci_method) as SettingsInput['ciMethod'],
          },
          model,
        );
        if (measure === 'MC') {
          set.pre_post_correlation ??= current.pre_post_correlation ?? 0;
          set.pre_post_direction ??= current.pre_post_direction ?? 'increase';
        } else if (current.measure === 'MC') {
          set.pre_post_correlation = null;
          set.pre_post_direction = null;
        }
        if (given(valid.measure) && valid.measure !== current.measure) {
          // Every stored study's numbers must suit the new measure; name the first that does not.
          const rows = await trx
            .selectFrom('study_data')
            .innerJoin('studies', 'studies.id', 'study_data.study_id')
            .selectAll('study_data')
            .select('studies.label')
            .where('outcome_id', '=', target.id)
            .execute();
          for (const row of rows) {
            const errors = checkStudyNumbers(numbersOfRow(row), measure, `study '${row.label}'`, ['input', 'measure'], { preset: (valid.preset ?? current.preset) as 'metafor' | 'revman5' });
            if (errors.length > 0) refuse(['input', 'measure'], `${errors[0].message}; remove or re-enter that study's data before changing the measure`);
          }
        }
        await trx.updateTable('outcomes').set({ ...set, updated_at: now() }).where('id', '=', target.id).execute();
        const outcome = await trx.selectFrom('outcomes').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
        const changed = Object.keys(set).map((column) => column.replaceAll('_', ' '));
        return { value: outcome, summary: `Changed ${changed.join(', ')} of outcome '${outcome.name}'`, outcomeIds: [outcome.id], details: set };
      },
    });
  });
}

const overrideInput = z
  .object({
    outcomeId: z.string(),
    domain: z.enum(gradeDomains),
    rating: certaintyRating,
    footnote: text('footnote', 2000, { multiline: true }),
  })
  .superRefine(checkRatingOfDomain);
export type OverrideCertaintyDomainInput = z.input<typeof overrideInput>;

type StoredOverride = { domain: string; rating: number; footnote: string; dataFingerprint: string };

/**
 * A maintainer's GRADE rating of one domain, with the footnote that explains it. It is kept on the data it
 * was made on (the fingerprint of the latest stored analysis) and flagged for re-review when they change.
 */
export function overrideCertaintyDomain(services: Services, actor: Viewer, input: OverrideCertaintyDomainInput): Promise<WriteResult<OutcomeRow>> {
  return refusable(async () => {
    const valid = validate(overrideInput, input);
    const target = await outcomeForWrite(services.database, actor, valid.outcomeId, 'overriding a GRADE rating');
    return commitChange(services, actor, target.review_id, {
      action: 'overrideCertaintyDomain',
      async apply(trx) {
        const current = await trx.selectFrom('outcomes').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
        const latest = await trx
          .selectFrom('analysis_snapshots')
          .select('id')
          .where('outcome_id', '=', target.id)
          .orderBy('version', 'desc')
          .limit(1)
          .executeTakeFirst();
        const certainty = latest ? (await storedAnalysisOf(trx, latest.id))?.certainty : null;
        if (!certainty) {
          refuse(['input', 'outcomeId'], `outcome '${current.name}' has no GRADE assessment to override yet: it needs studies with data and their designs`);
        }
        const settings = JSON.parse(current.evidence_settings) as { certaintyOverrides?: StoredOverride[] };
        const others = (settings.certaintyOverrides ?? []).filter((o) => o.domain !== valid.domain);
        const override = { domain: valid.domain, rating: valid.rating, footnote: valid.footnote, dataFingerprint: certainty.dataFingerprint };
        const evidence = JSON.stringify({ ...settings, certaintyOverrides: [...others, override] });
        await trx.updateTable('outcomes').set({ evidence_settings: evidence, updated_at: now() }).where('id', '=', target.id).execute();
        const outcome = await trx.selectFrom('outcomes').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
        const signed = valid.rating > 0 ? `+${valid.rating}` : String(valid.rating);
        return {
          value: outcome,
          summary: `Rated GRADE '${valid.domain}' ${signed} for outcome '${outcome.name}': ${valid.footnote}`,
          outcomeIds: [outcome.id],
          details: { override },
        };
      },
    });
  });
}

/** Removes a maintainer's rating of one domain: the suggestion applies again. */
export function clearCertaintyOverride(services: Services, actor: Viewer, input: { outcomeId: string; domain: (typeof gradeDomains)[number] }): Promise<WriteResult<OutcomeRow>> {
  return refusable(async () => {
    const target = await outcomeForWrite(services.database, actor, input.outcomeId, 'clearing a GRADE rating');
    return commitChange(services, actor, target.review_id, {
      action: 'clearCertaintyOverride',
      async apply(trx) {
        const current = await trx.selectFrom('outcomes').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
        const settings = JSON.parse(current.evidence_settings) as { certaintyOverrides?: StoredOverride[] };
        const overrides = settings.certaintyOverrides ?? [];
        if (!overrides.some((o) => o.domain === input.domain)) refuse(['input', 'domain'], `outcome '${current.name}' has no override of '${input.domain}'`);
        const rest = overrides.filter((o) => o.domain !== input.domain);
        const { certaintyOverrides: _dropped, ...others } = settings;
        const evidence = JSON.stringify(rest.length > 0 ? { ...others, certaintyOverrides: rest } : others);
        await trx.updateTable('outcomes').set({ evidence_settings: evidence, updated_at: now() }).where('id', '=', target.id).execute();
        const outcome = await trx.selectFrom('outcomes').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
        return { value: outcome, summary: `Cleared the GRADE override of '${input.domain}' for outcome '${outcome.name}'`, outcomeIds: [outcome.id] };
      },
    });
  });
}

const sequentialInput = z.object({
  outcomeId: z.string(),
  relativeRiskReduction: proportion('relativeRiskReduction'),
  controlRisk: proportion('controlRisk'),
  minimalDifference: z.number().positive('minimalDifference must be greater than 0').nullish(),
  sd: z.number().positive('sd must be greater than 0').nullish(),
  alpha: z.number().gt(0, 'alpha must lie between 0 and 0.5').lt(0.5, 'alpha must lie between 0 and 0.5').nullish(),
  power: z.number().gt(0.5, 'power must lie between 0.5 and 1').lt(1, 'power must lie between 0.5 and 1').nullish(),
});
export type SetSequentialAssumptionsInput = z.input<typeof sequentialInput>;

/** States the assumptions of the information size and trial sequential analysis (left out: the defaults). */
export function setSequentialAssumptions(services: Services, actor: Viewer, input: SetSequentialAssumptionsInput): Promise<WriteResult<OutcomeRow>> {
  return refusable(async () => {
    const { outcomeId, power, ...rest } = validate(sequentialInput, input);
    return updateOutcomeSettings(services, actor, { outcomeId, sequential: { ...rest, beta: given(power) ? 1 - power : null } });
  });
}
