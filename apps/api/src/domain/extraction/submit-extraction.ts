// A person's extraction of one row's numbers (outcome, study, label, subgroup), blinded from the other extractor's:
// the first is stored and may be replaced by its extractor; the second is compared with it field by field, and the
// row enters the analysis in the same change when they agree, or waits for reconciliation when they differ. A third
// extraction is refused. The change log says who extracted what row, never the numbers (it is public to readers).
import type { Database, DualExtractionRow, ExtractionRow, Kysely, OutcomeRow } from '@cumulus/db';
import { z } from 'zod';
import type { Viewer } from '../../auth/viewer.js';
import type { Measure } from '../engine.js';
import { outcomeForWrite } from '../access.js';
import { newId } from '../ids.js';
import { now, numbersOfRow, rowOfNumbers, settingsOfOutcome } from '../rows.js';
import { checkStudyNumbers, type StudyNumbers } from '../study-data-shapes.js';
import { sameRowKey, studyNumbersInput } from '../study-data.js';
import { UserInputError, refusable, refuse, type WriteResult } from '../user-errors.js';
import { optionalText, validate } from '../validate.js';
import { commitChange, type Services } from '../write-path.js';
import { differingFields, extractionDifferences } from './differences.js';
import { dualExtractionProvenance, enterExtractedRow, nameOfExtractedRow, refuseIfRowExists, refuseSubgroupSpelling, sourceOf } from './extracted-row.js';
import { extractionSettingsOf } from './settings.js';

const submitInput = z.object({ outcomeId: z.string(), studyId: z.string(), label: optionalText('label', 200), ...studyNumbersInput });
export type SubmitExtractionInput = z.input<typeof submitInput>;

export function extractorOf(viewer: Viewer, what: string): string {
  if (!viewer.userId) refuse([], `${what} needs a person: sign in, or use a personal access token (the administrator token extracts for nobody)`);
  return viewer.userId;
}

/** The extractions of a pair still standing (not replaced), oldest first. */
export function activeExtractions(db: Kysely<Database>, pairId: string): Promise<ExtractionRow[]> {
  return db.selectFrom('extractions').selectAll().where('dual_extraction_id', '=', pairId).where('replaced_version', 'is', null).orderBy('version').orderBy('id').execute();
}

export async function displayNameOf(db: Kysely<Database>, userId: string | null): Promise<string> {
  if (userId === null) return 'nobody';
  return (await db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst())?.display_name ?? 'a former member';
}

const loadOutcome = (trx: Kysely<Database>, outcomeId: string) => trx.selectFrom('outcomes').selectAll().where('id', '=', outcomeId).executeTakeFirstOrThrow();

async function studyToExtract(trx: Kysely<Database>, outcome: OutcomeRow, studyId: string) {
  const study = await trx.selectFrom('studies').select(['id', 'label', 'retracted_version']).where('id', '=', studyId).where('review_id', '=', outcome.review_id).executeTakeFirst();
  if (!study) refuse(['input', 'studyId'], `there is no study with id '${studyId}' in this outcome's review`);
  if (study.retracted_version !== null) refuse(['input', 'studyId'], `study '${study.label}' was retracted at version ${study.retracted_version}; its data stay out of analyses`);
  return study;
}

