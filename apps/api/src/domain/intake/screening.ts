// Screening writes: a screener's vote (cast, changed, withdrawn), an arbiter's decision on a conflict (made,
// withdrawn), and a full text marked as not retrieved. Each is a change of the review; each re-decides the record
// from its votes (record-status.ts) in the same transaction.
//
// Blinding is a read rule (screening-reads.ts): nobody sees another screener's vote on a record until it has all the
// votes it needs. Write rules: one vote per screener per record and stage; no more votes than the review asks for;
// an arbiter cannot settle a conflict they voted in; a full text is excluded only for one of the review's reasons;
// a vote on title and abstract cannot change once the full text has votes or a decision; nothing changes once the
// record is a report of a study.
import type { Database, Kysely, RecordRow, ScreeningDecision, ScreeningStage } from '@cumulus/db';
import { z } from 'zod';
import type { Viewer } from '../../auth/viewer.js';
import { newId } from '../ids.js';
import { now } from '../rows.js';
import { refusable, refuse, type WriteResult } from '../user-errors.js';
import { optionalText, validate } from '../validate.js';
import { commitChange, type Services } from '../write-path.js';
import { recordForWrite, recordName, refuseIfIncluded, storedRecord } from './record-access.js';
import { refreshRecordStatus } from './record-status.js';
import { screeningSettingsOf } from './settings.js';

export const screeningStages = ['title-abstract', 'full-text'] as const satisfies readonly ScreeningStage[];
export const screeningDecisions = ['include', 'exclude', 'maybe'] as const satisfies readonly ScreeningDecision[];
const stageName = { 'title-abstract': 'title and abstract', 'full-text': 'full text' } as const;

const voteInput = z.object({
  recordId: z.string(),
  stage: z.enum(screeningStages),
  decision: z.enum(screeningDecisions),
  reason: optionalText('reason', 200),
  note: optionalText('note', 2000, { multiline: true }),
});
export type CastScreeningVoteInput = z.input<typeof voteInput>;

const stageInput = z.object({ recordId: z.string(), stage: z.enum(screeningStages) });
export type RecordStageInput = z.input<typeof stageInput>;

const resolveInput = z.object({
  recordId: z.string(),
  stage: z.enum(screeningStages),
  decision: z.enum(['include', 'exclude']),
  reason: optionalText('reason', 200),
  note: optionalText('note', 2000, { multiline: true }),
});
export type ResolveScreeningConflictInput = z.input<typeof resolveInput>;

const retrievalInput = z.object({ recordId: z.string(), retrieved: z.boolean() });
export type MarkFullTextRetrievalInput = z.input<typeof retrievalInput>;

/** Refuses a record that is not (or no longer) at `stage`: a duplicate, removed, not yet through title and abstract. */
function refuseIfNotAt(record: RecordRow, stage: ScreeningStage): void {
  const name = recordName(record);
  if (record.duplicate_of !== null) refuse(['input', 'recordId'], `record ${name} is a duplicate of another record; undo the merge to screen it`);
  if (record.removed_reason !== null) refuse(['input', 'recordId'], `record ${name} was removed before screening (${record.removed_reason}); restore it to screen it`);
  if (stage === 'title-abstract' && record.title_abstract_status === 'not-screened') {
    refuse(['input', 'stage'], `record ${name} was found by other methods, so it is screened on its full text only`);
  }
  if (stage === 'full-text' && record.full_text_status === null) {
    refuse(['input', 'stage'], `record ${name} has not been included on its title and abstract, so its full text is not screened yet`);
  }
  if (stage === 'full-text' && record.full_text_status === 'not-retrieved') {
    refuse(['input', 'recordId'], `the full text of record ${name} is marked as not retrieved; mark it retrieved before screening it`);
  }
}

/**
 * Refuses changing one's vote once every vote is in: the votes are then visible to the screeners, so a changed vote
 * would no longer be independent (a disagreement goes to an arbiter; a review screened by one person may change
 * its mind); and once a later step depends on them.
 */
