// The render stage: wiki pages (from the tree and its provenance, the render cache in front),
// the recent-changes timeline, and the ledger's redirects and tombstones, as site pages; every
// text redacted once more. Its output is the SiteBundle's pages.

import type { Store } from '../cache/index.ts';
import type { LedgerResult } from '../ledger/carry.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { RepoHistory } from '../model/history.ts';
import type { NavLink, SitePage } from '../model/site.ts';
import type { TemplateRenderer } from '../model/templates.ts';
import type { WikiProvenance, WikiTree } from '../model/wiki.ts';
import type { ProvenanceOptions } from '../provenance/attach.ts';
import { renderWikiPages } from './cached.ts';
import { addLostAnchors, ledgerPages } from './ledger-pages.ts';
import type { PageInput } from './page.ts';
import { redactPages } from './redact.ts';
import { renderTimeline } from './timeline.ts';
import { collectTimeline, timelineRoute } from './timeline-entries.ts';

export interface RenderInput {
  tree: WikiTree;
  provenance: WikiProvenance;
  histories: ReadonlyMap<string, RepoHistory>;
  ledger: LedgerResult;
  /** Repository ids, in configuration order. */
  repos: string[];
  provOptions: ProvenanceOptions;
}

export interface RenderContext {
  templates: TemplateRenderer;
  store: Store | null;
  diagnostics: Diagnostics;
}

export interface RenderedSite {
  pages: SitePage[];
  /** Site-wide links in the header. */
  headerLinks: NavLink[];
}

/** Each wiki page's render input, in tree order. */
export function pageInputs(tree: WikiTree, provenance: WikiProvenance): PageInput[] {
  return tree.nodes.map((node) => ({
    tree,
    node,
    prov: provenance.pages[node.page.id]!,
    provenance: provenance.pages,
    overview: node.page.repo !== null && tree.repoRoots[node.page.repo] === node.page.id ? (provenance.overviews[node.page.repo] ?? null) : null,
  }));
}

export function renderSite(input: RenderInput, ctx: RenderContext): RenderedSite {
  const { tree, provenance, provOptions } = input;
  const { templates } = ctx;
  const inputs = pageInputs(tree, provenance);
  // Wiki pages: rendered, lost anchors added and redacted one by one, from the cache when unchanged.
  const wiki = renderWikiPages(inputs, { templates, provOptions, lostAnchors: input.ledger.lostAnchors, store: ctx.store });
  // Recent-changes timeline (site-wide, paginated; not part of livewiki.json).
  const changesRoute = timelineRoute(tree);
  const other = renderTimeline(collectTimeline(tree, provenance, input.histories), templates, { ...provOptions, route: changesRoute, homeTitle: tree.title, repos: input.repos });
  addLostAnchors(other, input.ledger.lostAnchors, templates);
  other.push(...ledgerPages(input.ledger, templates));
  for (const note of wiki.notes) ctx.diagnostics.add(note);
  redactPages(other, ctx.diagnostics);
  return { pages: [...wiki.pages, ...other], headerLinks: [{ title: 'Recent changes', route: changesRoute }] };
}

export { renderWikiPages, renderKey, RENDER_KIND } from './cached.ts';
