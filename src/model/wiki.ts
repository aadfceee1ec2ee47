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

export interface PageProvenance {
  /** The page's last change: the newest of its own sources and its children. */
  change: Change;
  /** Each section's last change, by anchor. */
  sections: Record<string, Change>;
  /** Recent changes, newest first (bounded). */
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
