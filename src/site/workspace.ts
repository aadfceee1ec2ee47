// Writes the build workspace read by site/src/lib/workspace.ts: one manifest listing routes,
// one JSON file per page (so Astro holds one page's data at a time).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NavLink, SiteBundle, SitePage } from '../model/site.ts';

/** Where each page's data lives, in manifest order. */
export interface WorkspaceManifest {
  title: string;
  lang: string;
  footer: SiteBundle['footer'];
  headerLinks: NavLink[];
  pages: { route: string; file: string }[];
}

export async function writeWorkspace(dir: string, bundle: SiteBundle, pages: SitePage[]): Promise<void> {
  await mkdir(join(dir, 'pages'), { recursive: true });
  const entries: WorkspaceManifest['pages'] = pages.map((page, i) => ({ route: page.route, file: `${String(i).padStart(6, '0')}.json` }));
  // Batches keep the number of open files bounded.
  for (let start = 0; start < pages.length; start += 64) {
    await Promise.all(
      pages.slice(start, start + 64).map((page, j) => writeFile(join(dir, 'pages', entries[start + j]!.file), JSON.stringify(page))),
    );
  }
  const manifest: WorkspaceManifest = {
    title: bundle.title,
    lang: pages.find((p) => p.route === '/')?.lang ?? 'en',
    footer: bundle.footer,
    headerLinks: bundle.headerLinks ?? [],
    pages: entries,
  };
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
}
