// The pull-request view's report (`livewiki diff --format json`): plain JSON, documented in the
// README ("livewiki diff"). Every list is sorted, so the same two commits give the same bytes.

import type { DiffStale } from './stale.ts';
import type { ApiChange } from '../changes/index.ts';

export const DIFF_SCHEMA_VERSION = 1;

export interface DiffPage {
  id: string;
  route: string;
  title: string;
  repo: string | null;
}

export interface DiffSection {
  /** Route of the page the section is on (the head's for added/changed/moved, the base's for removed). */
  page: string;
  anchor: string;
  kind: string;
  key: string;
  title: string;
  /** Its source file (head side, base side for removed sections) and first line, when it has them. */
  file: string | null;
  line: number | null;
}

export interface DiffReport {
  schemaVersion: number;
  /** The repository compared (its id in the wiki). */
  repo: string;
  /** `ref` as given; `commit` the sha it names; `mergeBase` the commit actually compared with (like a pull request's "Files changed"). */
  base: { ref: string; commit: string; mergeBase: string };
  head: { ref: string; commit: string };
  /** Commits in mergeBase..head. */
  commits: number;
  /** Repository paths that differ between the merge base and the head (renames as `old -> new`). */
  files: { status: 'added' | 'modified' | 'removed' | 'renamed'; path: string; from?: string }[];
  pages: {
    added: DiffPage[];
    removed: DiffPage[];
    /** A page published at another URL now (a renamed file): its old URL redirects. */
    moved: { from: DiffPage; to: DiffPage }[];
    /** Pages on both sides with added, removed, changed or moved sections, or other changed text. */
    changed: (DiffPage & { sections: { added: number; removed: number; changed: number; moved: number } })[];
  };
  sections: {
    added: DiffSection[];
    removed: DiffSection[];
    changed: DiffSection[];
    moved: { from: DiffSection; to: DiffSection }[];
  };
  /** What the URL ledger will do with the base's URLs once the head is published. */
  urls: {
    redirects: { from: string; to: string }[];
    tombstones: { route: string; title: string }[];
    /** Anchors of the base that will answer elsewhere (`to`), or only as "no longer on this page" (`to: null`). */
    anchors: { from: string; to: string | null }[];
  };
  /** Doc sections (or pages) this change makes stale (a covered item changed without them), or fresh (edited or verified). */
  stale: { made: DiffStale[]; fresh: DiffStale[] };
  /** API descriptions that changed, each with its changes breaking first (oasdiff's levels). */
  api: { repo: string; spec: string; status: 'added' | 'removed' | 'changed'; breaking: number; changes: ApiChange[] }[];
  /** Secret-looking values in files changed by the pull request (never the value: rule and fingerprint). */
  secrets: { repo: string; file: string; line: number; column: number; rule: string; fingerprint: string; new: boolean }[];
  /** Broken links and anchors reported at files changed by the pull request. */
  links: { repo: string; file: string; line: number | null; code: string; message: string }[];
  /** Problems of the comparison itself (a ledger newer than the base, a shallow history). */
  notes: { code: string; severity: 'error' | 'warning' | 'info'; message: string; hint?: string }[];
}

/** Whether the report has anything to say (the GitHub comment is collapsed when not). */
export function isEmpty(r: DiffReport): boolean {
  return (
    r.pages.added.length + r.pages.removed.length + r.pages.moved.length + r.pages.changed.length === 0 &&
    r.sections.added.length + r.sections.removed.length + r.sections.changed.length + r.sections.moved.length === 0 &&
    r.urls.redirects.length + r.urls.tombstones.length + r.urls.anchors.length === 0 &&
    r.api.length + r.secrets.length + r.links.length === 0 &&
    r.stale.made.length + r.stale.fresh.length === 0
  );
}

/** Findings that fail `livewiki diff --fail-on-findings`: breaking API changes, secrets, broken links. */
export function findingsOf(r: DiffReport): { breaking: number; secrets: number; links: number } {
  return { breaking: r.api.reduce((n, a) => n + a.breaking, 0), secrets: r.secrets.length, links: r.links.length };
}
