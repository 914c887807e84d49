import { describe, expect, it } from 'vitest';
import type { ConclusionAlert, ConclusionChangesPage } from '../graphql/alerts';
import { fetchConclusionChanges } from './use-conclusion-alerts';

const alert = (id: string, version: number): ConclusionAlert => ({ id, version, kind: 'SIGNIFICANCE_GAINED', from: null, to: null, message: id, outcomeId: 'o1' });

/** A client that answers page after page as the API would, recording the cursors it was asked for. */
function pagedClient(pages: { version: number; alerts: ConclusionAlert[] }[] | null) {
  const asked: (string | null)[] = [];
  return {
    asked,
    query: async ({ variables }: { variables?: Record<string, unknown> }) => {
      const after = (variables?.after as string | null) ?? null;
      asked.push(after);
      const index = after === null ? 0 : Number(after.replace('page-', ''));
      const page = pages?.[index];
      const data: ConclusionChangesPage = {
        review: page
          ? {
              version: page.version,
              conclusionChangesConnection: {
                edges: page.alerts.map((node) => ({ node })),
                pageInfo: { hasNextPage: index + 1 < pages!.length, endCursor: `page-${index + 1}` },
              },
            }
          : null,
      };
      return { data } as never;
    },
  };
}

describe('fetchConclusionChanges', () => {
  it('follows the pages to the end, newest first, with the version the first page was read at', async () => {
    const client = pagedClient([
      { version: 40, alerts: [alert('a', 39), alert('b', 30)] },
      { version: 41, alerts: [alert('c', 20)] },
      { version: 41, alerts: [alert('d', 3)] },
    ]);
    const listed = await fetchConclusionChanges(client, 'r1', 'o1');
    expect(listed).toEqual({ alerts: [alert('a', 39), alert('b', 30), alert('c', 20), alert('d', 3)], version: 40 });
    expect(client.asked).toEqual([null, 'page-1', 'page-2']);
  });

  it('says null for a review the viewer cannot read', async () => {
    expect(await fetchConclusionChanges(pagedClient(null), 'r1', 'o1')).toBeNull();
  });
});
