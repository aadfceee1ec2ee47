// Per-page navigation, bounded whatever the wiki's size (DESIGN §6): breadcrumbs, the siblings
// around the current page and its first children. Full listings live on (paginated) index pages.

import type { NavLink, PageNav } from '../model/site.ts';
import type { WikiPage } from '../pipeline/wiki.ts';

export const SIDEBAR_SIBLINGS = 25;
export const SIDEBAR_CHILDREN = 25;

function link(p: WikiPage, current = false): NavLink {
  return current ? { title: p.page.title, route: p.page.route, current: true } : { title: p.page.title, route: p.page.route };
}

/** Up to `max` items of `items` around `index`, with a "more" link to `overflowRoute`. */
function window<T>(items: T[], index: number, max: number): { slice: T[]; truncated: boolean } {
  if (items.length <= max) return { slice: items, truncated: false };
  const start = Math.max(0, Math.min(index - Math.floor(max / 2), items.length - max));
  return { slice: items.slice(start, start + max), truncated: true };
}

export function pageNav(p: WikiPage): PageNav {
  const breadcrumbs: NavLink[] = [];
  for (let a = p.parent; a; a = a.parent) breadcrumbs.unshift(link(a));

  const children = (): NavLink[] => {
    const { slice, truncated } = window(p.children, 0, SIDEBAR_CHILDREN);
    const links = slice.map((c) => link(c));
    if (truncated) links.push({ title: `All ${p.children.length} pages…`, route: p.page.route });
    return links;
  };

  let sidebar: NavLink[];
  if (!p.parent || p.page.kind === 'repo-overview' || p.page.kind === 'home') {
    // Top of a tree: the page itself with its children.
    sidebar = [{ ...link(p, true), children: children() }];
  } else {
    const siblings = p.parent.children;
    const { slice, truncated } = window(siblings, siblings.indexOf(p), SIDEBAR_SIBLINGS);
    const items = slice.map((s) => (s === p ? { ...link(s, true), ...(p.children.length ? { children: children() } : {}) } : link(s)));
    if (truncated) items.push({ title: `All ${siblings.length} pages…`, route: p.parent.page.route });
    sidebar = [{ ...link(p.parent), children: items }];
  }
  return { breadcrumbs, sidebar };
}