async function refuseIfSettledLater(trx: Kysely<Database>, record: RecordRow, stage: ScreeningStage, required: number): Promise<void> {
  refuseIfIncluded(record, ['input', 'recordId']);
  const votes = stage === 'title-abstract' ? record.title_abstract_votes : record.full_text_votes;
  if (required > 1 && votes >= required) {
    refuse(['input', 'recordId'], `all ${required} votes on the ${stageName[stage]} of record ${recordName(record)} are in and visible to its screeners, so they no longer change; a disagreement goes to an arbiter`);
  }
  const resolution = await trx.selectFrom('screening_resolutions').select('id').where('record_id', '=', record.id).where('stage', '=', stage).where('withdrawn_version', 'is', null).executeTakeFirst();
  if (resolution) refuse(['input', 'recordId'], `an arbiter has decided record ${recordName(record)} on its ${stageName[stage]}; the arbiter must withdraw that decision first`);
  if (stage === 'title-abstract' && record.full_text_votes > 0) {
    refuse(['input', 'recordId'], `record ${recordName(record)} already has votes on its full text; those must be withdrawn before its title and abstract votes change`);
  }
}

function checkReason(stage: ScreeningStage, decision: string, reason: string | null | undefined, reasons: readonly string[]): string | null {
  if (decision !== 'exclude') {
    if (reason) refuse(['input', 'reason'], `a reason is given only to exclude (the decision is '${decision}')`);
    return null;
  }
  if (!reason) {
    if (stage === 'full-text') refuse(['input', 'reason'], `give the reason for excluding the full text, one of: ${reasons.map((r) => `'${r}'`).join(', ')}`);
    return null;
  }
  const known = reasons.find((r) => r.toLocaleLowerCase() === reason.toLocaleLowerCase());
  if (!known) refuse(['input', 'reason'], `'${reason}' is not one of the review's exclusion reasons: ${reasons.map((r) => `'${r}'`).join(', ')}`);
  return known;
}

async function activeVote(trx: Kysely<Database>, recordId: string, stage: ScreeningStage, userId: string) {
  return trx
    .selectFrom('screening_votes')
    .selectAll()
    .where('record_id', '=', recordId)
    .where('stage', '=', stage)
    .where('user_id', '=', userId)
    .where('withdrawn_version', 'is', null)
    .executeTakeFirst();
}

function userOf(viewer: Viewer, what: string): string {
  if (!viewer.userId) refuse([], `${what} needs a person: sign in, or use a personal access token (the administrator token votes for nobody)`);
  return viewer.userId;
}

export function castScreeningVote(services: Services, viewer: Viewer, input: CastScreeningVoteInput): Promise<WriteResult<RecordRow>> {
  return refusable(async () => {
    const valid = validate(voteInput, input);
    const target = await recordForWrite(services.database, viewer, valid.recordId, 'screen records', 'screen');
    const userId = userOf(viewer, 'a screening vote');
    return commitChange(services, viewer, target.reviewId, {
      action: 'castScreeningVote',
      async apply(trx, version) {
        const record = await storedRecord(trx, target.id);
        refuseIfNotAt(record, valid.stage);
        const settings = await screeningSettingsOf(trx, target.reviewId);
        const reason = checkReason(valid.stage, valid.decision, valid.reason, settings.exclusionReasons);
        const earlier = await activeVote(trx, record.id, valid.stage, userId);
        if (earlier) {
          await refuseIfSettledLater(trx, record, valid.stage, settings.screenersPerRecord);
          await trx.updateTable('screening_votes').set({ withdrawn_version: version }).where('id', '=', earlier.id).execute();
        } else {
          refuseIfIncluded(record, ['input', 'recordId']);
          const votes = valid.stage === 'title-abstract' ? record.title_abstract_votes : record.full_text_votes;
          if (votes >= settings.screenersPerRecord) {
            refuse(['input', 'recordId'], `record ${recordName(record)} already has the ${settings.screenersPerRecord} votes on its ${stageName[valid.stage]} the review asks for`);
          }
        }
        await trx
          .insertInto('screening_votes')
          .values({
            id: newId(),
            review_id: target.reviewId,
            record_id: record.id,
            stage: valid.stage,
            user_id: userId,
            decision: valid.decision,
            reason,
            note: valid.note ?? null,
            version,
            withdrawn_version: null,
            created_at: now(),
          })
          .execute();
        const stored = await refreshRecordStatus(trx, record, version, settings.screenersPerRecord);
        const verb = earlier ? 'Changed a vote on' : 'Voted on';
        // The decision itself stays out of the change log while others have not voted: the log is public to readers.
        return { value: stored, summary: `${verb} the ${stageName[valid.stage]} of record ${recordName(record)}`, outcomeIds: [], details: { recordId: record.id, stage: valid.stage } };
      },
    });
  });
}

