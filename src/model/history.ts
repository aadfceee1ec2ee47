// Types of the history index: what git says about commits and paths.

export interface Person {
  /** Name after `.mailmap` (`%aN`). */
  name: string;
  /** E-mail after `.mailmap` (`%aE`); never published unless `showEmails`. */
  email: string;
  /** True for bots (`[bot]` suffix, `noreply` bot addresses). */
  bot: boolean;
}

export interface PullRef {
  number: number;
  /** Forge URL, when a remote or template is known. */
  url: string | null;
}

export interface IssueRef {
  number: number;
  url: string | null;
}

export interface TicketRef {
  /** Ticket key as written, upper case, e.g. `LFE-123`. */
  key: string;
  url: string | null;
}

export interface CommitRefs {
  pulls: PullRef[];
  issues: IssueRef[];
  tickets: TicketRef[];
}

/** One commit as the history index knows it. */
export interface Commit {
  sha: string;
  parents: string[];
  author: Person;
  /** From `Co-authored-by:` trailers anywhere in the message, de-duplicated, mailmap applied. */
  coAuthors: Person[];
  committer: Person;
  /** ISO 8601 with the offset git recorded (`%aI`). */
  authoredAt: string;
  /** ISO 8601 with the offset git recorded (`%cI`): when it landed. */
  committedAt: string;
  subject: string;
  body: string;
  refs: CommitRefs;
  /** Forge URL of the commit, when known. */
  url: string | null;
  /** Why its dates cannot be right (before 1990, committed before authored, ...); only when flagged. */
  dateNote?: string;
}

/** URL templates for a forge; `{sha}`, `{number}`, `{key}`, `{path}`, `{line}` are filled in. */
export interface ForgeLinks {
  kind: 'github' | 'gitlab' | 'bitbucket' | 'custom';
  /** Web URL of the repository, e.g. https://github.com/o/r */
  web: string | null;
  commit: string | null;
  pull: string | null;
  issue: string | null;
  /** Ticket URL template, `{key}` is the ticket key. */
  ticket: string | null;
  /** Link to a file at a commit, `{sha}` and `{path}`. */
  file: string | null;
  /** Link to a file's history on the forge, `{sha}` and `{path}`. */
  history: string | null;
}

/** A path's or a line range's last change: a commit, or why it cannot be known. */
export type Change =
  | { status: 'known'; commit: Commit }
  | { status: 'unknown'; reason: string }
  | { status: 'uncommitted'; reason: string };

/**
 * The history stage's output for one repository (plain data): every commit of the first-parent
 * chain from the built commit, newest first, and for each path the commits that changed it
 * (renames followed). Queries over it are in src/history/query.ts.
 */
export interface RepoHistory {
  repo: string;
  /** The commit the walk started from; null for an empty repository. */
  head: string | null;
  /** Why the history could not be read; every provenance is then unknown. Null when it was read. */
  failure: string | null;
  shallow: boolean;
  /** Shallow boundary commits (their diffs show every file as added: never a change). */
  boundary: string[];
  /** First-parent order, newest first: the position is the history order (dates can be skewed). */
  commits: Commit[];
  /** Path at the built commit → positions in `commits` of its changes, newest first (boundary included). */
  changes: Record<string, number[]>;
  /** Path at the built commit → its earlier names, newest first. */
  former: Record<string, string[]>;
  /** Tracked paths with changes not committed yet. */
  uncommitted: string[];
  /** How renames were detected: `exact` or `none` after missing blobs forced a downgrade, from the commit named. */
  renames: { detection: 'full' | 'exact' | 'none'; downgradedAt: string | null };
}
