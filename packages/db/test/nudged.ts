// Test values for the snapshot codec's tests.

/** A change of the kind a new version brings: every number scaled by `factor`, those at some paths replaced. */
export function nudged(value: unknown, factor: number, replace: (path: string) => boolean, path = ''): unknown {
  if (typeof value === 'number') return replace(path) ? -value * 3 + 1 : value * factor;
  if (Array.isArray(value)) return value.map((item, i) => nudged(item, factor, replace, `${path}/${i}`));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, nudged(item, factor, replace, `${path}/${key}`)]));
  }
  return value;
}
