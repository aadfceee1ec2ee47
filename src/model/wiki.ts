// The structure and provenance stages' outputs: extracted pages arranged in a tree (plain data:
// parents and children by page id), and the provenance of every page and section.

import type { ExtractedPage } from './extracted.ts';
import type { Change } from './history.ts';
import type { HistoryEntry } from './page.ts';

/** Pages livewiki makes itself (home, directory indexes); same shape as an extracted page. */
export type SyntheticPage = Omit<ExtractedPage, 'repo'> & { repo: string | null };

export interface WikiNode {
  page: ExtractedPage | SyntheticPage;
  /** Id of the parent page in navigation; null for the home page. */
  parent: string | null;
  /** Ids of the child pages, in navigation order. */
  children: string[];
  /**
   * The repository folder this page is the index of (`''` = the repository root), or null: the
   * home page (every repository) and pages that index nothing.
   */
  folder: string | null;
}

export interface WikiTree {
  /** Title of the home page (the wiki's title). */
  title: string;
  /** Every page, parents before children, in a deterministic order; the first is the home page. */
  nodes: WikiNode[];
  /** Id of each repository's root page. */
  repoRoots: Record<string, string>;
}

export interface RepoOverview {
  history: HistoryEntry[];
  historyUrl: string | null;
  contributors: { name: string; bot: boolean; changes: number }[];
  owners: { pattern: string; owners: string[] }[];
  ownersFile: string | null;
  manifest: { name: string; version: string | null; description: string | null; license: string | null } | null;
}

/** The newest change anywhere below an index page (a folder, a repository, the whole wiki). */
export interface ScopeProvenance {
  /** The folder (`docs/`), `''` for a whole repository, null for the whole wiki. */
  path: string | null;
  change: Change;
  /** Recent changes anywhere below, newest first (bounded). */
  history: HistoryEntry[];
}

export interface PageProvenance {
  /** The last change of the page's own sources (DESIGN §3: a page answers for the sources it lists). */
  change: Change;
  /** On index pages (home, repository overviews, folders): the newest change anywhere below. */
  scope: ScopeProvenance | null;
  /** Each section's last change, by anchor. */
  sections: Record<string, Change>;
  /** Recent changes of the page's own sources, newest first (bounded). */
  history: HistoryEntry[];
  /** The forge's history of the page's single source file, when it has exactly one. */
  historyUrl: string | null;
}

export interface WikiProvenance {
  /** By page id. */
  pages: Record<string, PageProvenance>;
  /** By repository id (shown on the repository's root page). */
  overviews: Record<string, RepoOverview>;
}
