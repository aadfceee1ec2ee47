// The build cache (incremental builds): the store every stage keeps its entries in, under keys
// that are digests of the stage's own input. Default folder: `.livewiki-cache` next to the config
// file, or in the current directory without one; `cacheDir` in the config or `--cache DIR` move
// it, `--no-cache` turns it off.
import type { Diagnostics } from '../model/diagnostics.ts';
import { toolDigest } from './digest.ts';
import { CacheStore } from './store.ts';

export { CacheStore, type CacheCounts, type CacheStats, type Store } from './store.ts';
export { getPacked, putPacked } from './packed.ts';
export { toolDigest } from './digest.ts';

/** The cache of this run in `dir`, or null when caching is off. */
export function openCache(dir: string | null, diagnostics: Diagnostics): CacheStore | null {
  if (dir === null) return null;
  const store = new CacheStore(dir, toolDigest(), diagnostics);
  store.sweep();
  return store;
}
