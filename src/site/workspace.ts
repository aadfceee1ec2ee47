// Writes the build workspace read by site/src/lib/workspace.ts: one manifest listing routes,
// one JSON file per page (so Astro holds one page's data at a time).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NavLink, SiteBundle, SitePage } from '../model/site.ts';
import type { MergedIndex } from './pagefind.ts';

/** Where each page's data lives, in manifest order. */
export interface WorkspaceManifest {
  title: string;
  /** The absolute URL the wiki is served at (path ending with `/`), or null. */
  siteUrl: string | null;
  lang: string;
  footer: SiteBundle['footer'];
  headerLinks: NavLink[];
  /** Search shards the browser merges into the primary index (site-relative bundle paths, weights). */
  searchMerge: MergedIndex[];
  pages: { route: string; file: string }[];
}

/** Everything site-wide a built page shows, except the footer (see page-cache.ts). */
export type SiteChrome = Omit<WorkspaceManifest, 'footer' | 'pages'>;

export function siteChrome(bundle: SiteBundle, pages: SitePage[], searchMerge: MergedIndex[]): SiteChrome {
  return { title: bundle.title, siteUrl: bundle.site ?? null, lang: pages.find((p) => p.route === '/')?.lang ?? 'en', headerLinks: bundle.headerLinks ?? [], searchMerge };
}

/** Writes the workspace for `pages` (the pages Astro must build this time). */
export async function writeWorkspace(dir: string, chrome: SiteChrome, footer: SiteBundle['footer'], pages: SitePage[]): Promise<void> {
  await mkdir(join(dir, 'pages'), { recursive: true });
  const entries: WorkspaceManifest['pages'] = pages.map((page, i) => ({ route: page.route, file: `${String(i).padStart(6, '0')}.json` }));
  // Batches keep the number of open files bounded.
  for (let start = 0; start < pages.length; start += 64) {
    await Promise.all(
      pages.slice(start, start + 64).map((page, j) => writeFile(join(dir, 'pages', entries[start + j]!.file), JSON.stringify(page))),
    );
  }
  const manifest: WorkspaceManifest = { ...chrome, footer, pages: entries };
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
}
