// The output records: pages, sections and where they come from, as `livewiki.json` publishes them
// (DESIGN §5). Plain JSON; the stages between have their own types (extracted.ts, wiki.ts).

import type { ExtractedSection, PageKind, SourceRef } from './extracted.ts';

export type { PageKind, SectionKind, SourceRef } from './extracted.ts';
import type { CommitRefs } from './history.ts';

export type ProvenanceStatus = 'known' | 'unknown' | 'uncommitted';

export interface ProvenanceAuthor {
  name: string;
  /** Only when `showEmails` is on. */
  email?: string;
  bot?: boolean;
}

export interface Provenance {
  status: ProvenanceStatus;
  commit: string | null;
  authors: ProvenanceAuthor[];
  authoredAt: string | null;
  committedAt: string | null;
  subject: string | null;
  refs: CommitRefs;
  /** Commit URL on the forge. */
  url: string | null;
  /** Why it is unknown/uncommitted, in words, when it is. */
  reason?: string;
  /** Why the commit's dates cannot be right (before 1990, committed before authored, ...), when flagged. */
  dateNote?: string;
}

/** One entry of a page's recent history. */
export interface HistoryEntry {
  commit: string;
  authors: ProvenanceAuthor[];
  authoredAt: string;
  committedAt: string;
  subject: string;
  refs: CommitRefs;
  url: string | null;
  /** As in Provenance. */
  dateNote?: string;
}

/** What changed anywhere below an index page. */
export interface ScopeRecord {
  /** The folder (`docs/`), `''` for a whole repository, null for the whole wiki. */
  path: string | null;
  provenance: Provenance;
  /** Newest first, bounded. */
  history: HistoryEntry[];
}

/** A section as published: the extracted section's fields (aliases aside), its id and provenance. */
export type Section = Omit<ExtractedSection, 'aliases'> & {
  /** Stable id: `<page id>#<anchor>`. */
  id: string;
  provenance?: Provenance;
};

export interface Page {
  /** Stable id from identity: `<repo>/<kind>/<logical key>`. */
  id: string;
  /** Site route, starting and ending with `/`. */
  route: string;
  title: string;
  kind: PageKind;
  repo: string | null;
  /** Id of the parent index page (navigation); null for the home page. */
  parent: string | null;
  sources: SourceRef[];
  sections: Section[];
  provenance?: Provenance;
  /** Newest first, bounded. */
  history?: HistoryEntry[];
  /**
   * Index pages (the home page, repository overviews, folder pages): the newest change anywhere
   * below, beside `provenance`, which answers for the page's own `sources` only.
   */
  scope?: ScopeRecord;
  /** Search/summary text: front matter description or first paragraph. */
  description?: string;
  /** Owners from CODEOWNERS (GitHub semantics: last matching rule), when the repository has one. */
  owners?: string[];
}
