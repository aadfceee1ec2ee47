// Renders a wiki page into a SitePage: provenance line, banners, the extractor's body with
// section badges, the child list (paginated) and, on repository roots, the overview.

import type { SitePage, TocEntry } from '../model/site.ts';
import type { TemplateRenderer } from '../model/templates.ts';
import type { PageProvenance, RepoOverview, WikiNode, WikiTree } from '../model/wiki.ts';
import { provenanceOf, type ProvenanceOptions } from '../provenance/attach.ts';
import { childrenOf, groupTitle, type NavGroup } from '../structure/index.ts';
import { fillBody } from './body.ts';
import { pageNav } from './nav.ts';
import { staleHtml, staleRoute } from './stale.ts';
import { sectionHistoryHtml, type SectionChanges } from './section-history.ts';
import { historyView, provenanceView } from './view.ts';

export const CHILDREN_PER_PAGE = 100;
const TOC_MAX_DEPTH = 3;

/** What a wiki page is rendered from: its node, its provenance and its children's (plain data). */
export interface PageInput {
  tree: WikiTree;
  node: WikiNode;
  prov: PageProvenance;
  /** Provenance of every page by id (children's last changes are listed). */
  provenance: Readonly<Record<string, PageProvenance>>;
  /** On a repository's root page. */
  overview: RepoOverview | null;
  /** Each section's recent changes by anchor (the change history stage's, commits resolved); null when none. */
  changes?: Record<string, SectionChanges> | null;
}

function toc(p: WikiNode): TocEntry[] {
  return p.page.sections
    .filter((s) => (s.depth ?? 2) <= TOC_MAX_DEPTH)
    .map((s) => ({ anchor: s.anchor, title: s.title, depth: s.depth ?? 2 }));
}

function childrenHtml(input: PageInput, templates: TemplateRenderer, options: ProvenanceOptions, pageIndex: number, pageCount: number): string {
  const p = input.node;
  if (p.children.length === 0) return '';
  const slice = childrenOf(input.tree, { ...p, children: p.children.slice(pageIndex * CHILDREN_PER_PAGE, (pageIndex + 1) * CHILDREN_PER_PAGE) });
  // Children are listed by group (documentation, references, configuration…), with a heading
  // per group when they span more than one.
  const spans = new Set(childrenOf(input.tree, p).map((c) => c.group)).size > 1;
  const groups: { title: string; children: object[] }[] = [];
  for (const c of slice) {
    const title = spans && c.group ? groupTitle(c.group as NavGroup) : '';
    // A folder is listed with its newest change below (what a reader scanning a listing wants).
    const view = { route: c.page.route, title: c.page.title, description: c.page.description, prov: provenanceView(provenanceOf(listedChange(input.provenance[c.page.id]!), options)) };
    const last = groups[groups.length - 1];
    if (last && last.title === title) last.children.push(view);
    else groups.push({ title, children: [view] });
  }
  return templates.render('page/children', {
    heading: p.page.kind === 'home' ? 'Repositories' : 'Pages',
    groups,
    pagination: {
      pages:
        pageCount > 1
          ? Array.from({ length: pageCount }, (_, i) => ({ number: i + 1, route: paginatedRoute(p.page.route, i), current: i === pageIndex }))
          : [],
    },
  });
}

/** The change a listing shows for a page: the newest below a folder, else the page's own. */
export function listedChange(prov: PageProvenance): PageProvenance['change'] {
  return prov.scope?.change ?? prov.change;
}

/** What a scope is called where it has no folder path. */
function scopeLabel(path: string | null): string {
  return path === null ? 'the wiki' : path === '' ? 'this repository' : path;
}

/** `/repo/docs/` → `/repo/docs/page/2/` for the second page of children. */
export function paginatedRoute(route: string, pageIndex: number): string {
  return pageIndex === 0 ? route : `${route}page/${pageIndex + 1}/`;
}

export function renderPage(input: PageInput, templates: TemplateRenderer, options: ProvenanceOptions): SitePage[] {
  const { node: p, prov } = input;
  const badges = new Map<string, string>();
  // A section's slot: its last change (the badge), then its own recent changes.
  const histories = sectionHistoryHtml(p.page.sections.map((s) => s.anchor), input.changes ?? null, templates);
  for (const section of p.page.sections) {
    const change = prov.sections[section.anchor];
    const badge = change ? templates.render('page/badge', { anchor: section.anchor, prov: provenanceView(provenanceOf(change, options)) }) : '';
    const history = histories.get(section.anchor) ?? '';
    if (badge !== '' || history !== '') badges.set(section.anchor, badge + history);
  }
  // Stale notes (issue 15.1): beside the section's badge, and at the top for the page's own `covers:`.
  const stale = prov.stale;
  const listRoute = stale ? staleRoute(input.tree, p.page.repo) : '';
  const owners = p.page.owners ?? [];
  if (stale) {
    for (const [anchor, mark] of Object.entries(stale.sections)) badges.set(anchor, (badges.get(anchor) ?? '') + staleHtml(mark, owners, listRoute, 'section', templates));
  }
  const pageStale = stale?.page ? staleHtml(stale.page, owners, listRoute, 'page', templates) : '';
  const bodyHtml = pageStale + fillBody(p.page.body, (anchor) => badges.get(anchor) ?? '');
  const { overview } = input;
  const overviewHtml = overview
    ? templates.render('page/overview', {
        history: overview.history.map(historyView),
        historyUrl: overview.historyUrl,
        contributors: overview.contributors,
        owners: overview.owners,
        ownersFile: overview.ownersFile,
        manifest: overview.manifest,
      })
    : '';
  const pageCount = Math.max(1, Math.ceil(p.children.length / CHILDREN_PER_PAGE));
  const nav = pageNav(input.tree, p);
  const out: SitePage[] = [];
  for (let i = 0; i < pageCount; i++) {
    const html = templates.render('page/page', {
      title: p.page.title,
      // A folder page without a README has no source of its own: its scope says it all.
      ownProv: p.page.sources.length > 0 || !prov.scope,
      prov: provenanceView(provenanceOf(prov.change, options)),
      scope: prov.scope
        ? {
            path: prov.scope.path,
            label: scopeLabel(prov.scope.path),
            prov: provenanceView(provenanceOf(prov.scope.change, options)),
            // A repository overview lists the repository's recent changes already.
            history: overview ? [] : prov.scope.history.map(historyView),
          }
        : null,
      history: prov.history.map(historyView),
      historyUrl: prov.historyUrl,
      owners: p.page.owners ?? [],
      banners: p.page.banners ?? [],
      bodyHtml: i === 0 ? bodyHtml : '',
      afterHtml: (i === 0 ? overviewHtml : '') + childrenHtml(input, templates, options, i, pageCount),
    });
    out.push({
      route: paginatedRoute(p.page.route, i),
      title: i === 0 ? p.page.title : `${p.page.title} (page ${i + 1})`,
      description: p.page.description,
      repo: p.page.repo,
      kind: p.page.kind,
      bodyHtml: html,
      toc: i === 0 ? toc(p) : [],
      nav,
      // A listing shows its children's last change, so it changes whenever one of them does.
      ...(p.children.length > 0 ? { searchGroup: 'lists' } : {}),
    });
  }
  return out;
}
