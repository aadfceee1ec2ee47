// Arranges extracted pages into a tree: home → repository → directories → pages. A directory's
// README/index document is its index page; other directories get a generated index. Route
// collisions are reported and resolved deterministically.

import type { ExtractedPage } from '../model/extracted.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import { directoryPageId, directoryRoute, repoPageId, repoRoute, shortHash } from '../model/ids.ts';
import { newWikiPage, type SyntheticPage, type WikiPage } from './wiki.ts';

export interface RepoPages {
  repo: string;
  title: string;
  pages: ExtractedPage[];
}

export interface WikiTree {
  home: WikiPage;
  /** Every page, parents before children, deterministic order. */
  all: WikiPage[];
  /** Root page of each repository. */
  repoRoots: Map<string, WikiPage>;
}

function synthetic(id: string, route: string, title: string, kind: SyntheticPage['kind'], repo: string | null, navDir: string): SyntheticPage {
  return { id, route, title, kind, repo, navDir, description: '', sources: [], sections: [], body: [] };
}

function parentDir(dir: string): string {
  return dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
}

function sortKey(p: WikiPage): string {
  return (p.page.navOrder ?? p.page.title).toLowerCase() + '\0' + p.page.route;
}

export function buildTree(title: string, repos: RepoPages[], diagnostics: Diagnostics): WikiTree {
  const home = newWikiPage(synthetic('home', '/', title, 'home', null, ''));
  const repoRoots = new Map<string, WikiPage>();
  const usedRoutes = new Set<string>(['/']);

  for (const { repo, title: repoTitle, pages } of repos) {
    const byRoute = new Map<string, WikiPage>();
    const sorted = [...pages].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const page of sorted) {
      if (usedRoutes.has(page.route) || byRoute.has(page.route)) {
        const other = byRoute.get(page.route);
        const route = `${page.route.slice(0, -1)}-${shortHash(page.id)}/`;
        diagnostics.warn('W_ROUTE_COLLISION', `${page.id} has the same URL as ${other?.page.id ?? 'another page'} (${page.route}); it is published at ${route}`, {
          repo,
          file: page.sources[0]?.path,
          hint: 'Rename one of the files so their names differ by more than case or punctuation.',
        });
        page.route = route;
      }
      usedRoutes.add(page.route);
      byRoute.set(page.route, newWikiPage(page));
    }

    // Directory index pages for every directory on the way to a page.
    const dirIndex = new Map<string, WikiPage>();
    const ensureDir = (dir: string): WikiPage => {
      let index = dirIndex.get(dir);
      if (index) return index;
      const route = directoryRoute(repo, dir);
      index = byRoute.get(route);
      if (!index) {
        const name = dir === '' ? repoTitle : dir.slice(dir.lastIndexOf('/') + 1);
        index = newWikiPage(
          synthetic(dir === '' ? repoPageId(repo) : directoryPageId(repo, dir), route, name, dir === '' ? 'repo-overview' : 'index', repo, parentDir(dir)),
        );
        byRoute.set(route, index);
        usedRoutes.add(route);
      }
      if (dir === '') index.page.kind = 'repo-overview';
      dirIndex.set(dir, index);
      if (dir !== '') ensureDir(parentDir(dir));
      return index;
    };
    const root = ensureDir('');
    for (const wp of [...byRoute.values()]) {
      const dir = wp.page.navDir;
      // A directory's README/index is that directory's index page, not one of its children.
      if (wp.page.route === directoryRoute(repo, dir)) {
        ensureDir(dir);
        continue;
      }
      const index = ensureDir(dir);
      wp.parent = index;
      index.children.push(wp);
    }
    for (const [dir, index] of dirIndex) {
      if (dir === '') continue;
      const parent = ensureDir(parentDir(dir));
      index.parent = parent;
      if (!parent.children.includes(index)) parent.children.push(index);
    }
    root.parent = home;
    home.children.push(root);
    repoRoots.set(repo, root);
  }

  const all: WikiPage[] = [];
  const visit = (p: WikiPage): void => {
    p.children.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
    all.push(p);
    for (const c of p.children) visit(c);
  };
  visit(home);
  return { home, all, repoRoots };
}
