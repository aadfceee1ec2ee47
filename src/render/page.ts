// Renders a wiki page into a SitePage: provenance line, banners, the extractor's body with
// section badges, the child list (paginated) and, on repository roots, the overview.

import type { SitePage, TocEntry } from '../model/site.ts';
import { provenanceOf, type ProvenanceOptions } from '../provenance/attach.ts';
import type { WikiPage } from '../pipeline/wiki.ts';
import type { TemplateEnv } from './handlebars.ts';
import { pageNav } from './nav.ts';
import { historyView, provenanceView } from './view.ts';

export const CHILDREN_PER_PAGE = 100;
const TOC_MAX_DEPTH = 3;

function toc(p: WikiPage): TocEntry[] {
  return p.page.sections
    .filter((s) => (s.depth ?? 2) <= TOC_MAX_DEPTH)
    .map((s) => ({ anchor: s.anchor, title: s.title, depth: s.depth ?? 2 }));
}

function childrenHtml(p: WikiPage, templates: TemplateEnv, options: ProvenanceOptions, pageIndex: number, pageCount: number): string {
  if (p.children.length === 0) return '';
  const slice = p.children.slice(pageIndex * CHILDREN_PER_PAGE, (pageIndex + 1) * CHILDREN_PER_PAGE);
  return templates.render('page/children', {
    heading: p.page.kind === 'home' ? 'Repositories' : 'Pages',
    children: slice.map((c) => ({
      route: c.page.route,
      title: c.page.title,
      description: c.page.description,
      prov: provenanceView(provenanceOf(c.change, options)),
    })),
    pagination: {
      pages:
        pageCount > 1
          ? Array.from({ length: pageCount }, (_, i) => ({ number: i + 1, route: paginatedRoute(p.page.route, i), current: i === pageIndex }))
          : [],
    },
  });
}

/** Owners of the page when the model knows them (CODEOWNERS); optional on the page model. */
function ownersOf(p: WikiPage): string[] {
  const owners = (p.page as { owners?: unknown }).owners;
  return Array.isArray(owners) ? owners.filter((o): o is string => typeof o === 'string') : [];
}

/** `/repo/docs/` → `/repo/docs/page/2/` for the second page of children. */
export function paginatedRoute(route: string, pageIndex: number): string {
  return pageIndex === 0 ? route : `${route}page/${pageIndex + 1}/`;
}

export function renderPage(p: WikiPage, templates: TemplateEnv, options: ProvenanceOptions): SitePage[] {
  const badges = new Map<string, string>();
  for (const section of p.page.sections) {
    const change = p.sectionChanges.get(section.anchor);
    if (change) badges.set(section.anchor, templates.render('page/badge', { anchor: section.anchor, prov: provenanceView(provenanceOf(change, options)) }));
  }
  const bodyHtml = p.page.renderBody({ badge: (anchor) => badges.get(anchor) ?? '', escape: templates.escape });
  const overviewHtml = p.overview
    ? templates.render('page/overview', {
        history: p.overview.history.map(historyView),
        historyUrl: p.overview.historyUrl,
        contributors: p.overview.contributors,
        owners: p.overview.owners,
        ownersFile: p.overview.ownersFile,
        manifest: p.overview.manifest,
      })
    : '';
  const pageCount = Math.max(1, Math.ceil(p.children.length / CHILDREN_PER_PAGE));
  const nav = pageNav(p);
  const out: SitePage[] = [];
  for (let i = 0; i < pageCount; i++) {
    const html = templates.render('page/page', {
      title: p.page.title,
      prov: provenanceView(provenanceOf(p.change, options)),
      history: p.history.map(historyView),
      historyUrl: p.historyUrl,
      owners: ownersOf(p),
      banners: p.page.banners ?? [],
      bodyHtml: i === 0 ? bodyHtml : '',
      afterHtml: (i === 0 ? overviewHtml : '') + childrenHtml(p, templates, options, i, pageCount),
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
