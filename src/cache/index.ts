// The build cache (incremental builds): the store every stage keeps its entries in, under keys
// that are digests of the stage's own input. Default folder: outside every checkout (see
// `location.ts`); `cacheDir` in the config or `--cache DIR` move it, `--no-cache` turns it off.
// A folder a documented repository could have written is refused: the build runs without it.
import { relative } from 'node:path';
import type { Diagnostics } from '../model/diagnostics.ts';
import { toolDigest } from './digest.ts';
import { cacheDirProblem } from './location.ts';
import { CacheStore } from './store.ts';

export { CacheStore, type CacheCounts, type CacheStats, type Store } from './store.ts';
export { getPacked, putPacked } from './packed.ts';
export { toolDigest } from './digest.ts';
export { cacheDirProblem, defaultCacheDir, trackedByGit } from './location.ts';

/** The cache of this run in `dir`, or null when caching is off or the folder is not trusted. */
export async function openCache(dir: string | null, repoPaths: readonly string[], diagnostics: Diagnostics): Promise<CacheStore | null> {
  if (dir === null) return null;
  const store = new CacheStore(dir, toolDigest(), diagnostics);
  let problem = await cacheDirProblem(dir, repoPaths);
  if (problem === null) {
    const link = store.sweep();
    if (link !== null) problem = `it contains a symbolic link (${relative(dir, link)})`;
  }
  if (problem !== null) {
    diagnostics.warn('W_CACHE_UNTRUSTED', `The cache folder ${dir} is not used: ${problem}. This build runs without a cache.`, {
      file: dir,
      hint: 'Remove `cacheDir` from the configuration (the default folder is outside the checkout) or point it at a folder outside every documented repository; never commit a cache.',
    });
    return null;
  }
  return store;
}
