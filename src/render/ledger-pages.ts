// Site pages for the ledger: redirects and tombstones at old routes, and a note on live pages
// for their sections that moved or went away. None of them is in the search index.

import type { LedgerResult } from '../ledger/carry.ts';
import { repoRoute } from '../model/ids.ts';
import type { SitePage } from '../model/site.ts';
import type { TemplateRenderer } from '../model/templates.ts';

const EMPTY_NAV = { breadcrumbs: [], sidebar: [] };

export function ledgerPages(result: LedgerResult, templates: TemplateRenderer): SitePage[] {
  const pages: SitePage[] = [];
  for (const { entry, moves } of result.redirects) {
    pages.push({
      route: entry.route,
      title: entry.title,
      description: `Moved to ${entry.to}`,
      repo: entry.repo,
      bodyHtml: templates.render('page/redirect', {
        title: entry.title,
        to: entry.to!,
        moves: Object.entries(moves)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([anchor, to]) => ({ anchor, to })),
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
  return pages;
}

/** Anchors a live page lost, and where each went; `removedIn` links the change that removed an API entity. */
export type LostAnchors = Record<string, (LedgerResult['lostAnchors'][string][number] & { removedIn?: string | null })[]>;

/** Appends the moved/removed sections note to live pages that lost anchors. */
export function addLostAnchors(pages: SitePage[], lostAnchors: LostAnchors, templates: TemplateRenderer): void {
  for (const page of pages) {
    const lost = lostAnchors[page.route];
    if (!lost) continue;
    page.bodyHtml += templates.render('page/lost-anchors', {
      lost: lost.map(({ anchor, to, removedIn }) => ({ anchor: anchor.anchor, key: anchor.key, to, removedIn: removedIn ?? null })),
    });
  }
}