export function withdrawScreeningVote(services: Services, viewer: Viewer, input: RecordStageInput): Promise<WriteResult<RecordRow>> {
  return refusable(async () => {
    const valid = validate(stageInput, input);
    const target = await recordForWrite(services.database, viewer, valid.recordId, 'screen records', 'screen');
    const userId = userOf(viewer, 'withdrawing a screening vote');
    return commitChange(services, viewer, target.reviewId, {
      action: 'withdrawScreeningVote',
      async apply(trx, version) {
        const record = await storedRecord(trx, target.id);
        const earlier = await activeVote(trx, record.id, valid.stage, userId);
        if (!earlier) refuse(['input', 'recordId'], `you have no vote on the ${stageName[valid.stage]} of record ${recordName(record)} to withdraw`);
        const settings = await screeningSettingsOf(trx, target.reviewId);
        await refuseIfSettledLater(trx, record, valid.stage, settings.screenersPerRecord);
        await trx.updateTable('screening_votes').set({ withdrawn_version: version }).where('id', '=', earlier.id).execute();
        const stored = await refreshRecordStatus(trx, record, version, settings.screenersPerRecord);
        return { value: stored, summary: `Withdrew a vote on the ${stageName[valid.stage]} of record ${recordName(record)}`, outcomeIds: [], details: { recordId: record.id, stage: valid.stage } };
      },
    });
  });
}

export function resolveScreeningConflict(services: Services, viewer: Viewer, input: ResolveScreeningConflictInput): Promise<WriteResult<RecordRow>> {
  return refusable(async () => {
    const valid = validate(resolveInput, input);
    const target = await recordForWrite(services.database, viewer, valid.recordId, 'resolve screening conflicts', 'resolve-conflicts');
    const userId = userOf(viewer, 'resolving a conflict');
    return commitChange(services, viewer, target.reviewId, {
      action: 'resolveScreeningConflict',
      async apply(trx, version) {
        const record = await storedRecord(trx, target.id);
        refuseIfNotAt(record, valid.stage);
        const status = valid.stage === 'title-abstract' ? record.title_abstract_status : record.full_text_status;
        if (status !== 'conflict') refuse(['input', 'recordId'], `record ${recordName(record)} has no conflict on its ${stageName[valid.stage]} to resolve (it is '${status}')`);
        if (await activeVote(trx, record.id, valid.stage, userId)) {
          refuse([], `you voted on the ${stageName[valid.stage]} of record ${recordName(record)}; a conflict is resolved by someone who did not (a third person)`);
        }
        const settings = await screeningSettingsOf(trx, target.reviewId);
        const reason = checkReason(valid.stage, valid.decision, valid.reason, settings.exclusionReasons);
        await trx
          .insertInto('screening_resolutions')
          .values({ id: newId(), review_id: target.reviewId, record_id: record.id, stage: valid.stage, user_id: userId, decision: valid.decision, reason, note: valid.note ?? null, version, withdrawn_version: null, created_at: now() })
          .execute();
        const stored = await refreshRecordStatus(trx, record, version, settings.screenersPerRecord);
        return {
          value: stored,
          summary: `Resolved the conflict on the ${stageName[valid.stage]} of record ${recordName(record)}: ${valid.decision}${reason ? ` (${reason})` : ''}`,
          outcomeIds: [],
          details: { recordId: record.id, stage: valid.stage, decision: valid.decision, reason },
        };
      },
    });
  });
}

