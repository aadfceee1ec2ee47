// Stale documentation (issue 15.1): what a doc section covers changed after the section's last
// meaningful change. Plain data, made by the stale stage, published in `livewiki.json` and shown
// as badges, the "Stale" listing pages and `W_STALE_SECTION` warnings.

import type { CommitRefs } from './history.ts';

/** One change of something a section covers. */
export interface CoveredChange {
  /** What kind of thing the section covers: a file (path or glob), a config key, an API operation, a symbol. */
  covers: 'file' | 'config-key' | 'operation' | 'symbol';
  /** Repository path of the changed file (the config file, the spec, the source file). */
  path: string;
  /** The config key, `METHOD /path` or symbol name; null for a whole file. */
  key: string | null;
  /** Full sha of the change. */
  commit: string;
  committedAt: string;
  /** One line, plain text (backticks mark names and values): "`timeout` changed from `30` to `45`". */
  summary: string;
  /** Semantic kind when a change engine said it (`changed`, `deprecated`, ...), else null. */
  change: 'added' | 'removed' | 'changed' | 'deprecated' | 'renamed' | null;
  /** True when the API change engine calls it breaking; null where it does not apply. */
  breaking: boolean | null;
  /** As in provenance records (`ProvenanceAuthor`): name, e-mail only when published, bot. */
  authors: { name: string; email?: string; bot?: boolean }[];
  refs: CommitRefs;
  /** Pull request URL when there is one, else the commit URL, else null. */
  url: string | null;
  /** Whole days between the section's last change and this one (landed dates). */
  daysAfter: number;
}

export interface StaleMark {
  /** When it went stale: the landed date of the oldest covered change after the section's last change. */
  since: string;
  /** The section's last meaningful change (or its verification), full sha; null when only a `verified:` date set the clock. */
  after: string | null;
  /** The covered changes, oldest first (bounded). */
  because: CoveredChange[];
}

/** Stale marks of one page: the page's own (front matter `covers:`) and its sections' by anchor. */
export interface PageStale {
  page?: StaleMark;
  sections: Record<string, StaleMark>;
}

/** By page id; pages with nothing stale are left out. */
export type WikiStale = Record<string, PageStale>;
