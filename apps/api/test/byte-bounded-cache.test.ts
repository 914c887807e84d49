// The caches of parsed analyses and kept answers are bounded in bytes: the least recently used go first.
import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.js';
import { ByteBoundedCache } from '../src/domain/byte-bounded-cache.js';

describe('ByteBoundedCache', () => {
  it('keeps the total under its limit, dropping the least recently used first', () => {
    const cache = new ByteBoundedCache<string, string>(100);
    cache.set('a', 'A', 40);
    cache.set('b', 'B', 40);
    expect(cache.get('a')).toBe('A'); // a is now the most recently used
    cache.set('c', 'C', 40);
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c')]).toEqual(['A', 'C']);
    expect(cache.bytes).toBe(80);
  });

  it('replaces an entry with its new weight, and keeps nothing larger than the whole limit', () => {
    const cache = new ByteBoundedCache<string, string>(100);
    cache.set('a', 'A', 60);
    cache.set('a', 'A2', 30);
    expect(cache.bytes).toBe(30);
    cache.set('huge', 'H', 101);
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.size).toBe(1);
    cache.clear();
    expect([cache.size, cache.bytes]).toEqual([0, 0]);
  });
});

describe('cache sizes from the environment', () => {
  it('reads CUMULUS_SNAPSHOT_CACHE_MB and CUMULUS_READ_CACHE_MB in megabytes, and refuses what is not a size', () => {
    expect(readConfig({})).toMatchObject({ snapshotCacheBytes: 64 * 1024 * 1024, readCacheBytes: 32 * 1024 * 1024 });
    expect(readConfig({ CUMULUS_SNAPSHOT_CACHE_MB: '8', CUMULUS_READ_CACHE_MB: '0.5' })).toMatchObject({ snapshotCacheBytes: 8 * 1024 * 1024, readCacheBytes: 512 * 1024 });
    expect(() => readConfig({ CUMULUS_READ_CACHE_MB: 'lots' })).toThrow("CUMULUS_READ_CACHE_MB must be a number of megabytes greater than 0, not 'lots'");
  });
});