export function withdrawScreeningResolution(services: Services, viewer: Viewer, input: RecordStageInput): Promise<WriteResult<RecordRow>> {
  return refusable(async () => {
    const valid = validate(stageInput, input);
    const target = await recordForWrite(services.database, viewer, valid.recordId, 'resolve screening conflicts', 'resolve-conflicts');
    return commitChange(services, viewer, target.reviewId, {
      action: 'withdrawScreeningResolution',
      async apply(trx, version) {
        const record = await storedRecord(trx, target.id);
        refuseIfIncluded(record, ['input', 'recordId']);
        const resolution = await trx.selectFrom('screening_resolutions').select('id').where('record_id', '=', record.id).where('stage', '=', valid.stage).where('withdrawn_version', 'is', null).executeTakeFirst();
        if (!resolution) refuse(['input', 'recordId'], `record ${recordName(record)} has no arbiter's decision on its ${stageName[valid.stage]} to withdraw`);
        if (valid.stage === 'title-abstract' && record.full_text_votes > 0) {
          refuse(['input', 'recordId'], `record ${recordName(record)} already has votes on its full text; those must be withdrawn first`);
        }
        await trx.updateTable('screening_resolutions').set({ withdrawn_version: version }).where('id', '=', resolution.id).execute();
        const settings = await screeningSettingsOf(trx, target.reviewId);
        const stored = await refreshRecordStatus(trx, record, version, settings.screenersPerRecord);
        return { value: stored, summary: `Withdrew the arbiter's decision on the ${stageName[valid.stage]} of record ${recordName(record)}`, outcomeIds: [], details: { recordId: record.id, stage: valid.stage } };
      },
    });
  });
}

/** PRISMA's "reports not retrieved": a full text sought and not obtained (or obtained after all). */
export function markFullTextRetrieval(services: Services, viewer: Viewer, input: MarkFullTextRetrievalInput): Promise<WriteResult<RecordRow>> {
  return refusable(async () => {
    const valid = validate(retrievalInput, input);
    const target = await recordForWrite(services.database, viewer, valid.recordId, 'screen records', 'screen');
    return commitChange(services, viewer, target.reviewId, {
      action: 'markFullTextRetrieval',
      async apply(trx, version) {
        const record = await storedRecord(trx, target.id);
        if (record.full_text_status === null) refuse(['input', 'recordId'], `record ${recordName(record)} has not been included on its title and abstract, so its full text is not sought`);
        refuseIfIncluded(record, ['input', 'recordId']);
        if (!valid.retrieved) {
          if (record.full_text_votes > 0) refuse(['input', 'retrieved'], `record ${recordName(record)} already has votes on its full text, so it was retrieved`);
          await trx.updateTable('records').set({ full_text_status: 'not-retrieved', updated_version: version }).where('id', '=', record.id).execute();
        } else {
          if (record.full_text_status !== 'not-retrieved') refuse(['input', 'retrieved'], `the full text of record ${recordName(record)} is not marked as not retrieved`);
          await trx.updateTable('records').set({ full_text_status: 'awaiting', updated_version: version }).where('id', '=', record.id).execute();
        }
        const stored = await storedRecord(trx, record.id);
        return { value: stored, summary: `Marked the full text of record ${recordName(record)} as ${valid.retrieved ? 'retrieved' : 'not retrieved'}`, outcomeIds: [], details: { recordId: record.id } };
      },
    });
  });
}
