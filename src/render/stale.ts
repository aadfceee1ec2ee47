// Stale notes beside sections and the "Stale" listing pages (issue 15.1), from the stale marks the
// stale stage attached to the provenance. Dates are absolute (UTC): no clock at build time.

import type { CoveredChange, StaleMark } from '../model/stale.ts';
import type { SitePage } from '../model/site.ts';
import type { TemplateRenderer } from '../model/templates.ts';
import type { WikiProvenance, WikiTree } from '../model/wiki.ts';
import { formatDate } from './dates.ts';

interface Part {
  text: string;
  code: boolean;
}

/** "`timeout` changed from `30` to `45`" → text and code parts (the template escapes each). */
export function summaryParts(summary: string): Part[] {
  return summary.split('`').map((text, i) => ({ text, code: i % 2 === 1 })).filter((p) => p.text !== '');
}

function refOf(c: CoveredChange): string {
  const pr = c.refs.pulls[0];
  return pr ? `#${pr.number}` : c.commit.slice(0, 8);
}

function after(days: number): string {
  return days === 0 ? 'the same day' : days === 1 ? '1 day' : `${days} days`;
}

function reasonView(c: CoveredChange) {
  return {
    parts: summaryParts(c.summary),
    ref: refOf(c),
    url: c.url,
    who: c.authors.map((a) => a.name).join(', '),
    after: after(c.daysAfter),
    breaking: c.breaking === true,
  };
}

export function staleHtml(mark: StaleMark, owners: readonly string[], listRoute: string, what: 'section' | 'page', templates: TemplateRenderer): string {
  return templates.render('page/stale', {
    since: mark.since,
    sinceDate: formatDate(mark.since),
    reasons: mark.because.map(reasonView),
    owners: [...owners],
    listRoute,
    what,
  });
}

/** Route of a repository's stale list: `/<repo>/stale/`, or `-2`, … when a page owns it. */
export function staleRoute(tree: WikiTree, repo: string | null): string {
  const base = repo === null ? '/stale' : `/${repo}/stale`;
  const taken = (route: string) => tree.nodes.some((p) => p.page.route === route || p.page.route.startsWith(route));
  let route = `${base}/`;
  for (let i = 2; taken(route); i++) route = `${base}-${i}/`;
  return route;
}

interface Entry {
  title: string;
  route: string;
  page: string;
  since: string;
  sinceDate: string;
  owners: string[];
  first: { parts: Part[]; ref: string; url: string | null };
  more: number;
}

function entriesOf(tree: WikiTree, provenance: WikiProvenance, repo: string): Entry[] {
  const out: Entry[] = [];
  for (const { page } of tree.nodes) {
    const stale = page.repo === repo ? provenance.pages[page.id]?.stale : undefined;
    if (!stale) continue;
    const add = (title: string, route: string, mark: StaleMark) => {
      const first = mark.because[0]!;
      out.push({ title, route, page: page.title, since: mark.since, sinceDate: formatDate(mark.since), owners: page.owners ?? [], first: { parts: summaryParts(first.summary), ref: refOf(first), url: first.url }, more: mark.because.length - 1 });
    };
    if (stale.page) add(page.title, page.route, stale.page);
    for (const s of page.sections) {
      const mark = stale.sections[s.anchor];
      if (mark) add(s.title, `${page.route}#${s.anchor}`, mark);
    }
  }
  return out.sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : a.route < b.route ? -1 : a.route > b.route ? 1 : 0));
}

/** One listing per repository, and a site-wide one when there are several repositories. */
export function stalePages(tree: WikiTree, provenance: WikiProvenance, repos: readonly string[], templates: TemplateRenderer): { pages: SitePage[]; link: string } {
  const pages: SitePage[] = [];
  const counts: { title: string; route: string; count: number }[] = [];
  const home = { title: tree.title, route: '/' };
  for (const repo of repos) {
    const route = staleRoute(tree, repo);
    const entries = entriesOf(tree, provenance, repo);
    counts.push({ title: repo, route, count: entries.length });
    const root = tree.repoRoots[repo];
    const repoPage = root ? tree.nodes.find((n) => n.page.id === root) : undefined;
    pages.push({
      route,
      title: `Stale sections: ${repo}`,
      description: `Doc sections of ${repo} whose covered configuration, API or code changed after them.`,
      repo,
      bodyHtml: templates.render('page/stale-list', { title: `Stale sections: ${repo}`, repo, total: entries.length, entries, repos: [] }),
      toc: [],
      nav: { breadcrumbs: repoPage ? [home, { title: repoPage.page.title, route: repoPage.page.route }] : [home], sidebar: [] },
      indexed: false,
    });
  }
  if (repos.length <= 1) return { pages, link: pages[0]?.route ?? staleRoute(tree, null) };
  const route = staleRoute(tree, null);
  pages.push({
    route,
    title: 'Stale sections',
    description: 'Doc sections whose covered configuration, API or code changed after them, by repository.',
    repo: null,
    bodyHtml: templates.render('page/stale-list', { title: 'Stale sections', repo: '', total: 0, entries: [], repos: counts }),
    toc: [],
    nav: { breadcrumbs: [home], sidebar: [] },
    indexed: false,
  });
  return { pages, link: route };
}
