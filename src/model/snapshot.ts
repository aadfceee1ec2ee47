// The snapshot stage's output: a configured repository at its built commit, as plain data.
// File contents are read through the `RepoFiles` port (an I/O edge the runner opens from the
// snapshot), never from the working tree except for tracked files with uncommitted changes.

import type { ForgeLinks } from './history.ts';

/** A tracked path at the built commit (or staged in the index). */
export interface TrackedFile {
  path: string;
  /** Blob id (sha). */
  blob: string;
  /** Git file mode: `100644`, `100755`, `120000` (symlink). */
  mode: string;
}

/** One CODEOWNERS rule (GitHub semantics: the last matching rule wins). */
export interface OwnerRule {
  pattern: string;
  owners: string[];
  line: number;
}

export interface Manifest {
  name: string;
  version: string | null;
  description: string | null;
  license: string | null;
}

export interface RepoSnapshot {
  /** Repository id: the first route segment of its pages. */
  id: string;
  /** Absolute path of the working tree (read-only). */
  root: string;
  /** The built commit; null for a repository without commits. */
  head: string | null;
  shallow: boolean;
  /** Tracked files (regular files and symlinks; not submodules), sorted by path. */
  files: TrackedFile[];
  /** Tracked files with changes not committed yet (read from the working tree, marked `uncommitted`). */
  uncommitted: string[];
  links: ForgeLinks;
  /** Markdown documents to publish (globs). */
  selection: { include: string[]; exclude: string[] };
  /** OpenAPI roots named in the configuration, besides those found by content. */
  openapi: string[];
  /** Globs that add or remove configuration files. */
  config: { include: string[]; exclude: string[] };
  /** CODEOWNERS, parsed once: the file it came from (null when there is none) and its rules. */
  owners: { file: string | null; rules: OwnerRule[] };
  /** The root `package.json`, when it names a package. */
  manifest: Manifest | null;
}

/**
 * Read-only view of a repository's files, the port every extractor reads through. `paths` are the
 * tracked paths at the built commit, `/`-separated and sorted; `read` answers with a tracked
 * regular file's text, or null (not tracked, a symlink, too large, or not loaded).
 */
export interface RepoFiles {
  /** Repository id (first route segment). */
  repo: string;
  paths: string[];
  read(path: string): string | null;
}