export function submitExtraction(services: Services, viewer: Viewer, input: SubmitExtractionInput): Promise<WriteResult<DualExtractionRow>> {
  return refusable(async () => {
    const { outcomeId, studyId, label, subgroup, source, ...numbers } = validate(submitInput, input);
    const target = await outcomeForWrite(services.database, viewer, outcomeId, 'extracting study data', 'edit-data');
    const userId = extractorOf(viewer, 'an extraction');
    return commitChange(services, viewer, target.review_id, {
      action: 'submitExtraction',
      async apply(trx, version) {
        const outcome = await loadOutcome(trx, target.id);
        const study = await studyToExtract(trx, outcome, studyId);
        const key = { studyId: study.id, label: label ?? null, subgroup: subgroup ?? null };
        const name = await nameOfExtractedRow(trx, key);
        const errors = checkStudyNumbers(numbers, outcome.measure as Measure, name, ['input'], settingsOfOutcome(outcome));
        if (errors.length > 0) throw new UserInputError(errors);
        await refuseIfRowExists(trx, outcome, key, name, ['input', 'label']);

        const open = await trx
          .selectFrom('dual_extractions')
          .selectAll()
          .where('outcome_id', '=', outcome.id)
          .where('study_id', '=', study.id)
          .where('status', 'in', ['awaiting', 'conflict'])
          .execute();
        const pair = open.find((p) => sameRowKey(p, key));
        const what = `${name} for outcome '${outcome.name}'`;
        const extraction = (pairId: string): ExtractionRow => ({
          id: newId(), dual_extraction_id: pairId, review_id: outcome.review_id, user_id: userId, ...rowOfNumbers(numbers), source: source ?? null, version, replaced_version: null, created_at: now(),
        });

        if (!pair) {
          if (!(await extractionSettingsOf(trx, outcome.review_id)).dualExtraction) {
            refuse([], `this review does not use dual extraction: enter the row of ${name} with recordStudyData, or turn dual extraction on with updateExtractionSettings`);
          }
          await refuseSubgroupSpelling(trx, outcome, key.subgroup, ['input', 'subgroup']);
          const created: DualExtractionRow = {
            id: newId(), review_id: outcome.review_id, outcome_id: outcome.id, study_id: study.id, label: key.label, subgroup: key.subgroup, status: 'awaiting', differences: null,
            row_id: null, decided_by: null, decided_version: null, note: null, created_version: version, updated_version: version, created_at: now(),
          };
          await trx.insertInto('dual_extractions').values(created).execute();
          await trx.insertInto('extractions').values(extraction(created.id)).execute();
          return { value: created, summary: `${viewer.name} extracted ${what} (1 of 2)`, outcomeIds: [], details: { dualExtractionId: created.id } };
        }

        const standing = await activeExtractions(trx, pair.id);
        if (pair.status === 'conflict') {
          refuse(['input', 'studyId'], `two people have extracted ${what} and their numbers differ; it waits for reconciliation (reconcileExtraction), not a third extraction`);
        }
        const mine = standing.find((e) => e.user_id === userId);
        if (mine) {
          await trx.updateTable('extractions').set({ replaced_version: version }).where('id', '=', mine.id).execute();
          await trx.insertInto('extractions').values(extraction(pair.id)).execute();
          await trx.updateTable('dual_extractions').set({ updated_version: version }).where('id', '=', pair.id).execute();
          return { value: { ...pair, updated_version: version }, summary: `${viewer.name} replaced their extraction of ${what} (1 of 2)`, outcomeIds: [], details: { dualExtractionId: pair.id } };
        }

        const [first] = standing;
        const second = extraction(pair.id);
        await trx.insertInto('extractions').values(second).execute();
        const differences = extractionDifferences(numbersOfRow(first), numbers as StudyNumbers);
        const firstName = await displayNameOf(trx, first.user_id);
        if (differences.length > 0) {
          const stored = { ...pair, status: 'conflict' as const, differences: JSON.stringify(differences), updated_version: version };
          await trx.updateTable('dual_extractions').set({ status: stored.status, differences: stored.differences, updated_version: version }).where('id', '=', pair.id).execute();
          return {
            value: stored,
            summary: `${viewer.name} extracted ${what} (2 of 2): the extractions of ${firstName} and ${viewer.name} differ in ${differingFields(differences)}; waiting for reconciliation`,
            outcomeIds: [],
            details: { dualExtractionId: pair.id, differ: differences.map((d) => d.field) },
          };
        }
        const provenance = dualExtractionProvenance([firstName, viewer.name], null, [], null, version);
        const row = await enterExtractedRow(trx, outcome, version, pair, numbers, sourceOf([first.source, source ?? null]), provenance, ['input']);
        const stored = { ...pair, status: 'agreed' as const, differences: '[]', row_id: row.rowId, decided_version: version, updated_version: version };
        await trx.updateTable('dual_extractions').set({ status: stored.status, differences: stored.differences, row_id: row.rowId, decided_version: version, updated_version: version }).where('id', '=', pair.id).execute();
        return {
          value: stored,
          summary: `${viewer.name} extracted ${what} (2 of 2): the extractions of ${firstName} and ${viewer.name} agree; row entered`,
          outcomeIds: [outcome.id],
          details: { dualExtractionId: pair.id, row: row.details },
        };
      },
    });
  });
}
