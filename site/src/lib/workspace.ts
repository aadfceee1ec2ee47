// Reads the build workspace written by livewiki's site stage (src/site/workspace.ts).
// One manifest with every route, one JSON file per page, so memory stays bounded per page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface NavLink {
  title: string;
  route: string;
  current?: boolean;
  children?: NavLink[];
}

export interface TocEntry {
  anchor: string;
  title: string;
  depth: number;
}

export interface PageData {
  route: string;
  title: string;
  description: string;
  repo: string | null;
  bodyHtml: string;
  toc: TocEntry[];
  nav: { breadcrumbs: NavLink[]; sidebar: NavLink[] };
  lang?: string;
  /** False keeps the page out of the search index (redirects, tombstones). */
  indexed?: boolean;
  /** A moved page: readers are sent to `to`; `moves` maps old anchors to their new URLs. */
  redirect?: { to: string; moves: Record<string, string> };
}

export interface Footer {
  commits: { repo: string; sha: string | null; url: string | null }[];
  builtAt: string | null;
  generator: string;
}

export interface SiteInfo {
  title: string;
  footer: Footer;
  lang: string;
  /** Site-wide header links (recent changes); absent in workspaces of older builds. */
  headerLinks: NavLink[];
  /** Search index shards merged into the primary one (Pagefind bundle paths). */
  searchMerge: string[];
}

interface Manifest extends SiteInfo {
  pages: { route: string; file: string }[];
}

const root = __LIVEWIKI_WORKSPACE__;

let manifest: Manifest | undefined;

export function readManifest(): Manifest {
  manifest ??= JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as Manifest;
  return manifest;
}

export function readSiteInfo(): SiteInfo {
  const { title, footer, lang, headerLinks, searchMerge } = readManifest();
  return { title, footer, lang, headerLinks: headerLinks ?? [], searchMerge: searchMerge ?? [] };
}

export function readPage(file: string): PageData {
  return JSON.parse(readFileSync(join(root, 'pages', file), 'utf8')) as PageData;
}

/** `/a/b/` → `a/b`; `/` → undefined (the catch-all's root). */
export function routeParam(route: string): string | undefined {
  const trimmed = route.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? undefined : trimmed;
}
