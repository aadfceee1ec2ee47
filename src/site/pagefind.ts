// Offline search: Pagefind indexes the built pages (only `data-pagefind-body` content). The index
// is split into shards that the browser merges (Pagefind's `mergeIndex`), so a rebuild re-indexes
// only the shards whose pages changed and takes the others from the cache. Pages that change
// together (listings, the timeline) share a shard; the rest are spread by a hash of their route.
import { copyFile, link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Store } from '../cache/store.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import { listOutputFiles } from '../secrets/index.ts';
import { SiteError } from './out-dir.ts';

/** One page as the search stage sees it: its built HTML and the key of everything it was built from. */
export interface SearchPage {
  route: string;
  /** Digest of the page's inputs (its site cache key): equal keys, equal searchable content. */
  key: string;
  /** The built page (`…/index.html` under the site folder). */
  file: string;
}

export interface Shard {
  name: string;
  /** Folder under the site root, e.g. `pagefind/` (the primary) or `pagefind/p03/`. */
  dir: string;
  pages: SearchPage[];
}

/** Folder of the shard that carries Pagefind's scripts and UI; every other shard is merged into it. */
export const PRIMARY_DIR = 'pagefind/';
const CACHE_KIND = 'site-search';
/** What a merged shard needs (its entry, metadata, chunks, fragments, filters, WebAssembly). */
const SHARD_DATA = /^(pagefind-entry\.json|[^/]+\.pf_meta|wasm\.[^/]+\.pagefind|(index|fragment|filter)\/[^/]+)$/;

/** Group names become folder names; Pagefind's own folders and bucket names are taken. */
const GROUP = /^[a-z][a-z0-9-]{0,30}$/;
const RESERVED = new Set(['all', 'index', 'fragment', 'filter', 'data', ...Array.from({ length: 16 }, (_, i) => `p${String(i).padStart(2, '0')}`)]);

/**
 * Reference data (configuration files, requirements) is indexed on its own and merged with a lower
 * weight: Pagefind's `indexWeight` multiplies a whole index's scores, where weights of words
 * inside a page cannot (BM25 saturates: a file repeating a word 200 times outranks the guide that
 * says it twice at any word weight). Documentation then ranks above data for the same words, and
 * data still comes first when no document has them. The data index also no longer inflates the
 * average page length the documents are ranked against.
 */
export const DATA_SHARD = 'data';
export const DATA_INDEX_WEIGHT = 0.5;

/** Pages whose words are reference data rather than documentation. */
export function isReferenceData(page: { kind?: string }): boolean {
  return page.kind === 'config' || page.kind === 'requirements';
}

/** FNV-1a: a stable, cheap spread of routes over buckets. */
function bucketOf(route: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < route.length; i++) h = Math.imul(h ^ route.charCodeAt(i), 0x01000193) >>> 0;
  return h % buckets;
}

/**
 * Shards for the indexed pages. Small wikis keep one index (one download for readers); larger
 * ones get groups plus route buckets. Depends only on routes and groups, so it is known before
 * the pages are built (every page names the shards to merge).
 */
export function planShards(pages: { route: string; group?: string; data?: boolean }[]): { name: string; dir: string; routes: string[] }[] {
  const n = pages.filter((p) => !p.data).length;
  const buckets = n < 100 ? 0 : n < 400 ? 4 : 16;
  const byName = new Map<string, string[]>();
  for (const p of pages) {
    const group = p.group !== undefined && GROUP.test(p.group) && !RESERVED.has(p.group) ? p.group : null;
    const name = p.data ? DATA_SHARD : buckets === 0 ? 'all' : (group ?? `p${String(bucketOf(p.route, buckets)).padStart(2, '0')}`);
    let list = byName.get(name);
    if (!list) byName.set(name, (list = []));
    list.push(p.route);
  }
  // The data index is never the primary one: its weight is given where it is merged.
  const names = [...byName.keys()].sort((a, b) => Number(a === DATA_SHARD) - Number(b === DATA_SHARD) || (a < b ? -1 : a > b ? 1 : 0));
  // Nothing to index still gets a (empty) primary index: the search box and its scripts live there.
  if (names.length === 0) return [{ name: 'all', dir: PRIMARY_DIR, routes: [] }];
  return names.map((name, i) => ({ name, dir: i === 0 ? PRIMARY_DIR : `${PRIMARY_DIR}${name}/`, routes: byName.get(name)!.sort() }));
}

/** An index the browser merges into the primary one: its bundle path (site-relative) and weight. */
export interface MergedIndex {
  bundlePath: string;
  indexWeight?: number;
}

/** The indexes the browser merges into the primary one. */
export function mergePaths(plan: { name: string; dir: string }[]): MergedIndex[] {
  return plan
    .filter((s) => s.dir !== PRIMARY_DIR)
    .map((s) => ({ bundlePath: `/${s.dir}`, ...(s.name === DATA_SHARD ? { indexWeight: DATA_INDEX_WEIGHT } : {}) }));
}

interface CachedShard {
  files: [string, string][];
  pageCount: number;
}

// Pagefind runs one backend process per Node process, shared by every index; closing it while
// another build indexes would break that build, so it is closed when the last user is done.
let users = 0;

export interface SearchResult {
  /** Pages in the search index, all shards together. */
  indexedPages: number;
  /** Shards taken from the cache and shards indexed by this build. */
  reused: number;
  indexed: number;
}

