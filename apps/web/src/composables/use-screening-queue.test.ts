import { effectScope, nextTick, ref } from 'vue';
import { describe, expect, it } from 'vitest';
import type { ScreeningRecord } from '../graphql/screening';
import { createScreeningQueue, QUEUE_AHEAD, type QueueClient } from './use-screening-queue';

const record = (id: string): ScreeningRecord => ({
  id,
  title: `Record ${id}`,
  authors: [],
  year: null,
  journal: null,
  volume: null,
  issue: null,
  pages: null,
  doi: null,
  pmid: null,
  registryId: null,
  nctIds: [],
  abstract: null,
  titleAbstractStatus: 'AWAITING',
  fullTextStatus: null,
  search: { id: 's1', source: 'MEDLINE' },
});

/**
 * A stand-in for the API: my queue is every record I have not voted on; a vote or withdrawal answers when released.
 * `before` are votes of mine from before the page opened that can still be undone.
 */
function server(ids: string[], refuse: Record<string, string> = {}, before: string[] = []) {
  const voted = new Set<string>(before);
  const asked: number[] = [];
  const pending: (() => void)[] = [];
  const client: QueueClient = {
    query: (async ({ variables }: { variables?: Record<string, unknown> }) => {
      if (variables?.first === undefined) {
        return { data: { review: { screeningUndoable: before.filter((id) => voted.has(id)).map((id) => ({ ...record(id), myVote: { decision: 'EXCLUDE' } })) } } };
      }
      asked.push(variables.first as number);
      return { data: { review: { screeningQueue: ids.filter((id) => !voted.has(id)).slice(0, variables.first as number).map(record) } } };
    }) as never,
    mutate: (({ variables }: { variables?: { input: { recordId: string; decision?: string; retrieved?: boolean } } }) =>
      new Promise((resolve) => {
        pending.push(() => {
          const { recordId, decision, retrieved } = variables!.input;
          const field = decision ? 'castScreeningVote' : retrieved === false ? 'markFullTextRetrieval' : 'withdrawScreeningVote';
          if (refuse[recordId]) return resolve({ data: { [field]: { record: null, errors: [{ field: ['input'], message: refuse[recordId] }] } } });
          if (decision || retrieved === false) voted.add(recordId);
          else voted.delete(recordId);
          resolve({ data: { [field]: { record: { id: recordId }, errors: [] } } });
        });
      })) as never,
  };
  const release = async () => {
    while (pending.length) pending.shift()!();
    await settle();
  };
  return { client, asked, release, voted };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  await nextTick();
};

function queueOn(api: ReturnType<typeof server>) {
  const changes = ref(0);
  const scope = effectScope();
  const queue = scope.run(() => createScreeningQueue(() => api.client, () => 'r1', () => 'TITLE_ABSTRACT', () => true, () => changes.value++))!;
  return { queue, changes, scope };
}

describe('the screening queue in memory', () => {
  it('loads the record to screen and the next ones', async () => {
    const api = server(['a', 'b', 'c']);
    const { queue } = queueOn(api);
    await settle();
    expect(api.asked).toEqual([QUEUE_AHEAD]);
    expect(queue.current.value?.id).toBe('a');
    expect(queue.ahead.value.map((r) => r.id)).toEqual(['b', 'c']);
  });

  it('shows the next record at once after a vote, before the server answers, then refills in the background', async () => {
    const api = server(['a', 'b', 'c']);
    const { queue, changes } = queueOn(api);
    await settle();
    const voting = queue.vote('INCLUDE');
    expect(queue.current.value?.id).toBe('b');
    expect(api.voted.has('a')).toBe(false);
    await api.release();
    await voting;
    await settle();
    expect(api.voted.has('a')).toBe(true);
    expect(changes.value).toBe(1);
    expect(api.asked).toHaveLength(2);
    expect([queue.current.value?.id, ...queue.ahead.value.map((r) => r.id)]).toEqual(['b', 'c']);
  });

  it('does not bring back a record voted on here when a refetch asked before the vote lists it', async () => {
    const api = server(['a', 'b', 'c']);
    const { queue } = queueOn(api);
    await settle();
    void queue.vote('EXCLUDE');
    // A refetch runs while the vote is still on its way: the server still lists 'a'.
    await queue.refill();
    expect([queue.current.value?.id, ...queue.ahead.value.map((r) => r.id)]).toEqual(['b', 'c']);
    await api.release();
  });

  it('puts a refused record back in front with the server’s words', async () => {
    const api = server(['a', 'b'], { a: "record 'a' already has the 2 votes on its title and abstract the review asks for" });
    const { queue, changes } = queueOn(api);
    await settle();
    const voting = queue.vote('INCLUDE');
    expect(queue.current.value?.id).toBe('b');
    await api.release();
    await voting;
    expect(queue.current.value?.id).toBe('a');
    expect(queue.problem.value).toMatch(/already has the 2 votes/);
    expect(queue.lastVote.value).toBeNull();
    expect(changes.value).toBe(0);
  });

  it('undoes my last vote: the record comes back in front', async () => {
    const api = server(['a', 'b', 'c']);
    const { queue } = queueOn(api);
    await settle();
    const voting = queue.vote('EXCLUDE');
    await api.release();
    await voting;
    expect(queue.lastVote.value).toMatchObject({ decision: 'EXCLUDE', record: { id: 'a' } });
    const undoing = queue.undo();
    await api.release();
    await undoing;
    expect(api.voted.has('a')).toBe(false);
    expect(queue.current.value?.id).toBe('a');
    expect(queue.lastVote.value).toBeNull();
    await queue.undo();
    expect(queue.problem.value).toBe('There is no vote of yours on this page to undo.');
  });

  it('takes a full text marked as not retrieved off the queue, and it cannot be undone as a vote', async () => {
    const api = server(['a', 'b']);
    const { queue, changes } = queueOn(api);
    await settle();
    const marking = queue.markNotRetrieved();
    expect(queue.current.value?.id).toBe('b');
    await api.release();
    await marking;
    expect(api.voted.has('a')).toBe(true);
    expect(changes.value).toBe(1);
    expect(queue.lastVote.value).toBeNull();
  });
  it('after a reload, U undoes the votes of mine the server still lets me undo, the latest first', async () => {
    const api = server(['a', 'b', 'c'], {}, ['a', 'b']);
    const { queue } = queueOn(api);
    await settle();
    expect(queue.current.value?.id).toBe('c');
    expect(queue.lastVote.value).toMatchObject({ record: { id: 'b' }, decision: 'EXCLUDE' });
    const undoing = queue.undo();
    await api.release();
    await undoing;
    expect(api.voted.has('b')).toBe(false);
    expect(queue.current.value?.id).toBe('b');
    expect(queue.lastVote.value).toMatchObject({ record: { id: 'a' } });
  });
});
