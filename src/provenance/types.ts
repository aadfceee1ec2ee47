// What the provenance stage needs from a repository's history, whatever computes it.

import type { Commit } from '../model/history.ts';

/** A path's or a line range's last change: a commit, or why it cannot be known. */
export type Change =
  | { status: 'known'; commit: Commit }
  | { status: 'unknown'; reason: string }
  | { status: 'uncommitted'; reason: string };

export interface RepoHistory {
  repo: string;
  /** Last change of a whole file (renames followed). */
  lastChange(path: string): Change;
  /** Last change among lines `[start, end]` of a file at the built commit (blame). */
  lastChangeOfLines(path: string, lines: [number, number]): Promise<Change>;
  /** Blames these files up front, in one pass (optional; `lastChangeOfLines` works without). */
  prepareLines?(paths: string[]): Promise<void>;
  /** Changes of a file, newest first, at most `limit`; never the shallow boundary. */
  changes(path: string, limit: number): Commit[];
  /** Earlier names of a file (renames), newest first. */
  formerPaths(path: string): string[];
  /** Position in history order: 0 = newest. Lower wins. */
  order(sha: string): number;
  /** Newest commits of the repository, first-parent order. */
  recent(limit: number): Commit[];
  /** Distinct authors over the repository's history, most changes first. */
  contributors(limit: number): { name: string; email: string; bot: boolean; changes: number }[];
}