export async function indexShards(siteDir: string, shards: Shard[], siteKey: string, cache: Store | null, diagnostics: Diagnostics): Promise<SearchResult> {
  const result: SearchResult = { indexedPages: 0, reused: 0, indexed: 0 };
  let pagefind: typeof import('pagefind') | null = null;
  try {
    for (const shard of shards) {
      const primary = shard.dir === PRIMARY_DIR;
      const parts = [siteKey, shard.name, primary ? 'primary' : 'merged', ...shard.pages.map((p) => `${p.route}\0${p.key}`)];
      const hit = cache?.get<CachedShard>(CACHE_KIND, parts) ?? null;
      if (hit && !isShard(hit)) cache!.stale(CACHE_KIND, 'not a search shard');
      else if (hit) {
        await writeShard(siteDir, shard.dir, hit.files);
        result.indexedPages += hit.pageCount;
        result.reused++;
        continue;
      }
      if (!pagefind) {
        pagefind = await import('pagefind');
        users += 1;
      }
      const files = await buildShard(pagefind, siteDir, shard, primary, diagnostics);
      const pageCount = indexedPageCount(files);
      cache?.put(CACHE_KIND, parts, { files: files.map(([p, b]) => [p, b.toString('base64')]), pageCount } satisfies CachedShard);
      result.indexedPages += pageCount;
      result.indexed++;
    }
  } finally {
    if (pagefind) {
      users -= 1;
      if (users === 0) await pagefind.close();
    }
  }
  return result;
}

/**
 * Controls and chrome inside page bodies that are not content: section links ("#", "Link to this
 * section"), copy buttons, provenance badges and lines. Descendants are named too: Pagefind's
 * section titles (the text of a heading with an id) otherwise still quote an ignored element's
 * children ("Install #Link to this sectionCopy link to this section").
 */
export const SEARCH_EXCLUDED = ['.lw-anchor', 'button', '.lw-badge', '.lw-prov', '.lw-visually-hidden', '[data-pagefind-ignore]'].flatMap((s) => [s, `${s} *`]);

async function buildShard(pagefind: typeof import('pagefind'), siteDir: string, shard: Shard, primary: boolean, diagnostics: Diagnostics): Promise<[string, Buffer][]> {
  const { index, errors } = await pagefind.createIndex({ keepIndexUrl: false, writePlayground: false, excludeSelectors: SEARCH_EXCLUDED });
  if (!index) throw new SiteError('E_SITE_SEARCH', `Pagefind could not start: ${errors.join('; ')}`);
  const out = join(siteDir, ...shard.dir.split('/').filter(Boolean));
  // Pagefind reads a folder much faster than pages sent to it one by one: the shard's pages are
  // hard-linked into a folder of their own, next to the site.
  const pagesDir = `${siteDir}-search-${shard.name}`;
  try {
    await mkdir(pagesDir, { recursive: true });
    for (const page of shard.pages) {
      const to = join(pagesDir, ...page.route.split('/').filter(Boolean), 'index.html');
      await mkdir(dirname(to), { recursive: true });
      await link(page.file, to).catch(() => copyFile(page.file, to));
    }
    const added = await index.addDirectory({ path: pagesDir });
    for (const e of added.errors) diagnostics.warn('W_SITE_SEARCH', `Pagefind: ${e}`);
    const written = await index.writeFiles({ outputPath: out });
    if (written.errors.length > 0) throw new SiteError('E_SITE_SEARCH', `Pagefind could not write its index: ${written.errors.join('; ')}`);
  } finally {
    await index.deleteIndex();
    await rm(pagesDir, { recursive: true, force: true });
  }
  const files: [string, Buffer][] = [];
  for (const rel of await listOutputFiles(out)) {
    // Merged shards need only their data; the scripts and UI come from the primary. (The primary
    // is indexed first, so no other shard's folder is inside its own yet.)
    if (!primary && !SHARD_DATA.test(rel)) {
      await rm(join(out, rel), { force: true });
      continue;
    }
    files.push([rel, await readFile(join(out, rel))]);
  }
  await removeEmptyDirs(out);
  return files.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** A cached shard as written below: relative file paths inside the shard (never `..`) and base64 bytes. */
function isShard(hit: CachedShard): boolean {
  const safe = (p: unknown) => typeof p === 'string' && p !== '' && !p.split('/').some((s) => s === '' || s === '.' || s === '..' || s.includes('\\'));
  return Array.isArray(hit.files) && hit.files.every((f) => Array.isArray(f) && f.length === 2 && safe(f[0]) && typeof f[1] === 'string') && Number.isInteger(hit.pageCount);
}

async function writeShard(siteDir: string, dir: string, files: [string, string][]): Promise<void> {
  const root = join(siteDir, ...dir.split('/').filter(Boolean));
  for (const [rel, base64] of files) {
    if (rel.split('/').some((s) => s === '' || s === '.' || s === '..')) throw new SiteError('E_SITE_SEARCH', `A cached search file has an unusable path: ${rel}`);
    const to = join(root, ...rel.split('/'));
    await mkdir(dirname(to), { recursive: true });
    await writeFile(to, Buffer.from(base64, 'base64'));
  }
}

async function removeEmptyDirs(dir: string): Promise<boolean> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  let empty = true;
  for (const e of entries) {
    if (e.isDirectory() && (await removeEmptyDirs(join(dir, e.name)))) continue;
    empty = false;
  }
  if (empty) await rm(dir, { recursive: true, force: true });
  return empty;
}

/** Pages in a shard (pages without `data-pagefind-body`, like 404, are not indexed). */
function indexedPageCount(files: [string, Buffer][]): number {
  const entry = files.find(([p]) => p === 'pagefind-entry.json');
  if (!entry) return 0;
  const parsed = JSON.parse(entry[1].toString('utf8')) as { languages?: Record<string, { page_count?: number }> };
  return Object.values(parsed.languages ?? {}).reduce((sum, l) => sum + (l.page_count ?? 0), 0);
}
