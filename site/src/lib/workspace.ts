// Reads the build workspace written by livewiki's site stage (src/site/workspace.ts).
// One manifest with every route, one JSON file per page, so memory stays bounded per page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The data contract is livewiki's own (type-only imports: nothing of src/ is bundled).
import type { NavLink, SitePage } from '../../../src/model/site.ts';
import type { WorkspaceManifest } from '../../../src/site/workspace.ts';

export type { NavLink, TocEntry } from '../../../src/model/site.ts';
export type PageData = SitePage;
export type Footer = WorkspaceManifest['footer'];
export type SiteInfo = Omit<WorkspaceManifest, 'pages'>;
type Manifest = WorkspaceManifest;

const root = __LIVEWIKI_WORKSPACE__;

let manifest: Manifest | undefined;

export function readManifest(): Manifest {
  manifest ??= JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as Manifest;
  return manifest;
}

export function readSiteInfo(): SiteInfo {
  const { pages: _pages, ...info } = readManifest();
  return info;
}

export function readPage(file: string): PageData {
  return JSON.parse(readFileSync(join(root, 'pages', file), 'utf8')) as PageData;
}

/** `/a/b/` → `a/b`; `/` → undefined (the catch-all's root). */
export function routeParam(route: string): string | undefined {
  const trimmed = route.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? undefined : trimmed;
}
