// Relay cursor connections over Kysely (Relay Cursor Connections spec, through @pothos/plugin-relay).
// Pages are keyset pages: one query ordered by a unique key with LIMIT n + 1, the cursor being that key,
// so a cursor keeps its place when rows are added. totalCount is one COUNT query, run only when selected.
import { resolveCursorConnection } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { sql } from '@cumulus/db';
import { builder } from './builder.js';

/** Kysely's RawBuilder (apps/api reaches Kysely through @cumulus/db, which exports `sql` but not its types). */
type Sql<T> = ReturnType<typeof sql<T>>;
type Condition = Sql<boolean>;

/** The part of Kysely's SelectQueryBuilder a page needs; any `selectFrom(...).selectAll().where(...)` fits. */
export interface PageableQuery<Row> {
  where(condition: Condition): this;
  orderBy(expression: Sql<unknown>, direction: 'asc' | 'desc'): this;
  limit(limit: number): this;
  execute(): Promise<Row[]>;
  clearSelect(): { select(selection: ReturnType<Sql<unknown>['as']>): { executeTakeFirstOrThrow(): Promise<unknown> } };
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

type KeyValue = string | number;

/** The order of a connection: columns that together are unique, each with its direction and type. */
export interface Keyset {
  /** Written into every cursor, so a cursor of one list is refused by another. */
  name: string;
  columns: { column: string; direction: 'asc' | 'desc'; type: 'string' | 'integer' }[];
}

interface KeysetPage {
  after: KeyValue[] | null;
  before: KeyValue[] | null;
  limit: number;
  inverted: boolean;
}

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

function checkPageSizes(args: ConnectionArgs): void {
  for (const name of ['first', 'last'] as const) {
    const size = args[name];
    if (size !== null && size !== undefined && (size < 0 || size > MAX_PAGE_SIZE)) {
      throw badInput(`${name} must be between 0 and ${MAX_PAGE_SIZE} (got ${size})`);
    }
  }
  if (args.first != null && args.last != null) {
    throw badInput('give first (with after) to page forward or last (with before) to page backward, not both');
  }
}

/** An opaque cursor: base64url of the keyset's name and the row's key. */
export function encodeCursor(keyset: Keyset, key: readonly KeyValue[]): string {
  return Buffer.from(JSON.stringify([keyset.name, ...key]), 'utf8').toString('base64url');
}

export function decodeCursor(keyset: Keyset, cursor: string, argument: 'after' | 'before'): KeyValue[] {
  const invalid = () =>
    badInput(`${argument} is not a valid cursor for this list: pass an edge's cursor or pageInfo.startCursor / endCursor as this list returned it`);
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== keyset.columns.length + 1 || parsed[0] !== keyset.name) throw invalid();
  const key = parsed.slice(1) as unknown[];
  const fits = keyset.columns.every(({ type }, index) => (type === 'integer' ? Number.isSafeInteger(key[index]) : typeof key[index] === 'string'));
  if (!fits) throw invalid();
  return key as KeyValue[];
}

function keyOf(keyset: Keyset, row: unknown): KeyValue[] {
  return keyset.columns.map(({ column }) => (row as Record<string, KeyValue>)[column]);
}

/**
 * Rows strictly after (or before) `key` in the keyset's order: `a > x or (a = x and (b > y or ...))`, per column
 * direction, with a leading `a >= x` so an index on the first column bounds the scan.
 */
function beyond(keyset: Keyset, key: readonly KeyValue[], side: 'after' | 'before'): Condition {
  const operator = (index: number) => ((keyset.columns[index].direction === 'asc') === (side === 'after') ? '>' : '<');
  const chain = (index: number): Condition => {
    const column = sql.ref(keyset.columns[index].column);
    const strict = sql<boolean>`${column} ${sql.raw(operator(index))} ${key[index]}`;
    if (index === keyset.columns.length - 1) return strict;
    return sql<boolean>`(${strict} or (${column} = ${key[index]} and ${chain(index + 1)}))`;
  };
  if (keyset.columns.length === 1) return chain(0);
  return sql<boolean>`(${sql.ref(keyset.columns[0].column)} ${sql.raw(`${operator(0)}=`)} ${key[0]} and ${chain(0)})`;
}

function pageQuery<Row, Query extends PageableQuery<Row>>(query: Query, keyset: Keyset, page: KeysetPage): Query {
  let paged = query;
  if (page.after) paged = paged.where(beyond(keyset, page.after, 'after'));
  if (page.before) paged = paged.where(beyond(keyset, page.before, 'before'));
  for (const { column, direction } of keyset.columns) {
    paged = paged.orderBy(sql.ref(column), (direction === 'asc') !== page.inverted ? 'asc' : 'desc');
  }
  return paged.limit(page.limit);
}

export interface KeysetConnectionOptions<Row, Node> {
  args: ConnectionArgs;
  keyset: Keyset;
  /** Every row of the list, filtered but not ordered or limited (a page adds the order, the cursor bounds and LIMIT n + 1). */
  query: PageableQuery<Row>;
  /** A last check on each row of a page (a row it refuses is left out; the SQL filter should already have). */
  keep?: (row: Row) => boolean;
  node: (row: Row) => Node;
}

/** One page of a Relay connection: validates first/last and the cursors, then one keyset query (plus COUNT when totalCount is selected). */
export async function keysetConnection<Row, Node = Row>({ args, keyset, query, keep, node }: KeysetConnectionOptions<Row, Node>) {
  checkPageSizes(args);
  const after = args.after != null ? decodeCursor(keyset, args.after, 'after') : null;
  const before = args.before != null ? decodeCursor(keyset, args.before, 'before') : null;
  // resolveCursorConnection's types follow the row type only for a concrete one; here Row is generic.
  const result = (await resolveCursorConnection(
    { args, defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE, toCursor: (row) => encodeCursor(keyset, keyOf(keyset, row)) },
    async ({ limit, inverted }): Promise<Row[]> => {
      const rows = await pageQuery(query, keyset, { after, before, limit, inverted }).execute();
      return keep ? rows.filter(keep) : rows;
    },
  )) as { edges: { cursor: string; node: Row }[]; pageInfo: { startCursor?: string | null; endCursor?: string | null; hasNextPage: boolean; hasPreviousPage: boolean } };
  const edges = result.edges.map((edge) => ({ cursor: edge.cursor, node: node(edge.node) }));
  return {
    edges,
    pageInfo: {
      ...result.pageInfo,
      // The spec's cursors of the first and last edge: none on an empty page.
      startCursor: edges.length > 0 ? result.pageInfo.startCursor : null,
      endCursor: edges.length > 0 ? result.pageInfo.endCursor : null,
    },
    totalCount: async () => {
      // PostgreSQL counts in bigint, which its driver returns as text.
      const row = await query.clearSelect().select(sql<number | string>`count(*)`.as('count')).executeTakeFirstOrThrow();
      return Number((row as { count: number | string }).count);
    },
  };
}

/** Case-insensitive "contains", the same on SQLite and PostgreSQL (LIKE wildcards in the text are taken literally). */
export function containsText(column: string, text: string): Condition {
  const pattern = `%${text.replace(/[!%_]/g, (character) => `!${character}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like lower(${pattern}) escape '!'`;
}

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    nullable: false,
    description: 'How many items the whole list has with these filters (not only this page). Costs one COUNT query, so select it only when needed.',
    resolve: (connection) => connection.totalCount(),
  }),
);
