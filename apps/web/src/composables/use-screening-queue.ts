// A screener's queue at one stage, kept in memory: the record shown and the next ones already loaded. A vote shows
// the next record at once, then the vote is sent and the queue asked for again in the background; a refusal puts
// the record back in front with the server's reason. U (undo) withdraws my last vote while the server allows: votes
// made here, and after a reload the votes the server still lets me undo (screeningUndoable).
import type { ApolloClient } from '@apollo/client/core';
import { useApolloClient } from '@vue/apollo-composable';
import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import {
  CAST_SCREENING_VOTE,
  MARK_FULL_TEXT_RETRIEVAL,
  SCREENING_QUEUE_QUERY,
  SCREENING_UNDOABLE_QUERY,
  WITHDRAW_SCREENING_VOTE,
  type ScreeningDecision,
  type ScreeningRecord,
  type ScreeningStage,
} from '../graphql/screening';
import { sendMutation } from '../graphql/people';
import { mergeQueue } from '../screening/screening-queue';

/** How many records of the queue are held: the one shown and the next ones, ready. */
export const QUEUE_AHEAD = 10;

export interface LastVote {
  record: ScreeningRecord;
  stage: ScreeningStage;
  decision: ScreeningDecision;
}

export interface UseScreeningQueue {
  /** The record to screen now. */
  current: Ref<ScreeningRecord | null>;
  /** The records held after it. */
  ahead: Ref<readonly ScreeningRecord[]>;
  loading: Ref<boolean>;
  /** The server's refusal of the last action, in its words. */
  problem: Ref<string | null>;
  lastVote: Ref<LastVote | null>;
  vote(decision: ScreeningDecision, reason?: string): Promise<void>;
  undo(): Promise<void>;
  markNotRetrieved(): Promise<void>;
  refill(): Promise<void>;
}

/** What the queue needs of Apollo's client (a test gives a stand-in for the server). */
export type QueueClient = Pick<ApolloClient<unknown>, 'query' | 'mutate'>;

export function useScreeningQueue(reviewId: () => string, stage: () => ScreeningStage, enabled: () => boolean, onChanged: () => void): UseScreeningQueue {
  const { resolveClient } = useApolloClient();
  return createScreeningQueue(() => resolveClient(), reviewId, stage, enabled, onChanged);
}

