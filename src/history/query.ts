// Questions over a repository's history (the history stage's plain data): a path's last change
// and change list, history order, recent commits, contributors. Never wrong, at worst unknown:
// the shallow boundary is never a change, uncommitted files say so.

import type { Change, Commit, RepoHistory } from '../model/history.ts';

const UNCOMMITTED: Change = { status: 'uncommitted', reason: 'this file has changes that are not committed yet' };

interface Derived {
  order: Map<string, number>;
  boundary: Set<number>;
  uncommitted: Set<string>;
}

const derived = new WeakMap<RepoHistory, Derived>();

/** Lookups computed once per history (the data stays plain). */
function derivedOf(h: RepoHistory): Derived {
  let d = derived.get(h);
  if (!d) {
    const order = new Map<string, number>();
    h.commits.forEach((c, i) => order.set(c.sha, i));
    const boundary = new Set<number>();
    for (const sha of h.boundary) {
      const i = order.get(sha);
      if (i !== undefined) boundary.add(i);
    }
    d = { order, boundary, uncommitted: new Set(h.uncommitted) };
    derived.set(h, d);
  }
  return d;
}

function positionsOf(h: RepoHistory, path: string): number[] {
  return Object.hasOwn(h.changes, path) ? h.changes[path]! : [];
}

export function isUncommitted(h: RepoHistory, path: string): boolean {
  return derivedOf(h).uncommitted.has(path);
}

/** Position in history order (0 = newest); lower wins. Unknown commits sort last. */
export function orderOf(h: RepoHistory, sha: string): number {
  return derivedOf(h).order.get(sha) ?? Number.MAX_SAFE_INTEGER;
}

export function commitOf(h: RepoHistory, sha: string): Commit | null {
  const i = derivedOf(h).order.get(sha);
  return i === undefined ? null : h.commits[i]!;
}

/** True when the shallow boundary is the commit at `sha` (older history is missing there). */
export function isBoundary(h: RepoHistory, sha: string): boolean {
  return h.boundary.includes(sha);
}

/** Changes of a file, newest first, at most `limit`; never the shallow boundary. */
export function changesOf(h: RepoHistory, path: string, limit = Infinity): Commit[] {
  const { boundary } = derivedOf(h);
  const out: Commit[] = [];
  for (const i of positionsOf(h, path)) {
    if (out.length >= limit) break;
    if (!boundary.has(i)) out.push(h.commits[i]!);
  }
  return out;
}

/** Last change of a whole file (renames followed). */
export function lastChange(h: RepoHistory, path: string): Change {
  if (isUncommitted(h, path)) return UNCOMMITTED;
  if (h.failure !== null) return { status: 'unknown', reason: h.failure };
  const positions = positionsOf(h, path);
  const first = positions[0];
  const { boundary } = derivedOf(h);
  if (first !== undefined && !boundary.has(first)) return { status: 'known', commit: h.commits[first]! };
  if (positions.some((i) => boundary.has(i))) return { status: 'unknown', reason: shallowReason(h) };
  if (h.head === null) return { status: 'unknown', reason: 'the repository has no commits yet' };
  return { status: 'unknown', reason: 'no commit that changed this file was found' };
}

export function shallowReason(h: RepoHistory): string {
  return `the clone is shallow and this file's last change is older than its oldest commit (${h.boundary.length} boundary commit(s))`;
}

/** Earlier names of a file (renames), newest first. */
export function formerPaths(h: RepoHistory, path: string): string[] {
  return Object.hasOwn(h.former, path) ? [...h.former[path]!] : [];
}

/** Newest commits of the repository, first-parent order, without the shallow boundary. */
export function recent(h: RepoHistory, limit: number): Commit[] {
  const out: Commit[] = [];
  for (const c of h.commits) {
    if (out.length >= limit) break;
    if (!isBoundary(h, c.sha)) out.push(c);
  }
  return out;
}

