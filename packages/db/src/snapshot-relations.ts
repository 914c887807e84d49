// Leaves of an analysis that move with others of the same row, for the snapshot deltas (snapshot-codec.ts), which
// predict them from those (snapshot-prediction.ts): the bounds of a confidence interval and a p-value move with their
// estimate and its standard error; a study's weight with its variance.
//
// Such a leaf's key is one of RELATIONS, in an object that has its partners' keys too: in one row, all of them numbers
// (an analysis's fit, a study), or in columns, arrays of numbers of the same length, the i-th item going with the i-th
// of its partners (leave-one-out and cumulative analyses). Written as a difference from the base, one of these numbers
// costs 40 to 64 bits; from its prediction, a few (a bound, a weight) or about 25 (a p-value).
import { columnsOf, nodeIndex } from './snapshot-flat.js';

export const enum Relation {
  None = 0,
  /** A bound of a confidence interval: estimate ± z·se (partners: the estimate and its standard error). */
  Bound = 1,
  /** A two-sided p-value of z = estimate / se (partners: the same). */
  PValue = 2,
  /** An inverse-variance weight, 1 / weight linear in the variance vi (partner: vi). */
  Weight = 3,
}
/** Each related key's relation, and the keys of its partners (a Map: keys are any names, "constructor" among them). */
const RELATIONS = new Map<string, { relation: Relation; partners: readonly string[] }>([
  ['ciLower', { relation: Relation.Bound, partners: ['estimate', 'se'] }],
  ['ciUpper', { relation: Relation.Bound, partners: ['estimate', 'se'] }],
  ['pval', { relation: Relation.PValue, partners: ['estimate', 'se'] }],
  ['weight', { relation: Relation.Weight, partners: ['vi'] }],
]);
const PARTNERS = new Set([...RELATIONS.values()].flatMap((each) => each.partners));

/** For each leaf of a shape, its relation (Relation.None for most) and its partners' leaves (-1 where it has none). */
export interface Relations {
  relation: Uint8Array;
  /** Two entries a leaf: its first and second partner. */
  partners: Int32Array;
}

/** Shapes are shared and never changed (snapshot-flat.ts): each one's relations are found once. */
const found = new WeakMap<Int32Array, Relations | null>();

/** The relations of a flattened shape, null when it has none. */
export function relationsOf(shape: Int32Array): Relations | null {
  let relations = found.get(shape);
  if (relations === undefined) {
    relations = find(shape);
    found.set(shape, relations);
  }
  return relations;
}

function find(shape: Int32Array): Relations | null {
  const { end, leavesBefore } = nodeIndex(shape);
  const columns = columnsOf.byId;
  const leaves = leavesBefore[leavesBefore.length - 1];
  let relations: Relations | null = null;
  const kindOf = (node: number) => shape[2 * node + 1];
  /** The number of items of an array of leaves only, -1 for anything else. */
  const leafArray = (node: number) => {
    const kind = kindOf(node);
    if (kind === -1 || (kind & 1) === 0) return -1;
    const items = kind >> 1;
    return end[node] - node - 1 === items && leavesBefore[end[node]] - leavesBefore[node] === items ? items : -1;
  };
  /** The items of `node` (a leaf: 1) when it and its partners are leaves, or arrays of leaves of one length; else -1. */
  const itemsOf = (node: number, partners: number[]) => {
    const leaf = kindOf(node) === -1;
    const items = leaf ? 1 : leafArray(node);
    const alike = (partner: number) => partner >= 0 && (leaf ? kindOf(partner) === -1 : leafArray(partner) === items);
    return items >= 0 && partners.every(alike) ? items : -1;
  };
  // Per object: its children with a related key, and those with a partner's key (a handful of keys: no map).
  const related: number[] = [];
  const partnerKeys: string[] = [];
  const partnerNodes: number[] = [];
  for (let node = 0; node < end.length; node++) {
    const kind = kindOf(node);
    if (kind === -1 || (kind & 1) === 1) continue;
    related.length = 0;
    partnerKeys.length = 0;
    partnerNodes.length = 0;
    for (let child = node + 1; child < end[node]; child = end[child]) {
      const key = columns[shape[2 * child]].key;
      if (RELATIONS.has(key)) related.push(child);
      else if (PARTNERS.has(key)) {
        partnerKeys.push(key);
        partnerNodes.push(child);
      }
    }
    for (const child of related) {
      const { relation, partners: keys } = RELATIONS.get(columns[shape[2 * child]].key)!;
      const partners = keys.map((key) => {
        const at = partnerKeys.indexOf(key);
        return at < 0 ? -1 : partnerNodes[at];
      });
      const items = itemsOf(child, partners);
      if (items < 0) continue;
      relations ??= { relation: new Uint8Array(leaves), partners: new Int32Array(2 * leaves).fill(-1) };
      for (let i = 0; i < items; i++) {
        const leaf = leavesBefore[child] + i;
        relations.relation[leaf] = relation;
        for (let p = 0; p < partners.length; p++) relations.partners[2 * leaf + p] = leavesBefore[partners[p]] + i;
      }
    }
  }
  return relations;
}
