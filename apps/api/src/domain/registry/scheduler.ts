// Registry searches on a schedule: every minute (by default) the instance looks for saved searches whose next run is
// due, claims each (only the instance whose update moves next_run_at runs it, so several instances never run one
// search twice) and runs it under the schedule's name in the change log. A run that fails is kept with its error and
// tried again at the next scheduled time.
import type { RegistrySearchRow } from '@cumulus/db';
import { demoLoaderViewer, type Viewer } from '../../auth/viewer.js';
import { now } from '../rows.js';
import type { Services } from '../write-path.js';
import { performRun } from './run-search.js';
import { nextRunAt } from './searches.js';

export interface RegistryScheduler {
  start(): void;
  /** Runs the searches due now (what the timer does); resolves when they are done. */
  tick(): Promise<number>;
  close(): Promise<void>;
}

/** Who a scheduled run is in the change log: the schedule of the search, not a person. */
export const scheduleViewer = (search: Pick<RegistrySearchRow, 'name'>): Viewer => ({ ...demoLoaderViewer, name: `schedule of ClinicalTrials.gov search '${search.name}'` });

export function createRegistryScheduler(options: { services: Services; intervalMs?: number; log?: (message: string) => void }): RegistryScheduler {
  const { services, intervalMs = 60_000, log = (message) => console.error(`cumulus: ${message}`) } = options;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let closed = false;

  async function runDue(): Promise<number> {
    const at = now();
    const due = await services.database.db
      .selectFrom('registry_searches')
      .selectAll()
      .where('removed_version', 'is', null)
      .where('next_run_at', 'is not', null)
      .where('next_run_at', '<=', at)
      .orderBy('next_run_at')
      .limit(20)
      .execute();
    let ran = 0;
    for (const search of due) {
      if (closed) break;
      const claimed = await services.database.db
        .updateTable('registry_searches')
        .set({ next_run_at: nextRunAt(search.schedule_hours, at, at) })
        .where('id', '=', search.id)
        .where('next_run_at', '=', search.next_run_at)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) continue;
      try {
        const run = await performRun(services, scheduleViewer(search), search, 'schedule');
        if (run.status === 'failed') log(`scheduled registry search '${search.name}' failed: ${run.error}`);
        ran++;
      } catch (error) {
        log(`scheduled registry search '${search.name}' failed: ${(error as Error).message}`);
      }
    }
    return ran;
  }

  const tick = (): Promise<number> =>
    (running ??= runDue()
      .catch((error: unknown) => {
        log(`looking for registry searches due failed: ${(error as Error).message}`);
        return 0;
      })
      .finally(() => (running = null)));

  return {
    start() {
      if (timer || closed) return;
      timer = setInterval(() => void tick(), intervalMs);
      timer.unref();
      void tick();
    },
    tick,
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
