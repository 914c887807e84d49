// A whole set of records grouped: every record in exactly one group, near matches between groups for a person to judge.
import type { BibRecord } from '../record.js';
import { DuplicateIndex } from './duplicate-index.js';

export interface DedupeResult {
  /** Each group the records it takes for one, groups in the order of their first member, members in input order. */
  groups: string[][];
  /** Pairs of records in different groups with similar titles, one pair per two groups (the most similar), in input order. */
  nearMatches: { ids: [string, string]; similarity: number }[];
  /** Records of different groups naming the same trial id (a trial's reports), per trial id, in input order. */
  sameTrial: { trialId: string; ids: string[] }[];
}

interface Group {
  members: number[];
  dois: Set<string>;
  pmids: Set<string>;
  registryIds: Set<string>;
}

function clash(a: Set<string>, b: Set<string>): boolean {
  return a.size > 0 && b.size > 0 && ![...a].some((value) => b.has(value));
}

/**
 * Groups records by the DuplicateIndex rules, transitively: a record joins every earlier group it duplicates (a
 * record with both a DOI and a PMID joins the group found by its DOI to the one found by its PMID), unless the merged
 * group would hold two different DOIs, PMIDs or registry ids; then it stays with the best match only.
 */
export function dedupe(records: { id: string; record: BibRecord }[], options: { threshold?: number } = {}): DedupeResult {
  const index = new DuplicateIndex();
  const order = new Map<string, number>();
  const parent: number[] = [];
  const groups = new Map<number, Group>();
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root];
    parent[i] = root;
    return root;
  };
  const nearPairs: { a: number; b: number; similarity: number }[] = [];

  records.forEach(({ id, record }, i) => {
    if (order.has(id)) throw new Error(`the id '${id}' is given to two records`);
    order.set(id, i);
    parent.push(i);
    groups.set(i, {
      members: [i],
      dois: new Set(record.doi ? [record.doi] : []),
      pmids: new Set(record.pmid ? [record.pmid] : []),
      registryIds: new Set(record.registryId ? [record.registryId] : []),
    });
    for (const match of index.matches(record)) {
      const mine = find(i);
      const theirs = find(order.get(match.id) ?? i);
      if (mine === theirs) continue;
      const a = groups.get(mine) as Group;
      const b = groups.get(theirs) as Group;
      if (clash(a.dois, b.dois) || clash(a.pmids, b.pmids) || clash(a.registryIds, b.registryIds)) continue;
      const [root, child] = mine < theirs ? [mine, theirs] : [theirs, mine];
      const kept = groups.get(root) as Group;
      const merged = groups.get(child) as Group;
      kept.members.push(...merged.members);
      for (const v of merged.dois) kept.dois.add(v);
      for (const v of merged.pmids) kept.pmids.add(v);
      for (const v of merged.registryIds) kept.registryIds.add(v);
      groups.delete(child);
      parent[child] = root;
    }
    for (const near of index.nearMatches(record, { threshold: options.threshold })) {
      nearPairs.push({ a: order.get(near.id) as number, b: i, similarity: near.similarity });
    }
    index.add(id, record);
  });

  const ids = records.map((r) => r.id);
  const outGroups = [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, group]) => group.members.sort((x, y) => x - y).map((i) => ids[i]));

  const bestPair = new Map<string, { a: number; b: number; similarity: number }>();
  for (const pair of nearPairs) {
    const ga = find(pair.a);
    const gb = find(pair.b);
    if (ga === gb) continue;
    const key = ga < gb ? `${ga}:${gb}` : `${gb}:${ga}`;
    const best = bestPair.get(key);
    if (!best || pair.similarity > best.similarity) bestPair.set(key, pair);
  }
  const nearMatches = [...bestPair.values()]
    .sort((x, y) => x.a - y.a || x.b - y.b)
    .map((pair) => ({ ids: [ids[pair.a], ids[pair.b]] as [string, string], similarity: Math.round(pair.similarity * 1000) / 1000 }));

  const byTrial = new Map<string, number[]>();
  records.forEach(({ record }, i) => {
    for (const trialId of new Set([...(record.registryId ? [record.registryId] : []), ...record.nctIds])) {
      const list = byTrial.get(trialId);
      if (list) list.push(i);
      else byTrial.set(trialId, [i]);
    }
  });
  const sameTrial = [...byTrial.entries()]
    .filter(([, members]) => new Set(members.map(find)).size > 1)
    .sort(([, a], [, b]) => a[0] - b[0])
    .map(([trialId, members]) => ({ trialId, ids: members.map((i) => ids[i]) }));

  return { groups: outGroups, nearMatches, sameTrial };
}
