// Renders the recent-changes timeline into paginated site pages (`/changes/`, `/changes/page/2/`,
// …). Filtering by repository and date window happens in the reader's browser over the
// `data-repo` and `data-committed` attributes; without JavaScript every entry stays visible.

import type { SitePage } from '../model/site.ts';
import type { TimelineEntry } from './timeline-entries.ts';
import { historyEntry, type ProvenanceOptions } from '../provenance/attach.ts';
import { formatDate } from './dates.ts';
import type { TemplateRenderer } from '../model/templates.ts';
import { paginatedRoute } from './page.ts';
import { historyView } from './view.ts';

export const CHANGES_PER_PAGE = 100;
/** Pages listed under one commit; a commit that touched more says how many more. */
export const PAGES_PER_CHANGE = 30;

export interface TimelineOptions extends ProvenanceOptions {
  route: string;
  /** Title of the home page, for the breadcrumb. */
  homeTitle: string;
  /** Repository ids, for the filter (all of them, even those without changes). */
  repos: string[];
}

export function renderTimeline(entries: TimelineEntry[], templates: TemplateRenderer, options: TimelineOptions): SitePage[] {
  const pageCount = Math.max(1, Math.ceil(entries.length / CHANGES_PER_PAGE));
  const chunks = Array.from({ length: pageCount }, (_, i) => entries.slice(i * CHANGES_PER_PAGE, (i + 1) * CHANGES_PER_PAGE));
  // Each pagination link says which dates it covers, so a reader can jump to "before 03:00".
  const pagination =
    pageCount > 1
      ? chunks.map((chunk, i) => ({
          number: i + 1,
          route: paginatedRoute(options.route, i),
          range: `${formatDate(chunk.at(-1)!.commit.committedAt)} – ${formatDate(chunk[0]!.commit.committedAt)}`,
        }))
      : [];
  return chunks.map((chunk, i) => {
    const title = i === 0 ? 'Recent changes' : `Recent changes (page ${i + 1})`;
    const bodyHtml = templates.render('page/changes', {
      title,
      total: entries.length,
      first: i * CHANGES_PER_PAGE + 1,
      last: i * CHANGES_PER_PAGE + chunk.length,
      repos: options.repos.length > 1 ? options.repos : [],
      entries: chunk.map((e) => ({
        repo: e.repo,
        change: historyView(historyEntry(e.commit, options)),
        pages: e.pages.slice(0, PAGES_PER_CHANGE),
        more: Math.max(0, e.pages.length - PAGES_PER_CHANGE),
      })),
      pagination: pagination.map((p, j) => ({ ...p, current: j === i })),
    });
    return {
      route: paginatedRoute(options.route, i),
      title,
      description: 'Every change to this wiki, newest first, with the pages it changed.',
      repo: null,
      kind: 'changes',
      bodyHtml,
      toc: [],
      nav: { breadcrumbs: [{ title: options.homeTitle, route: '/' }], sidebar: [] },
      // Every timeline page shifts by one entry per new commit: they are re-indexed together.
      searchGroup: 'changes',
    };
  });
}
