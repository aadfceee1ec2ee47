// The render stage: wiki pages (from the tree and its provenance, the render cache in front),
// the recent-changes timeline, and the ledger's redirects and tombstones, as site pages; every
// text redacted once more. Its output is the SiteBundle's pages.

import type { Store } from '../cache/index.ts';
import type { LedgerResult } from '../ledger/carry.ts';
import type { SemanticHistory } from '../model/changes.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { RepoHistory } from '../model/history.ts';
import type { NavLink, SitePage } from '../model/site.ts';
import type { TemplateRenderer } from '../model/templates.ts';
import type { WikiProvenance, WikiTree } from '../model/wiki.ts';
import type { ProvenanceOptions } from '../provenance/attach.ts';
import { renderWikiPages } from './cached.ts';
import { addLostAnchors, ledgerPages, type LostAnchors } from './ledger-pages.ts';
import type { PageInput } from './page.ts';
import { redactPages } from './redact.ts';
import { stalePages } from './stale.ts';
import { pageSectionChanges } from './section-history.ts';
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
  /** What each commit changed in each section (the change history stage); absent: no section histories. */
  changes?: SemanticHistory;
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
export function pageInputs(tree: WikiTree, provenance: WikiProvenance, changes?: { semantic: SemanticHistory; histories: ReadonlyMap<string, RepoHistory>; options: ProvenanceOptions }): PageInput[] {
  return tree.nodes.map((node) => ({
    tree,
    node,
    prov: provenance.pages[node.page.id]!,
    provenance: provenance.pages,
    overview: node.page.repo !== null && tree.repoRoots[node.page.repo] === node.page.id ? (provenance.overviews[node.page.repo] ?? null) : null,
    ...(changes ? { changes: pageSectionChanges(changes.semantic.sections[node.page.id], node.page.repo !== null ? changes.histories.get(node.page.repo) : undefined, changes.options) } : {}),
  }));
}

export function renderSite(input: RenderInput, ctx: RenderContext): RenderedSite {
  const { tree, provenance, provOptions } = input;
  const { templates } = ctx;
  const inputs = pageInputs(tree, provenance, input.changes ? { semantic: input.changes, histories: input.histories, options: provOptions } : undefined);
  const lostAnchors = withRemovals(input.ledger.lostAnchors, input.changes);
  // Wiki pages: rendered, lost anchors added and redacted one by one, from the cache when unchanged.
  const wiki = renderWikiPages(inputs, { templates, provOptions, lostAnchors, store: ctx.store });
  // Recent-changes timeline (site-wide, paginated; not part of livewiki.json).
  const changesRoute = timelineRoute(tree);
  const other = renderTimeline(collectTimeline(tree, provenance, input.histories), templates, { ...provOptions, route: changesRoute, homeTitle: tree.title, repos: input.repos });
  const stale = stalePages(tree, provenance, input.repos, templates);
  other.push(...stale.pages);
  addLostAnchors(other, lostAnchors, templates);
  other.push(...ledgerPages(input.ledger, templates));
  for (const note of wiki.notes) ctx.diagnostics.add(note);
  redactPages(other, ctx.diagnostics);
  return { pages: [...wiki.pages, ...other], headerLinks: [{ title: 'Recent changes', route: changesRoute }, { title: 'Stale', route: stale.link }] };
}

/**
 * Lost anchors of removed API operations and schemas point at their removal on the spec's API
 * changes page (the newest removal of the same entity in the same repository).
 */
function withRemovals(lost: LedgerResult['lostAnchors'], changes: SemanticHistory | undefined): LostAnchors {
  if (!changes) return lost;
  // Per repository, kind and key: the newest removal in each spec (records are newest first).
  const removals = new Map<string, { path: string; href: string }[]>();
  for (const r of changes.records) {
    if (r.change !== 'removed' || r.anchor === null || (r.kind !== 'operation' && r.kind !== 'schema')) continue;
    const key = `${r.repo}\0${r.kind}\0${r.key}`;
    const list = removals.get(key) ?? [];
    if (!list.some((l) => l.path === r.path)) list.push({ path: r.path, href: `${r.page}#${r.anchor}` });
    removals.set(key, list);
  }
  const out: LostAnchors = Object.create(null) as LostAnchors;
  for (const [route, list] of Object.entries(lost)) {
    const repo = route.split('/')[1] ?? '';
    out[route] = list.map((l) => {
      if (l.to !== null) return l;
      const candidates = removals.get(`${repo}\0${l.anchor.kind}\0${l.anchor.key}`) ?? [];
      // The spec whose pages the route is under; the only candidate when the route says nothing.
      const own = candidates.find((c) => route.startsWith(`/${repo}/${c.path}/`)) ?? (candidates.length === 1 ? candidates[0] : undefined);
      return { ...l, removedIn: own?.href ?? null };
    });
  }
  return out;
}

export { renderWikiPages, renderKey, RENDER_KIND } from './cached.ts';
