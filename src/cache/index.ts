// Public surface of the build cache (incremental builds). Default folder: `.livewiki-cache` next
// to the config file, or in the current directory without one; `cacheDir` in the config or
// `--cache DIR` move it, `--no-cache` turns it off.
import type { ResolvedConfig } from '../config/load.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import { configDigest, toolDigest } from './digest.ts';
import { CacheStore, sha256 } from './store.ts';

export { CacheStore, type CacheCounts, type CacheStats } from './store.ts';
export { cachedExtractMarkdown, type ExtractMarkdown } from './markdown.ts';
export { cachedHistoryIndex, type CachedHistory } from './history.ts';
export { getBlame, putBlame, type BlameKey } from './blame.ts';
export { configDigest, templatesDigest, toolDigest } from './digest.ts';
export { cachedOpenApi } from './openapi.ts';
export { cachedExtractConfigFile } from './config.ts';
export { renderWikiPages, renderKey } from './render.ts';

export { DEFAULT_CACHE_DIR } from '../config/load.ts';

/** The cache of this run, or null when caching is off (`cacheDir: null`). */
export function openCache(config: ResolvedConfig, diagnostics: Diagnostics): CacheStore | null {
  if (config.cacheDir === null) return null;
  const store = new CacheStore(config.cacheDir, sha256(toolDigest(), configDigest(config)), diagnostics);
  store.sweep();
  return store;
}
