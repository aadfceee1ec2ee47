// The site-wide "recent changes" timeline: every commit that changed a page of the wiki, newest
// first, each with the pages it changed. A commit changed a page when it is in the full change
// list of one of the page's source files (or is the last change of one of its sections).
// Index pages (home, repository, directories) own no sources and are never listed: they would
// repeat every commit.

import { changesOf, orderOf } from '../history/query.ts';
import type { Commit, RepoHistory } from '../model/history.ts';
import type { WikiProvenance, WikiTree } from '../model/wiki.ts';

export interface TimelineEntry {
  repo: string;
  commit: Commit;
  /** Pages the commit changed, sorted by route. */
  pages: { title: string; route: string }[];
}

/** Preferred route of the timeline; another route is used when a repository already owns it. */
export const TIMELINE_ROUTE = '/changes/';

/** The timeline's route: `/changes/`, or `/changes-2/`, … when that one is taken by a page. */
export function timelineRoute(tree: WikiTree): string {
  const taken = (route: string) => tree.nodes.some((p) => p.page.route === route || p.page.route.startsWith(route));
  if (!taken(TIMELINE_ROUTE)) return TIMELINE_ROUTE;
  for (let i = 2; ; i++) if (!taken(`/changes-${i}/`)) return `/changes-${i}/`;
}

/**
 * Every commit that changed a page, newest first: history order within a repository (dates can be
 * skewed), and across repositories the newest landed date first, without ever reordering the
 * commits of one repository.
 */
export function collectTimeline(tree: WikiTree, provenance: WikiProvenance, histories: ReadonlyMap<string, RepoHistory>): TimelineEntry[] {
  const perRepo = new Map<string, Map<string, { commit: Commit; pages: Map<string, string> }>>();
  const add = (repo: string, commit: Commit, title: string, route: string) => {
    let commits = perRepo.get(repo);
    if (!commits) perRepo.set(repo, (commits = new Map()));
    let entry = commits.get(commit.sha);
    if (!entry) commits.set(commit.sha, (entry = { commit, pages: new Map() }));
    entry.pages.set(route, title);
  };
  for (const p of tree.nodes) {
    if (p.page.sources.length === 0) continue;
    const { title, route } = p.page;
    const paths = new Set<string>();
    for (const s of [...p.page.sources, ...p.page.sections.flatMap((section) => section.sources)]) paths.add(`${s.repo}\0${s.path}`);
    for (const key of [...paths].sort()) {
      const [repo, path] = key.split('\0') as [string, string];
      const history = histories.get(repo);
      if (!history) continue;
      for (const commit of changesOf(history, path)) add(repo, commit, title, route);
    }
    for (const change of Object.values(provenance.pages[p.page.id]!.sections)) {
      if (change.status === 'known' && p.page.repo) add(p.page.repo, change.commit, title, route);
    }
  }

  const lists = [...perRepo.keys()].sort().map((repo) => {
    const history = histories.get(repo);
    const entries = [...perRepo.get(repo)!.values()].sort((a, b) =>
      history ? orderOf(history, a.commit.sha) - orderOf(history, b.commit.sha) : b.commit.committedAt.localeCompare(a.commit.committedAt) || a.commit.sha.localeCompare(b.commit.sha),
    );
    return entries.map((e): TimelineEntry => ({
      repo,
      commit: e.commit,
      pages: [...e.pages].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([route, title]) => ({ title, route })),
    }));
  });
  return mergeNewestFirst(lists);
}

/** K-way merge of per-repository lists (each already newest first) by landed time. */
function mergeNewestFirst(lists: TimelineEntry[][]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const heads = lists.map(() => 0);
  const time = (e: TimelineEntry) => Date.parse(e.commit.committedAt);
  for (;;) {
    let best = -1;
    for (let i = 0; i < lists.length; i++) {
      const candidate = lists[i]![heads[i]!];
      if (!candidate) continue;
      const current = best === -1 ? undefined : lists[best]![heads[best]!];
      // Ties keep repository order (lists are sorted by repository id).
      if (!current || time(candidate) > time(current)) best = i;
    }
    if (best === -1) return out;
    out.push(lists[best]![heads[best]!]!);
    heads[best]! += 1;
  }
}
