// Per-page navigation, bounded whatever the wiki's size (DESIGN §6): breadcrumbs, the siblings
// around the current page and its first children. Full listings live on (paginated) index pages.

import type { NavLink, PageNav } from '../model/site.ts';
import type { WikiNode, WikiTree } from '../model/wiki.ts';
import { childrenOf, parentOf } from '../structure/index.ts';

export const SIDEBAR_SIBLINGS = 25;
export const SIDEBAR_CHILDREN = 25;

function link(p: WikiNode, current = false): NavLink {
  return current ? { title: p.page.title, route: p.page.route, current: true } : { title: p.page.title, route: p.page.route };
}

/** Up to `max` items of `items` around `index`, with a "more" link to `overflowRoute`. */
function window<T>(items: T[], index: number, max: number): { slice: T[]; truncated: boolean } {
  if (items.length <= max) return { slice: items, truncated: false };
  const start = Math.max(0, Math.min(index - Math.floor(max / 2), items.length - max));
  return { slice: items.slice(start, start + max), truncated: true };
}

export function pageNav(tree: WikiTree, p: WikiNode): PageNav {
  const breadcrumbs: NavLink[] = [];
  for (let a = parentOf(tree, p); a; a = parentOf(tree, a)) breadcrumbs.unshift(link(a));

  const children = (): NavLink[] => {
    const { slice, truncated } = window(p.children, 0, SIDEBAR_CHILDREN);
    const links = childrenOf(tree, { ...p, children: slice }).map((c) => link(c));
    if (truncated) links.push({ title: `All ${p.children.length} pages…`, route: p.page.route });
    return links;
  };

  const parent = parentOf(tree, p);
  let sidebar: NavLink[];
  if (!parent || p.page.kind === 'repo-overview' || p.page.kind === 'home') {
    // Top of a tree: the page itself with its children.
    sidebar = [{ ...link(p, true), children: children() }];
  } else {
    const siblings = parent.children;
    const { slice, truncated } = window(siblings, siblings.indexOf(p.page.id), SIDEBAR_SIBLINGS);
    const items = childrenOf(tree, { ...parent, children: slice }).map((s) => (s === p ? { ...link(s, true), ...(p.children.length ? { children: children() } : {}) } : link(s)));
    if (truncated) items.push({ title: `All ${siblings.length} pages…`, route: parent.page.route });
    sidebar = [{ ...link(parent), children: items }];
  }
  return { breadcrumbs, sidebar };
}
