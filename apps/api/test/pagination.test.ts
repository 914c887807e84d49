/* eslint-disable @typescript-eslint/no-explicit-any -- tests read GraphQL results by path */
// Relay cursor connections beside the plain lists: paging both ways through everything with no duplicate and no
// gap, cursors that keep their place when rows are added between pages, page-size bounds, bad cursors, totalCount,
// filters, and private reviews that an anonymous reader neither sees nor counts.
import { printSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMagnesiumReview } from '../src/demo/load-demo.js';
import { schema } from '../src/schema/index.js';
import type { CumulusDatabase } from '@cumulus/db';
import { dataOf, dialects, mutations, testApp, testDatabase, type DialectName, type TestApp } from './helpers.js';

interface Page {
  totalCount?: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: any }[];
}

type FetchPage = (args: { first?: number; after?: string | null; last?: number; before?: string | null }) => Promise<Page>;

const PAGE = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`;
const ARGS = `$first: Int, $after: String, $last: Int, $before: String`;
const PASS = `first: $first, after: $after, last: $last, before: $before`;

/** Every node, page by page: forward with first/after, or backward with last/before (returned in list order). */
async function walk(fetchPage: FetchPage, size: number, direction: 'forward' | 'backward'): Promise<any[]> {
  const nodes: any[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await fetchPage(direction === 'forward' ? { first: size, after: cursor } : { last: size, before: cursor });
    expect(page.edges.length).toBeLessThanOrEqual(size);
    if (page.edges.length > 0) {
      expect(page.pageInfo.startCursor).toBe(page.edges[0].cursor);
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
    }
    if (direction === 'forward') {
      nodes.push(...page.edges.map((edge) => edge.node));
      if (!page.pageInfo.hasNextPage) return nodes;
      cursor = page.pageInfo.endCursor;
    } else {
      nodes.unshift(...page.edges.map((edge) => edge.node));
      if (!page.pageInfo.hasPreviousPage) return nodes;
      cursor = page.pageInfo.startCursor;
    }
  }
  throw new Error('paging did not end');
}

const idsOf = (nodes: { id: string }[]) => nodes.map((node) => node.id);
const cursorOf = (value: unknown[]) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

const suites = await dialects('Relay connections');

describe.each(suites)('Relay connections on %s', (dialect: DialectName) => {
  let app: TestApp;
  let dispose: () => Promise<void>;
  let pagedReviewId: string;
  let magnesiumId: string;
  let magnesiumOutcomeId: string;
  const privateIds: string[] = [];
  let readerSecret: string;

  const reviews = (variables: Record<string, unknown>, token?: string | null): Promise<Page> =>
    app
      .gql(`query(${ARGS}, $status: [ReviewStatus!], $search: String) { reviewsConnection(${PASS}, status: $status, search: $search) { ${PAGE} edges { cursor node { id title status isPublic createdAt } } } }`, variables, token)
      .then((result) => dataOf(result).reviewsConnection);

  const studies = (variables: Record<string, unknown>): Promise<Page> =>
    app
      .gql(
        `query($id: ID!, ${ARGS}, $includeRetracted: Boolean, $design: [StudyDesign!], $search: String) {
          review(id: $id) { studiesConnection(${PASS}, includeRetracted: $includeRetracted, design: $design, search: $search) { ${PAGE} edges { cursor node { id label design } } } }
        }`,
        { id: pagedReviewId, ...variables },
      )
      .then((result) => dataOf(result).review.studiesConnection);

  const changes = (reviewId: string, variables: Record<string, unknown>): Promise<Page> =>
    app
      .gql(`query($id: ID!, ${ARGS}) { review(id: $id) { changesConnection(${PASS}) { ${PAGE} edges { cursor node { id version action } } } } }`, { id: reviewId, ...variables })
      .then((result) => dataOf(result).review.changesConnection);

  const addStudy = async (label: string, design: string) => {
    const added = dataOf(await app.gql(mutations.addStudy, { input: { reviewId: pagedReviewId, label, design } })).addStudy;
    expect(added.errors).toEqual([]);
    return added.study.id as string;
  };

  beforeAll(async () => {
    const test = await testDatabase(dialect);
    dispose = test.dispose;
    app = testApp(test.database);
    const create = async (input: Record<string, unknown>) => {
      const created = dataOf(await app.gql(mutations.createReview, { input })).createReview;
      expect(created.errors).toEqual([]);
      return created.review.id as string;
    };
    for (const input of [
      { title: 'Aspirin for the prevention of stroke', status: 'ACTIVE' },
      { title: 'ASPIRIN AND GASTROINTESTINAL BLEEDING', status: 'DRAFT' },
      { title: 'Statins at 100% adherence', status: 'ACTIVE' },
      { title: 'Magnesium_sulfate in eclampsia', status: 'ARCHIVED' },
      { title: 'Exercise for low back pain', status: 'ACTIVE' },
      { title: 'Zinc for the common cold', status: 'DRAFT' },
      { title: 'Vitamin C for sepsis', status: 'ACTIVE' },
    ]) {
      await create(input);
    }
    privateIds.push(await create({ title: 'Private: aspirin dosing', status: 'ACTIVE', isPublic: false }));
    privateIds.push(await create({ title: 'Private: vitamin D in pregnancy', status: 'DRAFT', isPublic: false }));
    pagedReviewId = await create({ title: 'Fifty-five studies', status: 'ACTIVE' });
    for (let i = 1; i <= 55; i++) await addStudy(`Trial ${i}`, i % 3 === 0 ? 'COHORT' : 'RCT');
    magnesiumId = await loadMagnesiumReview({ database: app.database, events: app.events });
    magnesiumOutcomeId = dataOf(await app.gql(`query($id: ID!) { review(id: $id) { outcomes { id } } }`, { id: magnesiumId })).review.outcomes[0].id;
    const token = dataOf(
      await app.gql(`mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret errors { message } } }`, {
        input: { name: 'one private review', role: 'READER', reviewId: privateIds[0] },
      }),
    ).createApiToken;
    expect(token.errors).toEqual([]);
    readerSecret = token.secret;
  });
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  it('pages through every readable review both ways, in creation order, as `reviews` lists them', async () => {
    const listed = dataOf(await app.gql(`{ reviews { id } }`)).reviews as { id: string }[];
    const forward = await walk((args) => reviews(args), 3, 'forward');
    const backward = await walk((args) => reviews(args), 4, 'backward');
    expect(new Set(idsOf(forward)).size).toBe(forward.length);
    expect([...idsOf(forward)].sort()).toEqual(idsOf(listed).sort());
    expect(idsOf(backward)).toEqual(idsOf(forward));
    const created = forward.map((review) => review.createdAt as string);
    expect(created).toEqual([...created].sort());
    expect((await reviews({ first: 1 })).totalCount).toBe(listed.length);
    expect(listed.length).toBe(11);
  });

  it('keeps private reviews out of an anonymous reader’s pages and counts, and shows a reader its own', async () => {
    const anonymous = await walk((args) => reviews(args, null), 2, 'forward');
    const publicIds = idsOf(dataOf(await app.gql(`{ reviews { id } }`, undefined, null)).reviews);
    expect(idsOf(anonymous).sort()).toEqual([...publicIds].sort());
    expect(anonymous.every((review) => review.isPublic)).toBe(true);
    expect(idsOf(anonymous)).not.toContain(privateIds[0]);
    expect((await reviews({ first: 0 }, null)).totalCount).toBe(publicIds.length);
    const privateSearch = await reviews({ search: 'private' }, null);
    expect(privateSearch).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });
    // The last page for an anonymous reader ends with the last public review, even though private ones come after it.
    expect((await reviews({ last: 1 }, null)).edges[0].node.id).toBe(publicIds.at(-1));

    const reader = await walk((args) => reviews(args, readerSecret), 5, 'forward');
    expect(idsOf(reader).sort()).toEqual([...publicIds, privateIds[0]].sort());
    expect((await reviews({ search: 'PRIVATE' }, readerSecret)).totalCount).toBe(1);
    expect((await reviews({ search: 'PRIVATE' })).totalCount).toBe(2);
  });

  it('filters reviews by status and by a case-insensitive title search, taking % and _ literally', async () => {
    const active = await reviews({ status: 'ACTIVE', first: 500 });
    expect(active.edges.map((edge) => edge.node.status)).toEqual(Array(active.edges.length).fill('ACTIVE'));
    expect(active.totalCount).toBe(active.edges.length);
    expect(active.totalCount).toBe(7);
    expect((await reviews({ status: ['DRAFT', 'ARCHIVED'] })).totalCount).toBe(4);
    const aspirin = await reviews({ search: 'aSpIrIn' });
    expect(aspirin.edges.map((edge) => edge.node.title)).toEqual([
      'Aspirin for the prevention of stroke',
      'ASPIRIN AND GASTROINTESTINAL BLEEDING',
      'Private: aspirin dosing',
    ]);
    expect(aspirin.totalCount).toBe(3);
    expect((await reviews({ search: 'aspirin', status: 'DRAFT' })).edges.map((edge) => edge.node.title)).toEqual(['ASPIRIN AND GASTROINTESTINAL BLEEDING']);
    expect((await reviews({ search: '%' })).edges.map((edge) => edge.node.title)).toEqual(['Statins at 100% adherence']);
    expect((await reviews({ search: '_' })).edges.map((edge) => edge.node.title)).toEqual(['Magnesium_sulfate in eclampsia']);
    expect((await reviews({ search: 'AT 100% ADH' })).edges.map((edge) => edge.node.title)).toEqual(['Statins at 100% adherence']);
    expect((await reviews({ search: '!' })).totalCount).toBe(0);
    // Paging within a filter.
    const walked = await walk((args) => reviews({ ...args, status: 'ACTIVE' }), 4, 'forward');
    expect(idsOf(walked)).toEqual(idsOf(active.edges.map((edge) => edge.node)));
  });

  it('pages studies 50 at a time by default, both ways, as `studies` lists them', async () => {
    const listed = dataOf(await app.gql(`query($id: ID!) { review(id: $id) { studies { id } } }`, { id: pagedReviewId })).review.studies;
    const first = await studies({});
    expect(first.edges).toHaveLength(50);
    expect(first.totalCount).toBe(55);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const rest = await studies({ after: first.pageInfo.endCursor });
    expect(rest.edges.map((edge) => edge.node.label)).toEqual(['Trial 51', 'Trial 52', 'Trial 53', 'Trial 54', 'Trial 55']);
    expect(rest.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(idsOf([...first.edges, ...rest.edges].map((edge) => edge.node))).toEqual(idsOf(listed));
    expect(idsOf(await walk(studies, 7, 'forward'))).toEqual(idsOf(listed));
    expect(idsOf(await walk(studies, 6, 'backward'))).toEqual(idsOf(listed));
    // Past the end: an empty page that still knows there is something before it.
    const end = await studies({ after: rest.pageInfo.endCursor });
    expect(end).toMatchObject({ edges: [], totalCount: 55, pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null } });
    // Between two cursors.
    const between = await studies({ first: 100, after: first.edges[9].cursor, before: first.edges[13].cursor });
    expect(between.edges.map((edge) => edge.node.label)).toEqual(['Trial 11', 'Trial 12', 'Trial 13']);
    const lastBetween = await studies({ last: 2, after: first.edges[9].cursor, before: first.edges[13].cursor });
    expect(lastBetween.edges.map((edge) => edge.node.label)).toEqual(['Trial 12', 'Trial 13']);
  });

  it('filters studies by design and by a case-insensitive label search, with or without retracted ones', async () => {
    const cohorts = await studies({ design: 'COHORT', first: 500 });
    expect(cohorts.totalCount).toBe(18);
    expect(cohorts.edges.every((edge) => edge.node.design === 'COHORT')).toBe(true);
    const both = await studies({ design: ['COHORT', 'RCT'], first: 0 });
    expect(both.totalCount).toBe(55);
    const search = await walk((args) => studies({ ...args, search: 'TRIAL 1' }), 4, 'forward');
    expect(search.map((study) => study.label)).toEqual(['Trial 1', ...Array.from({ length: 10 }, (_, i) => `Trial ${10 + i}`)]);
    const target = (await studies({ search: 'Trial 2', first: 1 })).edges[0].node;
    const retracted = dataOf(
      await app.gql(`mutation($input: RetractStudyInput!) { retractStudy(input: $input) { errors { message } } }`, { input: { studyId: target.id, reason: 'Duplicate publication' } }),
    ).retractStudy;
    expect(retracted.errors).toEqual([]);
    expect((await studies({ search: 'trial 2', first: 0 })).totalCount).toBe(10);
    expect((await studies({ search: 'trial 2', first: 0, includeRetracted: true })).totalCount).toBe(11);
    expect((await studies({ first: 0 })).totalCount).toBe(54);
  });

  it('keeps its place when studies are added between pages (keyset cursors, not offsets)', async () => {
    const listed = dataOf(await app.gql(`query($id: ID!) { review(id: $id) { studies { id } } }`, { id: pagedReviewId })).review.studies;
    const first = await studies({ first: 10 });
    const added = [await addStudy('Late trial A', 'RCT'), await addStudy('Late trial B', 'OTHER')];
    const edges = [...first.edges];
    let cursor = first.pageInfo.endCursor;
    for (;;) {
      const page = await studies({ first: 10, after: cursor });
      edges.push(...page.edges);
      if (!page.pageInfo.hasNextPage) break;
      cursor = page.pageInfo.endCursor;
    }
    expect(idsOf(edges.map((edge) => edge.node))).toEqual([...idsOf(listed), ...added]);
    // The cursors handed out before the inserts still mean the same places.
    expect(edges.slice(0, 10).map((edge) => edge.cursor)).toEqual(first.edges.map((edge) => edge.cursor));
    const back = await studies({ last: 10, before: edges[10].cursor });
    expect(idsOf(back.edges.map((edge) => edge.node))).toEqual(idsOf(first.edges.map((edge) => edge.node)));
  });

  it('pages the change log newest first, and new changes never shift a page', async () => {
    const listed = dataOf(await app.gql(`query($id: ID!) { review(id: $id) { changes(first: 500) { id version } } }`, { id: pagedReviewId })).review.changes;
    const forward = await walk((args) => changes(pagedReviewId, args), 8, 'forward');
    expect(idsOf(forward)).toEqual(idsOf(listed));
    expect(idsOf(await walk((args) => changes(pagedReviewId, args), 9, 'backward'))).toEqual(idsOf(listed));
    expect((await changes(pagedReviewId, { first: 0 })).totalCount).toBe(listed.length);

    const top = await changes(pagedReviewId, { first: 5 });
    await addStudy('Even later trial', 'RCT');
    const next = await changes(pagedReviewId, { first: 5, after: top.pageInfo.endCursor });
    expect(next.edges.map((edge) => edge.node.version)).toEqual(listed.slice(5, 10).map((entry: { version: number }) => entry.version));
    // Backward from the old top finds the new change.
    const newer = await changes(pagedReviewId, { last: 5, before: top.pageInfo.startCursor });
    expect(newer.edges.map((edge) => edge.node)).toMatchObject([{ version: listed[0].version + 1, action: 'addStudy' }]);
    expect(newer.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
  });

  it('pages the evidence timeline oldest first, as `versions` lists it', async () => {
    const query = `query($id: ID!, ${ARGS}) { outcome(id: $id) { versions { version } versionsConnection(${PASS}) { ${PAGE} edges { cursor node { version k estimate } } } } }`;
    const fetchPage: FetchPage = async (args) => dataOf(await app.gql(query, { id: magnesiumOutcomeId, ...args })).outcome.versionsConnection;
    const versions = dataOf(await app.gql(query, { id: magnesiumOutcomeId, first: 0 })).outcome.versions.map((v: { version: number }) => v.version);
    expect(versions.length).toBeGreaterThan(10);
    expect((await walk(fetchPage, 4, 'forward')).map((v) => v.version)).toEqual(versions);
    expect((await walk(fetchPage, 3, 'backward')).map((v) => v.version)).toEqual(versions);
    expect((await fetchPage({ first: 0 })).totalCount).toBe(versions.length);
    expect((await fetchPage({ last: 1 })).edges[0].node.version).toBe(versions.at(-1));
  });

  it("pages a review's conclusion changes newest first, as `conclusionChanges` lists them", async () => {
    const query = `query($id: ID!, ${ARGS}, $outcomeId: ID) {
      review(id: $id) { conclusionChanges(first: 500) { id } conclusionChangesConnection(${PASS}, outcomeId: $outcomeId) { ${PAGE} edges { cursor node { id version kind } } } }
    }`;
    const fetchPage = (outcomeId?: string): FetchPage => async (args) => dataOf(await app.gql(query, { id: magnesiumId, outcomeId, ...args })).review.conclusionChangesConnection;
    const listed = dataOf(await app.gql(query, { id: magnesiumId, first: 0 })).review.conclusionChanges;
    expect(listed.length).toBeGreaterThan(3);
    expect(idsOf(await walk(fetchPage(), 2, 'forward'))).toEqual(idsOf(listed));
    expect(idsOf(await walk(fetchPage(), 3, 'backward'))).toEqual(idsOf(listed));
    expect((await fetchPage(magnesiumOutcomeId)({ first: 0 })).totalCount).toBe(listed.length);
    expect((await fetchPage('no-such-outcome')({})).totalCount).toBe(0);
  });

  it("pages a webhook's deliveries newest first, as `deliveries` lists them", async () => {
    const db = app.database.db;
    const webhookId = `webhook-${dialect}`;
    const at = (second: number) => `2026-01-01T00:00:${String(second).padStart(2, '0')}.000Z`;
    await db
      .insertInto('webhooks')
      .values({ id: webhookId, review_id: pagedReviewId, url: 'https://example.org/hook', secret: 'x'.repeat(32), created_by: 'test', created_at: at(0), removed_at: null })
      .execute();
    // Seven deliveries, some at the same instant, so the order needs its tie-breakers.
    await db
      .insertInto('webhook_deliveries')
      .values(
        [1, 1, 2, 3, 3, 3, 4].map((second, i) => ({
          id: `delivery-${i}`,
          webhook_id: webhookId,
          review_id: pagedReviewId,
          version: 10 + i,
          event: 'conclusion.changed',
          payload: '{}',
          status: 'delivered' as const,
          attempts: 1,
          last_error: null,
          last_status_code: 200,
          next_attempt_at: at(second),
          locked_until: null,
          delivered_at: at(second),
          created_at: at(second),
          updated_at: at(second),
        })),
      )
      .execute();
    const query = `query($id: ID!, ${ARGS}) { review(id: $id) { webhooks { id deliveries(first: 500) { id } deliveriesConnection(${PASS}) { ${PAGE} edges { cursor node { id } } } } } }`;
    const webhook = async (args: Record<string, unknown>) =>
      (dataOf(await app.gql(query, { id: pagedReviewId, ...args })).review.webhooks as any[]).find((w) => w.id === webhookId);
    const listed = (await webhook({ first: 0 })).deliveries;
    expect(listed).toHaveLength(7);
    const fetchPage: FetchPage = async (args) => (await webhook(args)).deliveriesConnection;
    expect(idsOf(await walk(fetchPage, 2, 'forward'))).toEqual(idsOf(listed));
    expect(idsOf(await walk(fetchPage, 3, 'backward'))).toEqual(idsOf(listed));
    expect((await fetchPage({ first: 0 })).totalCount).toBe(7);
  });

  it('refuses page sizes outside 0..500, first with last, and cursors it did not make, in words', async () => {
    const errorOf = async (query: string, variables: Record<string, unknown>) => {
      const result = await app.gql(query, variables);
      expect(result.errors, JSON.stringify(result)).toBeDefined();
      return result.errors![0].message;
    };
    const query = `query(${ARGS}) { reviewsConnection(${PASS}) { edges { cursor } } }`;
    expect(await errorOf(query, { first: 501 })).toBe('first must be between 0 and 500 (got 501)');
    expect(await errorOf(query, { first: -1 })).toBe('first must be between 0 and 500 (got -1)');
    expect(await errorOf(query, { last: 1000 })).toBe('last must be between 0 and 500 (got 1000)');
    expect(await errorOf(query, { first: 2, last: 2 })).toMatch(/not both/);
    expect(dataOf(await app.gql(query, { first: 500 })).reviewsConnection.edges.length).toBe(11);

    const valid = (await reviews({ first: 1 })).edges[0].cursor;
    expect(valid).toMatch(/^[A-Za-z0-9_-]+$/);
    for (const after of ['not a cursor', '', 'bm9wZQ', cursorOf(['studies', 1, 'x']), cursorOf(['reviews', 1, 2]), cursorOf(['reviews', 'x']), `${valid}!`]) {
      expect(await errorOf(query, { after })).toMatch(/^after is not a valid cursor for this list/);
    }
    expect(await errorOf(query, { before: cursorOf(['changes', 3]) })).toMatch(/^before is not a valid cursor for this list/);
    // A review cursor is not a study cursor.
    const studyQuery = `query($id: ID!, $after: String) { review(id: $id) { studiesConnection(after: $after) { edges { cursor } } } }`;
    expect(await errorOf(studyQuery, { id: pagedReviewId, after: valid })).toMatch(/^after is not a valid cursor for this list/);
  });

  it('reads a page with one query (LIMIT n + 1), and counts with one COUNT only when totalCount is selected', async () => {
    const db = app.database.db;
    const statements: { sql: string; parameters: readonly unknown[] }[] = [];
    const recorder: Parameters<typeof db.withPlugin>[0] = {
      transformQuery: (args) => {
        statements.push(db.getExecutor().compileQuery(args.node, args.queryId));
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const recorded = Object.create(app.database, { db: { value: db.withPlugin(recorder) } }) as CumulusDatabase;
    const recording = testApp(recorded);
    const run = async (query: string, variables: Record<string, unknown>) => {
      statements.length = 0;
      const data = dataOf(await recording.gql(query, variables));
      // The webhook dispatcher of this app polls on its own; only the request's statements count.
      return { data, statements: statements.filter((statement) => !/webhook/.test(statement.sql)) };
    };
    try {
      const plain = await run(`query($first: Int) { reviewsConnection(first: $first) { edges { cursor node { id } } pageInfo { hasNextPage } } }`, { first: 3 });
      expect(plain.data.reviewsConnection.edges).toHaveLength(3);
      expect(plain.statements).toHaveLength(1);
      expect(plain.statements[0].sql).toMatch(/order by .* limit/i);
      expect(plain.statements[0].parameters).toContain(4);

      const counted = await run(
        `query($id: ID!, $after: String) { review(id: $id) { studiesConnection(first: 10, after: $after, search: "trial") { totalCount edges { node { id } } } } }`,
        { id: pagedReviewId, after: (await studies({ first: 5 })).pageInfo.endCursor },
      );
      expect(counted.data.review.studiesConnection.edges).toHaveLength(10);
      const [review, page, count, ...more] = counted.statements;
      expect(more).toEqual([]);
      expect(review.sql).toMatch(/from "reviews"/);
      expect(page.sql).toMatch(/from "studies".* limit/i);
      expect(page.parameters).toContain(11);
      expect(count.sql).toMatch(/select count\(\*\) as "count" from "studies"/i);
      expect(count.sql).not.toMatch(/limit|order by/i);
    } finally {
      await recording.close();
    }
  });

  it('stays under the query cost limit for a page of 500 with a useful selection', async () => {
    const result = await app.gql(
      `query($id: ID!, $first: Int) {
        review(id: $id) {
          studiesConnection(first: $first) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id label year design participants retracted } } }
          changesConnection(first: $first) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { version actor action summary createdAt } } }
        }
        reviewsConnection(first: $first) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title version status } } }
      }`,
      { id: pagedReviewId, first: 500 },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.review.studiesConnection.edges).toHaveLength(57);
    // A literal page size counts as that many copies of the selection in graphql-armor's cost: 50 is fine.
    const literal = await app.gql(`{ reviewsConnection(first: 50) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title version status } } } }`);
    expect(literal.errors).toBeUndefined();
  });
});

describe('the schema with connections', () => {
  it('prints, with the plain lists unchanged beside the connections', () => {
    const printed = printSchema(schema);
    for (const field of [
      'reviews: [Review!]',
      'studies(',
      'changes(',
      'reviewsConnection(',
      '): ReviewConnection!',
      '): StudyConnection!',
      '): ChangeLogEntryConnection!',
      '): OutcomeVersionConnection!',
      '): ConclusionAlertConnection!',
      '): WebhookDeliveryConnection!',
    ]) {
      expect(printed).toContain(field);
    }
    expect(printed).toMatch(/type PageInfo \{\s+hasNextPage: Boolean!\s+hasPreviousPage: Boolean!\s+startCursor: String\s+endCursor: String\s+\}/);
    expect(printed).toMatch(/type ReviewEdge \{\s+node: Review!\s+cursor: String!\s+\}/);
    expect(printed).toMatch(/type ReviewConnection \{\s+pageInfo: PageInfo!\s+edges: \[ReviewEdge!\]!\s+"""[^"]+"""\s+totalCount: Int!\s+\}/);
    // No global ids: no Node interface and no node/nodes lookups around canRead.
    expect(printed).not.toMatch(/interface Node\b/);
    expect(printed).not.toMatch(/^\s+node\(id:/m);
    expect(printed).toContain('type Review {\n');
  });
});