export function createScreeningQueue(
  resolveClient: () => QueueClient,
  reviewId: () => string,
  stage: () => ScreeningStage,
  enabled: () => boolean,
  onChanged: () => void,
): UseScreeningQueue {
  // Replaced whole on every change (never mutated in place), so shallow: an entry is the object that was stored.
  const queue = shallowRef<ScreeningRecord[]>([]);
  const loading = ref(false);
  const problem = ref<string | null>(null);
  const history = shallowRef<LastVote[]>([]);
  // Records voted on here: a refetch asked before the vote committed may still list them.
  let votedHere = new Set<string>();
  let asked = 0;

  async function refill() {
    if (!enabled()) return;
    const ask = ++asked;
    const forStage = stage();
    if (queue.value.length === 0) loading.value = true;
    try {
      const { data } = await resolveClient().query<{ review: { screeningQueue: ScreeningRecord[] } | null }>({
        query: SCREENING_QUEUE_QUERY,
        variables: { id: reviewId(), stage: forStage, first: QUEUE_AHEAD },
        fetchPolicy: 'network-only',
      });
      // A later refetch (or a switch of stage) overtook this one.
      if (ask !== asked || forStage !== stage()) return;
      queue.value = mergeQueue(queue.value[0] ?? null, data?.review?.screeningQueue ?? [], votedHere);
    } catch (error) {
      if (ask === asked) problem.value = `Could not load the queue: ${(error as Error).message}`;
    } finally {
      if (ask === asked) loading.value = false;
    }
  }

  /** Votes of mine the server still lets me undo, from before this page was opened, under the ones made here. */
  async function recallUndoable() {
    if (!enabled()) return;
    const forStage = stage();
    try {
      const { data } = await resolveClient().query<{ review: { screeningUndoable: (ScreeningRecord & { myVote: { decision: ScreeningDecision } | null })[] } | null }>({
        query: SCREENING_UNDOABLE_QUERY,
        variables: { id: reviewId(), stage: forStage },
        fetchPolicy: 'network-only',
      });
      if (forStage !== stage()) return;
      const known = new Set(history.value.map((entry) => entry.record.id));
      const earlier = (data?.review?.screeningUndoable ?? [])
        .filter((record) => record.myVote !== null && !known.has(record.id))
        .map(({ myVote, ...record }) => ({ record, stage: forStage, decision: myVote!.decision }));
      history.value = [...earlier, ...history.value];
    } catch {
      // Without them, U undoes only the votes made on this page, as before.
    }
  }

  watch(
    [reviewId, stage, enabled],
    () => {
      queue.value = [];
      history.value = [];
      votedHere = new Set();
      problem.value = null;
      void refill();
      void recallUndoable();
    },
    { immediate: true },
  );

  const messages = (errors: readonly { message: string }[]) => errors.map((e) => e.message).join(' ');

  /** Takes the record shown off the queue at once, then sends `mutation`; a refusal puts it back in front. */
  async function leave(send: (record: ScreeningRecord) => Promise<{ errors: readonly { message: string }[] }>, remember?: (record: ScreeningRecord) => LastVote) {
    const record = queue.value[0];
    if (!record) return;
    problem.value = null;
    votedHere.add(record.id);
    queue.value = queue.value.slice(1);
    const entry = remember?.(record);
    if (entry) history.value = [...history.value, entry];
    let refusal: string | null = null;
    try {
      const { errors } = await send(record);
      if (errors.length > 0) refusal = messages(errors);
    } catch (error) {
      refusal = `Could not save: ${(error as Error).message}`;
    }
    if (refusal) {
      votedHere.delete(record.id);
      if (entry) history.value = history.value.filter((v) => v !== entry);
      queue.value = [record, ...queue.value.filter((r) => r.id !== record.id)];
      problem.value = refusal;
    } else onChanged();
    void refill();
  }

  return {
    current: computed(() => queue.value[0] ?? null),
    ahead: computed(() => queue.value.slice(1)),
    loading,
    problem,
    lastVote: computed(() => history.value[history.value.length - 1] ?? null),
    refill,
    vote(decision, reason) {
      const forStage = stage();
      return leave(
        (record) => sendMutation(resolveClient(), CAST_SCREENING_VOTE, 'castScreeningVote', { input: { recordId: record.id, stage: forStage, decision, reason: reason ?? null } }),
        (record) => ({ record, stage: forStage, decision }),
      );
    },
    markNotRetrieved() {
      return leave((record) => sendMutation(resolveClient(), MARK_FULL_TEXT_RETRIEVAL, 'markFullTextRetrieval', { input: { recordId: record.id, retrieved: false } }));
    },
    async undo() {
      const last = history.value[history.value.length - 1];
      if (!last) {
        problem.value = 'There is no vote of yours on this page to undo.';
        return;
      }
      problem.value = null;
      try {
        const { errors } = await sendMutation(resolveClient(), WITHDRAW_SCREENING_VOTE, 'withdrawScreeningVote', { input: { recordId: last.record.id, stage: last.stage } });
        if (errors.length > 0) {
          // The vote stands (every vote is in): it can no longer be undone here.
          history.value = history.value.slice(0, -1);
          problem.value = messages(errors);
          return;
        }
      } catch (error) {
        problem.value = `Could not undo: ${(error as Error).message}`;
        return;
      }
      history.value = history.value.slice(0, -1);
      votedHere.delete(last.record.id);
      if (last.stage === stage()) queue.value = [last.record, ...queue.value.filter((r) => r.id !== last.record.id)];
      onChanged();
    },
  };
}
