// Reconciling two extractions that differ: a person who may edit data (either extractor, or a third person) gives the
// row's numbers, usually after going back to the report, and the row enters the analysis in that change. The change
// log and the row's provenance say who extracted, who reconciled, and in which fields the extractions differed.
import type { CumulusDatabase, DualExtractionRow } from '@cumulus/db';
import { z } from 'zod';
import type { Viewer } from '../../auth/viewer.js';
import type { Measure } from '../engine.js';
import { outcomeForWrite } from '../access.js';
import { settingsOfOutcome } from '../rows.js';
import { checkStudyNumbers } from '../study-data-shapes.js';
import { studyNumbersInput } from '../study-data.js';
import { UserInputError, refusable, refuse, type WriteResult } from '../user-errors.js';
import { optionalText, validate } from '../validate.js';
import { commitChange, type Services } from '../write-path.js';
import { differingFields, type ExtractionDifference } from './differences.js';
import { dualExtractionProvenance, enterExtractedRow, nameOfExtractedRow, sourceOf } from './extracted-row.js';
import { activeExtractions, displayNameOf, extractorOf } from './submit-extraction.js';

const { subgroup: _subgroup, ...numbersAndSource } = studyNumbersInput;
const reconcileInput = z.object({ dualExtractionId: z.string(), ...numbersAndSource, note: optionalText('note', 2000, { multiline: true }) });
export type ReconcileExtractionInput = z.input<typeof reconcileInput>;

/** The pair a write targets and its outcome; one the viewer cannot read is unknown. */
export async function dualExtractionForWrite(database: CumulusDatabase, viewer: Viewer, id: string, what: string) {
  const pair = await database.db.selectFrom('dual_extractions').select(['id', 'outcome_id']).where('id', '=', id).executeTakeFirst();
  try {
    if (!pair) refuse(['input', 'dualExtractionId'], `there is no dual extraction with id '${id}'`);
    return await outcomeForWrite(database, viewer, pair.outcome_id, what, 'edit-data');
  } catch (error) {
    if (error instanceof UserInputError && error.errors.some((e) => e.field.join('.') === 'input.outcomeId')) refuse(['input', 'dualExtractionId'], `there is no dual extraction with id '${id}'`);
    throw error;
  }
}

export function reconcileExtraction(services: Services, viewer: Viewer, input: ReconcileExtractionInput): Promise<WriteResult<DualExtractionRow>> {
  return refusable(async () => {
    const { dualExtractionId, note, source, ...numbers } = validate(reconcileInput, input);
    const target = await dualExtractionForWrite(services.database, viewer, dualExtractionId, 'reconciling extractions');
    const userId = extractorOf(viewer, 'reconciling extractions');
    return commitChange(services, viewer, target.review_id, {
      action: 'reconcileExtraction',
      async apply(trx, version) {
        const pair = await trx.selectFrom('dual_extractions').selectAll().where('id', '=', dualExtractionId).executeTakeFirstOrThrow();
        const outcome = await trx.selectFrom('outcomes').selectAll().where('id', '=', pair.outcome_id).executeTakeFirstOrThrow();
        const name = await nameOfExtractedRow(trx, { studyId: pair.study_id, label: pair.label, subgroup: pair.subgroup });
        const what = `${name} for outcome '${outcome.name}'`;
        if (pair.status !== 'conflict') {
          const why = { awaiting: 'is waiting for its second extraction', agreed: 'was entered when its extractions agreed', reconciled: 'was reconciled already', withdrawn: 'was withdrawn' }[pair.status];
          refuse(['input', 'dualExtractionId'], `the dual extraction of ${what} ${why}; only extractions that differ are reconciled`);
        }
        const errors = checkStudyNumbers(numbers, outcome.measure as Measure, name, ['input'], settingsOfOutcome(outcome));
        if (errors.length > 0) throw new UserInputError(errors);
        const extractions = await activeExtractions(trx, pair.id);
        const extractors = await Promise.all(extractions.map((e) => displayNameOf(trx, e.user_id)));
        const differences = JSON.parse(pair.differences ?? '[]') as ExtractionDifference[];
        const provenance = dualExtractionProvenance(extractors, viewer.name, differences, note ?? null, version);
        const row = await enterExtractedRow(trx, outcome, version, pair, numbers, source ?? sourceOf(extractions.map((e) => e.source)), provenance, ['input']);
        const stored: DualExtractionRow = { ...pair, status: 'reconciled', row_id: row.rowId, decided_by: userId, decided_version: version, note: note ?? null, updated_version: version };
        await trx.updateTable('dual_extractions').set({ status: 'reconciled', row_id: row.rowId, decided_by: userId, decided_version: version, note: note ?? null, updated_version: version }).where('id', '=', pair.id).execute();
        const role = extractions.some((e) => e.user_id === userId) ? ', one of the extractors,' : '';
        return {
          value: stored,
          summary: `${viewer.name}${role} reconciled the extractions of ${what} by ${extractors.join(' and ')} (they differed in ${differingFields(differences)}): row entered`,
          outcomeIds: [outcome.id],
          details: { dualExtractionId: pair.id, reconciledBy: viewer.name, row: row.details },
        };
      },
    });
  });
}
