// A cache bounded in bytes, not entries: an entry of a 1,000-study analysis weighs what it weighs. The least recently
// used entries go first once the total passes the limit; an entry larger than the whole limit is not kept at all.
export class ByteBoundedCache<K, V> {
  private readonly entries = new Map<K, { value: V; bytes: number }>();
  private total = 0;

  constructor(public maxBytes: number) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    // Refresh its place, so the most used entries stay.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.total -= entry.bytes;
    }
  }

  /** What an entry was weighed at, without refreshing its place. */
  bytesOf(key: K): number | undefined {
    return this.entries.get(key)?.bytes;
  }

  delete(key: K): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.total -= entry.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  /** Bytes held now (as the entries were weighed). */
  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * A cache per database handle (an API instance: tests run several in one process), each bounded at `maxBytes`, made
 * when the handle first asks for it and gone with the handle.
 */
export function cachePerDatabase<K, V>(maxBytes: number): (database: object) => ByteBoundedCache<K, V> {
  const caches = new WeakMap<object, ByteBoundedCache<K, V>>();
  return (database) => {
    let cache = caches.get(database);
    if (!cache) caches.set(database, (cache = new ByteBoundedCache<K, V>(maxBytes)));
    return cache;
  };
}
