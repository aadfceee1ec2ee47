// The change history stage's output (issue 14): what each commit changed in each section, as
// plain data. Commits are referenced by sha (the history stage's data has the rest); the output
// stage turns the records into `livewiki.json`'s `changelog`, the render stage fills each
// section's slot with its recent changes.

import type { ExtractedUnit, SectionKind } from './extracted.ts';

/** What happened to a section's entity in one commit (`changelog[].change`). */
export type ChangeKind = 'added' | 'removed' | 'changed' | 'deprecated' | 'renamed';

/** One semantic change as published in `changelog`, before the commit's details are added. */
export interface ChangeRecord {
  repo: string;
  /** The source file at the built commit (its name then may have differed: renames are followed). */
  path: string;
  /** Route of the page that shows the section (for removed API entities: the API changes page). */
  page: string;
  /** Anchor on that page; null when the section has no anchor there any more. */
  anchor: string | null;
  kind: SectionKind;
  key: string;
  change: ChangeKind;
  /** true/false where rules apply (API operations and schemas, TypeScript symbols); null elsewhere. */
  breaking: boolean | null;
  /** Short values (config values, signatures), redacted; null when not applicable. */
  from: string | null;
  to: string | null;
  summary: string;
  /** The commit that made the change (full sha). */
  commit: string;
}

/** The semantic changes of one section in one commit, with a before/after view. */
export interface SectionChangeEntry {
  commit: string;
  /** TypeScript: the release the change shipped in (changes between release tags). */
  release: string | null;
  changes: Pick<ChangeRecord, 'change' | 'breaking' | 'from' | 'to' | 'summary'>[];
  /** Escaped HTML (`<pre class="lw-diff">` with `<del>`/`<ins>`), bounded; '' when there is none. */
  diffHtml: string;
}

export interface SectionHistory {
  /** Newest first, at most a few (the rest is on the forge and in `changelog`). */
  entries: SectionChangeEntry[];
  /** Commits that changed this section over the history read. */
  total: number;
  /** A breaking change among the source's recent versions. */
  breaking: boolean;
  /** TypeScript symbols: the first release tag whose API has the symbol. */
  since: string | null;
  /** TypeScript symbols in none of the releases read. */
  unreleased: boolean;
  /** The full history of the section's source file on the forge. */
  historyUrl: string | null;
  /** The spec's API changes page, for operations and schemas. */
  changesRoute: string | null;
}

export interface SemanticHistory {
  /** Every change, newest first (history order within a repository), then path, key, summary. */
  records: ChangeRecord[];
  /** Page id → section anchor → its recent changes. */
  sections: Record<string, Record<string, SectionHistory>>;
  /** Pages this stage adds (one "API changes" page per spec), to be placed by the structure stage. */
  units: ExtractedUnit[];
  /** Work done: pairs of versions compared now, pairs taken from the store, versions parsed. */
  stats: { compared: number; reused: number; parsed: number };
}
