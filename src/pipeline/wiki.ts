// The pipeline's working model: extracted pages arranged in a tree, with provenance attached.

import type { ExtractedPage } from '../model/extracted.ts';
import type { HistoryEntry } from '../model/page.ts';
import type { Change } from '../provenance/types.ts';

export interface RepoOverview {
  history: HistoryEntry[];
  historyUrl: string | null;
  contributors: { name: string; bot: boolean; changes: number }[];
  owners: { pattern: string; owners: string[] }[];
  ownersFile: string | null;
  manifest: { name: string; version: string | null; description: string | null; license: string | null } | null;
}

export interface WikiPage {
  page: ExtractedPage | SyntheticPage;
  parent: WikiPage | null;
  children: WikiPage[];
  /** Filled by the provenance stage. */
  change: Change;
  sectionChanges: Map<string, Change>;
  history: HistoryEntry[];
  historyUrl: string | null;
  /** Only on a repository's root page. */
  overview: RepoOverview | null;
}

/** Pages livewiki makes itself (home, directory indexes); same shape as an extracted page. */
export type SyntheticPage = Omit<ExtractedPage, 'repo'> & { repo: string | null };

export function newWikiPage(page: ExtractedPage | SyntheticPage): WikiPage {
  return {
    page,
    parent: null,
    children: [],
    change: { status: 'unknown', reason: 'not computed' },
    sectionChanges: new Map(),
    history: [],
    historyUrl: null,
    overview: null,
  };
}