/** Distinct authors over the repository's history, most changes first. */
export function contributors(h: RepoHistory, limit: number): { name: string; email: string; bot: boolean; changes: number }[] {
  const counts = new Map<string, { name: string; email: string; bot: boolean; changes: number }>();
  for (const c of h.commits) {
    for (const p of [c.author, ...c.coAuthors]) {
      const key = p.email.toLowerCase() || p.name;
      const entry = counts.get(key) ?? { name: p.name, email: p.email, bot: p.bot, changes: 0 };
      entry.changes++;
      counts.set(key, entry);
    }
  }
  return [...counts.values()].sort((a, b) => b.changes - a.changes || a.name.localeCompare(b.name)).slice(0, limit);
}

interface FolderIndex {
  /** Folder (`''` = the repository, else `docs/api` without a trailing slash) → newest positions, ascending. */
  positions: Map<string, number[]>;
  uncommitted: Set<string>;
  limit: number;
}

const folders = new WeakMap<RepoHistory, FolderIndex>();
/** Changes kept per folder: enough to pass over a run of skipped (noise) commits. */
const FOLDER_DEPTH = 50;

/** Every folder's newest `limit` changes, from one pass over the paths (boundary left out). */
function folderIndexOf(h: RepoHistory, wanted: number): FolderIndex {
  // One index serves every caller: the page lists (recent changes) and noise skipping.
  const limit = Math.max(wanted, FOLDER_DEPTH);
  const cached = folders.get(h);
  if (cached && cached.limit >= limit) return cached;
  const { boundary } = derivedOf(h);
  const positions = new Map<string, number[]>();
  const uncommitted = new Set<string>();
  const add = (folder: string, list: number[]): void => {
    const have = positions.get(folder);
    if (have === undefined) positions.set(folder, list);
    // Nothing newer than what the folder keeps already (most paths, for the top folders).
    else if (list.length > 0 && !(have.length >= limit && list[0]! >= have[limit - 1]!)) positions.set(folder, newestOf(have, list, limit));
  };
  for (const path of Object.keys(h.changes)) {
    const own = h.changes[path]!.filter((i) => !boundary.has(i)).slice(0, limit);
    for (let end = path.lastIndexOf('/'); ; end = path.lastIndexOf('/', end - 1)) {
      const folder = end < 0 ? '' : path.slice(0, end);
      add(folder, own);
      if (end <= 0) break;
    }
  }
  for (const path of h.uncommitted) {
    for (let end = path.lastIndexOf('/'); ; end = path.lastIndexOf('/', end - 1)) {
      uncommitted.add(end < 0 ? '' : path.slice(0, end));
      if (end <= 0) break;
    }
  }
  const index = { positions, uncommitted, limit };
  folders.set(h, index);
  return index;
}

/** The `limit` smallest of two ascending lists without repeats, merged: ascending, without repeats. */
function newestOf(a: number[], b: number[], limit: number): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (out.length < limit && (i < a.length || j < b.length)) {
    const next = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (out.length === 0 || out[out.length - 1] !== next) out.push(next);
  }
  return out;
}

/**
 * Changes to any file in a folder (`''` = the whole repository) that is there at the built
 * commit, renames followed, newest first, at most `limit`; never the shallow boundary.
 */
export function changesUnder(h: RepoHistory, folder: string, limit: number): Commit[] {
  return (folderIndexOf(h, limit).positions.get(folder) ?? []).slice(0, limit).map((i) => h.commits[i]!);
}

/** Last change to any file in a folder, as `lastChange` answers for one file. */
export function lastChangeUnder(h: RepoHistory, folder: string): Change {
  const index = folderIndexOf(h, 1);
  if (index.uncommitted.has(folder)) return { status: 'uncommitted', reason: 'files in this folder have changes that are not committed yet' };
  if (h.failure !== null) return { status: 'unknown', reason: h.failure };
  const first = index.positions.get(folder)?.[0];
  if (first !== undefined) return { status: 'known', commit: h.commits[first]! };
  if (h.boundary.length > 0) return { status: 'unknown', reason: shallowReason(h) };
  if (h.head === null) return { status: 'unknown', reason: 'the repository has no commits yet' };
  return { status: 'unknown', reason: 'no commit that changed this folder was found' };
}
