// A source file's versions, oldest first, from the history stage's data: each change of the file
// (renames followed) left a blob, and consecutive versions are what the engines compare. The
// first version of a file (and one brought back after a deletion) is a base, never a change: a
// file's creation does not add each of its entities one by one. A shallow clone's boundary
// commit is a base too (its diff shows every file as added). Never dates: history order only.
import type { Commit, RepoHistory } from '../model/history.ts';

export interface Version {
  /** Position of the commit in first-parent order (0 = newest). */
  position: number;
  commit: Commit;
  /** Blob the commit left at the path; '' when it deleted the file. */
  blob: string;
  /** The file's name at that commit. */
  name: string;
}

export interface Pair {
  before: Version;
  after: Version;
}

export interface FileVersions {
  /** Oldest first. */
  versions: Version[];
  /** Consecutive versions to compare, oldest first: the newer one is the change. */
  pairs: Pair[];
  /** Why older history is missing: the clone's boundary, or the configured depth; null when complete. */
  cut: 'boundary' | 'depth' | null;
}

/**
 * The versions of `path` (a path at the built commit). `depth` bounds the number of pairs kept
 * (the newest ones); Infinity keeps all.
 */
export function fileVersions(h: RepoHistory, path: string, depth: number): FileVersions {
  const positions = Object.hasOwn(h.changes, path) ? h.changes[path]! : [];
  const blobs = Object.hasOwn(h.blobs, path) ? h.blobs[path]! : [];
  const names = Object.hasOwn(h.names, path) ? h.names[path]! : null;
  const boundary = new Set(h.boundary);
  // Newest first in the data; a version is usable only with its blob id recorded.
  const newestFirst: Version[] = [];
  let cut: FileVersions['cut'] = null;
  for (let k = 0; k < positions.length; k++) {
    const commit = h.commits[positions[k]!];
    const blob = blobs[k];
    if (!commit || blob === undefined) break;
    newestFirst.push({ position: positions[k]!, commit, blob, name: names?.[k] ?? path });
    if (boundary.has(commit.sha)) {
      cut = 'boundary';
      break;
    }
  }
  const versions = newestFirst.reverse();
  let pairs: Pair[] = [];
  for (let k = 1; k < versions.length; k++) {
    const before = versions[k - 1]!;
    const after = versions[k]!;
    // A deletion, or a file brought back after one: no entity-level comparison across that gap.
    if (before.blob === '' || after.blob === '') continue;
    pairs.push({ before, after });
  }
  if (pairs.length > depth) {
    pairs = pairs.slice(pairs.length - Math.max(0, depth));
    cut = 'depth';
  }
  return { versions, pairs, cut };
}
