// A repository's history as the provenance stage sees it (RepoHistory): the history index for
// files, blame for line ranges, and the rules that keep provenance never wrong, at worst unknown.

import { cachedHistoryIndex, getBlame, putBlame, type CacheStore } from '../cache/index.ts';
import type { GitRepo } from '../git/repo.ts';
import { BlameCache, blameFile, lastChangeOfLines, type FileBlame } from '../history/blame.ts';
import { buildHistoryIndex, type HistoryIndex } from '../history/index.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { Commit, ForgeLinks } from '../model/history.ts';
import type { Change, RepoHistory } from '../provenance/types.ts';

export interface OpenHistoryOptions {
  /** Blob id of each path at the built commit (saves a lookup per blamed file). */
  blobs: Map<string, string>;
  uncommitted: Set<string>;
  links: ForgeLinks;
  ticketPrefixes: string[];
  diagnostics: Diagnostics;
  /** Persistent cache (incremental builds): history index snapshots and blames. */
  cache?: CacheStore | null;
}

export interface OpenedHistory {
  repoHistory: RepoHistory;
  commit(sha: string): Commit | null;
  close(): Promise<void>;
}

const UNCOMMITTED: Change = { status: 'uncommitted', reason: 'this file has changes that are not committed yet' };

export async function openHistory(git: GitRepo, repo: string, options: OpenHistoryOptions): Promise<OpenedHistory> {
  const { diagnostics, uncommitted } = options;
  const historyOptions = { links: options.links, ticketPrefixes: options.ticketPrefixes, diagnostics, repoId: repo };
  const built = options.cache ? (await cachedHistoryIndex(git, repo, historyOptions, options.cache)).index : await buildHistoryIndex(git, historyOptions);
  let index: HistoryIndex | null = null;
  if (built.ok) index = built.value;
  else diagnostics.error(built.error.code, `could not read the history: ${built.error.message}`, { repo, hint: built.error.hint });

  const shallowReason = `the clone is shallow and this file's last change is older than its oldest commit (${git.shallowCommits.size} boundary commit(s))`;
  const boundary = new Set(git.shallowCommits);
  // Blame per file at the built commit, computed once (and cached by blob for the run).
  const blames = new Map<string, Promise<FileBlame | null>>();
  const cache = new BlameCache();

  const blameOf = (path: string): Promise<FileBlame | null> => {
    let pending = blames.get(path);
    if (!pending) {
      const head = git.head;
      // Persistent blame needs the file's blob and last change (its key); see cache/blame.ts.
      const blob = options.blobs.get(path);
      const last = index && !index.shallow.isShallow ? index.lastChange(path) : null;
      const key = options.cache && head && blob && last ? { repo, path, blob, lastChange: last.sha } : null;
      const stored = key ? getBlame(options.cache!, key, head!) : null;
      pending = stored
        ? Promise.resolve(stored)
        : head
          ? blameFile(git, head, path, { cache, blob }).then((r) => {
              if (r.ok) {
                if (key && r.value) putBlame(options.cache!, key, r.value);
                return r.value;
              }
              diagnostics.warn('W_GIT_BLAME', `could not attribute the lines of this file: ${r.error.message}`, { repo, file: path });
              return null;
            })
          : Promise.resolve(null);
      blames.set(path, pending);
    }
    return pending;
  };

  const lastChange = (path: string): Change => {
    if (uncommitted.has(path)) return UNCOMMITTED;
    if (!index) return { status: 'unknown', reason: 'the history of this repository could not be read' };
    const c = index.lastChange(path);
    if (c) return { status: 'known', commit: c };
    if (index.isTruncated(path)) return { status: 'unknown', reason: shallowReason };
    if (git.head === null) return { status: 'unknown', reason: 'the repository has no commits yet' };
    return { status: 'unknown', reason: 'no commit that changed this file was found' };
  };

  const repoHistory: RepoHistory = {
    repo,
    lastChange,
    async lastChangeOfLines(path, lines) {
      if (uncommitted.has(path)) return UNCOMMITTED;
      if (!index) return lastChange(path);
      const blame = await blameOf(path);
      if (!blame) return lastChange(path);
      const commit = lastChangeOfLines(index, blame, lines);
      // Null: every line is older than the shallow boundary (or outside the file).
      if (commit) return { status: 'known', commit };
      return index.shallow.isShallow ? { status: 'unknown', reason: shallowReason } : lastChange(path);
    },
    changes(path, limit) {
      return index ? index.changesOf(path).slice(0, limit) : [];
    },
    formerPaths(path) {
      return index ? index.formerPaths(path) : [];
    },
    order(sha) {
      return index?.order.get(sha) ?? Number.MAX_SAFE_INTEGER;
    },
    recent(limit) {
      if (!index) return [];
      const out: Commit[] = [];
      for (const c of index.commits.values()) {
        if (out.length >= limit) break;
        if (!boundary.has(c.sha)) out.push(c);
      }
      return out;
    },
    contributors(limit) {
      if (!index) return [];
      const counts = new Map<string, { name: string; email: string; bot: boolean; changes: number }>();
      for (const c of index.commits.values()) {
        for (const p of [c.author, ...c.coAuthors]) {
          const key = p.email.toLowerCase() || p.name;
          const entry = counts.get(key) ?? { name: p.name, email: p.email, bot: p.bot, changes: 0 };
          entry.changes++;
          counts.set(key, entry);
        }
      }
      return [...counts.values()].sort((a, b) => b.changes - a.changes || a.name.localeCompare(b.name)).slice(0, limit);
    },
  };

  return {
    repoHistory,
    commit: (sha) => index?.commits.get(sha) ?? null,
    close: async () => {
      blames.clear();
    },
  };
}
