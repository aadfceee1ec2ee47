// The model between stages: pages, sections and where they come from.
// It is also the shape of `livewiki.json` (DESIGN §5), so keep it plain JSON.

import type { CommitRefs } from './history.ts';

export interface SourceRef {
  repo: string;
  /** Path relative to the repository root, `/`-separated. */
  path: string;
  /** 1-based inclusive line range, when the section comes from some lines only. */
  lines?: [number, number];
  /** JSON pointer, for structured sources. */
  pointer?: string;
}

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

export type SectionKind = 'heading' | 'operation' | 'schema' | 'symbol' | 'config-key';

export interface Section {
  /** Stable id: `<page id>#<key>`; the anchor derives from it. */
  id: string;
  anchor: string;
  kind: SectionKind;
  /** Logical key: heading path, `METHOD /path`, symbol name, dotted key path. */
  key: string;
  title: string;
  /** Heading depth (1-6) for headings. */
  depth?: number;
  sources: SourceRef[];
  /** Configuration keys: type, default value (as written, secrets redacted) and the file's own comment. */
  config?: { type: string; value: string; description: string };
  provenance?: Provenance;
}

export type PageKind =
  | 'home'
  | 'repo-overview'
  | 'index'
  | 'doc'
  | 'openapi'
  | 'typescript'
  | 'config'
  | 'requirements'
  | 'changes';

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
  /** Search/summary text: front matter description or first paragraph. */
  description?: string;
  /** Owners from CODEOWNERS (GitHub semantics: last matching rule), when the repository has one. */
  owners?: string[];
}
