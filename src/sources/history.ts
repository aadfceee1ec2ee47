// A repository's history as the provenance stage sees it (RepoHistory): the history index for
// files, blame for line ranges, and the rules that keep provenance never wrong, at worst unknown.

import { cachedHistoryIndex, getBlame, putBlame, type CacheStore } from '../cache/index.ts';
import { sha256 } from '../cache/store.ts';
import type { GitRepo } from '../git/repo.ts';
import { lastChangeOfLines, type FileBlame } from '../history/blame.ts';
import { IGNORE_REVS_FILE, loadIgnoreRevs } from '../history/ignore-revs.ts';
import { buildHistoryIndex, type HistoryIndex } from '../history/index.ts';
import { logBlame, type LogBlameFile } from '../history/log-blame.ts';
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
  /**
   * Commits section provenance skips like `git blame --ignore-revs-file` (the `history.ignoreRevs`
   * list), besides the repository's `.git-blame-ignore-revs` at the built commit.
   */
  ignoreRevs?: readonly string[];
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
  // Blame per file at the built commit: every file asked for up front in one pass of the
  // one-pass engine (prepareLines), others one pass each; cached across builds by blob and last
  // change (cache/blame.ts), so an incremental build blames only the files a merge touched.
  const blames = new Map<string, Promise<FileBlame | null>>();
  let ignored: Promise<{ revs: string[]; digest: string }> | null = null;
  const ignoreRevs = (head: string): Promise<{ revs: string[]; digest: string }> =>
    (ignored ??= loadIgnoreRevs(git, head, options.ignoreRevs ?? []).then(({ revs, problems }) => {
      for (const p of problems) {
        const where = p.source === 'file' ? { file: IGNORE_REVS_FILE, line: p.line } : {};
        diagnostics.warn('W_IGNORE_REVS_INVALID', `ignored revision ${p.source === 'file' ? `on line ${p.line}` : `#${p.line} of history.ignoreRevs`} skipped: ${p.message}`, {
          repo,
          ...where,
          hint: 'List full commit ids, one per line (git log --format=%H -1 <rev>).',
        });
      }
      return { revs, digest: revs.length > 0 ? sha256(...revs) : '' };
    }));

  const blameAll = async (paths: string[]): Promise<Map<string, FileBlame | null>> => {
    const out = new Map<string, FileBlame | null>();
    const head = git.head;
    if (!head || !index) return out;
    const { revs, digest } = await ignoreRevs(head);
    const keys = new Map<string, Parameters<typeof getBlame>[1] | null>();
    const misses: LogBlameFile[] = [];
    for (const path of paths) {
      const blob = options.blobs.get(path);
      if (!blob) continue; // not a file at the built commit
      // Persistent blame needs the file's blob and last change (its key); see cache/blame.ts.
      const last = !index.shallow.isShallow ? index.lastChange(path) : null;
      const key = options.cache && last ? { repo, path, blob, lastChange: last.sha, ...(digest ? { ignoreRevs: digest } : {}) } : null;
      const stored = key ? getBlame(options.cache!, key, head) : null;
      if (stored) out.set(path, stored);
      else {
        keys.set(path, key);
        misses.push({ path, blob, formerPaths: index.formerPaths(path) });
      }
    }
    if (misses.length === 0) return out;
    let result: Awaited<ReturnType<typeof logBlame>>;
    try {
      result = await logBlame(git, { head, files: misses, ignoreRevs: revs });
    } catch (err) {
      // A defect, not bad input: the pages still build, with file-level provenance for sections.
      diagnostics.warn('W_GIT_BLAME', `could not attribute the lines of ${misses.length} file(s): ${err instanceof Error ? err.message : String(err)}`, { repo });
      return out;
    }
    for (const { path } of misses) {
      const b = result.blames.get(path);
      if (!b) {
        const failure = result.failures.get(path);
        diagnostics.warn('W_GIT_BLAME', `could not attribute the lines of this file: ${failure?.message ?? 'no blame'}`, { repo, file: path });
        continue;
      }
      const blame: FileBlame = { sha: head, path, blob: b.blob, lines: b.lines, ...(b.unignored ? { unignored: b.unignored } : {}) };
      const key = keys.get(path);
      if (key) putBlame(options.cache!, key, blame);
      out.set(path, blame);
    }
    const { fallbacks } = result.stats;
    if (fallbacks.length > 0) {
      diagnostics.info('I_BLAME_FALLBACK', `${fallbacks.length} of ${misses.length} file(s) were blamed by git blame itself, not the one-pass engine (first: ${fallbacks[0]!.path}: ${fallbacks[0]!.reason})`, {
        repo,
        hint: 'Slower, same answer. Usually blobs missing from a partial clone; a full clone avoids it.',
      });
    }
    return out;
  };

  const prepareLines = async (paths: string[]): Promise<void> => {
    const todo = [...new Set(paths)].filter((p) => !blames.has(p) && !uncommitted.has(p));
    if (todo.length === 0) return;
    const batch = blameAll(todo);
    for (const p of todo) blames.set(p, batch.then((m) => m.get(p) ?? null));
    await batch;
  };

  const blameOf = async (path: string): Promise<FileBlame | null> => {
    if (!blames.has(path)) await prepareLines([path]);
    return (await blames.get(path)) ?? null;
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
    prepareLines,
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
