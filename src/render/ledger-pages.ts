// Site pages for the ledger: redirects, tombstones and "source unavailable" pages at old routes,
// and a note on live pages for their sections that moved or went away (and for sections of pages
// that moved to them without those sections). None of them is in the search index.

import type { LedgerResult } from '../ledger/carry.ts';
import { CODES, isCode } from '../model/codes.ts';
import { repoRoute } from '../model/ids.ts';
import type { SitePage } from '../model/site.ts';
import type { TemplateRenderer } from '../model/templates.ts';

const EMPTY_NAV = { breadcrumbs: [], sidebar: [] };

const byAnchor = <T extends { anchor: string }>(list: T[]): T[] => list.sort((a, b) => (a.anchor < b.anchor ? -1 : a.anchor > b.anchor ? 1 : 0));

export function ledgerPages(result: LedgerResult, templates: TemplateRenderer): SitePage[] {
  const pages: SitePage[] = [];
  for (const { entry, moves, gone } of result.redirects) {
    const isGone = new Set(gone);
    const all = Object.entries(moves).map(([anchor, to]) => ({ anchor, to }));
    pages.push({
      route: entry.route,
      title: entry.title,
      description: `Moved to ${entry.to}`,
      repo: entry.repo,
      bodyHtml: templates.render('page/redirect', {
        title: entry.title,
        to: entry.to!,
        moves: byAnchor(all.filter((m) => !isGone.has(m.anchor))),
        gone: byAnchor(all.filter((m) => isGone.has(m.anchor))),
      }),
      toc: [],
      nav: EMPTY_NAV,
      indexed: false,
      redirect: { to: entry.to!, moves },
    });
  }
  for (const entry of result.tombstones) {
    pages.push({
      route: entry.route,
      title: entry.title,
      description: 'This page was removed.',
      repo: entry.repo,
      bodyHtml: templates.render('page/tombstone', {
        title: entry.title,
        removed: entry.removed ?? null,
        anchors: entry.anchors,
        repoRoute: entry.repo ? repoRoute(entry.repo) : null,
      }),
      toc: [],
      nav: EMPTY_NAV,
      indexed: false,
    });
  }
  for (const item of result.unavailable) {
    const { entry } = item;
    const failure = item.because === 'source' ? { ...item.failure, title: isCode(item.failure.code) ? CODES[item.failure.code].title : 'it could not be read' } : null;
    pages.push({
      route: entry.route,
      title: entry.title,
      description: 'The source of this page could not be read in this build.',
      repo: entry.repo,
      bodyHtml: templates.render('page/unavailable', {
        title: entry.title,
        repo: entry.repo,
        failure,
        anchors: entry.anchors,
        repoRoute: entry.repo && entry.route !== repoRoute(entry.repo) ? repoRoute(entry.repo) : null,
      }),
      toc: [],
      nav: EMPTY_NAV,
      indexed: false,
    });
  }
  return pages;
}

/** Appends the moved/removed sections note to live pages that list anchors they no longer have. */
export function addLostAnchors(pages: SitePage[], lostAnchors: LedgerResult['lostAnchors'], templates: TemplateRenderer): void {
  for (const page of pages) {
    const lost = lostAnchors[page.route];
    if (!lost) continue;
    page.bodyHtml += templates.render('page/lost-anchors', {
      lost: lost.map(({ anchor, id, to, removed }) => ({ id, key: anchor.key, to, removed })),
    });
  }
}
