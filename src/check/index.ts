// The check stage: what `livewiki check` reports without building the site, over the rendered
// bundle: internal links and `#anchors` (each broken one at its source file and line) and the
// secret gate's findings (a value redacted from a committed source, or one still in the output).

import type { Diagnostics } from '../model/diagnostics.ts';
import type { SiteBundle, SitePage } from '../model/site.ts';
import type { WikiTree } from '../model/wiki.ts';
import { checkLinks, type PageOrigin } from './links.ts';
import { checkSecrets } from './secrets.ts';

export interface CheckInput {
  bundle: SiteBundle;
  /** The bundle's pages as the site stage would build them (see selectPages). */
  pages: SitePage[];
  tree: WikiTree;
  /** Text of a repository file (to locate a finding at its line). */
  readSource(origin: PageOrigin): string | null;
  allowedSecrets: readonly string[];
}

export interface CheckResult {
  links: number;
  brokenLinks: number;
  secrets: number;
}

export function checkLinksOf(input: CheckInput, diagnostics: Diagnostics): { links: number; broken: number } {
  const { origins } = originsOf(input.tree);
  return checkLinks({ pages: input.pages, files: [...input.bundle.files.map((f) => f.outPath), ...input.bundle.assets.map((a) => a.outPath)], originOf: origins, readSource: input.readSource }, diagnostics);
}

export function checkSecretsOf(input: CheckInput, diagnostics: Diagnostics): number {
  const { sourcesOf } = originsOf(input.tree);
  return checkSecrets(
    { bundle: { ...input.bundle, pages: input.pages }, sourcesOf, readSource: input.readSource, reported: [...diagnostics.items], allowedFingerprints: new Set(input.allowedSecrets) },
    diagnostics,
  );
}

/** Route → sources of the page that owns it (paginated `…/page/N/` routes included). */
function originsOf(tree: WikiTree) {
  const byRoute = new Map<string, PageOrigin[]>();
  for (const { page } of tree.nodes) if (page.sources.length > 0) byRoute.set(page.route, page.sources.map((s) => ({ repo: s.repo, path: s.path })));
  const sourcesOf = (route: string): PageOrigin[] => byRoute.get(route) ?? byRoute.get(route.replace(/page\/\d+\/$/, '')) ?? [];
  return { sourcesOf, origins: (route: string): PageOrigin | null => sourcesOf(route)[0] ?? null };
}
