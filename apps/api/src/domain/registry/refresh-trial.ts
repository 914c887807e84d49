// Reading one study's trial from the registry now: for a study added by hand with its NCT id, or included from a
// record before its trial posted results. The record is fetched outside any transaction; then one change updates
// the review's row of the trial (what changed, in words) and proposes rows from its posted results. When nothing
// changed and there is nothing new to propose, nothing is stored (no version).
import { RegistryError } from '@cumulus/registry';
import { z } from 'zod';
import type { Viewer } from '../../auth/viewer.js';
import { studyForWrite } from '../access.js';
import { refusable, refuse, type WriteResult } from '../user-errors.js';
import { validate } from '../validate.js';
import { queueReviewDeliveries, REGISTRY_UPDATED_EVENT } from '../webhooks.js';
import { commitChange, type Services } from '../write-path.js';
import { applyKnownTrial, REGISTRY_SOURCE, type FetchedTrial, whatTheReviewKnows } from './run-search.js';

const refreshInput = z.object({ studyId: z.string() });
export type RefreshRegistryTrialInput = z.input<typeof refreshInput>;

export interface RefreshedTrial {
  studyId: string;
  nctId: string;
  changes: string[];
  proposals: number;
}

/** Thrown inside the change when it stored nothing, so the transaction (and its version) is rolled back. */
class NothingNew extends Error {}

export function refreshRegistryTrial(services: Services, viewer: Viewer, input: RefreshRegistryTrialInput): Promise<WriteResult<RefreshedTrial>> {
  return refusable(async () => {
    const { studyId } = validate(refreshInput, input);
    const target = await studyForWrite(services.database, viewer, studyId, 'reading its trial from the registry', 'studyId', 'edit-data');
    const study = await services.database.db.selectFrom('studies').select(['id', 'label', 'registry_id', 'review_id']).where('id', '=', target.id).executeTakeFirstOrThrow();
    const nctId = study.registry_id?.trim().toUpperCase() ?? '';
    if (nctId === '') refuse(['input', 'studyId'], `study '${study.label}' has no registry id: set its registryId (NCT and 8 digits) first`);
    if (!/^NCT\d{8}$/.test(nctId)) refuse(['input', 'studyId'], `study '${study.label}' has registry id '${study.registry_id}', which is not a ClinicalTrials.gov id (NCT and 8 digits); only ClinicalTrials.gov is read`);
    if (!services.registry) refuse([], 'this server has no trial registry configured: set CUMULUS_REGISTRY_URL');
    let trial: FetchedTrial;
    try {
      const fetched = await services.registry.getStudy(nctId);
      trial = { study: fetched.study, json: fetched.json, fetchedAt: fetched.fetchedAt, url: fetched.url };
    } catch (error) {
      if (error instanceof RegistryError) refuse(['input', 'studyId'], error.message);
      throw error;
    }
    const unchanged = async (): Promise<WriteResult<RefreshedTrial>> => {
      const { version } = await services.database.db.selectFrom('reviews').select('version').where('id', '=', study.review_id).executeTakeFirstOrThrow();
      return { ok: true, value: { studyId: study.id, nctId, changes: [], proposals: 0 }, version };
    };
    try {
      return await commitChange(services, viewer, study.review_id, {
        action: 'refreshRegistryTrial',
        async apply(trx, version) {
          const { trials } = await whatTheReviewKnows(trx, study.review_id, [nctId]);
          const applied = await applyKnownTrial(trx, { reviewId: study.review_id, version, trial, row: trials.get(nctId) ?? null, study: { id: study.id, label: study.label } });
          const changes = applied.update?.changes ?? [];
          if (changes.length === 0 && applied.proposals === 0 && trials.has(nctId)) throw new NothingNew();
          const said = changes.length > 0 ? changes.join(', ') : trials.has(nctId) ? 'no change' : `first read (status ${trial.study.overallStatus ?? 'not given'})`;
          const parts = [said, ...(applied.proposals > 0 ? [`${applied.proposals} proposed row${applied.proposals === 1 ? '' : 's'} of posted results to confirm`] : [])];
          const summary = `Read ${nctId} (study '${study.label}') from ${REGISTRY_SOURCE}: ${parts.join('; ')}`;
          const deliveries =
            changes.length > 0 || applied.proposals > 0
              ? await queueReviewDeliveries(trx, {
                  reviewId: study.review_id,
                  version,
                  action: 'refreshRegistryTrial',
                  summary,
                  event: REGISTRY_UPDATED_EVENT,
                  body: { registrySearch: null, updatedTrials: applied.update ? [applied.update] : [], resultsPosted: applied.resultsPosted ? [nctId] : [], proposals: applied.proposals },
                })
              : 0;
          return { value: { studyId: study.id, nctId, changes, proposals: applied.proposals }, summary, outcomeIds: [], details: { studyId: study.id, nctId, changes, proposals: applied.proposals }, deliveries };
        },
      });
    } catch (error) {
      if (error instanceof NothingNew) return unchanged();
      throw error;
    }
  });
}
