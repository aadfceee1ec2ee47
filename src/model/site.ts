// The contract between the render stage and the site stage: everything the Astro project needs,
// already rendered. The site adds chrome (header, search, navigation, footer) and nothing else.

import type { PageKind } from './page.ts';

export interface TocEntry {
  anchor: string;
  title: string;
  depth: number;
}

export interface NavLink {
  title: string;
  route: string;
  /** True for the page being shown. */
  current?: boolean;
  /** Nested links (bounded by the render stage). */
  children?: NavLink[];
  /** Title of the navigation group the link is listed under (only when its siblings span more than one group). */
  group?: string;
}

/** Navigation for one page; bounded in size whatever the wiki size (DESIGN §6). */
export interface PageNav {
  /** Home → repo → … → parent. */
  breadcrumbs: NavLink[];
  /** Sidebar: a short tree scoped to the page's repository and section. */
  sidebar: NavLink[];
}

export interface SitePage {
  /** Route starting and ending with `/`, e.g. `/livewiki/docs/guide/`. */
  route: string;
  title: string;
  description: string;
  repo: string | null;
  /** What the page is (doc, API reference, configuration…): shown with search results, and
   *  documentation ranks above reference data in search. Absent for ledger pages. */
  kind?: PageKind;
  /** Trusted HTML: Handlebars output where every repository string was escaped or sanitized. */
  bodyHtml: string;
  toc: TocEntry[];
  nav: PageNav;
  /** Language of the content, for `<html lang>`. */
  lang?: string;
  /** Whether the search index includes this page (default true). */
  indexed?: boolean;
  /**
   * Pages that change together (listings, whose child lines move with every child; the
   * timeline) share a search-index shard, so a rebuild re-indexes few shards. Lowercase name.
   */
  searchGroup?: string;
  /** Feeds that concern the page, for `<link rel="alternate">` autodiscovery (site routes). */
  feeds?: { title: string; href: string; type: string }[];
  /** A page that moved: readers are sent on to `to`; `moves` maps old anchors to new URLs. */
  redirect?: { to: string; moves: Record<string, string> };
}

/** A file copied verbatim into the output (e.g. an image from a repository, already vetted). */
export interface SiteAsset {
  /** Output path relative to the site root, `/`-separated, no leading slash. */
  outPath: string;
  /** Absolute path of the file to copy. */
  from: string;
}

/** A file written into the output root (e.g. `livewiki.json`). */
export interface SiteFile {
  outPath: string;
  content: string;
}

export interface SiteBundle {
  title: string;
  /**
   * The absolute URL the wiki is served at (path ending with `/`), or null/absent. Routes stay
   * site-relative everywhere; the site stage makes links relative and canonical URLs absolute.
   */
  site?: string | null;
  pages: SitePage[];
  assets: SiteAsset[];
  files: SiteFile[];
  /** Site-wide links in the header (e.g. the recent-changes timeline); optional. */
  headerLinks?: NavLink[];
  /** Footer: what was built and when (from the commit, never the clock). */
  footer: { commits: { repo: string; sha: string | null; url: string | null }[]; builtAt: string | null; generator: string };
}
