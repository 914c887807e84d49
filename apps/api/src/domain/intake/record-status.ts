// Keeps each record's stored screening status equal to what its votes and decisions say (screening-state.ts). Called
// inside the write that changed them, so the status a queue reads is always the votes' own.
import type { Database, Kysely, RecordRow, ScreeningStage } from '@cumulus/db';
import { stageResult, type StageResult, type Vote } from './screening-state.js';

interface StageInputs {
  votes: Vote[];
  resolution: { decision: 'include' | 'exclude'; reason: string | null } | null;
}

type Inputs = Record<ScreeningStage, StageInputs>;

const emptyInputs = (): Inputs => ({ 'title-abstract': { votes: [], resolution: null }, 'full-text': { votes: [], resolution: null } });

type StatusColumns = Pick<RecordRow, 'title_abstract_status' | 'full_text_status' | 'title_abstract_votes' | 'full_text_votes' | 'full_text_reason'>;

/** The stored columns of a record from its votes; `record` gives what votes do not decide (not screened, not retrieved). */
export function statusColumns(record: Pick<RecordRow, 'title_abstract_status' | 'full_text_status'>, inputs: Inputs, required: number): StatusColumns & { results: Partial<Record<ScreeningStage, StageResult>> } {
  const results: Partial<Record<ScreeningStage, StageResult>> = {};
  let titleAbstract = record.title_abstract_status;
  if (titleAbstract !== 'not-screened') {
    const result = stageResult('title-abstract', inputs['title-abstract'].votes, required, inputs['title-abstract'].resolution);
    results['title-abstract'] = result;
    titleAbstract = result.status;
  }
  let fullText: string | null = null;
  let reason: string | null = null;
  if (titleAbstract === 'include' || titleAbstract === 'not-screened') {
    const result = stageResult('full-text', inputs['full-text'].votes, required, inputs['full-text'].resolution);
    results['full-text'] = result;
    // A full text that could not be obtained stays so until a person records votes on it.
    fullText = record.full_text_status === 'not-retrieved' && inputs['full-text'].votes.length === 0 ? 'not-retrieved' : result.status;
    reason = fullText === 'exclude' ? result.reason : null;
  }
  return {
    title_abstract_status: titleAbstract,
    full_text_status: fullText,
    title_abstract_votes: inputs['title-abstract'].votes.length,
    full_text_votes: inputs['full-text'].votes.length,
    full_text_reason: reason,
    results,
  };
}

async function inputsOf(trx: Kysely<Database>, recordIds: readonly string[]): Promise<Map<string, Inputs>> {
  const inputs = new Map<string, Inputs>(recordIds.map((id) => [id, emptyInputs()]));
  if (recordIds.length === 0) return inputs;
  for (let start = 0; start < recordIds.length; start += 500) {
    const ids = recordIds.slice(start, start + 500);
    const votes = await trx
      .selectFrom('screening_votes')
      .select(['record_id', 'stage', 'decision', 'reason'])
      .where('record_id', 'in', ids)
      .where('withdrawn_version', 'is', null)
      .orderBy('version')
      .orderBy('id')
      .execute();
    for (const vote of votes) inputs.get(vote.record_id)?.[vote.stage].votes.push({ decision: vote.decision, reason: vote.reason });
    const resolutions = await trx
      .selectFrom('screening_resolutions')
      .select(['record_id', 'stage', 'decision', 'reason'])
      .where('record_id', 'in', ids)
      .where('withdrawn_version', 'is', null)
      .execute();
    for (const resolution of resolutions) {
      const stage = inputs.get(resolution.record_id)?.[resolution.stage];
      if (stage) stage.resolution = { decision: resolution.decision, reason: resolution.reason };
    }
  }
  return inputs;
}

/** Re-decides one record from its votes and stores the result; returns the record as stored now. */
export async function refreshRecordStatus(trx: Kysely<Database>, record: RecordRow, version: number, required: number): Promise<RecordRow & { results: Partial<Record<ScreeningStage, StageResult>> }> {
  const inputs = (await inputsOf(trx, [record.id])).get(record.id) ?? emptyInputs();
  const { results, ...columns } = statusColumns(record, inputs, required);
  await trx.updateTable('records').set({ ...columns, updated_version: version }).where('id', '=', record.id).execute();
  return { ...record, ...columns, updated_version: version, results };
}

/** Re-decides every record of the review that has votes (after the number of screeners changed). */
export async function restoreRecordStatuses(trx: Kysely<Database>, reviewId: string, version: number, required: number): Promise<void> {
  const records = await trx
    .selectFrom('records')
    .select(['id', 'title_abstract_status', 'full_text_status', 'title_abstract_votes', 'full_text_votes', 'full_text_reason'])
    .where('review_id', '=', reviewId)
    .where((eb) => eb.or([eb('title_abstract_votes', '>', 0), eb('full_text_votes', '>', 0)]))
    .execute();
  const inputs = await inputsOf(trx, records.map((record) => record.id));
  for (const record of records) {
    const { results: _results, ...columns } = statusColumns(record, inputs.get(record.id) ?? emptyInputs(), required);
    if (Object.entries(columns).some(([key, value]) => record[key as keyof typeof columns] !== value)) {
      await trx.updateTable('records').set({ ...columns, updated_version: version }).where('id', '=', record.id).execute();
    }
  }
}
