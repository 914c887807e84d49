// The rows a trial's posted results could give (@cumulus/registry's proposeRows), kept per study and measure until a
// person decides: confirmed for one of the review's outcomes (the two groups chosen; the row enters the analysis with
// its provenance), or dismissed. A newer record of the trial supersedes the proposals still open from an older one.
import type { Database, Kysely, RegistryProposalRow } from '@cumulus/db';
import { proposeRows, type BinaryGroupRow, type ContinuousGroupRow, type RowProposal, type Study } from '@cumulus/registry';
import { z } from 'zod';
import { canRead, canWrite, writeRefusal, type Viewer } from '../../auth/viewer.js';
import { outcomeForWrite } from '../access.js';
import { newId } from '../ids.js';
import { now } from '../rows.js';
import { rowWithKey, storeStudyDataTable } from '../study-data.js';
import { refusable, refuse, type WriteResult } from '../user-errors.js';
import { optionalText, validate } from '../validate.js';
import { commitChange, type Services } from '../write-path.js';
import { registryProvenance } from './provenance.js';

/** The same measure (and class and category) across versions of a trial's record. */
export function proposalKey(proposal: RowProposal): string {
  const { measureTitle, timeFrame, classTitle, categoryTitle } = proposal.provenance;
  return JSON.stringify([measureTitle, timeFrame, classTitle, categoryTitle]);
}

export const proposalOf = (row: Pick<RegistryProposalRow, 'proposal'>) => JSON.parse(row.proposal) as RowProposal;

/** The numbers of a proposal's groups, to tell whether a newer record changed them. */
const numbersOf = (proposal: RowProposal) =>
  JSON.stringify(proposal.rows.map((row) => ('events' in row ? [row.groupTitle, row.events, row.total] : [row.groupTitle, row.mean, row.sd, row.n])));

/**
 * Proposals from one record of a trial that is a study of the review, in the change's transaction: new measures and
 * measures whose record is newer are proposed (older open ones superseded); a measure already proposed from this
 * record is not proposed again. Returns how many were proposed.
 */
export async function storeProposals(
  trx: Kysely<Database>,
  given: { reviewId: string; studyId: string; version: number; study: Study; fetchedAt: string; sourceUrl: string },
): Promise<number> {
  const { proposals } = proposeRows(given.study, { fetchedAt: given.fetchedAt, sourceUrl: given.sourceUrl });
  if (proposals.length === 0) return 0;
  const existing = await trx.selectFrom('registry_proposals').selectAll().where('study_id', '=', given.studyId).where('nct_id', '=', given.study.nctId).execute();
  const recordVersion = given.study.dates.lastUpdatePosted?.date ?? null;
  const at = now();
  let stored = 0;
  for (const proposal of proposals) {
    const key = proposalKey(proposal);
    const same = existing.filter((row) => row.proposal_key === key);
    if (same.some((row) => row.record_version_date === recordVersion)) continue;
    const open = same.filter((row) => row.status === 'open');
    if (open.length > 0) {
      await trx
        .updateTable('registry_proposals')
        .set({ status: 'superseded', decided_version: given.version })
        .where('id', 'in', open.map((row) => row.id))
        .execute();
    }
    const confirmed = same.filter((row) => row.status === 'confirmed' && numbersOf(proposalOf(row)) !== numbersOf(proposal));
    const notes = confirmed.map(
      (row) => `The registry's numbers differ from those confirmed at version ${row.decided_version} (record of ${row.record_version_date ?? 'unknown date'}): compare them with the study's row before confirming.`,
    );
    await trx
      .insertInto('registry_proposals')
      .values({
        id: newId(),
        review_id: given.reviewId,
        study_id: given.studyId,
        nct_id: given.study.nctId,
        proposal_key: key,
        kind: proposal.kind,
        status: 'open',
        proposal: JSON.stringify({ ...proposal, notes: [...notes, ...proposal.notes] }),
        record_version_date: recordVersion,
        fetched_at: given.fetchedAt,
        created_version: given.version,
        decided_by: null,
        decided_by_name: null,
        decided_version: null,
        dismissed_reason: null,
        row_ids: '[]',
        created_at: at,
      })
      .execute();
    stored++;
  }
  return stored;
}

