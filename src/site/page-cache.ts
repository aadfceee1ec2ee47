// Built pages across builds. A page's HTML is a function of its SitePage, the site-wide chrome
// (title, language, header links, search shards), the theme and the Astro version (both in the
// cache's salt, see cache/digest.ts) — and of the footer, which names the built commit and so differs on every build. The cache keeps each page's
// HTML with its footer cut out (and where it was), keyed by a digest of everything else; a page
// whose key is found is not given to Astro again, and gets this build's footer spliced back.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Store } from '../cache/store.ts';
import { sha256 } from '../utils/digest.ts';
import type { SitePage } from '../model/site.ts';

const CACHE_KIND = 'site-page';

/** Digest of one page's inputs under the site-wide digest `siteKey`. */
export function pageKey(siteKey: string, page: SitePage): string {
  // The body is most of the bytes: hashed as is rather than through JSON.stringify.
  return sha256(siteKey, page.bodyHtml, JSON.stringify({ ...page, bodyHtml: null }));
}

/** A page's HTML without the footer (bytes, never decoded), and the assets digest of its build. */
export interface CachedPage {
  /** Byte offset where the footer was cut out. */
  at: number;
  /** Digest of the build's `_astro/` files the HTML refers to. */
  assets: string;
  html: Buffer;
}

export function readCachedPage(cache: Store, key: string): CachedPage | null {
  const blob = cache.getBlob(CACHE_KIND, [key]);
  if (blob === null) return null;
  const nl = blob.indexOf(0x0a);
  const [at, assets] = (nl === -1 ? '' : blob.subarray(0, nl).toString('latin1')).split(' ');
  const offset = Number(at);
  const html = blob.subarray(nl + 1);
  if (nl === -1 || !Number.isInteger(offset) || offset < 0 || offset > html.length || !assets) {
    cache.stale(CACHE_KIND, 'unreadable');
    return null;
  }
  return { at: offset, assets, html };
}

/** Stores a freshly built page; false when its footer could not be found (it is then not cached). */
export function writeCachedPage(cache: Store, key: string, html: Buffer, footer: Buffer, assets: string): boolean {
  // The chrome's footer comes after the page body, so the last occurrence is the chrome's.
  const at = html.lastIndexOf(footer);
  if (at === -1) return false;
  cache.putBlob(CACHE_KIND, [key], Buffer.concat([Buffer.from(`${at} ${assets}\n`, 'latin1'), html.subarray(0, at), html.subarray(at + footer.length)]));
  return true;
}

export function withFooter(page: CachedPage, footer: Buffer): Buffer {
  return Buffer.concat([page.html.subarray(0, page.at), footer, page.html.subarray(page.at)]);
}

/** The footer Astro rendered in this build (every page carries the same one; 404 always exists). */
export async function builtFooter(siteDir: string): Promise<Buffer | null> {
  const html = await readFile(join(siteDir, '404.html'), 'utf8');
  const m = /<footer class="lw-footer">[\s\S]*?<\/footer>/.exec(html);
  return m ? Buffer.from(m[0], 'utf8') : null;
}

/** Digest of the theme's built assets (`_astro/`: relative paths and bytes). */
export async function assetsDigest(siteDir: string): Promise<string> {
  const root = join(siteDir, '_astro');
  let names: string[] = [];
  try {
    names = (await readdir(root, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => relative(root, join(e.parentPath, e.name)).split('\\').join('/'))
      .sort();
  } catch {
    // No assets at all: the digest says so.
  }
  const parts: (string | Buffer)[] = [];
  for (const name of names) parts.push(name, await readFile(join(root, name)));
  return sha256(...parts);
}
