// Line-level attribution for sections (DESIGN §3): the last change among some lines of a file is
// the newest blamed commit among them in history order. Every file with line ranges is blamed up
// front (`prepare`), in one `git log -p --first-parent` pass per repository
// (src/history/log-blame.ts, line for line what `git blame --first-parent` says), and kept across
// builds by blob and last change (src/history/blame-cached.ts). Revisions listed in the
// repository's `.git-blame-ignore-revs` (at the built commit) or in `history.ignoreRevs` are
// skipped like `git blame --ignore-revs-file` skips them.

import type { Store } from '../cache/index.ts';
import type { GitRepo } from '../git/repo.ts';
import { getBlame, putBlame, type BlameKey } from '../history/blame-cached.ts';
import { lastChangeOfLines, type FileBlame } from '../history/blame.ts';
import { IGNORE_REVS_FILE, loadIgnoreRevs } from '../history/ignore-revs.ts';
import { logBlame, type LogBlameFile, type LogBlameResult } from '../history/log-blame.ts';
import { formerPaths, isUncommitted, lastChange, shallowReason } from '../history/query.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { Change, RepoHistory } from '../model/history.ts';
import type { RepoSnapshot } from '../model/snapshot.ts';
import { sha256 } from '../utils/digest.ts';

const UNCOMMITTED: Change = { status: 'uncommitted', reason: 'this file has changes that are not committed yet' };

export interface LineAttribution {
  /** Blames these files up front, in one pass; `lastChangeOfLines` works without it (one pass per file). */
  prepare(paths: readonly string[]): Promise<void>;
  /** Last change among lines `[start, end]` of a file at the built commit. */
  lastChangeOfLines(path: string, lines: [number, number]): Promise<Change>;
}

export interface LineAttributionOptions {
  /** Commits to skip like `git blame --ignore-revs-file` (`history.ignoreRevs`), besides the repository's file. */
  ignoreRevs?: readonly string[];
}

interface IgnoredRevs {
  revs: string[];
  /** Joins the blame cache key when there are any (they change the answer). */
  digest: string;
}

export function lineAttribution(git: GitRepo, snapshot: RepoSnapshot, history: RepoHistory, store: Store | null, diagnostics: Diagnostics, options: LineAttributionOptions = {}): LineAttribution {
  const repo = snapshot.id;
  const blobs = new Map(snapshot.files.map((f) => [f.path, f.blob]));
  // Blame per file at the built commit, computed once per run.
  const blames = new Map<string, Promise<FileBlame | null>>();

  let ignored: Promise<IgnoredRevs> | null = null;
  const ignoreRevs = (head: string): Promise<IgnoredRevs> =>
    (ignored ??= loadIgnoreRevs(git, head, options.ignoreRevs ?? []).then(({ revs, problems }) => {
      for (const p of problems) {
        const where = p.source === 'file' ? { file: IGNORE_REVS_FILE, line: p.line } : {};
        const what = p.source === 'file' ? `line ${p.line} of ${IGNORE_REVS_FILE}` : `entry ${p.line} of history.ignoreRevs`;
        diagnostics.warn('W_IGNORE_REVS_INVALID', `${what} is skipped: ${p.message}`, { repo, ...where });
      }
      return { revs, digest: revs.length > 0 ? sha256(...revs) : '' };
    }));

  const blameAll = async (paths: readonly string[]): Promise<Map<string, FileBlame>> => {
    const out = new Map<string, FileBlame>();
    const head = git.head;
    if (!head || history.failure !== null) return out;
    const { revs, digest } = await ignoreRevs(head);
    const keys = new Map<string, BlameKey | null>();
    const misses: LogBlameFile[] = [];
    for (const path of paths) {
      const blob = blobs.get(path);
      if (!blob) continue; // not a file at the built commit
      // Persistent blame needs the file's blob and last change (its key); see history/blame-cached.ts.
      const last = !history.shallow ? lastChange(history, path) : null;
      const key: BlameKey | null = store && last?.status === 'known' ? { repo, path, blob, lastChange: last.commit.sha, ...(digest ? { ignoreRevs: digest } : {}) } : null;
      const stored = key ? getBlame(store!, key, head) : null;
      if (stored) out.set(path, stored);
      else {
        keys.set(path, key);
        misses.push({ path, blob, formerPaths: formerPaths(history, path) });
      }
    }
    if (misses.length === 0) return out;
    let result: LogBlameResult;
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
      if (key) putBlame(store!, key, blame);
      out.set(path, blame);
    }
    const { fallbacks } = result.stats;
    if (fallbacks.length > 0) {
      const first = fallbacks[0]!;
      diagnostics.info('I_BLAME_FALLBACK', `${fallbacks.length} of ${misses.length} file(s) were blamed by git blame itself, not in the one pass (first: ${first.path}: ${first.reason})`, { repo });
    }
    return out;
  };

  const prepare = async (paths: readonly string[]): Promise<void> => {
    const todo = [...new Set(paths)].filter((p) => !blames.has(p) && !isUncommitted(history, p)).sort();
    if (todo.length === 0) return;
    const batch = blameAll(todo);
    for (const p of todo) blames.set(p, batch.then((m) => m.get(p) ?? null));
    await batch;
  };

  const blameOf = async (path: string): Promise<FileBlame | null> => {
    if (!blames.has(path)) await prepare([path]);
    return (await blames.get(path)) ?? null;
  };

  return {
    prepare,
    async lastChangeOfLines(path, lines) {
      if (isUncommitted(history, path)) return UNCOMMITTED;
      if (history.failure !== null) return lastChange(history, path);
      const blame = await blameOf(path);
      if (!blame) return lastChange(history, path);
      const commit = lastChangeOfLines(history, blame, lines);
      // Null: every line is older than the shallow boundary (or outside the file).
      if (commit) return { status: 'known', commit };
      return history.shallow ? { status: 'unknown', reason: shallowReason(history) } : lastChange(history, path);
    },
  };
}