const confirmInput = z.object({
  proposalId: z.string(),
  outcomeId: z.string(),
  experimentalGroupId: z.string().min(1, 'experimentalGroupId is required: the group that becomes arm 1'),
  controlGroupId: z.string().min(1, 'controlGroupId is required: the group that becomes arm 2'),
  label: optionalText('label', 200),
  subgroup: optionalText('subgroup', 200),
});
export type ConfirmRegistryProposalInput = z.input<typeof confirmInput>;

const dismissInput = z.object({ proposalId: z.string(), reason: optionalText('reason', 2000, { multiline: true }) });
export type DismissRegistryProposalInput = z.input<typeof dismissInput>;

/** An open proposal of a review the viewer may edit data in, or a refusal naming proposalId. */
async function openProposal(services: Services, viewer: Viewer, proposalId: string, what: string): Promise<RegistryProposalRow> {
  const row = await services.database.db.selectFrom('registry_proposals').selectAll().where('id', '=', proposalId).executeTakeFirst();
  const review = row ? await services.database.db.selectFrom('reviews').select(['id', 'is_public']).where('id', '=', row.review_id).executeTakeFirst() : undefined;
  if (viewer.role === 'anonymous') refuse([], writeRefusal(viewer, what, 'edit-data'));
  if (!row || !review || !canRead(viewer, review)) refuse(['input', 'proposalId'], `there is no registry proposal with id '${proposalId}'`);
  if (!canWrite(viewer, review.id, 'edit-data')) refuse([], writeRefusal(viewer, what, 'edit-data', review.id));
  if (row.status !== 'open') {
    const why =
      row.status === 'confirmed'
        ? `was confirmed at version ${row.decided_version}${row.decided_by_name ? ` by ${row.decided_by_name}` : ''}`
        : row.status === 'dismissed'
          ? `was dismissed at version ${row.decided_version}${row.decided_by_name ? ` by ${row.decided_by_name}` : ''}`
          : `was superseded at version ${row.decided_version} by the proposal from a newer record of ${row.nct_id}`;
    refuse(['input', 'proposalId'], `this proposal ${why}; it can no longer be changed`);
  }
  return row;
}

type GroupRow = BinaryGroupRow | ContinuousGroupRow;

function groupOf(proposal: RowProposal, groupId: string, field: string[]): GroupRow {
  const row = (proposal.rows as GroupRow[]).find((r) => r.groupId === groupId);
  if (row) return row;
  const refused = proposal.refused.find((r) => r.groupId === groupId);
  if (refused) refuse(field, `group ${groupId} ('${refused.groupTitle}') gives no numbers: ${refused.reason}`);
  refuse(field, `this proposal has no group '${groupId}'; its groups: ${(proposal.rows as GroupRow[]).map((r) => `${r.groupId} ('${r.groupTitle}')`).join(', ')}`);
}

const dataTypeOf = { binary: 'binary', continuous: 'continuous' } as const;
const describeKind = { binary: 'counts of participants with an event', continuous: 'means with SDs' } as const;

