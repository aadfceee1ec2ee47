// The structure stage: arranges extracted pages into a tree, home → repository → directories →
// pages. A directory's README/index document is its index page; other directories get a
// generated index. Route collisions are reported and resolved deterministically.

import type { Diagnostics } from '../model/diagnostics.ts';
import type { ExtractedPage } from '../model/extracted.ts';
import { directoryPageId, directoryRoute, repoPageId, shortHash } from '../model/ids.ts';
import type { SyntheticPage, WikiNode, WikiTree } from '../model/wiki.ts';
import { dirOf } from '../utils/paths.ts';

export interface RepoPages {
  repo: string;
  title: string;
  pages: ExtractedPage[];
}

/** A node while the tree is assembled (object links); the result is plain data. */
interface Draft {
  page: ExtractedPage | SyntheticPage;
  parent: Draft | null;
  children: Draft[];
  folder: string | null;
}

function draft(page: ExtractedPage | SyntheticPage): Draft {
  return { page, parent: null, children: [], folder: null };
}

function synthetic(id: string, route: string, title: string, kind: SyntheticPage['kind'], repo: string | null, navDir: string): SyntheticPage {
  return { id, route, title, kind, repo, navDir, description: '', sources: [], sections: [], body: [] };
}

function sortKey(p: Draft): string {
  return (p.page.navOrder ?? p.page.title).toLowerCase() + '\0' + p.page.route;
}

export function buildTree(title: string, repos: RepoPages[], diagnostics: Diagnostics): WikiTree {
  const home = draft(synthetic('home', '/', title, 'home', null, ''));
  const repoRoots: Record<string, string> = {};
  const usedRoutes = new Set<string>(['/']);

  for (const { repo, title: repoTitle, pages } of repos) {
    const byRoute = new Map<string, Draft>();
    const sorted = [...pages].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (let page of sorted) {
      if (usedRoutes.has(page.route) || byRoute.has(page.route)) {
        const other = byRoute.get(page.route);
        // The new route stays under its repository's prefix, even for the repository root
        // (`/r/` → `/r/x-<hash>/`, never `/r-<hash>/`, which could be another repository's).
        const route = page.route === `/${repo}/` ? `/${repo}/x-${shortHash(page.id)}/` : `${page.route.slice(0, -1)}-${shortHash(page.id)}/`;
        diagnostics.warn('W_ROUTE_COLLISION', `${page.id} has the same URL as ${other?.page.id ?? 'another page'} (${page.route}); it is published at ${route}`, {
          repo,
          file: page.sources[0]?.path,
          hint: 'Rename one of the files so their names differ by more than case or punctuation.',
        });
        page = { ...page, route };
      }
      usedRoutes.add(page.route);
      byRoute.set(page.route, draft(page));
    }

    // Directory index pages for every directory on the way to a page.
    const dirIndex = new Map<string, Draft>();
    const ensureDir = (dir: string): Draft => {
      let index = dirIndex.get(dir);
      if (index) return index;
      const route = directoryRoute(repo, dir);
      index = byRoute.get(route);
      if (!index) {
        const name = dir === '' ? repoTitle : dir.slice(dir.lastIndexOf('/') + 1);
        index = draft(synthetic(dir === '' ? repoPageId(repo) : directoryPageId(repo, dir), route, name, dir === '' ? 'repo-overview' : 'index', repo, dirOf(dir)));
        byRoute.set(route, index);
        usedRoutes.add(route);
      }
      if (dir === '') index.page = { ...index.page, kind: 'repo-overview' };
      index.folder = dir;
      dirIndex.set(dir, index);
      if (dir !== '') ensureDir(dirOf(dir));
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
      const parent = ensureDir(dirOf(dir));
      index.parent = parent;
      if (!parent.children.includes(index)) parent.children.push(index);
    }
    root.parent = home;
    home.children.push(root);
    repoRoots[repo] = root.page.id;
  }

  const nodes: WikiNode[] = [];
  const visit = (p: Draft): void => {
    p.children.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
    nodes.push({ page: p.page, parent: p.parent?.page.id ?? null, children: p.children.map((c) => c.page.id), folder: p.folder });
    for (const c of p.children) visit(c);
  };
  visit(home);
  return { title, nodes, repoRoots };
}
