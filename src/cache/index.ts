// The build cache (incremental builds): the store every stage keeps its entries in. Default
// folder: `.livewiki-cache` next to the config file, or in the current directory without one;
// `cacheDir` in the config or `--cache DIR` move it, `--no-cache` turns it off.
import type { ResolvedConfig } from '../config/load.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import { sha256 } from '../utils/digest.ts';
import { configDigest, toolDigest } from './digest.ts';
import { CacheStore } from './store.ts';

export { CacheStore, type CacheCounts, type CacheStats } from './store.ts';
export { getPacked, putPacked } from './packed.ts';
export { configDigest, templatesDigest, toolDigest } from './digest.ts';

/** The cache of this run, or null when caching is off (`cacheDir: null`). */
export function openCache(config: ResolvedConfig, diagnostics: Diagnostics): CacheStore | null {
  if (config.cacheDir === null) return null;
  const store = new CacheStore(config.cacheDir, sha256(toolDigest(), configDigest(config)), diagnostics);
  store.sweep();
  return store;
}