export function confirmRegistryProposal(services: Services, viewer: Viewer, input: ConfirmRegistryProposalInput): Promise<WriteResult<{ proposal: RegistryProposalRow; rowId: string; outcomeId: string }>> {
  return refusable(async () => {
    const valid = validate(confirmInput, input);
    const row = await openProposal(services, viewer, valid.proposalId, 'confirm registry numbers');
    const { id: outcomeId } = await outcomeForWrite(services.database, viewer, valid.outcomeId, 'confirming registry numbers', 'edit-data');
    const target = await services.database.db.selectFrom('outcomes').select(['id', 'review_id', 'name', 'data_type']).where('id', '=', outcomeId).executeTakeFirstOrThrow();
    if (target.review_id !== row.review_id) refuse(['input', 'outcomeId'], `outcome '${target.name}' is not an outcome of this proposal's review`);
    const proposal = proposalOf(row);
    if (target.data_type !== dataTypeOf[proposal.kind]) {
      refuse(['input', 'outcomeId'], `outcome '${target.name}' takes ${target.data_type} data; this proposal gives ${describeKind[proposal.kind]}: choose a ${dataTypeOf[proposal.kind]} outcome`);
    }
    if (valid.experimentalGroupId === valid.controlGroupId) refuse(['input', 'controlGroupId'], 'the control group must be another group than the experimental group');
    const experimental = groupOf(proposal, valid.experimentalGroupId, ['input', 'experimentalGroupId']);
    const control = groupOf(proposal, valid.controlGroupId, ['input', 'controlGroupId']);
    const numbers =
      'events' in experimental && 'events' in control
        ? { events1: experimental.events, n1: experimental.total, events2: control.events, n2: control.total }
        : { mean1: (experimental as ContinuousGroupRow).mean, sd1: (experimental as ContinuousGroupRow).sd, n1: (experimental as ContinuousGroupRow).n, mean2: (control as ContinuousGroupRow).mean, sd2: (control as ContinuousGroupRow).sd, n2: (control as ContinuousGroupRow).n };
    const { provenance: source } = proposal;
    return commitChange(services, viewer, row.review_id, {
      action: 'confirmRegistryProposal',
      async apply(trx, version) {
        const outcome = await trx.selectFrom('outcomes').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
        const study = await trx.selectFrom('studies').select(['id', 'label']).where('id', '=', row.study_id).executeTakeFirstOrThrow();
        const label = valid.label ?? null;
        const subgroup = valid.subgroup ?? null;
        const twin = await rowWithKey(trx, outcome.id, { studyId: study.id, label, subgroup });
        if (twin) {
          refuse(
            ['input', 'label'],
            `study '${study.label}' already has a row${label ? ` labelled '${label}'` : ''} in outcome '${outcome.name}' (rowId ${twin.id}): give a label to add the registry's numbers beside it, or correct or remove that row first`,
          );
        }
        const sourceText = `${source.registry} ${source.nctId}: '${source.measureTitle}'${source.timeFrame ? ` (${source.timeFrame})` : ''}, ${experimental.groupTitle} vs ${control.groupTitle}`;
        const [written] = await storeStudyDataTable(trx, outcome, version, [{ studyId: study.id, label, subgroup, source: sourceText.slice(0, 2000), ...numbers }]);
        const provenance = registryProvenance(source, [experimental, control], { proposalId: row.id, confirmedBy: viewer.name, confirmedVersion: version });
        await trx.updateTable('study_data').set({ provenance: JSON.stringify(provenance) }).where('id', '=', written!.rowId).execute();
        const decided = { status: 'confirmed', decided_by: viewer.userId, decided_by_name: viewer.name, decided_version: version, row_ids: JSON.stringify([written!.rowId]) };
        await trx.updateTable('registry_proposals').set(decided).where('id', '=', row.id).execute();
        return {
          value: { proposal: { ...row, ...decided }, rowId: written!.rowId, outcomeId: outcome.id },
          summary: `Confirmed ${source.registry} numbers of ${source.nctId} ('${source.measureTitle}', ${experimental.groupTitle} vs ${control.groupTitle}) as ${written!.name} in outcome '${outcome.name}'`,
          outcomeIds: [outcome.id],
          details: { proposalId: row.id, ...(written!.details as object), provenance },
        };
      },
    });
  });
}

export function dismissRegistryProposal(services: Services, viewer: Viewer, input: DismissRegistryProposalInput): Promise<WriteResult<RegistryProposalRow>> {
  return refusable(async () => {
    const valid = validate(dismissInput, input);
    const row = await openProposal(services, viewer, valid.proposalId, 'dismiss registry numbers');
    const { provenance } = proposalOf(row);
    return commitChange(services, viewer, row.review_id, {
      action: 'dismissRegistryProposal',
      async apply(trx, version) {
        const decided = { status: 'dismissed', decided_by: viewer.userId, decided_by_name: viewer.name, decided_version: version, dismissed_reason: valid.reason ?? null };
        await trx.updateTable('registry_proposals').set(decided).where('id', '=', row.id).execute();
        return {
          value: { ...row, ...decided },
          summary: `Dismissed the ${provenance.registry} numbers of ${row.nct_id} for '${provenance.measureTitle}'${valid.reason ? `: ${valid.reason}` : ''}`,
          outcomeIds: [],
          details: { proposalId: row.id },
        };
      },
    });
  });
}
